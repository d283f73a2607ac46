"""Render: one adapter per static site generator, the only code that knows one."""

ESCAPED_META = ("title", "subtitle", "issue_title", "column")
"""Front-matter values that themes print raw: Material prints `page.meta.title` unescaped
(in <title> and the header), and Zensical's MiniJinja does not escape either. Every
adapter HTML-escapes these values once, as it hands a page to its renderer."""
