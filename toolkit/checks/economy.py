"""Checks of the economy (Ekonomi): budget lines against the typed total, financing against the budget,
utfall over budget and a burn rate far from the share of the year elapsed.

The two warnings ask for an explanation in the economy comment and are only given while that
comment is empty: once staff have explained the deviation there is nothing left to do.
"""

from __future__ import annotations

from typing import Iterator

from ..catalog import FINANSIERING
from ..findings import Finding, finding
from ..layout import budget_name
from ..model import InsatsRapport
from . import places
from ..swedish import kronor, percent, rounded

#: Largest accepted gap between the share of the budget used and the share of the year elapsed.
BURN_TOLERANCE = 0.15
#: Amounts may carry öre; differences below this many kronor are rounding.
KRONOR_TOLERANCE = 0.5


def check_budget_total(report: InsatsRapport) -> Iterator[Finding]:
    ek = report.ekonomi
    if ek.budget_totalt is None or all(r.budget is None for r in ek.rader):
        return
    summed = ek.summa("budget")
    if abs(summed - ek.budget_totalt) > KRONOR_TOLERANCE:
        yield finding("budget-summa", {"budget": kronor(ek.budget_totalt), "summa": kronor(summed)},
                      **places.where("budget_totalt"), expected=ek.budget_totalt, actual=summed)


def check_financing(report: InsatsRapport) -> Iterator[Finding]:
    ek = report.ekonomi
    budget = report.ekonomi.budget_total()
    if budget is None or all(v is None for v in ek.finansiering.values()):
        return
    financed = ek.finansiering_summa()
    if financed < budget - KRONOR_TOLERANCE:
        keys = list(FINANSIERING)
        yield finding("finansiering-tacker-inte", {"finansiering": kronor(financed), "budget": kronor(budget),
                                                   "saknas": kronor(budget - financed)},
                      **places.span(f"fin_{keys[0]}", f"fin_{keys[-1]}"), expected=budget, actual=financed)


def check_over_budget(report: InsatsRapport) -> Iterator[Finding]:
    if report.ekonomi.kommentar:
        return
    for i, line in enumerate(report.ekonomi.rader, 1):
        if line.budget is None or line.utfall_ackumulerat is None or line.utfall_ackumulerat <= line.budget:
            continue
        name = line.kategori or f"Budgetrad {i}"
        yield finding("utfall-over-budget", {"rad": name, "utfall": kronor(line.utfall_ackumulerat),
                                             "budget": kronor(line.budget)},
                      **places.where(budget_name(i, "utfall_ackumulerat")), expected=line.budget,
                      actual=line.utfall_ackumulerat)


def check_burn_rate(report: InsatsRapport) -> Iterator[Finding]:
    ek, period = report.ekonomi, report.period
    if ek.kommentar or period is None or period.kind == "slut":
        return
    used = report.forbrukat()
    if used is None or (ek.budget_total() or 0) <= 0:
        return
    elapsed = period.year_share(cumulative=True)  # "utfall hittills i år" always counts from 1 January
    if abs(used - elapsed) > BURN_TOLERANCE:
        more = "mer" if used > elapsed else "mindre"
        yield finding("forbrukning-avviker", {"forbrukat": percent(used), "period": period.label,
                                              "gatt": percent(elapsed), "riktning": more},
                      **places.formula("summa_utfall_ackumulerat"), expected=rounded(elapsed, 4),
                      actual=rounded(used, 4))


def check_forecast_below_utfall(report: InsatsRapport) -> Iterator[Finding]:
    """A forecast for the year below the utfall already booked this year cannot come true: per line,
    and for the total when several lines give both (one line's warning says it all for one line)."""
    lines = [(i, r) for i, r in enumerate(report.ekonomi.rader, 1)
             if r.prognos is not None and r.utfall_ackumulerat is not None]
    for i, line in lines:
        if line.prognos < line.utfall_ackumulerat - KRONOR_TOLERANCE:  # type: ignore[operator]
            name = line.kategori or f"Budgetrad {i}"
            yield finding("prognos-under-utfall", {"rad": name, "prognos": kronor(line.prognos),
                                                   "utfall": kronor(line.utfall_ackumulerat)},
                          **places.where(budget_name(i, "prognos")), expected=f"minst {line.utfall_ackumulerat}",
                          actual=line.prognos)
    prognos, utfall = report.ekonomi.summa("prognos"), report.ekonomi.summa("utfall_ackumulerat")
    if len(lines) > 1 and prognos is not None and utfall is not None and prognos < utfall - KRONOR_TOLERANCE:
        yield finding("prognos-under-utfall", {"prognos": kronor(prognos), "utfall": kronor(utfall)}, "totalt",
                      **places.formula("summa_prognos"), expected=f"minst {utfall}", actual=prognos)


CHECKS = (check_budget_total, check_financing, check_over_budget, check_forecast_below_utfall, check_burn_rate)
