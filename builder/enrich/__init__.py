"""Enrich: words once per article (`segment`), then tags, topics and related articles.

`enrichment` runs it over the archive; `vocab` loads the curated data it uses.
"""
