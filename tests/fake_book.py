"""A stand-in for the part of xlwings' Book API that `toolkit.excel` uses, backed by a real workbook file.

openpyxl holds the file. Values come back as xlwings gives them on Windows (numbers as float, dates
as datetime, error cells as None or, with `err_to_str`, as their text; one row or column as a flat
list unless `ndim=2`), and formatting a cell on a protected sheet fails, as it does in Excel. Only
`sheet.api` (Windows COM) is imitated for the two calls the code makes: Unprotect and Protect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink


class ProtectedSheetError(Exception):
    """What Excel raises when a protected sheet is formatted."""


@dataclass
class Alert:
    prompt: str
    title: str | None
    buttons: str
    mode: str | None


class FakeApp:
    def __init__(self) -> None:
        self.alerts: list[Alert] = []
        self.screen_updating = True

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> str:
        self.alerts.append(Alert(prompt, title, buttons, mode))
        return "ok"


class FakeBook:
    """A workbook file opened as xlwings would show it; `fullname` may be set to a URL or an unsaved name."""

    def __init__(self, path: str | Path, fullname: str | None = None) -> None:
        self.path = Path(path)
        self.wb = load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        self.fullname = str(self.path) if fullname is None else fullname
        self.app = FakeApp()

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sheets(self) -> "FakeSheets":
        return FakeSheets(self)

    @property
    def names(self) -> list["FakeName"]:
        return [FakeName(name, "=" + dn.attr_text) for name, dn in self.wb.defined_names.items()]

    def save(self, path: str | Path | None = None) -> None:
        self.wb.save(path or self.path)


@dataclass
class FakeName:
    name: str
    refers_to: str


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def __iter__(self):
        return (FakeSheet(self.book, ws) for ws in self.book.wb.worksheets)

    def __getitem__(self, key: str | int) -> "FakeSheet":
        ws = self.book.wb.worksheets[key] if isinstance(key, int) else self.book.wb[key]
        return FakeSheet(self.book, ws)


class FakeSheetApi:
    """The COM sheet object, for protection only; `calls` records what was asked of it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.calls: list[tuple[str, dict[str, Any]]] = []

    @property
    def ProtectContents(self) -> bool:  # noqa: N802 - COM spelling
        return bool(self.ws.protection.sheet)

    def Unprotect(self) -> None:  # noqa: N802
        self.calls.append(("Unprotect", {}))
        self.ws.protection.sheet = False

    def Protect(self, DrawingObjects: bool = True, Contents: bool = True, Scenarios: bool = True,  # noqa: N802,N803
                AllowFormattingColumns: bool = False, AllowFormattingRows: bool = False) -> None:  # noqa: N803
        self.calls.append(("Protect", {"DrawingObjects": DrawingObjects, "Contents": Contents,
                                       "AllowFormattingColumns": AllowFormattingColumns,
                                       "AllowFormattingRows": AllowFormattingRows}))
        protection = self.ws.protection
        protection.sheet = Contents
        protection.objects = DrawingObjects
        protection.scenarios = Scenarios
        protection.formatColumns = not AllowFormattingColumns
        protection.formatRows = not AllowFormattingRows


class FakeSheet:
    def __init__(self, book: FakeBook, ws: Any) -> None:
        self.book = book
        self.ws = ws
        # one api object per worksheet, so tests can look at its calls afterwards
        self.api = ws.__dict__.setdefault("_fake_api", FakeSheetApi(ws))

    @property
    def name(self) -> str:
        return self.ws.title

    def range(self, cell1: str | tuple[int, int], cell2: tuple[int, int] | None = None) -> "FakeRange":
        if isinstance(cell1, str):
            c1, r1, c2, r2 = range_boundaries(cell1)
        else:
            (r1, c1), (r2, c2) = cell1, cell2 or cell1
        return FakeRange(self, r1, c1, r2, c2)

    def __getitem__(self, address: str) -> "FakeRange":
        return self.range(address)

    @property
    def used_range(self) -> "FakeRange":
        return FakeRange(self, 1, 1, self.ws.max_row, self.ws.max_column)


class FakeNote:
    def __init__(self, rng: "FakeRange") -> None:
        self.rng = rng

    @property
    def text(self) -> str:
        return self.rng._cell().comment.text

    @text.setter
    def text(self, value: str) -> None:
        self.rng._writable()
        self.rng._cell().comment = Comment(value, "xlwings")

    def delete(self) -> None:
        self.rng._writable()
        self.rng._cell().comment = None


class FakeRange:
    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int, **options: Any) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self._options = options

    def options(self, **options: Any) -> "FakeRange":
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, **{**self._options, **options})

    @property
    def row(self) -> int:
        return self.r1

    @property
    def column(self) -> int:
        return self.c1

    @property
    def last_cell(self) -> "FakeRange":
        return FakeRange(self.sheet, self.r2, self.c2, self.r2, self.c2)

    @property
    def address(self) -> str:
        return f"${get_column_letter(self.c1)}${self.r1}:${get_column_letter(self.c2)}${self.r2}"

    def _cell(self, row: int | None = None, col: int | None = None) -> Any:
        return self.sheet.ws.cell(row=row or self.r1, column=col or self.c1)

    def _cells(self):
        for r in range(self.r1, self.r2 + 1):
            yield [self._cell(r, c) for c in range(self.c1, self.c2 + 1)]

    def _writable(self) -> None:
        if self.sheet.ws.protection.sheet:
            raise ProtectedSheetError(f"Bladet {self.sheet.name} är skyddat")

    def _read(self, cell: Any) -> Any:
        value = cell.value
        if cell.data_type == "e":
            return value if self._options.get("err_to_str") else None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return float(value)
        if isinstance(value, str) and value == "":
            return None
        return value

    @property
    def value(self) -> Any:
        rows = [[self._read(c) for c in row] for row in self._cells()]
        if self._options.get("ndim") == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if all(len(r) == 1 for r in rows):
            return [r[0] for r in rows]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        if isinstance(data, list):
            rows = data if data and isinstance(data[0], list) else [data]
            for i, row in enumerate(rows):
                for j, item in enumerate(row):
                    self._cell(self.r1 + i, self.c1 + j).value = item
        else:
            for row in self._cells():
                for cell in row:
                    cell.value = data

    @property
    def number_format(self) -> str:
        return self._cell().number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        for row in self._cells():
            for cell in row:
                cell.number_format = value

    @property
    def color(self) -> tuple[int, int, int] | None:
        fill = self._cell().fill
        if fill is None or fill.fill_type is None:
            return None
        rgb = str(fill.fgColor.rgb)[-6:]
        return int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)

    @color.setter
    def color(self, value: str | tuple[int, int, int] | None) -> None:
        self._writable()
        if isinstance(value, tuple):
            value = "#%02X%02X%02X" % value
        fill = PatternFill(fill_type=None) if value is None else PatternFill("solid", fgColor=value.lstrip("#").upper())
        for row in self._cells():
            for cell in row:
                cell.fill = fill

    @property
    def note(self) -> FakeNote | None:
        return FakeNote(self) if self._cell().comment is not None else None

    def add_note(self, text: str) -> FakeNote:
        if (self.r1, self.c1) != (self.r2, self.c2):
            raise ValueError("A note can only be added to a single cell")
        if self._cell().comment is not None:
            raise ValueError("This cell already has a note")
        self._writable()
        self._cell().comment = Comment(text, "xlwings")
        return FakeNote(self)

    def add_hyperlink(self, address: str, text_to_display: str | None = None, screen_tip: str | None = None) -> None:
        cell = self._cell()
        location = address[1:] if address.startswith("#") else None
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location, target=None if location else address,
                                   tooltip=screen_tip)
        cell.value = text_to_display if text_to_display is not None else address

    def clear(self) -> None:
        self._writable()
        for row in self._cells():
            for cell in row:
                cell.value = None
                cell.hyperlink = None
                cell.comment = None
                cell.fill = PatternFill(fill_type=None)
                cell.number_format = "General"
