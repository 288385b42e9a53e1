"""`translate glossary check` and `translate glossary convert`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from translate.cli import app
from translate.document import read_document
from translate.glossary import load_glossary

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary"


def test_check_jsonl_lists_every_match_with_offsets(seed_path: Path) -> None:
    result = CliRunner().invoke(app, ["glossary", "check", str(seed_path), "--glossary", str(GLOSSARY), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    text = read_document(seed_path).text
    assert len(records) == 55
    for record in records:
        assert text[record["start"] : record["end"]] == record["surface"]
        assert {"start", "end", "surface", "en", "required", "mention"} <= set(record)
    lavrov = [(r["surface"], r["required"], r["mention"]) for r in records if r["en"] == "Sergei Lavrov"]
    assert lavrov[:3] == [("لافروف", "Lavrov", "headline"), ("سيرغي لافروف", "Sergei Lavrov", "first"), ("لافروف", "Lavrov", "later")]
    assert ("(الأوروبية)", "(EPA)") in [(r["surface"], r["required"]) for r in records]


def test_check_text_format(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("بوتين في مصر\n\nوصل بوتين إلى القاهرة.\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("ar\ten\ten_short\nفلاديمير بوتين|بوتين\tVladimir Putin\tPutin\nالقاهرة\tCairo\t\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "check", str(article), "-g", str(glossary)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"0-5\tبوتين\tPutin\theadline\t{glossary}:2",
        f"18-23\tبوتين\tVladimir Putin\tfirst\t{glossary}:2",
        f"28-35\tالقاهرة\tCairo\tfirst\t{glossary}:3",
    ]


def test_check_reports_a_duplicate_term_with_both_lines(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("القاهرة\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("ar\ten\nالقاهرة\tCairo\nالقاهره\tAl-Qahira\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "check", str(article), "-g", str(glossary)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {glossary}:3: the Arabic term 'القاهره' is also defined at {glossary}:2 with a different English form "
        "('Cairo' there, 'Al-Qahira' here) — keep one of the two lines"
    )


def test_convert_writes_tbx_that_loads_back(tmp_path: Path) -> None:
    out = tmp_path / "names.tbx"
    result = CliRunner().invoke(app, ["glossary", "convert", "-g", str(GLOSSARY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [e.en for e in load_glossary(out).entries] == [e.en for e in load_glossary(GLOSSARY).entries]
