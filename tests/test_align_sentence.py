"""Sentence alignment: known edits give known beads; beads always cover both sides once, in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.align import Bead, LengthModel, align_sentences

DATA = Path(__file__).resolve().parent / "data" / "alignment"


def read_pairs(name: str) -> list[list[tuple[str, str]]]:
    paragraphs: list[list[tuple[str, str]]] = [[]]
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        arabic, english = line.split("\t")
        paragraphs[-1].append((arabic, english))
    return [p for p in paragraphs if p]


def flat(name: str) -> tuple[list[str], list[str], list[int]]:
    arabic, english, paragraph_ids = [], [], []
    for number, paragraph in enumerate(read_pairs(name)):
        for a, e in paragraph:
            arabic.append(a)
            english.append(e)
            paragraph_ids.append(number)
    return arabic, english, paragraph_ids


def covers(beads: list[Bead], n: int, m: int) -> bool:
    sources = [i for bead in beads for i in bead.src]
    targets = [j for bead in beads for j in bead.tgt]
    return sources == list(range(n)) and targets == list(range(m))


DOCUMENTS = sorted(path.stem for path in DATA.glob("*.tsv"))


def test_corpus_is_large_enough() -> None:
    pairs = sum(len(p) for name in DOCUMENTS for p in read_pairs(name))
    assert len(DOCUMENTS) >= 5 and pairs >= 300


@pytest.mark.parametrize("name", DOCUMENTS)
def test_unedited_document_aligns_one_to_one(name: str) -> None:
    arabic, english, paragraphs = flat(name)
    beads = align_sentences(arabic, english, source_paragraphs=paragraphs, target_paragraphs=paragraphs)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(arabic))]


def _edit(kind: str, at: int) -> tuple[list[str], list[str], tuple[tuple[int, ...], tuple[int, ...]]]:
    """Document 01 with one edit at sentence ``at`` (no paragraphs given); the bead it must produce."""
    arabic, english, _ = flat("01_diplomacy")
    if kind == "drop-en":
        return arabic, english[:at] + english[at + 1 :], ((at,), ())
    if kind == "drop-ar":
        return arabic[:at] + arabic[at + 1 :], english, ((), (at,))
    if kind == "merge-en":
        return arabic, english[:at] + [english[at] + " " + english[at + 1]] + english[at + 2 :], ((at, at + 1), (at,))
    if kind == "merge-ar":
        return arabic[:at] + [arabic[at] + " " + arabic[at + 1]] + arabic[at + 2 :], english, ((at,), (at, at + 1))
    if kind == "split-en":
        first, _, rest = english[at].partition(", ")
        return arabic, english[:at] + [first + ".", rest] + english[at + 1 :], ((at,), (at, at + 1))
    raise ValueError(kind)


@pytest.mark.parametrize(
    ("kind", "at"),
    [
        ("drop-en", 9),  # Jordan hosts more than 650,000 refugees …
        ("drop-en", 15),  # It explained that it had received only 40% …
        ("drop-ar", 20),  # وأفادت مصادر محلية بمقتل 3 أشخاص …
        ("merge-en", 2),
        ("merge-en", 27),
        ("merge-ar", 4),
        ("merge-ar", 33),
        ("split-en", 13),  # In a related development, | the World Food Programme …
        ("split-en", 31),  # In a statement issued in New York, | he said …
    ],
)
def test_known_edit_gives_its_bead(kind: str, at: int) -> None:
    arabic, english, expected = _edit(kind, at)
    beads = align_sentences(arabic, english)
    assert expected in [(b.src, b.tgt) for b in beads]
    assert covers(beads, len(arabic), len(english))


def test_paragraph_breaks_are_hard_boundaries() -> None:
    arabic, english, paragraphs = flat("03_sport")
    # Drop the first English sentence of every paragraph with more than two: without boundaries the
    # search could slide an English sentence into the previous paragraph.
    keep = [j for j in range(len(english)) if not (j == 0 or paragraphs[j] != paragraphs[j - 1]) or paragraphs.count(paragraphs[j]) <= 2]
    target = [english[j] for j in keep]
    target_paragraphs = [paragraphs[j] for j in keep]
    beads = align_sentences(arabic, target, source_paragraphs=paragraphs, target_paragraphs=target_paragraphs)
    assert covers(beads, len(arabic), len(target))
    for bead in beads:
        ids = {paragraphs[i] for i in bead.src} | {target_paragraphs[j] for j in bead.tgt}
        assert len(ids) == 1, bead


def test_paragraphs_merged_on_one_side_still_align() -> None:
    arabic, english, paragraphs = flat("02_economy")
    # The English editor joined paragraphs 1 and 2 and paragraphs 5 and 6.
    target_paragraphs = [{2: 1, 6: 5}.get(p, p) for p in paragraphs]
    beads = align_sentences(arabic, english, source_paragraphs=paragraphs, target_paragraphs=target_paragraphs)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(arabic))]


def test_band_widens_when_the_path_drifts_far_from_the_diagonal() -> None:
    arabic, english = [], []
    for name in DOCUMENTS:
        a, e, _ = flat(name)
        arabic += a
        english += e
    # 120 English sentences with no Arabic counterpart at the start: the path leaves the diagonal by
    # far more than the first band.
    extra = [f"Unrelated line number {k} about something else entirely." for k in range(120)]
    beads = align_sentences(arabic, extra + english)
    pairs = [(b.src, b.tgt) for b in beads]
    assert covers(beads, len(arabic), len(extra) + len(english))
    correct = sum(1 for i in range(len(arabic)) if ((i,), (i + len(extra),)) in pairs)
    assert correct >= 0.97 * len(arabic)


def test_similarity_decides_what_lengths_cannot() -> None:
    arabic = ["قال الوزير إن المحادثات كانت مفيدة.", "وأضاف أن الجولة المقبلة ستعقد قريبا."]
    english = ["He added that the next round would be held soon."]
    lengths = [((0,), ()), ((1,), (0,))]
    beads = align_sentences(arabic, english, similarity=lambda i, j: 0.9 if (i, j) == (1, 0) else 0.05)
    assert [(b.src, b.tgt) for b in beads] == lengths
    beads = align_sentences(arabic, english, similarity=lambda i, j: 0.9 if (i, j) == (0, 0) else 0.05)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ())]


def test_glossary_terms_are_anchors() -> None:
    arabic = ["التقى زاور شوج بالوفد.", "وقال إن الوضع صعب جدا في المدينة اليوم."]
    english = ["He said the situation in the city was very difficult today.", "Zaur Shouj met the delegation."]
    # Order swapped on purpose: with the term, the name pulls sentence 0 to its English partner
    # (and the pair that cannot both be 1-1 in order gets a drop instead of a wrong pairing).
    beads = align_sentences(arabic, english, terms=[("زاور شوج", "Zaur Shouj")])
    assert ((0,), (0,)) not in [(b.src, b.tgt) for b in beads]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ([], ["One.", "Two."], [((), (0,)), ((), (1,))]),
        (["واحد."], [], [((0,), ())]),
        ([], [], []),
    ],
)
def test_an_empty_side_gives_sentences_without_counterpart(source: list[str], target: list[str], expected: list) -> None:
    assert [(b.src, b.tgt) for b in align_sentences(source, target)] == expected


def test_one_side_ten_times_longer_keeps_the_real_pairs() -> None:
    arabic, english, _ = flat("05_floods")
    short = arabic[:4]
    beads = align_sentences(short, english)
    assert covers(beads, 4, len(english))
    assert [(b.src, b.tgt) for b in beads if b.src] == [((i,), (i,)) for i in range(4)]


def test_english_on_both_sides() -> None:
    _, english, _ = flat("04_health")
    edited = english[:10] + english[11:]
    beads = align_sentences(english, edited)
    pairs = [(b.src, b.tgt) for b in beads]
    assert ((10,), ()) in pairs and ((11,), (10,)) in pairs


def test_paragraph_list_of_wrong_length_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="source_paragraphs has 1 entries for 2 sentences"):
        align_sentences(["أ.", "ب."], ["A."], source_paragraphs=[0])


def test_fixed_length_model_is_used() -> None:
    beads = align_sentences(["أ" * 50, "ب" * 50], ["a" * 50, "b" * 50], length_model=LengthModel(1.0, 6.8))
    assert [b.score for b in beads] == [1.0, 1.0]


_sentence = st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهوي 0123456789٠١٢٣abcXYZ.؟?\"«»", min_size=0, max_size=80)


@settings(max_examples=60, deadline=None)
@given(
    source=st.lists(_sentence, max_size=25),
    target=st.lists(_sentence, max_size=25),
    source_breaks=st.lists(st.booleans(), max_size=25),
    target_breaks=st.lists(st.booleans(), max_size=25),
)
def test_beads_cover_both_sides_exactly_once_in_order(source: list[str], target: list[str], source_breaks: list[bool], target_breaks: list[bool]) -> None:
    def paragraph_ids(count: int, breaks: list[bool]) -> list[int]:
        ids, current = [], 0
        for k in range(count):
            if k and k < len(breaks) and breaks[k]:
                current += 1
            ids.append(current)
        return ids

    beads = align_sentences(source, target, source_paragraphs=paragraph_ids(len(source), source_breaks), target_paragraphs=paragraph_ids(len(target), target_breaks))
    assert covers(beads, len(source), len(target))
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(len(b.src) <= 2 and len(b.tgt) <= 2 and (b.src or b.tgt) for b in beads)
    for bead in beads:
        assert list(bead.src) == list(range(bead.src[0], bead.src[0] + len(bead.src))) if bead.src else True


@settings(max_examples=30, deadline=None)
@given(source=st.lists(_sentence, max_size=15), target=st.lists(_sentence, max_size=15), seed=st.integers(0, 100))
def test_beads_cover_both_sides_with_a_similarity_too(source: list[str], target: list[str], seed: int) -> None:
    beads = align_sentences(source, target, similarity=lambda i, j: ((i * 31 + j * 17 + seed) % 11) / 10)
    assert covers(beads, len(source), len(target))
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_a_block_too_large_is_refused_with_a_message(monkeypatch) -> None:
    import translate.align.search as search

    monkeypatch.setattr(search, "MAX_CELLS", 1000)
    with pytest.raises(ValueError, match="give paragraph boundaries"):
        align_sentences(["جملة."] * 40, ["A sentence."] * 400)
