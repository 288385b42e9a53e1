"""One article that meets a bug never takes the others down: it becomes its summary row (status
failed, one line, exit 70), and every other article of the run — in its window or not — is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes import RecordingEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.engines.base import Hypothesis
from translate.errors import ArticleFailed, ModelError

POISON = "سمم"


@dataclass
class FaultyEngine(RecordingEngine):
    """Raises what a real engine bug raises whenever a batch holds the poisoned word."""

    error: type[BaseException] = RuntimeError

    def translate(self, sources: Sequence[str], prefixes: Sequence[str | None] | None = None) -> list[Hypothesis]:
        if any(POISON in source for source in sources):
            raise self.error("No position encodings are defined for positions >= 512, but got position 512")
        return super().translate(sources, prefixes)


def inputs(folder: Path, bad: set[int]) -> Path:
    for number in range(10):
        word = POISON if number in bad else "المحادثات"
        path = folder / f"story{number}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"قال الوزير رقم {number} إن {word} مفيدة. وأضاف أنه سيعود غدا.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("bad", "window"),
    [
        ({3}, None),  # one window holds all ten: the window fails, its articles go one by one
        ({0}, None),
        ({9}, 4),  # the last article of a later window
        ({2, 7}, 2),
        ({4}, 1),
    ],
)
def test_one_faulty_article_is_a_row_and_the_rest_are_written(tmp_path: Path, bad: set[int], window: int | None) -> None:
    settings = RunSettings(model="fake", out_dir=tmp_path / "out", window_sentences=window)
    folder = inputs(tmp_path / "in", bad)
    outcomes = list(run_archive(walk_inputs([folder], settings.out_dir), settings, engine=FaultyEngine()))
    assert sorted(o.path.name for o in outcomes) == sorted(f"story{n}.txt" for n in range(10))
    by_name = {o.path.name: o for o in outcomes}
    for number in range(10):
        outcome = by_name[f"story{number}.txt"]
        written = settings.out_dir / f"story{number}.jsonl"
        if number in bad:
            assert outcome.status == "failed" and isinstance(outcome.error, ArticleFailed)
            assert outcome.error.exit_code == 70 and "\n" not in str(outcome.error)
            assert "RuntimeError: No position encodings" in str(outcome.error) and f"story{number}.txt" in str(outcome.error)
            assert not written.exists()
        else:
            assert outcome.status == "translated" and written.is_file()
            assert "EN" in written.read_text(encoding="utf-8")


def test_an_error_about_the_whole_run_still_stops_it(tmp_path: Path) -> None:
    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    folder = inputs(tmp_path / "in", {5})
    with pytest.raises(ModelError):
        list(run_archive(walk_inputs([folder], settings.out_dir), settings, engine=FaultyEngine(error=lambda message: ModelError("/model", message))))


def test_the_cli_exits_70_writes_the_others_and_names_the_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import translate.archive.run as archive_run
    from translate.cli import app

    monkeypatch.setattr(archive_run, "build_engine", lambda settings: FaultyEngine())
    folder = inputs(tmp_path / "in", {6})
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--no-cache", "--model", str(tmp_path)])
    assert result.exit_code == 70, result.output
    summary = (tmp_path / "out" / "run-summary.tsv").read_text(encoding="utf-8").splitlines()
    rows = {row.split("\t")[0].rsplit("/", 1)[-1]: row.split("\t") for row in summary[1:]}
    assert rows["story6.txt"][2] == "failed" and "internal error (RuntimeError" in rows["story6.txt"][7]
    assert sorted(name for name, row in rows.items() if row[2] == "translated") == sorted(f"story{n}.txt" for n in range(10) if n != 6)


def test_a_ray_worker_reports_the_failed_article_with_its_exit_code(tmp_path: Path) -> None:
    """What a Ray actor sends back for a batch (the driver turns each row into a summary row): the
    bug's article is failed with exit code 70, the others are translated with 0."""
    from translate.archive import ArchiveInput
    from translate.distributed.ray_backend import ArchiveWorker
    from translate.errors import ReportedError

    settings = RunSettings(model="fake", out_dir=tmp_path / "out")
    folder = inputs(tmp_path / "in", {2})
    worker = ArchiveWorker.__new__(ArchiveWorker)
    worker.settings, worker.engine = settings, FaultyEngine()
    items: list[ArchiveInput] = list(walk_inputs([folder], settings.out_dir))
    rows = worker({"path": [str(item.path) for item in items], "name": [str(item.name) for item in items]})
    by_name = {Path(path).name: index for index, path in enumerate(rows["path"])}
    bad = by_name["story2.txt"]
    assert rows["status"][bad] == "failed" and rows["exit_code"][bad] == 70
    assert "internal error (RuntimeError" in rows["error"][bad]
    assert [rows["exit_code"][i] for name, i in by_name.items() if name != "story2.txt"] == [0] * 9
    replayed = ReportedError(rows["error"][bad], rows["exit_code"][bad])
    assert replayed.exit_code == 70 and str(replayed) == rows["error"][bad]
