"""Roll an insats forward to its next period: keep who and what, empty the figures."""

from __future__ import annotations

from pathlib import Path

from .catalog import REPORT_TYPE_BY_KIND
from .errors import FinsamError
from .model import Aktivitet, BudgetRad, Ekonomi, InsatsRapport, Mal
from .periods import Period
from .reader import read_workbook


def roll_forward(last: InsatsRapport, period: Period) -> InsatsRapport:
    """A new report for `period`: metadata, aktiviteter, goals and budget carried over; tallies,
    utfall, outcomes, dates and texts emptied. The forecast is kept within the same year."""
    same_year = last.period is not None and last.period.year == period.year
    return InsatsRapport(
        forbund=last.forbund, insats=last.insats, huvudman=last.huvudman,
        samverkansparter=list(last.samverkansparter), malgrupp=last.malgrupp,
        rapporttyp=REPORT_TYPE_BY_KIND[period.kind], period=period, ackumulerad=last.ackumulerad,
        diarienummer=last.diarienummer, uppgiftslamnare=list(last.uppgiftslamnare), kontakt=last.kontakt,
        arsplatser=last.arsplatser,
        aktiviteter=[Aktivitet(namn=a.namn, volymmal_per_ar=a.volymmal_per_ar) for a in last.aktiviteter],
        mal=[Mal(typ=m.typ, beskrivning=m.beskrivning, malvarde=m.malvarde, matt=m.matt) for m in last.mal],
        ekonomi=Ekonomi(
            rader=[BudgetRad(kategori=r.kategori, budget=r.budget, prognos=r.prognos if same_year else None)
                   for r in last.ekonomi.rader],
            budget_totalt=last.ekonomi.budget_totalt,
            finansiering=dict(last.ekonomi.finansiering),
        ),
    )


def roll_forward_file(path: str | Path, period: Period) -> InsatsRapport:
    """Read the last workbook and roll it forward; FinsamError when it cannot be read."""
    result = read_workbook(path)
    if result.report is None:
        raise FinsamError(result.findings[0].message, file=str(path))
    if period.kind == "slut":
        raise FinsamError("Ange en period som 2023-Q1, 2023-T1, 2023-H1 eller 2023.")
    if result.report.period is not None and period <= result.report.period and period.kind == result.report.period.kind:
        raise FinsamError(f"Perioden {period} kommer inte efter arbetsbokens period {result.report.period}.")
    return roll_forward(result.report, period)
