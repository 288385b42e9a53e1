"""XML safety: hostile TMX/XLIFF (eval inputs, export readers) and TBX (glossaries) neither expand
entities nor reach the network nor read local files.

Each reader gets every payload; the outcome must be a refusal naming the file, or a parse in which
the payload stayed inert. A listening socket on 127.0.0.1 proves no connection was attempted: a TCP
handshake lands in its backlog even though nobody calls accept()."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from translate.errors import GlossaryError, RecordError
from translate.evaluate.inputs import REF, read_side
from translate.export.readers import read_tmx, read_xliff
from translate.glossary import load_glossary

SECRET = "TOP-SECRET-CONTENT"


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@dataclass(frozen=True)
class Reader:
    """How to read one format: a document template with ``{doctype}`` and ``{text}`` slots, the
    function that reads it, and what it returns as text."""

    name: str
    suffix: str
    template: str
    read: Callable[[Path], str]
    refusal: type[Exception]


def _eval_text(path: Path) -> str:
    return " ".join(read_side(path, REF).segments)


def _export_tmx(path: Path) -> str:
    return " ".join(pair.target for pair in read_tmx(path.read_bytes(), path))


def _export_xliff(path: Path) -> str:
    return " ".join(pair.target for pair in read_xliff(path.read_bytes(), path))


def _glossary_text(path: Path) -> str:
    return " ".join(entry.en for entry in load_glossary(path).entries)


TMX = (
    '<?xml version="1.0"?>\n{doctype}\n<tmx version="1.4" xmlns:xi="http://www.w3.org/2001/XInclude"><header srclang="ar" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>'
    '<body><tu tuid="1"><tuv xml:lang="ar"><seg>س</seg></tuv><tuv xml:lang="en"><seg>start {text} end</seg></tuv></tu></body></tmx>'
)
XLIFF = (
    '<?xml version="1.0"?>\n{doctype}\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:xi="http://www.w3.org/2001/XInclude">'
    '<file source-language="ar" target-language="en" datatype="plaintext" original="a"><body>'
    '<trans-unit id="1"><source>س</source><target>start {text} end</target></trans-unit></body></file></xliff>'
)
TBX = (
    '<?xml version="1.0"?>\n{doctype}\n<martif type="TBX-Basic" xmlns:xi="http://www.w3.org/2001/XInclude"><text><body><termEntry id="c1">'
    '<langSet xml:lang="ar"><tig><term>لافروف</term></tig></langSet>'
    '<langSet xml:lang="en"><tig><term>start {text} end</term></tig></langSet></termEntry></body></text></martif>'
)

READERS = [
    Reader("eval-tmx", ".tmx", TMX, _eval_text, RecordError),
    Reader("eval-xliff", ".xlf", XLIFF, _eval_text, RecordError),
    Reader("export-tmx", ".tmx", TMX, _export_tmx, RecordError),
    Reader("export-xliff", ".xlf", XLIFF, _export_xliff, RecordError),
    Reader("glossary-tbx", ".tbx", TBX, _glossary_text, GlossaryError),
]


def _billion_laughs(root: str) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [\n" + "\n".join(lines) + "\n]>"


@dataclass(frozen=True)
class Payload:
    name: str
    doctype: Callable[[str, Path, int], str]  # (root element, secret file, port) → DOCTYPE
    text: str
    #: The payload may be refused (an error naming the file); when False it must parse, inertly.
    may_refuse: bool


PAYLOADS = [
    Payload("billion-laughs", lambda root, secret, port: _billion_laughs(root), "&lol9;", True),
    Payload("quadratic-blowup", lambda root, secret, port: f'<!DOCTYPE {root} [<!ENTITY big "{"x" * 50_000}">]>', "&big;" * 2_000, True),
    Payload("external-file", lambda root, secret, port: f'<!DOCTYPE {root} [<!ENTITY leak SYSTEM "file://{secret}">]>', "&leak;", False),
    Payload("external-http", lambda root, secret, port: f'<!DOCTYPE {root} [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/entity">]>', "&net;", False),
    Payload("parameter-entity-dtd", lambda root, secret, port: f'<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %remote;]>', "plain", False),
    Payload("external-dtd", lambda root, secret, port: f'<!DOCTYPE {root} SYSTEM "http://127.0.0.1:{port}/schema.dtd">', "plain", False),
    Payload("xinclude", lambda root, secret, port: "", '<xi:include href="http://127.0.0.1:PORT/inc.xml" parse="text"/><xi:include href="file://SECRET" parse="text"/>', False),
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=[payload.name for payload in PAYLOADS])
@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_hostile_xml_stays_inert(tmp_path: Path, listener: socket.socket, reader: Reader, payload: Payload) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    port = listener.getsockname()[1]
    root = {".tmx": "tmx", ".xlf": "xliff", ".tbx": "martif"}[reader.suffix]
    document = reader.template.format(doctype=payload.doctype(root, secret, port), text=payload.text.replace("SECRET", str(secret)).replace("PORT", str(port)))
    path = tmp_path / f"hostile{reader.suffix}"
    path.write_text(document, encoding="utf-8")
    try:
        text = reader.read(path)
    except reader.refusal as error:
        assert payload.may_refuse, f"refused an inert file: {error}"
        message = str(error)
        assert path.name in message and "XML bomb" in message and "nothing was expanded" in message
        assert "\n" not in message
    else:
        assert text.startswith("start") and text.endswith("end")
        assert SECRET not in text
        assert "lol" not in text and "xxxxxxxxxx" not in text  # nothing expanded
        assert len(text) < 100
    assert _connections(listener) == 0


def test_billion_laughs_is_refused_at_the_entity_declarations(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlf"
    path.write_text(XLIFF.format(doctype=_billion_laughs("xliff"), text="&lol9;"), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_side(path, REF)
    assert caught.value.line == 3  # the first <!ENTITY>, not libxml2's meaningless position
    assert "remove the <!ENTITY> declarations" in str(caught.value)
