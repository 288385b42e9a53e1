"""Hand-built runs for the export tests: every block kind, a passthrough caption, glossary terms with
document offsets, scored and flagged pairs, an unscored pair, and hostile text (``<script>``, quotes,
tabs, control characters). Built without a model, so the tests cover rich rendering before the
glossary and quality stages exist."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.document import Block, BlockKind
from translate.records import Manifest, Pair, QualityScore, Run, TermReport


@dataclass(frozen=True)
class Sentence:
    source: str
    target: str
    terms: tuple[tuple[str, str], ...] = ()  # (Arabic surface, required English), located by search
    quality: QualityScore | None = None
    passthrough: bool = False
    language: str = "ar"


@dataclass(frozen=True)
class BlockSpec:
    kind: BlockKind
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)


def build_run(specs: list[BlockSpec], *, created: str = "2026-11-29T06:00:00+00:00") -> Run:
    """A run whose offsets are consistent: blocks and pairs index one article text, sentences joined
    by a space and blocks by a blank line."""
    blocks, pairs = [], []
    position = 0
    pair_id = 0
    for index, spec in enumerate(specs):
        if index:
            position += 2  # "\n\n"
        block_start = position
        for number, sentence in enumerate(spec.sentences):
            if number:
                position += 1  # " "
            start = position
            terms = []
            for surface, required in sentence.terms:
                local = sentence.source.index(surface)
                target_at = sentence.target.find(required)
                terms.append(
                    TermReport(
                        source_start=start + local,
                        source_end=start + local + len(surface),
                        surface=surface,
                        entry_en=required,
                        required=required,
                        mention="first",
                        status="model" if target_at >= 0 else "forced",
                        target_start=target_at if target_at >= 0 else None,
                        target_end=target_at + len(required) if target_at >= 0 else None,
                    )
                )
            position += len(sentence.source)
            pairs.append(
                Pair(
                    id=pair_id,
                    block=index,
                    kind=spec.kind,
                    source=sentence.source,
                    target=sentence.target,
                    start=start,
                    end=position,
                    language=sentence.language,
                    passthrough=sentence.passthrough,
                    logprob_mean=None if sentence.passthrough else -0.5,
                    logprob_min=None if sentence.passthrough else -2.0,
                    terms=tuple(terms),
                    quality=sentence.quality,
                )
            )
            pair_id += 1
        text = " ".join(s.source for s in spec.sentences)
        blocks.append(Block(index, spec.kind, text, block_start, position, 0 if index == 0 else 2))
    manifest = Manifest(
        tool_version="0.1.0",
        created=created,
        input_path="/data/articles/lavrov.txt",
        input_sha256="ab" * 32,
        input_encoding="utf-8",
        model_id="Helsinki-NLP/opus-mt-ar-en",
        model_revision="abc123",
        engine="torch",
        device="cpu",
        decoding={"beam_size": 4, "max_length": 256},
        blocks=tuple(blocks),
        glossary={"entries": 2, "sha256": "cd" * 32},
    )
    return Run(manifest, tuple(pairs))


GOOD = QualityScore(91.0, (), {"logprob_mean": -0.3})
FLAGGED = QualityScore(38.5, ("low_logprob", "length_ratio"), {"logprob_mean": -2.1})
FAIR = QualityScore(64.25, ("number_mismatch",), {})

SCRIPT_SOURCE = 'قال "المصدر" <script>alert("x")</script> & انتهى'
SCRIPT_TARGET = 'The source said <script>alert("x")</script> & ended'


def sample_run() -> Run:
    return build_run(
        [
            BlockSpec(BlockKind.HEADLINE, (Sentence("لافروف: واشنطن رفضت التنسيق بشأن سوريا", "Lavrov: Washington refused coordination on Syria", terms=(("لافروف", "Lavrov"), ("واشنطن", "Washington")), quality=GOOD),)),
            BlockSpec(
                BlockKind.CAPTION,
                (Sentence("Russian Foreign Minister Sergei Lavrov delivers a speech.", "Russian Foreign Minister Sergei Lavrov delivers a speech.", passthrough=True, language="en"),),
            ),
            BlockSpec(
                BlockKind.PARAGRAPH,
                (
                    Sentence("قال وزير الخارجية الروسي إن واشنطن رفضت إرسال وفد عسكري.", "The Russian foreign minister said Washington refused to send a military delegation.", terms=(("واشنطن", "Washington"),), quality=FLAGGED),
                    Sentence("وأكد لافروف أن بلاده لم تتلق طلبات.", "Lavrov stressed that his country had received no requests.", terms=(("لافروف", "Lavrov"),), quality=GOOD),
                ),
            ),
            BlockSpec(BlockKind.SUBHEADING, (Sentence("ضربات غير كافية", "Insufficient strikes", quality=FAIR),)),
            BlockSpec(BlockKind.PARAGRAPH, (Sentence(SCRIPT_SOURCE, SCRIPT_TARGET), Sentence("وصل\tالوفد\x01 اليوم", "The\tdelegation arrived\x0b today", quality=GOOD))),
            BlockSpec(BlockKind.SOURCE, (Sentence("المصدر: الجزيرة", "Source: Al Jazeera", quality=GOOD),)),
        ]
    )
