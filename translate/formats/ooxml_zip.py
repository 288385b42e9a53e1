"""Zip packages from users (``.docx``, ``.odt``): refused safely, read with caps, rewritten in place.

A Word or OpenDocument file is a zip of XML parts. Before anything is decompressed,
:func:`read_package` tells the user what they actually passed — an old binary ``.doc`` or an
encrypted Office file (both OLE compound files), an RTF, something that is not a zip at all, a
truncated download — and refuses a zip bomb: more than :data:`MAX_MEMBERS` members, a declared total
over :data:`MAX_UNCOMPRESSED_BYTES`, or a member whose declared compression ratio is beyond
:data:`MAX_RATIO`. Declared sizes can lie, so every member is then stream-read with a cap of its
declared size and of what is left of the total budget: a member that inflates past either is refused
mid-stream, and memory never holds more than the budget.

:func:`parse_part` parses one XML part without entities, DTDs or the network, and refuses any part
with a ``<!DOCTYPE>`` (an external entity, an entity bomb): ECMA-376 Part 2 and ODF forbid DTDs in
package parts, so no real file has one. :func:`rewrite_package` writes the package back with some
members replaced or removed, keeping the others' order, names, dates and compression (an ODT's
``mimetype`` stays first and stored).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

from translate.errors import InputError

__all__ = [
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "Package",
    "PackageKind",
    "parse_part",
    "read_package",
    "rewrite_package",
    "serialize_part",
]

#: The most a package may inflate to, all members together (a long article with photos is ~20 MB).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: The most members a package may hold (Word writes a few dozen; a bomb of tiny members has millions).
MAX_MEMBERS = 10_000
#: The largest declared compression ratio accepted for a member bigger than :data:`_RATIO_FLOOR`;
#: XML compresses 10–40×, a bomb 1000× and more.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 16

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_SIGNATURE = b"{\\rtf"
#: Directory entry names (UTF-16LE) an encrypted OOXML file has in its OLE container (MS-OFFCRYPTO).
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


@dataclass(frozen=True)
class PackageKind:
    """What the package should be, for the messages: ``Word document`` / ``.docx``, with the
    application's own way to save one (``in Word: File › Save As › Word Document (.docx)``)."""

    name: str
    suffix: str
    save_as: str


@dataclass(frozen=True)
class Package:
    """The members of a zip package, in their stored order (``names``), each fully read."""

    path: str
    names: tuple[str, ...]
    members: Mapping[str, bytes]

    def get(self, name: str) -> bytes | None:
        """A member by name; OPC part names are case-insensitive, so a differently cased one counts."""
        if name in self.members:
            return self.members[name]
        folded = name.casefold()
        for candidate in self.names:
            if candidate.casefold() == folded:
                return self.members[candidate]
        return None

    def name_of(self, name: str) -> str | None:
        """The stored spelling of member ``name`` (case-insensitive), or None."""
        if name in self.members:
            return name
        folded = name.casefold()
        return next((candidate for candidate in self.names if candidate.casefold() == folded), None)


def _refuse_signatures(data: bytes, path: str, kind: PackageKind) -> None:
    head = data[:16]
    if head.startswith(_OLE_SIGNATURE):
        # An encrypted .docx/.odt saved by Office is an OLE file holding EncryptionInfo and
        # EncryptedPackage streams; any other OLE file is an old binary .doc/.xls/.ppt.
        if any(stream in data for stream in _ENCRYPTION_STREAMS):
            raise InputError(path, "is password-protected (encrypted), so its text cannot be read", f"open it, remove the password and save it again as {kind.suffix} ({kind.save_as})")
        raise InputError(path, "is an old binary Word .doc (or another old Office binary file), not a " + kind.name, f"save it as {kind.suffix} ({kind.save_as})")
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(_RTF_SIGNATURE):
        raise InputError(path, f"is an RTF file, not a {kind.name}", f"save it as {kind.suffix} ({kind.save_as})")


def read_package(data: bytes, path: str, kind: PackageKind, required: tuple[str, ...] = ()) -> Package:
    """Every member of the zip ``data`` (the file ``path``), read within the limits above; the
    ``required`` members must be present (case-insensitive). Anything else is an
    :class:`~translate.errors.InputError` naming ``path`` and the fix."""
    _refuse_signatures(data, path, kind)
    if not data:
        raise InputError(path, "is empty", f"pass a {kind.name} ({kind.suffix})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK"):
            raise InputError(path, "is a damaged or truncated zip (its table of contents is missing)", f"download or copy it again, or open and re-save it ({kind.save_as})") from None
        raise InputError(path, f"is not a {kind.name} (it is not a zip package)", f"pass a real {kind.suffix} file ({kind.save_as})") from None
    with archive:
        infos = archive.infolist()
        _check_declared(infos, path, kind)
        members: dict[str, bytes] = {}
        budget = MAX_UNCOMPRESSED_BYTES
        for info in infos:
            if info.is_dir():
                continue
            content = _read_member(archive, info, budget, path, kind)
            budget -= len(content)
            members[info.filename] = content
    package = Package(path, tuple(members), members)
    for name in required:
        if package.name_of(name) is None:
            raise InputError(path, f"is a zip but not a {kind.name}: it has no {name}", f"pass a real {kind.suffix} file ({kind.save_as})")
    return package


def _check_declared(infos: list[zipfile.ZipInfo], path: str, kind: PackageKind) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"holds {len(infos)} zip members, over the {MAX_MEMBERS} a {kind.name} can have (a zip bomb?); it was not unpacked", "pass the original document")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(path, f"would unpack to {total / 2**20:.0f} MB, over the {MAX_UNCOMPRESSED_BYTES // 2**20} MB limit (a zip bomb, or huge embedded media); it was not unpacked", "remove large embedded files or pass the text as .txt")
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(path, f"is password-protected (its member {info.filename} is encrypted)", f"open it, remove the password and save it again as {kind.suffix}")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(path, f"has a member ({info.filename}) compressed more than {MAX_RATIO}× (a zip bomb); it was not unpacked", "pass the original document")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, path: str, kind: PackageKind) -> bytes:
    """One member, stream-read so that a member inflating beyond its declared size or the budget is
    refused before it fills memory."""
    cap = min(info.file_size, budget)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise InputError(path, f"has a member ({info.filename}) that inflates beyond its declared size or the {MAX_UNCOMPRESSED_BYTES // 2**20} MB limit (a zip bomb); it was refused", "pass the original document")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as error:
        # CRC mismatch, truncated data, an unsupported compression method (zipfile: NotImplementedError)
        raise InputError(path, f"is damaged: its member {info.filename} cannot be unpacked ({error})", f"download or copy it again, or open and re-save it ({kind.save_as})") from None
    return b"".join(chunks)


def parse_part(content: bytes, path: str, member: str, kind: PackageKind) -> Any:
    """The root element of XML member ``member``, parsed with entities, DTDs and the network off;
    a part that is not well-formed or declares a DOCTYPE is an :class:`~translate.errors.InputError`."""
    from lxml import etree

    from translate.xmlsafe import describe_xml_error

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_blank_text=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        explained = describe_xml_error(error, content, "Office XML")
        if explained.fix:
            raise InputError(path, f"{member} {explained.problem}", explained.fix) from None
        raise InputError(path, f"{member} is not well-formed XML ({error.msg})", f"open and re-save it ({kind.save_as})") from None
    if root.getroottree().docinfo.doctype:
        raise InputError(path, f"{member} declares a <!DOCTYPE> (entities: an external-entity or entity-bomb attack); a real {kind.name} never has one, so it was refused", f"re-save the document from its application ({kind.save_as})")
    return root


def serialize_part(root: Any) -> bytes:
    """An XML part as Office writes it: UTF-8 with a standalone declaration."""
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rewrite_package(data: bytes, replaced: Mapping[str, bytes], removed: Set[str] = frozenset()) -> bytes:
    """``data`` (a zip already accepted by :func:`read_package`) with the ``replaced`` members' new
    content and without the ``removed`` ones; everything else keeps its order, name, date,
    permissions and compression method."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_bytes = io.BytesIO()
    with source, zipfile.ZipFile(target_bytes, "w") as target:
        for info in source.infolist():
            if info.filename in removed:
                continue
            content = replaced[info.filename] if info.filename in replaced else source.read(info)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, content)
    return target_bytes.getvalue()
