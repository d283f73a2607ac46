"""qikan builder: raw newsletter issues → Markdown pages for MkDocs + Material."""

__version__ = "0.1.0"
