"""The Zensical adapter: the pipeline's pages written to a folder and built by Zensical.

Zensical (by Material's authors) reads mkdocs.yml but has no plugin API, ignores hooks,
has no virtual files and renders templates with MiniJinja (no Python calls). So the
pages are written as files into a work folder (`<cache>/zensical/`) with a copy of the
project's mkdocs.yml pointing at them, Zensical builds that, and the search index of the
same search records is added, behind the same search box as the MkDocs site.
"""
