"""Bytes in: local files, the list of web sources, the polite HTTP fetcher, the raw store, linked documents."""
