"""The reader's own cell pass (toolkit/sheet_cells.py) gives what python-calamine gives, cell for cell,
on workbooks written by openpyxl, xlsxwriter and LibreOffice, and parses odd or damaged XML exactly."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from python_calamine import CalamineWorkbook

from conftest import libreoffice, require_tool
from hostile import rewrite_parts
from toolkit.a1 import coordinates
from toolkit.cells import ExcelError
from toolkit.reader import CellBook, _names_and_sheets, read_workbook
from toolkit.safe_zip import Damaged, Package
from toolkit.sheet_cells import SharedStrings, Styles, cell_value, format_kind, shared_strings, sheet_cells

#: Values as staff type them, and the formats a cell may carry: (value, number format or None).
ZOO: list[tuple[Any, str | None]] = [
    (40, None), (12.5, None), (-3, None), (0, None), (1e20, None), (12345678901234567, None),
    (2_400_000, '#,##0 "kr"'), (0.75, "0%"), (1.5, '0.0 "dagar"'), (7, "0"),
    (date(2025, 3, 1), "yyyy-mm-dd"), (datetime(2025, 3, 1, 12, 30), "yyyy-mm-dd hh:mm"),
    (time(12, 30), "hh:mm"), (45000, "d/m/yyyy"), (45000, "[$-41D]d mmmm yyyy"), (0.5, "h:mm:ss"),
    (5, "[h]:mm"), (44927, 'mmm-yy;@'), (45000, '"år" yyyy'), (3, '"d" 0'),
    (True, None), (False, None),
    ("Aktivitetscenter", None), ("Kvinnor + Män, under 30 år", None), ("  mellanslag  ", None),
    ("rad ett\nrad två", None), ("tabb\toch & < > \" '", None), ("a_x000D_b", None), ("€ och 😀", None),
    ("#REF!", None), ("70 %", None), ("2025-03-01", None),
]


def _fill(ws: Any) -> None:
    for row, (value, fmt) in enumerate(ZOO, start=1):
        ws.cell(row, 2, value)
        if fmt:
            ws.cell(row, 2).number_format = fmt
    ws["D1"] = CellRichText(["Fet ", TextBlock(InlineFont(b=True), "text"), " här"])
    ws["D2"] = "=1/0"
    ws["XFD3"] = "långt bort"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The zoo written by openpyxl, by xlsxwriter, and openpyxl's file saved again by LibreOffice."""
    folder = tmp_path_factory.mktemp("zoo")
    wb = Workbook()
    _fill(wb.active)
    wb.active.title = "Blad"
    _fill(wb.create_sheet("Två"))
    wb.save(folder / "openpyxl.xlsx")

    book = xlsxwriter.Workbook(str(folder / "xlsxwriter.xlsx"))
    sheet = book.add_worksheet("Blad")
    for row, (value, fmt) in enumerate(ZOO):
        style = book.add_format({"num_format": fmt}) if fmt else None
        if isinstance(value, (date, time)):
            sheet.write_datetime(row, 1, value, style or book.add_format({"num_format": "yyyy-mm-dd"}))
        elif isinstance(value, str):
            sheet.write_string(row, 1, value, style)
        else:
            sheet.write(row, 1, value, style)
    sheet.write_rich_string(0, 3, "Fet ", book.add_format({"bold": True}), "text", " här")
    book.close()

    require_tool("soffice")
    out = folder / "lo"
    libreoffice("xlsx", out, folder / "openpyxl.xlsx")
    return {"openpyxl": folder / "openpyxl.xlsx", "xlsxwriter": folder / "xlsxwriter.xlsx",
            "libreoffice": out / "openpyxl.xlsx"}


def _ours(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    pkg = Package(path.read_bytes())
    _, parts = _names_and_sheets(pkg)
    book = CellBook(pkg, parts)
    values: dict[str, dict[tuple[int, int], Any]] = {}
    for sheet in parts:
        found = book.at(tuple((ref.decode(), sheet, ref.decode(), ref) for ref in book.cells(sheet)))
        values[sheet] = {_zero_based(ref): value for ref, value in found.items()
                         if value != "" and not isinstance(value, ExcelError)}  # calamine reads errors as empty
    return values


def _zero_based(ref: str) -> tuple[int, int]:
    row, column = coordinates(ref)
    return row - 1, column - 1


def _calamine(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    book = CalamineWorkbook.from_path(str(path))
    values: dict[str, dict[tuple[int, int], Any]] = {}
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        top, left = sheet.start or (0, 0)
        values[name] = {(top + r, left + c): value for r, row in enumerate(sheet.to_python(skip_empty_area=True))
                        for c, value in enumerate(row) if value != ""}
    return values


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter", "libreoffice"])
def test_every_cell_reads_as_calamine_reads_it(books, writer):
    ours, theirs = _ours(books[writer]), _calamine(books[writer])
    assert ours == theirs
    typed = {key: type(value) for key, value in ours["Blad"].items()}
    assert typed == {key: type(value) for key, value in theirs["Blad"].items()}
    assert len(ours["Blad"]) >= len(ZOO)  # nothing was lost on the way


def test_the_zoo_holds_what_it_says(books):
    """The comparison above is not between two empty sheets: spot values as staff typed them."""
    blad = _ours(books["libreoffice"])["Blad"]
    assert blad[(0, 1)] == 40 and blad[(10, 1)] == date(2025, 3, 1) and blad[(12, 1)] == time(12, 30)
    assert blad[(16, 1)] == timedelta(days=5) and blad[(20, 1)] is True
    assert blad[(25, 1)] == "rad ett\nrad två" and blad[(27, 1)] == "a\rb" and blad[(28, 1)] == "€ och 😀"
    assert blad[(0, 3)] == "Fet text här" and blad[(2, 16383)] == "långt bort"
    assert blad[(6, 1)] == 2_400_000 and blad[(8, 1)] == 1.5 and blad[(19, 1)] == 3  # quoted "kr", "dagar", "d": no dates


@pytest.mark.parametrize("code, kind", [
    ("yyyy-mm-dd", "date"), ("[$-41D]d mmmm yyyy", "date"), ("hh:mm", "date"), ("[h]:mm:ss", "duration"),
    ('0.0 "dagar"', ""), ('#,##0 "kr"', ""), ("0%", ""), ("General", ""), (r"0\d", ""), ('"d" 0', ""),
    ("[Red]0.00", ""), ("_(* #,##0_)", ""),
])
def test_date_formats_are_told_from_number_formats(code, kind):
    assert format_kind(code) == kind


def test_odd_spellings_go_to_the_exact_pass():
    comment = b'<worksheet><sheetData><row r="1"><!-- x --><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    cdata = b'<worksheet><sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[<b>]]></v></c></row></sheetData></worksheet>'
    order = b'<worksheet><sheetData><row r="1"><c t="b" r="A1"><v>0</v></c></row></sheetData></worksheet>'
    assert cell_value(sheet_cells(comment)[b"A1"], ["text"], Styles()) == "text"
    assert cell_value(sheet_cells(cdata)[b"A1"], None, Styles()) == "<b>"
    assert cell_value(sheet_cells(order)[b"A1"], None, Styles()) is False


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_prefix_bound_to_the_sheet_namespace_inside_a_plain_sheet_is_read(quote):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1"><v>1</v></c>'
           f'<x:c xmlns:x={quote}{main}{quote} r="B1"><x:v>2</x:v></x:c></row></sheetData></worksheet>').encode()
    assert {ref: cell_value(stored, None, Styles()) for ref, stored in sheet_cells(xml).items()} == {b"A1": 1, b"B1": 2}


@pytest.mark.parametrize("prefix, namespace", [
    ("å", "http://schemas.openxmlformats.org/spreadsheetml/2006/main"),  # a name may hold any letter
    ("x", "http://schemas.openxmlformats.org/spreadsheetml&#47;2006/main"),  # the namespace spelled with a reference
    ("y", "urn:another"),  # a cell's local name is what counts, as in calamine
])
def test_any_prefixed_cell_is_read_by_the_exact_pass(prefix, namespace):
    xml = (f'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><{prefix}:c xmlns:{prefix}="{namespace}" r="B1">'
           f'<{prefix}:v>2</{prefix}:v></{prefix}:c></row></sheetData></worksheet>').encode()
    assert {ref: cell_value(stored, None, Styles()) for ref, stored in sheet_cells(xml).items()} == {b"A1": 1, b"B1": 2}


def test_a_cell_inside_a_comment_is_not_read():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           b'<!-- <row r="2"><c r="A2"><v>2</v></c></row> --></sheetData></worksheet>')
    assert {ref: cell_value(stored, None, Styles()) for ref, stored in sheet_cells(xml).items()} == {b"A1": 1}


def test_a_false_sheet_data_in_a_comment_before_the_real_one_is_not_read():
    xml = (b'<worksheet><!-- <sheetData><row r="1"><c r="A1"><v>9</v></c></row></sheetData> -->'
           b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>')
    assert {ref: cell_value(stored, None, Styles()) for ref, stored in sheet_cells(xml).items()} == {b"A1": 1}


def test_damage_before_sheet_data_is_found():
    xml = (b'<worksheet><sheetViews><c r="A1" t="e" </sheetViews>'
           b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>')
    with pytest.raises(Damaged):
        sheet_cells(xml)


@pytest.mark.parametrize("first", [b'<c r="A1"><v>1</v></c>', b"<c><v>1</v></c>"])  # the quick pass, the exact one
def test_only_cells_inside_sheet_data_are_cells(first):
    xml = (b'<worksheet><sheetData><row r="1">' + first + b'</row></sheetData>'
           b'<extLst><ext><c r="B1"><v>2</v></c></ext></extLst></worksheet>')
    assert {ref: cell_value(stored, None, Styles()) for ref, stored in sheet_cells(xml).items()} == {b"A1": 1}


_SST = (b'<sst><si><t>plain &amp; simple</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>'
        b'<si><t>\xe6\x9d\xb1\xe4\xba\xac</t><rPh sb="0" eb="2"><t>toukyou</t></rPh></si>'
        b'<si><t xml:space="preserve"> rad ett\r\nrad tv\xc3\xa5_x000D_</t></si></sst>')


@pytest.mark.parametrize("xml", [
    _SST,  # plain entries decoded one by one, rich and phonetic ones from the whole table
    _SST.replace(b"</sst>", b"<si/></sst>"),  # an empty entry spelled <si/>: the whole table
    _SST.replace(b"<sst>", b"<sst><!-- <si><t>false</t></si> -->"),  # a comment: the whole table
])
def test_shared_strings_asked_one_by_one_are_those_of_the_whole_table(xml):
    lazy, whole = SharedStrings(xml), shared_strings(xml)
    assert len(lazy) == len(whole) and [lazy[i] for i in reversed(range(len(lazy)))] == whole[::-1]
    assert whole[:3] == ["plain & simple", "rich text", "東京"] and whole[3] == " rad ett\nrad två\r"


def test_rich_and_phonetic_shared_strings():
    xml = (b'<sst><si><t>plain &amp; simple</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>'
           b'<si><t>\xe6\x9d\xb1\xe4\xba\xac</t><rPh sb="0" eb="2"><t>toukyou</t></rPh></si></sst>')
    assert shared_strings(xml) == ["plain & simple", "rich text", "東京"]


def test_a_sheet_cut_off_half_way_is_damaged(tmp_path, example, make_workbook):
    path = make_workbook(example)
    part = _names_and_sheets(Package(path.read_bytes()))[1]["Deltagare"]
    rewrite_parts(path, {part: lambda xml: xml[: len(xml) // 3]})
    [found] = read_workbook(path).findings
    assert found.code == "trasig-fil"
    with pytest.raises(Damaged):
        sheet_cells(b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>')


def test_a_shared_string_outside_the_table_is_damaged():
    with pytest.raises(Damaged):
        cell_value((b"s", b"", b"<v>3</v>"), ["a"], Styles())


def test_the_1904_date_system_is_honoured(tmp_path):
    wb = Workbook()
    wb.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    wb.active["A1"] = date(2025, 3, 1)
    wb.active["A1"].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "mac.xlsx")
    with zipfile.ZipFile(tmp_path / "mac.xlsx") as zf:
        assert b"date1904" in zf.read("xl/workbook.xml")
    assert _ours(tmp_path / "mac.xlsx")["Sheet"] == {(0, 0): date(2025, 3, 1)} == _calamine(tmp_path / "mac.xlsx")["Sheet"]
