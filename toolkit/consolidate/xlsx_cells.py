"""A worksheet that stores and writes table rows faster than XlsxWriter's general path, byte for byte the same.

XlsxWriter checks and stores every cell through a chain of calls, then builds each cell's XML from a
list of attributes, each escaped by a regular expression; in streamed (constant_memory) mode it
escapes every in-line string again however often it repeats, and writes each cell to the sheet's
temporary file on its own. `FastSheet.write_rows` turns each row of a table into its XML as it is given
(a `_Row`: one string, a repeated text escaped once; a format without an index yet as a field, filled in
when the row is written, as XlsxWriter numbers formats in the order it writes them). Kept in memory, the
rows are written with the sheet; streamed, each row as the next one starts, as XlsxWriter writes it, in
runs of rows that go to the temporary file at once.
`FastSheet.add_table` marks a table's range as one rectangle, where XlsxWriter marks every cell of it.
Anything else goes through XlsxWriter's own code (a cell written into a `_Row` later is kept as
XlsxWriter keeps it and replaces the row's own cell). `tests/test_consolidate_xlsx_cells.py` compares
whole workbooks written both ways, so a change in XlsxWriter's output shows there. One deliberate
difference: a text spelled like XlsxWriter's rich-text marker (`<r>…</r>`) is written escaped
(`write_string`), where XlsxWriter would break the file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from io import StringIO
from math import inf
from typing import Any, Callable, Sequence

from xlsxwriter.exceptions import OverlappingRange
from xlsxwriter.utility import _preserve_whitespace, xl_cell_to_rowcol, xl_col_to_name, xl_range
from xlsxwriter.worksheet import (CellBlankTuple, CellDatetimeTuple, CellNumberTuple, CellStringTuple,
                                  Worksheet, convert_range_args)

_NUMBERS = (CellNumberTuple, CellDatetimeTuple)
#: Streamed, the in-line strings remembered per sheet, escaped once: repeats come in runs of rows (one
#: report's), and a national roll-up must not keep every distinct text of a sheet until the workbook is closed.
INLINE_CACHE = 2048
#: `_Row`s written to the sheet's XML at once, at most.
RUN_ROWS = 1000
#: Streamed, the rows' temporary file is copied into the sheet's in pieces of this size.
COPY_BYTES = 1 << 20
_cell = tuple.__new__  # what the cell namedtuples' own __new__ calls, without its Python frame


class FastSheet(Worksheet):
    """`Workbook.add_worksheet(name, worksheet_class=FastSheet)`; cells are written as with `Worksheet`.

    `autofit()` does not see the cells of a `_Row` (the consolidation sets its column widths itself)."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._tails: dict[str, str] = {}  # text written by write_rows -> the rest of its cell, see `_tail`
        self._run: list[str] = []  # `_Row`s not yet written to the sheet's XML, see `_write_row_at`
        self._dates: dict[date, float] = {}
        self._fields: dict[int, str] = {}  # id of a format -> its field name in a `_Row`'s XML
        self._xf = _Indices()
        self.table_cells: _TableCells = _TableCells()

    def _initialize(self, init_data: dict[str, Any]) -> None:
        """As XlsxWriter's; streamed, the rows' temporary file is kept open as made, not closed and opened again
        (which truncates it: on ext4 it is then flushed to disk as it is closed, see `xlsx_book`)."""
        super()._initialize({**init_data, "constant_memory": False})
        self.constant_memory = init_data["constant_memory"]
        if self.constant_memory:
            fd, self.row_data_filename = tempfile.mkstemp(dir=self.tmpdir)
            self.row_data_fh = self.fh = open(fd, "w+", encoding="utf-8")

    def _write_optimized_sheet_data(self) -> None:
        """As XlsxWriter's, the rows' temporary file copied into the sheet's as it is (UTF-8 both), not read as
        text and encoded again."""
        if self.dim_rowmin is None:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        rows, sheet = self.row_data_fh, self.fh
        rows.flush()
        sheet.flush()
        rows.buffer.seek(0)
        shutil.copyfileobj(rows.buffer, sheet.buffer, COPY_BYTES)
        rows.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")

    def write_rows(self, first: int, rows: Sequence[Sequence[Any]], strings: Sequence[Any],
                   numbers: Sequence[Any], date_format: Any,
                   other: Callable[[int, int, Any], None]) -> None:
        """Rows from row `first` on, as `write_string`, `write_number` and `write_datetime` would write
        them with column c's format `strings[c]`, `numbers[c]` or `date_format`; a non-empty str, an
        int, a finite float or a date each. "" and None are left empty; `other(row, col, value)`
        writes any other value (a bool, a masked count...). Rows are at most Excel's 16 384 columns wide.

        Each row's cells are turned into XML at once (a `_Row`), not kept cell by cell; streamed, the row
        before is written as each row starts (`_stream_row`)."""
        if not all((*strings, *numbers, date_format)):
            self._store_rows(first, rows, strings, numbers, date_format, other)
            return
        width = max(map(len, rows), default=0)
        if width > self.xls_colmax:
            self._store_rows(first, rows, strings, numbers, date_format, other)  # raises for the row
            return
        streamed = self.constant_memory
        field, half, columns = self._field, self.xls_strmax // 2, self._column_names(width)
        heads = [f'<c r="{name}' for name in columns]
        text = [f'" s="{field(f)}"' for f in strings]
        number = [f'" s="{field(f)}"><v>' for f in numbers]
        day = f'" s="{field(date_format)}"><v>'
        table, dates, convert = self.table, self._dates, self._convert_date_time
        tails = self._tails
        known, tail_of = tails.get, self._tail
        repeats, low, high, top, bottom = 0, self.xls_colmax, -1, None, None
        for r, values in enumerate(rows, start=first):
            if r >= self.xls_rowmax:
                break  # beyond Excel's last row: XlsxWriter drops every cell
            if streamed and r != self.previous_row:
                if r < self.previous_row:
                    continue  # written already: XlsxWriter drops every cell
                self._stream_row(r)
            if r in table:  # cells written before: kept with theirs, as XlsxWriter keeps them
                self._store_rows(r, [values], strings, numbers, date_format, other)
                continue
            table[r] = row = _Row()
            parts: list[str] = []
            lo = hi = -1
            ref = str(r + 1)
            for c, value in enumerate(values):
                kind = type(value)
                if kind is str:
                    tail = known(value)
                    if tail is not None:  # a text this sheet wrote before (a shared string counted again)
                        repeats += 1
                    elif not value:
                        continue
                    elif (value[:3] == "<r>" and value[-4:] == "</r>") or len(value) > half:
                        self.write_string(r, c, value, strings[c])  # rich-text marker, or may need cutting
                        continue
                    else:
                        if streamed and len(tails) >= INLINE_CACHE:
                            tails.clear()
                        tail = tails[value] = tail_of(value)
                    parts.append(f"{heads[c]}{ref}{text[c]}{tail}")
                elif kind is int or (kind is float and value == value and value != inf and value != -inf):
                    parts.append(f"{heads[c]}{ref}{number[c]}{value:.16G}</v></c>")
                elif kind is date:
                    serial = dates.get(value)
                    if serial is None:
                        serial = dates[value] = convert(value)
                    parts.append(f"{heads[c]}{ref}{day}{serial:.16G}</v></c>")
                else:
                    if value is not None:
                        other(r, c, value)
                    continue
                if lo < 0:
                    lo = c
                hi = c
            if parts:
                row.xml, row.lo, row.hi = "".join(parts), lo, hi
                low, high, bottom = min(low, lo), max(high, hi), r
                if top is None:
                    top = r
            elif dict.__len__(row):
                table[r] = dict(row)  # only cells written another way
            else:
                del table[r]
        if not streamed:
            self.str_table.count += repeats
        self._write_run(self._run)  # before anything else asks a format for its index
        if top is not None:  # the sheet's extent, as XlsxWriter's check of each cell leaves it
            for r, c in ((top, low), (bottom, high)):
                self._check_dimensions(r, c, ignore_col=True)  # streamed, rows written are not checked
                self._check_dimensions(r, c, ignore_row=True)

    def _store_rows(self, first: int, rows: Sequence[Sequence[Any]], strings: Sequence[Any],
                    numbers: Sequence[Any], date_format: Any, other: Callable[[int, int, Any], None]) -> None:
        """`write_rows` keeping each cell as XlsxWriter does, one bounds check per row (streamed, written as
        the next row starts)."""
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

    def _field(self, fmt: Any) -> str:
        """A format's place in a `_Row`'s XML: its index if it has one, else "{f3}", filled in with its index
        when the row is written (`_write_run`)."""
        if fmt.xf_index is not None:
            return str(fmt.xf_index)
        key = id(fmt)
        if key not in self._fields:
            self._fields[key] = f"f{len(self._fields)}"
            self._xf.formats[self._fields[key]] = fmt
        return "{" + self._fields[key] + "}"

    def _column_names(self, width: int) -> list[str]:
        columns = self._columns
        while len(columns) < width:
            columns.append(xl_col_to_name(len(columns)))
        return columns[:width]

    @convert_range_args
    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,  # type: ignore[override]
                  options: dict[str, Any] | None = None) -> int:
        """As `Worksheet.add_table`, which marks every cell of the range, one by one, to refuse a table or
        merged range over it later. When the table writes nothing into its data rows, XlsxWriter adds it
        over its header, one data row and its total row; it is then stretched to its last row (the total
        row's cells moved there) and marked as one rectangle (`_TableCells`)."""
        options = dict(options or {})
        total = bool(options.get("total_row"))
        short = first_row + 1 + total  # the last row of the table as XlsxWriter adds it
        columns = [c or {} for c in options.get("columns", [])]
        if (self.constant_memory or "data" in options or not options.get("header_row", True) or short >= last_row
                or first_col > last_col or any(c.get("formula") or c.get("total_function") for c in columns)
                or self._check_dimensions(last_row, last_col, True, True)):
            return super().add_table(first_row, first_col, last_row, last_col, options)
        cell_range = xl_range(first_row, first_col, last_row, last_col)
        self.table_cells.refuse_overlap(first_row, first_col, last_row, last_col, cell_range, self.merged_cells)
        table, dims = self.table, (self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax)
        before = table.get(short)
        kept = {c: before[c] for c in range(first_col, last_col + 1) if before is not None and c in before}
        result = super().add_table(first_row, first_col, short, last_col, options)
        if result:
            return result
        self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax = dims
        totals = {c: table[short].pop(c) for c in range(first_col, last_col + 1) if c in table[short]} if total else {}
        table[short].update(kept)
        if before is None and not table[short]:
            del table[short]
        for col in range(first_col, last_col + 1):
            self._check_dimensions(first_row, col)  # the header, as XlsxWriter wrote it
        for col, cell in totals.items():
            table[last_row][col] = cell
            self._check_dimensions(last_row, col)
        self.table_cells.stretch(first_row, first_col, short, last_col, last_row, cell_range)
        added = self.tables[-1]
        data_range = xl_range(first_row, first_col, last_row - total, last_col)
        added["range"], added["a_range"] = cell_range, data_range
        if "autofilter" in added:
            added["autofilter"] = data_range
            for col in range(first_col, last_col + 1):
                self.filter_cells[(first_row, col)] = ("table", cell_range)
        return 0

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
        spans, lo, hi, table, comments, last = {}, None, None, self.table, self.comments, self.dim_rowmax
        for row_num in range(self.dim_rowmin, last + 1):
            for cells in (table.get(row_num), comments.get(row_num)):
                if cells:
                    low, high = _bounds(cells)
                    lo = low if lo is None or low < lo else lo
                    hi = high if hi is None or high > hi else hi
            if (row_num + 1) % 16 == 0 or row_num == last:
                if lo is not None:
                    spans[row_num // 16] = f"{lo + 1}:{hi + 1}"
                    lo = hi = None
        self.row_spans = spans

    def _write_rows(self) -> None:
        """As XlsxWriter's, each row's cells in column order written at once (see `_write_row_at`)."""
        self._calculate_spans()
        spans = self.row_spans
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            self._write_row_at(row_num, spans.get(row_num // 16))
        self._write_run(self._run)

    def _write_single_row(self, current_row_num: int = 0) -> None:
        """As XlsxWriter's (streamed, the row before is written as row `current_row_num` starts)."""
        self._stream_row(current_row_num)
        self._write_run(self._run)

    def _stream_row(self, current_row_num: int) -> None:
        """Streamed: write the row before as row `current_row_num` starts, as XlsxWriter does (without spans,
        the row kept no longer); a `_Row` goes into the run, which `write_rows` writes as it returns."""
        row_num, self.previous_row = self.previous_row, current_row_num
        self._write_row_at(row_num, None)
        self.table.clear()

    def _write_row_at(self, row_num: int, span: str | None) -> None:
        """Row `row_num` if it has cells, attributes or comments: a `_Row` without row attributes into the run
        of rows written at once (the <row> element as `_write_row` writes it), format indices filled in by
        `_write_run`, in runs of up to `RUN_ROWS` rows; any other row after the run (before it asks a
        format for its index), its cells in column order at once (`_row_xml`)."""
        cells, info = self.table.get(row_num), self.row_info
        if (type(cells) is _Row and not dict.__len__(cells) and row_num not in info
                and self.default_row_height == self.original_row_height and self.excel_version != 2010):
            run = self._run
            run.append(f'<row r="{row_num + 1}" spans="{span}">' if span else f'<row r="{row_num + 1}">')
            run.append(cells.xml)
            run.append("</row>")
            if len(run) >= 3 * RUN_ROWS:
                self._write_run(run)
        elif cells:
            self._write_run(self._run)
            self._write_row(row_num, span, info.get(row_num))
            self.fh.write(self._row_xml(row_num, cells) + "</row>")
        elif row_num in info or row_num in self.comments:
            self._write_run(self._run)
            self._write_empty_row(row_num, span, info.get(row_num))

    def _write_run(self, run: list[str]) -> None:
        if run:
            xml = "".join(run)
            self.fh.write(xml.format_map(self._xf) if "{" in xml else xml)
            run.clear()

    def _row_xml(self, row: int, cells: dict[int, Any]) -> str:
        """The cells of a row in column order, as one string; of a `_Row`, its XML with the cells written
        into it since in their places."""
        if type(cells) is _Row:
            cells = {**_fragments(cells.xml), **cells}  # a cell written later replaces the row's
        parts, xf = [], self._xf
        for col in sorted(cells):
            cell = cells[col]
            if type(cell) is str:
                parts.append(cell.format_map(xf))
                continue
            xml = self._cell_xml(row, col, cell)
            if xml is None:  # anything else as XlsxWriter's `_write_cell` writes it
                fh, self.fh = self.fh, StringIO()
                try:
                    self._write_cell(row, col, cell)
                    xml = self.fh.getvalue()
                finally:
                    self.fh = fh
            parts.append(xml)
        return "".join(parts)

    def _get_range_data(self, row_start: int, col_start: int, row_end: int, col_end: int) -> Any:
        """As XlsxWriter's (the values a chart caches), with the cells of each `_Row` read back from its XML."""
        if self.constant_memory:  # streamed, XlsxWriter caches none
            return super()._get_range_data(row_start, col_start, row_end, col_end)
        rows = {r: cells for r in range(row_start, row_end + 1) if type(cells := self.table.get(r)) is _Row}
        try:
            for r, cells in rows.items():
                self.table[r] = {**self._parsed(cells.xml, r, col_start, col_end), **cells}
            return super()._get_range_data(row_start, col_start, row_end, col_end)
        finally:
            self.table.update(rows)

    def _parsed(self, xml: str, row: int, col_start: int, col_end: int) -> dict[int, Any]:
        """The cells of a `_Row` in these columns as XlsxWriter would have kept them, without their formats
        (`_get_range_data` reads none)."""
        cells = {}
        for col, name in enumerate(self._column_names(col_end + 1)[col_start:], start=col_start):
            start = xml.find(f'<c r="{name}{row + 1}"')
            if start >= 0:
                cell = xml[start:xml.index("</c>", start)]
                value = cell[cell.index("<v>") + 3:cell.index("</v>")]
                shared = ' t="s"' in cell
                cells[col] = CellStringTuple(int(value), None) if shared else CellNumberTuple(float(value), None)
        return cells

    def _cell_xml(self, row: int, col: int, cell: Any) -> str | None:
        """A cell's element as XlsxWriter's `_write_cell` writes it: of a string, number, date or blank cell
        with a format of its own; None for anything else (row or column formats, formulas, rich strings...)."""
        kind, fmt = type(cell), cell.format
        if not fmt or not (kind in _NUMBERS or kind is CellStringTuple or kind is CellBlankTuple):
            return None
        columns = self._columns
        while len(columns) <= col:
            columns.append(xl_col_to_name(len(columns)))
        head = f'<c r="{columns[col]}{row + 1}" s="{fmt._get_xf_index()}"'
        if kind is CellStringTuple:
            if not self.constant_memory:
                return f'{head} t="s"><v>{cell.string}</v></c>'
            return head + self._inline_tail(cell.string)
        if kind is CellBlankTuple:
            return f"{head}/>"
        return f"{head}><v>{cell.number:.16G}</v></c>"

    def _tail(self, string: str) -> str:
        """What follows the format of a text's cell in a `_Row`: its shared string's index (the string counted
        in the table), streamed its in-line string with braces doubled (`_write_run` fills in fields)."""
        if not self.constant_memory:
            return f' t="s"><v>{self.str_table._get_shared_string_index(string)}</v></c>'
        return self._inline_tail(string).replace("{", "{{").replace("}", "}}")

    def _inline_tail(self, string: str) -> str:
        """What follows the attributes of an in-line string cell, as XlsxWriter writes it."""
        string = self._escape_control_characters(string)
        if string.startswith("<r>") and string.endswith("</r>"):
            return f' t="inlineStr"><is>{string}</is></c>'
        preserve = ' xml:space="preserve"' if _preserve_whitespace(string) else ""
        return f' t="inlineStr"><is><t{preserve}>{self._escape_data(string)}</t></is></c>'


class _Row(dict):
    """A row written by `write_rows`: its cells' XML in one string (`xml`, every format as a field filled in
    by `_Indices`), from column `lo` to `hi`. A cell written into the row afterwards is kept as an entry,
    as XlsxWriter keeps it, and replaces the row's own cell in that column."""

    __slots__ = ("xml", "lo", "hi")

    def __bool__(self) -> bool:
        return True


class _Indices(dict):
    """Field name -> a format's XF index, asked of the format when the sheet is written, in the order of
    the cells: XlsxWriter numbers formats in the order it first writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.formats: dict[str, Any] = {}

    def __missing__(self, name: str) -> int:
        index = self[name] = self.formats[name]._get_xf_index()
        return index


class _TableCells(dict):
    """`Worksheet.table_cells` (cell -> the range of the table over it), the tables `FastSheet.add_table`
    adds kept as rectangles, not cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.ranges: list[tuple[int, int, int, int, str]] = []

    def get(self, cell: tuple[int, int], default: Any = None) -> Any:  # type: ignore[override]
        row, col = cell
        for first_row, first_col, last_row, last_col, name in self.ranges:
            if first_row <= row <= last_row and first_col <= col <= last_col:
                return name
        return super().get(cell, default)

    def refuse_overlap(self, first_row: int, first_col: int, last_row: int, last_col: int, name: str,
                       merged: dict[tuple[int, int], str]) -> None:
        """Raise XlsxWriter's error when a range overlaps a table's or a merged range."""
        for kind, ranges in (("table", self.ranges),
                             ("table", [(*cell, *cell, n) for cell, n in dict.items(self)]),
                             ("merge", [(*cell, *cell, n) for cell, n in merged.items()])):
            for top, left, bottom, right, previous in ranges:
                if top <= last_row and first_row <= bottom and left <= last_col and first_col <= right:
                    raise OverlappingRange(f"Table range '{name}' overlaps previous {kind} range '{previous}'.")

    def stretch(self, first_row: int, first_col: int, short: int, last_col: int, last_row: int, name: str) -> None:
        """The table XlsxWriter marked cell by cell up to row `short`, as one rectangle to `last_row`."""
        for row in range(first_row, short + 1):
            for col in range(first_col, last_col + 1):
                dict.pop(self, (row, col), None)
        self.ranges.append((first_row, first_col, last_row, last_col, name))


def _bounds(cells: dict[int, Any]) -> tuple[int, int]:
    """The lowest and highest column of a row's cells (of a `_Row`: its own and those written into it)."""
    if type(cells) is _Row:
        return (min(cells.lo, *cells), max(cells.hi, *cells)) if dict.__len__(cells) else (cells.lo, cells.hi)
    return min(cells), max(cells)


def _fragments(xml: str) -> dict[int, str]:
    """A `_Row`'s XML cell by cell, by column."""
    return {xl_cell_to_rowcol(cell[6:cell.index('"', 6)])[1]: cell + "</c>" for cell in xml.split("</c>")[:-1]}

