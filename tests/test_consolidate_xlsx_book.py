"""`Book` writes a streamed workbook's parts to new files in a folder of its own: the same workbook, no file left."""

from __future__ import annotations

import os
import zipfile

import xlsxwriter

from toolkit.consolidate import xlsx_book
from toolkit.consolidate.xlsx_book import Book
from toolkit.consolidate.xlsx_cells import FastSheet


def _build(book) -> None:
    ws = book.add_worksheet("Data", worksheet_class=FastSheet)
    fmt = book.add_format({"num_format": "0"})
    ws.write_rows(0, [[f"rad {i}", i] for i in range(50)], [fmt, fmt], [fmt, fmt], fmt, lambda r, c, v: None)
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"categories": ["Data", 0, 0, 49, 0], "values": ["Data", 0, 1, 49, 1]})
    book.add_worksheet("Diagram").insert_chart(0, 0, chart)
    book.add_worksheet("Tom", worksheet_class=FastSheet)  # no rows: XlsxWriter's own empty <sheetData/>


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:  # docProps/core.xml holds the time of writing
        return {info.filename: (zf.read(info), info.date_time) for info in zf.infolist()
                if info.filename != "docProps/core.xml"}


def test_a_streamed_book_writes_new_files_in_its_own_folder_and_leaves_none(tmp_path, monkeypatch):
    made = []
    filename = xlsx_book._Packager._filename

    def spy(self, xml_filename):
        path = filename(self, xml_filename)
        made.append((os.path.dirname(path), os.path.exists(path)))
        return path

    monkeypatch.setattr(xlsx_book._Packager, "_filename", spy)
    book = Book(str(tmp_path / "book.xlsx"), {"constant_memory": True})
    folder = book.tmpdir
    _build(book)
    assert len(os.listdir(folder)) == 3  # each sheet's rows
    book.close()
    assert len(made) > 10 and set(made) == {(folder, False)}  # every part a file not made before
    assert not os.path.exists(folder)
    stock = xlsxwriter.Workbook(str(tmp_path / "stock.xlsx"), {"constant_memory": True})
    _build(stock)
    stock.close()
    assert _parts(tmp_path / "book.xlsx") == _parts(tmp_path / "stock.xlsx")  # zip dates too


def test_a_book_in_memory_is_xlsxwriters_and_its_folder_goes_too(tmp_path):
    book = Book(str(tmp_path / "book.xlsx"), {"in_memory": True})
    _build(book)
    book.close()
    assert not os.path.exists(book.tmpdir)
    stock = xlsxwriter.Workbook(str(tmp_path / "stock.xlsx"), {"in_memory": True})
    _build(stock)
    stock.close()
    assert _parts(tmp_path / "book.xlsx") == _parts(tmp_path / "stock.xlsx")
