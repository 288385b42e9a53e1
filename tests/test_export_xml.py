"""TMX 1.4b and XLIFF 1.2: valid against the schemas vendored in data/schemas, carrying what CAT tools and
`evaluate` read, and reading back into the same pairs for arbitrary Unicode text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from export_samples import BlockSpec, Sentence, build_run, sample_run
from translate.document import BlockKind
from translate.errors import InputError, RecordError
from translate.export import tmx, xliff
from translate.export.clean import clean_text
from translate.export.options import ExportOptions
from translate.export.readers import ExportedPair, read_export, read_tmx, read_xliff
from translate.records import QualityScore, Run
from translate.testing.corpora import schemas_dir

SCHEMAS = schemas_dir()  # the repository's data/schemas
NS = {"x": xliff.NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _schema_file(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the TMX/XLIFF schemas are vendored in data/schemas (data/SOURCES.md)")
    return path


@pytest.fixture(scope="module")
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(_schema_file("tmx14.dtd")))


@pytest.fixture(scope="module")
def xliff_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_schema_file("xliff-core-1.2-strict.xsd"))))


def _assert_valid(validator, data: bytes) -> None:
    document = etree.fromstring(data).getroottree()
    assert validator.validate(document), validator.error_log.filter_from_errors()


LOCALES = [("ar", "en"), ("ar-SA", "en-US"), ("ar-EG", "en-GB")]


@pytest.mark.parametrize(("source", "target"), LOCALES)
def test_tmx_is_valid_with_declared_locales(tmx_dtd, source: str, target: str) -> None:
    data = tmx.render(sample_run(), ExportOptions(source, target))
    _assert_valid(tmx_dtd, data)
    root = etree.fromstring(data)
    assert root.find("header").get("srclang") == source
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {source, target}


def test_tmx_header() -> None:
    header = etree.fromstring(tmx.render(sample_run())).find("header")
    assert dict(header.attrib) == {
        "creationtool": "translate",
        "creationtoolversion": "0.1.0",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ar",
        "datatype": "plaintext",
        "o-tmf": "translate-jsonl",
        "creationdate": "20261129T060000Z",
    }
    assert {p.get("type"): p.text for p in header.findall("prop")}["x-model"] == "Helsinki-NLP/opus-mt-ar-en"


@pytest.mark.parametrize(
    ("tuid", "props"),
    [
        ("0", {"x-id": "0", "x-kind": "headline", "x-score": "91.0", "x-origin": "mt"}),
        ("2", {"x-id": "2", "x-kind": "paragraph", "x-score": "38.5", "x-flags": "low_logprob,length_ratio", "x-origin": "mt"}),
        ("4", {"x-id": "4", "x-kind": "subheading", "x-score": "64.25", "x-flags": "number_mismatch", "x-origin": "mt"}),
        ("5", {"x-id": "5", "x-kind": "paragraph", "x-origin": "mt"}),  # no score yet: no x-score prop
    ],
)
def test_tmx_unit_props(tuid: str, props: dict) -> None:
    root = etree.fromstring(tmx.render(sample_run()))
    unit = root.find(f"body/tu[@tuid='{tuid}']")
    assert {p.get("type"): p.text for p in unit.findall("prop")} == props


def test_tmx_holds_every_pair_and_marks_passthrough() -> None:
    root = etree.fromstring(tmx.render(sample_run()))
    assert [tu.get("tuid") for tu in root.iter("tu")] == ["0", "1", "2", "3", "4", "5", "6", "7"]
    caption = root.find("body/tu[@tuid='1']")
    assert {p.get("type"): p.text for p in caption.findall("prop")} == {"x-id": "1", "x-kind": "caption", "x-passthrough": "yes", "x-origin": "passthrough"}
    assert [tuv.get(XML_LANG) for tuv in caption.findall("tuv")] == ["ar", "en"]


@pytest.mark.parametrize(("source", "target"), LOCALES)
def test_xliff_is_valid_with_declared_locales(xliff_schema, source: str, target: str) -> None:
    data = xliff.render(sample_run(), ExportOptions(source, target))
    _assert_valid(xliff_schema, data)
    file = etree.fromstring(data).find("x:file", NS)
    assert (file.get("source-language"), file.get("target-language")) == (source, target)
    assert len(etree.fromstring(data).findall("x:file", NS)) == 1


def _unit(data: bytes, unit_id: str) -> etree._Element:
    return etree.fromstring(data).find(f".//x:trans-unit[@id='{unit_id}']", NS)


def _notes(unit: etree._Element) -> list[tuple[str, str]]:
    return [(n.get("from"), n.text) for n in unit.findall("x:note", NS)]


def test_xliff_machine_translated_unit() -> None:
    unit = _unit(xliff.render(sample_run()), "2")
    target = unit.find("x:target", NS)
    assert (target.get("state"), target.get("state-qualifier")) == ("needs-review-translation", "leveraged-mt")
    assert unit.get("translate") is None
    assert unit.getparent().get("restype") == "x-paragraph"
    assert _notes(unit) == [
        ("translate:mt", "The Russian foreign minister said Washington refused to send a military delegation."),
        ("translate:quality", "score=38.5; flags=low_logprob,length_ratio"),
        ("translate:glossary", "واشنطن → Washington (model, first mention)"),
    ]


def test_xliff_passthrough_unit_is_not_to_be_translated() -> None:
    unit = _unit(xliff.render(sample_run()), "1")
    assert unit.get("translate") == "no"
    assert unit.find("x:source", NS).get(XML_LANG) == "en"
    assert unit.find("x:target", NS).get("state") == "final"
    assert ("translate:quality", "score=none; flags=") in _notes(unit)


def test_xliff_groups_follow_the_article() -> None:
    root = etree.fromstring(xliff.render(sample_run()))
    groups = root.findall(".//x:group", NS)
    assert [g.get("restype") for g in groups] == ["x-headline", "x-caption", "x-paragraph", "x-subheading", "x-paragraph", "x-source"]
    assert [len(g.findall("x:trans-unit", NS)) for g in groups] == [1, 1, 2, 1, 2, 1]


def test_empty_run_is_valid(tmx_dtd, xliff_schema) -> None:
    empty = Run(sample_run().manifest, ())
    _assert_valid(tmx_dtd, tmx.render(empty))
    _assert_valid(xliff_schema, xliff.render(empty))
    assert read_tmx(tmx.render(empty)) == () and read_xliff(xliff.render(empty)) == ()


def test_control_characters_are_removed_not_fatal(tmx_dtd, xliff_schema) -> None:
    run = sample_run()
    assert "\x01" in run.pairs[6].source and "\x0b" in run.pairs[6].target
    for render, validator in ((tmx.render, tmx_dtd), (xliff.render, xliff_schema)):
        data = render(run)
        _assert_valid(validator, data)
    assert read_xliff(xliff.render(run))[6].source == "وصل\tالوفد اليوم"
    assert read_tmx(tmx.render(run))[6].target == "The\tdelegation arrived today"


def test_post_edited_xliff_reads_editor_target_and_machine_note() -> None:
    root = etree.fromstring(xliff.render(sample_run()))
    target = root.find(".//x:trans-unit[@id='3']/x:target", NS)
    target.text = "Lavrov said his country had received no requests."
    target.set("state", "translated")
    pair = read_xliff(etree.tostring(root))[3]
    assert pair.target == "Lavrov said his country had received no requests."
    assert pair.mt == "Lavrov stressed that his country had received no requests."


@pytest.mark.parametrize(
    ("reader", "data", "problem"),
    [
        (read_tmx, b"<tmx><body><tu>", "not well-formed TMX"),
        (read_xliff, b"<xliff version='1.2'>\n<file", "line 2"),
        (read_tmx, b"<tmx><header srclang='ar'/><body><tu tuid='x'><tuv xml:lang='ar'><seg>a</seg></tuv></tu></body></tmx>", "bad id"),
        (read_xliff, b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2'><file><body><trans-unit id='one'><source>a</source></trans-unit></body></file></xliff>", "bad id"),
    ],
)
def test_readers_name_bad_records(reader, data: bytes, problem: str) -> None:
    with pytest.raises(RecordError, match=problem):
        reader(data, "in.xml")


def test_readers_do_not_expand_entities() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY boom "BOOM">]><tmx><header srclang="ar"/><body><tu tuid="1"><tuv xml:lang="ar"><seg>&boom;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""
    assert "BOOM" not in read_tmx(data)[0].source


def test_read_export_by_suffix(tmp_path: Path) -> None:
    run = sample_run()
    (tmp_path / "a.xlf").write_bytes(xliff.render(run))
    (tmp_path / "a.tmx").write_bytes(tmx.render(run))
    assert len(read_export(tmp_path / "a.xlf")) == 8
    assert len(read_export(tmp_path / "a.tmx")) == 8
    with pytest.raises(InputError, match="unknown suffix"):
        read_export(tmp_path / "a.csv")


flags_strategy = st.lists(st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True), max_size=3).map(tuple)
quality_strategy = st.none() | st.builds(QualityScore, st.floats(0, 100, allow_nan=False), flags_strategy)
sentences = st.builds(Sentence, st.text(), st.text(), quality=quality_strategy, passthrough=st.booleans())
XML_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _expected(pair, *, xliff_fields: bool) -> ExportedPair:  # TMX: all but the MT note
    return ExportedPair(
        id=pair.id,
        source=clean_text(pair.source),
        target=clean_text(pair.target),
        kind=pair.kind.value,
        score=pair.quality.score if pair.quality else None,
        flags=pair.quality.flags if pair.quality else (),
        passthrough=pair.passthrough,
        mt=clean_text(pair.target) if xliff_fields else None,
    )


@XML_SETTINGS
@given(st.lists(sentences, min_size=1, max_size=4), st.sampled_from([BlockKind.PARAGRAPH, BlockKind.HEADLINE, BlockKind.CAPTION]))
def test_xliff_round_trips_arbitrary_text(xliff_schema, items: list[Sentence], kind: BlockKind) -> None:
    run = build_run([BlockSpec(kind, tuple(items))])
    data = xliff.render(run)
    _assert_valid(xliff_schema, data)
    assert read_xliff(data) == tuple(_expected(p, xliff_fields=True) for p in run.pairs)


@XML_SETTINGS
@given(st.lists(sentences, min_size=1, max_size=4))
def test_tmx_round_trips_arbitrary_text(tmx_dtd, items: list[Sentence]) -> None:
    run = build_run([BlockSpec(BlockKind.PARAGRAPH, tuple(items))])
    data = tmx.render(run)
    _assert_valid(tmx_dtd, data)
    assert read_tmx(data) == tuple(_expected(p, xliff_fields=False) for p in run.pairs)


@pytest.mark.parametrize("fmt", ["xliff", "tmx", "tsv"])
def test_evaluate_reads_our_exports_pair_for_pair(tmp_path: Path, fmt: str) -> None:
    """The contract with `translate eval`: every export yields the run's targets, in order."""
    from translate.evaluate.inputs import read_side
    from translate.export import export_run

    run = sample_run()
    (path,) = export_run(run, tmp_path, "lavrov", (fmt,))
    side = read_side(path)
    assert side.segments == tuple(clean_text(p.target).rstrip() for p in run.pairs)
    if fmt == "xliff":
        assert side.terms[0] == ("Lavrov", "Washington")


def _with_memory() -> tuple:
    """The sample run with one pair reused from the memory and one with two fuzzy suggestions."""
    import dataclasses

    from translate.records import Run, TmMatch, TmProvenance

    run = sample_run()
    pairs = list(run.pairs)
    translated = [index for index, pair in enumerate(pairs) if not pair.passthrough]
    reused, suggested = translated[0], translated[1]
    provenance = TmProvenance(origin="desk.tmx", editor="R. Haddad", created="2026-11-01T10:00:00+00:00", changed="2026-11-02T10:00:00+00:00", usage=3)
    pairs[reused] = dataclasses.replace(pairs[reused], origin="tm", target="Lavrov: Washington refused to coordinate on Syria", tm=TmMatch(101, pairs[reused].source, "Lavrov: Washington refused to coordinate on Syria", provenance))
    pairs[suggested] = dataclasses.replace(
        pairs[suggested],
        tm_suggestions=(TmMatch(92, pairs[suggested].source + " جدا", "A memory's English, very", provenance), TmMatch(77, "نص آخر", "Other text", TmProvenance())),
    )
    return Run(run.manifest, tuple(pairs)), pairs[reused].id, pairs[suggested].id


def test_xliff_shows_memory_matches_as_cat_tools_do(xliff_schema) -> None:
    run, reused, suggested = _with_memory()
    root = etree.fromstring(xliff.render(run))
    assert xliff_schema.validate(root), xliff_schema.error_log
    ns = {"x": xliff.NAMESPACE}
    unit = root.find(f".//x:trans-unit[@id='{reused}']", ns)
    target = unit.find("x:target", ns)
    assert (target.get("state"), target.get("state-qualifier"), target.text) == ("translated", "exact-match", "Lavrov: Washington refused to coordinate on Syria")
    assert [(a.get("origin"), a.get("match-quality")) for a in unit.findall("x:alt-trans", ns)] == [("tm", "101")]
    unit = root.find(f".//x:trans-unit[@id='{suggested}']", ns)
    assert unit.find("x:target", ns).get("state-qualifier") == "leveraged-mt"
    alternatives = unit.findall("x:alt-trans", ns)
    assert [(a.get("match-quality"), a.find("x:target", ns).text, a.find("x:target", ns).get("state-qualifier")) for a in alternatives] == [
        ("92", "A memory's English, very", "leveraged-tm"),
        ("77", "Other text", "leveraged-tm"),
    ]
    assert "editor=R. Haddad" in alternatives[0].find("x:note", ns).text


def test_tmx_marks_pairs_reused_from_the_memory(tmx_dtd) -> None:
    run, reused, suggested = _with_memory()
    data = tmx.render(run)
    _assert_valid(tmx_dtd, data)
    units = {int(unit.get("tuid")): {prop.get("type"): prop.text for prop in unit.findall("prop")} for unit in etree.fromstring(data).iter("tu")}
    assert (units[reused]["x-origin"], units[reused]["x-tm-score"]) == ("tm", "101")
    assert units[suggested]["x-origin"] == "mt"
