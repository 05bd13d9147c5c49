"""One module per page; each wraps the core service it shows, passed in its constructor."""
