"""The servers' self-contained pages are built from files shipped in the package (``review_assets/``,
``api_assets/``), read once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["read_asset"]


@lru_cache(maxsize=None)
def read_asset(folder: str, name: str) -> str:
    """The text of ``translate/server/FOLDER/NAME``."""
    return resources.files("translate.server").joinpath(folder).joinpath(name).read_text(encoding="utf-8")
