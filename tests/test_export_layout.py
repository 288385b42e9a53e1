"""What the human-facing exports share: sections in document order, score bands, term spans; and
every exporter on an empty run."""

from __future__ import annotations

from dataclasses import replace

import pytest

from export_samples import sample_run
from translate.document import BlockKind
from translate.export import EXPORTERS
from translate.export.layout import format_score, pieces, score_band, sections, term_spans
from translate.records import Pair, QualityScore, Run, TermReport


def test_sections_follow_blocks_in_order() -> None:
    found = [(s.block, s.kind.value, [p.id for p in s.pairs]) for s in sections(sample_run())]
    assert found == [(0, "headline", [0]), (1, "caption", [1]), (2, "paragraph", [2, 3]), (3, "subheading", [4]), (4, "paragraph", [5, 6]), (5, "source", [7])]


@pytest.mark.parametrize(
    ("quality", "band", "text"),
    [(None, "none", "no score"), (QualityScore(100.0), "good", "100"), (QualityScore(80.0), "good", "80"), (QualityScore(79.9), "fair", "80"), (QualityScore(50.0), "fair", "50"), (QualityScore(49.4), "poor", "49"), (QualityScore(0.0), "poor", "0")],
)
def test_score_band_and_text(quality, band: str, text: str) -> None:
    assert (score_band(quality), format_score(quality)) == (band, text)


def _term(start: int, end: int, target: tuple[int, int] | None = None) -> TermReport:
    return TermReport(start, end, "x", "X", "X", "first", "model", *(target or (None, None)))


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([_term(104, 110, (4, 10))], [((4, 10), (4, 10))]),  # document offsets shifted by the pair's start (100)
        ([_term(90, 95, (0, 3))], [(None, (0, 3))]),  # before the pair
        ([_term(104, 140, (0, 99))], [(None, None)]),  # past the end on both sides
        ([_term(104, 110, (0, 5)), _term(106, 112, (3, 8))], [((4, 10), (0, 5)), (None, None)]),  # overlaps dropped
        ([_term(104, 104, (2, 2))], [(None, None)]),  # empty spans
        ([_term(100, 103), _term(110, 114, (6, 9))], [((0, 3), None), ((10, 14), (6, 9))]),
    ],
)
def test_term_spans(terms: list[TermReport], expected: list) -> None:
    source = "قال وزير الخارجية لافر"  # 22 characters at document offsets 100–122
    pair = Pair(0, 0, BlockKind.PARAGRAPH, source, "The minister said", 100, 100 + len(source), "ar", False, terms=tuple(terms))
    assert [(s.source, s.target) for s in term_spans(pair)] == expected


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("abcdef", [], [("abcdef", None)]),
        ("abcdef", [(2, 4, 0)], [("ab", None), ("cd", 0), ("ef", None)]),
        ("abcdef", [(4, 6, 1), (0, 2, 0)], [("ab", 0), ("cd", None), ("ef", 1)]),
        ("", [], []),
    ],
)
def test_pieces_concatenate_back(text: str, marks: list, expected: list) -> None:
    assert pieces(text, marks) == expected
    assert "".join(piece for piece, _ in pieces(text, marks)) == text


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_exporter_renders_an_empty_run(name: str) -> None:
    empty = Run(replace(sample_run().manifest, blocks=()), ())
    rendered = EXPORTERS[name].render(empty)
    text = rendered.decode("utf-8", errors="replace") if isinstance(rendered, bytes) else rendered
    assert "قال" not in text and len(text) > 0
