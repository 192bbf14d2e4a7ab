"""Between the model and the workbook's input cells: a flat mapping of defined name -> cell value.

`to_cells` gives what the builder writes; `from_cells` turns raw cell values (from calamine, openpyxl
or a live xlwings book) into the model, with a finding at the cell for every value it cannot use.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from .catalog import (
    AVSLUTSANLEDNINGAR,
    FINANSIERING,
    MALTYPER,
    MATT,
    MAX_AKTIVITETER,
    MAX_BUDGETRADER,
    MAX_MAL,
    MAX_SAMVERKANSPARTER,
    MAX_UPPGIFTSLAMNARE,
    PERIOD_CHOICES,
    REMITTENTER,
    REPORT_TYPES,
    TALLY_COLUMNS,
    TALLY_ROWS,
    TEXTER,
)
from .errors import FinsamError
from .findings import (
    DATUM_SOM_TEXT,
    DECIMALTAL,
    FELVARDE,
    NEGATIVT_TAL,
    OGILTIGT_VAL,
    TEXT_I_TALCELL,
    Finding,
    finding,
)
from .layout import Field, akt_name, budget_name, layout, mal_name, tally_name
from .model import Aktivitet, BudgetRad, Count, Ekonomi, InsatsRapport, Mal
from .periods import Period

EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!")
_TYPE_LABEL = {key: label for key, (label, _) in REPORT_TYPES.items()}
_TYPE_KEY = {label: key for key, label in _TYPE_LABEL.items()}
_MALTYP_KEY = {label: key for key, label in MALTYPER.items()}
_MATT_LABEL = {key: label for key, (label, _) in MATT.items()}
_MATT_KEY = {label: key for key, label in _MATT_LABEL.items()}
_PERIOD_LABEL = {value: label for label, value in PERIOD_CHOICES.items()}
_NUMBER_IN_TEXT = re.compile(r"-?\d[\d\s ]*(?:[.,]\d+)?")
_EXCEL_EPOCH = date(1899, 12, 30)


class ExcelError(str):
    """An Excel error value (#REF!, #DIV/0! …) read from a cell, as opposed to the same text typed in."""


# --- model -> cells ---------------------------------------------------------------------------
def to_cells(report: InsatsRapport) -> dict[str, Any]:
    """The input cells of a workbook holding `report`; empty cells are left out."""
    cells: dict[str, Any] = {
        "forbund": report.forbund, "insats": report.insats, "huvudman": report.huvudman,
        "malgrupp": report.malgrupp, "rapporttyp": _TYPE_LABEL.get(report.rapporttyp, report.rapporttyp),
        "ackumulerad": "Ja" if report.ackumulerad else "Nej",
        "period_start": report.period_start, "period_slut": report.period_slut,
        "diarienummer": report.diarienummer, "registreringsdatum": report.registreringsdatum,
        "rapportdatum": report.rapportdatum, "kontakt": report.kontakt, "arsplatser": report.arsplatser,
        "totalt_inskrivna": report.totalt_inskrivna,
        "budget_totalt": report.ekonomi.budget_totalt, "ekonomi_kommentar": report.ekonomi.kommentar,
    }
    if report.period is not None:
        cells["ar"] = report.period.year
        cells["delperiod"] = _PERIOD_LABEL[(report.period.kind, report.period.number)]
    for i, name in enumerate(report.samverkansparter[:MAX_SAMVERKANSPARTER], 1):
        cells[f"samverkanspart{i}"] = name
    for i, name in enumerate(report.uppgiftslamnare[:MAX_UPPGIFTSLAMNARE], 1):
        cells[f"uppgiftslamnare{i}"] = name
    for a, akt in enumerate(report.aktiviteter[:MAX_AKTIVITETER], 1):
        cells[akt_name(a, "namn")] = akt.namn
        cells[akt_name(a, "volymmal_per_ar")] = akt.volymmal_per_ar
        cells[akt_name(a, "utanfor_uppfoljning")] = akt.utanfor_uppfoljning
        for row in TALLY_ROWS:
            for col in TALLY_COLUMNS:
                cells[tally_name(a, row, col)] = akt.row(row).get(col)
    for key in REMITTENTER:
        cells[f"rem_{key}"] = report.remittenter.get(key)
    for key in AVSLUTSANLEDNINGAR:
        cells[f"avslut_{key}"] = report.avslutsanledningar.get(key)
    for i, goal in enumerate(report.mal[:MAX_MAL], 1):
        cells.update({mal_name(i, "typ"): MALTYPER.get(goal.typ, goal.typ), mal_name(i, "beskrivning"): goal.beskrivning,
                      mal_name(i, "malvarde"): goal.malvarde, mal_name(i, "matt"): _MATT_LABEL.get(goal.matt or ""),
                      mal_name(i, "utfall"): goal.utfall, mal_name(i, "kommentar"): goal.kommentar})
    for i, line in enumerate(report.ekonomi.rader[:MAX_BUDGETRADER], 1):
        for attr in ("kategori", "budget", "utfall_period", "utfall_ackumulerat", "prognos"):
            cells[budget_name(i, attr)] = getattr(line, attr)
    for key in FINANSIERING:
        cells[f"fin_{key}"] = report.ekonomi.finansiering.get(key)
    for key in TEXTER:
        cells[f"text_{key}"] = report.texter.get(key, "")
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
        return ("" if f.kind in ("text", "longtext") else None), None
    where = _where(f, places)
    if isinstance(raw, ExcelError) or (f.kind not in ("text", "longtext") and isinstance(raw, str)
                                       and raw.strip() in EXCEL_ERRORS):
        return None, finding(FELVARDE, f"{f.label}: cellen innehåller felvärdet {raw.strip()}. "
                                       "Skriv in värdet igen eller rätta formeln.", actual=raw.strip(), **where)
    if f.kind in ("text", "longtext"):
        if isinstance(raw, datetime):
            raw = raw.date()
        if isinstance(raw, date):
            return raw.isoformat(), None
        return (_shown(raw) if isinstance(raw, float) else str(raw)), None
    if f.kind == "date":
        return _parse_date(f, raw, where)
    if f.kind == "choice":
        return _parse_choice(f, raw, where)
    return _parse_number(f, raw, where)


def _parse_number(f: Field, raw: Any, where: dict[str, str]) -> tuple[Any, Finding | None]:
    whole = f.kind == "count"
    if isinstance(raw, bool):
        shown = "SANT" if raw else "FALSKT"
        return None, finding(TEXT_I_TALCELL, f"{f.label}: cellen innehåller sanningsvärdet {shown}, inget tal. "
                                             "Skriv ett tal.", actual=shown, **where)
    if not isinstance(raw, (int, float)):  # text, a date or a time of day
        text = raw.isoformat() if isinstance(raw, (date, datetime, time)) else str(raw)
        hint = _NUMBER_IN_TEXT.search(text) if isinstance(raw, str) else None
        tip = (f" Skriv bara talet ({hint.group(0).strip()}) utan text." if hint
               else " Skriv ett tal.")
        if hint and hint.group(0).strip() == text.strip():  # a number stored as text, e.g. "5,0"
            tip = " Talet är lagrat som text: skriv in det på nytt som ett tal."
        elif hint and f.kind == "number":  # a goal's target or outcome: "70" for 70 % would mean 7 000 %
            tip = _share_tip(hint.group(0), text)
        return None, finding(TEXT_I_TALCELL, f"{f.label}: ”{text}” är inget tal.{tip}", actual=text, **where)
    value = float(raw)
    if not math.isfinite(value):
        return None, finding(TEXT_I_TALCELL, f"{f.label}: värdet är inget giltigt tal.", actual=str(raw), **where)
    if whole and not value.is_integer():
        return None, finding(DECIMALTAL, f"{f.label}: {_shown(value)} är inget heltal. Skriv ett helt antal.",
                             actual=value, **where)
    if value < 0 and f.kind in ("count", "number"):
        return None, finding(NEGATIVT_TAL, f"{f.label}: {_shown(value)} är negativt. Antal och andelar kan inte "
                                           "vara mindre än noll.", actual=value, **where)
    if value.is_integer() and abs(value) < 2**53:
        return int(value), None
    return value, None


def _share_tip(number: str, text: str) -> str:
    """The hint for text in a goal's cell, which holds a share or a count: a bare "70" for 70 % means 7 000 %."""
    number = number.strip()
    if "%" in text or "procent" in text.casefold():
        share = _shown(round(float(re.sub(r"\s", "", number).replace(",", ".")) / 100, 10))
        return (f" En andel skrivs som procent: skriv {number} % så att Excel lagrar {share}, eller decimaltalet "
                f"{share}.")
    return f" Skriv bara talet ({number}) utan text. En andel skrivs som procent (70 %) eller som decimaltal (0,7)."


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
        msg = f"{f.label}: datumet ”{text}” är skrivet som text. Skriv in det som ett datum (ÅÅÅÅ-MM-DD)."
        return None, finding(DATUM_SOM_TEXT, msg, actual=text, expected=parsed.isoformat(), **where)
    except ValueError:
        msg = f"{f.label}: ”{text}” är inget giltigt datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2023-01-04."
        return None, finding(DATUM_SOM_TEXT, msg, actual=text, **where)


def _parse_choice(f: Field, raw: Any, where: dict[str, str]) -> tuple[Any, Finding | None]:
    text = _shown(raw).strip() if isinstance(raw, float) else str(raw).strip()
    if not f.strict or text in f.choices:
        return text, None
    folded = {c.casefold(): c for c in f.choices}
    if text.casefold() in folded:
        return folded[text.casefold()], None
    options = ", ".join(f.choices)
    return None, finding(OGILTIGT_VAL, f"{f.label}: ”{text}” finns inte i listan. Välj något av: {options}.",
                         actual=text, **where)


# --- cells -> model ---------------------------------------------------------------------------
def from_cells(raw: dict[str, Any], places: dict[str, tuple[str, str]] | None = None
               ) -> tuple[InsatsRapport, list[Finding]]:
    """Build the model from raw input-cell values keyed by defined name.

    `places` maps a name to the (sheet, cell) where the workbook actually has it (defined names may
    have moved with inserted rows); missing names fall back to the layout.
    """
    places = places or {}
    findings: list[Finding] = []
    v: dict[str, Any] = {}
    for f in layout().fields:
        cell = raw.get(f.name)
        if cell is None or cell == "":  # most cells of a workbook are empty: skip the parsing
            v[f.name] = "" if f.kind in ("text", "longtext") else None
            continue
        value, problem = parse_value(f, cell, places)
        v[f.name] = value
        if problem:
            findings.append(problem)
    report = InsatsRapport(
        forbund=v["forbund"], insats=v["insats"], huvudman=v["huvudman"], malgrupp=v["malgrupp"],
        rapporttyp=_TYPE_KEY.get(v["rapporttyp"] or "", ""),
        ackumulerad=v["ackumulerad"] == "Ja",
        period_start=v["period_start"], period_slut=v["period_slut"],
        diarienummer=v["diarienummer"], registreringsdatum=v["registreringsdatum"],
        rapportdatum=v["rapportdatum"], kontakt=v["kontakt"], arsplatser=v["arsplatser"],
        samverkansparter=[v[f"samverkanspart{i}"] for i in range(1, MAX_SAMVERKANSPARTER + 1)
                          if v[f"samverkanspart{i}"]],
        uppgiftslamnare=[v[f"uppgiftslamnare{i}"] for i in range(1, MAX_UPPGIFTSLAMNARE + 1)
                         if v[f"uppgiftslamnare{i}"]],
        totalt_inskrivna=v["totalt_inskrivna"],
        remittenter={k: v[f"rem_{k}"] for k in REMITTENTER},
        avslutsanledningar={k: v[f"avslut_{k}"] for k in AVSLUTSANLEDNINGAR},
        texter={k: v[f"text_{k}"] for k in TEXTER if v[f"text_{k}"]},
    )
    report.period = _period(v, report)
    report.aktiviteter = _trim([_aktivitet(v, a) for a in range(1, MAX_AKTIVITETER + 1)])
    report.mal = _trim([_goal(v, i) for i in range(1, MAX_MAL + 1)])
    report.ekonomi = Ekonomi(
        rader=_trim([BudgetRad(**{attr: v[budget_name(i, attr)] for attr in
                                  ("kategori", "budget", "utfall_period", "utfall_ackumulerat", "prognos")})
                     for i in range(1, MAX_BUDGETRADER + 1)]),
        budget_totalt=v["budget_totalt"], kommentar=v["ekonomi_kommentar"],
        finansiering={k: v[f"fin_{k}"] for k in FINANSIERING},
    )
    return report, findings


def _trim(items: list) -> list:
    """Drop empty rows at the end (keep gaps inside, so positions still match the sheet)."""
    while items and items[-1].is_empty():
        items.pop()
    return items


def _aktivitet(v: dict[str, Any], a: int) -> Aktivitet:
    rows = {row: Count(**{col: v[tally_name(a, row, col)] for col in TALLY_COLUMNS}) for row in TALLY_ROWS}
    return Aktivitet(namn=v[akt_name(a, "namn")], volymmal_per_ar=v[akt_name(a, "volymmal_per_ar")],
                     utanfor_uppfoljning=v[akt_name(a, "utanfor_uppfoljning")], **rows)


def _goal(v: dict[str, Any], i: int) -> Mal:
    return Mal(typ=_MALTYP_KEY.get(v[mal_name(i, "typ")] or "", ""), beskrivning=v[mal_name(i, "beskrivning")],
               malvarde=v[mal_name(i, "malvarde")], matt=_MATT_KEY.get(v[mal_name(i, "matt")] or ""),
               utfall=v[mal_name(i, "utfall")], kommentar=v[mal_name(i, "kommentar")])


def _period(v: dict[str, Any], report: InsatsRapport) -> Period | None:
    """The period from År and Period (or from the dates, for a final report); None when unusable."""
    choice = PERIOD_CHOICES.get(v["delperiod"] or "")
    kind = choice[0] if choice else REPORT_TYPES.get(report.rapporttyp, ("", ""))[1]
    if kind == "slut":
        if report.period_start and report.period_slut and report.period_start <= report.period_slut:
            return Period.final(report.period_start, report.period_slut)
        return None
    if not choice or v["ar"] is None:
        return None
    try:
        return Period.of(choice[0], v["ar"], choice[1])
    except FinsamError:
        return None
