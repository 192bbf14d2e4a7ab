"""The Excel buttons Kontrollera, Skapa rapport and Skapa utkast, called through xlwings' RunPython.

The entry points (`kontrollera`, `skapa_rapport`, `skapa_utkast`) get the xlwings version of the
workbook's VBA, refuse a mismatch with the installed xlwings, and take the calling workbook from
`xw.Book.caller()`, so unsaved edits count; each step runs inside the Swedish error handling.
Everything below them takes a book object with the part of xlwings' Book API used here (sheets,
ranges, values, colours, notes, names, app.alert), so tests can pass a stand-in. This is the only
module that imports xlwings, and only when a button runs: a click starts a fresh Python, so the
imports here are kept to what a click needs (`bench/excel.py` measures it).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator, Sequence

from .a1 import column_letter, coordinates
from .cells import from_cells
from .checks import check_parsed
from .checks.marks import mark_plan
from .checks.render import KONTROLL_COLUMNS, KONTROLL_FIRST_COLUMN, kontroll_rows, link_location, status_text
from .colours import COMPUTED, INPUT, MARKS
from .errors import FinsamError
from .findings import FEL, Finding
from .layout import KONTROLL, KONTROLL_HEADER_ROW, KONTROLL_STATUS, SHEETS, VERSION_CELL, VERSION_NAME, layout
from .model import InsatsRapport
from .reader import template_version
from .xlwings_conf import CONF_SHEET, REPORT_FOLDER_KEY, read_rows

TITLE = "Finsam"
_REF = re.compile(r"^=?'?(.+?)'?!\$?([A-Z]{1,3})\$?(\d+)$")
_FIRST_ROW = KONTROLL_HEADER_ROW + 1
_FIRST_COL = coordinates(f"{KONTROLL_FIRST_COLUMN}1")[1]
_LAST_COL = _FIRST_COL + len(KONTROLL_COLUMNS) - 1
_SHEET_COL = KONTROLL_COLUMNS.index("Blad")
_CELL_COL = KONTROLL_COLUMNS.index("Cell")
_SEVERITY_COL = KONTROLL_COLUMNS.index("Allvarlighet")
MARK_COLOURS = {severity: f"#{rgb}" for severity, rgb in MARKS.items()}
#: Libraries xlwings imports if it finds them, for conversions and pictures the buttons never use:
#: half a second of every click. They are hidden from xlwings' own import only (see `_xlwings`).
NOT_NEEDED_BY_XLWINGS = ("matplotlib", "pandas", "numpy", "plotly", "PIL")


# --- entry points (RunPython) ---------------------------------------------------------------------
def kontrollera(vba_version: str = "") -> None:
    """Button Kontrollera: check the calling workbook and mark what is wrong."""
    start_button(check_book, vba_version)


def skapa_rapport(vba_version: str = "") -> None:
    """Button Skapa rapport: check, then write the Word report unless there are errors."""
    start_button(report_from_book, vba_version)


def skapa_utkast(vba_version: str = "") -> None:
    """Button Skapa utkast: check, then write a draft report even when there are errors."""
    start_button(lambda book: report_from_book(book, draft=True), vba_version)


def start_button(action: Callable[[Any], object], vba_version: str) -> None:
    """Check the xlwings versions, find the calling workbook, run the action: every step in Swedish."""
    try:
        xw = _xlwings()
        check_xlwings_version(vba_version, xw.__version__)
        book = xw.Book.caller()
    except FinsamError as exc:
        tell_without_book(str(exc))
        return
    except Exception as exc:  # no workbook to show a message in: xlwings could not reach Excel
        log = _log_failure()
        tell_without_book(f"Python kom inte åt arbetsboken ({type(exc).__name__}: {exc}). Stäng andra "
                          f"dialogrutor i Excel och försök igen. Detaljerna finns i {log}.")
        return
    run_button(book, action)


def check_xlwings_version(vba_version: str, installed: str) -> None:
    """Refuse a workbook whose embedded xlwings VBA is another version than the installed xlwings."""
    if vba_version and vba_version != installed:
        raise FinsamError(
            f"Arbetsbokens knappar är gjorda för xlwings {vba_version}, men datorn har xlwings {installed}. "
            "Versionerna måste vara samma. Be den som ansvarar för verktyget om en arbetsbok gjord med "
            f"xlwings {installed} (finsam new), eller installera xlwings {vba_version}: "
            f"py -m pip install xlwings=={vba_version}")


def tell_without_book(message: str) -> None:
    """A Swedish message when there is no workbook to show it in.

    On Windows a message box of its own; elsewhere on stderr with exit code 1, which xlwings' VBA
    shows in its error box.
    """
    windll = getattr(__import__("ctypes"), "windll", None)
    if windll is not None:
        windll.user32.MessageBoxW(None, message, TITLE, 0x10 | 0x40000)  # MB_ICONERROR | MB_TOPMOST
        return
    sys.stderr.write(message + "\n")
    raise SystemExit(1)


def _xlwings() -> ModuleType:
    """xlwings, imported without the optional libraries it would load but a click never uses.

    They are hidden from xlwings' import only (it treats them as absent) and importable again right
    after, so Skapa rapport still draws its charts with Pillow.
    """
    if "xlwings" in sys.modules:
        return sys.modules["xlwings"]
    hidden = [name for name in NOT_NEEDED_BY_XLWINGS if name not in sys.modules]
    sys.modules.update(dict.fromkeys(hidden))
    try:
        import xlwings
    finally:
        for name in hidden:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]
    return xlwings


def run_button(book: Any, action: Callable[[Any], object]) -> None:
    """Run a button's action; any exception becomes a Swedish message box, never a traceback."""
    try:
        action(book)
    except FinsamError as exc:
        alert(book, str(exc), critical=True)
    except Exception as exc:  # the button must never end in a VBA error dialog
        log = _log_failure()
        alert(book, f"Något oväntat gick fel: {type(exc).__name__}: {exc}\n\nDetaljerna finns i {log}. "
                    "Skicka filen till den som ansvarar för verktyget.", critical=True)


def alert(book: Any, message: str, critical: bool = False) -> None:
    book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")


def _log_failure() -> Path:
    path = Path(tempfile.gettempdir()) / "finsam-fel.txt"
    path.write_text(f"{datetime.now():%Y-%m-%d %H:%M:%S}\n{traceback.format_exc()}", encoding="utf-8")
    return path


# --- reading the live workbook --------------------------------------------------------------------
@dataclass
class LiveRead:
    """The model read from an open workbook, the findings on the way, and where each input is."""

    report: InsatsRapport
    findings: list[Finding]
    places: dict[str, tuple[str, str]] = field(default_factory=dict)


def _sheet_names(book: Any) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def _places(book: Any) -> dict[str, tuple[str, str]]:
    """Every defined name pointing at one cell -> (sheet, cell); names may have moved with edits."""
    places: dict[str, tuple[str, str]] = {}
    for name in book.names:
        found = _REF.match(name.refers_to or "")
        if found:
            places[name.name] = (found.group(1).replace("''", "'"), f"{found.group(2)}{found.group(3)}")
    return places


def read_book(book: Any) -> LiveRead:
    """Read every input of the live workbook: one read per sheet, each value found by its defined name."""
    present = set(_sheet_names(book))
    missing = [s for s in SHEETS if s not in present]
    if missing:
        listed = ", ".join(f"”{s}”" for s in missing)
        raise FinsamError(f"Bladet {listed} saknas eller har bytt namn. Ge bladet tillbaka sitt namn eller utgå "
                          "från en ny arbetsbok från mallen.")
    names = _places(book)
    places = {f.name: names.get(f.name, (f.sheet, f.cell)) for f in layout().fields}
    version_place = names.get(VERSION_NAME, VERSION_CELL)
    cells_by_sheet: dict[str, list[tuple[int, int]]] = {}
    for sheet, cell in [*places.values(), version_place]:
        cells_by_sheet.setdefault(sheet, []).append(coordinates(cell))
    grids: dict[str, list[list[Any]]] = {}
    for sheet, cells in cells_by_sheet.items():
        if sheet in present:
            corner = (max(r for r, _ in cells), max(c for _, c in cells))
            grids[sheet] = book.sheets[sheet].range((1, 1), corner).options(ndim=2, err_to_str=True).value

    def value(sheet: str, cell: str) -> Any:
        row, col = coordinates(cell)
        grid = grids.get(sheet)
        return grid[row - 1][col - 1] if grid is not None else None

    raw = {name: value(*place) for name, place in places.items()}
    version = value(*version_place)
    report, findings = from_cells(raw, places)
    report.version = template_version(version) or 0
    return LiveRead(report, findings, places)


def check_live(read: LiveRead) -> list[Finding]:
    """Cell findings first, then the model checks (those over an unreadable cell left out, as for files)."""
    return check_parsed(read.report, read.findings)


# --- writing the Kontroll sheet and the marks -----------------------------------------------------
@contextmanager
def _unprotected(sheet: Any) -> Iterator[None]:
    """Lift the template's password-less sheet protection while we colour cells, then put it back.

    Windows-only COM calls, kept to this one place (the stand-in in tests provides `api` too). The
    protection put back is the template's: cells locked, rows and columns may be resized.
    """
    api = sheet.api
    was_protected = bool(api.ProtectContents)
    if was_protected:
        api.Unprotect()
    try:
        yield
    finally:
        if was_protected:
            api.Protect(DrawingObjects=False, Contents=True, Scenarios=False,
                        AllowFormattingColumns=True, AllowFormattingRows=True)


def _template_fills() -> dict[tuple[str, str], str | None]:
    """The colour each input and computed cell has in the template, to restore after a mark."""
    fills: dict[tuple[str, str], str | None] = {}
    lay = layout()
    for f in lay.formulas:
        fills[(f.sheet, f.cell)] = f"#{COMPUTED}"
    for f in lay.fields:
        fills[(f.sheet, f.cell)] = f"#{INPUT}"
    return fills


def _cells_of(ref: str) -> list[str]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = coordinates(first), coordinates(last or first)
    return [f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _previous_rows(sheet: Any) -> tuple[int, list[list[Any]]]:
    """The last used row of Kontroll and its finding rows from the last check (they name the marked cells)."""
    last = sheet.used_range.last_cell.row
    if last < _FIRST_ROW:
        return last, []
    rows = sheet.range((_FIRST_ROW, _FIRST_COL), (last, _LAST_COL)).options(ndim=2).value
    return last, rows


def _clear_marks(book: Any, rows: list[list[Any]], places: dict[str, tuple[str, str]]) -> None:
    """Give the cells the last check marked their template colour back and remove its notes."""
    fills = _template_fills()
    fills.update({place: f"#{INPUT}" for place in places.values()})
    present = set(_sheet_names(book))
    marked: dict[str, set[str]] = {}
    for row in rows:
        sheet, ref = row[_SHEET_COL], row[_CELL_COL]
        if isinstance(sheet, str) and isinstance(ref, str) and sheet in present and ref:
            try:
                marked.setdefault(sheet, set()).update(_cells_of(ref))
            except ValueError:  # a hand-edited row that names no cell
                continue
    for sheet_name, cells in marked.items():
        sheet = book.sheets[sheet_name]
        with _unprotected(sheet):
            for cell in sorted(cells):
                rng = sheet.range(cell)
                rng.color = fills.get((sheet_name, cell))
                if rng.note is not None:
                    rng.note.delete()


def _mark(book: Any, findings: Sequence[Finding]) -> None:
    """Colour each faulty cell (each cell of a range) and put the messages in a note on its first cell."""
    plan = mark_plan(findings, set(_sheet_names(book)))
    for sheet_name in dict.fromkeys(sheet for sheet, _, _ in plan.fills):
        sheet = book.sheets[sheet_name]
        with _unprotected(sheet):
            for _, ref, severity in (f for f in plan.fills if f[0] == sheet_name):
                sheet.range(ref).color = MARK_COLOURS.get(severity, MARK_COLOURS[FEL])
            for (_, cell), text in ((k, v) for k, v in plan.notes.items() if k[0] == sheet_name):
                _set_note(sheet.range(cell), text)


def _set_note(rng: Any, text: str) -> None:
    if rng.note is not None:
        rng.note.text = text
    else:
        rng.add_note(text)


def _write_kontroll(sheet: Any, findings: Sequence[Finding], when: datetime, last: int) -> None:
    """The findings as rows below the header, each linked to its cell, and the status line."""
    ordered = sorted(findings, key=lambda f: f.severity != FEL)  # the order kontroll_rows uses
    if last >= _FIRST_ROW:
        sheet.range((_FIRST_ROW, _FIRST_COL), (last, _LAST_COL)).clear()
    sheet.range(KONTROLL_STATUS[1]).value = status_text(findings, when)
    rows = kontroll_rows(ordered)
    if not rows:
        return
    end = _FIRST_ROW + len(rows) - 1
    # Text format, so Excel keeps "2025-12-31" or "=..." in a message as the text it is.
    sheet.range((_FIRST_ROW, _FIRST_COL), (end, _LAST_COL)).number_format = "@"
    sheet.range((_FIRST_ROW, _FIRST_COL), (end, _LAST_COL)).value = rows
    for r, item in enumerate(ordered, _FIRST_ROW):
        sheet.range((r, _FIRST_COL + _SEVERITY_COL)).color = MARK_COLOURS.get(item.severity, MARK_COLOURS[FEL])
        if item.sheet and item.cell:
            sheet.range((r, _FIRST_COL + _CELL_COL)).add_hyperlink(
                "#" + link_location(item), item.cell, f"Gå till {item.place}")


def mark_book(book: Any, read: LiveRead, findings: Sequence[Finding], when: datetime | None = None) -> None:
    """Write the findings into Kontroll and onto the faulty cells, clearing the previous check's marks."""
    kontroll = book.sheets[KONTROLL]
    last, previous = _previous_rows(kontroll)
    app = book.app
    app.screen_updating = False
    try:
        _clear_marks(book, previous, read.places)
        _write_kontroll(kontroll, findings, when or datetime.now(), last)
        _mark(book, findings)
    finally:
        app.screen_updating = True


def _summary(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == FEL)
    warnings = len(findings) - errors
    if not findings:
        return "Inga fel eller varningar hittades."
    parts = [f"{errors} fel"] if errors else []
    if warnings:
        parts.append(f"{warnings} {'varning' if warnings == 1 else 'varningar'}")
    return (" och ".join(parts) + ". Se bladet Kontroll; cellerna det gäller är färgade och har en "
            "kommentar.")


# --- the buttons ----------------------------------------------------------------------------------
def check_book(book: Any, when: datetime | None = None) -> list[Finding]:
    """Kontrollera: read, check, mark, and tell the user in a short message box."""
    read = read_book(book)
    findings = check_live(read)
    mark_book(book, read, findings, when)
    alert(book, _summary(findings), critical=any(f.severity == FEL for f in findings))
    return findings


def conf_settings(book: Any) -> dict[str, Any]:
    """The `xlwings.conf` sheet as {KEY: value} (keys upper-case), read as xlwings reads it."""
    if CONF_SHEET not in _sheet_names(book):
        return {}
    rows = book.sheets[CONF_SHEET].range("A1:B40").options(ndim=2).value
    return {key.upper(): value for key, value in read_rows(rows).items()}


def output_folder(book: Any) -> tuple[Path, str]:
    """Where reports go, and a note for the user when it is not next to the workbook.

    The `Rapportmapp` setting wins; then the workbook's own folder. A workbook opened from OneDrive
    or SharePoint has a web address as its full name: its synced local folder is used when xlwings
    can find it, else the user's Documents (or Downloads) folder.
    """
    settings = conf_settings(book)
    configured = settings.get(REPORT_FOLDER_KEY.upper())
    if isinstance(configured, str) and configured.strip():
        folder = Path(os.path.expandvars(configured.strip()))
        if not folder.is_dir():
            raise FinsamError(f"Mappen {folder} i inställningen {REPORT_FOLDER_KEY} (bladet {CONF_SHEET}) finns "
                              "inte. Skapa mappen eller ändra inställningen.")
        return folder, ""
    full = str(book.fullname)
    if "://" in full:
        from xlwings.utils import fullname_url_to_local_path

        try:
            local = fullname_url_to_local_path(
                full, *(settings.get(k) or None for k in ("ONEDRIVE_CONSUMER_WIN", "ONEDRIVE_COMMERCIAL_WIN",
                                                           "SHAREPOINT_WIN")))
            return Path(local).parent, ""
        except Exception:  # xlwings cannot map every SharePoint address to a synced folder
            return _personal_folder(), ("Arbetsboken är öppnad från OneDrive eller SharePoint och den lokala mappen "
                                        "hittades inte, så rapporten sparades här i stället. Ange en mapp i "
                                        f"inställningen {REPORT_FOLDER_KEY} på bladet {CONF_SHEET}.")
    parent = Path(full).parent
    if full and parent != Path(".") and parent.is_dir():
        return parent, ""
    return _personal_folder(), "Arbetsboken är inte sparad än, så rapporten sparades här i stället."


def _personal_folder() -> Path:
    home = Path.home()
    for name in ("Documents", "Downloads"):  # the real folder names, also in a Swedish Windows
        if (home / name).is_dir():
            return home / name
    return home


def report_from_book(book: Any, draft: bool = False, when: datetime | None = None) -> Path | None:
    """Skapa rapport / Skapa utkast: check first; write the report (refused on errors unless a draft)."""
    from .report import create_report, default_output  # docxtpl and Pillow: only for this button

    read = read_book(book)
    findings = check_live(read)
    mark_book(book, read, findings, when)
    errors = [f for f in findings if f.severity == FEL]
    if errors and not draft:
        alert(book, f"Rapporten skapades inte: arbetsboken har {len(errors)} fel. Rätta dem (se bladet Kontroll) "
                    "och försök igen, eller skapa ett utkast.", critical=True)
        return None
    folder, note = output_folder(book)
    path = create_report(read.report, folder / default_output(read.report, draft=draft).name,
                         findings=findings, draft=draft)
    what = "Utkastet är sparat" if draft else "Rapporten är sparad"
    extra = f"\n\nObservera: {_summary(findings)}" if findings else ""
    alert(book, f"{what}:\n{path}" + (f"\n\n{note}" if note else "") + extra)
    return path
