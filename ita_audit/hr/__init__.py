"""The HR report audit: the OCSC annual HR report, every total, share and ratio re-derived."""
