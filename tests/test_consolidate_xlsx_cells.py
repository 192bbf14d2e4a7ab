"""sammanstallning.xlsx written through `FastSheet` is byte for byte what XlsxWriter's own per-cell path writes."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from consolidate_fixtures import forbund, year  # noqa: F401
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

from toolkit.consolidate import Masker, heading, xlsx, xlsx_cells
from toolkit.consolidate.figures import Column, Table, consolidation
from toolkit.consolidate.xlsx_cells import INLINE_CACHE, FastSheet

#: Values that take every branch: escapes, control characters, Excel's own _xHHHH_ escapes, white space
#: to preserve, braces (a streamed row's XML has fields for format indices), a text over half Excel's limit
#: (and one over it, cut), numbers, dates, booleans, masked counts as text, empty cells. (A text spelled "<r>…</r>" is the one deliberate difference from
#: XlsxWriter, which breaks the file with it: tests/test_hostile_outputs.py.)
HARD = ['a & b < c > d "e"', "rad ett\nrad två", "tab\tbell\x07", "_x0041_ och _x005F_", " kant ", "<r>x", "{f0} {} }{",
        "å" * 20_000, "x" * 40_000, "=SUMMA(A1)", "ok"]


def _hard_table() -> Table:
    columns = [Column("Text"), Column("Antal", "count"), Column("Belopp", "amount"), Column("Datum", "date"),
               Column("Andel", "share"), Column("Fel", "int")]
    rows: list[list[Any]] = []
    for i, text in enumerate(HARD):
        rows.append([text, i * 7 - 3, 1e15 + i / 3, date(2025, 1 + i, 28), i / 9, True if i % 2 else None])
        rows.append(["", f"{i}–{i + 4}", "<5", None, float(i), False])
    return Table("Svårt", columns, rows, total=["Summa", 70, 2.5, None, None, 3])


class Reference(Worksheet):
    """XlsxWriter's stock worksheet, rows written cell by cell through its public methods."""

    def write_rows(self, first, rows, strings, numbers, date_format, other) -> None:
        for r, values in enumerate(rows, start=first):
            for c, value in enumerate(values):
                if type(value) is str:
                    if value:
                        self.write_string(r, c, value, strings[c])
                elif type(value) in (int, float):
                    self.write_number(r, c, value, numbers[c])
                elif type(value) is date:
                    self.write_datetime(r, c, value, date_format)
                elif value is not None:
                    other(r, c, value)


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:  # docProps/core.xml holds the time of writing
        return {name: zf.read(name) for name in zf.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("streamed", [False, True], ids=["tables", "constant_memory"])
def test_fast_sheets_write_the_same_bytes_as_xlsxwriter(year, tmp_path, monkeypatch, streamed):  # noqa: F811
    if streamed:
        monkeypatch.setattr(xlsx, "TABLE_CELLS", 0)
    tables = [*consolidation(year, Masker()).tables, _hard_table()]
    fast = xlsx.write_xlsx(tmp_path / "fast.xlsx", tables, heading(year), Masker())
    monkeypatch.setattr(xlsx, "FastSheet", Reference)
    stock = xlsx.write_xlsx(tmp_path / "stock.xlsx", tables, heading(year), Masker())
    fast_parts, stock_parts = _parts(fast), _parts(stock)
    assert list(fast_parts) == list(stock_parts)
    assert [n for n in fast_parts if fast_parts[n] != stock_parts[n]] == []
    sheets = [n for n in fast_parts if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(tables) + 1  # and the Diagram sheet
    assert b"_x005F_x0041_" in fast_parts.get("xl/sharedStrings.xml", b"") + b"".join(fast_parts[n] for n in sheets)


def test_a_streamed_sheet_remembers_a_bounded_number_of_texts(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "s.xlsx"), {"constant_memory": True})
    ws = book.add_worksheet("S", worksheet_class=FastSheet)
    fmt = book.add_format()
    rows = [[f"text {i}", "samma"] for i in range(3 * INLINE_CACHE)]
    ws.write_rows(0, rows, [fmt, fmt], [fmt, fmt], fmt, lambda r, c, v: None)
    assert 0 < len(ws._tails) <= INLINE_CACHE
    book.close()
    sheet = CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_name("S").to_python()
    assert sheet == [[f"text {i}", "samma"] for i in range(3 * INLINE_CACHE)]


def _book(path, sheet_class, build, streamed=False) -> dict[str, bytes]:
    """A workbook built by `build(book, sheet, formats)` on a `sheet_class` sheet (its rows streamed or kept in
    memory), as its parts."""
    book = xlsxwriter.Workbook(str(path), {"in_memory": not streamed, "constant_memory": streamed,
                                           "strings_to_numbers": False})
    ws = book.add_worksheet("S", worksheet_class=sheet_class)
    formats = [book.add_format({"num_format": code}) for code in ("@", "0", "0.0", "yyyy-mm-dd", "0%")]
    build(book, ws, formats)
    book.close()
    return _parts(path)


def _same_both_ways(tmp_path, build, streamed=False) -> dict[str, bytes]:
    fast = _book(tmp_path / "fast.xlsx", FastSheet, build, streamed)
    assert fast == _book(tmp_path / "stock.xlsx", Reference, build, streamed)
    return fast


ROWS = [[f"namn {i % 7}", i, i / 3, date(2025, 1, 1 + i % 28), None, "", "<5"] for i in range(40)]


def _rows(ws, formats, first=3, rows=ROWS) -> None:
    text, count, share, day, _ = formats
    ws.write_rows(first, rows, [text] * 7, [count, share, share, day, count, count, count], day,
                  lambda r, c, v: ws.write_string(r, c, str(v), text))


@pytest.mark.parametrize("row_height", [None, 20], ids=["default_rows", "taller_rows"])
def test_cells_written_into_fast_rows_afterwards_land_as_with_xlsxwriter(tmp_path, monkeypatch, row_height):
    monkeypatch.setattr(xlsx_cells, "RUN_ROWS", 7)  # rows written in runs of 7: a run ends mid-table

    def build(book, ws, formats):
        if row_height:
            ws.set_default_row(row_height)
        ws.write_string(3, 9, "före", formats[4])  # a row with cells before its rows are written
        _rows(ws, formats)
        _rows(ws, formats, first=40, rows=ROWS[:5])  # rows written again over earlier ones
        ws.write_number(5, 1, 99, formats[2])  # a cell replaced
        ws.write_string(6, 12, "efter", formats[0])  # a cell beyond the row's last
        ws.write_blank(7, 4, None, formats[1])  # a cell in a gap of the row
        ws.write_comment(8, 20, "en kommentar")
        ws.write_comment(60, 2, "en rad med bara en kommentar")
        ws.set_row(9, 30, formats[0])
        ws.set_column(4, 4, 12, formats[3])

    parts = _same_both_ways(tmp_path, build)
    assert b"en kommentar" in b"".join(parts.values())


def test_a_table_over_fast_rows_is_the_same_and_refuses_overlaps_as_xlsxwriter(tmp_path):
    def build(book, ws, formats):
        _rows(ws, formats)
        ws.add_table(2, 0, 3 + len(ROWS), 6, {"columns": [{"header": f"K{i}"} for i in range(7)], "total_row": True,
                                              "name": "Stor"})
        ws.add_table(50, 0, 51, 1, {"name": "Liten"})  # too short to take the shortcut: XlsxWriter's own way
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"categories": ["S", 3, 0, 30, 0], "values": ["S", 3, 1, 30, 1]})
        ws.insert_chart(2, 9, chart)

    parts = _same_both_ways(tmp_path, build)
    assert b'ref="A3:G44"' in parts["xl/tables/table1.xml"] and b"totalsRowCount" in parts["xl/tables/table1.xml"]
    assert b"<c:v>namn 6</c:v>" in parts["xl/charts/chart1.xml"]  # the chart's cache read back from the rows
    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    ws = book.add_worksheet(worksheet_class=FastSheet)
    _rows(ws, [book.add_format() for _ in range(5)])
    ws.add_table(2, 0, 30, 6)
    for overlapping in (lambda: ws.add_table(20, 5, 40, 8), lambda: ws.merge_range(30, 6, 31, 7, "x")):
        with pytest.raises(xlsxwriter.exceptions.OverlappingRange, match="A3:G31"):
            overlapping()
    ws.merge_range(40, 0, 41, 1, "x")
    with pytest.raises(xlsxwriter.exceptions.OverlappingRange, match="merge range 'A41:B42'"):
        ws.add_table(35, 0, 45, 3)
    ws.add_table(31, 0, 39, 6)  # right below the first: no overlap
    book.close()


def test_streamed_fast_rows_land_as_with_xlsxwriter(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_cells, "RUN_ROWS", 7)  # rows written in runs of 7: a run ends mid-table

    def build(book, ws, formats):
        ws.set_row(5, 30)  # a row with attributes among the rows
        ws.write_string(3, 9, "före", formats[4])  # the first row has a cell before its row is written
        _rows(ws, formats)  # rows 3 to 42
        ws.write_number(42, 9, 99, formats[2])  # into the last row, not written yet
        _rows(ws, formats, first=40, rows=ROWS[:5])  # rows 40 and 41 written already (dropped), 42 still open
        ws.write_string(44, 12, "efter", formats[0])  # a cell beyond the row's last
        ws.write_string(2, 0, "för sent", formats[0])  # a row written already: dropped
        ws.set_row(60, 20, formats[1])  # a row with a format of its own, written by rows later
        _rows(ws, formats, first=58, rows=ROWS[:5])
        chart = book.add_chart({"type": "bar"})  # over rows written and the last, not yet written
        chart.add_series({"categories": ["S", 3, 0, 62, 0], "values": ["S", 3, 1, 62, 1]})
        ws.insert_chart(2, 9, chart)

    parts = _same_both_ways(tmp_path, build, streamed=True)
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"inlineStr" in sheet and b"efter" in sheet and b"f\xc3\xb6r sent" not in sheet


def test_streamed_rows_ask_formats_for_their_indices_as_xlsxwriter_does(tmp_path, monkeypatch):
    """Streamed, XlsxWriter numbers formats as it writes each row: a format first used late in a table, or
    first on another sheet while a table's last row waits, gets the same index both ways."""
    monkeypatch.setattr(xlsx_cells, "RUN_ROWS", 4)  # rows 0 to 7 written in two runs, row 8 in a run of its own
    rows = [[f"{{t{i}}}", i if i > 8 else None, i / 7 if i > 5 else None, date(2025, 1, 1 + i) if i > 7 else None]
            for i in range(20)]

    def build(book, ws, formats):
        late = [book.add_format({"num_format": code, "bold": True}) for code in ("@", "0.00", "0.000", "yyyy-mm-dd")]
        other = book.add_worksheet("T", worksheet_class=type(ws))
        write = lambda sheet, first, part, fmts: sheet.write_rows(  # noqa: E731
            first, part, [fmts[0]] * 4, [fmts[1], fmts[1], fmts[2], fmts[1]], fmts[3], lambda r, c, v: None)
        write(ws, 0, rows[:10], late)  # the date format first in row 8, written as row 9 starts
        write(other, 0, rows, formats)
        write(ws, 10, rows[10:], late)

    parts = _same_both_ways(tmp_path, build, streamed=True)
    assert b"{t19}" in parts["xl/worksheets/sheet2.xml"]


def test_a_streamed_workbook_reads_back_with_openpyxl(tmp_path):
    """What a user opens: the streamed sheet's values, read by another library than the one writing them."""
    texts = ['a & b < c > d "e"', "rad ett\nrad två", " kant ", "<r>x", "{f0} {} }{", "å" * 20_000, "<r>rik</r>"]
    rows = [[text, i, i / 4, date(2025, 1, 1 + i)] for i, text in enumerate(texts)]
    path = tmp_path / "s.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("S", worksheet_class=FastSheet)
    fmt = [book.add_format({"num_format": code}) for code in ("@", "0", "yyyy-mm-dd")]
    ws.write_rows(0, rows, [fmt[0]] * 4, [fmt[1]] * 4, fmt[2], lambda r, c, v: None)
    book.close()
    values = [list(row) for row in openpyxl.load_workbook(path, read_only=True)["S"].values]
    assert values == [[text, i, i / 4, datetime(2025, 1, 1 + i)] for i, text in enumerate(texts)]
