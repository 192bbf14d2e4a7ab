"""The model owns the derived figures: the Word report and the consolidation agree on every shared figure.

Each case is one workbook, read once and shown twice: as a report context and as the consolidation's
Översikt, Ekonomi and Mål rows. Where the copies used to disagree, the model's answer is asserted too.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from toolkit.checks import check_model
from toolkit.consolidate import Masker, consolidate
from toolkit.consolidate.figures import Table, all_tables
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.model import BudgetRad, Ekonomi, Mal
from toolkit.periods import Period
from toolkit.reader import read_workbook
from toolkit.report.context import build_context
from toolkit.swedish import number, percent
from toolkit.workbook import write_workbook


def _utfall_only_for_the_period(code: str):
    """A report whose budget line gives the period's utfall only (no year-to-date figure)."""
    report = demo_report(INSATSER[0], Period.parse(code))
    report.ackumulerad = False
    report.ekonomi = Ekonomi([BudgetRad("Personal", 2_400_000, 600_000, None, 2_400_000)], 2_400_000)
    return report


def _volume_goal_of_half_a_participant():
    report = demo_report(INSATSER[0], Period.parse("2025-Q2"))
    report.mal = [Mal("volymmal", "Halv deltagare per år", malvarde=0.5, utfall=0.1)]
    return report


CASES = {
    **{f"{i.namn} {p.code}": (lambda i=i, p=p: demo_report(i, p))
       for i in INSATSER for p in demo_periods(i)[:2]},
    "utfall for Q1 only": lambda: _utfall_only_for_the_period("2025-Q1"),
    "utfall for Q2 only": lambda: _utfall_only_for_the_period("2025-Q2"),
    "volymmal 0.5": _volume_goal_of_half_a_participant,
}


def _rows(table: Table) -> list[dict]:
    labels = [c.label for c in table.columns]
    return [dict(zip(labels, row)) for row in table.rows]


_SHOWN: dict[str, tuple] = {}


def _show(name: str, tmp_path_factory) -> tuple:
    """The case's workbook read once, as (report, report context, consolidation tables by name)."""
    if name not in _SHOWN:
        path = write_workbook(tmp_path_factory.mktemp("case") / "insats.xlsx", CASES[name]())
        report = read_workbook(path).report
        sel = consolidate([path], period=report.period, workers=1, include_errors=True)
        tables = {t.name: t for t in all_tables(sel, Masker())}
        _SHOWN[name] = (name, report, build_context(copy.deepcopy(report)), tables)
    return _SHOWN[name]


@pytest.fixture(params=sorted(CASES))
def shown(request, tmp_path_factory):
    return _show(request.param, tmp_path_factory)


def test_overview_agrees_with_the_report(shown):
    _, report, context, tables = shown
    [row] = _rows(tables["Översikt"])
    totals = {r["nyckel"]: r for r in context["totalt"]["rader"]}
    assert row["Deltagare"] == totals["inskrivna"]["antal"]
    assert (row["Kvinnor"], row["Män"], row["Under 30 år"]) == tuple(
        totals["inskrivna"][c] for c in ("kvinnor", "man", "under_30"))
    assert row["Avslutade"] == totals.get("avslutade", {}).get("antal")
    # A report without exits (a strukturövergripande insats counts participants only) has no results in either.
    results = (context["avslut"] or {"resultat_totalt": {"antal": None, "andel": None}})["resultat_totalt"]
    assert row["Resultat"] == results["antal"]
    assert row["Andel resultat"] == results["andel"]
    economy = context["ekonomi"] or {}
    assert (row["Budget"], row["Utfall"], row["Förbrukat"]) == (
        economy.get("budget"), economy.get("utfall"), economy.get("forbrukningstakt"))


def test_economy_lines_agree_with_the_report(shown):
    _, report, context, tables = shown
    lines = [r for r in _rows(tables["Ekonomi"])]
    shown_lines = context["ekonomi"]["rader"] if context["ekonomi"] else []
    assert [(r["Kategori"], r["Budget"], r["Prognos"], r["Avvikelse mot budget"], r["Förbrukat"]) for r in lines] == [
        (r["kategori"], r["budget"], r["prognos"], r["avvikelse"], r["forbrukat"]) for r in shown_lines]


def test_goals_agree_with_the_report(shown):
    _, report, context, tables = shown
    goals = _rows(tables["Mål"])
    assert [(g["Målvärde"], g["Utfall"], g["Bedömning"]) for g in goals] == [
        (g["malvarde_text"], g["utfall_text"], g["bedomning"]) for g in context["mal"]]


@pytest.mark.parametrize("name", ["utfall for Q1 only", "utfall for Q2 only"])
def test_utfall_so_far_is_the_periods_only_when_the_period_starts_the_year(name, tmp_path_factory):
    name, report, context, tables = _show(name, tmp_path_factory)
    [row] = _rows(tables["Översikt"])
    expected = 600_000 if name.endswith("Q1 only") else None  # Q2 alone says nothing about the year so far
    assert row["Utfall"] == context["ekonomi"]["utfall"] == report.utfall_hittills() == expected
    assert context["ekonomi"]["forbrukningstakt"] == (0.25 if expected else None)


def test_a_volume_goal_at_most_one_is_a_count_everywhere(tmp_path_factory):
    name, report, context, tables = _show("volymmal 0.5", tmp_path_factory)
    goal = report.mal[0]
    assert not goal.is_share() and context["mal"][0]["andel"] is False
    target = 0.5 * 6 / 12  # a count per year, prorated to Q2
    assert report.goal_target(goal) == target
    [row] = _rows(tables["Mål"])
    assert row["Målvärde"] == context["mal"][0]["malvarde_text"] == number(target) != percent(0.5)
    # and the checks treat it as the count it is (they took it for a share before): 0.1 is far below 0.25
    warnings = [f for f in check_model(report) if f.code == "volymmal-efter" and f.message.startswith("Mål 1")]
    assert [(w.expected, w.actual) for w in warnings] == [(0, 0.1)]


def test_from_start_is_the_model_s_rule():
    q1, q2 = _utfall_only_for_the_period("2025-Q1"), _utfall_only_for_the_period("2025-Q2")
    assert q1.from_start() and not q2.from_start()
    q2.ackumulerad = True
    assert q2.from_start() and q2.start == date(2025, 1, 1)
