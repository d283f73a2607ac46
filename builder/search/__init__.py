"""Search: the articles as the search index holds them, and the Pagefind index.

Renderer-agnostic: any renderer's site gets the same index (`pagefind`) and the
same browser worker (`assets/pagefind-worker.js`).
"""
