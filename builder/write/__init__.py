"""Write: the archive → renderer-agnostic Markdown pages with front matter, and the feed.

`pages` makes every page, `markdown` escapes text, `charts` draws the topic charts,
`feed` the Atom feed, `output` writes a tree of pages safely.
"""
