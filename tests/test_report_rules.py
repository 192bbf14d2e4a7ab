"""The report's rules on their own: Swedish filters, goal verdicts and prorating, economy and capacity figures."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.model import Mal
from toolkit.periods import Period
from toolkit.report.context import build_context
from toolkit.report.filters import FILTERS
from toolkit.report.goals import DELVIS, EJ_BEDOMT, EJ_UPPFYLLT, UPPFYLLT, assess, verdict
from toolkit.report.render import environment

NBSP = "\u00a0"


@pytest.mark.parametrize("tag,shown", [
    ("{{ 9600000|kronor }}", f"9{NBSP}600{NBSP}000{NBSP}kr"),
    ("{{ 0.93|procent }}", f"93{NBSP}%"),
    ("{{ 0.048|procent(1) }}", f"4,8{NBSP}%"),
    ("{{ 1234.5|tal(1) }}", f"1{NBSP}234,5"),
    ("{{ -1500|tal }}", f"\u22121{NBSP}500"),
    ("{{ none|tal }}{{ none|procent }}{{ none|kronor }}{{ none|datum }}", "––––"),
    ("{{ d|datum }}", "2023-01-04"),
    ("{{ ['Anna', 'Bo', 'Cia']|lista }} / {{ ['Anna']|lista }} / {{ []|lista }}", "Anna, Bo och Cia / Anna / –"),
    ("{{ ''|text }} {{ 'SFG 22-8.4'|text }}", "– SFG 22-8.4"),
])
def test_filters_in_the_sandbox(tag, shown):
    assert environment().from_string(tag).render(d=date(2023, 1, 4), none=None) == shown


def test_every_filter_is_registered():
    assert set(environment().filters) >= set(FILTERS)


@pytest.mark.parametrize("target,outcome,share,expected", [
    (0.9, 0.9, True, UPPFYLLT),
    (0.9, 0.8951, True, UPPFYLLT),  # shown as 90 % against 90 %
    (0.9, 0.72, True, DELVIS),  # 80 % of the target
    (0.9, 0.71, True, EJ_UPPFYLLT),
    (80, 80, False, UPPFYLLT),
    (80, 64, False, DELVIS),
    (80, 63, False, EJ_UPPFYLLT),
    (None, 5, False, EJ_BEDOMT),
    (0.5, None, True, EJ_BEDOMT),
])
def test_verdict_rule(target, outcome, share, expected):
    assert verdict(target, outcome, share) == expected


def test_volume_targets_are_prorated_by_the_share_of_the_year(example):
    goal = Mal("volymmal", "Minst 120 deltagare per år", 120, "antal_inskrivna")
    assessed = assess(example, goal)  # cumulative T2: 8 of 12 months
    assert assessed.malvarde == pytest.approx(80)
    assert (assessed.utfall, assessed.bedomning) == (40, EJ_UPPFYLLT)
    example.ackumulerad = False  # T2 alone: May–August, 4 months
    assert assess(example, goal).malvarde == pytest.approx(40)
    assert assess(example, goal).bedomning == UPPFYLLT


def test_share_target_without_a_measure_uses_the_typed_outcome(example):
    goal = Mal("effektmal", "Nöjda deltagare", 0.8, None, utfall=0.85)
    assessed = assess(example, goal)
    assert (assessed.andel, assessed.malvarde_text, assessed.utfall_text) == (True, f"80{NBSP}%", f"85{NBSP}%")


def test_economy_and_capacity_figures(example):
    ctx = build_context(example)
    line = example.ekonomi.rader[0]
    e = ctx["ekonomi"]
    assert e["rader"][0]["avvikelse"] == line.budget - line.prognos
    assert e["forbrukningstakt"] == pytest.approx(line.utfall_ackumulerat / line.budget)
    assert e["andel_av_aret"] == pytest.approx(8 / 12)
    assert e["meningar"][0] == (f"Sedan 1 januari har 63{NBSP}% av årets budget "  # 62,5 % rounds half away from zero
                                f"förbrukats, att jämföra med att 67{NBSP}% av året har gått.")
    cap = ctx["kapacitet"]
    assert cap["andel"] == pytest.approx(40 / 110)
    assert cap["kostnad_per_deltagare"] == pytest.approx(1_500_000 / 40)


def test_a_final_report_sets_participants_against_all_its_years(example):
    example.rapporttyp = "slut"
    example.period = Period.final(date(2023, 1, 1), date(2024, 12, 31))
    example.period_start = example.period_slut = None
    cap = build_context(example)["kapacitet"]
    years = (date(2024, 12, 31) - date(2023, 1, 1)).days / 365.25 + 1 / 365.25
    assert cap["andel"] == pytest.approx(40 / (110 * years))
    assert build_context(example)["ekonomi"]["andel_av_aret"] == 1.0
