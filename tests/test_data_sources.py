"""The independent data vendored in data/ is what data/SOURCES.md says it is (each file's checksum), with
its licence beside it, and is where the tests and scripts read it from."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from translate.testing.corpora import REPO_DATA, data_dir, schemas_dir

ROOT = Path(__file__).resolve().parent.parent


def test_every_vendored_file_has_the_checksum_sources_gives() -> None:
    table = (REPO_DATA / "SOURCES.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", table, re.M)
    assert {path for path, _ in rows} == {"ntrex-dev/articles.jsonl", "ud-arabic-pud/ar_pud-ud-test.conllu", "schemas/tmx14.dtd", "schemas/xliff-core-1.2-strict.xsd", "schemas/xml.xsd"}
    for path, digest in rows:
        assert hashlib.sha256((REPO_DATA / path).read_bytes()).hexdigest() == digest, path


def test_licences_sit_beside_the_data_and_the_readers_use_the_repository_copy() -> None:
    assert "Attribution-ShareAlike 4.0" in (REPO_DATA / "ntrex-dev" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in (REPO_DATA / "ud-arabic-pud" / "LICENSE.ar_pud.txt").read_text(encoding="utf-8") or "Attribution-ShareAlike 3.0" in (REPO_DATA / "ud-arabic-pud" / "LICENSE.ar_pud.txt").read_text(encoding="utf-8")
    assert data_dir() == REPO_DATA and schemas_dir() == REPO_DATA / "schemas"
    for script in ("eval_alignment", "eval_segmentation", "eval_quality", "fit_quality", "eval_glossary_context"):
        assert "data_dir()" in (ROOT / "scripts" / f"{script}.py").read_text(encoding="utf-8"), script
