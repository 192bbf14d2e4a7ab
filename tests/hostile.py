"""Builders of hostile and unlucky input, in code: rewritten zip parts, lying zip headers, bombs."""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Callable


def rewrite_parts(path: Path, changes: dict[str, Callable[[bytes], bytes] | bytes], out: Path | None = None) -> Path:
    """Copy the zip at `path` to `out` (default: in place) with some parts replaced or transformed."""
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b"")) if callable(change) else change
    target = out or path
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a sheet, by its name (openpyxl numbers sheets in order)."""
    from toolkit.reader import _names_and_sheets
    from toolkit.safe_zip import Package

    return _names_and_sheets(Package(path.read_bytes()))[1][sheet]


def add_cell(xml: bytes, ref: str, value: str = "1") -> bytes:
    """Append a row holding one number cell at `ref` to a sheet's XML."""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>'.encode()
    if b"<sheetData/>" in xml:
        return xml.replace(b"<sheetData/>", b"<sheetData>" + cell + b"</sheetData>")
    return xml.replace(b"</sheetData>", cell + b"</sheetData>")


def lie_about_size(path: Path, part: str, declared: int) -> Path:
    """Patch the zip's local and central headers of `part` to declare `declared` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory entries
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, declared)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
        at += 4
    path.write_bytes(bytes(data))
    return path


def deflated_zeros(size: int) -> bytes:
    """`size` zero bytes, deflated (raw stream), without holding them all in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(packer.compress(b"\0" * (size % len(chunk))))
    parts.append(packer.flush())
    return b"".join(parts)


def zip_with_raw_part(path: Path, name: str, raw_deflate: bytes, size: int, crc: int, base: Path) -> Path:
    """A copy of the zip `base` plus (or with replaced) part `name` given as a ready deflate stream."""
    with zipfile.ZipFile(base) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist() if info.filename != name}
    out = bytearray()
    central = bytearray()
    entries = [(n, zlib.compress(d, 6)[2:-4], len(d), zlib.crc32(d)) for n, d in parts.items()]
    entries.append((name, raw_deflate, size, crc))
    for n, body, length, checksum in entries:
        encoded = n.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, checksum, len(body) & 0xFFFFFFFF,
                           length & 0xFFFFFFFF, len(encoded), 0) + encoded + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, checksum,
                               len(body) & 0xFFFFFFFF, length & 0xFFFFFFFF, len(encoded), 0, 0, 0, 0, 0,
                               offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
                             for i in range(1, 10))
                  + b"]><workbook>&lol9;</workbook>")


#: The `finsam` command in a fresh interpreter (argv after it as on the command line).
FINSAM = [sys.executable, "-c", "import sys; from toolkit.cli import main; sys.argv[0] = 'finsam'; main()"]

#: A YAML alias bomb: nine levels of nine aliases, 9⁹ ≈ 387 million values once expanded, 500 bytes on disk.
ALIAS_BOMB_TEXT = "\n".join(["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                            + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]) + "\n"
