"""Checks of the period (Uppgifter): År and Period given, the report type matching the period, and typed
start and end dates matching the period, the report type and the year.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..catalog import REPORT_TYPES
from ..findings import FEL, VARNING, Finding, finding, register
from ..model import InsatsRapport
from . import places

PERIOD_SAKNAS = register("period-saknas", FEL, "År och period saknas eller är ogiltiga")
SLUT_UTAN_DATUM = register("slut-utan-datum", VARNING,
                           "Slutrapporten saknar start- eller slutdatum och kan inte placeras i ett år")
RAPPORTTYP_PERIOD = register("rapporttyp-period", FEL, "Rapporttypen passar inte den valda perioden")
PERIOD_DATUM = register("period-datum", FEL, "Periodens datum passar inte perioden och rapporttypen")
PERIOD_AR = register("period-ar", FEL, "Periodens datum ligger i ett annat år än rapporten")

_KIND_WORD = {"kvartal": "ett kvartal", "tertial": "ett tertial", "halvar": "ett halvår", "helar": "helåret",
              "slut": "hela insatstiden"}


def check_period_given(report: InsatsRapport) -> Iterator[Finding]:
    if report.period is not None:
        return
    start, end = report.period_start, report.period_slut
    if report.rapporttyp == "slut":
        if start and end and end < start:
            yield finding(PERIOD_SAKNAS, "Slutrapporten gäller hela insatstiden, men slutdatum ligger före startdatum. "
                                         "Rätta datumen, till exempel 2023-03-01 och 2025-12-31.",
                          **places.span("period_start", "period_slut"), expected=f"efter {start.isoformat()}",
                          actual=end)
            return
        # A summary in words may lack dates: it can be sent, but not placed in a year or consolidated.
        yield finding(SLUT_UTAN_DATUM, "Slutrapporten saknar " + ("slutdatum" if start else "startdatum" if end else
                                                                 "start- och slutdatum")
                      + ", så den kan inte placeras i ett år och räknas inte med i sammanställningen. Skriv "
                        "insatsens första och sista dag som ÅÅÅÅ-MM-DD, till exempel 2023-03-01 och 2025-12-31.",
                      **places.where("period_slut" if start else "period_start") if bool(start) != bool(end)
                      else places.span("period_start", "period_slut"))
        return
    yield finding(PERIOD_SAKNAS, "År och Period måste fyllas i: skriv året (till exempel 2025) och välj perioden "
                                 "i listan.", **places.span("ar", "delperiod"))


def check_report_type(report: InsatsRapport) -> Iterator[Finding]:
    period = report.period
    if period is None or report.rapporttyp not in REPORT_TYPES:
        return
    name, kind = REPORT_TYPES[report.rapporttyp]
    if kind != period.kind:
        yield finding(RAPPORTTYP_PERIOD, f"Rapporttypen är {name.lower()}, men perioden är {_KIND_WORD[period.kind]} "
                                         f"({period.label}). Välj en period som passar rapporttypen, eller rätta "
                                         "rapporttypen.",
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
        if typed.year != period.year:
            yield finding(PERIOD_AR, f"{what} {typed.isoformat()} ligger i {typed.year}, men rapporten gäller "
                                     f"{period.label}. Rätta datumet eller året.",
                          **places.where(name), expected=expected, actual=typed)
        else:
            yield finding(PERIOD_DATUM, f"{what} {typed.isoformat()} passar inte {period.label}: "
                                        f"{_reason(report, name, expected)}",
                          **places.where(name), expected=expected, actual=typed)


def _reason(report: InsatsRapport, name: str, expected: date) -> str:
    if name == "period_start" and report.ackumulerad:
        return (f"siffrorna räknas från årets början (ackumulerade), så perioden börjar {expected.isoformat()}. "
                "Rätta datumet, eller välj Nej om siffrorna bara gäller perioden.")
    if name == "period_start" and report.period_start == date(expected.year, 1, 1):
        return (f"siffrorna gäller bara perioden, som börjar {expected.isoformat()}. Rätta datumet, eller välj Ja "
                "om siffrorna räknas från årets början.")
    return f"datumet ska vara {expected.isoformat()}. Rätta datumet eller töm cellen så räknas det från perioden."


CHECKS = (check_period_given, check_report_type, check_dates)
