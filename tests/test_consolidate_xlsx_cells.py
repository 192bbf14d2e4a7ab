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

from toolkit.consolidate import Masker, heading, xlsx
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
