"""Web addresses from untrusted pages: only absolute http(s) addresses are kept."""
from __future__ import annotations

import re

_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+\Z", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """Return the URL if it is an absolute http(s) URL, else None."""
    if not url:
        return None
    url = url.strip()
    return url if _HTTP_URL.match(url) else None
