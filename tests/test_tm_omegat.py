"""A real CAT tool reads what we write: OmegaT (console mode) fills every segment of the seed from our
TMX export once the project uses docs/omegat/filters.xml."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

ROOT = Path(__file__).resolve().parent.parent
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0"><source_dir>source</source_dir><source_dir_excludes/><target_dir>target</target_dir>
<tm_dir>tm</tm_dir><glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file><dictionary_dir>dictionary</dictionary_dir>
<source_lang>ar</source_lang><target_lang>en</target_lang><source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok><sentence_seg>true</sentence_seg>
<support_default_translations>true</support_default_translations><remove_tags>false</remove_tags></project></omegat>
"""

pytestmark = pytest.mark.skipif(
    not (OMEGAT_JAR.is_file() and shutil.which("java")), reason="OmegaT is not installed (apt-get install -y omegat; CI installs it)"
)


@pytest.fixture(scope="module")
def seed_tmx(seed_path: Path, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("omegat-run")
    result = CliRunner().invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "--no-cache", "-f", "jsonl,tmx", "--quiet"])
    assert result.exit_code == 0, result.output
    return out / f"{seed_path.stem}.tmx"


def remaining_segments(project: Path, seed_path: Path, tmx: Path, filters: Path | None) -> tuple[int, int]:
    for folder in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / folder).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    shutil.copy(seed_path, project / "source")
    shutil.copy(tmx, project / "tm" / "auto" / "seed.tmx")  # tm/auto: exact matches are inserted
    if filters is not None:
        shutil.copy(filters, project / "omegat" / "filters.xml")
    completed = subprocess.run(
        ["java", "-jar", str(OMEGAT_JAR), str(project), "--mode=console-translate", f"--config-dir={project / 'config'}"], capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = re.search(r"^Total:\s+(\d+)", stats, re.M)
    remaining = re.search(r"^Remaining:\s+(\d+)", stats, re.M)
    return int(total.group(1)), int(remaining.group(1))


def test_default_text_filter_joins_subheadings_to_their_paragraph(tmp_path: Path, seed_path: Path, seed_tmx: Path) -> None:
    total, remaining = remaining_segments(tmp_path / "plain", seed_path, seed_tmx, None)
    # 23 lines become 21 segments: the two sub-headings are glued to the paragraph under them.
    assert (total, remaining) == (21, 2)


def test_shipped_filters_make_every_segment_match(tmp_path: Path, seed_path: Path, seed_tmx: Path) -> None:
    total, remaining = remaining_segments(tmp_path / "shipped", seed_path, seed_tmx, ROOT / "docs" / "omegat" / "filters.xml")
    assert (total, remaining) == (23, 0)
