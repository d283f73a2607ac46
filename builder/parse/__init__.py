"""Parse: an issue's text → Issue (columns → articles), and every issue of the archive.

Stages, in order: `lines` (source lines, export shape), `contents` (the 目录 block),
`noise` (page furniture), `reflow` (units), `headings` and `structure` (articles),
`dates`, `slugs`; `issue` runs them on one file, `archive` on every file (cached,
in parallel). `columns` loads the newsletter's columns, `text` holds shared predicates.
"""
