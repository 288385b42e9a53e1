"""Robustness matrix, faults and hostile content: a full disk, concurrent writers into one folder,
and article text trying to inject markup into the HTML export and the evaluation report."""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import threading
from dataclasses import replace
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from typer.testing import CliRunner

from export_samples import BlockSpec, Sentence, build_run, sample_run
from translate.atomic import write_atomic
from translate.cli import app
from translate.document import BlockKind
from translate.errors import OutputError
from translate.export import EXPORTERS, export_run
from translate.export.html_assets import SCRIPT
from translate.records import QualityScore, TermReport, read_run, run_to_jsonl


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".") or path.suffix == ".tmp")


# --- a full disk ----------------------------------------------------------------------------------


class _FullDiskStream(io.RawIOBase):
    """A file whose writes fill the disk after ``room`` bytes (the temporary file is partly written)."""

    def __init__(self, fd: int, room: int) -> None:
        self.fd = fd
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            os.write(self.fd, bytes(data[: self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return os.write(self.fd, bytes(data))

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _fail_on(point: str, calls_before: int):
    """A patch target and replacement that raise ENOSPC at ``point`` after ``calls_before`` calls."""
    calls = {"n": 0}

    def due() -> bool:
        calls["n"] += 1
        return calls["n"] > calls_before

    if point == "write":
        real = os.fdopen

        def fdopen(fd, mode="r", *args, **kwargs):
            return io.BufferedWriter(_FullDiskStream(fd, 100)) if due() else real(fd, mode, *args, **kwargs)

        return "os.fdopen", fdopen
    if point == "fsync":
        real_fsync = os.fsync

        def fsync(fd):
            if due():
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_fsync(fd)

        return "os.fsync", fsync
    real_mkstemp = __import__("tempfile").mkstemp

    def mkstemp(*args, **kwargs):
        if due():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    return "tempfile.mkstemp", mkstemp


@pytest.mark.parametrize("point", ["write", "fsync", "mkstemp"])
def test_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str) -> None:
    run_file = tmp_path / "article.jsonl"
    run_file.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "article.tmx").write_text("the previous export", encoding="utf-8")
    target, replacement = _fail_on(point, calls_before=1)  # the HTML is written, the TMX hits the full disk
    monkeypatch.setattr(target, replacement)
    result = CliRunner().invoke(app, ["export", str(run_file), "--out", str(out), "--format", "html,tmx,xliff"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    if point == "mkstemp":
        assert lines[0].startswith(f"error: {out / 'article.tmx'}: cannot create the output folder or file (No space left on device)")
    else:
        assert lines[0] == f"error: {out / 'article.tmx'}: the disk is full; nothing was written — free some space and run again (finished segments are cached)"
    assert _leftovers(out) == []
    assert (out / "article.tmx").read_text(encoding="utf-8") == "the previous export"  # old file intact
    assert lxml.html.fromstring((out / "article.html").read_bytes()).find(".//table") is not None  # complete
    assert not (out / "article.xlf").exists()


def test_write_atomic_raises_output_error_on_enospc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, replacement = _fail_on("write", calls_before=0)
    monkeypatch.setattr(target, replacement)
    with pytest.raises(OutputError, match="disk is full"):
        write_atomic(tmp_path / "big.txt", "x" * 100_000)
    assert list(tmp_path.iterdir()) == []


# --- concurrent writers -----------------------------------------------------------------------------


def test_threads_writing_one_name_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "same.txt"
    payloads = [bytes([65 + writer]) * 300_000 for writer in range(6)]
    seen: list[bytes] = []
    stop = threading.Event()

    def writer(payload: bytes) -> None:
        for _ in range(15):
            write_atomic(target, payload)

    def reader() -> None:
        while not stop.is_set():
            try:
                seen.append(target.read_bytes())
            except FileNotFoundError:
                pass

    watcher = threading.Thread(target=reader)
    watcher.start()
    writers = [threading.Thread(target=writer, args=(payload,)) for payload in payloads]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    watcher.join()
    assert target.read_bytes() in payloads
    assert seen and all(snapshot in payloads for snapshot in seen)  # never a torn or mixed file
    assert _leftovers(tmp_path) == []


def _export_repeatedly(args: tuple[str, str, int]) -> None:
    run_file, out, times = args
    run = read_run(Path(run_file))
    for _ in range(times):
        export_run(run, Path(out), "article", ("jsonl", "html", "tmx", "xliff", "tsv", "md"))
        export_run(run, Path(out), Path(run_file).parent.name, ("jsonl", "tsv"))  # a name of its own too


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def test_two_processes_exporting_into_one_folder_never_corrupt_files(tmp_path: Path) -> None:
    first = sample_run()
    second = build_run([BlockSpec(BlockKind.PARAGRAPH, (Sentence("قال الوزير ذلك.", "The minister said so."),))])
    files = []
    for name, run in (("first", first), ("second", second)):
        (tmp_path / name).mkdir()
        path = tmp_path / name / "article.jsonl"
        path.write_text(run_to_jsonl(run), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "out"
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        pool.map_async(_export_repeatedly, [(file, str(out), 8) for file in files]).get(timeout=120)
    # Each file is, byte for byte, one run's complete rendering (which run wins each name is a race).
    for name in ("jsonl", "html", "tmx", "xliff", "tsv", "md"):
        exporter = EXPORTERS[name]
        complete = {_bytes(exporter.render(first)), _bytes(exporter.render(second))}
        assert (out / f"article{exporter.suffix}").read_bytes() in complete, name
    assert read_run(out / "first.jsonl").pairs == first.pairs and read_run(out / "second.jsonl").pairs == second.pairs
    assert _leftovers(out) == []


# --- HTML injection -----------------------------------------------------------------------------------

INJECTIONS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</td></tr></table><iframe src=javascript:alert(1)></iframe>",
    "</style><style>body{display:none}</style>",
    "<!-- a comment --><a href=\"javascript:alert(1)\">link</a>",
    "]]><![CDATA[<b>x</b>]]>",
    "&lt;script&gt; &amp; &#x3c;script&#x3e;",
    "<base href=\"http://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=http://evil.example\">",
]


def _hostile_run(payload: str):
    source = f"قال {payload} الوزير."
    target = f"He said {payload} minister."
    quality = QualityScore(40.0, (payload,), {"length_ratio": 1.0})
    run = build_run([BlockSpec(BlockKind.HEADLINE, (Sentence(payload, payload),)), BlockSpec(BlockKind.PARAGRAPH, (Sentence(source, target, quality=quality),))])
    term = TermReport(0, 3, payload, payload, payload, "first", "model", 0, 2)
    pairs = (run.pairs[0], replace(run.pairs[1], terms=(term,)))
    manifest = replace(run.manifest, input_path=f"{payload}.txt", model_id=payload, engine=payload, decoding={payload: payload})
    return replace(run, manifest=manifest, pairs=pairs)


def _structure(page) -> list[tuple[str, tuple[str, ...]]]:
    return [(element.tag, tuple(sorted(element.attrib))) for element in page.iter() if isinstance(element.tag, str)]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_html_export_renders_injected_markup_as_text(tmp_path: Path, payload: str) -> None:
    run_file = tmp_path / "hostile.jsonl"
    run_file.write_text(run_to_jsonl(_hostile_run(payload)), encoding="utf-8")
    benign_file = tmp_path / "benign.jsonl"
    benign_file.write_text(run_to_jsonl(_hostile_run("plain words")), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(run_file), str(benign_file), "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring((tmp_path / "hostile.html").read_bytes())
    benign = lxml.html.fromstring((tmp_path / "benign.html").read_bytes())
    assert _structure(page) == _structure(benign)  # the same elements and attribute names: nothing injected
    scripts = page.findall(".//script")
    assert len(scripts) == 1 and scripts[0].text.strip() == SCRIPT.strip()
    assert not [name for element in page.iter() if isinstance(element.tag, str) for name in element.attrib if name.lower().startswith("on")]
    assert payload in page.text_content()  # shown to the editor, as text


@pytest.mark.parametrize("payload", INJECTIONS[:4])
def test_eval_html_report_renders_injected_markup_as_text(tmp_path: Path, payload: str) -> None:
    hypothesis = tmp_path / "hyp.txt"
    reference = tmp_path / "ref.txt"
    hypothesis.write_text(f"He said {payload} today.\nSecond line.\n", encoding="utf-8")
    reference.write_text(f"He said {payload} yesterday.\nSecond line.\n", encoding="utf-8")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["eval", str(hypothesis), str(reference), "--html", str(report)])
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring(report.read_bytes())
    assert page.findall(".//script") == [] and page.findall(".//img") == [] and page.findall(".//iframe") == [] and page.findall(".//svg") == []
    assert not [name for element in page.iter() if isinstance(element.tag, str) for name in element.attrib if name.lower().startswith("on")]
    assert "alert(1)" in page.text_content()  # shown, as text


def test_every_exporter_keeps_injected_markup_inert(tmp_path: Path) -> None:
    run = _hostile_run(INJECTIONS[0])
    written = export_run(run, tmp_path, "hostile", tuple(EXPORTERS))
    assert len(written) == len(EXPORTERS) - 1  # the doc of a text article is its txt
    for path in written:
        if path.suffix in (".tmx", ".xlf"):
            tree = lxml.etree.fromstring(path.read_bytes())
            assert not [element for element in tree.iter() if isinstance(element.tag, str) and lxml.etree.QName(element).localname == "script"]


# --- two runs into one folder, sharing one translation cache -----------------------------------------

_ARTICLES = {
    "shared": "لافروف يزور القاهرة\n\nقال وزير الخارجية الروسي إن واشنطن رفضت التنسيق.\n",
    "own": "وغادر الوزير المكان.\n",
}


def _run_into(args: tuple[str, str, str, int]):
    """One `translate run` (fake engine, real SQLite cache, real exports) of two articles, ``times``
    times: one name both runs write, one of its own. Returns every run it produced."""
    from fakes import RecordingEngine
    from translate.engines.cached import CachedEngine, TranslationCache
    from translate.archive import RunSettings, run_archive, walk_inputs

    folder, out, cache, times = args
    inputs = [Path(folder) / "shared.txt", Path(folder) / f"{Path(folder).name}.txt"]
    # force: every pass rewrites its files (the resume rule would skip them), so the two processes race.
    settings = RunSettings(model="fake", out_dir=Path(out), formats=("jsonl", "txt", "tsv", "html", "tmx", "xliff", "md"), force=True)
    produced = []
    try:
        for _ in range(times):
            engine = CachedEngine(RecordingEngine(), TranslationCache(Path(cache)))
            produced.extend(outcome.run for outcome in run_archive(walk_inputs(inputs, Path(out)), settings, engine=engine))
            engine.cache.close()
    except Exception as error:  # returned, not raised: our errors do not survive pickling back
        return f"{type(error).__name__}: {error}"
    return produced


def test_two_runs_into_one_folder_and_one_cache_never_corrupt_files(tmp_path: Path) -> None:
    folders = []
    for name, text in (("alpha", "قال الوزير ذلك.\n"), ("beta", "وغادر الوزير المكان.\n")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "shared.txt").write_text(_ARTICLES["shared"] + text, encoding="utf-8")  # same name, different text
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        folders.append(str(folder))
    out, cache = tmp_path / "out", tmp_path / "cache" / "translations.sqlite3"
    # Not created first: both processes create the cache at the same instant (the WAL switch retries).
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map_async(_run_into, [(folder, str(out), str(cache), 4) for folder in folders]).get(timeout=120)
    assert not [result for result in results if isinstance(result, str)], results
    runs = [run for produced in results for run in produced]
    assert len(runs) == 2 * 4 * 2
    for name in ("shared", "alpha", "beta"):
        candidates = [run for run in runs if Path(run.manifest.input_path).stem == name]
        for format_name in ("jsonl", "txt", "tsv", "html", "tmx", "xliff", "md"):
            exporter = EXPORTERS[format_name]
            complete = {_bytes(exporter.render(run)) for run in candidates}
            assert (out / f"{name}{exporter.suffix}").read_bytes() in complete, (name, format_name)
    assert _leftovers(out) == []


def test_ctrl_c_while_writing_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_file = tmp_path / "article.jsonl"
    run_file.write_text(run_to_jsonl(sample_run()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "article.tmx").write_text("the previous export", encoding="utf-8")
    real_fsync, calls = os.fsync, []

    def interrupted_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the HTML is complete; Ctrl-C arrives while the TMX is being flushed
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr("os.fsync", interrupted_fsync)
    result = CliRunner().invoke(app, ["export", str(run_file), "--out", str(out), "--format", "html,tmx,xliff"])
    assert result.exit_code == 130
    assert result.output.strip() == "interrupted: finished output files are kept; no partial file was written"
    assert _leftovers(out) == [] and sorted(path.name for path in out.iterdir()) == ["article.html", "article.tmx"]
    assert (out / "article.tmx").read_text(encoding="utf-8") == "the previous export"
