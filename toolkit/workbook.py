"""Build the insats workbook (openpyxl) from the layout declaration, optionally pre-filled from a model."""

from __future__ import annotations

import math
import os
import textwrap
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import TEMPLATE_VERSION, colours
from .a1 import column_letter
from .cells import to_cells
from .layout import LISTS as DROPDOWNS
from .layout import (
    DATE,
    INTEGER,
    KONTROLL,
    KRONOR,
    MALL,
    SHARE_OR_COUNT,
    SHEETS,
    VERSION_CELL,
    VERSION_NAME,
    Field,
    Layout,
    layout,
)
from .model import InsatsRapport
from .paths import data_dir
from .safe_output import set_value
from .textio import write_atomic, write_bytes_atomic

INPUT_FILL = PatternFill("solid", fgColor=colours.INPUT)
COMPUTED_FILL = PatternFill("solid", fgColor=colours.COMPUTED)
HEADER_FILL = PatternFill("solid", fgColor=colours.HEADER)
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: One font family throughout: every styled cell names it, and it is the workbook's default.
FONT_NAME = "Calibri"
FONTS = {
    "title": Font(name=FONT_NAME, bold=True, size=14, color=colours.HEADER),
    "heading": Font(name=FONT_NAME, bold=True, size=12, color=colours.HEADER),
    "header": Font(name=FONT_NAME, bold=True, color="FFFFFF"),
    "label": Font(name=FONT_NAME),
    "note": Font(name=FONT_NAME, italic=True, color="595959"),
}
#: Points per line of 11-point text, and the height of a long text's box.
LINE_HEIGHT = 15
LONGTEXT_HEIGHT = 90
#: Column widths per sheet; other columns get 14.
WIDTHS = {
    "Uppgifter": {"A": 2, "B": 48, "C": 60},
    "Deltagare": {"A": 2, "B": 52, "G": 15, "H": 16},
    "Avslut": {"A": 2, "B": 55, "C": 16, "D": 26},
    "Mål": {"A": 2, "B": 18, "C": 50, "D": 12, "E": 44, "F": 16, "G": 15, "H": 40},
    "Ekonomi": {"A": 2, "B": 40, "C": 16, "D": 16, "E": 18, "F": 16, "G": 22, "H": 18},
    "Texter": {"A": 2, "B": 36, "C": 110},
    "Kontroll": {"A": 2, "B": 14, "C": 26, "D": 12, "E": 9, "F": 80, "G": 14, "H": 14},
}
#: Frozen panes per sheet (the first scrolling cell).
FREEZE = {"Deltagare": "C5", "Avslut": "A5", "Mål": "C5", "Ekonomi": "C5", "Texter": "A5", "Kontroll": "A6"}
LANDSCAPE = {"Mål", "Ekonomi", "Kontroll", "Deltagare"}
#: Drop-down lists on the hidden sheet: name -> (column, labels), columns D, E, … in the order of `layout.LISTS`.
LISTS = {name: (column_letter(4 + i), tuple(label for _, label in pairs))
         for i, (name, pairs) in enumerate(DROPDOWNS.items())}
NUMBER_FORMATS = {"count": INTEGER, "amount": KRONOR, "date": DATE, "number": SHARE_OR_COUNT}


def _short_title(label: str, limit: int = 32) -> str:
    """An input message's title (Excel allows 32 characters), cut between words, never inside one."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,:")
    return cut + "…"


def _list_range(f: Field) -> str:
    """The drop-down list of an insats workbook's choice field, as a range on the hidden sheet."""
    column, values = LISTS[f.options]
    return f"{MALL}!${column}$2:${column}${1 + len(values)}"


def _validation(f: Field, list_range: Callable[[Field], str]) -> DataValidation:
    """A fresh validation for a field's kind, with Swedish messages."""
    if f.kind == "choice":
        dv = DataValidation(type="list", formula1=list_range(f), allow_blank=True, showErrorMessage=f.strict)
        dv.error = "Välj ett värde i listan."
    elif f.kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "Skriv ett heltal som är 0 eller större."
    elif f.kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "Skriv ett tal som är 0 eller större, en andel som procent (90 %)."
    elif f.kind == "amount":
        dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000",
                            formula2="1000000000000", allow_blank=True)
        dv.error = "Skriv ett belopp i kronor, bara siffror."
    elif f.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True)
        dv.error = "Skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2023-01-04."
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="32767", allow_blank=True)
        dv.error = "Texten får vara högst 32 767 tecken."
    dv.errorTitle = "Ogiltigt värde"
    dv.showErrorMessage = dv.showErrorMessage if f.kind == "choice" else True
    if f.prompt:
        dv.promptTitle = _short_title(f.label)
        dv.prompt = f.prompt[:255]
        dv.showInputMessage = True
    return dv


def build_workbook(report: InsatsRapport | None = None) -> Workbook:
    """The insats workbook as an openpyxl Workbook, pre-filled with `report` when given."""
    wb, sheets = new_book(SHEETS)
    fill_lists(sheets[MALL], LISTS, VERSION_CELL[1], TEMPLATE_VERSION)
    declare(wb, sheets, layout(), _list_range)
    finish_sheets(sheets, WIDTHS, FREEZE, LANDSCAPE, unprotected={KONTROLL})  # the checks write into Kontroll
    from .live_sheet import add_live_checks  # it builds on this module's styles

    add_live_checks(wb, _list_range)
    fit_rows(sheets, layout())
    print_setup(sheets, layout(), about_text(report))
    name_cell(wb, VERSION_NAME, *VERSION_CELL)
    wb.security = WorkbookProtection(lockStructure=True)  # no password: sheets keep the names the tools read
    if report is not None:
        fill(wb, report)
    return wb


def about_text(report: InsatsRapport | None) -> str:
    """What the printed pages' header says the workbook is about: the insats and period, when known."""
    if report is None or not report.insats:
        return "Insatsrapport"
    return report.insats + (f" – {report.period.label}" if report.period else "")


def new_book(names: Sequence[str]) -> tuple[Workbook, dict[str, Worksheet]]:
    """An empty workbook with the named sheets, in order."""
    wb = Workbook()
    sheets: dict[str, Worksheet] = {}
    for i, name in enumerate(names):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        sheets[name] = ws
    return wb, sheets


def declare(wb: Workbook, sheets: dict[str, Worksheet], lay: Layout, list_range: Callable[[Field], str]) -> None:
    """Write a declared layout: labels, locked formulas and the yellow, unlocked, validated input cells,
    each input and named formula under its defined name. Shared by every workbook the toolkit builds."""
    for label in lay.labels:
        cell = sheets[label.sheet][label.cell]
        cell.value = label.text
        cell.font = FONTS[label.style]
        if label.style == "header":
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        elif label.style == "label":  # beside its box, top-aligned, wrapped within its column
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for formula in lay.formulas:
        cell = sheets[formula.sheet][formula.cell]
        cell.value = formula.formula
        cell.number_format = formula.number_format
        cell.fill = COMPUTED_FILL
        cell.border = BOX
        if formula.name:
            name_cell(wb, formula.name, formula.sheet, formula.cell)
    validations: dict[tuple, DataValidation] = {}
    per_sheet: dict[str, list[DataValidation]] = defaultdict(list)
    for f in lay.fields:
        cell = sheets[f.sheet][f.cell]
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.protection = Protection(locked=False)
        cell.number_format = NUMBER_FORMATS.get(f.kind, "@" if f.kind == "choice" else "General")
        if f.kind == "longtext":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheets[f.sheet].row_dimensions[cell.row].height = LONGTEXT_HEIGHT
        elif f.kind in ("text", "choice"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if f.lines > 1:
                sheets[f.sheet].row_dimensions[cell.row].height = LINE_HEIGHT * f.lines
        if f.span:
            sheets[f.sheet].merge_cells(f"{f.cell}:{f.span}{cell.row}")
        key = (f.sheet, f.kind, list_range(f) if f.kind == "choice" else "", f.prompt)
        if key not in validations:
            validations[key] = _validation(f, list_range)
            per_sheet[f.sheet].append(validations[key])
        validations[key].add(f.cell)
        name_cell(wb, f.name, f.sheet, f.cell)
    for sheet, dvs in per_sheet.items():
        for dv in dvs:
            sheets[sheet].add_data_validation(dv)


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (bold runs wider)."""
    per_line = max(1, math.floor((width - 1) / (1.15 if bold else 1.0)))
    return max(1, len(textwrap.wrap(text, per_line, break_long_words=True)))


def fit_rows(sheets: dict[str, Worksheet], lay: Layout) -> None:
    """Rows of headers and labels tall enough for their wrapped text, so nothing is clipped on screen or paper."""
    for label in lay.labels:
        if label.style not in ("header", "label"):
            continue
        ws = sheets[label.sheet]
        cell = ws[label.cell]
        width = ws.column_dimensions[cell.column_letter].width
        lines = wrapped_lines(label.text, width, bold=label.style == "header")
        needed = lines * LINE_HEIGHT + (4 if label.style == "header" else 0)
        current = ws.row_dimensions[cell.row].height
        if lines > 1 and (current is None or current < needed):
            ws.row_dimensions[cell.row].height = needed


def print_setup(sheets: dict[str, Worksheet], lay: Layout, about: str) -> None:
    """Print titles (each sheet's first header row), and a header with `about` and the sheet, a footer with the page."""
    first_header: dict[str, int] = {}
    for label in lay.labels:
        if label.style == "header":
            row = sheets[label.sheet][label.cell].row
            first_header[label.sheet] = min(row, first_header.get(label.sheet, row))
    for name, ws in sheets.items():
        if name in first_header:
            ws.print_title_rows = f"{first_header[name]}:{first_header[name]}"
        set_header(ws, about)


def set_header(ws: Worksheet, about: str) -> None:
    """The printed page's header (`about`, the sheet's name) and footer (the page number)."""
    ws.oddHeader.left.text = about.replace("&", "&&")
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddFooter.right.text = "Sida &P av &N"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.right):
        part.font = FONT_NAME
        part.size = 9


def fill(wb: Workbook, report: InsatsRapport) -> None:
    """Write the model's values into the input cells of a built workbook."""
    write_values(wb, layout(), to_cells(report))


def write_values(wb: Workbook, lay: Layout, values: dict[str, Any]) -> None:
    """Write values (by field name) into a built workbook's input cells; text is never a formula."""
    for name, value in values.items():
        f = lay.field(name)
        cell = wb[f.sheet][f.cell]
        set_value(cell, value)  # text typed by staff is never a formula, even "=…"
        if isinstance(value, date):
            cell.number_format = DATE


def _quote(sheet: str) -> str:
    return f"'{sheet}'" if not sheet.isascii() or " " in sheet else sheet


def name_cell(wb: Workbook, name: str, sheet: str, cell: str) -> None:
    """Give one cell a workbook-level defined name (absolute reference)."""
    column, row = cell.rstrip("0123456789"), cell[len(cell.rstrip("0123456789")):]
    wb.defined_names[name] = DefinedName(name, attr_text=f"{_quote(sheet)}!${column}${row}")


def fill_lists(ws: Worksheet, lists: dict[str, tuple[str, Sequence[str]]], version_cell: str,
               version: int) -> None:
    """The hidden sheet: the template version and the drop-down lists (name -> (column, values))."""
    ws["A1"], ws[version_cell] = "Mallversion", version
    ws["A2"] = "Listor för rullgardinsmenyerna. Ändra inte."
    for name, (column, values) in lists.items():
        ws[f"{column}1"] = name
        for i, value in enumerate(values, 2):
            ws[f"{column}{i}"] = value
    ws.sheet_state = "hidden"


def finish_sheets(sheets: dict[str, Worksheet], widths: dict[str, dict[str, float]], freeze: dict[str, str],
                  landscape: set[str], unprotected: set[str], columns: str = "ABCDEFGHI") -> None:
    """Column widths (14 unless given), frozen panes, A4 printing one page wide, and sheet protection."""
    for name, ws in sheets.items():
        for column in columns:
            ws.column_dimensions[column].width = widths.get(name, {}).get(column, 14)
        if name in freeze:
            ws.freeze_panes = freeze[name]
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if name in landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        if name not in unprotected:
            ws.protection.sheet = True
            ws.protection.formatColumns = False
            ws.protection.formatRows = False


def save_workbook(wb: Workbook, path: str | os.PathLike) -> Path:
    """Save atomically: the target is replaced only by a complete file."""
    return write_atomic(path, wb.save)


def write_workbook(path: str | os.PathLike, report: InsatsRapport | None = None,
                   typed: dict[str, Any] | None = None) -> Path:
    """Save the workbook (pre-filled with `report`, then `typed` by field name written over its cells as
    staff typed them: text stays text) atomically at `path`: the template built once per process with the
    values filled in (`prefilled`), or the full build for values it does not know."""
    from .prefilled import prefilled_bytes

    data = prefilled_bytes(report, typed)
    if data is None:
        wb = build_workbook(report)
        write_values(wb, layout(), typed or {})
        return save_workbook(wb, path)
    return write_bytes_atomic(path, data)


TEMPLATE_PATH = data_dir("workbooks") / "insatsrapport.xlsx"

if __name__ == "__main__":  # regenerate the committed template: python -m toolkit.workbook
    from .reproducible import save_reproducibly

    print(save_reproducibly(TEMPLATE_PATH, build_workbook().save))
