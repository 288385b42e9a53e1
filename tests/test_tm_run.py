"""`translate run --tm` on the seed with the tiny real model: exact matches reused verbatim, fuzzy ones
suggested, every pair's origin recorded, older run files still readable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import read_document
from translate.records import Pair, TmMatch, TmProvenance, read_run
from translate.segment import segment_document

EXACT_EN = "Lavrov described Washington's response to his country's proposals in the field of counter-terrorism as unconstructive."
FUZZY_EN = "Russia's Defence Ministry said today that Russian aircraft struck forty 'terrorist targets' in Syria."


@pytest.fixture(scope="module")
def seed_sentences(seed_path: Path) -> dict[str, str]:
    segments = segment_document(read_document(seed_path))
    exact = next(s.text for s in segments if s.text.startswith("ووصف لافروف"))
    fuzzy = next(s.text for s in segments if s.text.startswith("وأعلنت وزارة الدفاع"))
    return {"exact": exact, "fuzzy": fuzzy}


@pytest.fixture(scope="module")
def tm_run(seed_path: Path, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory, seed_sentences: dict[str, str]):
    folder = tmp_path_factory.mktemp("tm-run")
    # The memory's version of the second sentence is one word away from the article's.
    one_word_away = seed_sentences["fuzzy"].replace("أربعين", "خمسين")
    assert one_word_away != seed_sentences["fuzzy"]
    units = "".join(
        f'<tu changeid="sara" changedate="20240102T030405Z"><tuv xml:lang="ar"><seg>{ar}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for ar, en in ((seed_sentences["exact"], EXACT_EN), (one_word_away, FUZZY_EN))
    )
    source = folder / "memory.tmx"
    source.write_text(f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ar" segtype="sentence" adminlang="en" datatype="plaintext" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>{units}</body></tmx>', encoding="utf-8")
    store = folder / "memory.sqlite3"
    runner = CliRunner()
    result = runner.invoke(app, ["tm", "import", str(source), "--tm", str(store)])
    assert result.exit_code == 0, result.output
    out = folder / "out"
    result = runner.invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(out), "--beam", "1", "--no-cache", "--tm", str(store), "-f", "jsonl,html,md,tsv"])
    assert result.exit_code == 0, result.output
    return {"run": read_run(out / f"{seed_path.stem}.jsonl"), "out": out, "store": store, "output": result.output, "source": source}


def pair_starting(run, prefix: str) -> Pair:
    return next(pair for pair in run.pairs if pair.source.startswith(prefix))


def test_exact_match_is_reused_verbatim(tm_run) -> None:
    pair = pair_starting(tm_run["run"], "ووصف لافروف")
    assert (pair.origin, pair.target) == ("tm", EXACT_EN)
    assert pair.tm is not None and pair.tm.score == 100 and pair.tm.provenance.editor == "sara"
    assert pair.logprob_mean is None  # never decoded
    assert pair.tm_suggestions == ()


def test_one_word_away_is_suggested_and_machine_translated(tm_run) -> None:
    pair = pair_starting(tm_run["run"], "وأعلنت وزارة الدفاع")
    assert pair.origin == "mt" and pair.tm is None and pair.target != FUZZY_EN
    ((suggestion),) = pair.tm_suggestions
    assert 75 <= suggestion.score <= 99 and suggestion.target == FUZZY_EN


def test_every_other_pair_says_where_its_english_came_from(tm_run) -> None:
    origins = [pair.origin for pair in tm_run["run"].pairs]
    assert origins.count("tm") == 1 and origins.count("passthrough") == 1 and origins.count("mt") == len(origins) - 2
    assert all(pair.origin == "passthrough" for pair in tm_run["run"].pairs if pair.passthrough)


def test_manifest_summary_and_usage_count(tm_run) -> None:
    assert tm_run["run"].manifest.tm == {"path": str(tm_run["store"]), "entries": 2, "min": 75}
    assert "1 reused from the memory" in tm_run["output"]
    header, row = (line.split("\t") for line in (tm_run["out"] / "run-summary.tsv").read_text(encoding="utf-8").splitlines())
    assert row[header.index("tm_reused")] == "1"
    result = CliRunner().invoke(app, ["tm", "stats", "--tm", str(tm_run["store"])])
    assert "reused\t1" in result.stdout


def test_search_finds_the_entry(tm_run, seed_sentences) -> None:
    result = CliRunner().invoke(app, ["tm", "search", seed_sentences["fuzzy"], "--tm", str(tm_run["store"])])
    assert result.exit_code == 0
    score, label, _, english, _ = result.stdout.splitlines()[0].split("\t")
    assert 75 <= int(score) <= 99 and english == FUZZY_EN and label in ("95–99", "85–94", "75–84")


def test_exports_mark_memory_pairs(tm_run, seed_path: Path) -> None:
    html = (tm_run["out"] / f"{seed_path.stem}.html").read_text(encoding="utf-8")
    assert 'class="tm-badge"' in html and "TM 100" in html and FUZZY_EN.replace("'", "&#x27;") in html
    markdown = (tm_run["out"] / f"{seed_path.stem}.md").read_text(encoding="utf-8")
    assert "TM 100" in markdown


def test_run_records_round_trip_and_old_files_read_as_machine(tmp_path: Path) -> None:
    from translate.document import BlockKind

    match = TmMatch(93, "س", "t", TmProvenance("a.tmx", "sara", None, "2024-01-01T00:00:00+00:00", 2))
    pair = Pair(1, 0, BlockKind.PARAGRAPH, "س", "t", 0, 1, "ar", False, origin="tm", tm=match, tm_suggestions=(match,))
    assert Pair.from_json(json.loads(json.dumps(pair.to_json()))) == pair
    old = {key: value for key, value in pair.to_json().items() if key not in ("origin", "tm", "tm_suggestions")}
    assert Pair.from_json(old).origin == "mt" and Pair.from_json({**old, "passthrough": True}).origin == "passthrough"
    with pytest.raises(TypeError):
        Pair.from_json({**pair.to_json(), "origin": "guess"})


def test_adding_or_dropping_the_memory_translates_again_and_the_same_memory_skips(tm_run, seed_path: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(tmp_path), "--beam", "1"]

    def status(*extra: str) -> str:
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == 0, result.output
        rows = (tmp_path / "run-summary.tsv").read_text(encoding="utf-8").splitlines()
        header = rows[0].split("\t")
        return rows[1].split("\t")[header.index("status")]

    assert status() == "translated"
    assert status("--tm", str(tm_run["store"])) == "translated"  # the memory was not consulted before
    assert status("--tm", str(tm_run["store"])) == "skipped"
    assert read_run(tmp_path / f"{seed_path.stem}.jsonl").manifest.tm["min"] == 75
    assert status("--tm", str(tm_run["store"]), "--tm-min", "90") == "translated"
    assert status() == "translated"


def test_a_memory_target_missing_a_required_name_is_flagged_not_rewritten(seed_path: Path, seed_sentences: dict[str, str], tiny_model_dir: Path, tmp_path: Path) -> None:
    # The memory's English for the Lavrov sentence says "the minister", not the house form "Lavrov".
    lacking = "The minister described Washington's response to his country's proposals as unconstructive."
    source = tmp_path / "memory.tsv"
    source.write_text(f"ar\ten\n{seed_sentences['exact']}\t{lacking}\n", encoding="utf-8")
    store = tmp_path / "memory.sqlite3"
    runner = CliRunner()
    assert runner.invoke(app, ["tm", "import", str(source), "--tm", str(store)]).exit_code == 0
    glossary = seed_path.parent.parent / "glossary"
    result = runner.invoke(app, ["run", str(seed_path), "--model", str(tiny_model_dir), "--out", str(tmp_path / "out"), "--beam", "1", "--glossary", str(glossary), "--tm", str(store)])
    assert result.exit_code == 0, result.output
    pair = pair_starting(read_run(tmp_path / "out" / f"{seed_path.stem}.jsonl"), "ووصف لافروف")
    assert (pair.origin, pair.target) == ("tm", lacking)
    lavrov = next(term for term in pair.terms if term.required.endswith("Lavrov"))
    assert (lavrov.status, lavrov.target_start) == ("tm", None)
    assert "glossary-missing" in pair.quality.flags


def test_tsv_and_docx_say_which_english_came_from_the_memory(tm_run, seed_path: Path, seed_sentences: dict[str, str]) -> None:
    import csv
    import io

    from docx import Document

    from translate.export.readers import read_tsv

    text = (tm_run["out"] / f"{seed_path.stem}.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    origins = {row["ar"]: row["origin"] for row in rows}
    assert origins[seed_sentences["exact"]] == "tm" and origins[seed_sentences["fuzzy"]] == "mt"
    assert len(read_tsv(text)) == len(tm_run["run"].pairs)
    old = "\n".join("\t".join(row.split("\t")[:6]) for row in text.splitlines()) + "\n"  # a TSV from before the column
    assert [pair.target for pair in read_tsv(old)] == [pair.target for pair in read_tsv(text)]
    result = CliRunner().invoke(app, ["export", str(tm_run["out"] / f"{seed_path.stem}.jsonl"), "-f", "docx", "-q"])
    assert result.exit_code == 0, result.output
    cells = [cell.text for table in Document(str(tm_run["out"] / f"{seed_path.stem}.docx")).tables for row in table.rows for cell in row.cells]
    assert any(EXACT_EN in cell and "TM 100 · score" in cell for cell in cells)
