"""The pipeline's own duties: long sentences in pieces, quality on every pair, the translation cache
and resuming after Ctrl-C — with a fake engine that records what the model was asked."""

from __future__ import annotations

import dataclasses

import pytest

from translate.document import parse_document
from translate.engines.base import DecodingSettings
from translate.engines.cached import CachedEngine, TranslationCache
from translate.pipeline import translate_document
from translate.archive import RunSettings, run_archive, walk_inputs
from fakes import RecordingEngine

LONG = "؛ ".join(["وقال المتحدث إن الحكومة ستواصل العمل مع الشركاء الدوليين"] * 6) + "."
ARTICLE = f"عنوان الخبر\n\nقال الوزير إن الاتفاق صامد. وأضاف أن المحادثات مستمرة.\n\n{LONG}\n\nThe English caption stays.\n"


def test_long_sentence_is_translated_in_pieces_but_kept_whole() -> None:
    engine = RecordingEngine(settings=DecodingSettings(max_input_tokens=20))
    run = translate_document(parse_document(ARTICLE), engine)
    asked = [text for call in engine.calls for text in call]
    long_pair = next(pair for pair in run.pairs if pair.source == LONG)
    assert long_pair.source == LONG  # the pair keeps the whole sentence
    pieces = [text for text in asked if text in LONG and text != LONG]
    assert LONG not in asked and len(pieces) == 3  # greedy packing: two clauses of 10 tokens a piece
    assert all(engine.count_tokens([piece])[0] <= 20 for piece in pieces)
    assert long_pair.target == " ".join(f"EN{len(piece)}" for piece in sorted(pieces, key=LONG.index))


def test_every_pair_has_a_quality_score() -> None:
    run = translate_document(parse_document(ARTICLE), RecordingEngine())
    assert all(pair.quality is not None and 0 <= pair.quality.score <= 100 for pair in run.pairs)
    caption = next(pair for pair in run.pairs if pair.passthrough)
    assert caption.quality.score == 100 and caption.quality.flags == ()
    # "EN40"-style output leaves no Arabic but has nothing to do with the source's length.
    assert {"untranslated"}.isdisjoint(flag for pair in run.pairs for flag in pair.quality.flags)


def test_cache_answers_a_second_run(tmp_path) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    first = CachedEngine(RecordingEngine(), cache)
    run_one = translate_document(parse_document(ARTICLE), first)
    inner = RecordingEngine()
    second = CachedEngine(inner, cache)
    run_two = translate_document(parse_document(ARTICLE), second)
    assert inner.calls == []
    assert second.hits == first.misses > 0
    assert [p.target for p in run_one.pairs] == [p.target for p in run_two.pairs]


def test_cache_key_includes_model_revision_and_decoding(tmp_path) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    translate_document(parse_document(ARTICLE), CachedEngine(RecordingEngine(), cache))
    for changed in (
        RecordingEngine(info=dataclasses.replace(RecordingEngine().info, revision="rev2")),
        RecordingEngine(settings=DecodingSettings(beam_size=2)),
    ):
        engine = CachedEngine(changed, cache)
        translate_document(parse_document(ARTICLE), engine)
        assert engine.hits == 0 and changed.calls


def test_interrupted_run_leaves_no_output_and_resumes(tmp_path, monkeypatch) -> None:
    import translate.pipeline as pipeline

    monkeypatch.setattr(pipeline, "CHUNK_SENTENCES", 1)  # one sentence per engine call
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = RunSettings(model="fake", out_dir=tmp_path / "out", cache_path=tmp_path / "cache.sqlite3")
    cache = TranslationCache(settings.cache_path)
    interrupted = RecordingEngine(interrupt_after=3)
    with pytest.raises(KeyboardInterrupt):
        list(run_archive(walk_inputs([article], settings.out_dir), settings, engine=CachedEngine(interrupted, cache)))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    done_before = [text for call in interrupted.calls[:2] for text in call]

    resumed_inner = RecordingEngine()
    resumed = CachedEngine(resumed_inner, cache)
    outcomes = list(run_archive(walk_inputs([article], settings.out_dir), settings, engine=resumed))
    asked_again = [text for call in resumed_inner.calls for text in call]
    assert resumed.hits == len(done_before) == 2
    assert not set(done_before) & set(asked_again)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["article.en.txt", "article.jsonl", "article.tsv"]
    assert outcomes[0].error is None


def _open_fresh_cache(path: str) -> str:
    try:
        cache = TranslationCache(__import__("pathlib").Path(path))
        cache.put_many({"k": RecordingEngine()._hypothesis("نص")})
        cache.close()
    except Exception as error:  # returned, so the parent sees every failure
        return f"{type(error).__name__}: {error}"
    return "ok"


@pytest.mark.parametrize("attempt", range(5))
def test_processes_creating_the_cache_at_once_all_succeed(tmp_path, attempt) -> None:
    import multiprocessing

    path = str(tmp_path / f"fresh-{attempt}" / "cache.sqlite3")
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_open_fresh_cache, [path] * 4)
    assert results == ["ok"] * 4
