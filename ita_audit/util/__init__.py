"""The bottom layer's helpers: where files live, reading sources, atomic writes, safe URLs."""
