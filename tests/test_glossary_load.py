"""Loading glossaries: TSV, CSV, TBX (martif and ISO 30042:2019), folders, and every bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.errors import GlossaryError
from translate.glossary import ENTRY_TYPES, GlossaryEntry, TermMatcher, load_glossary, render_tbx, term_key

ROOT = Path(__file__).resolve().parent.parent
HEADER = "ar\ten\ten_short\ttype\tnote\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def test_tsv_columns_variants_and_types(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", HEADER + "سيرغي لافروف|لافروف\tSergei Lavrov\tLavrov\tperson\tforeign minister\nموسكو\tMoscow\t\tplace\t\n")
    glossary = load_glossary(path)
    assert glossary.entries == (
        GlossaryEntry(("سيرغي لافروف", "لافروف"), "Sergei Lavrov", "Lavrov", "person", "foreign minister", str(path), 2),
        GlossaryEntry(("موسكو",), "Moscow", "", "place", "", str(path), 3),
    )
    assert glossary.as_manifest()["entries"] == 2
    assert glossary.digest.startswith("sha256:")


def test_columns_in_any_order_and_optional_ones_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", "en\tar\nCairo\tالقاهرة\n")
    assert load_glossary(path).entries[0].ar == ("القاهرة",) and load_glossary(path).entries[0].type == "other"


def test_csv_with_quoting(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", 'ar,en,en_short,type,note\n"الأمم المتحدة","United Nations, the",,org,"a ""quoted"" note"\n')
    entry = load_glossary(path).entries[0]
    assert (entry.en, entry.note) == ("United Nations, the", 'a "quoted" note')


@pytest.mark.parametrize(
    "raw",
    [
        ("\ufeff" + HEADER + "القاهرة\tCairo\t\tplace\t\n").encode("utf-8"),
        (HEADER + "القاهرة\tCairo\t\tplace\t\n").replace("\n", "\r\n").encode("utf-8"),
        ("\ufeff" + HEADER + "القاهرة\tCairo\t\tplace\t\n").replace("\n", "\r\n").encode("utf-8"),
        ("# a comment\n\n" + HEADER + "\nالقاهرة\tCairo\t\tplace\t\n"),
    ],
    ids=["bom", "crlf", "bom+crlf", "comments-and-blank-lines"],
)
def test_spreadsheet_artefacts_load_like_clean_text(tmp_path: Path, raw: bytes | str) -> None:
    entry = load_glossary(write(tmp_path, "g.tsv", raw)).entries[0]
    assert (entry.ar, entry.en, entry.type) == (("القاهرة",), "Cairo", "place")


def test_digest_changes_with_content(tmp_path: Path) -> None:
    first = load_glossary(write(tmp_path, "a.tsv", HEADER + "القاهرة\tCairo\t\tplace\t\n")).digest
    second = load_glossary(write(tmp_path, "a.tsv", HEADER + "القاهرة\tCairo City\t\tplace\t\n")).digest
    assert first != second


def test_a_folder_loads_its_files_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.tsv", HEADER + "موسكو\tMoscow\t\tplace\t\n")
    write(tmp_path, "a.csv", "ar,en\nالقاهرة,Cairo\n")
    write(tmp_path, "readme.txt", "not a glossary")
    glossary = load_glossary(tmp_path)
    assert [entry.en for entry in glossary.entries] == ["Cairo", "Moscow"]
    assert [Path(name).name for name in glossary.files] == ["a.csv", "b.tsv"]


def test_the_same_pair_twice_is_kept_once(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", HEADER + "القاهرة\tCairo\t\tplace\t\nالقاهره\tCairo\t\tplace\t\n")
    assert [entry.en for entry in load_glossary(path).entries] == ["Cairo"]


BAD_TABLES = [
    ("header", "arabic\tenglish\nالقاهرة\tCairo\n", 1, "header row"),
    ("fields", HEADER + "القاهرة\tCairo\tplace\n", 2, "expected 5 tab-separated fields"),
    ("empty-ar", HEADER + "\tCairo\t\tplace\t\n", 2, "Arabic term (column ar) is empty"),
    ("blank-ar", HEADER + "   \tCairo\t\tplace\t\n", 2, "Arabic term (column ar) is empty"),
    ("empty-en", HEADER + "القاهرة\t\t\tplace\t\n", 2, "English form (column en)"),
    ("empty-variant", HEADER + "القاهرة||قاهرة\tCairo\t\tplace\t\n", 2, "empty spelling variant"),
    ("no-letters", HEADER + "ـــ\tCairo\t\tplace\t\n", 2, "has no letters"),
    ("type", HEADER + "القاهرة\tCairo\t\tcity\t\n", 2, "unknown type 'city'"),
    ("only-header", HEADER, None, "no entries"),
    ("empty-file", "", None, "is empty"),
    ("latin-1", "ar\ten\n".encode() + "Café\tCafé\n".encode("latin-1"), 2, "not UTF-8"),
]


@pytest.mark.parametrize(("name", "text", "line", "problem"), BAD_TABLES, ids=[case[0] for case in BAD_TABLES])
def test_bad_tables_name_file_and_line(tmp_path: Path, name: str, text: str | bytes, line: int | None, problem: str) -> None:
    path = write(tmp_path, f"{name}.tsv", text)
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert caught.value.line == line
    assert caught.value.path == path
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_bad_csv_quoting_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", 'ar,en\nالقاهرة,Cairo\n"القاهرة,Cairo\n')
    with pytest.raises(GlossaryError, match="is not valid CSV"):
        load_glossary(path)


def test_one_arabic_term_with_two_english_forms_lists_both_lines(tmp_path: Path) -> None:
    first = write(tmp_path, "a.tsv", HEADER + "موسكو\tMoscow\t\tplace\t\nميدفيديف\tDmitry Medvedev\tMedvedev\tperson\t\n")
    second = write(tmp_path, "b.tsv", HEADER + "القاهرة\tCairo\t\tplace\t\nمِيدفيديف|مدفيدف\tDimitri Medvedev\t\tperson\t\n")
    with pytest.raises(GlossaryError) as caught:
        load_glossary([first, second])
    message = str(caught.value)
    assert message.startswith(f"{second}:3:")
    assert f"{first}:3" in message
    assert "'Dmitry Medvedev / Medvedev' there, 'Dimitri Medvedev' here" in message


@pytest.mark.parametrize(
    ("paths", "problem"),
    [(["missing.tsv"], "no such glossary file or folder"), (["empty-folder"], "holds no .tsv, .csv or .tbx")],
)
def test_missing_paths(tmp_path: Path, paths: list[str], problem: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(GlossaryError, match=problem):
        load_glossary([tmp_path / p for p in paths])


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
 <text><body>
  <termEntry id="c1">
   <descrip type="subjectField">person</descrip>
   <langSet xml:lang="ar"><tig><term>سيرغي لافروف</term></tig><ntig><termGrp><term>لافروف</term></termGrp></ntig></langSet>
   <langSet xml:lang="en-GB">
    <tig><term>Lavrov</term><termNote type="termType">shortForm</termNote></tig>
    <tig><term>Sergei Lavrov</term><termNote type="termType">fullForm</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="c2"><langSet xml:lang="fr"><tig><term>Moscou</term></tig></langSet></termEntry>
 </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="ar"><termSec><term>مجلس الدوما</term></termSec></langSec>
   <langSec xml:lang="en"><termSec><term>State Duma</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


def test_tbx_martif_layout(tmp_path: Path) -> None:
    entries = load_glossary(write(tmp_path, "g.tbx", MARTIF)).entries
    assert [(e.ar, e.en, e.en_short, e.type) for e in entries] == [(("سيرغي لافروف", "لافروف"), "Sergei Lavrov", "Lavrov", "person")]
    assert entries[0].line == 4


def test_tbx_iso_30042_2019_layout_with_namespace(tmp_path: Path) -> None:
    entries = load_glossary(write(tmp_path, "g.tbx", TBX_V3)).entries
    assert [(e.ar, e.en) for e in entries] == [(("مجلس الدوما",), "State Duma")]


def test_written_tbx_reads_back_the_same_glossary(tmp_path: Path) -> None:
    original = load_glossary(ROOT / "glossary")
    path = write(tmp_path, "out.tbx", render_tbx(original))
    again = load_glossary(path)
    assert [(e.ar, e.en, e.en_short, e.type, e.note) for e in again.entries] == [(e.ar, e.en, e.en_short, e.type, e.note) for e in original.entries]


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("broken", "<martif><text><body><termEntry></body></text></martif>", "is not well-formed XML"),
        ("not-xml", "ar\ten\nالقاهرة\tCairo\n", "is not well-formed XML"),
        ("not-tbx", "<html><body/></html>", "is XML but not TBX"),
        ("no-pairs", MARTIF.replace('xml:lang="ar"', 'xml:lang="de"'), "holds no concept"),
        ("empty-term", MARTIF.replace("<term>لافروف</term>", "<term> </term>"), "an empty <term>"),
    ],
)
def test_bad_tbx(tmp_path: Path, name: str, text: str, problem: str) -> None:
    with pytest.raises(GlossaryError, match=problem):
        load_glossary(write(tmp_path, f"{name}.tbx", text))


def test_tbx_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOPSECRET")
    xxe = MARTIF.replace('<?xml version="1.0" encoding="UTF-8"?>', f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>').replace(
        "<term>Sergei Lavrov</term>", "<term>Sergei Lavrov&x;</term>"
    )
    entries = load_glossary(write(tmp_path, "xxe.tbx", xxe)).entries
    assert "TOPSECRET" not in entries[0].en


def test_the_seed_glossary_loads_and_covers_its_types() -> None:
    glossary = load_glossary(ROOT / "glossary")
    assert {entry.type for entry in glossary.entries} == {"person", "place", "org", "media"}
    people = {entry.en: entry.en_short for entry in glossary.entries if entry.type == "person"}
    assert people["Sergei Lavrov"] == "Lavrov" and people["Dmitry Medvedev"] == "Medvedev"
    assert TermMatcher(glossary).find("صورة (الأوروبية)")[0].entry.en == "(EPA)"


def test_the_package_exports_what_it_lists() -> None:
    import translate.glossary as package

    assert sorted(package.__all__) == sorted(set(package.__all__))
    assert all(hasattr(package, name) for name in package.__all__)


_ARABIC_WORDS = ["القاهرة", "دمشق", "مجلس", "الأمن", "لافروف", "بوتين", "حلب", "موسكو", "الدوما", "كارتر"]
_ENGLISH = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs")) | st.just(" "), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and "  " not in s and "|" not in s and s.isprintable()
)


@st.composite
def _glossaries(draw):
    keys = draw(st.lists(st.lists(st.sampled_from(_ARABIC_WORDS), min_size=1, max_size=3, unique=True).map(" ".join), min_size=1, max_size=5, unique=True))
    return [
        GlossaryEntry((key,), draw(_ENGLISH), draw(st.one_of(st.just(""), _ENGLISH)), draw(st.sampled_from(ENTRY_TYPES)), draw(st.one_of(st.just(""), _ENGLISH)))
        for key in keys
    ]


@settings(max_examples=30, deadline=None)
@given(_glossaries())
def test_tsv_and_tbx_round_trip(entries) -> None:
    import tempfile

    # Entries whose first word only differs by the article share a key; keep one of each.
    unique = {term_key(entry.ar[0]): entry for entry in entries}
    entries = list(unique.values())
    with tempfile.TemporaryDirectory() as scratch:
        tsv = Path(scratch) / "g.tsv"
        tsv.write_text(HEADER + "".join(f"{e.ar[0]}\t{e.en}\t{e.en_short}\t{e.type}\t{e.note}\n" for e in entries), encoding="utf-8")
        loaded = load_glossary(tsv)
        assert [(e.ar, e.en, e.en_short, e.type, e.note) for e in loaded.entries] == [(e.ar, e.en, e.en_short, e.type, e.note) for e in entries]
        tbx = Path(scratch) / "g.tbx"
        tbx.write_text(render_tbx(loaded), encoding="utf-8")
        again = load_glossary(tbx)
        assert [(e.ar, e.en, e.en_short, e.type, e.note) for e in again.entries] == [(e.ar, e.en, e.en_short, e.type, e.note) for e in entries]
