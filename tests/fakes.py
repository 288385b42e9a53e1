"""A fake engine for pipeline tests that need to see exactly what was asked of the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.engines.base import DecodingSettings, Hypothesis, ModelInfo


@dataclass
class RecordingEngine:
    """Translates ``text`` to ``EN<len>:text`` (deterministic, cheap) and records every call.
    ``interrupt_after`` raises KeyboardInterrupt on that call number (1-based), like Ctrl-C."""

    info: ModelInfo = field(default_factory=lambda: ModelInfo("fake/model", "rev1", "/nowhere", "fake"))
    settings: DecodingSettings = field(default_factory=DecodingSettings)
    calls: list[list[str]] = field(default_factory=list)
    interrupt_after: int | None = None

    def _hypothesis(self, source: str, prefix: str | None = None) -> Hypothesis:
        text = (prefix + " " if prefix else "") + f"EN{len(source)}"
        tokens = tuple(text.split()) + ("</s>",)
        return Hypothesis(text, tokens, tuple(-0.25 for _ in tokens), tuple(source.split()) + ("</s>",), ())

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        self.calls.append(list(sources))
        if self.interrupt_after is not None and len(self.calls) >= self.interrupt_after:
            raise KeyboardInterrupt
        prefixes = list(prefixes) if prefixes is not None else [None] * len(sources)
        return [self._hypothesis(source, prefix) for source, prefix in zip(sources, prefixes)]

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return [Hypothesis(t, tuple(t.split()) + ("</s>",), tuple(-0.25 for _ in range(len(t.split()) + 1))) for t in targets]

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return [len(source.split()) + 1 for source in sources]


@dataclass
class WordForWordEngine(RecordingEngine):
    """Translates word for word: an Arabic word becomes ``en<its length>`` (punctuation after it
    kept), anything else (numbers, Latin words) is copied — so formatting tests see an English with
    as many words as the Arabic, and anchors that are really there."""

    def _hypothesis(self, source: str, prefix: str | None = None) -> Hypothesis:
        import re

        def word(token: str) -> str:
            match = re.match(r"^(.*?)([.,:;!?،؛؟]*)$", token)
            core, tail = match.group(1), match.group(2)
            return (f"en{len(core)}" if re.search(r"[\u0600-\u06ff]", core) else core) + tail.replace("،", ",").replace("؛", ";").replace("؟", "?")

        text = " ".join(word(token) for token in source.split())
        if prefix:
            text = prefix + " " + text
        tokens = tuple(text.split()) + ("</s>",)
        return Hypothesis(text, tokens, tuple(-0.25 for _ in tokens), tuple(source.split()) + ("</s>",), ())


class ParagraphFormat:
    """A document format for tests of the machinery around formats (layout, run, resume, export,
    API): a JSON file ``{"paragraphs": [{"text", "runs": [[start, end, key]], "role"}]}``; its
    writer answers the same shape with the English."""

    name = "para"
    suffixes = (".para",)

    def read(self, data: bytes, path: str):
        import json

        from translate.errors import InputError
        from translate.formats.base import RunSpan, SourceDocument, SourceParagraph

        try:
            records = json.loads(data.decode("utf-8"))["paragraphs"]
        except (ValueError, KeyError, UnicodeDecodeError) as error:
            raise InputError(path, f"is not a paragraph file ({error})", "pass a .para file") from None
        return SourceDocument(
            "para", tuple(SourceParagraph(r["text"], tuple(RunSpan(*run) for run in r.get("runs", [[0, len(r["text"]), 0]]) if r["text"]), r.get("role", "body")) for r in records)
        )

    def write(self, data: bytes, paragraphs, path: str) -> bytes:
        import json

        original = json.loads(data.decode("utf-8"))["paragraphs"]
        out = []
        for record, english in zip(original, paragraphs):
            if english is None:
                out.append(record)
            else:
                out.append({"text": english.text, "runs": [[r.start, r.end, r.key] for r in english.runs], "role": record.get("role", "body")})
        return json.dumps({"paragraphs": out}, ensure_ascii=False).encode("utf-8")


PARAGRAPHS = ParagraphFormat()
