"""Byte-identical rebuilds of the committed templates (word_templates/*.docx, workbooks/*.xlsx).

openpyxl and python-docx stamp every zip entry with the time of saving, and openpyxl the document's
created and modified dates too; a rebuild of unchanged sources then differs from the committed file
in every byte of its zip headers. Saved through `save_reproducibly`, the entries carry one fixed
timestamp and the core properties one fixed date, so only a real change shows in `git status`.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import IO, Callable

from .textio import write_bytes_atomic

#: The timestamp of every entry and the created/modified date of every committed template.
BUILT = (2026, 1, 1, 0, 0, 0)
_CORE = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def pinned(data: bytes) -> bytes:
    """The zip `data` with its entries in the same order and content, every timestamp BUILT."""
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % BUILT
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == _CORE:
                body = _DATES.sub(lambda m: m[1] + stamp.encode() + m[3], body)
            dst.writestr(zipfile.ZipInfo(item.filename, BUILT), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save_reproducibly(path: str | os.PathLike, save: Callable[[IO[bytes]], object]) -> Path:
    """Call `save(buffer)` (a Workbook's or Document's save), then write the pinned file atomically."""
    buffer = io.BytesIO()
    save(buffer)
    return write_bytes_atomic(path, pinned(buffer.getvalue()))
