"""Write pre-filled insats workbooks fast: the template is built once per process, and each workbook is
that template with the report's values spliced into its sheets' XML.

Building the workbook with openpyxl takes about a second (hundreds of live-check formulas and styles);
`finsam plan utskick`, the demo and `finsam new` write many. The cells are serialised by openpyxl's own
cell writer into the template's own cells, so the file is the one `build_workbook(report)` saves, part
for part (a test compares them); values the fast path does not know fall back to the full build.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.xml.functions import tostring, xmlfile

from .cells import to_cells
from .layout import Layout, layout
from .model import InsatsRapport
from .safe_output import set_value

_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")?[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
CORE = "docProps/core.xml"


@lru_cache(maxsize=2)
def _template(lay: Layout) -> tuple[dict[str, str], tuple[tuple[str, bytes], ...]]:
    """The empty workbook of layout `lay` (the one in force) as openpyxl saves `build_workbook()`: sheet
    name -> its part (openpyxl numbers the sheets in order), and the zip's parts in order."""
    from .workbook import build_workbook

    wb, buffer = build_workbook(), io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        parts = tuple((name, zf.read(name)) for name in zf.namelist())
    return {name: f"xl/worksheets/sheet{i}.xml" for i, name in enumerate(wb.sheetnames, 1)}, parts


def _serialised(write) -> bytes:
    buffer = io.BytesIO()
    with xmlfile(buffer) as xf:
        write(xf)
    return buffer.getvalue()


def _cell_xml(scratch, ref: str, value: Any, style: bytes, write: Callable[[Any, Any], None]) -> bytes:
    """The <c> element openpyxl writes for `value` written by `write` into the template's cell `ref`
    (style `s`)."""
    cell = scratch[ref]
    write(cell, value)
    xml = _serialised(lambda xf: write_cell(xf, scratch, cell, False))
    scratch._cells.pop((cell.row, cell.column))
    return xml.replace(f'<c r="{ref}"'.encode(), f'<c r="{ref}"'.encode() + style, 1)


def _header_xml(about: str) -> bytes:
    from .workbook import set_header

    ws = Workbook().active
    set_header(ws, about)
    return _serialised(lambda xf: xf.write(ws.HeaderFooter.to_tree()))


def _fast(lay: Layout, values: dict[str, Any]) -> bool:
    """Whether every input cell keeps its style with its value in it (a date only in a date cell)."""
    def keeps(value: Any, kind: str) -> bool:
        if isinstance(value, date):
            return kind == "date"
        return value is None or isinstance(value, (str, bool, int, float))

    return all(keeps(value, lay.field(name).kind) for name, value in values.items())


def prefilled_bytes(report: InsatsRapport | None, typed: dict[str, Any] | None = None) -> bytes | None:
    """The saved workbook holding `report`, with `typed` (by field name) written over its cells as typed,
    or None when a value needs the full build."""
    from .workbook import about_text

    lay = layout()
    values = {**(to_cells(report) if report is not None else {}), **(typed or {})}
    if not _fast(lay, values):
        return None
    header = (_header_xml(about_text(None)), _header_xml(about_text(report)))  # the template's, this one's
    return _rewritten(lay, _template(lay)[1], values, set_value, header)  # text is never a formula


def with_values(data: bytes, values: dict[str, Any], write: Callable[[Any, Any], None] = set_value) -> bytes | None:
    """A workbook saved by `write_workbook` (`data`) with `values` (by field name) written into its input
    cells by `write(cell, value)`; None when a value would change a cell's style."""
    lay = layout()
    if not _fast(lay, values):
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = tuple((name, zf.read(name)) for name in zf.namelist())
    return _rewritten(lay, parts, values, write)


def _rewritten(lay: Layout, parts, values: dict[str, Any], write, header: tuple[bytes, bytes] = (b"", b"")) -> bytes:
    """The zip of `parts` with the values written into their cells and the header replaced, dated now."""
    sheets = _template(lay)[0]
    per_part: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        f = lay.field(name)
        per_part.setdefault(sheets[f.sheet], {})[f.cell] = value
    scratch = Workbook().active
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part, body in parts:
            if part in per_part:
                body = _fill(scratch, body, per_part.pop(part), write)
            if part in sheets.values() and header[0]:
                body = body.replace(*header)
            if part == CORE:  # created and modified now, as a fresh build would say
                body = tostring(DocumentProperties(created=now, modified=now).to_tree())
            out.writestr(zipfile.ZipInfo(part, now.timetuple()[:6]), body, zipfile.ZIP_DEFLATED)
    assert not per_part, per_part  # every value's sheet is in the workbook
    return buffer.getvalue()


def _fill(scratch, body: bytes, cells: dict[str, Any], write) -> bytes:
    """The sheet's XML with each value written into its (styled, so present) cell."""
    def replace(match: re.Match) -> bytes:
        ref = match[1].decode()
        return _cell_xml(scratch, ref, cells.pop(ref), match[2] or b"", write) if ref in cells else match[0]

    body = _CELL.sub(replace, body)
    assert not cells, cells  # every input cell is in the template
    return body
