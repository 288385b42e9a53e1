"""End to end on the seed: tiny random model + glossary/ → every named entity's required form, first
mentions in full, later mentions short, reported per term and recorded in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app
from translate.document import BlockKind, read_document
from translate.engines.base import DecodingSettings
from translate.glossary import TermMatcher, load_glossary
from translate.pipeline import translate_document
from translate.records import Run, read_run, run_to_jsonl

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary"


@pytest.fixture(scope="module")
def seed_run(tiny_model_dir: Path, seed_path: Path) -> Run:
    from translate.engines import load_engine

    # Greedy with a short output cap: the random model never stops by itself.
    engine = load_engine(str(tiny_model_dir), settings=DecodingSettings(beam_size=1, length_ratio=0.5, length_extra=4, device="cpu"))
    return translate_document(read_document(seed_path), engine, glossary=TermMatcher(load_glossary(GLOSSARY)))


def test_every_term_has_its_required_form_in_the_target(seed_run: Run, seed_path: Path) -> None:
    text = read_document(seed_path).text
    terms = [(pair, term) for pair in seed_run.pairs for term in pair.terms]
    assert len(terms) >= 50
    for pair, term in terms:
        assert pair.target[term.target_start : term.target_end] == term.required
        assert text[term.source_start : term.source_end] == term.surface
        assert term.status in ("model", "repaired", "forced")


@pytest.mark.parametrize(
    ("entity", "full", "short"),
    [
        ("لافروف", "Sergei Lavrov", "Lavrov"),
        ("بوتين", "Vladimir Putin", "Putin"),
        ("مدفيدف", "Dmitry Medvedev", "Medvedev"),
        ("كارتر", "Ashton Carter", "Carter"),
        ("شوج", "Zaur Shoujan", "Shoujan"),
        ("الأسد", "Bashar al-Assad", "Assad"),
    ],
)
def test_people_full_on_first_mention_short_after(seed_run: Run, entity: str, full: str, short: str) -> None:
    mentions = [(pair, term) for pair in seed_run.pairs for term in pair.terms if term.entry_en == full]
    assert mentions, f"{entity} is in the seed"
    body = [(pair, term) for pair, term in mentions if pair.kind is not BlockKind.HEADLINE]
    assert body[0][1].mention == "first" and body[0][1].required == full and full in body[0][0].target
    for pair, term in body[1:]:
        assert term.mention == "later" and term.required == short
    for pair, term in mentions:
        assert f"{full} {short}" not in pair.target


def test_the_headline_uses_the_short_form(seed_run: Run) -> None:
    headline = seed_run.pairs[0]
    assert headline.kind is BlockKind.HEADLINE
    assert [(term.required, term.mention) for term in headline.terms] == [("Lavrov", "headline"), ("Washington", "headline"), ("Syria", "headline")]


@pytest.mark.parametrize(
    ("english", "count"),
    [("State Duma", 2), ("(EPA)", 1), ("Al Jazeera", 3), ("Russia Today", 1), ("Islamic State", 3), ("Russian Defence Ministry", 1), ("Middle East", 1)],
)
def test_organisations_media_and_credit(seed_run: Run, english: str, count: int) -> None:
    pairs = [pair for pair in seed_run.pairs for term in pair.terms if term.required == english]
    assert len(pairs) == count
    assert all(english in pair.target for pair in pairs)


def test_english_caption_passes_through_untouched(seed_run: Run) -> None:
    caption = [pair for pair in seed_run.pairs if pair.passthrough]
    assert len(caption) == 1 and caption[0].target == caption[0].source and caption[0].terms == ()


def test_manifest_and_jsonl_round_trip(seed_run: Run, tmp_path: Path) -> None:
    assert seed_run.manifest.glossary["entries"] == len(load_glossary(GLOSSARY))
    assert seed_run.manifest.glossary["digest"] == load_glossary(GLOSSARY).digest
    path = tmp_path / "run.jsonl"
    path.write_text(run_to_jsonl(seed_run), encoding="utf-8")
    assert read_run(path).pairs == seed_run.pairs


def test_run_command_with_glossary(tiny_model_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "short.txt"
    article.write_text("لافروف: واشنطن رفضت\n\nوأكد سيرغي لافروف أمام مجلس الدوما أن موسكو مستعدة.\n\nووصف لافروف رد واشنطن.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "-m", str(tiny_model_dir), "-g", str(GLOSSARY), "--beam", "1", "-o", str(tmp_path / "out"), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "7 glossary terms enforced:" in result.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "short.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["glossary"]["files"] == [str(GLOSSARY / "news.tsv")]
    terms = [term for record in records[1:] for term in record["terms"]]
    assert [term["required"] for term in terms] == ["Lavrov", "Washington", "Sergei Lavrov", "State Duma", "Moscow", "Lavrov", "Washington"]
    for record in records[1:]:
        for term in record["terms"]:
            assert term["required"] in record["target"]


def test_run_command_reports_a_bad_glossary_before_loading_a_model(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("ar\ten\nالقاهرة\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("القاهرة\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "-m", str(tmp_path / "no-model"), "-g", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}:2: expected 2 tab-separated fields" in result.stderr
