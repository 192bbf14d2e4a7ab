"""Checks of the goals (Mål): typed outcomes against the tallies, volume targets prorated to the period,
the aktiviteter a goal names, and typed verdicts against the figures."""

from __future__ import annotations

from typing import Iterator

from ..catalog import BEDOMNINGAR, MATT
from ..findings import Finding, finding
from ..goals import EJ_BEDOMT, computed_verdict
from ..layout import mal_name
from ..model import InsatsRapport, Mal
from ..names import name_key
from . import places
from ..swedish import number, percent, percent_points, rounded
from .participants import VOLUME_TOLERANCE


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
        computed = report.measure(goal.matt, report.covered(goal))
        if computed is None:
            continue
        label, kind = MATT[goal.matt]
        if goal.aktiviteter:
            label += " för " + ", ".join(goal.aktiviteter)
        share = kind == "andel"
        if agrees(goal.utfall, computed, share):
            continue
        yield finding("mal-utfall", {"mal": _label(goal, i), "ifyllt": _shown(goal.utfall, share),
                                     "matt": label.lower(), "beraknat": _shown(computed, share)},
                      "procent" if share and goal.utfall > 1 else "",
                      **places.where(mal_name(i, "utfall")), expected=rounded(computed, 4), actual=goal.utfall)


def check_volume_goals(report: InsatsRapport) -> Iterator[Finding]:
    """A volume goal (a count) against its outcome, a yearly target prorated to the period.

    Only when the goal's comment is empty: a comment answers the warning. A target for the whole
    insats is only checked in the slutrapport.
    """
    period = report.period
    if period is None:
        return
    for i, goal in enumerate(report.mal, 1):
        if goal.typ != "volymmal" or not goal.malvarde or goal.kommentar or goal.is_share():
            continue
        if goal.avser == "hela_insatsen" and period.kind != "slut":
            continue
        outcome, goal_target = report.goal_outcome(goal), report.goal_target(goal)
        if outcome is None or goal_target is None or outcome >= VOLUME_TOLERANCE * goal_target:
            continue
        where = (places.formula(mal_name(i, "berakat")) if goal.matt and goal.utfall is None and not goal.aktiviteter
                 else places.where(mal_name(i, "utfall")))
        params = {"mal": _label(goal, i), "utfall": number(outcome), "malvarde": number(goal.malvarde)}
        if goal.per_year():
            params |= {"motsvarar": number(goal_target), "period": period.label}
        else:
            params["avser"] = "hela insatsen" if goal.avser == "hela_insatsen" else period.label
        yield finding("volymmal-efter", params, "mal-per-ar" if goal.per_year() else "mal", **where,
                      expected=rounded(goal_target), actual=outcome)


def check_goal_aktiviteter(report: InsatsRapport) -> Iterator[Finding]:
    """Every aktivitet a goal names is one of the workbook's (names compared without case and extra spaces)."""
    known = {name_key(a.namn) for a in report.aktiviteter if a.namn}
    for i, goal in enumerate(report.mal, 1):
        missing = [name for name in goal.aktiviteter if name_key(name) not in known]
        if missing:
            have = ", ".join(f"”{a.namn}”" for a in report.aktiviteter if a.namn) or "inga namngivna aktiviteter"
            yield finding("mal-aktivitet-saknas", {"mal": _label(goal, i), "aktivitet": missing[0], "finns": have},
                          **places.where(mal_name(i, "aktiviteter")), actual=missing[0])


def check_typed_verdicts(report: InsatsRapport) -> Iterator[Finding]:
    """A verdict typed by staff stands, but when the target and outcome give another one, both are named
    (until the goal's comment explains it)."""
    for i, goal in enumerate(report.mal, 1):
        if not goal.bedomning or goal.kommentar:
            continue
        typed, computed = BEDOMNINGAR[goal.bedomning], computed_verdict(report, goal)
        if computed == EJ_BEDOMT or computed == typed:
            continue
        yield finding("bedomning-avviker", {"mal": _label(goal, i), "ifylld": typed, "beraknad": computed},
                      **places.where(mal_name(i, "bedomning")), expected=computed, actual=typed)


CHECKS = (check_goal_outcomes, check_volume_goals, check_goal_aktiviteter, check_typed_verdicts)
