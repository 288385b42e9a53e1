"""Documents rendered as a reader sees them: headless LibreOffice turns a ``.docx``/``.odt``/``.html``
into a PDF and poppler's ``pdftotext -bbox-layout`` gives every line's words and where it sits on
the page. Tests and ``scripts/eval_documents.py`` use it to check that an English document reads
left to right (its lines start at the left margin), not as a mirrored Arabic one.

Both tools come from Debian (``libreoffice-writer-nogui``, ``poppler-utils``); :func:`renderer_missing`
says which one is absent so a test can skip with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = ["RenderedLine", "render_lines", "renderer_missing"]

_TIMEOUT_S = 180


@dataclass(frozen=True)
class RenderedLine:
    """One rendered line: its words joined by spaces, its left and right edge as a share of the page
    width (0 = left edge, 1 = right edge), and its page (1-based)."""

    text: str
    left: float
    right: float
    page: int


def renderer_missing() -> str | None:
    """Why documents cannot be rendered here (the missing program), or None."""
    for program in ("soffice", "pdftotext"):
        if shutil.which(program) is None:
            return f"{program} is not installed (Debian: libreoffice-writer-nogui, poppler-utils)"
    return None


def render_lines(document: Path, work: Path) -> list[RenderedLine]:
    """The lines of ``document`` as LibreOffice lays it out (a private profile under ``work``, so
    renders can run side by side)."""
    work.mkdir(parents=True, exist_ok=True)
    profile = (work / "profile").resolve().as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(document)]
    subprocess.run(command, check=True, capture_output=True, timeout=_TIMEOUT_S)
    pdf = work / (document.stem + ".pdf")
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, timeout=_TIMEOUT_S).stdout
    root = etree.fromstring(layout, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    lines: list[RenderedLine] = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        width = float(page.get("width"))
        for line in page.iter("{*}line"):
            words = [word.text or "" for word in line.iter("{*}word")]
            lines.append(RenderedLine(" ".join(words), float(line.get("xMin")) / width, float(line.get("xMax")) / width, number))
    return lines
