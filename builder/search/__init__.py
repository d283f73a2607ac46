"""Search: the articles as the search index holds them (records), and qikan's own index of
them (index), which finds exactly the articles holding what a reader typed.

Renderer-agnostic: any renderer's site gets the same index and the same search script
(overrides/assets/javascripts/qikan-search.js); each renderer adapter puts the box in its
header and the index into its site (builder/render/).
"""
