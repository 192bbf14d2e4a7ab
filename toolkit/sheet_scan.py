"""One linear pass over a worksheet's XML before calamine sees it: how far its cells reach, and which
hold Excel error values (calamine reads those as empty).

The common case is one C-level regex scan whose pattern cannot backtrack beyond a single tag (no
attempt runs past the next "<"), so crafted markup costs linear time. Sheets with error cells or
with cells that do not name their place (`r` is optional in the format) are parsed with expat instead,
which follows the format's rules exactly and is linear too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .a1 import column_letter
from .cells import ExcelError
from .safe_zip import local, parse_xml

# A <c> tag (any namespace prefix) and, when present, its r="A1" reference. Quoted values are skipped
# whole and may not hold "<" (XML forbids it), so no attempt runs past the next "<": linear time.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])"
                   rb"(?:(?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*?\sr\s*=\s*\"([A-Z]{1,3})(\d{1,7})\")?")
# The usual spelling, found from its literal start at C speed: <c r="A1" (the group is empty for a
# plain <c tag whose first attribute is not r), and the rarer forms that need the general pattern.
_PLAIN_CELL = re.compile(rb'<c(?: r="([A-Z]{1,3})(\d{1,7})")?(?=[\s>/])')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_ERROR_TYPE = re.compile(rb"""t=["']e["']""")


@dataclass
class SheetScan:
    """The sheet's extent (rows × columns up to its last cell) and its error cells by reference."""

    rows: int = 0
    columns: int = 0
    errors: dict[str, ExcelError] = field(default_factory=dict)

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def last(self) -> str:
        return f"{column_letter(self.columns)}{self.rows}" if self.cells else ""


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def scan_sheet(xml: bytes) -> SheetScan:
    """Extent and error cells of one worksheet's XML (damaged XML raises safe_zip.Damaged)."""
    found = _PLAIN_CELL.findall(xml)
    if _PREFIXED_CELL.search(xml) or (found and b"" in next(zip(*found))):
        found = _CELL.findall(xml)
    if not found:
        return SheetScan()
    letters, digits = zip(*found)
    if b"" in letters or _ERROR_TYPE.search(xml):
        return _parse(xml)
    return SheetScan(rows=max(map(int, set(digits))), columns=max(map(_column, set(letters))))


def _split(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not digits or not letters.isalpha() or not letters.isascii() or not letters.isupper():
        return None
    return int(digits), _column(letters.encode())


def _parse(xml: bytes) -> SheetScan:
    """The exact pass: rows and cells counted as the format places them when `r` is missing."""
    scan = SheetScan()
    row, column = 0, 0
    error: list[str] = []  # the error cell being read, and its <v> text after it
    inside_value = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, column
        tag = local(name)
        if tag == "row":
            r = attrs.get("r", "")
            row = int(r) if r.isdigit() else row + 1
            column = 0
        elif tag == "c":
            place = _split(attrs.get("r", ""))
            row, column = place if place else (max(row, 1), column + 1)
            scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, column)
            error[:] = [f"{column_letter(column)}{row}"] if attrs.get("t") == "e" else []
        elif tag == "v" and error:
            inside_value[0] = True

    def text(data: str) -> None:
        if inside_value[0]:
            error.append(data)

    def end(name: str) -> None:
        if inside_value[0] and local(name) == "v":
            inside_value[0] = False
            scan.errors[error[0]] = ExcelError("".join(error[1:]))
            error.clear()

    parse_xml(xml, start, text, end)
    return scan
