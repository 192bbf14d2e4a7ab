"""Between the model and the workbook's input cells: a flat mapping of defined name -> cell value.

`to_cells` gives what the builder writes; `from_cells` turns raw cell values (from calamine, openpyxl
or a live xlwings book) into the model, with a finding at the cell for every value it cannot use.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from .catalog import PERIOD_CHOICES, REPORT_TYPES
from .errors import FinsamError
from .findings import Finding, finding
from .layout import LISTS, NAME_SEPARATORS, NAMES, TEXT_KINDS, Field, Layout, layout
from .model import InsatsRapport
from .periods import Period
from .schema import get, put, segments

EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!")
_PERIOD_LABEL = {value: label for label, value in PERIOD_CHOICES.items()}
_NUMBER_IN_TEXT = re.compile(r"-?\d[\d\s ]*(?:[.,]\d+)?")
_EXCEL_EPOCH = date(1899, 12, 30)
#: Field kinds read by `_parse_number` (any other kind is text, a date or a choice).
_NUMBER_KINDS = frozenset({"count", "amount", "number"})


class ExcelError(str):
    """An Excel error value (#REF!, #DIV/0! …) read from a cell, as opposed to the same text typed in."""


# --- model -> cells ---------------------------------------------------------------------------
def _label(f: Field, value: Any) -> Any:
    """The cell value of a model value: a drop-down's label; a value not in the list as it is; names joined."""
    if f.kind == NAMES:
        return "; ".join(value or []) or None
    if not f.options or value is None:
        return value
    return _labels(f.options).get(value, value)


@cache
def _labels(options: str) -> dict[Any, str]:
    return {value: label for value, label in LISTS[options]}


@cache
def _values(options: str) -> dict[str, Any]:
    return {label: value for value, label in LISTS[options]}


def to_cells(report: InsatsRapport, lay: Layout | None = None) -> dict[str, Any]:
    """The input cells of a workbook holding `report`; empty cells are left out."""
    cells: dict[str, Any] = {}
    for f in (lay or layout()).fields:
        if f.path:
            cells[f.name] = _label(f, get(report, f.path))
    if report.period is not None:  # År and Period are bound by the period
        cells["ar"] = report.period.year
        cells["delperiod"] = _PERIOD_LABEL[(report.period.kind, report.period.number)]
    return {k: v for k, v in cells.items() if v is not None and v != ""}


# --- raw cell values -> typed values ------------------------------------------------------------
def _where(f: Field, places: dict[str, tuple[str, str]]) -> dict[str, str]:
    sheet, cell = places.get(f.name, (f.sheet, f.cell))
    return {"sheet": sheet, "cell": cell}


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).replace(".", ",") if isinstance(raw, float) else str(raw)


def parse_value(f: Field, raw: Any, places: dict[str, tuple[str, str]]) -> tuple[Any, Finding | None]:
    """Convert one raw cell value to the field's type, or give None and a finding at the cell."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return ("" if f.kind in TEXT_KINDS else None), None
    if type(raw) is str and f.kind in TEXT_KINDS:  # the usual typed text (an ExcelError is no plain str)
        return raw, None
    if type(raw) is float and f.kind in _NUMBER_KINDS and raw.is_integer() and 0 <= raw < 2**53:
        return int(raw), None  # the usual typed figure: a whole, non-negative number
    if isinstance(raw, ExcelError) or (f.kind not in TEXT_KINDS and isinstance(raw, str)
                                       and raw.strip() in EXCEL_ERRORS):
        return None, finding("felvarde", {"falt": f.label, "varde": raw.strip()}, actual=raw.strip(),
                             **_where(f, places))
    if f.kind == NAMES:
        return split_names(_shown(raw) if isinstance(raw, float) else str(raw)), None
    if f.kind in TEXT_KINDS:
        if isinstance(raw, datetime):
            raw = raw.date()
        if isinstance(raw, date):
            return raw.isoformat(), None
        return (_shown(raw) if isinstance(raw, float) else str(raw)), None
    where = _where(f, places)
    if f.kind == "date":
        return _parse_date(f, raw, where)
    if f.kind == "choice":
        return _parse_choice(f, raw, where)
    return _parse_number(f, raw, where)


def split_names(text: str) -> list[str]:
    """Names typed in one cell, separated by semicolons, commas or line breaks."""
    return [name.strip() for name in re.split(f"[{NAME_SEPARATORS}]", text) if name.strip()]


def _parse_number(f: Field, raw: Any, where: dict[str, str]) -> tuple[Any, Finding | None]:
    whole = f.kind == "count"
    if isinstance(raw, bool):
        shown = "SANT" if raw else "FALSKT"
        return None, finding("text-i-talcell", {"falt": f.label, "text": shown}, "sanningsvarde", actual=shown,
                             **where)
    if not isinstance(raw, (int, float)):  # text, a date or a time of day
        text = raw.isoformat() if isinstance(raw, (date, datetime, time)) else str(raw)
        hint = _NUMBER_IN_TEXT.search(text) if isinstance(raw, str) else None
        params = {"falt": f.label, "text": text}
        if not hint:
            return None, finding("text-i-talcell", params, actual=text, **where)
        number = hint.group(0).strip()
        if number == text.strip():  # a number stored as text, e.g. "5,0"
            return None, finding("text-i-talcell", params, "tal-som-text", actual=text, **where)
        if f.kind == "number":  # a goal's target or outcome: "70" for 70 % would mean 7 000 %
            return None, _share_hint(params, number, text, where)
        return None, finding("text-i-talcell", {**params, "tal": number}, "tal-i-text", actual=text, **where)
    value = float(raw)
    if not math.isfinite(value):
        return None, finding("text-i-talcell", {"falt": f.label}, "ogiltigt", actual=str(raw), **where)
    if whole and not value.is_integer():
        return None, finding("decimaltal", {"falt": f.label, "varde": _shown(value)}, actual=value, **where)
    if value < 0 and f.kind in ("count", "number"):
        return None, finding("negativt-tal", {"falt": f.label, "varde": _shown(value)}, actual=value, **where)
    if value.is_integer() and abs(value) < 2**53:
        return int(value), None
    return value, None


def _share_hint(params: dict[str, Any], number: str, text: str, where: dict[str, str]) -> Finding:
    """Text in a goal's cell, which holds a share or a count: a bare "70" for 70 % means 7 000 %."""
    if "%" in text or "procent" in text.casefold():
        share = _shown(round(float(re.sub(r"\s", "", number).replace(",", ".")) / 100, 10))
        return finding("text-i-talcell", {**params, "tal": number, "andel": share}, "andel-i-procent", actual=text,
                       **where)
    return finding("text-i-talcell", {**params, "tal": number}, "andel-i-text", actual=text, **where)


def _parse_date(f: Field, raw: Any, where: dict[str, str]) -> tuple[Any, Finding | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1 <= raw < 2958466 and float(raw).is_integer():
        day = _EXCEL_EPOCH + timedelta(days=int(raw))
        if 1990 <= day.year <= 2100:
            return day, None
    text = _shown(raw) if isinstance(raw, float) else str(raw)
    try:
        parsed = date.fromisoformat(text.strip())
        return None, finding("datum-som-text", {"falt": f.label, "text": text}, actual=text,
                             expected=parsed.isoformat(), **where)
    except ValueError:
        return None, finding("datum-som-text", {"falt": f.label, "text": text}, "ogiltigt", actual=text, **where)


def _parse_choice(f: Field, raw: Any, where: dict[str, str]) -> tuple[Any, Finding | None]:
    text = _shown(raw).strip() if isinstance(raw, float) else str(raw).strip()
    if not f.strict or text in f.choices:
        return text, None
    folded = {c.casefold(): c for c in f.choices}
    if text.casefold() in folded:
        return folded[text.casefold()], None
    options = ", ".join(f.choices)
    return None, finding("ogiltigt-val", {"falt": f.label, "text": text, "val": options}, actual=text, **where)


# --- cells -> model ---------------------------------------------------------------------------
def from_cells(raw: dict[str, Any], places: dict[str, tuple[str, str]] | None = None, lay: Layout | None = None
               ) -> tuple[InsatsRapport, list[Finding]]:
    """Build the model from raw input-cell values keyed by defined name.

    `places` maps a name to the (sheet, cell) where the workbook actually has it (defined names may
    have moved with inserted rows); missing names fall back to the layout (`lay`, today's by default).
    """
    places = places or {}
    findings: list[Finding] = []
    v: dict[str, Any] = {}
    report = InsatsRapport()
    position = _positions(lay or layout())
    # Only the cells that hold something, in the layout's order (most cells of a workbook are empty).
    typed = sorted(position[name] for name, cell in raw.items() if cell is not None and cell != "" and name in position)
    for _, f in typed:
        value, problem = parse_value(f, raw[f.name], places)
        if problem:
            findings.append(problem)
        if value is None or value == "":
            continue
        if f.options:
            value = _values(f.options).get(value, value if not f.strict else None)
        if f.path:
            put(report, f.path, value)
        else:
            v[f.name] = value
    report.period = _period(v, report)
    _tidy_lists(report, lay or layout())
    return report, findings


@cache
def _positions(lay: Layout) -> dict[str, tuple[int, Field]]:
    """Field name -> (its place in the layout, the field): `from_cells` sorts the cells it is given by it."""
    return {f.name: (k, f) for k, f in enumerate(lay.fields)}


def _tidy_lists(report: InsatsRapport, lay: Layout) -> None:
    """Names keep no gaps; rows drop empty ones at the end (gaps inside keep positions matching the sheet)."""
    for path in _list_paths(lay):
        items = get(report, path)
        if items and isinstance(items[0], str):
            items[:] = [name for name in items if name]
        else:
            while items and items[-1].is_empty():
                items.pop()


@cache
def _list_paths(lay: Layout) -> tuple[str, ...]:
    """Model paths of the lists the layout fills, e.g. "aktiviteter", "ekonomi.rader"."""
    found: dict[str, None] = {}
    for f in lay.fields:
        steps = segments(f.path)
        for i, step in enumerate(steps):
            if isinstance(step, int):
                found[".".join(str(x) for x in steps[:i])] = None
                break
    return tuple(found)


def _period(v: dict[str, Any], report: InsatsRapport) -> Period | None:
    """The period from År and Period (or from the dates, for a final report); None when unusable."""
    choice = PERIOD_CHOICES.get(v.get("delperiod") or "")
    kind = choice[0] if choice else REPORT_TYPES.get(report.rapporttyp, ("", ""))[1]
    if kind == "slut":
        if report.period_start and report.period_slut and report.period_start <= report.period_slut:
            return Period.final(report.period_start, report.period_slut)
        return None
    if not choice or v.get("ar") is None:
        return None
    try:
        return Period.of(choice[0], v["ar"], choice[1])
    except FinsamError:
        return None
