"""Checks of the goals (Mål): typed outcomes against the tallies, volume targets prorated to the period."""

from __future__ import annotations

from typing import Iterator

from ..catalog import MATT
from ..findings import FEL, Finding, finding, register
from ..layout import mal_name
from ..model import InsatsRapport, Mal
from . import places
from ..swedish import number, percent, percent_points, rounded
from .participants import VOLUME_TOLERANCE, VOLYMMAL_EFTER

MAL_UTFALL = register("mal-utfall", FEL, "Det angivna utfallet stämmer inte med deltagarsiffrorna")


def _decimals(value: float) -> int:
    """How many decimals a typed value shows (93 -> 0, 93.1 -> 1), at most 4."""
    text = f"{value:.4f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def agrees(typed: float, computed: float, share: bool) -> bool:
    """True when the typed value equals the computed one rounded as the typed one is shown.

    Rounding is half away from zero, as in Excel (`swedish.rounded`): 93 % agrees with 0.9310 and
    0.925 but not 0.9249; 20 of 32 (62,5 %) shows as 63 %, never 62 %.
    """
    shown = percent_points(typed, 6) if share else rounded(typed, 6)
    decimals = _decimals(shown)
    return (percent_points(computed, decimals) if share else rounded(computed, decimals)) == shown


def _shown(value: float, share: bool) -> str:
    if not share:
        return number(value, _decimals(value))
    return percent(value, min(2, _decimals(percent_points(value, 6))))


def _label(goal: Mal, i: int) -> str:
    return f"Mål {i}" + (f" (”{goal.beskrivning[:60]}”)" if goal.beskrivning else "")


def check_goal_outcomes(report: InsatsRapport) -> Iterator[Finding]:
    """A typed outcome next to a chosen measure must agree with the outcome computed from the tallies."""
    for i, goal in enumerate(report.mal, 1):
        if goal.utfall is None or not goal.matt:
            continue
        computed = report.measure(goal.matt)
        if computed is None:
            continue
        label, kind = MATT[goal.matt]
        share = kind == "andel"
        if agrees(goal.utfall, computed, share):
            continue
        hint = " Andelar skrivs som procent, till exempel 93 %." if share and goal.utfall > 1 else ""
        yield finding(MAL_UTFALL, f"{_label(goal, i)}: utfallet är ifyllt som {_shown(goal.utfall, share)}, men "
                                  f"{label.lower()} blir {_shown(computed, share)} enligt deltagarsiffrorna. Rätta "
                                  f"utfallet eller töm cellen så räknas det ut.{hint}",
                      **places.where(mal_name(i, "utfall")), expected=rounded(computed, 4), actual=goal.utfall)


def check_volume_goals(report: InsatsRapport) -> Iterator[Finding]:
    """A volume goal (a count per year) against its outcome, the target prorated to the period.

    Only when the goal's comment is empty: a comment answers the warning.
    """
    period = report.period
    if period is None:
        return
    for i, goal in enumerate(report.mal, 1):
        if goal.typ != "volymmal" or not goal.malvarde or goal.kommentar or goal.is_share():
            continue
        outcome = report.goal_outcome(goal)
        prorated = report.goal_target(goal)
        assert prorated is not None
        if outcome is None or outcome >= VOLUME_TOLERANCE * prorated:
            continue
        where = (places.formula(mal_name(i, "berakat")) if goal.matt and goal.utfall is None
                 else places.where(mal_name(i, "utfall")))
        yield finding(VOLYMMAL_EFTER, f"{_label(goal, i)}: utfallet {number(outcome)} ligger långt under målet "
                                      f"{number(goal.malvarde)} per år, som motsvarar {number(prorated)} för "
                                      f"{period.label}. Kommentera avvikelsen i kolumnen Kommentar.",
                      **where, expected=rounded(prorated), actual=outcome)


CHECKS = (check_goal_outcomes, check_volume_goals)
