"""Editorial sidecars: an editor's corrections to a parsed issue (`<stem>.yml`)."""
