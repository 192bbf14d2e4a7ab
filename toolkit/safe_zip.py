"""Open an Office file (xlsx, docx) without trusting it: bounded sizes, no XML DTDs, one read from disk.

A `Package` holds the file's bytes. Sizes are checked twice: as the zip directory declares them, before
anything is inflated, and as they come out of the inflater, which is never allowed to produce more than
the declared size (a lying directory is a damaged file, a huge one is refused). XML parts with a DTD
(the door to entity bombs) or in another encoding than UTF-8 are refused as damaged.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from typing import Callable, NamedTuple
from xml.parsers import expat

from zlib_ng import zlib_ng  # zlib's interface, inflating in about half the time and checksumming in a quarter

from .limits import WORKBOOK_FILE_BYTES, WORKBOOK_PART_BYTES, WORKBOOK_TOTAL_BYTES

#: Most parts (files) in one package: the zip directory itself costs memory per entry.
MAX_PARTS = 10_000


class TooLarge(Exception):
    """The file, or one of its parts, is larger than a limit; `part` is None for the file itself."""

    def __init__(self, part: str | None, size: int, limit: int):
        super().__init__(f"{part or 'file'}: {size} > {limit}")
        self.part, self.size, self.limit = part, size, limit


class Damaged(zipfile.BadZipFile):
    """The package lies about itself, uses an unsupported feature or holds unsafe XML."""


def read_file(path: str | os.PathLike, limit: int = WORKBOOK_FILE_BYTES) -> bytes:
    """The file's bytes, read once; TooLarge when it is larger than `limit`."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(None, size, limit)
        data = fh.read(size + 1)  # not read(limit + 1): that allocates the whole limit for every file
        if len(data) > size:  # it grew while we looked: read on, within the limit
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(None, len(data), limit)
    return data


def _end_record(data: bytes) -> int:
    """Where the end-of-central-directory record starts (-1 when there is none in the last 64 KB)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    return at if at + 22 <= len(data) else -1


def _entry_count(data: bytes) -> int:
    """How many entries the end-of-central-directory record announces (0 when it cannot be found)."""
    at = _end_record(data)
    if at < 0:
        return 0
    count = _eocd(data, at)[0]
    if count == 0xFFFF:  # zip64: the real count is in the zip64 record
        at64 = data.rfind(b"PK\x06\x06", max(0, len(data) - 65_557))
        if at64 >= 0 and at64 + 40 <= len(data):
            count = struct.unpack_from("<Q", data, at64 + 32)[0]
    return count


class _Entry(NamedTuple):
    """What the reader needs of one zip directory entry (the names of zipfile.ZipInfo's attributes)."""

    filename: str
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int


_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")


def _directory(data: bytes) -> dict[str, _Entry] | None:
    """The zip directory of a plain zip, as Office writes it; None for anything else (zip64, data before
    the zip, a directory that does not add up), which zipfile then reads."""
    at = _end_record(data)
    if at < 0:
        return None
    count, size, offset = _eocd(data, at)
    if count == 0xFFFF or offset + size != at:
        return None
    entries: dict[str, _Entry] = {}
    pos = offset
    for _ in range(count):
        if pos + 46 > at:
            return None
        (sig, _v1, _s1, _v2, _r, flags, method, _t, _d, crc, packed, unpacked, name_len, extra_len, comment_len,
         _disk, _ia, _ea, header) = _CENTRAL.unpack_from(data, pos)
        if sig != b"PK\x01\x02" or 0xFFFFFFFF in (packed, unpacked, header):
            return None
        raw = data[pos + 46:pos + 46 + name_len]
        name = raw.decode("utf-8" if flags & 0x800 else "cp437")
        entries[name] = _Entry(name, flags, method, crc, packed, unpacked, header)
        pos += 46 + name_len + extra_len + comment_len
    return entries if pos == at else None


def _eocd(data: bytes, at: int) -> tuple[int, int, int]:
    """Entries, directory size and directory offset from the end-of-central-directory record at `at`."""
    _disk, _start, _here, count, size, offset = struct.unpack_from("<4HLL", data, at + 4)
    return count, size, offset


class Package:
    """An Office zip package held in memory, with every size bounded."""

    def __init__(self, data: bytes, part_limit: int = WORKBOOK_PART_BYTES, total_limit: int = WORKBOOK_TOTAL_BYTES):
        self.data, self.part_limit, self.total_limit = data, part_limit, total_limit
        count = _entry_count(data)
        if count > MAX_PARTS:
            raise TooLarge("(zip-katalogen)", count, MAX_PARTS)
        self.infos = _directory(data) or {info.filename: info for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
        if len(self.infos) > MAX_PARTS:
            raise TooLarge("(zip-katalogen)", len(self.infos), MAX_PARTS)
        declared = 0
        for info in self.infos.values():
            if info.file_size > part_limit:
                raise TooLarge(info.filename, info.file_size, part_limit)
            declared += info.file_size
            if declared > total_limit:
                raise TooLarge(None, declared, total_limit)
        self.inflated = 0
        self._read: dict[str, bytes] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes:
        """The part's bytes, inflated within the limits (once: kept for the next call); XML parts are
        checked for DTDs and encoding."""
        out = self._read.get(name)
        if out is None:
            out = self._read[name] = self._checked(name)
        return out

    def verify_xml_parts(self) -> None:
        """Inflate every XML part not yet read (and drop it): actual sizes and DTDs, before another
        library parses them."""
        for name in self.infos:
            if name not in self._read and name.lower().endswith((".xml", ".rels")):
                self._checked(name)

    def _checked(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise KeyError(name)
        out = self._inflate(info)
        self.inflated += len(out)
        if self.inflated > self.total_limit:
            raise TooLarge(None, self.inflated, self.total_limit)
        if name.lower().endswith((".xml", ".rels")):
            _check_xml(out, name)
        return out

    def _inflate(self, info: _Entry | zipfile.ZipInfo) -> bytes:
        if info.flag_bits & 0x1:
            raise Damaged(f"{info.filename}: encrypted part")
        at = info.header_offset
        if self.data[at:at + 4] != b"PK\x03\x04":
            raise Damaged(f"{info.filename}: no local header")
        name_len, extra_len = struct.unpack_from("<HH", self.data, at + 26)
        start = at + 30 + name_len + extra_len
        body = memoryview(self.data)[start:start + info.compress_size]
        if len(body) != info.compress_size:
            raise Damaged(f"{info.filename}: cut off")
        if info.compress_type == zipfile.ZIP_STORED:
            out = bytes(body)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib_ng.decompressobj(-15)
            try:
                out = inflater.decompress(body, info.file_size + 1)  # never more than declared (+1 to notice)
            except zlib_ng.error as exc:
                raise Damaged(f"{info.filename}: {exc}") from None
            if len(out) > info.file_size:
                raise TooLarge(info.filename, len(out), min(info.file_size, self.part_limit))
            if not inflater.eof:
                raise Damaged(f"{info.filename}: deflate stream does not end")
        else:
            raise Damaged(f"{info.filename}: compression {info.compress_type} is not supported")
        if len(out) != info.file_size or zlib_ng.crc32(out) != info.CRC:
            raise Damaged(f"{info.filename}: size or checksum differs from the directory")
        return out


def _check_xml(data: bytes, name: str) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise Damaged(f"{name}: XML in another encoding than UTF-8")
    if _prolog_declaration(data):
        raise Damaged(f"{name}: XML with a DTD")


def _prolog_declaration(data: bytes) -> bool:
    """Whether the part declares anything (a DTD) before its root element, the only place a parser reads
    one: only the prolog is looked at, not the whole part (elsewhere "<!DOCTYPE" is no DTD, and no
    parser takes the XML as well formed)."""
    at = data.find(b"<")
    while at >= 0:
        if data.startswith(b"<?", at):
            end = data.find(b"?>", at + 2)
        elif data.startswith(b"<!--", at):
            end = data.find(b"-->", at + 4)
        else:
            return data.startswith(b"<!", at)
        at = data.find(b"<", end) if end >= 0 else -1
    return False


def parse_xml(data: bytes, start: Callable[[str, dict[str, str]], None],
              text: Callable[[str], None] | None = None, end: Callable[[str], None] | None = None) -> None:
    """Parse XML with expat (linear time), names as "namespace}local"; DTDs and entities are refused.

    Raises Damaged for XML that is not well formed."""
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_: object) -> None:
        raise Damaged("XML with a DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    if text is not None:
        parser.CharacterDataHandler = text
    if end is not None:
        parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise Damaged(f"XML: {exc}") from exc


def local(name: str) -> str:
    """The local part of an expat name "namespace}local"."""
    return name.rpartition("}")[2]

