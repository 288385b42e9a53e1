"""The HTML page, read back as a DOM (without a browser): structure, direction, escaping, scores,
glossary links, the flagged-only filter's data and the self-contained Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib

import lxml.html
import pytest

from export_samples import SCRIPT_SOURCE, SCRIPT_TARGET, BlockSpec, Sentence, build_run, sample_run
from translate.document import BlockKind
from translate.export import html
from translate.export.options import ExportOptions
from translate.records import QualityScore


@pytest.fixture(scope="module")
def page() -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html.render(sample_run()))


def _row(page, pair_id: int):
    return page.get_element_by_id(f"pair-{pair_id}")


def _cells(page, pair_id: int):
    row = _row(page, pair_id)
    return row.find_class("src")[0], row.find_class("tgt")[0]


@pytest.mark.parametrize(
    ("pair_id", "source_attrs", "target_attrs"),
    [
        (0, {"dir": "rtl", "lang": "ar"}, {"dir": "ltr", "lang": "en"}),
        (1, {"dir": "ltr", "lang": "en"}, {"dir": "ltr", "lang": "en"}),  # English caption, passed through
        (2, {"dir": "rtl", "lang": "ar"}, {"dir": "ltr", "lang": "en"}),
    ],
)
def test_cell_direction_and_language(page, pair_id: int, source_attrs: dict, target_attrs: dict) -> None:
    source, target = _cells(page, pair_id)
    assert {k: source.get(k) for k in source_attrs} == source_attrs
    assert {k: target.get(k) for k in target_attrs} == target_attrs


def test_locales_reach_lang_attributes() -> None:
    page = lxml.html.fromstring(html.render(sample_run(), ExportOptions("ar-SA", "en-US")))
    source, target = _cells(page, 2)
    assert (source.get("lang"), target.get("lang")) == ("ar-SA", "en-US")


@pytest.mark.parametrize(("pair_id", "tag"), [(0, "h1"), (1, "p"), (2, "p"), (4, "h2"), (7, "p")])
def test_headings_keep_their_level(page, pair_id: int, tag: str) -> None:
    source, target = _cells(page, pair_id)
    assert [child.tag for child in source] == [tag] and [child.tag for child in target] == [tag]


def test_article_script_renders_as_text(page) -> None:
    scripts = page.findall(".//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text
    source, target = _cells(page, 5)
    assert source.text_content() == SCRIPT_SOURCE
    assert target.text_content() == SCRIPT_TARGET


def test_hostile_manifest_and_flags_are_escaped() -> None:
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, (Sentence("نص", "text", quality=QualityScore(10, ('<img src=x onerror="alert(1)">',))),))])
    run = type(run)(type(run.manifest)(**{**run.manifest.__dict__, "input_path": '"><script>alert(1)</script>.txt'}), run.pairs)
    page = lxml.html.fromstring(html.render(run))
    assert len(page.findall(".//script")) == 1
    assert page.findall(".//img") == []
    assert page.find_class("flags")[0].text_content() == '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize(
    ("pair_id", "text", "band"),
    [(0, "91", "band-good"), (2, "38", "band-poor"), (4, "64", "band-fair"), (5, "no score", "band-none"), (1, "no score", "band-none")],
)
def test_score_number_and_colour(page, pair_id: int, text: str, band: str) -> None:
    score = _row(page, pair_id).find_class("score")[0]
    assert score.text_content() == text
    assert band in score.get("class").split()


def test_flags_and_filter_data(page) -> None:
    flagged = [row.get("data-pair") for row in page.find_class("pair") if "flagged" in row.get("class").split()]
    assert flagged == ["2", "4"]
    assert [li.text for li in _row(page, 2).findall(".//li")] == ["low_logprob", "length_ratio"]
    sections = [(tbody.get("data-block"), "has-flagged" in tbody.get("class").split()) for tbody in page.findall(".//tbody")]
    assert sections == [("0", False), ("1", False), ("2", True), ("3", True), ("4", False), ("5", False)]
    assert page.get_element_by_id("flagged-only").get("type") == "checkbox"


def test_glossary_terms_are_marked_on_both_sides_with_a_shared_key(page) -> None:
    marks = [(m.get("data-term"), m.get("data-side"), m.text_content()) for m in _row(page, 0).iter("mark")]
    assert marks == [
        ("t0-0", "source", "لافروف"),
        ("t0-1", "source", "واشنطن"),
        ("t0-0", "target", "Lavrov"),
        ("t0-1", "target", "Washington"),
    ]
    source, _ = _cells(page, 0)
    assert source.text_content() == sample_run().pairs[0].source  # marking adds no text


def test_term_without_a_partner_is_marked_unmatched() -> None:
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, (Sentence("قال لافروف", "He said", terms=(("لافروف", "Lavrov"),)),))])
    marks = lxml.html.fromstring(html.render(run)).findall(".//mark")
    assert [(m.text_content(), m.get("class")) for m in marks] == [("لافروف", "term unmatched")]


def test_page_is_self_contained_with_hashed_inline_assets(page) -> None:
    policy = page.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    for tag in ("style", "script"):
        body = page.find(f".//{tag}").text
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy
    external = [el for el in page.iter() if el.get("src") or (el.get("href") and not el.get("href").startswith("#"))]
    assert external == []
    assert page.findall(".//link") == []
    assert "@media print" in page.find(".//style").text
