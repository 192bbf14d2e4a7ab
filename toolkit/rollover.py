"""Roll an insats forward to its next period: keep who and what, empty the figures."""

from __future__ import annotations

from pathlib import Path

from .catalog import REPORT_TYPE_BY_KIND
from .errors import FinsamError
from .layout import layout
from .model import InsatsRapport
from .periods import Period
from .reader import read_workbook
from .schema import get, put


def roll_forward(last: InsatsRapport, period: Period) -> InsatsRapport:
    """A new report for `period` with the fields the layout marks as carried over (who and what: metadata,
    aktiviteter, goals, budget); tallies, utfall, outcomes, dates and texts are emptied. A forecast
    ("same_year") is kept within the same year only."""
    same_year = last.period is not None and last.period.year == period.year
    new = InsatsRapport(rapporttyp=REPORT_TYPE_BY_KIND[period.kind], period=period)
    for f in layout().fields:
        if f.carry == "always" or (f.carry == "same_year" and same_year):
            value = get(last, f.path)
            if value is not None and value != "":
                put(new, f.path, value)
    return new


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
