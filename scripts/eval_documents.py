"""Documents, measured: Word, OpenDocument and web pages built from the NTREX-128 dev articles in ``--shared-data`` the way Word and news sites write Arabic, run through
``translate`` and checked against the bars of the documents issue.

Documents: per article, the headline (Heading 1 / ``<h1>``) and the body in paragraphs of three
sentences; every number and Latin-script word in bold, the first Latin word of a paragraph a link
instead, the third paragraph wholly italic; a two-cell table of the first two sentences after the
second paragraph, the headline again as header, title and image alt text. Word files are written as
Word writes Arabic (``w:bidi``, ``w:rtl``, ``w:cs`` hints, ``w:lang w:bidi="ar-SA"``, runs split by
revision ids and spell-check marks: ``translate/testing/docx_samples.py``); pages are the portal
template of ``translate/testing/html_samples.py`` with the spans as ``<b>``/``<a>``/``<i>``.

Two engines:

- **reference** — each Arabic sentence's English is the professional NTREX translation (a segment
  that is not one gold sentence gets the English of the gold sentences it holds). Formatting can only
  be judged against an English that has the words, and the random test model has none.
- **tiny** (``--model``, default a random tiny Marian built on the spot) — the time of a document
  against the same paragraphs as ``.txt`` in one run, every sentence decoded to the same length cap
  (a random model never stops by itself); each format ``--repeats`` times, the formats interleaved,
  the best run counting (``--timing-only`` skips the formatting measures).

Per format: articles whose Arabic sentences equal the ``.txt`` path's (same order); English targets
found in order in the written document; Arabic letters left; paragraphs, table cells, images, links
(targets) and paragraph styles unchanged; RTL markers left; whole-paragraph formatting kept; span
formatting on numbers and Latin words landing exactly on the same number or word in the English; the
run partition read back from the written file equal to the one written (the writer keeps every look).

    .venv/bin/python scripts/eval_documents.py [--shared-data ../shared/data] [--articles 41] [--timing-articles 24]
                                               [--repeats 5] [--timing-only] [--model DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.document import parse_document  # noqa: E402
from translate.engines.base import DecodingSettings, Hypothesis, ModelInfo  # noqa: E402
from translate.formats import _FORMATS, format_of, read_formatted  # noqa: E402
from translate.formats.transfer import english_paragraphs  # noqa: E402
from translate.script import arabic_letter_count  # noqa: E402
from translate.segment import segment_document  # noqa: E402
from translate.testing.docx_samples import SampleParagraph, SampleSpan, build_docx  # noqa: E402

ANCHOR = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z'-]*")
DOCX_RTL = re.compile(rb"<w:(?:bidi|rtl|bidiVisual|rtlGutter)(?:\s|/|>)|w:bidi=\"|w:hint=\"cs\"")
HTML_RTL = re.compile(rb'dir="rtl"|direction\s*:\s*rtl|lang="ar')


@dataclass
class ReferenceEngine:
    """The professional English of each gold Arabic sentence (see the module docstring)."""

    table: dict[str, str]
    info: ModelInfo = field(default_factory=lambda: ModelInfo("ntrex-reference", "dev", "-", "reference"))
    settings: DecodingSettings = field(default_factory=DecodingSettings)
    unmatched: int = 0

    def _english(self, source: str) -> str:
        if source in self.table:
            return self.table[source]
        held = sorted(((source.find(ar), en) for ar, en in self.table.items() if ar in source), key=lambda item: item[0])
        if not held:
            self.unmatched += 1
            return ""
        return " ".join(en for _, en in held)

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        out = []
        for source, prefix in zip(sources, prefixes or [None] * len(sources)):
            text = self._english(source)
            if prefix and not text.startswith(prefix):
                text = prefix + " " + text
            tokens = tuple(text.split()) + ("</s>",)
            out.append(Hypothesis(text, tokens, tuple(-0.1 for _ in tokens), tuple(source.split()) + ("</s>",), ()))
        return out

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Hypothesis]:
        return [Hypothesis(t, tuple(t.split()) + ("</s>",), tuple(-0.1 for _ in range(len(t.split()) + 1))) for t in targets]

    def count_tokens(self, sources: Sequence[str]) -> list[int]:
        return [len(source.split()) + 1 for source in sources]

    def count_target_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(text.split()) + 1 for text in texts]


@dataclass(frozen=True)
class Article:
    doc_id: str
    headline: str
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]


def load_articles(shared: Path, limit: int) -> tuple[list[Article], dict[str, str]]:
    articles, table = [], {}
    for line in (shared / "ntrex-dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:limit]:
        record = json.loads(line)
        body = record["ar"][1:]
        articles.append(Article(record["doc_id"], record["ar"][0], tuple(" ".join(body[i : i + 3]) for i in range(0, len(body), 3)), tuple(record["ar"])))
        table.update(zip(record["ar"], record["en"]))
    return articles, table


def anchors(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in ANCHOR.finditer(text)]


def sample_paragraphs(article: Article) -> list[SampleParagraph]:
    items = [SampleParagraph(article.headline, heading=1)]
    for index, text in enumerate(article.paragraphs):
        if index == 2:
            items.append(SampleParagraph(text, (SampleSpan(0, len(text), italic=True),)))
            continue
        spans, linked = [], False
        for start, end in anchors(text):
            latin = text[start].isalpha()
            spans.append(SampleSpan(start, end, link=f"https://example.org/{text[start:end]}") if latin and not linked else SampleSpan(start, end, bold=True))
            linked = linked or latin
        items.append(SampleParagraph(text, tuple(spans)))
    return items


def build_word(article: Article) -> bytes:
    table = [[article.sentences[1], article.sentences[2]]] if len(article.sentences) > 2 else ()
    return build_docx(sample_paragraphs(article), table=table, header=article.headline, title=article.headline, image_alt=article.headline)


def build_open_document(article: Article) -> bytes:
    from translate.testing.odt_samples import build_odt

    table = [[article.sentences[1], article.sentences[2]]] if len(article.sentences) > 2 else ()
    return build_odt(sample_paragraphs(article), table=table, header=article.headline, title=article.headline, image_alt=article.headline)


def build_page(article: Article) -> bytes:
    parts = []
    for index, text in enumerate(article.paragraphs):
        if index == 2:
            parts.append(f"<i>{escape(text)}</i>")
            continue
        out, cursor, linked = [], 0, False
        for start, end in anchors(text):
            out.append(escape(text[cursor:start]))
            word = escape(text[start:end])
            latin = text[start].isalpha()
            out.append(f'<a href="https://example.org/{word}">{word}</a>' if latin and not linked else f"<b>{word}</b>")
            linked = linked or latin
            cursor = end
        out.append(escape(text[cursor:]))
        parts.append("".join(out))
    cells = f"<table><tr><td>{escape(article.sentences[1])}</td><td>{escape(article.sentences[2])}</td></tr></table>" if len(article.sentences) > 2 else ""
    body = "".join(f"<p>{html}</p>" + (cells if index == 1 else "") for index, html in enumerate(parts))
    head = f'<head><meta charset="utf-8"><title>{escape(article.headline)}</title><meta name="description" content="{escape(article.sentences[1], quote=True)}"><meta property="og:title" content="{escape(article.headline, quote=True)}"><style>body{{direction:rtl;text-align:right}}</style></head>'
    figure = f'<figure><img src="/photo.jpg" alt="{escape(article.headline, quote=True)}"></figure>'
    return f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">{head}<body><article><h1 class="title">{escape(article.headline)}</h1>{figure}<div class="story-body">{body}</div></article></body></html>\n'.encode("utf-8")


SHOW_MISSES = False
BUILDERS = {"docx": build_word, "odt": build_open_document, "html": build_page}


def structure(name: str, data: bytes) -> dict[str, object]:
    if name == "odt":
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = archive.read("content.xml")
        return {
            "paragraphs": len(re.findall(rb"<text:(?:p|h)\b", xml)),
            "cells": len(re.findall(rb"<table:table-cell\b", xml)),
            "images": len(re.findall(rb"<draw:image\b", xml)),
            "links": sorted(re.findall(rb'xlink:href="(https?://[^"]+)"', xml)),
            "styles": re.findall(rb'<text:(?:p|h)\b[^>]*text:style-name="([^"]+)"', xml),
        }
    if name == "docx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = archive.read("word/document.xml")
        rels = archive.read("word/_rels/document.xml.rels")
        return {
            "paragraphs": xml.count(b"<w:p ") + xml.count(b"<w:p>"),
            "cells": xml.count(b"<w:tc>"),
            "images": xml.count(b"<pic:pic"),
            "links": sorted(re.findall(rb'Target="(https?://[^"]+)"', rels)),
            "styles": re.findall(rb'w:pStyle w:val="([^"]+)"', xml),
        }
    text = data.decode("utf-8")
    return {
        "paragraphs": len(re.findall(r"<(?:p|h[1-6]|li)\b", text)),
        "cells": len(re.findall(r"<t[dh]\b", text)),
        "images": len(re.findall(r"<img\b", text)),
        "links": sorted(re.findall(r'href="([^"]*)"', text)),
        "styles": re.findall(r'class="([^"]*)"', text),
    }


ODT_RTL = re.compile(rb'writing-mode="rl|fo:language="ar|dc:language>ar')


def rtl_markers(name: str, data: bytes) -> int:
    if name == "odt":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return sum(len(ODT_RTL.findall(archive.read(member))) for member in archive.namelist() if member.endswith(".xml"))
    if name == "docx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return sum(len(DOCX_RTL.findall(archive.read(member))) for member in archive.namelist() if member.endswith(".xml"))
    return len(HTML_RTL.findall(data))


def partition(paragraph) -> list[tuple[int, int, int]]:
    """Run bounds with keys renumbered by first appearance (keys are per read)."""
    seen: dict[int, int] = {}
    return [(r.start, r.end, seen.setdefault(r.key, len(seen))) for r in paragraph.runs]


@dataclass
class Tally:
    articles: int = 0
    same_sentences: int = 0
    in_order: int = 0
    arabic_left: int = 0
    same_structure: int = 0
    rtl_left: int = 0
    whole: int = 0
    whole_kept: int = 0
    spans: int = 0
    spans_present: int = 0
    spans_exact: int = 0
    partition_kept: int = 0
    partition_total: int = 0
    problems: Counter = field(default_factory=Counter)


def measure(name: str, article: Article, work: Path, engine: ReferenceEngine, tally: Tally) -> None:
    from translate.archive import RunSettings, run_archive, walk_inputs
    from translate.records import read_run

    suffix = f".{name}"
    source = work / "in" / f"{article.doc_id}{suffix}"
    source.parent.mkdir(parents=True, exist_ok=True)
    data = BUILDERS[name](article)
    source.write_bytes(data)
    settings = RunSettings(model="reference", out_dir=work / "out")
    (outcome,) = run_archive(walk_inputs([source], settings.out_dir), settings, engine=engine)
    if outcome.status != "translated":
        tally.problems[f"run {outcome.status}: {outcome.error}"] += 1
        return
    tally.articles += 1
    run = read_run(settings.out_dir / f"{article.doc_id}.jsonl")
    written = (settings.out_dir / f"{article.doc_id}.en{suffix}").read_bytes()
    document = read_formatted(source, data)
    layout = document.layout
    # 1. The .txt path's sentences: the paragraphs one a line, blank lines between, as layout orders them.
    txt = "\n\n".join(layout.paragraphs[i].text for i in sorted((i for i, s in enumerate(layout.starts) if s is not None), key=lambda i: layout.starts[i])) + "\n"
    tally.same_sentences += [s.text for s in segment_document(document)] == [s.text for s in segment_document(parse_document(txt))] == [p.source for p in run.pairs]
    # 2. Every English target in the written document, in order.
    fmt = format_of(suffix)
    english = fmt.read(written, str(source))
    positions: dict[int, int] = {}
    ordered = True
    for pair in run.pairs:
        index = layout.paragraph_at(pair.start)
        text = english.paragraphs[index].text
        found = text.find(pair.target, positions.get(index, 0))
        if found < 0:
            ordered = False
            tally.problems["a target not found in order"] += 1
            break
        positions[index] = found + len(pair.target)
    tally.in_order += ordered
    tally.arabic_left += sum(arabic_letter_count(p.text) for p in english.paragraphs)
    tally.same_structure += structure(name, data) == structure(name, written)
    tally.rtl_left += rtl_markers(name, written)
    # 3. Formatting, on the English paragraphs the writer was given and on the file read back.
    targets = english_paragraphs(layout, run.pairs)
    for index, (paragraph, target) in enumerate(zip(layout.paragraphs, targets)):
        if target is None:
            continue
        back = english.paragraphs[index]
        tally.partition_total += 1
        tally.partition_kept += back.text == target.text and partition(back) == partition(target)
        if paragraph.text in article.paragraphs:
            if article.paragraphs.index(paragraph.text) == 2:
                tally.whole += 1
                tally.whole_kept += len({r.key for r in target.runs}) == 1 and target.runs[0].key == paragraph.runs[0].key
                continue
            for start, end in anchors(paragraph.text):
                run_key = next(r.key for r in paragraph.runs if r.start <= start < r.end)
                word = paragraph.text[start:end]
                tally.spans += 1
                if word not in target.text:
                    continue
                tally.spans_present += 1
                carried = [target.text[r.start : r.end].strip() for r in target.runs if r.key == run_key]
                tally.spans_exact += word in carried
                if word not in carried and SHOW_MISSES:
                    print("MISS", repr(word), "->", carried, "|", target.text[:200])


def timing(articles: list[Article], model: str, work: Path, repeats: int) -> tuple[dict[str, float], int]:
    """Seconds for the articles as each document format and as .txt of the same paragraphs, one engine.

    Every format runs ``repeats`` times, the formats interleaved (txt, docx, odt, html, txt, …) so that a
    slow moment of the machine falls on all of them; the best run of each counts."""
    from translate.archive import RunSettings, run_archive, walk_inputs
    from translate.engines import DecodingSettings as Settings
    from translate.engines import load_engine
    from translate.testing.odt_samples import build_odt

    engine = load_engine(model, settings=Settings(beam_size=1, device="cpu", length_ratio=0.0, length_extra=64))
    builders = {
        "txt": lambda a: ("\n\n".join([a.headline, *a.paragraphs]) + "\n").encode("utf-8"),
        "docx": lambda a: build_docx([SampleParagraph(a.headline, heading=1), *(SampleParagraph(p) for p in a.paragraphs)]),
        "odt": lambda a: build_odt([SampleParagraph(a.headline, heading=1), *(SampleParagraph(p) for p in a.paragraphs)]),
        "html": lambda a: ('<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"></head><body><h1>' + escape(a.headline) + "</h1>" + "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs) + "</body></html>\n").encode("utf-8"),
    }
    for folder, build in builders.items():
        (work / folder).mkdir(parents=True, exist_ok=True)
        for article in articles:
            (work / folder / f"{article.doc_id}.{folder}").write_bytes(build(article))
    seconds: dict[str, float] = {}
    for round_ in range(repeats + 1):  # round 0 warms caches and is not counted
        for folder in builders:
            settings = RunSettings(model=model, out_dir=work / f"out-{folder}", formats=("jsonl",) if folder == "txt" else ("jsonl", "doc"), force=True, use_cache=False)
            started = time.perf_counter()
            outcomes = list(run_archive(walk_inputs([work / folder], settings.out_dir), settings, engine=engine))
            elapsed = time.perf_counter() - started
            assert all(o.status == "translated" for o in outcomes), [o.error for o in outcomes if o.status != "translated"]
            if round_:
                seconds[folder] = min(seconds.get(folder, elapsed), elapsed)
    return seconds, sum(len(a.sentences) for a in articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=41)
    parser.add_argument("--timing-articles", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per format (the best counts)")
    parser.add_argument("--model", default="", help="a Marian model for the timing (default: a random tiny one built here)")
    parser.add_argument("--timing-only", action="store_true", help="skip the formatting measures")
    args = parser.parse_args()
    articles, table = load_articles(args.shared_data, args.articles)
    print(f"{len(articles)} NTREX dev articles, {sum(len(a.sentences) for a in articles)} sentences; formats: {', '.join(sorted({m for m, _ in _FORMATS.values()}))}\n")
    names = [name for name in BUILDERS if f".{name}" in _FORMATS]
    print(f"{'format':6} {'same .txt sentences':>19} {'English in order':>16} {'Arabic left':>11} {'same structure':>14} {'RTL left':>8} {'whole-para':>10} {'spans exact':>16} {'runs kept':>10}")
    with tempfile.TemporaryDirectory() as scratch:
        for name in names if not args.timing_only else ():
            tally = Tally()
            engine = ReferenceEngine(table)
            for article in articles:
                measure(name, article, Path(scratch) / name, engine, tally)
            n = tally.articles
            spans = f"{tally.spans_exact}/{tally.spans_present} {tally.spans_exact / max(tally.spans_present, 1):.1%}"
            print(f"{name:6} {tally.same_sentences:>13}/{n:<5} {tally.in_order:>10}/{n:<5} {tally.arabic_left:>11} {tally.same_structure:>8}/{n:<5} {tally.rtl_left:>8} {tally.whole_kept:>6}/{tally.whole:<3} {spans:>16} {tally.partition_kept / max(tally.partition_total, 1):>10.1%}")
            if tally.problems:
                print("   problems:", dict(tally.problems))
            print(f"   ({tally.spans} spans on numbers/Latin words; {tally.spans_present} have the same word in the reference English; {engine.unmatched} segments matched no gold sentence)")
        model = args.model
        if not model:
            from translate.testing.tiny_marian import build_tiny_marian

            corpus = [s for a in articles for s in a.sentences]
            model = str(build_tiny_marian(Path(scratch) / "tiny", corpus, [table[s] for s in corpus]))
        seconds, sentences = timing(articles[: args.timing_articles], model, Path(scratch) / "timing", args.repeats)
        print(f"\ntime, {args.timing_articles} articles ({sentences} sentences), {'tiny random model' if not args.model else model}, greedy, every sentence capped at 64 tokens, best of {args.repeats} interleaved runs:")
        for name in ("docx", "odt", "html"):
            print(f"   .{name:5} {seconds[name]:.2f} s   .txt {seconds['txt']:.2f} s   ratio {seconds[name] / seconds['txt']:.2f}× (bar: ≤ 1.3×)")

if __name__ == "__main__":
    main()
