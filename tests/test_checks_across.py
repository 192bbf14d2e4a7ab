"""Checks across files: the same insats and period twice, cumulative figures that fall."""

from __future__ import annotations

import copy
from pathlib import Path

from toolkit.checks import FileCheck, check_paths, cross_file_checks
from toolkit.findings import CheckReport
from toolkit.periods import Period


def _item(example, name: str, period: str | None = None, **changes) -> FileCheck:
    report = copy.deepcopy(example)
    if period:
        report.period = Period.parse(period)
    for key, value in changes.items():
        setattr(report, key, value)
    return FileCheck(Path("/mapp") / name, report)


def _flat(findings, *fields):
    return CheckReport(findings).flatten(*fields)


def test_same_insats_and_period_twice_names_both_files(example):
    items = [_item(example, "a.xlsx"), _item(example, "b.xlsx"), _item(example, "c.xlsx", "2017-T3")]
    found = cross_file_checks(items)
    assert _flat(found, "file", "code", "sheet", "cell") == [
        ("/mapp/a.xlsx", "dubbel-rapport", "Uppgifter", "C5"),
        ("/mapp/b.xlsx", "dubbel-rapport", "Uppgifter", "C5"),
    ]
    assert "b.xlsx" in found[0].message and "a.xlsx" in found[1].message


def test_insats_names_compare_without_case_and_spaces(example):
    items = [_item(example, "a.xlsx"), _item(example, "b.xlsx", insats="  aktivitetscenter ")]
    assert [f.code for f in cross_file_checks(items)] == ["dubbel-rapport"] * 2


def test_different_insatser_or_periods_are_not_duplicates(example):
    items = [_item(example, "a.xlsx"), _item(example, "b.xlsx", insats="Annan insats"),
             _item(example, "c.xlsx", "2017-T1"), FileCheck(Path("/mapp/trasig.xlsx"), None)]
    assert cross_file_checks(items) == []


def test_cumulative_figures_falling_to_the_next_period(example):
    early = _item(example, "t1.xlsx", "2017-T1")
    late = _item(example, "t2.xlsx", "2017-T2")
    late.report.aktiviteter[0].inskrivna.antal = 35
    late.report.aktiviteter[0].inskrivna.kvinnor = 20
    late.report.ekonomi.rader[0].utfall_ackumulerat = 1_000_000
    found = cross_file_checks([late, early])
    assert _flat(found, "file", "code", "sheet", "cell", "expected", "actual") == [
        ("/mapp/t2.xlsx", "ackumulerat-minskar", "Deltagare", "C5", 40, 35),
        ("/mapp/t2.xlsx", "ackumulerat-minskar", "Ekonomi", "E20", 1_500_000, 1_000_000),
    ]
    assert "t1.xlsx" in found[0].message and "tertial 1 2017" in found[0].message


def test_growing_or_non_cumulative_figures_are_fine(example):
    early = _item(example, "t1.xlsx", "2017-T1")
    late = _item(example, "t2.xlsx", "2017-T2")
    early.report.aktiviteter[0].inskrivna.antal = 30
    assert cross_file_checks([early, late]) == []
    # The same fall is allowed when the figures are for each period alone, or in another year.
    late.report.aktiviteter[0].inskrivna.antal = 20
    for item in (early, late):
        item.report.ackumulerad = False
    assert cross_file_checks([early, late]) == []
    other_year = _item(example, "t2-2018.xlsx", "2018-T2")
    other_year.report.aktiviteter[0].inskrivna.antal = 1
    assert cross_file_checks([_item(example, "t1.xlsx", "2017-T1"), other_year]) == []


def test_check_paths_adds_cross_file_findings(example, make_workbook, tmp_path):
    make_workbook(example, name="a.xlsx")
    make_workbook(example, name="b.xlsx")
    report = check_paths([tmp_path])
    dup = [(Path(f.file).name, f.cell) for f in report.findings if f.code == "dubbel-rapport"]
    assert dup == [("a.xlsx", "C5"), ("b.xlsx", "C5")]
