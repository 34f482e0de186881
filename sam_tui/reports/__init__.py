"""Reports: plain report data built from services, and renderers for text, md, html and json."""
