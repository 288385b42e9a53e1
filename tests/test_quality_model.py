"""The quality model's pieces: stems, transliterated names, the IBM-1 lexicon and its coverage, the
length model and the document shift, the shipped model file, the planted corruptions, and what the
aligner does with them."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import pytest

from translate.align.documents import Side, align_documents
from translate.quality import default_model
from translate.quality.lengths import LengthFit, LengthModel, document_shift
from translate.quality.lexicon import LexicalSimilarity, Lexicon, coverage, default_lexicon, lexicon_rows, train_ibm1
from translate.quality.model import INPUTS, model_from_dict, model_inputs
from translate.quality.transliteration import arabic_skeleton, english_skeleton, skeletons_match
from translate.quality.words import arabic_stem, arabic_stems, english_stem, english_stems
from translate.testing.corpora import Article, split_articles
from translate.testing.corruptions import KINDS, plant

ALIGNMENT_DATA = Path(__file__).resolve().parent / "data" / "alignment"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("والحكومة", "حكوم"), ("الحكومات", "حكوم"), ("للرئيس", "رييس"), ("وزير", "وزير"), ("في", ""), ("الذي", ""), ("بالمدينة", "مدين")],
)
def test_arabic_light_stems(word: str, stem: str) -> None:
    assert arabic_stem(word) == stem


@pytest.mark.parametrize(("word", "stem"), [("ministers", "minister"), ("killed", "kill"), ("talking", "talk"), ("countries", "country"), ("the", ""), ("Syria's", "syria"), ("news", "new")])
def test_english_light_stems(word: str, stem: str) -> None:
    assert english_stem(word) == stem


def test_stems_keep_numbers_and_latin_words() -> None:
    assert arabic_stems("قال CNN إن 24 شخصا قتلوا") == ["قال", "cnn", "24", "شخصا", "قتلوا"]
    assert english_stems("CNN said 24 people were killed") == ["cnn", "said", "24", "people", "kill"]


@pytest.mark.parametrize(
    ("arabic", "english", "match"),
    [
        ("شولمان", "Schulman", True),
        ("أبيركرومبي", "Abercrombie", True),
        ("ماساتشوستس", "Massachusetts", True),
        ("تيريزا", "Theresa", True),
        ("برمينغهام", "Birmingham", True),
        ("واشنطن", "Washington", True),
        ("حكومة", "Government", False),
        ("سوريا", "Thursday", False),
    ],
)
def test_names_match_by_their_consonants(arabic: str, english: str, match: bool) -> None:
    assert skeletons_match(arabic_skeleton(arabic), english_skeleton(english)) is match


def test_ibm1_learns_which_word_translates_which() -> None:
    corpus = [(["بيت", "كبير"], ["house", "big"]), (["بيت", "صغير"], ["house", "small"]), (["كتاب", "كبير"], ["book", "big"]), (["كتاب", "صغير"], ["book", "small"])]
    table = train_ibm1(corpus, iterations=10)
    assert max(table["بيت"], key=table["بيت"].get) == "house"
    assert max(table["كبير"], key=table["كبير"].get) == "big"
    rows = lexicon_rows(table, {"بيت": 2, "كبير": 2, "كتاب": 2, "صغير": 2})
    lexicon = Lexicon.from_tsv("# a comment\n" + "\n".join(f"{a}\t{e}\t{p}" for a, e, p in rows))
    assert "house" in lexicon.lookup("بيت") and lexicon.lookup("وبيت") == lexicon.lookup("بيت")  # a clitic tried off
    assert lexicon.lookup("سيارة") is None


def test_coverage_sees_where_the_english_stops() -> None:
    lexicon = Lexicon({"وزير": frozenset({"minister"}), "خارج": frozenset({"foreign"}), "عاصم": frozenset({"capital"}), "زيار": frozenset({"visit"}), "يوم": frozenset({"day"}), "صباح": frozenset({"morn"})})
    source = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة"
    whole = coverage(lexicon, source, "The foreign minister reached the capital this morning for a one day visit")
    cut = coverage(lexicon, source, "The foreign minister reached the")
    assert whole.source_share == 1.0 and whole.source_reach == 1.0
    assert cut.source_share == pytest.approx(2 / 6) and cut.source_last == 0.0 and cut.source_reach < 0.5


def test_shipped_lexicon_is_documented_and_loads() -> None:
    text = resources.files("translate").joinpath("data", "quality", "lexicon.tsv").read_text(encoding="utf-8")
    assert text.startswith("# ") and "SOURCES.md" in text.splitlines()[2]
    lexicon = default_lexicon()
    assert len(lexicon) > 1000
    assert "minister" in (lexicon.lookup(arabic_stem("الوزير")) or ())


def test_lexical_similarity_prefers_the_right_sentence() -> None:
    arabic = ["قال وزير الخارجية إن المحادثات كانت مفيدة.", "وارتفعت أسعار النفط في الأسواق العالمية."]
    english = ["Oil prices rose on world markets.", "The foreign minister said the talks were useful."]
    similarity = LexicalSimilarity(default_lexicon(), arabic, english)
    assert similarity(0, 1) > similarity(0, 0) and similarity(1, 0) > similarity(1, 1)
    assert LexicalSimilarity(default_lexicon(), ["؟"], ["?"])(0, 0) == 0.5  # no evidence either way


def test_length_z_has_the_sign_of_the_error() -> None:
    fit = LengthFit(a=0.2, b=0.0, c=0.02, d=0.0)
    assert fit.z(100, 122) == pytest.approx(0.0, abs=0.01)
    assert fit.z(100, 60) < -3 < 3 < fit.z(100, 200)


def test_document_shift_adapts_to_a_terse_document_but_not_to_its_errors() -> None:
    model = LengthModel({"sentence": LengthFit(0.2, 0.0, 0.02, 0.0)}, {"sentence": LengthFit(0.1, 0.0, 0.02, 0.0)})
    source = "ا" * 100 + " " + " ".join(["ب"] * 9)
    terse = [(source, "x" * 110 + " y" * 9, "sentence")] * 20  # 10 % shorter than the fit expects
    shift = document_shift(model, terse)
    assert shift.characters < -0.05
    halved = terse[:14] + [(source, "x" * 60 + " y" * 4, "sentence")] * 6
    assert document_shift(model, halved).characters == pytest.approx(shift.characters * 14 / 20 * 30 / 24, rel=0.01)


def test_shipped_model_matches_the_inputs_and_names_its_sources() -> None:
    data = json.loads(resources.files("translate").joinpath("data", "quality", "model.json").read_text(encoding="utf-8"))
    assert data["fitted_by"] == "scripts/fit_quality.py" and "held back" in data["sources"]["ntrex-dev"]
    assert data["calibration"]["inputs"] == list(INPUTS)
    model = default_model()
    assert model.calibrated and set(model.flags) == {"omission", "addition", "truncation"}
    assert all(0 < logistic.threshold < 1 and len(logistic.weights) == len(INPUTS) for logistic in model.flags.values())
    assert model.flags["truncation"].requires == "omission"
    data["calibration"]["inputs"] = list(INPUTS[:-1])
    with pytest.raises(ValueError, match="refit it with scripts/fit_quality.py"):
        model_from_dict(data, default_lexicon())


def test_model_inputs_are_bounded() -> None:
    values = model_inputs({"length_z_chars": -50.0, "length_z_words": 50.0, "numbers_missing": 9.0, "repeat_loop_words": 100.0})
    assert len(values) == len(INPUTS)
    assert values[INPUTS.index("short_chars")] == 8 and values[INPUTS.index("long_words")] == 8
    assert values[INPUTS.index("numbers_missing")] == 3 and values[INPUTS.index("repeat_loop")] == 3


SENTENCE = "The foreign minister arrived in the capital on Monday, and he said that the talks with 24 delegates would last two days."


@pytest.mark.parametrize("kind", KINDS)
def test_each_corruption_is_planted_deterministically(kind: str) -> None:
    donors = ["Oil prices rose sharply on world markets, traders said."]
    first = plant(kind, "وصل الوزير", SENTENCE, random.Random(3), donors)
    assert first is not None and first != SENTENCE
    assert first == plant(kind, "وصل الوزير", SENTENCE, random.Random(3), donors)
    if kind in ("truncation", "middle", "clause-dropped"):
        assert len(first.split()) < len(SENTENCE.split())
    if kind == "clause-added":
        assert len(first.split()) > len(SENTENCE.split())


def test_corruptions_that_do_not_fit_are_none() -> None:
    assert plant("number", "", "No digits here at all.", random.Random(0)) is None
    assert plant("clause-dropped", "", "One clause only.", random.Random(0)) is None
    with pytest.raises(ValueError, match="unknown corruption"):
        plant("typo", "", SENTENCE, random.Random(0))


def test_the_split_holds_back_a_third_by_id() -> None:
    articles = [Article(f"doc{k}", ("ا",), ("a",)) for k in range(300)]
    fitted, held = split_articles(articles)
    assert len(fitted) + len(held) == 300 and 70 < len(held) < 130
    assert split_articles(articles[:150])[1] == [a for a in held if int(a.doc_id[3:]) < 150]


def _document(name: str) -> tuple[list[str], list[str], list[int]]:
    arabic, english, paragraphs, paragraph = [], [], [], 0
    for line in (ALIGNMENT_DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            paragraph += 1
            continue
        ar, en = line.split("\t")
        arabic.append(ar.strip())
        english.append(en.strip())
        paragraphs.append(paragraph)
    return arabic, english, paragraphs


def test_align_keeps_a_cut_sentence_in_its_bead_and_flags_it() -> None:
    arabic, english, paragraphs = _document("01_diplomacy.tsv")
    index = next(k for k, sentence in enumerate(english) if len(sentence.split()) > 14 and k > 1)
    english[index] = " ".join(english[index].split()[: len(english[index].split()) // 2])
    alignment = align_documents(Side("ar", tuple(arabic), tuple(paragraphs), "utf-8"), Side("en", tuple(english), tuple(paragraphs), "utf-8"))
    assert [(item.bead.src, item.bead.tgt) for item in alignment.beads] == [((k,), (k,)) for k in range(len(arabic))]
    flagged = [k for k, item in enumerate(alignment.beads) if item.quality and item.quality.flags]
    assert index in flagged and len(flagged) <= 2


def test_an_arabic_sentence_without_english_is_an_omission() -> None:
    arabic, english, paragraphs = _document("02_economy.tsv")
    dropped = 3
    kept = [k for k in range(len(english)) if k != dropped]
    alignment = align_documents(
        Side("ar", tuple(arabic), tuple(paragraphs), "utf-8"),
        Side("en", tuple(english[k] for k in kept), tuple(paragraphs[k] for k in kept), "utf-8"),
    )
    alone = [item for item in alignment.beads if not item.bead.tgt]
    assert [item.bead.src for item in alone] == [(dropped,)]
    assert alone[0].quality is not None and alone[0].quality.flags == ("omission",) and alone[0].quality.score == 0.0
