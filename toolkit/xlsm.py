"""Build the macro-enabled insats workbook (.xlsm) on any platform, without Excel.

It is the workbook of `workbook.build_workbook` plus four things: the hidden `xlwings.conf` settings sheet,
our VBA modules from `macros/*.bas`, xlwings' own VBA support (its standalone variant, copied from
the installed xlwings package, so staff need no add-in) and buttons on the Uppgifter sheet bound to
our macros. openpyxl writes the workbook, pyOpenVBA the VBA project and the buttons.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .errors import FinsamError
from .layout import UPPGIFTER
from .model import InsatsRapport
from .paths import data_dir
from .textio import write_atomic
from .workbook import FONT_NAME, FONTS, INPUT_FILL, build_workbook
from .xlwings_conf import CONF_SHEET, INTERPRETER_KEY, REPORT_FOLDER_KEY, conf_rows, read_rows

__all__ = ["BUTTONS", "CONF_SHEET", "REPORT_FOLDER_KEY", "conf_rows", "read_settings", "write_xlsm"]

#: Our own VBA modules, one `.bas` file per module (kept in the repository, next to `toolkit/`).
MACROS_DIR = data_dir("macros")
#: xlwings' standalone workbook, the source of its VBA module and the Dictionary class it needs on a Mac.
XLWINGS_MODULES = ("xlwings", "Dictionary")

_MAIN_XLSX = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MAIN_XLSM = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_WORKSHEET_ROOT = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R_NS = b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class Button:
    """A form button on the Uppgifter sheet: its caption, the macro it runs and the cell it starts at."""

    text: str
    macro: str
    cell: str


#: Right of the input column, where staff see them while filling in the sheet.
BUTTONS = (
    Button("Kontrollera", "Kontrollera", "E4"),
    Button("Skapa rapport", "SkapaRapport", "E7"),
    Button("Skapa utkast", "SkapaUtkast", "E10"),
)
BUTTON_SIZE = (150.0, 30.0)  # points: about two columns wide, two rows high


_CONF_NOTES = (
    "Inställningar för knapparna (xlwings). Bladet är dolt: visa det med högerklick på en bladflik > "
    "Ta fram (lås först upp arbetsbokens struktur under Granska > Skydda arbetsbok, utan lösenord).",
    "Inställningarna läses uppifrån och ned till första tomma cell i kolumn A. Lägg till en inställning "
    "på första tomma raden: namnet i kolumn A, värdet i B.",
    f"{INTERPRETER_KEY}: sökvägen till python.exe, t.ex. %LOCALAPPDATA%\\Programs\\Python\\Python313\\python.exe. "
    "Saknas raden gäller datorns egen inställning (%USERPROFILE%\\.xlwings\\xlwings.conf, som IT kan lägga ut), "
    "annars den Python som hittas via PATH.",
    "Conda Path och Conda Env: lägg till båda om Python är installerat med Anaconda eller Miniconda.",
    f"{REPORT_FOLDER_KEY}: mappen där rapporterna sparas. Tom: samma mapp som arbetsboken.",
    "Inställningarna följer med till nästa period (finsam new --from). Hjälp: docs/excel.md.",
)


def add_conf_sheet(wb: Workbook, settings: Mapping[str, Any] | None = None) -> None:
    """Append the hidden `xlwings.conf` sheet (keys in A, values in B, notes in D), out of printing."""
    ws = wb.create_sheet(CONF_SHEET)
    for row, (key, value) in enumerate(conf_rows(settings), 1):
        ws.cell(row, 1, key)
        cell = ws.cell(row, 2, value)
        cell.fill = INPUT_FILL
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, str):
            cell.data_type = "s"  # a path is never a formula
    for row, note in enumerate(_CONF_NOTES, 1):
        ws.cell(row, 4, note).font = FONTS["note"]
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["D"].width = 110
    ws["A1"].font = Font(name=FONT_NAME, bold=True)
    ws.sheet_state = "hidden"
    ws.print_area = "A1:A1"
    ws.page_setup.fitToHeight = 0


def read_settings(path: str | os.PathLike) -> dict[str, Any]:
    """The `xlwings.conf` settings of an existing workbook ({} when it has no such sheet), read only,
    with the reader's bounded machinery (a cell far down the sheet costs nothing)."""
    from .reader import WORKBOOK, WORKBOOK_RELS, CellBook, names_and_sheets
    from .safe_zip import Package, read_file

    try:
        pkg = Package(read_file(path))
        _, sheets = names_and_sheets(pkg.read(WORKBOOK), pkg.read(WORKBOOK_RELS))
        if CONF_SHEET not in sheets:
            return {}
        book = CellBook(pkg, sheets)
        cells, count = book.cells(CONF_SHEET), 0
        while f"A{count + 1}".encode() in cells:  # xlwings reads down to the first empty key
            count += 1
        refs = [f"{column}{row}" for row in range(1, count + 1) for column in "AB"]
        values = book.at(tuple((ref, CONF_SHEET, ref, ref.encode()) for ref in refs))
        rows = [[values.get(f"A{row}", ""), values.get(f"B{row}", "")] for row in range(1, count + 1)]
    except Exception as exc:  # a damaged, locked or too large file, in whatever form
        raise FinsamError(f"Inställningarna på bladet {CONF_SHEET} kan inte läsas ({type(exc).__name__}).",
                          file=str(path)) from exc
    return read_rows(rows)


def our_modules(directory: Path = MACROS_DIR) -> dict[str, str]:
    """Our VBA modules by name (from `Attribute VB_Name`), with the CRLF line ends VBA expects."""
    files = sorted(directory.glob("*.bas")) if directory.is_dir() else []
    if not files:
        raise FinsamError(f"Makromodulerna (.bas) saknas i {directory}. Kör kommandot från en fullständig "
                          "kopia av verktyget.")
    modules: dict[str, str] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")  # Swedish messages; the VBA project stores them in cp1252
        found = _VB_NAME.search(text)
        modules[found.group(1) if found else path.stem] = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return modules


def xlwings_modules() -> dict[str, str]:
    """xlwings' standalone VBA, read from the workbook its installed package ships for `quickstart --standalone`."""
    spec = find_spec("xlwings")
    if spec is None or not spec.origin:
        raise FinsamError("Paketet xlwings är inte installerat. Installera det med: pip install xlwings")
    from pyopenvba import ExcelFile

    source = Path(spec.origin).parent / "quickstart_standalone.xlsm"
    with ExcelFile(source) as book:
        return {name: book.get_module(name) for name in XLWINGS_MODULES}


def _macro_enabled(data: bytes) -> bytes:
    """openpyxl's package made ready for macros and buttons.

    The main part gets the macro-enabled content type (openpyxl writes the .xlsx one), and each
    worksheet declares the relationship prefix `r` on its root, as Excel does: openpyxl declares
    it only where it uses it, and the button writer adds `r:id` attributes that assume it.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "[Content_Types].xml":
                body = body.replace(_MAIN_XLSX, _MAIN_XLSM)
            elif item.filename.startswith("xl/worksheets/sheet") and _R_NS not in body[:500]:
                body = body.replace(_WORKSHEET_ROOT, _WORKSHEET_ROOT + _R_NS, 1)
            dst.writestr(zipfile.ZipInfo(item.filename, item.date_time), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# pyOpenVBA is imported where it is used: it takes half a second, and the Excel buttons and the other
# commands only need this module's constants.
def _add_vba(path: Path) -> None:
    from pyopenvba import ExcelFile, VBAModuleKind

    with ExcelFile(path) as book:
        project = book.add_vba_project()
        for name, source in xlwings_modules().items():
            kind = VBAModuleKind.other if "VB_Base" in source else VBAModuleKind.standard
            project.add_module(name, source, kind=kind)
        for name, source in our_modules().items():
            project.add_module(name, source)
        book.save()


def _add_buttons(path: Path, out: Path) -> None:
    from pyopenvba.apps.excel import ExcelApplication

    app = ExcelApplication.open(path, with_vba=False)
    sheet = app.sheet(UPPGIFTER)
    width, height = BUTTON_SIZE
    for button in BUTTONS:
        where = f'Worksheets("{UPPGIFTER}").Range("{button.cell}")'
        sheet.add_button(name=button.macro, left=float(app.evaluate(f"{where}.Left")),
                         top=float(app.evaluate(f"{where}.Top")), width=width, height=height,
                         text=button.text, macro=button.macro)
    app.save(out)


def write_xlsm(path: str | os.PathLike, report: InsatsRapport | None = None, *,
               settings: Mapping[str, Any] | None = None, interpreter: str = "", report_folder: str = "") -> Path:
    """Build the macro-enabled workbook (pre-filled with `report`) and save it atomically at `path`.

    `settings` are `xlwings.conf` settings to keep (e.g. from last period's workbook); `interpreter`
    and `report_folder`, when given, set those two on top.
    """
    wanted = dict(settings or {})
    for key, value in ((INTERPRETER_KEY, interpreter), (REPORT_FOLDER_KEY, report_folder)):
        if value:
            wanted = {k: v for k, v in wanted.items() if k.upper() != key.upper()} | {key: value}
    wb = build_workbook(report)
    add_conf_sheet(wb, wanted)
    plain = io.BytesIO()
    wb.save(plain)
    with tempfile.TemporaryDirectory(prefix="finsam-xlsm-") as tmp:
        stage = Path(tmp) / "stage.xlsm"
        stage.write_bytes(_macro_enabled(plain.getvalue()))
        _add_vba(stage)
        return write_atomic(path, lambda target: _add_buttons(stage, target))
