"""sammanstallning.xlsx written through `FastSheet` is byte for byte what XlsxWriter's own per-cell path writes."""

from __future__ import annotations

import zipfile
from datetime import date
from typing import Any

import pytest
import xlsxwriter
from consolidate_fixtures import forbund, year  # noqa: F401
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

from toolkit.consolidate import Masker, heading, xlsx, xlsx_cells
from toolkit.consolidate.figures import Column, Table, consolidation
from toolkit.consolidate.xlsx_cells import INLINE_CACHE, FastSheet

#: Values that take every branch: escapes, control characters, Excel's own _xHHHH_ escapes, white space
#: to preserve, a text over half Excel's limit (and one over it, cut), numbers, dates, booleans, masked
#: counts as text, empty cells. (A text spelled "<r>…</r>" is the one deliberate difference from
#: XlsxWriter, which breaks the file with it: tests/test_hostile_outputs.py.)
HARD = ['a & b < c > d "e"', "rad ett\nrad två", "tab\tbell\x07", "_x0041_ och _x005F_", " kant ", "<r>x",
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
    assert 0 < len(ws._inline) <= INLINE_CACHE
    book.close()
    sheet = CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_name("S").to_python()
    assert sheet == [[f"text {i}", "samma"] for i in range(3 * INLINE_CACHE)]


def _book(path, sheet_class, build) -> dict[str, bytes]:
    """A one-sheet workbook built by `build(book, sheet, formats)` on a `sheet_class` sheet, as its parts."""
    book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("S", worksheet_class=sheet_class)
    formats = [book.add_format({"num_format": code}) for code in ("@", "0", "0.0", "yyyy-mm-dd", "0%")]
    build(book, ws, formats)
    book.close()
    return _parts(path)


def _same_both_ways(tmp_path, build) -> dict[str, bytes]:
    fast = _book(tmp_path / "fast.xlsx", FastSheet, build)
    assert fast == _book(tmp_path / "stock.xlsx", Reference, build)
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
