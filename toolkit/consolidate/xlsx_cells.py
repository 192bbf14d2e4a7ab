"""A worksheet that stores and writes table rows faster than XlsxWriter's general path, byte for byte the same.

XlsxWriter checks and stores every cell through a chain of calls, then builds each cell's XML from a
list of attributes, each escaped by a regular expression; in streamed (constant_memory) mode it
escapes every in-line string again however often it repeats. `FastSheet.write_rows` stores a table's
rows with one bounds check per row, and for the cells the consolidation writes (a number, date, shared
or in-line string or blank, each with its own format) `FastSheet` writes the same XML directly,
escaping a repeated in-line string once. Anything else goes through XlsxWriter's own code.
`tests/test_consolidate_xlsx_cells.py` compares whole workbooks written both ways, so a change in
XlsxWriter's output shows there. One deliberate difference: a text spelled like XlsxWriter's rich-text
marker (`<r>…</r>`) is written escaped (`write_string`), where XlsxWriter would break the file.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from math import inf
from typing import Any, Callable, Sequence

from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import (CellBlankTuple, CellDatetimeTuple, CellNumberTuple, CellStringTuple,
                                  Worksheet)

_NUMBERS = (CellNumberTuple, CellDatetimeTuple)
#: In-line strings remembered per sheet, escaped once: repeats come in runs of rows (one report's), and
#: a national roll-up must not keep every distinct text of a sheet until the workbook is closed.
INLINE_CACHE = 2048
_cell = tuple.__new__  # what the cell namedtuples' own __new__ calls, without its Python frame


class FastSheet(Worksheet):
    """`Workbook.add_worksheet(name, worksheet_class=FastSheet)`; cells are written as with `Worksheet`."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._inline: dict[str, str] = {}  # string -> the rest of its in-line cell element
        self._dates: dict[date, float] = {}

    def write_rows(self, first: int, rows: Sequence[Sequence[Any]], strings: Sequence[Any],
                   numbers: Sequence[Any], date_format: Any,
                   other: Callable[[int, int, Any], None]) -> None:
        """Rows from row `first` on, as `write_string`, `write_number` and `write_datetime` would write
        them with column c's format `strings[c]`, `numbers[c]` or `date_format`; a non-empty str, an
        int, a finite float or a date each. "" and None are left empty; `other(row, col, value)`
        writes any other value (a bool, a masked count...). Rows are at most Excel's 16 384 columns wide."""
        table, streamed, half = self.table, self.constant_memory, self.xls_strmax // 2
        shared = self.str_table._get_shared_string_index
        dates, convert = self._dates, self._convert_date_time
        for r, values in enumerate(rows, start=first):
            if len(values) > self.xls_colmax:
                raise ValueError(f"row {r} has {len(values)} columns, more than Excel's {self.xls_colmax}")
            if r >= self.xls_rowmax or (streamed and r < self.previous_row):
                continue  # beyond Excel's last row, or streamed already: XlsxWriter drops every cell
            if streamed and r > self.previous_row:
                self._write_single_row(r)
            cells: dict[int, Any] = {}
            for c, value in enumerate(values):
                kind = type(value)
                if kind is str:
                    if not value:
                        continue
                    if value[:3] == "<r>" and value[-4:] == "</r>":  # XlsxWriter's rich-text marker
                        self.write_string(r, c, value, strings[c])
                        continue
                    if len(value) > half:  # may need cutting to Excel's limit: XlsxWriter's own path
                        self._write_string(r, c, value, strings[c])
                        continue
                    cells[c] = _cell(CellStringTuple, (value if streamed else shared(value), strings[c]))
                elif kind is int or (kind is float and value == value and value != inf and value != -inf):
                    cells[c] = _cell(CellNumberTuple, (value, numbers[c]))
                elif kind is date:
                    number = dates.get(value)
                    if number is None:
                        number = dates[value] = convert(value)
                    cells[c] = _cell(CellDatetimeTuple, (number, date_format))
                elif value is not None:
                    other(r, c, value)
            if cells:
                self._check_dimensions(r, min(cells))
                self._check_dimensions(r, max(cells))
                table[r].update(cells)

    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:  # type: ignore[override]
        """As `Worksheet.write_string`, but a text that starts with "<r>" and ends with "</r>" (which XlsxWriter
        would take for rich-text XML and write unescaped, breaking the file) is written as plain runs,
        escaped, that show the same text."""
        if string[:3] == "<r>" and string[-4:] == "</r>" and len(string) <= self.xls_strmax:
            runs = (string[:1], string[1:2], string[2:])  # XlsxWriter wants more than two arguments
            return self.write_rich_string(row, col, *runs, *([cell_format] if cell_format else []))
        return super().write_string(row, col, string, cell_format)

    def _calculate_spans(self) -> None:
        """As XlsxWriter's (the columns used per block of 16 rows), from each row's lowest and highest column."""
        if self.comments:
            super()._calculate_spans()
            return
        spans, lo, hi, table, last = {}, None, None, self.table, self.dim_rowmax
        for row_num in range(self.dim_rowmin, last + 1):
            cells = table.get(row_num)
            if cells:
                low, high = min(cells), max(cells)
                lo = low if lo is None or low < lo else lo
                hi = high if hi is None or high > hi else hi
            if (row_num + 1) % 16 == 0 or row_num == last:
                if lo is not None:
                    spans[row_num // 16] = f"{lo + 1}:{hi + 1}"
                    lo = hi = None
        self.row_spans = spans

    def _write_rows(self) -> None:
        """As XlsxWriter's, each row's cells in column order written at once (see `_row_xml`)."""
        if self.comments:
            super()._write_rows()
            return
        self._calculate_spans()
        table, info, spans = self.table, self.row_info, self.row_spans
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table[row_num]
            if not cells and row_num not in info:
                continue
            span = spans.get(row_num // 16)
            if not cells:
                self._write_empty_row(row_num, span, info.get(row_num))
                continue
            self._write_row(row_num, span, info.get(row_num))
            self.fh.write(self._row_xml(row_num, cells) + "</row>")

    def _row_xml(self, row: int, cells: dict[int, Any]) -> str:
        """The cells of a row (not streamed) in column order, as one string."""
        parts, columns, ref = [], self._columns, row + 1
        for col in sorted(cells):
            cell = cells[col]
            kind, fmt = type(cell), cell.format
            while len(columns) <= col:
                columns.append(xl_col_to_name(len(columns)))
            if fmt and kind is CellStringTuple:
                parts.append(f'<c r="{columns[col]}{ref}" s="{fmt._get_xf_index()}" t="s"><v>{cell.string}</v></c>')
            elif fmt and (kind is CellNumberTuple or kind is CellDatetimeTuple):
                parts.append(f'<c r="{columns[col]}{ref}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>')
            else:  # anything else as `_write_cell` writes it
                fh, self.fh = self.fh, StringIO()
                try:
                    self._write_cell(row, col, cell)
                    parts.append(self.fh.getvalue())
                finally:
                    self.fh = fh
        return "".join(parts)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind, fmt = type(cell), cell.format
        if not fmt or not (kind in _NUMBERS or kind is CellStringTuple or kind is CellBlankTuple):
            super()._write_cell(row, col, cell)  # row or column formats, formulas, rich strings...
            return
        columns = self._columns
        while len(columns) <= col:
            columns.append(xl_col_to_name(len(columns)))
        head = f'<c r="{columns[col]}{row + 1}" s="{fmt._get_xf_index()}"'
        if kind is CellStringTuple:
            if not self.constant_memory:
                self.fh.write(f'{head} t="s"><v>{cell.string}</v></c>')
                return
            tail = self._inline.get(cell.string)
            if tail is None:
                if len(self._inline) >= INLINE_CACHE:
                    self._inline.clear()
                tail = self._inline[cell.string] = self._inline_tail(cell.string)
            self.fh.write(head + tail)
        elif kind is CellBlankTuple:
            self.fh.write(f"{head}/>")
        else:
            self.fh.write(f"{head}><v>{cell.number:.16G}</v></c>")

    def _inline_tail(self, string: str) -> str:
        """What follows the attributes of an in-line string cell, as XlsxWriter writes it."""
        string = self._escape_control_characters(string)
        if string.startswith("<r>") and string.endswith("</r>"):
            return f' t="inlineStr"><is>{string}</is></c>'
        preserve = ' xml:space="preserve"' if _preserve_whitespace(string) else ""
        return f' t="inlineStr"><is><t{preserve}>{self._escape_data(string)}</t></is></c>'
