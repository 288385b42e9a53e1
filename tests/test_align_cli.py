"""`translate align` end to end: formats, coverage, bad inputs, encodings, glossary, --model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

DATA = Path(__file__).resolve().parent / "data" / "alignment"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def write_sides(folder: Path, name: str = "03_sport", english_encoding: str = "utf-8", english_newline: str = "\n", arabic_encoding: str = "utf-8", limit: int | None = None) -> tuple[Path, Path, int]:
    lines = (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[:limit]
    arabic = "\n".join(line.split("\t")[0] if line.strip() else "" for line in lines) + "\n"
    english = english_newline.join(line.split("\t")[1] if line.strip() else "" for line in lines) + english_newline
    ar_path, en_path = folder / "ar.txt", folder / "en.txt"
    ar_path.write_bytes(arabic.encode(arabic_encoding))
    en_path.write_bytes(english.encode(english_encoding))
    return ar_path, en_path, sum(1 for line in lines if line.strip())


def beads_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_presegmented_jsonl_covers_both_sides_one_to_one(runner, tmp_path) -> None:
    ar, en, count = write_sides(tmp_path)
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented"])
    assert result.exit_code == 0, result.output
    beads = beads_of(result.stdout)
    assert [(b["src"], b["tgt"]) for b in beads] == [([k], [k]) for k in range(count)]
    assert all(0 <= b["score"] <= 1 and 0 <= b["quality"]["score"] <= 100 for b in beads)
    assert beads[1]["source"].startswith("تأهل منتخب المغرب") and beads[1]["target"].startswith("Morocco reached")


def test_segmented_sides_cover_every_sentence_once(runner, tmp_path) -> None:
    ar, en, _ = write_sides(tmp_path, "01_diplomacy")
    result = runner.invoke(app, ["align", str(ar), str(en)])
    assert result.exit_code == 0, result.output
    beads = beads_of(result.stdout)
    sources = [i for b in beads for i in b["src"]]
    targets = [j for b in beads for j in b["tgt"]]
    assert sources == list(range(len(sources))) and targets == list(range(len(targets)))
    one_to_one = sum(1 for b in beads if len(b["src"]) == 1 and len(b["tgt"]) == 1)
    assert one_to_one >= 0.95 * len(beads)


def test_tsv_has_a_header_and_one_row_per_bead(runner, tmp_path) -> None:
    ar, en, count = write_sides(tmp_path)
    out = tmp_path / "beads.tsv"
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented", "--format", "tsv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["src", "tgt", "score", "quality", "flags", "arabic", "english"]
    assert len(rows) == count + 1
    assert rows[2].split("\t")[:2] == ["1", "1"]


@pytest.mark.parametrize(
    ("english_encoding", "english_newline", "arabic_encoding"),
    [
        ("utf-16", "\r\n", "utf-8"),
        ("utf-8-sig", "\r", "cp1256"),
        ("utf-8", "\r\n", "utf-8-sig"),
    ],
)
def test_different_encodings_and_line_endings_on_the_two_sides(runner, tmp_path, english_encoding, english_newline, arabic_encoding) -> None:
    # 05_floods: Windows-1256 has no Arabic decimal separator (٫), which other documents use.
    ar, en, count = write_sides(tmp_path, "05_floods", english_encoding, english_newline, arabic_encoding)
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented"])
    assert result.exit_code == 0, result.output
    beads = beads_of(result.stdout)
    assert [(b["src"], b["tgt"]) for b in beads] == [([k], [k]) for k in range(count)]
    assert not any("\r" in b["target"] for b in beads)


@pytest.mark.parametrize(
    ("arabic", "english", "message"),
    [
        ("en", "ar", "the files look swapped"),
        ("en", "en", "contains no Arabic text"),
        ("ar", "ar", "is Arabic, not English"),
        ("ar", "empty", "is empty"),
        ("empty", "en", "is empty"),
    ],
)
def test_bad_pairs_of_files_are_clear_errors(runner, tmp_path, arabic, english, message) -> None:
    ar, en, _ = write_sides(tmp_path)
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    files = {"ar": ar, "en": en, "empty": tmp_path / "empty.txt"}
    result = runner.invoke(app, ["align", str(files[arabic]), str(files[english])])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_one_side_ten_times_longer_still_covers_both(runner, tmp_path) -> None:
    ar, en, count = write_sides(tmp_path, "05_floods")
    short = tmp_path / "short.txt"
    short.write_text("\n".join(ar.read_text(encoding="utf-8").split("\n")[:4]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(short), str(en), "--presegmented"])
    assert result.exit_code == 0, result.output
    beads = beads_of(result.stdout)
    assert [j for b in beads for j in b["tgt"]] == list(range(count))
    assert [(b["src"], b["tgt"]) for b in beads if b["src"]] == [([0], [0]), ([1], [1]), ([2], [2])]
    # English with no Arabic is an addition, scored 0 so it sorts first.
    assert all(b["quality"]["flags"] == ["addition"] and b["quality"]["score"] == 0 for b in beads if not b["src"])


def test_glossary_terms_are_used_as_anchors(runner, tmp_path) -> None:
    ar = tmp_path / "ar.txt"
    en = tmp_path / "en.txt"
    ar.write_text("التقى زاور شوج بالوفد أمس.\nوقال إن الوضع صعب جدا في المدينة اليوم.\n", encoding="utf-8")
    en.write_text("Zaur Shouj met the delegation yesterday.\nHe said the situation in the city was very difficult today.\n", encoding="utf-8")
    glossary = tmp_path / "names.tsv"
    glossary.write_text("ar\ten\ttype\nزاور شوج\tZaur Shouj\tperson\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented", "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    assert [(b["src"], b["tgt"]) for b in beads_of(result.stdout)] == [([0], [0]), ([1], [1])]


def test_model_adds_mt_similarity_and_log_probabilities(runner, tmp_path, tiny_model_dir) -> None:
    ar, en, count = write_sides(tmp_path, "07_culture", limit=7)
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented", "--model", str(tiny_model_dir), "--device", "cpu"])
    assert result.exit_code == 0, result.output
    beads = beads_of(result.stdout)
    assert [j for b in beads for j in b["tgt"]] == list(range(count))
    paired = [b for b in beads if b["src"] and b["tgt"]]
    assert paired and all(b["quality"]["features"]["logprob_mean"] < 0 for b in paired)
    # A random tiny model translates nothing well: its log-probabilities are low everywhere.
    assert all("low-confidence" in b["quality"]["flags"] for b in paired)


def test_align_says_what_it_found_and_writes_the_side_by_side_page(runner, tmp_path) -> None:
    ar, en, count = write_sides(tmp_path)
    # One English sentence left out: a 1:0 bead in the summary and on the page.
    lines = en.read_text(encoding="utf-8").splitlines()
    dropped = next(i for i, line in enumerate(lines) if line.strip())
    en.write_text("\n".join(line for i, line in enumerate(lines) if i != dropped) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(ar), str(en), "--presegmented", "--format", "html", "--out", str(tmp_path / "beads.html")])
    assert result.exit_code == 0, result.output
    summary = result.stderr.strip().splitlines()[-1]
    import re

    found = re.match(r"(\d+) beads \(([^)]*)\) from (\d+) Arabic and (\d+) English sentences; (\d+) flagged; mean quality [\d.]+", summary)
    assert found, summary
    beads, kinds = int(found.group(1)), dict((kind, int(n)) for n, kind in (part.split(" ") for part in found.group(2).split(", ")))
    assert (int(found.group(3)), int(found.group(4))) == (count, count - 1) and sum(kinds.values()) == beads
    # Every sentence of both sides is in exactly one bead, and the dropped one is not a 1:1.
    assert sum(int(k.split(":")[0]) * n for k, n in kinds.items()) == count and sum(int(k.split(":")[1]) * n for k, n in kinds.items()) == count - 1
    assert kinds["1:1"] < beads
    page = (tmp_path / "beads.html").read_text(encoding="utf-8")
    assert page.count('<tr class="pair') == beads and 'dir="rtl" lang="ar"' in page
    assert all(f'<span class="kind">{kind.replace(":", "-")}</span>' in page for kind in kinds)
    assert "Content-Security-Policy" in page and "<script>" in page
    quiet = runner.invoke(app, ["align", str(ar), str(en), "--presegmented", "--quiet"])
    assert quiet.stderr == ""
