"""Cell values straight from a worksheet's XML: one linear pass per sheet, no grid, no second parser.

The reader inflates each sheet it reads once (`safe_zip`) and takes the values here, so nothing else
inflates or parses the file again, and a cell far outside the template (XFD1048576) costs no more
than any other. The usual spelling, `<c r="A1" s="3" t="s">` in that order as Excel, LibreOffice and
openpyxl write it, is taken by one C-level regex pass over the sheet's <sheetData> (the only place a
cell is; the validations and formats after it are most of a template's sheet), whose pattern cannot
run past the next cell (linear time on crafted markup). Any other spelling (no `r`, another attribute
order, namespace prefixes, CDATA, a comment), anything cell-like before <sheetData>, or a sheet that
does not end as a sheet ends sends it to expat, which follows the format exactly (and finds a cut-off
sheet damaged) and is linear too.

Values come out as python-calamine gives them: numbers as float, text as str, booleans as bool, Excel
errors as `ExcelError`, and dates, times and durations where the cell's number format says so
(`Styles`). An empty `<v/>` is "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any, Sequence

from .a1 import column_letter, coordinates
from .cells import ExcelError
from .safe_zip import Damaged, local, parse_xml

#: One cell as stored: type attribute, style index, and its text: <v>'s or an inline string's, either as
#: the XML spells it (bytes, the fast pass: decoded only when the cell is asked for) or decoded (str, the
#: exact pass).
Stored = tuple[bytes, bytes, bytes | str]

# Every <c> tag, and every markup the usual spelling does not cover. In the usual spelling the groups
# hold the reference, style, type, and the text of <v> or of an inline string's single <t> (a formula
# before it is skipped, not kept). Any other spelling of a cell, a comment, CDATA or a DTD ("<!", which
# could hide markup) and a cell tag with a namespace prefix (<x:c>) match with an empty reference, which
# sends the sheet to the exact pass. Every repeated part is [^<]* or [^<>]* or bounded, so no attempt
# runs past the next "<" of another element: linear time on crafted markup.
_CELL = re.compile(rb'<(?:c(?=[\s/>])(?: r="([A-Z]{1,3}[0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'
                   rb'(?: (?:cm|vm|ph)="[0-9a-zA-Z]{0,9}")*\s?(?:/>|>'
                   rb'(?:<f>[^<]*</f>|<f\s[^<>]*(?:/>|>[^<]*</f>))?'
                   rb'(?:<v>([^<]*)</v>|<v/>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?'
                   rb'</c>))?|!|[^\s<>/!?:="\']{1,99}:c(?=[\s/>]))')
#: A shared string entry of plain text, after its <si>.
_PLAIN_ENTRY = re.compile(rb'<t(?: xml:space="preserve")?>([^<]*)</t></si>')
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    if not 0 < code <= 0x10FFFF:
        raise Damaged(f"XML: character reference &{name};")
    return chr(code)


def _unescape(text: str) -> str:
    """Excel's _xHHHH_ escapes (a control character such as a carriage return) undone."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text(raw: bytes) -> str:
    """XML character data as a parser gives it (entities, line ends), Excel's escapes undone."""
    if b"\r" in raw:  # a literal line break is read as "\n" (a &#13; reference stays "\r")
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = raw.decode("utf-8")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return _unescape(text)


def sheet_cells(xml: bytes) -> dict[bytes, Stored]:
    """Every cell of a worksheet that holds something, by reference (b"A1"), as stored."""
    # Cells live in <sheetData>: what follows it (validations, conditional formats, extensions), most of a
    # template's sheet, is not passed over. The exact pass takes a sheet whose <sheetData> is not plain to
    # see (a prefix; a comment, CDATA or anything cell-like before it, which could hide a false one or be
    # damage), a sheet cut off before its end (written by a program that stopped half-way), which expat
    # finds damaged, and whatever the pattern leaves to it.
    start = xml.find(b"<sheetData")
    end = xml.find(b"</sheetData>", start)
    if not 0 <= start < end or _CELL.search(xml, 0, start) or not xml.rstrip().endswith(b"</worksheet>"):
        return _parsed(xml)
    # A match without a reference (markup the pattern does not take) is kept too, under b"", and sends the
    # sheet to the exact pass.
    cells = {ref: (kind, style, value or inline)
             for ref, style, kind, value, inline in _CELL.findall(xml, start, end) if value or inline or not ref}
    return _parsed(xml) if b"" in cells else cells


def _place(ref: str) -> tuple[int, int] | None:
    """(row, column) of a cell's r attribute, None when it has none or it is no reference."""
    try:
        return coordinates(ref) if ref else None
    except ValueError:
        return None


def _parsed(xml: bytes) -> dict[bytes, Stored]:
    """The exact pass (expat): cells placed as the format places them when `r` is missing."""
    cells: dict[bytes, Stored] = {}
    row, column = 0, 0
    cell: list[str] = []  # ref, type, style of the cell being read
    texts: list[str] = []
    state = {"in": "", "data": False}  # "in": "v" or "t" while inside a value or an inline text run, "rPh"
    # inside a phonetic guide; "data": inside <sheetData>, the only place a cell is

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, column
        tag = local(name)
        if tag == "sheetData":
            state["data"] = True
        elif not state["data"]:
            return
        elif tag == "row":
            r = attrs.get("r", "")
            row, column = (int(r) if r.isdigit() else row + 1), 0
        elif tag == "c":
            place = _place(attrs.get("r", ""))
            row, column = place if place else (max(row, 1), column + 1)
            cell[:] = [f"{column_letter(column)}{row}".encode(), attrs.get("t", "").encode(), attrs.get("s", "").encode()]
            texts.clear()
            state["in"] = ""
        elif tag == "rPh":
            state["in"] = "rPh"
        elif tag in ("v", "t") and cell and state["in"] != "rPh":
            state["in"] = tag

    def text(data: str) -> None:
        if state["in"] in ("v", "t"):
            texts.append(data)

    def end(name: str) -> None:
        tag = local(name)
        if tag == "sheetData":
            state["data"] = False
        elif tag in ("v", "t", "rPh") and state["in"] == tag:
            state["in"] = ""
            if tag == "v" and cell:  # a second <v> would not be Excel's; the last one counts
                cells[cell[0]] = (cell[1], cell[2], "".join(texts))
        elif tag == "c" and cell:
            if cell[1] == b"inlineStr":
                cells[cell[0]] = (cell[1], cell[2], "".join(texts))
            cell.clear()

    parse_xml(xml, start, text, end)
    return {ref: (kind, style, _unescape(text)) for ref, (kind, style, text) in cells.items()}


class SharedStrings(Sequence[str]):
    """The shared strings table, each string decoded when a cell asks for it: a saved workbook's table
    holds every text of the template and its hidden rule sheet (thousands), a report's cells a few dozen.

    In the usual spelling (every entry `<si>`, no comment or CDATA) the table is split at its entries
    and a plain entry is decoded alone; a rich or phonetic one, or any other spelling, is read from the
    whole table parsed by expat (`shared_strings`)."""

    def __init__(self, xml: bytes):
        self.xml = xml
        self._whole: list[str] | None = None
        self._entries: list[bytes] | None = None
        if b"<!" not in xml and xml.rstrip().endswith(b"</sst>"):
            entries = xml.split(b"<si>")[1:]
            if len(entries) == xml.count(b"<si"):  # none spelled <si/> or with attributes
                self._entries = entries

    def __len__(self) -> int:
        return len(self._entries) if self._entries is not None else len(self.whole())

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        if self._entries is not None:
            plain = _PLAIN_ENTRY.match(self._entries[index])
            if plain:
                return _text(plain[1])
        return self.whole()[index]

    def whole(self) -> list[str]:
        if self._whole is None:
            self._whole = shared_strings(self.xml)
        return self._whole


def shared_strings(xml: bytes) -> list[str]:
    """The whole shared strings table, parsed by expat (rich text runs joined, phonetic guides left out)."""
    strings: list[str] = []
    texts: list[str] = []
    state = {"in": ""}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "si":
            texts.clear()
        elif tag == "rPh":
            state["in"] = "rPh"
        elif tag == "t" and state["in"] != "rPh":
            state["in"] = "t"

    def text(data: str) -> None:
        if state["in"] == "t":
            texts.append(data)

    def end(name: str) -> None:
        tag = local(name)
        if tag in ("t", "rPh") and state["in"] == tag:
            state["in"] = ""
        elif tag == "si":
            strings.append(_unescape("".join(texts)))

    parse_xml(xml, start, text, end)
    return strings


# --- number formats: which styles show a date, a time or a duration --------------------------------
#: Built-in number formats that show a date or a time (ECMA-376 18.8.30, East Asian ones included).
_DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)})
_DURATION_FORMATS = frozenset({46})
_XF = re.compile(rb"<xf\b([^>]*)>")
_NUMFMT = re.compile(rb"<numFmt\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")


def format_kind(code: str) -> str:
    """"date", "duration" or "" for a custom number format code (its first section decides)."""
    code = _LITERAL.sub("", code).split(";")[0]
    if any(inner.lower().strip("hms") == "" and inner for inner in _BRACKET.findall(code)):
        return "duration"  # elapsed time: [h]:mm
    code = _BRACKET.sub("", code).lower()
    if code.strip() == "general":
        return ""
    return "date" if any(ch in code for ch in "dmyhs") else ""


@dataclass(frozen=True)
class Styles:
    """Which cell styles (by index, as the XML spells it) show their number as a date, a time or a duration."""

    kinds: dict[bytes, str] = field(default_factory=dict)
    date1904: bool = False

    def value(self, number: float, style: bytes) -> Any:
        """A number as the cell shows it: a date, datetime, time or timedelta where its style says so."""
        kind = self.kinds.get(style)
        if not kind:
            return number
        try:
            if kind == "duration":
                return timedelta(days=number)
            serial = number + (1462 if self.date1904 else 0)
            if 0 <= serial < 1:
                return (datetime.min + timedelta(milliseconds=round(serial * 86_400_000))).time()
            moment = datetime(1899, 12, 30) + timedelta(milliseconds=round(serial * 86_400_000))
        except (OverflowError, ValueError):
            return number  # outside what a date can hold: Excel shows ####, the number is what was typed
        return moment.date() if moment.time() == time() else moment


@lru_cache(maxsize=16)
def styles(xml: bytes, date1904: bool = False) -> Styles:
    """The date styles of styles.xml (cached by content: files of one template share it)."""
    custom: dict[int, str] = {}
    for attrs in _NUMFMT.findall(xml):
        found = dict(_ATTRIBUTE.findall(attrs))
        if found.get(b"numFmtId", b"").isdigit():
            custom[int(found[b"numFmtId"])] = _text(found.get(b"formatCode", b""))
    start, end = xml.find(b"<cellXfs"), xml.find(b"</cellXfs>")
    kinds = []
    for attrs in _XF.findall(xml, max(start, 0), end if end > start >= 0 else 0):
        number = dict(_ATTRIBUTE.findall(attrs)).get(b"numFmtId", b"0")
        fmt = int(number) if number.isdigit() else 0
        if fmt in custom:
            kinds.append(format_kind(custom[fmt]))
        else:
            kinds.append("date" if fmt in _DATE_FORMATS else "duration" if fmt in _DURATION_FORMATS else "")
    return Styles({str(index).encode(): kind for index, kind in enumerate(kinds) if kind}, date1904)


def cell_value(stored: Stored, strings: Sequence[str] | None, style: Styles) -> Any:
    """The value of a stored cell; `strings` is the shared strings table (None when the file has none)."""
    kind, style_index, text = stored
    if kind in (b"", b"n"):
        if isinstance(text, bytes) and b"&" in text:
            text = _text(text)  # digits need no decoding (float reads bytes); an entity spelling one does
        try:
            number = float(text)
        except ValueError:
            if not text.strip():
                return ""
            raise Damaged(f"number {text[:20]!r}") from None
        return style.value(number, style_index) if style_index else number
    if isinstance(text, bytes):
        text = _text(text)
    if kind == b"s":
        if strings is None or not text.strip().isdigit() or int(text) >= len(strings):
            raise Damaged(f"shared string {text[:20]!r} is not in the table")
        return strings[int(text)]
    if kind in (b"inlineStr", b"str"):
        return text
    if kind == b"e":
        return ExcelError(text)
    if kind == b"b":
        return text.strip() in ("1", "true")
    if kind == b"d":
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            return text
        return moment.date() if len(text.strip()) <= 10 else moment
    raise Damaged(f"cell type {kind[:20]!r}")
