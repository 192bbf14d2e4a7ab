"""The goal rule: a goal's target for the period, the verdict its outcome gives, and a typed verdict.

The rule (documented in docs/reports.md):
* A share target (a measure of kind "andel", or a target of at most 1 without a count measure) is
  compared as it is. A count target is per year unless the goal says otherwise (`avser`): a yearly
  target is prorated by the share of the year the report covers (`InsatsRapport.year_share()`: a
  cumulative T2 report covers 8/12); a target for the period is taken as it is; a target for the
  whole insats is met once reached, and before the slutrapport cannot be judged otherwise.
* A goal that names aktiviteter is measured over those aktiviteter only.
* A verdict typed by staff (`bedomning`) stands; the checks warn when the figures say otherwise.
* Target and outcome are compared as the report shows them (whole percent, whole count, rounded half
  away from zero as in Excel), so "90 %" against "90 %" is always met.
* Uppfyllt: outcome ≥ target. Delvis uppfyllt: outcome ≥ 80 % of the target. Ej uppfyllt: below.
  Kan inte bedömas: no target or no outcome.
"""

from __future__ import annotations

from . import swedish
from .catalog import BEDOMNINGAR
from .model import GOAL_PARTLY, InsatsRapport, Mal

UPPFYLLT, DELVIS, EJ_UPPFYLLT, EJ_BEDOMT = (BEDOMNINGAR[k] for k in ("uppfyllt", "delvis", "ej_uppfyllt",
                                                                       "kan_inte_bedomas"))
#: An outcome at or above this share of the target is "delvis uppfyllt" (the model's threshold).
PARTLY = GOAL_PARTLY


def verdict(target: float | None, outcome: float | None, share: bool) -> str:
    """Uppfyllt / Delvis uppfyllt / Ej uppfyllt / Kan inte bedömas, comparing shown values."""
    if target is None or outcome is None:
        return EJ_BEDOMT
    show = swedish.percent_points if share else swedish.rounded
    shown_target, shown_outcome = show(target), show(outcome)
    if shown_outcome >= shown_target:
        return UPPFYLLT
    if shown_outcome >= PARTLY * shown_target:
        return DELVIS
    return EJ_UPPFYLLT


def computed_verdict(report: InsatsRapport, goal: Mal,
                     figures: tuple[float | None, float | None] | None = None) -> str:
    """The verdict the outcome gives against the target: the report's own, or `figures` (target, outcome)
    where the caller has them already."""
    share = goal.is_share()
    target, outcome = figures if figures is not None else (report.goal_target(goal), report.goal_outcome(goal))
    result = verdict(target, outcome, share)
    # A target for the whole insats not yet reached: only the slutrapport can say it was missed.
    if goal.avser == "hela_insatsen" and not share and result != UPPFYLLT and not (
            report.period is not None and report.period.kind == "slut"):
        return EJ_BEDOMT
    return result
