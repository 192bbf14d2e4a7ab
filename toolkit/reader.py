"""Read an insats workbook file into the model, fast and without trusting formulas.

Every input is found through its defined name. Only input cells are read: sums and shares are
computed from them by the model, so files written by openpyxl (no cached values) read the same as
files saved by Excel or LibreOffice. The file is read from disk once, each part it needs is inflated
once within bounds (`safe_zip`) and the cell values are taken from the sheets' XML in one linear pass
each (`sheet_cells`); no other library parses the file. File-level faults become one finding, never
an exception.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .cells import from_cells
from .findings import Finding, finding
from .layout import SHEETS, VERSION_CELL, VERSION_NAME, Field, Layout, layout, layout_of
from .model import InsatsRapport
from .safe_zip import Damaged, Package, TooLarge, local, parse_xml, read_file
from .sheet_cells import SharedStrings, Stored, Styles, cell_value, sheet_cells, styles
from .swedish import mb

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK, WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
_DATE1904 = re.compile(rb"""<(?:\w+:)?workbookPr\b[^>]*\bdate1904=["'](?:1|true)["']""")
_REF = re.compile(r"^'?(.+?)'?!\$?([A-Z]{1,3})\$?(\d{1,7})$")

@dataclass
class ReadResult:
    """The model read from one file (None when the file is unusable) and the findings on the way."""

    path: Path
    report: InsatsRapport | None
    findings: list[Finding] = field(default_factory=list)
    version: int | None = None
    #: Where today's layout cells are in this file, when elsewhere (rows inserted, an older template);
    #: shared by the files of one template, not to be modified.
    moved: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    #: The input fields whose cells hold something (a model default, e.g. Nej for ackumulerad, is not typed).
    typed: frozenset[str] = frozenset()


def _is_text(head: bytes) -> bool:
    try:  # incremental: a character cut at the end of the head is not a fault
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def load(path: Path) -> bytes | Finding:
    """The file's bytes, read from disk once, or the one finding when it is not a usable .xlsx workbook
    at all (missing, locked, empty, too large, or another format by its first bytes)."""
    where = {"file": str(path)}
    try:
        data = read_file(path)
    except FileNotFoundError:
        return finding("trasig-fil", variant="saknas", **where)
    except IsADirectoryError:
        return finding("inte-excel", variant="mapp", **where)
    except TooLarge as exc:  # another format under an Excel name is named as such, however large
        with open(path, "rb") as fh:
            return _format_fault(path, fh.read(8)) or unreadable(exc, where)
    except OSError:
        return finding("trasig-fil", variant="last", **where)
    return _format_fault(path, data) or data


def _format_fault(path: Path, data: bytes) -> Finding | None:
    """A finding when the bytes (or the first of them) are no zip: an old .xls, an encrypted file, text, damage."""
    where = {"file": str(path)}
    head = data[:8]
    if head == _OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data:
            return finding("krypterad-fil", **where)
        return finding("xls-format", **where)
    if head[:4] != b"PK\x03\x04":
        if not head:
            return finding("trasig-fil", variant="tom", **where)
        # Text (CSV, HTML "xls" exports) or a PDF under an Excel name is another format, not damage.
        other_format = head.startswith(b"%PDF") or _is_text(head)
        if path.suffix.lower() in (".xlsx", ".xlsm") and not other_format:
            return finding("trasig-fil", variant="skadad", **where)
        return finding("inte-excel", **where)
    return None


#: Where to read one input: (key, sheet, cell, the cell's reference as the sheet's XML spells it).
Place = tuple[str, str, str, bytes]


#: The part of workbook.xml a template decides: its sheets and defined names. Excel rewrites the rest
#: (window position and size, active tab, calculation and build ids) whenever someone saves, so files
#: made from one template share this part byte for byte while their workbook.xml as a whole differs.
_TEMPLATE_PART = (b"<sheets>", b"</definedNames>")
#: Outside that part, anything that could change what is parsed sends the file to a full parse.
_OUTSIDE = re.compile(rb"<!|<(?:\w+:)?(?:sheets?|definedNames?)\b")
#: Today's layout cell -> the file's cell, for inputs and formulas found elsewhere (`_moved`).
Moved = dict[tuple[str, str], tuple[str, str]]
#: A template's names, sheet ids and, per layout, where the inputs are read and which cells moved.
_Template = tuple[dict[str, tuple[str, str]], dict[str, str], dict[Layout, tuple[tuple[Place, ...], Moved]]]
#: Parsed templates by the bytes of their part, so a batch parses each template version once, not each file.
_TEMPLATES: dict[bytes, _Template] = {}
_TEMPLATES_KEPT = 64


def _template_part(workbook_xml: bytes) -> bytes | None:
    """The template's part of workbook.xml, or None when the file must be parsed whole."""
    start, end = workbook_xml.find(_TEMPLATE_PART[0]), workbook_xml.find(_TEMPLATE_PART[1])
    if start < 0 or end < start:
        return None
    end += len(_TEMPLATE_PART[1])
    if _OUTSIDE.search(workbook_xml, 0, start) or _OUTSIDE.search(workbook_xml, end):
        return None
    return workbook_xml[start:end]


def _template(workbook_xml: bytes) -> _Template:
    """The parsed template of a workbook.xml, shared with every file of the same template (not to be modified).

    A workbook.xml without a clear template part is kept by its whole content instead."""
    key = _template_part(workbook_xml) or workbook_xml
    parsed = _TEMPLATES.get(key)
    if parsed is None:
        parsed = (*_workbook_names(workbook_xml), {})
        if len(_TEMPLATES) >= _TEMPLATES_KEPT:
            _TEMPLATES.clear()
        _TEMPLATES[key] = parsed
    return parsed


def _names_and_sheets(pkg: Package, template: _Template | None = None
                      ) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Defined names -> (sheet, cell); sheet name -> its XML part in the zip (shared, not to be modified)."""
    names, sheet_ids, _ = template or _template(pkg.read(WORKBOOK))
    return names, _sheet_parts(sheet_ids, pkg.read(WORKBOOK_RELS))


def _planned(template: _Template, lay: Layout) -> tuple[tuple[Place, ...], Moved]:
    """Where each input of `lay` (and, last, the version) is read in files of this template (a newer
    template's file is read by defined names only), and which of today's cells are elsewhere in them."""
    names, _, planned = template
    if lay not in planned:
        planned[lay] = (input_places(names, lay.fields, VERSION_NAME, VERSION_CELL, lay.names_only), _moved(names, lay))
    return planned[lay]


def names_and_sheets(workbook_xml: bytes, rels_xml: bytes) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Defined names -> (sheet, cell) and sheet name -> its XML part, from a workbook's two index parts.

    Parsed with expat (linear time, DTDs refused); damaged XML raises safe_zip.Damaged."""
    names, sheet_ids = _workbook_names(workbook_xml)
    return names, _sheet_parts(sheet_ids, rels_xml)


def _sheet_parts(sheet_ids: dict[str, str], rels_xml: bytes) -> dict[str, str]:
    """Sheet name -> its XML part in the zip ("" when its relationship is missing)."""
    rels = _relationships(rels_xml)
    return {name: rels.get(rid, ("", ""))[1] for name, rid in sheet_ids.items()}


def _workbook_names(workbook_xml: bytes) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Defined names -> (sheet, cell) and sheet name -> its relationship id, from workbook.xml."""
    names: dict[str, tuple[str, str]] = {}
    sheet_ids: dict[str, str] = {}
    defined: list[str] = []  # the name whose reference text is being collected
    refs: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "definedName" and "name" in attrs:
            defined[:] = [attrs["name"]]
            refs.clear()
        elif tag == "sheet" and "name" in attrs:
            sheet_ids[attrs["name"]] = next((v for k, v in attrs.items() if local(k) == "id"), "")

    def text(data: str) -> None:
        if defined:
            refs.append(data)

    def end(name: str) -> None:
        if defined and local(name) == "definedName":
            ref = _REF.match("".join(refs))
            if ref:
                names[defined[0]] = (ref.group(1).replace("''", "'"), f"{ref.group(2)}{ref.group(3)}")
            defined.clear()

    parse_xml(workbook_xml, start, text, end)
    return names, sheet_ids


@lru_cache(maxsize=64)
def _relationships(rels_xml: bytes) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name), the type by its last word ("worksheet", "sharedStrings"),
    from workbook.xml.rels (cached by content; not to be modified)."""
    rels: dict[str, tuple[str, str]] = {}

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            kind = attrs.get("Type", "").rpartition("/")[2]
            rels[attrs["Id"]] = (kind, target.lstrip("/") if target.startswith("/") else "xl/" + target)

    parse_xml(rels_xml, relationship)
    return rels


def input_places(names: dict[str, tuple[str, str]], fields: Iterable[Field], version_name: str,
                 version_cell: tuple[str, str], names_only: bool = False) -> tuple[Place, ...]:
    """Where each declared input (and, last, the version) is read: by defined name, else the declared cell
    (with `names_only`, a field without a defined name is not read)."""
    wanted = [(f.name, *names.get(f.name, (f.sheet, f.cell))) for f in fields if not names_only or f.name in names]
    wanted.append((version_name, *names.get(version_name, version_cell)))
    return tuple((key, sheet, cell, cell.encode()) for key, sheet, cell in wanted)


def read_places(pkg: Package, sheet_parts: dict[str, str], places: tuple[Place, ...],
                by_version: Callable[[int | None], tuple[Place, ...]] | None = None
                ) -> tuple[dict[str, Any], int | None]:
    """Raw values at `places` (the last is the version; an empty cell is left out). With `by_version`, the version is read first
    and the inputs at the places it gives for that version: a file of an older template is read once,
    by its own layout. Raises TooLarge, or another exception for a damaged file (see `unreadable`)."""
    book = CellBook(pkg, sheet_parts)
    version_place = places[-1]
    version = template_version(book.at((version_place,)).get(version_place[0]))
    if by_version is not None:
        places = by_version(version)
    return book.at(places[:-1]), version


class CellBook:
    """The cell values of one open package, each sheet inflated and passed over once, the shared
    strings and number formats only when a cell needs them."""

    def __init__(self, pkg: Package, sheet_parts: dict[str, str]):
        self.pkg, self.sheet_parts = pkg, sheet_parts
        self.sheets: dict[str, dict[bytes, Stored]] = {}
        self._strings: Sequence[str] | None = None
        self._styles: Styles | None = None

    def _part(self, kind: str) -> str | None:
        if WORKBOOK_RELS not in self.pkg:
            return None
        parts = [target for k, target in _relationships(self.pkg.read(WORKBOOK_RELS)).values() if k == kind]
        return parts[0] if parts and parts[0] in self.pkg else None

    def strings(self) -> Sequence[str] | None:
        if self._strings is None:
            part = self._part("sharedStrings")
            self._strings = SharedStrings(self.pkg.read(part)) if part else []
        return self._strings

    def styles(self) -> Styles:
        if self._styles is None:
            part = self._part("styles")
            date1904 = WORKBOOK in self.pkg and _date1904(self.pkg.read(WORKBOOK))
            self._styles = styles(self.pkg.read(part), date1904) if part else Styles(date1904=date1904)
        return self._styles

    def cells(self, sheet: str) -> dict[bytes, Stored]:
        found = self.sheets.get(sheet)
        if found is None:
            part = self.sheet_parts.get(sheet, "")
            if part not in self.pkg:
                raise Damaged(f"{sheet}: no part {part!r}")
            found = self.sheets[sheet] = sheet_cells(self.pkg.read(part))
        return found

    def at(self, places: tuple[Place, ...]) -> dict[str, Any]:
        """Key -> value at each place that holds something (empty cells are left out); the hot loop of reading."""
        raw: dict[str, Any] = {}
        for sheet, keys in _by_sheet(places).items():
            cells = self.cells(sheet)
            for ref in cells.keys() & keys.keys():  # the typed inputs: most inputs of a report are empty
                stored = cells[ref]
                kind, style = stored[0], stored[1]
                value = cell_value(stored, self.strings() if kind == b"s" else None,
                                   self.styles() if style and kind in (b"", b"n") else _PLAIN)
                for key in keys[ref]:
                    raw[key] = value
        return raw


@lru_cache(maxsize=64)
def _by_sheet(places: tuple[Place, ...]) -> dict[str, dict[bytes, tuple[str, ...]]]:
    """Places grouped: sheet -> cell reference -> the keys read there (shared, not to be modified)."""
    grouped: dict[str, dict[bytes, tuple[str, ...]]] = {}
    for key, sheet, _, ref in places:
        refs = grouped.setdefault(sheet, {})
        refs[ref] = (*refs.get(ref, ()), key)
    return grouped


_PLAIN = Styles()


def _date1904(workbook_xml: bytes) -> bool:
    """Whether the workbook counts dates from 1904: its workbookPr says so, which comes before <sheets> (the
    defined names after it can be most of the part, and are not searched)."""
    head = workbook_xml.find(b"<sheets")
    return bool(_DATE1904.search(workbook_xml, 0, head if head >= 0 else len(workbook_xml)))


def unreadable(exc: Exception, where: dict[str, str]) -> Finding:
    """The one finding for a file that could not be read (`read_places` and what comes before it)."""
    if isinstance(exc, TooLarge):
        size = {"storlek": mb(exc.size), "grans": mb(exc.limit)}
        if exc.part is None:
            return finding("for-stor-fil", size, **where)
        return finding("for-stor-fil", {**size, "del": exc.part}, "del", **where)
    # zipfile, zlib, expat and the cell pass raise their own error types for damaged parts
    return finding("trasig-fil", **where)


def read_workbook(path: str | Path) -> ReadResult:
    """Read one workbook file; unusable files give a result with `report=None` and one finding."""
    path = Path(path)
    data = load(path)
    if isinstance(data, Finding):
        return ReadResult(path, None, [data])
    where = {"file": str(path)}
    try:
        pkg = Package(data)
        if WORKBOOK not in pkg:
            return ReadResult(path, None, [finding("inte-excel", **where)])
        template = _template(pkg.read(WORKBOOK))
        names, sheet_parts = _names_and_sheets(pkg, template)
        missing = [s for s in SHEETS if s not in sheet_parts]
        if missing and VERSION_NAME not in names:
            return ReadResult(path, None, [finding("fel-mall", **where)])
        if missing:
            listed = ", ".join(f"”{s}”" for s in missing)
            return ReadResult(path, None, [finding("blad-saknas", {"blad": listed}, sheet=missing[0], **where)])
        # The version first, then the inputs where that version's layout has them (one pass).
        raw, version = read_places(pkg, sheet_parts, _planned(template, layout())[0],
                                   lambda v: _planned(template, layout_of(v))[0])
        lay = layout_of(version)
    except Exception as exc:
        return ReadResult(path, None, [unreadable(exc, where)])
    report, findings = from_cells(raw, names, lay)
    report.version = version or 0
    return ReadResult(path, report, [f.with_file(str(path)) for f in findings], version, _planned(template, lay)[1],
                      frozenset(name for name, value in raw.items() if value is not None and value != ""))


def _moved(names: dict[str, tuple[str, str]], lay: Layout) -> Moved:
    """Today's layout cell -> the file's cell, for every named input and formula found elsewhere."""
    today = layout()
    own = {f.name: (f.sheet, f.cell) for f in (*lay.fields, *lay.formulas) if f.name}
    moved = {}
    for f in (*today.fields, *today.formulas):
        actual = names.get(f.name) or own.get(f.name) if f.name else None
        if actual and actual != (f.sheet, f.cell):
            moved[(f.sheet, f.cell)] = actual
    return moved


def template_version(value: Any) -> int | None:
    """The template version from the hidden Mall sheet's cell, None when it is not a whole number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None
