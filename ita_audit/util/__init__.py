"""The bottom layer's helpers: where files live, reading sources and delimited text, atomic
writes, safe URLs."""
