"""An XlsxWriter workbook whose temporary files are new files, in a folder of its own.

Streamed (constant_memory), XlsxWriter writes every part of the workbook (each sheet, each of a national
roll-up's hundreds of charts) to a temporary file before zipping it: a file made by `tempfile.mkstemp`,
closed and opened again for writing, which truncates it. ext4 (with its default auto_da_alloc) flushes a
file truncated and written again to disk as it is closed, and removing it after zipping waits for the
disk: 3 ms a part on the bench machine, seconds for a roll-up of 5 000 workbooks. A part written to a
file that did not exist is not truncated, so it is written, zipped and removed in the page cache.
(`FastSheet` keeps its rows' temporary file open from the start for the same reason.)
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import xlsxwriter
from xlsxwriter.packager import Packager


class Book(xlsxwriter.Workbook):
    """`xlsxwriter.Workbook` with its temporary files (option tmpdir) in a folder of its own, removed on close."""

    def __init__(self, filename: str, options: dict[str, Any] | None = None) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="finsam-xlsx-")
        super().__init__(filename, {**(options or {}), "tmpdir": self._folder.name})

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._folder.cleanup()

    def _get_packager(self) -> Packager:
        return _Packager()


class _Packager(Packager):
    """Each part written to a new file in the workbook's folder (not made first by `mkstemp`)."""

    def _filename(self, xml_filename: str) -> Any:
        if self.in_memory:
            return super()._filename(xml_filename)
        os_filename = os.path.join(self.tmpdir, f"part{len(self.filenames)}")
        self.filenames.append((os_filename, xml_filename, False))
        return os_filename
