"""Goal assessment as a report shows it: the rule (`toolkit.goals`) applied to one goal, with its texts."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import swedish
from ..catalog import BEDOMNINGAR, MALTYPER
from ..goals import DELVIS, EJ_BEDOMT, EJ_UPPFYLLT, PARTLY, UPPFYLLT, computed_verdict, verdict
from ..model import InsatsRapport, Mal

__all__ = ["DELVIS", "EJ_BEDOMT", "EJ_UPPFYLLT", "PARTLY", "UPPFYLLT", "GoalAssessment", "assess", "reassess",
           "verdict"]


@dataclass(frozen=True)
class GoalAssessment:
    """One goal as the report shows it."""

    typ: str
    beskrivning: str
    andel: bool  # True for a share target, False for a count
    malvarde: float | None  # the target for the period (prorated for counts)
    utfall: float | None
    bedomning: str  # the typed verdict if any, else the computed one
    kommentar: str
    berakad_bedomning: str  # the verdict the target and outcome give
    not_text: str  # what the goal covers beyond its description: "gäller Arbetsträning; målvärdet avser hela insatsen"

    def _show(self, value: float | None) -> str:
        return swedish.percent(value) if self.andel else swedish.number(value)

    @property
    def malvarde_text(self) -> str:
        return self._show(self.malvarde)

    @property
    def utfall_text(self) -> str:
        return self._show(self.utfall)


def _note(goal: Mal) -> str:
    parts = []
    if goal.aktiviteter:
        parts.append("gäller " + _names(goal.aktiviteter))
    if goal.avser == "period":
        parts.append("målvärdet avser perioden")
    elif goal.avser == "hela_insatsen":
        parts.append("målvärdet avser hela insatsen")
    return "; ".join(parts)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def assess(report: InsatsRapport, goal: Mal) -> GoalAssessment:
    """The goal's period target, outcome and verdict (a typed verdict stands)."""
    target, outcome = report.goal_target(goal), report.goal_outcome(goal)
    computed = computed_verdict(report, goal, (target, outcome))
    return GoalAssessment(
        typ=MALTYPER.get(goal.typ, goal.typ), beskrivning=goal.beskrivning, andel=goal.is_share(),
        malvarde=target, utfall=outcome,
        bedomning=BEDOMNINGAR.get(goal.bedomning, computed), kommentar=goal.kommentar,
        berakad_bedomning=computed, not_text=_note(goal),
    )


def reassess(result: GoalAssessment, goal: Mal, goal_target: float) -> GoalAssessment:
    """The assessment against another count target (the consolidation's span); a typed verdict stands."""
    computed = verdict(goal_target, result.utfall, False)
    return replace(result, malvarde=goal_target, berakad_bedomning=computed,
                   bedomning=BEDOMNINGAR.get(goal.bedomning, computed))
