"""Checks of the workbook as a whole: required fields, something to report, texts within Excel's cell limit,
the template version.

`text_fields` lists every text of the model with its field; the personal-data check reads it too.
"""

from __future__ import annotations

from functools import cache
from typing import Iterator

from .. import TEMPLATE_VERSION
from ..catalog import EXCEL_CELL_LIMIT, TALLY_ROWS
from ..findings import Finding, finding
from ..layout import MALL, VERSION_CELL, Field, Layout, layout, tally_name
from ..model import InsatsRapport
from ..schema import get
from . import places
from ..swedish import number


def required_fields() -> list[Field]:
    """Required fields the model holds as they were typed. År and Period are checked as a period
    (period-saknas); an empty Ja/Nej for cumulative figures reads as Nej and cannot be told apart."""
    return list(_required(layout()))


@cache
def _required(lay: Layout) -> tuple[Field, ...]:
    return tuple(f for f in lay.fields if f.required and f.path and f.options != "janej")


def check_required(report: InsatsRapport) -> Iterator[Finding]:
    for f in _required(layout()):
        if not get(report, f.path):
            yield finding("obligatoriskt-falt", {"falt": places.label(f.name)}, **places.where(f.name))


def text_fields(report: InsatsRapport) -> Iterator[tuple[str, str]]:
    """(field name, text) for every free text the model holds, with the field it came from."""
    for name, path in _free_texts(layout()):
        text = get(report, path)
        if text is not None:
            yield name, text


@cache
def _free_texts(lay: Layout) -> tuple[tuple[str, str], ...]:
    """(name, path) of the layout's free-text fields, picked once per layout (every file asks)."""
    return tuple((f.name, f.path) for f in lay.fields if f.free_text)


def check_text_length(report: InsatsRapport) -> Iterator[Finding]:
    for name, text in text_fields(report):
        if text and len(text) > EXCEL_CELL_LIMIT:
            yield finding("text-for-lang", {"falt": places.label(name), "langd": number(len(text)),
                                            "grans": number(EXCEL_CELL_LIMIT)},
                          **places.where(name), expected=EXCEL_CELL_LIMIT, actual=len(text))
        elif text and len(text) == EXCEL_CELL_LIMIT:  # openpyxl and others silently cut longer texts to the limit
            yield finding("text-kapad", {"falt": places.label(name), "grans": number(EXCEL_CELL_LIMIT)},
                          **places.where(name), actual=len(text))


def check_version(report: InsatsRapport) -> Iterator[Finding]:
    where = {"sheet": MALL, "cell": VERSION_CELL[1]}
    versions = {"version": report.version, "mallversion": TEMPLATE_VERSION}
    if report.version > TEMPLATE_VERSION:
        yield finding("nyare-mall", versions, **where, expected=TEMPLATE_VERSION, actual=report.version)
    elif report.version < TEMPLATE_VERSION:
        yield finding("aldre-mall", versions if report.version else {"mallversion": TEMPLATE_VERSION},
                      "" if report.version else "okand", **where, expected=TEMPLATE_VERSION, actual=report.version)


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
        yield finding("tom-arbetsbok", **places.where(tally_name(1, "inskrivna", "antal")))


CHECKS = (check_required, check_not_empty, check_text_length, check_version)
