"""Request batching: concurrent requests share engine calls, a full queue refuses at once, a request
that breaks the engine fails alone; and the ``translate serve`` command's edges."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from fakes import RecordingEngine
from test_imports import heavy_modules_after
from typer.testing import CliRunner

from translate.cli import app
from translate.document import parse_document
from translate.engines.base import Hypothesis
from translate.segment import segment_document
from translate.server.batching import Batcher, BatchSettings, QueueFull


def segmented(*texts: str):
    return [(document, segment_document(document)) for document in map(parse_document, texts)]


async def submit_together(batcher: Batcher, requests: list[list[str]]):
    await batcher.start()
    try:
        return await asyncio.gather(*(batcher.submit(segmented(*texts)) for texts in requests), return_exceptions=True)
    finally:
        await batcher.stop()


@pytest.mark.parametrize(("merge", "engine_calls"), [(True, 1), (False, 10)])
def test_concurrent_requests_share_one_engine_call(merge, engine_calls) -> None:
    engine = RecordingEngine()
    requests = [[f"جملة رقم {number}."] for number in range(10)]
    results = asyncio.run(submit_together(Batcher(engine, BatchSettings(merge=merge)), requests))
    assert len(engine.calls) == engine_calls
    assert sorted(len(call) for call in engine.calls) == ([10] if merge else [1] * 10)
    # Every request gets its own sentence back, whatever batch it shared.
    assert [[translation.run.pairs[0].source for translation in result] for result in results] == requests


def test_a_batch_stops_at_its_sentence_cap() -> None:
    engine = RecordingEngine()
    requests = [[f"جملة {number}. وجملة ثانية {number}."] for number in range(6)]
    asyncio.run(submit_together(Batcher(engine, BatchSettings(max_sentences=4)), requests))
    assert [len(call) for call in engine.calls] == [4, 4, 4]


@dataclass
class BlockingEngine(RecordingEngine):
    """Holds its first call until ``release`` is set (a batch that takes a while)."""

    release: threading.Event = field(default_factory=threading.Event)

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        self.release.wait(timeout=30)
        return super().translate(sources, prefixes)


def test_a_full_queue_refuses_at_once_and_the_rest_finish() -> None:
    engine = BlockingEngine()

    async def scenario():
        batcher = Batcher(engine, BatchSettings(max_pending=2, window_ms=0))
        await batcher.start()
        try:
            first = asyncio.create_task(batcher.submit(segmented("الأول.")))
            await asyncio.sleep(0.05)  # the first is decoding (blocked); two more may wait
            waiting = [asyncio.create_task(batcher.submit(segmented(f"التالي {n}."))) for n in range(2)]
            await asyncio.sleep(0)
            with pytest.raises(QueueFull) as refused:
                await batcher.submit(segmented("الرابع."))
            engine.release.set()
            done = await asyncio.gather(first, *waiting)
            return refused.value, done
        finally:
            engine.release.set()
            await batcher.stop()

    refused, done = asyncio.run(scenario())
    assert str(refused) == "the translation queue is full (2 requests waiting); retry in a moment"
    assert [result[0].run.pairs[0].source for result in done] == ["الأول.", "التالي 0.", "التالي 1."]


@dataclass
class PickyEngine(RecordingEngine):
    """Fails any call that holds the word سم (poison)."""

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        if any("سم" in source.split() for source in sources):
            raise RuntimeError("the engine choked")
        return super().translate(sources, prefixes)


def test_a_request_that_breaks_the_engine_fails_alone() -> None:
    results = asyncio.run(submit_together(Batcher(PickyEngine()), [["جيد واحد."], ["فيه سم هنا."], ["جيد اثنان."]]))
    assert isinstance(results[1], RuntimeError) and str(results[1]) == "the engine choked"
    assert [results[0][0].run.pairs[0].source, results[2][0].run.pairs[0].source] == ["جيد واحد.", "جيد اثنان."]


def test_submit_before_start_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        asyncio.run(Batcher(RecordingEngine()).submit(segmented("نص.")))


def test_serve_help_imports_no_heavy_library() -> None:
    assert heavy_modules_after(["serve", "--help"]) == ""


def test_serve_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--require-api-key"], "give keys with --api-keys (LibreTranslate's keys database) or --api-keys-file FILE"),
        (["--glossary", "{dir}/a/news.tsv", "--glossary", "{dir}/b/news.tsv"], "two glossaries are named 'news'"),
    ],
)
def test_serve_usage_errors(tmp_path, args, message) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.tsv").write_text("ar\ten\nموسكو\tMoscow\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", *[arg.format(dir=tmp_path) for arg in args]], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_stopping_never_waits_for_the_decode_in_progress() -> None:
    engine = BlockingEngine()  # holds its call until released (30 s at most)

    async def scenario():
        batcher = Batcher(engine, BatchSettings(window_ms=0))
        await batcher.start()
        request = asyncio.create_task(batcher.submit(segmented("طويل جدا.")))
        await asyncio.sleep(0.1)  # decoding now
        await batcher.stop()
        still_decoding = not engine.release.is_set()  # stop() returned while the engine was held
        with pytest.raises(RuntimeError, match="shutting down"):
            await request
        return still_decoding

    try:
        assert asyncio.run(scenario()) is True
    finally:
        engine.release.set()


def test_stopping_during_the_collection_window_answers_the_jobs_collected() -> None:
    async def scenario():
        batcher = Batcher(RecordingEngine(), BatchSettings(window_ms=2000))
        await batcher.start()
        request = asyncio.create_task(batcher.submit(segmented("في النافذة.")))
        await asyncio.sleep(0.05)  # taken off the queue, the window still open
        await batcher.stop()
        with pytest.raises(RuntimeError, match="shutting down"):
            await asyncio.wait_for(request, 5)

    asyncio.run(scenario())
