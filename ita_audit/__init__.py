"""ita-audit: reproducible audit notebooks for Thailand's Integrity and Transparency Assessment."""

__version__ = "0.1.0"
