"""The API's web page at ``/`` (LibreTranslate has one; ``--disable-web-ui`` turns ours off): paste or
upload Arabic, see the English beside it sentence by sentence with glossary names highlighted and each
sentence's score and flags, copy the English, download the bilingual TSV and TMX (made in the page from
the answer's ``segments``) or the translated file.

One self-contained document from ``api_assets/`` (no CDN, no font or script from elsewhere); every
string of an answer reaches it as text, and its Content-Security-Policy admits only its own inline style
and script (pinned by hash), requests to its own origin, and the ``blob:`` downloads it makes.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources

__all__ = ["content_security_policy", "page"]


def _asset(name: str) -> str:
    return resources.files("translate.server").joinpath("api_assets").joinpath(name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=1)
def page() -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>translate — Arabic to English</title>\n<style>{_asset('page.css')}</style>\n</head>\n<body>{_asset('page.html')}<script>{_asset('page.js')}</script>\n</body>\n</html>\n"
    )


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    return (
        f"default-src 'none'; style-src {_hash(_asset('page.css'))}; script-src {_hash(_asset('page.js'))}; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
