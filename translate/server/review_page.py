"""The review page: one self-contained HTML document (no CDN, no network but its own API), built from
``review_assets/`` (``review.html``, ``review.css``, ``review.js``).

Every string from a run reaches the page through text nodes or a textarea's ``value`` — never
``innerHTML`` — with direction controls (U+202E and its kin) shown as ``[U+202E]`` instead of obeyed, and
the Content-Security-Policy admits only the page's inline style and script (pinned by hash) and requests
to its own origin, so an article string (``<script>``, ``<img onerror>``) cannot run. The token arrives
in the address (``?token=``, which the server needs to hand out the page, and which stays there so that
a reload works); the script sends it as ``Authorization: Bearer`` on every API call (the live-update
stream included: it is read with ``fetch``, not ``EventSource``, for that reason), and
``Referrer-Policy: no-referrer`` keeps the address from leaking anywhere.

Keyboard, as in MateCat, OmegaT and Weblate: Ctrl+Enter confirms the segment and moves to the next one,
Ctrl+↓ / Ctrl+↑ move, Esc puts back the last saved text (never during a conflict), Ctrl+Insert copies
the source, Ctrl+1/2/3 take a translation-memory suggestion, Alt+1…9 insert a glossary name, Ctrl+K
shows the concordance of the selection, Ctrl+F searches and replaces, Ctrl+G goes to a segment, ``?``
shows them all. Leaving a changed box saves it as a draft (unconfirmed).
"""

from __future__ import annotations

from functools import lru_cache

from translate.csp import hash_source
from translate.server.pages import read_asset

__all__ = ["BODY", "SCRIPT", "STYLE", "content_security_policy", "page"]


STYLE = read_asset("review_assets", "review.css")
BODY = read_asset("review_assets", "review.html")
SCRIPT = read_asset("review_assets", "review.js")


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    return f"default-src 'none'; style-src {hash_source(STYLE)}; script-src {hash_source(SCRIPT)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


@lru_cache(maxsize=1)
def page() -> str:
    return f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>translate review</title>\n<style>{STYLE}</style>\n</head>\n<body>{BODY}<script>{SCRIPT}</script>\n</body>\n</html>\n'
