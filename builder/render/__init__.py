"""Render: one adapter per static site generator, the only code that knows one."""
