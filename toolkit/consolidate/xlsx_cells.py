"""A worksheet that stores and writes table rows faster than XlsxWriter's general path, byte for byte the same.

XlsxWriter checks and stores every cell through a chain of calls, then builds each cell's XML from a
list of attributes, each escaped by a regular expression; in streamed (constant_memory) mode it
escapes every in-line string again however often it repeats. `FastSheet.write_rows` turns each row of
a table into its XML as it is given (a `_Row`: one string, the format indices filled in when the sheet
is written, as XlsxWriter numbers formats in the order it writes them); streamed, it stores the row with
one bounds check and writes the same XML as XlsxWriter directly, escaping a repeated in-line string once.
`FastSheet.add_table` marks a table's range as one rectangle, where XlsxWriter marks every cell of it.
Anything else goes through XlsxWriter's own code (a cell written into a `_Row` later is kept as
XlsxWriter keeps it and replaces the row's own cell). `tests/test_consolidate_xlsx_cells.py` compares
whole workbooks written both ways, so a change in XlsxWriter's output shows there. One deliberate
difference: a text spelled like XlsxWriter's rich-text marker (`<r>…</r>`) is written escaped
(`write_string`), where XlsxWriter would break the file.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from math import inf
from typing import Any, Callable, Sequence

from xlsxwriter.exceptions import OverlappingRange
from xlsxwriter.utility import _preserve_whitespace, xl_cell_to_rowcol, xl_col_to_name, xl_range
from xlsxwriter.worksheet import (CellBlankTuple, CellDatetimeTuple, CellNumberTuple, CellStringTuple,
                                  Worksheet, convert_range_args)

_NUMBERS = (CellNumberTuple, CellDatetimeTuple)
#: In-line strings remembered per sheet, escaped once: repeats come in runs of rows (one report's), and
#: a national roll-up must not keep every distinct text of a sheet until the workbook is closed.
INLINE_CACHE = 2048
#: `_Row`s written to the sheet's XML at once, at most.
RUN_ROWS = 1000
_cell = tuple.__new__  # what the cell namedtuples' own __new__ calls, without its Python frame


class FastSheet(Worksheet):
    """`Workbook.add_worksheet(name, worksheet_class=FastSheet)`; cells are written as with `Worksheet`.

    `autofit()` does not see the cells of a `_Row` (the consolidation sets its column widths itself)."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[str] = []
        self._inline: dict[str, str] = {}  # string -> the rest of its in-line cell element
        self._dates: dict[date, float] = {}
        self._fields: dict[int, str] = {}  # id of a format -> its field name in a `_Row`'s XML
        self._checked: dict[str, int] = {}  # text written by write_rows -> its shared string's index
        self._xf = _Indices()
        self.table_cells: _TableCells = _TableCells()

    def write_rows(self, first: int, rows: Sequence[Sequence[Any]], strings: Sequence[Any],
                   numbers: Sequence[Any], date_format: Any,
                   other: Callable[[int, int, Any], None]) -> None:
        """Rows from row `first` on, as `write_string`, `write_number` and `write_datetime` would write
        them with column c's format `strings[c]`, `numbers[c]` or `date_format`; a non-empty str, an
        int, a finite float or a date each. "" and None are left empty; `other(row, col, value)`
        writes any other value (a bool, a masked count...). Rows are at most Excel's 16 384 columns wide.

        Not streamed, each row's cells are turned into XML at once (a `_Row`), not kept cell by cell."""
        if self.constant_memory or not all((*strings, *numbers, date_format)):
            self._store_rows(first, rows, strings, numbers, date_format, other)
            return
        width = max(map(len, rows), default=0)
        if width > self.xls_colmax:
            self._store_rows(first, rows, strings, numbers, date_format, other)  # raises for the row
            return
        field, half, columns = self._field, self.xls_strmax // 2, self._column_names(width)
        heads = [f'<c r="{name}' for name in columns]
        text = [f'" s="{field(f)}" t="s"><v>' for f in strings]
        number = [f'" s="{field(f)}"><v>' for f in numbers]
        day = f'" s="{field(date_format)}"><v>'
        table, shared, dates, convert = self.table, self.str_table._get_shared_string_index, self._dates, \
            self._convert_date_time
        checked, known = self._checked, self._checked.get
        repeats, low, high, top, bottom = 0, self.xls_colmax, -1, None, None
        for r, values in enumerate(rows, start=first):
            if r >= self.xls_rowmax:
                break  # beyond Excel's last row: XlsxWriter drops every cell
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
                    index = known(value)
                    if index is not None:  # a text this sheet wrote before: its shared string counted again
                        repeats += 1
                    elif not value:
                        continue
                    elif (value[:3] == "<r>" and value[-4:] == "</r>") or len(value) > half:
                        self.write_string(r, c, value, strings[c])  # rich-text marker, or may need cutting
                        continue
                    else:
                        index = checked[value] = shared(value)
                    parts.append(f"{heads[c]}{ref}{text[c]}{index}</v></c>")
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
        self.str_table.count += repeats
        if top is not None:  # the sheet's extent, as XlsxWriter's check of each cell leaves it
            self._check_dimensions(top, low)
            self._check_dimensions(bottom, high)

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
        """A format's place in a `_Row`'s XML: "{f3}", filled in with its index when the sheet is written."""
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
        """As XlsxWriter's, each row's cells in column order written at once (see `_row_xml`); `_Row`s without
        row attributes in runs of up to `RUN_ROWS`, each run's format indices filled in at once."""
        self._calculate_spans()
        table, info, spans, comments = self.table, self.row_info, self.row_spans, self.comments
        plain = self.default_row_height == self.original_row_height and self.excel_version != 2010
        run: list[str] = []
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num)
            if not cells and row_num not in info and row_num not in comments:
                continue
            span = spans.get(row_num // 16)
            if plain and type(cells) is _Row and not dict.__len__(cells) and row_num not in info:
                # the <row> element as `_write_row` writes it for a row without attributes
                run.append(f'<row r="{row_num + 1}" spans="{span}">' if span else f'<row r="{row_num + 1}">')
                run.append(cells.xml)
                run.append("</row>")
                if len(run) >= 3 * RUN_ROWS:
                    self._write_run(run)
                continue
            self._write_run(run)  # before any other row asks a format for its index
            if not cells:
                self._write_empty_row(row_num, span, info.get(row_num))
                continue
            self._write_row(row_num, span, info.get(row_num))
            self.fh.write(self._row_xml(row_num, cells) + "</row>")
        self._write_run(run)

    def _write_run(self, run: list[str]) -> None:
        if run:
            self.fh.write("".join(run).format_map(self._xf))
            run.clear()

    def _row_xml(self, row: int, cells: dict[int, Any]) -> str:
        """The cells of a row (not streamed) in column order, as one string; of a `_Row`, its XML with the
        cells written into it since in their places."""
        if type(cells) is _Row:
            cells = {**_fragments(cells.xml), **cells}  # a cell written later replaces the row's
        parts, columns, ref, xf = [], self._columns, row + 1, self._xf
        for col in sorted(cells):
            cell = cells[col]
            if type(cell) is str:
                parts.append(cell.format_map(xf))
                continue
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

    def _get_range_data(self, row_start: int, col_start: int, row_end: int, col_end: int) -> Any:
        """As XlsxWriter's (the values a chart caches), with the cells of each `_Row` read back from its XML."""
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

