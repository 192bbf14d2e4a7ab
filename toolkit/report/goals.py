"""Goal assessment: a goal's target for the period, its outcome and the verdict.

The rule (documented in docs/reports.md):
* A share target (a measure of kind "andel", or a target of at most 1 without a count measure) is
  compared as it is. A count target is a yearly figure and is prorated by the share of the year the
  report covers (`InsatsRapport.year_share()`: a cumulative T2 report covers 8/12).
* Target and outcome are compared as the report shows them (whole percent, whole count, rounded half
  away from zero as in Excel), so "90 %" against "90 %" is always met.
* Uppfyllt: outcome ≥ target. Delvis uppfyllt: outcome ≥ 80 % of the target. Ej uppfyllt: below.
  Kan inte bedömas: no target or no outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import swedish
from ..catalog import MALTYPER
from ..model import GOAL_PARTLY, InsatsRapport, Mal

UPPFYLLT, DELVIS, EJ_UPPFYLLT, EJ_BEDOMT = "Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Kan inte bedömas"
#: An outcome at or above this share of the target is "delvis uppfyllt" (the model's threshold).
PARTLY = GOAL_PARTLY


@dataclass(frozen=True)
class GoalAssessment:
    """One goal as the report shows it."""

    typ: str
    beskrivning: str
    andel: bool  # True for a share target, False for a count
    malvarde: float | None  # the target for the period (prorated for counts)
    utfall: float | None
    bedomning: str
    kommentar: str

    def _show(self, value: float | None) -> str:
        return swedish.percent(value) if self.andel else swedish.number(value)

    @property
    def malvarde_text(self) -> str:
        return self._show(self.malvarde)

    @property
    def utfall_text(self) -> str:
        return self._show(self.utfall)


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


def assess(report: InsatsRapport, goal: Mal) -> GoalAssessment:
    """The goal's period target, outcome and verdict."""
    share = goal.is_share()
    target = report.goal_target(goal)
    outcome = report.goal_outcome(goal)
    return GoalAssessment(
        typ=MALTYPER.get(goal.typ, goal.typ), beskrivning=goal.beskrivning, andel=share, malvarde=target,
        utfall=outcome, bedomning=verdict(target, outcome, share), kommentar=goal.kommentar,
    )
