"""Checks of the workbook as a whole: required fields, something to report, texts within Excel's cell limit,
the template version.

`text_fields` lists every text of the model with its field; the personal-data check reads it too.
"""

from __future__ import annotations

from typing import Iterator

from .. import TEMPLATE_VERSION
from ..catalog import EXCEL_CELL_LIMIT, TALLY_ROWS
from ..findings import FEL, VARNING, Finding, finding, register
from ..layout import MALL, VERSION_CELL, Field, layout, tally_name
from ..model import InsatsRapport
from ..schema import get
from . import places
from ..swedish import number

OBLIGATORISKT_FALT = register("obligatoriskt-falt", FEL, "Ett obligatoriskt fält är tomt")
TEXT_FOR_LANG = register("text-for-lang", FEL, "Texten är längre än en Excel-cell rymmer (32 767 tecken)")
TEXT_KAPAD = register("text-kapad", VARNING,
                      "Texten är exakt så lång som en Excel-cell rymmer och har troligen kapats")
ALDRE_MALL = register("aldre-mall", VARNING, "Arbetsboken är gjord från en äldre version av mallen")
TOM_ARBETSBOK = register("tom-arbetsbok", FEL, "Arbetsboken har inga siffror och inga texter att rapportera")
NYARE_MALL = register("nyare-mall", FEL, "Arbetsboken är gjord från en nyare mall än verktyget känner till")

def required_fields() -> list[Field]:
    """Required fields the model holds as they were typed. År and Period are checked as a period
    (period-saknas); an empty Ja/Nej for cumulative figures reads as Nej and cannot be told apart."""
    return [f for f in layout().fields if f.required and f.path and f.options != "janej"]


def check_required(report: InsatsRapport) -> Iterator[Finding]:
    for f in required_fields():
        if not get(report, f.path):
            yield finding(OBLIGATORISKT_FALT, f"{places.label(f.name)} måste fyllas i.", **places.where(f.name))


def text_fields(report: InsatsRapport) -> Iterator[tuple[str, str]]:
    """(field name, text) for every free text the model holds, with the field it came from."""
    for f in layout().fields:
        if f.free_text:
            text = get(report, f.path)
            if text is not None:
                yield f.name, text


def check_text_length(report: InsatsRapport) -> Iterator[Finding]:
    for name, text in text_fields(report):
        if text and len(text) > EXCEL_CELL_LIMIT:
            yield finding(TEXT_FOR_LANG, f"{places.label(name)}: texten har {number(len(text))} tecken, men en "
                                         f"Excel-cell rymmer högst {number(EXCEL_CELL_LIMIT)}. Korta texten eller "
                                         "lägg resten i en bilaga.", **places.where(name), expected=EXCEL_CELL_LIMIT,
                          actual=len(text))
        elif text and len(text) == EXCEL_CELL_LIMIT:  # openpyxl and others silently cut longer texts to the limit
            yield finding(TEXT_KAPAD, f"{places.label(name)}: texten har exakt {number(EXCEL_CELL_LIMIT)} tecken, så "
                                      "många som en Excel-cell rymmer, och har troligen kapats när arbetsboken "
                                      "sparades. Kontrollera att slutet av texten kom med; lägg det som inte får "
                                      "plats i en bilaga.", **places.where(name), actual=len(text))


def check_version(report: InsatsRapport) -> Iterator[Finding]:
    where = {"sheet": MALL, "cell": VERSION_CELL[1]}
    if report.version > TEMPLATE_VERSION:
        yield finding(NYARE_MALL, f"Arbetsboken är gjord från mallversion {report.version}, men verktyget känner "
                                  f"bara till version {TEMPLATE_VERSION}. Uppdatera finsam-toolkit innan du "
                                  "kontrollerar den.", **where, expected=TEMPLATE_VERSION, actual=report.version)
    elif report.version < TEMPLATE_VERSION:
        what = f"version {report.version}" if report.version else "en okänd version"
        yield finding(ALDRE_MALL, f"Arbetsboken är gjord från {what} av mallen; verktyget använder version "
                                  f"{TEMPLATE_VERSION}. Kontrollera att alla uppgifter kom med, och använd en ny "
                                  "arbetsbok (finsam new) nästa period.", **where, expected=TEMPLATE_VERSION,
                      actual=report.version)


def reports_nothing(report: InsatsRapport) -> bool:
    """True when nothing is reported for the period: no tally, remittent, exit reason, goal outcome or
    comment, utfall, economy comment or text. What a rolled-forward workbook carries over (who and
    what, aktiviteter and volymmål, goals and their targets, budget, prognos, financing) does not count."""
    return (all(akt.row(r).is_empty() for akt in report.aktiviteter for r in TALLY_ROWS)
            and all(akt.utanfor_uppfoljning is None for akt in report.aktiviteter)
            and all(v is None for v in (*report.remittenter.values(), *report.avslutsanledningar.values()))
            and all(g.utfall is None and not g.kommentar for g in report.mal)
            and all(r.utfall_period is None and r.utfall_ackumulerat is None for r in report.ekonomi.rader)
            and not report.ekonomi.kommentar
            and not any((t or "").strip() for t in report.texter.values()))


def check_not_empty(report: InsatsRapport) -> Iterator[Finding]:
    if reports_nothing(report):
        yield finding(TOM_ARBETSBOK, "Arbetsboken har inga deltagarsiffror, inget utfall och inga texter: det finns "
                                     "inget att rapportera. Fyll i periodens siffror på bladen Deltagare, Avslut och "
                                     "Ekonomi och texterna på bladet Texter.",
                      **places.where(tally_name(1, "inskrivna", "antal")))


CHECKS = (check_required, check_not_empty, check_text_length, check_version)
