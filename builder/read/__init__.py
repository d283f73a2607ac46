"""Read: a raw issue file → its text (encoding, BOM and line endings detected)."""
