"""Checks of the economy (Ekonomi): budget lines against the typed total, financing against the budget,
utfall over budget and a burn rate far from the share of the year elapsed.

The two warnings ask for an explanation in the economy comment and are only given while that
comment is empty: once staff have explained the deviation there is nothing left to do.
"""

from __future__ import annotations

from typing import Iterator

from ..catalog import FINANSIERING
from ..findings import FEL, VARNING, Finding, finding, register
from ..layout import budget_name
from ..model import InsatsRapport
from . import places
from ..swedish import kronor, percent, rounded

BUDGET_SUMMA = register("budget-summa", FEL, "Budgetraderna summerar inte till den angivna totala budgeten")
FINANSIERING_TACKER_INTE = register("finansiering-tacker-inte", FEL, "Finansieringen täcker inte budgeten")
UTFALL_OVER_BUDGET = register("utfall-over-budget", VARNING, "Utfallet är större än budgeten (utan kommentar)")
PROGNOS_UNDER_UTFALL = register("prognos-under-utfall", VARNING,
                                "Prognosen för året är lägre än utfallet som redan är bokfört")
FORBRUKNING_AVVIKER = register("forbrukning-avviker", VARNING,
                               "Förbrukad andel av budgeten skiljer sig mycket från den andel av året som gått "
                               "(utan kommentar)")

#: Largest accepted gap between the share of the budget used and the share of the year elapsed.
BURN_TOLERANCE = 0.15
#: Amounts may carry öre; differences below this many kronor are rounding.
KRONOR_TOLERANCE = 0.5

_ASK = "Förklara avvikelsen i kommentaren till ekonomin."


def check_budget_total(report: InsatsRapport) -> Iterator[Finding]:
    ek = report.ekonomi
    if ek.budget_totalt is None or all(r.budget is None for r in ek.rader):
        return
    summed = ek.summa("budget")
    if abs(summed - ek.budget_totalt) > KRONOR_TOLERANCE:
        yield finding(BUDGET_SUMMA, f"Budget totalt enligt beslut är {kronor(ek.budget_totalt)}, men budgetraderna "
                                    f"summerar till {kronor(summed)}. Rätta raderna eller totalen.",
                      **places.where("budget_totalt"), expected=ek.budget_totalt, actual=summed)


def check_financing(report: InsatsRapport) -> Iterator[Finding]:
    ek = report.ekonomi
    budget = report.ekonomi.budget_total()
    if budget is None or all(v is None for v in ek.finansiering.values()):
        return
    financed = ek.finansiering_summa()
    if financed < budget - KRONOR_TOLERANCE:
        keys = list(FINANSIERING)
        yield finding(FINANSIERING_TACKER_INTE,
                      f"Finansieringen är {kronor(financed)}, men budgeten är {kronor(budget)}: "
                      f"{kronor(budget - financed)} saknar finansiering. Ange all finansiering eller rätta budgeten.",
                      **places.span(f"fin_{keys[0]}", f"fin_{keys[-1]}"), expected=budget, actual=financed)


def check_over_budget(report: InsatsRapport) -> Iterator[Finding]:
    if report.ekonomi.kommentar:
        return
    for i, line in enumerate(report.ekonomi.rader, 1):
        if line.budget is None or line.utfall_ackumulerat is None or line.utfall_ackumulerat <= line.budget:
            continue
        name = line.kategori or f"Budgetrad {i}"
        yield finding(UTFALL_OVER_BUDGET, f"{name}: utfallet hittills i år är {kronor(line.utfall_ackumulerat)}, "
                                          f"mer än budgeten {kronor(line.budget)}. {_ASK}",
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
        yield finding(FORBRUKNING_AVVIKER,
                      f"{percent(used)} av årets budget är förbrukad vid slutet av {period.label}, där "
                      f"{percent(elapsed)} av året har gått: betydligt {more} än väntat. {_ASK}",
                      **places.formula("summa_utfall_ackumulerat"), expected=rounded(elapsed, 4), actual=rounded(used, 4))


def check_forecast_below_utfall(report: InsatsRapport) -> Iterator[Finding]:
    """A forecast for the year below the utfall already booked this year cannot come true: per line,
    and for the total when several lines give both (one line's warning says it all for one line)."""
    lines = [(i, r) for i, r in enumerate(report.ekonomi.rader, 1)
             if r.prognos is not None and r.utfall_ackumulerat is not None]
    for i, line in lines:
        if line.prognos < line.utfall_ackumulerat - KRONOR_TOLERANCE:  # type: ignore[operator]
            name = line.kategori or f"Budgetrad {i}"
            yield finding(PROGNOS_UNDER_UTFALL, f"{name}: prognosen för året är {kronor(line.prognos)}, men utfallet "
                                                f"hittills i år är redan {kronor(line.utfall_ackumulerat)}. Rätta "
                                                "prognosen: den ska vara minst det som redan är bokfört.",
                          **places.where(budget_name(i, "prognos")), expected=f"minst {line.utfall_ackumulerat}",
                          actual=line.prognos)
    prognos, utfall = report.ekonomi.summa("prognos"), report.ekonomi.summa("utfall_ackumulerat")
    if len(lines) > 1 and prognos is not None and utfall is not None and prognos < utfall - KRONOR_TOLERANCE:
        yield finding(PROGNOS_UNDER_UTFALL, f"Prognosen för året är totalt {kronor(prognos)}, men utfallet hittills i "
                                            f"år är redan {kronor(utfall)}. Rätta prognosen på budgetraderna.",
                      **places.formula("summa_prognos"), expected=f"minst {utfall}", actual=prognos)


CHECKS = (check_budget_total, check_financing, check_over_budget, check_forecast_below_utfall, check_burn_rate)
