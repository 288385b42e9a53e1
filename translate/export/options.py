"""Settings shared by the exporters: the locales the CAT formats declare.

CAT tools match translation memories by locale, so a team that files its memories under ``ar-SA`` /
``en-US`` needs the TMX and XLIFF to say exactly that. The defaults are the bare languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from translate.postedit import PostEdit

__all__ = ["DEFAULT_SOURCE_LOCALE", "DEFAULT_TARGET_LOCALE", "ExportOptions", "parse_locale"]

DEFAULT_SOURCE_LOCALE = "ar"
DEFAULT_TARGET_LOCALE = "en"

# xsd:language (which XLIFF's source-language/target-language use) — a BCP 47 shape: a primary
# subtag of letters and optional alphanumeric subtags, each 1–8 characters.
_LOCALE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def parse_locale(value: str) -> str:
    """``"ar-SA"`` → ``"ar-SA"``; raises ``ValueError`` for anything that is not a language tag."""
    tag = value.strip().replace("_", "-")
    if not _LOCALE.fullmatch(tag):
        raise ValueError(f"{value!r} is not a language tag; use one such as ar, ar-SA, en or en-US")
    return tag


@dataclass(frozen=True)
class ExportOptions:
    source_locale: str = DEFAULT_SOURCE_LOCALE
    target_locale: str = DEFAULT_TARGET_LOCALE
    #: Post-edits by pair id, when exporting an edited article (``export --post-edits``): the run's
    #: targets are then the editors' text, and XLIFF/TMX record the machine's text and who changed it.
    post_edits: Mapping[int, PostEdit] = field(default_factory=dict, hash=False, compare=False)
    #: The original document's bytes, for the ``doc`` format (None: the file the manifest names).
    original: bytes | None = field(default=None, hash=False, compare=False, repr=False)
    #: The original's paragraphs as the run read them (a :class:`translate.formats.layout.Layout`):
    #: the writer then need not read the document again.
    layout: object | None = field(default=None, hash=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Validated here too, so a library caller cannot write a TMX/XLIFF that fails its schema.
        for locale in (self.source_locale, self.target_locale):
            if not _LOCALE.fullmatch(locale):
                raise ValueError(f"{locale!r} is not a language tag; use one such as ar, ar-SA, en or en-US")
