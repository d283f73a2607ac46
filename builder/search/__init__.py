"""Search: the articles as the search index holds them, and the Pagefind index.

Renderer-agnostic: any renderer's site gets the same index (`pagefind`); each renderer
adapter connects its search box to it (builder/render/).
"""
