"""The MkDocs adapter (MkDocs 1.6 and ProperDocs, with Material for MkDocs).

Every use of a private MkDocs, Material or Python-Markdown internal lives here.
"""
