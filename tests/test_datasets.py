"""Datasets: JSONL, JSONL.gz, Parquet, CSV and TSV rows in and out, on a local disk (object storage:
``test_datasets_s3.py``) — rows kept, each row's English the ``.txt`` path's, bad rows reported with
the rest translated, parts committed so a killed run resumes with no row lost or doubled."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fakes import WordForWordEngine
from translate.archive import RunSettings, run_archive, walk_inputs
from translate.cli import app
from translate.datasets import DatasetRequest, run_dataset
from translate.errors import InputError, OutputError

ARTICLES = [
    "لافروف يزور القاهرة\n\nقال وزير الخارجية الروسي إن واشنطن رفضت التنسيق. وأضاف أن الاجتماع كان مثمرا.",
    "مرحبا بكم في القاهرة.\nقال الوزير إن الاجتماع كان مثمرا.",
    "Reuters\n\nأعلنت الحكومة عن خطة جديدة للتعليم في عام 2024.",
    "وصل الرئيس إلى باريس صباح اليوم.\n\nوقال إن المحادثات ستتناول الاقتصاد.",
]


def rows(count: int = 4) -> list[dict[str, Any]]:
    return [{"id": f"n{index}", "text": ARTICLES[index % len(ARTICLES)], "source": "wire"} for index in range(count)]


def write_dataset(path: Path, records: list[dict[str, Any]]) -> Path:
    """``records`` in the format ``path``'s suffix names."""
    name = path.name
    if name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(records), path)
    elif name.endswith((".csv", ".tsv")):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), delimiter="\t" if name.endswith(".tsv") else ",")
        writer.writeheader()
        writer.writerows(records)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        path.write_bytes(gzip.compress(text.encode("utf-8")) if name.endswith(".gz") else text.encode("utf-8"))
    return path


def read_output(folder: Path) -> list[dict[str, Any]]:
    """Every row of a translated dataset's parts, in order."""
    found: list[dict[str, Any]] = []
    for part in sorted(folder.glob("part-*")):
        if part.name.endswith(".parquet"):
            found.extend(pq.read_table(part).to_pylist())
        elif part.name.endswith((".csv", ".tsv")):
            found.extend(csv.DictReader(io.StringIO(part.read_text(encoding="utf-8")), delimiter="\t" if part.name.endswith(".tsv") else ","))
        else:
            data = part.read_bytes()
            text = gzip.decompress(data).decode("utf-8") if part.name.endswith(".gz") else data.decode("utf-8")
            found.extend(json.loads(line) for line in text.splitlines())
    return found


def summary(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "_summary.tsv").read_text(encoding="utf-8")), delimiter="\t"))


def settings(tmp_path: Path) -> RunSettings:
    return RunSettings(model="fake", out_dir=tmp_path / "out", use_cache=False)


def translate(tmp_path: Path, source: Path, engine: Any = None, **options: Any):
    request = DatasetRequest(str(source), str(tmp_path / "out"), **{"id_field": "id", **options})
    return run_dataset(request, settings(tmp_path), engine=engine or WordForWordEngine())


@pytest.fixture(scope="module")
def txt_english(tiny_engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each article's English as the .txt path writes it (NAME.en.txt), with the tiny model."""
    folder = tmp_path_factory.mktemp("as-txt")
    for index, text in enumerate(ARTICLES):
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f"a{index}.txt").write_text(text, encoding="utf-8")
    run_settings = RunSettings(model="tiny", out_dir=folder / "out", formats=("jsonl", "txt"), use_cache=False)
    list(run_archive(walk_inputs([folder / "in"], run_settings.out_dir), run_settings, engine=tiny_engine))
    return {text: (folder / "out" / f"a{index}.en.txt").read_text(encoding="utf-8").rstrip("\n") for index, text in enumerate(ARTICLES)}


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "news.parquet", "news.csv", "news.tsv"])
def test_each_rows_english_is_the_txt_paths_and_every_row_and_column_is_kept(tmp_path: Path, name: str, tiny_engine, txt_english: dict[str, str]) -> None:
    source = write_dataset(tmp_path / name, rows(6))
    outcome = translate(tmp_path, source, tiny_engine, part_rows=4)
    folder = tmp_path / "out" / "news"
    out = read_output(folder)
    assert [row["id"] for row in out] == [f"n{index}" for index in range(6)]
    assert [row["source"] for row in out] == ["wire"] * 6
    assert [row["text"] for row in out] == [row["text"] for row in rows(6)]
    assert [row["text_en"] for row in out] == [txt_english[row["text"]] for row in rows(6)]
    assert all(row["error"] in (None, "") for row in out)
    assert sorted(p.name for p in folder.glob("part-*")) == [f"part-00000{Path(name).suffix if not name.endswith('.gz') else '.jsonl.gz'}", f"part-00001{Path(name).suffix if not name.endswith('.gz') else '.jsonl.gz'}"]
    assert (outcome.translated, outcome.failed, outcome.earlier) == (6, 0, 0)
    assert [line["status"] for line in summary(folder)] == ["translated"] * 6


def test_parquet_parts_carry_their_schema_and_the_manifest(tmp_path: Path) -> None:
    table = pa.table({"id": pa.array([1, 2], pa.int64()), "text": ARTICLES[:2], "meta": pa.array([{"lang": "ar"}, {"lang": "ar"}])})
    pq.write_table(table, tmp_path / "crawl.parquet")
    translate(tmp_path, tmp_path / "crawl.parquet", pairs=True)
    written = pq.read_table(tmp_path / "out" / "crawl" / "part-00000.parquet")
    assert written.schema.field("id").type == pa.int64()
    assert written.schema.field("meta").type == table.schema.field("meta").type
    assert written.schema.field("quality_mean").type == pa.float64() and written.schema.field("flagged").type == pa.int64()
    manifest = json.loads(written.schema.metadata[b"translate.manifest"])
    assert manifest["fields"] == {"text": "text", "id": "id", "title": None} and manifest["translation"]["model_id"] == "fake/model"
    assert json.loads((tmp_path / "out" / "crawl" / "_manifest.json").read_text())["parts"][0]["path"] == str(tmp_path / "crawl.parquet")
    pairs = pq.read_table(tmp_path / "out" / "crawl.pairs" / "part-00000.parquet").to_pylist()
    assert [pair["id"] for pair in pairs] == ["1"] * 3 + ["2"] * 2
    assert pairs[1]["ar"] == "قال وزير الخارجية الروسي إن واشنطن رفضت التنسيق." and pairs[1]["en"] == "en3 en4 en8 en6 en2 en6 en4 en7."
    assert {pair["kind"] for pair in pairs} >= {"headline", "paragraph"} and all(pair["origin"] == "mt" for pair in pairs)


def test_a_folder_of_parquet_parts_is_one_dataset_numbered_across_parts(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    pq.write_table(pa.Table.from_pylist(rows(4)[:2]), tmp_path / "crawl" / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(rows(4)[2:]), tmp_path / "crawl" / "part-1.parquet")
    (tmp_path / "crawl" / "_SUCCESS").write_text("")
    outcome = translate(tmp_path, tmp_path / "crawl")
    assert [row["id"] for row in read_output(tmp_path / "out" / "crawl")] == ["n0", "n1", "n2", "n3"]
    assert [line["row"] for line in summary(tmp_path / "out" / "crawl")] == ["1", "2", "3", "4"]
    assert outcome.translated == 4


def test_a_title_field_is_translated_into_title_en(tmp_path: Path) -> None:
    records = [{"id": "a", "title": "لافروف يزور القاهرة", "text": ARTICLES[1]}]
    translate(tmp_path, write_dataset(tmp_path / "t.jsonl", records), title_field="title")
    (row,) = read_output(tmp_path / "out" / "t")
    assert row["title_en"] == "en6 en4 en7" and row["text_en"] == "en5 en3 en2 en7.\nen3 en6 en2 en8 en3 en5."


def test_bad_rows_are_summary_lines_with_their_error_and_the_rest_are_translated(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": ARTICLES[0]}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "  "}),
        json.dumps({"id": "c", "body": "نص"}),
        json.dumps({"id": "a", "text": ARTICLES[1]}, ensure_ascii=False),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"text": ARTICLES[2]}, ensure_ascii=False),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": ARTICLES[3]}, ensure_ascii=False),
    ]
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = translate(tmp_path, tmp_path / "bad.jsonl")
    lines_read = summary(tmp_path / "out" / "bad")
    assert [(line["row"], line["status"]) for line in lines_read] == [(str(n), "failed" if n not in (1, 9) else "translated") for n in range(1, 10)]
    assert [line["error"] for line in lines_read] == [
        "",
        "has an empty text (field 'text')",
        "has no field 'text' (its fields: id, body)",
        "repeats the id 'a' of row 1",
        "is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        "is a JSON list, not an object",
        "has no 'id' (the id field)",
        "field 'text' is a int, not text",
        "",
    ]
    assert lines_read[4]["where"] == f"{tmp_path / 'bad.jsonl'}: line 5"
    out = read_output(tmp_path / "out" / "bad")
    # Every row that has values is in the output (the failed ones with their error); two lines were not rows.
    assert [row.get("id") for row in out] == ["a", "b", "c", "a", None, "d", "e"]
    assert [row["text_en"] is not None for row in out] == [True, False, False, False, False, False, True]
    assert (outcome.translated, outcome.failed) == (2, 7)
    assert str(outcome.errors[0]) == f"{tmp_path / 'bad.jsonl'}: line 2: has an empty text (field 'text') — fix the row; the others are translated"


@pytest.mark.parametrize("name", ["news.csv", "news.parquet"])
def test_a_wrong_text_field_lists_the_fields_there_are(tmp_path: Path, name: str) -> None:
    source = write_dataset(tmp_path / name, rows(2))
    with pytest.raises(InputError) as caught:
        translate(tmp_path, source, text_field="body")
    assert str(caught.value) == f"{source}: has no field 'body' (its fields: id, text, source) — pass --text-field with one of them"
    assert not (tmp_path / "out").exists()


def test_a_csv_with_a_bom_and_a_quoted_newline_reads_as_a_spreadsheet_wrote_it(tmp_path: Path) -> None:
    text = '\ufeffid,text\r\n1,"' + ARTICLES[1].replace("\n", "\r\n") + '"\r\n2,"قال ""الوزير"" ذلك."\r\n'
    (tmp_path / "sheet.csv").write_text(text, encoding="utf-8")
    translate(tmp_path, tmp_path / "sheet.csv")
    out = read_output(tmp_path / "out" / "sheet")
    assert [row["id"] for row in out] == ["1", "2"]
    assert out[0]["text_en"] == "en5 en3 en2 en7.\nen3 en6 en2 en8 en3 en5."
    assert out[1]["text"] == 'قال "الوزير" ذلك.' and out[1]["text_en"] == "en3 en8 en3."
    assert (tmp_path / "out" / "sheet" / "part-00000.csv").read_text(encoding="utf-8").splitlines()[0] == "id,text,text_en,quality_mean,flagged,terms_repaired,error"


def test_parquet_text_as_binary_is_read_and_a_nested_text_column_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["a"], "text": pa.array([ARTICLES[1].encode("utf-8")], pa.binary())}), tmp_path / "binary.parquet")
    translate(tmp_path, tmp_path / "binary.parquet")
    assert read_output(tmp_path / "out" / "binary")[0]["text_en"] == "en5 en3 en2 en7.\nen3 en6 en2 en8 en3 en5."
    pq.write_table(pa.table({"id": ["a"], "text": pa.array([{"body": "نص"}])}), tmp_path / "nested.parquet")
    with pytest.raises(InputError, match=r"nested.parquet: field 'text' is a column of struct<body: string>, not text — pass --text-field with a column of text"):
        translate(tmp_path, tmp_path / "nested.parquet")


def test_a_truncated_gz_translates_the_rows_before_the_break_and_says_so(tmp_path: Path) -> None:
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in rows(2000)).encode("utf-8")
    data = gzip.compress(text)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    outcome = translate(tmp_path, tmp_path / "cut.jsonl.gz")
    assert outcome.stopped is not None and str(outcome.stopped).startswith(f"{tmp_path / 'cut.jsonl.gz'}: breaks off (")
    out = read_output(tmp_path / "out" / "cut")
    assert 0 < len(out) < 2000 and [row["id"] for row in out] == [f"n{index}" for index in range(len(out))]


def test_a_50_mb_row_is_refused_alone(tmp_path: Path) -> None:
    huge = json.dumps({"id": "huge", "text": "كلمة " * (10 * 2**20)})
    lines = [json.dumps(rows(1)[0], ensure_ascii=False), huge, json.dumps(rows(2)[1], ensure_ascii=False)]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = translate(tmp_path, tmp_path / "big.jsonl")
    assert [line["error"] for line in summary(tmp_path / "out" / "big")] == ["", "is over 16 MB, the limit for one row", ""]
    assert outcome.translated == 2


def test_an_out_inside_the_input_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    write_dataset(tmp_path / "crawl" / "p.parquet", rows(1))
    request = DatasetRequest(str(tmp_path / "crawl"), str(tmp_path / "crawl" / "out"), id_field="id")
    with pytest.raises(InputError, match="holds the output folder .* choose an --out outside the input"):
        run_dataset(request, settings(tmp_path), engine=WordForWordEngine())


class Interrupting(WordForWordEngine):
    """Raises KeyboardInterrupt (a Ctrl-C, a kill) on the ``after``-th call to translate."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.count = 0

    def translate(self, sources, prefixes=None):
        self.count += 1
        if self.count == self.after:
            raise KeyboardInterrupt
        return super().translate(sources, prefixes)


@pytest.mark.parametrize("name", ["news.jsonl", "news.parquet", "news.csv"])
def test_a_run_killed_at_40_percent_resumes_with_no_row_lost_or_doubled(tmp_path: Path, name: str) -> None:
    source = write_dataset(tmp_path / name, rows(50))
    with pytest.raises(KeyboardInterrupt):
        translate(tmp_path, source, Interrupting(after=5), part_rows=4)  # parts of 4 rows: one window each
    folder = tmp_path / "out" / "news"
    done = read_output(folder)
    assert len(done) == 16 and not list(folder.glob(".*tmp*"))  # four committed parts, no half part
    engine = WordForWordEngine()
    outcome = translate(tmp_path, source, engine, part_rows=4)
    out = read_output(folder)
    assert [row["id"] for row in out] == [f"n{index}" for index in range(50)]
    assert (outcome.earlier, outcome.translated) == (16, 34)
    assert [line["row"] for line in summary(folder)] == [str(n) for n in range(1, 51)]


def test_a_part_written_without_its_commit_record_is_written_again(tmp_path: Path) -> None:
    source = write_dataset(tmp_path / "news.jsonl", rows(8))
    translate(tmp_path, source, part_rows=4)
    folder = tmp_path / "out" / "news"
    (folder / "_commits" / "part-00001.json").unlink()  # killed between the part and its record
    outcome = translate(tmp_path, source, part_rows=4)
    assert (outcome.earlier, outcome.translated) == (4, 4)
    assert [row["id"] for row in read_output(folder)] == [f"n{index}" for index in range(8)]


def test_a_rerun_with_other_settings_is_refused_and_force_replaces(tmp_path: Path) -> None:
    source = write_dataset(tmp_path / "news.jsonl", rows(3))
    translate(tmp_path, source)
    with pytest.raises(OutputError, match="holds a translation of another input, fields or settings"):
        translate(tmp_path, source, title_field=None, text_field="text", pairs=True)
    request = DatasetRequest(str(source), str(tmp_path / "out"), id_field="id", pairs=True)
    outcome = run_dataset(request, RunSettings(model="fake", out_dir=tmp_path / "out", use_cache=False, force=True), engine=WordForWordEngine())
    assert outcome.translated == 3 and len(read_output(tmp_path / "out" / "news.pairs")) == 7


def test_parts_translate_did_not_write_are_never_replaced(tmp_path: Path) -> None:
    source = write_dataset(tmp_path / "news.jsonl", rows(2))
    (tmp_path / "out" / "news").mkdir(parents=True)
    (tmp_path / "out" / "news" / "part-00000.jsonl").write_text("mine\n")
    with pytest.raises(OutputError, match="holds parts that translate did not write"):
        translate(tmp_path, source)
    assert (tmp_path / "out" / "news" / "part-00000.jsonl").read_text() == "mine\n"


def test_the_cli_translates_a_dataset_prints_progress_without_a_terminal_and_exits_1_on_a_bad_row(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.cli.progress as progress

    monkeypatch.setattr(progress, "PROGRESS_LINES_EVERY_S", 0.0)
    records = [*rows(3), {"id": "x", "text": ""}]
    source = write_dataset(tmp_path / "news.jsonl", records)
    result = CliRunner().invoke(app, ["run", str(source), "--id-field", "id", "--model", str(tiny_model_dir), "--engine", "torch", "--no-cache", "--out", str(tmp_path / "out"), "--part-rows", "2"])
    assert result.exit_code == 1, result.output
    assert f"error: {source}: line 4: has an empty text (field 'text') — fix the row; the others are translated" in result.output
    assert f"{source}: 2 rows, " in result.output and "sentences/s" in result.output
    assert f"{source}: 3 rows translated" in result.output and "1 failed" in result.output
    assert [row["id"] for row in read_output(tmp_path / "out" / "news")] == ["n0", "n1", "n2", "x"]
    quiet = CliRunner().invoke(app, ["run", str(source), "--id-field", "id", "--model", str(tiny_model_dir), "--engine", "torch", "--no-cache", "--out", str(tmp_path / "out2"), "--quiet"])
    assert "sentences/s" not in quiet.output and "rows translated" not in quiet.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["news.jsonl", "a.txt"], "translate datasets and article files in separate runs"),
        (["a.txt", "--id-field", "id"], "are for datasets"),
    ],
)
def test_dataset_usage_errors(tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_dataset(tmp_path / "news.jsonl", rows(1))
    (tmp_path / "a.txt").write_text(ARTICLES[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["run", *args])
    assert result.exit_code == 2 and message in " ".join(result.output.replace("│", " ").split())


def test_a_lone_surrogate_in_a_json_row_is_replaced_and_the_run_finishes(tmp_path: Path) -> None:
    lines = ['{"id": "a", "text": "قال \\ud800 الوزير."}', json.dumps(rows(2)[1], ensure_ascii=False)]
    (tmp_path / "s.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = translate(tmp_path, tmp_path / "s.jsonl")
    out = read_output(tmp_path / "out" / "s")
    assert outcome.translated == 2 and out[0]["text"] == "قال \ufffd الوزير." and [row["id"] for row in out] == ["a", "n1"]


def test_lines_after_an_overlong_line_in_the_same_chunk_stay_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.datasets.rows as rows_module

    monkeypatch.setattr(rows_module, "MAX_ROW_BYTES", 100_000)
    lines = [json.dumps(rows(1)[0], ensure_ascii=False), json.dumps({"id": "big", "text": "كلمة " * 60_000}), *(json.dumps({"id": f"after{n}", "text": ARTICLES[1]}, ensure_ascii=False) for n in range(3))]
    (tmp_path / "long.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    translate(tmp_path, tmp_path / "long.jsonl")
    assert [(line["id"], line["status"]) for line in summary(tmp_path / "out" / "long")] == [("n0", "translated"), ("", "failed"), ("after0", "translated"), ("after1", "translated"), ("after2", "translated")]


def test_parquet_parts_of_other_schemas_or_a_broken_part_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "mixed").mkdir()
    pq.write_table(pa.Table.from_pylist(rows(2)), tmp_path / "mixed" / "part-0.parquet")
    pq.write_table(pa.table({"id": [4], "text": [ARTICLES[0]], "source": ["wire"]}), tmp_path / "mixed" / "part-1.parquet")
    with pytest.raises(InputError, match=r"part-1.parquet: has other columns or types than .*part-0.parquet \(id: int64, text: string, source: string\)"):
        translate(tmp_path, tmp_path / "mixed")
    (tmp_path / "mixed" / "part-1.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"part-1.parquet: is not a Parquet file that can be read"):
        translate(tmp_path, tmp_path / "mixed")
    assert not (tmp_path / "out").exists()


def test_a_csv_row_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    good = [f"{n},مرحبا بكم في القاهرة." for n in range(3)]
    data = ("id,text\n" + "\n".join(good[:2]) + "\n").encode("utf-8") + b"9,\xff bad\n" + (good[2] + "\n").encode("utf-8")
    (tmp_path / "b.csv").write_bytes(data)
    outcome = translate(tmp_path, tmp_path / "b.csv")
    assert [(line["row"], line["status"], line["error"]) for line in summary(tmp_path / "out" / "b")] == [
        ("1", "translated", ""), ("2", "translated", ""), ("3", "failed", "is not UTF-8 text (a byte that does not decode)"), ("4", "translated", ""),
    ]  # fmt: skip
    assert outcome.translated == 3


def test_a_missing_dataset_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(tmp_path / "nowhere"), "--text-field", "body", "--model", "fake-model", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and result.output.strip() == f"error: {tmp_path / 'nowhere'}: no such file or folder — check the path or URI"


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("s3://AKIAX:abc/def+ghi@bucket/a.jsonl", "s3://bucket/a.jsonl"),
        ("s3://bucket/a@b.jsonl", "s3://bucket/a@b.jsonl"),
        ("/data/x@y/a.jsonl", "/data/x@y/a.jsonl"),
    ],
)
def test_a_uris_secret_is_never_shown(uri: str, shown: str) -> None:
    from translate.datasets.location import display_of, locate

    assert display_of(uri) == shown
    with pytest.raises(InputError) as caught:
        locate("s3://AKIAX:TOP%zzSECRET@bucket/a.jsonl")
    assert "TOP" not in str(caught.value) and str(caught.value).startswith("s3://bucket/a.jsonl: ")
