"""Checks of the period (Uppgifter): År and Period given, the report type matching the period, and typed
start and end dates matching the period, the report type and the year.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..catalog import REPORT_TYPES
from ..findings import Finding, finding
from ..model import InsatsRapport
from . import places

_KIND_WORD = {"kvartal": "ett kvartal", "tertial": "ett tertial", "halvar": "ett halvår", "helar": "helåret",
              "slut": "hela insatstiden"}


def check_period_given(report: InsatsRapport) -> Iterator[Finding]:
    if report.period is not None:
        return
    start, end = report.period_start, report.period_slut
    if report.rapporttyp == "slut":
        if start and end and end < start:
            yield finding("period-saknas", variant="slut-fore-start", **places.span("period_start", "period_slut"),
                          expected=f"efter {start.isoformat()}", actual=end)
            return
        # A summary in words may lack dates: it can be sent, but not placed in a year or consolidated.
        yield finding("slut-utan-datum",
                      {"saknas": "slutdatum" if start else "startdatum" if end else "start- och slutdatum"},
                      **places.where("period_slut" if start else "period_start") if bool(start) != bool(end)
                      else places.span("period_start", "period_slut"))
        return
    yield finding("period-saknas", **places.span("ar", "delperiod"))


def check_report_type(report: InsatsRapport) -> Iterator[Finding]:
    period = report.period
    if period is None or report.rapporttyp not in REPORT_TYPES:
        return
    name, kind = REPORT_TYPES[report.rapporttyp]
    if kind != period.kind:
        yield finding("rapporttyp-period", {"rapporttyp": name.lower(), "periodslag": _KIND_WORD[period.kind],
                                            "period": period.label},
                      **places.where("delperiod"), expected=_KIND_WORD[kind], actual=_KIND_WORD[period.kind])


def check_dates(report: InsatsRapport) -> Iterator[Finding]:
    """Typed dates must give the period's span: from 1 January for cumulative figures."""
    period = report.period
    if period is None or period.kind == "slut":
        return
    first, last = period.span(report.ackumulerad)
    for name, typed, expected, what in (("period_start", report.period_start, first, "Startdatum"),
                                        ("period_slut", report.period_slut, last, "Slutdatum")):
        if typed is None or typed == expected:
            continue
        params = {"datumfalt": what, "datum": typed.isoformat(), "period": period.label}
        if typed.year != period.year:
            yield finding("period-ar", {**params, "ar": typed.year}, **places.where(name), expected=expected,
                          actual=typed)
        else:
            yield finding("period-datum", {**params, "forvantat": expected.isoformat()},
                          _reason(report, name, expected), **places.where(name), expected=expected, actual=typed)


def _reason(report: InsatsRapport, name: str, expected: date) -> str:
    """The variant of period-datum: why the start date is wrong, or none."""
    if name == "period_start" and report.ackumulerad:
        return "ackumulerad"
    if name == "period_start" and report.period_start == date(expected.year, 1, 1):
        return "bara-perioden"
    return ""


CHECKS = (check_period_given, check_report_type, check_dates)
