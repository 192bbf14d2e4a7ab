"""A toolkit template's light copy: its style sheets, theme and body as empty stand-ins.

The style sheets and the theme (50 of a template's 130 kB) are the same in every report, yet python-docx
parses, serializes and compresses them again for each report. Here a report is loaded from the light
copy and saved as python-docx saves it (the same zip, entry for entry) with those parts put back as
python-docx writes them, compressed once per template. The body each report replaces with its rendered one: docxtpl gets
its XML from here, and neither parses nor frees the template's body again.
"""

from __future__ import annotations

import io
import re
import struct
import sys
import time
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

#: Relationships (from the main document) of the parts no report changes: the style sheets and the theme.
SHARED = frozenset({
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
})
_START_TAG = re.compile(rb"<(?![?!])[^>]*?(/?)>")
_BODY = re.compile(rb"(?s)<w:body>.*</w:body>")
_SYSTEM = 0 if sys.platform == "win32" else 3  # the "made by" system zipfile writes


class Entry(NamedTuple):
    """A zip entry's content: CRC, size and the deflated bytes."""

    crc: int
    size: int
    data: bytes


def deflated(blob: bytes) -> Entry:
    """`blob` deflated as zipfile deflates it (default level, raw stream)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Entry(zlib.crc32(blob), len(blob), compressor.compress(blob) + compressor.flush())


class Shared(NamedTuple):
    """A template's light copy, each stand-in as python-docx writes it back and each shared part as
    python-docx writes it, deflated (both by zip member name), and the template's body as docxtpl reads it."""

    light: bytes
    stand_ins: dict[str, bytes]
    entries: dict[str, Entry]
    body: str


@lru_cache(maxsize=8)
def shared(template: bytes) -> Shared:
    """The template `template` (a .docx's bytes) split into its light copy and its shared parts."""
    from docx import Document
    from lxml import etree

    def parts(document: Any) -> dict[str, bytes]:
        return {rel.target_part.partname.membername: rel.target_part.blob for rel in document.part.rels.values()
                if not rel.is_external and rel.reltype in SHARED}

    whole = Document(io.BytesIO(template))
    entries = {name: deflated(blob) for name, blob in parts(whole).items()}
    main = whole.part.partname.membername
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(buffer, "w") as light:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in entries:
                data = _stand_in(data)
            elif info.filename == main:
                data = _BODY.sub(b"<w:body/>", data, count=1)
            light.writestr(info.filename, data)  # stored: read faster
    body = etree.tostring(whole.element.body, encoding="unicode")  # as docxtpl's get_xml serializes it
    return Shared(buffer.getvalue(), parts(Document(io.BytesIO(buffer.getvalue()))), entries, body)


def _stand_in(xml: bytes) -> bytes:
    """The part's root element, empty: `<w:styles xmlns:w="…"/>`."""
    root = _START_TAG.search(xml)
    return root[0] if root[1] else root[0][:-1] + b"/>"


def save(document: Any, path: Path, parts: Shared) -> None:
    """Write `document` (loaded from `parts.light`) to `path` as python-docx would write the document
    it stands for. RuntimeError if a shared part's stand-in was changed (it would be lost)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    every = package.parts
    for part in every:
        part.before_marshal()
    with open(path, "wb") as out:
        writer = _Zip(out, parts)
        PackageWriter._write_content_types_stream(writer, every)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, every)
        writer.close()


class _Zip:
    """A zip written entry by entry with zipfile's own headers (python-docx's writer's interface), the
    shared parts taken already deflated."""

    def __init__(self, out: BinaryIO, parts: Shared) -> None:
        self.out, self.parts, self.central = out, parts, io.BytesIO()
        year, month, day, hour, minute, second = time.localtime(time.time())[:6]
        self.stamp = (hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day)
        self.count = 0

    def write(self, uri: str, blob: bytes) -> None:
        name = uri[1:]  # a pack URI without its leading slash
        if name in self.parts.entries:
            if blob != self.parts.stand_ins[name]:
                raise RuntimeError(f"{name} was changed in a report; it is shared by every report of the template")
            entry = self.parts.entries[name]
        else:
            entry = deflated(blob)
        encoded = name.encode("ascii") if name.isascii() else name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        offset = self.out.tell()
        fields = (flags, zipfile.ZIP_DEFLATED, *self.stamp, entry.crc, len(entry.data), entry.size, len(encoded), 0)
        self.out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields) + encoded + entry.data)
        self.central.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, _SYSTEM, 20, 0, *fields, 0, 0, 0,
                                       0o600 << 16, offset) + encoded)
        self.count += 1

    def close(self) -> None:
        start = self.out.tell()
        directory = self.central.getvalue()
        self.out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, self.count, self.count,
                                               len(directory), start, 0))
