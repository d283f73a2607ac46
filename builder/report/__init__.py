"""Reports for editors: `outline` (the parsed structure) and `check` (before publishing)."""
