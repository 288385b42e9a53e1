"""Content-Security-Policy hash sources: the pages we write (the HTML export, the review page, the
API's web page) admit only their own inline script and style, pinned by these hashes."""

from __future__ import annotations

import base64
import hashlib

__all__ = ["hash_source"]


def hash_source(text: str) -> str:
    """``'sha256-…'`` of ``text`` as a CSP ``script-src``/``style-src`` source."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
