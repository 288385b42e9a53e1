"""The API's web page at ``/`` (LibreTranslate has one; ``--disable-web-ui`` turns ours off): paste or
upload Arabic, see the English beside it sentence by sentence with glossary names highlighted and each
sentence's score and flags, copy the English, download the bilingual TSV and TMX (made in the page from
the answer's ``segments``) or the translated file.

One self-contained document from ``api_assets/`` (no CDN, no font or script from elsewhere); every
string of an answer reaches it as text, and its Content-Security-Policy admits only its own inline style
and script (pinned by hash), requests to its own origin, and the ``blob:`` downloads it makes.
"""

from __future__ import annotations

from functools import lru_cache

from translate.csp import hash_source
from translate.server.pages import read_asset

__all__ = ["content_security_policy", "page"]


@lru_cache(maxsize=1)
def page() -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>translate — Arabic to English</title>\n<style>{read_asset('api_assets', 'page.css')}</style>\n</head>\n<body>{read_asset('api_assets', 'page.html')}<script>{read_asset('api_assets', 'page.js')}</script>\n</body>\n</html>\n"
    )


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    return (
        f"default-src 'none'; style-src {hash_source(read_asset('api_assets', 'page.css'))}; script-src {hash_source(read_asset('api_assets', 'page.js'))}; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
