"""Checks across files: the same insats and period twice, cumulative figures that fall."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from toolkit.checks import FileCheck, check_paths, cross_file_checks
from toolkit.findings import CheckReport
from toolkit.layout import layout
from toolkit.model import Aktivitet, Count
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
        ("/mapp/t2.xlsx", "ackumulerat-minskar", "Deltagare", "C23", 40, 35),
        ("/mapp/t2.xlsx", "ackumulerat-minskar", "Ekonomi", "E20", 1_500_000, 1_000_000),
    ]
    assert "t1.xlsx" in found[0].message and "tertial 1 2017" in found[0].message
    assert found[1].message.startswith("Aktivering i grupp, inskrivna, antal: 35 för tertial 2 2017, men 40")


def _two_aktiviteter(report, name: str, enrolled: int) -> None:
    """Add a second aktivitet with `enrolled` participants, keeping the workbook's own sums right."""
    report.aktiviteter.append(Aktivitet(name, inskrivna=Count(enrolled, enrolled - 2, 2, 1)))
    report.totalt_inskrivna += enrolled
    report.remittenter["egen"] += enrolled


def _falling(report: CheckReport) -> list[tuple]:
    return [(Path(f.file).name, f.sheet, f.cell, f.expected, f.actual) for f in report.findings
            if f.code == "ackumulerat-minskar"]


def test_an_aktivitet_falling_while_the_total_grows(example, make_workbook, tmp_path):
    early, late = copy.deepcopy(example), copy.deepcopy(example)
    early.period, early.period_slut = Period.parse("2017-T1"), date(2017, 4, 30)
    _two_aktiviteter(early, "Arbetsträning", 10)
    # Tertial 2 lists Arbetsträning first (typed in other case): it is matched by name, not by place.
    _two_aktiviteter(late, "  arbetsträning", 8)
    late.aktiviteter.reverse()
    late.aktiviteter[1].inskrivna = Count(45, 28, 17, 10)
    late.totalt_inskrivna, late.remittenter["kommun"] = 53, 20
    make_workbook(early, name="t1.xlsx")
    make_workbook(late, name="t2.xlsx")
    report = check_paths([tmp_path])
    assert _falling(report) == [("t2.xlsx", "Deltagare", layout().field("akt1_inskrivna_antal").cell, 10, 8)]
    (fall,) = [f for f in report.findings if f.code == "ackumulerat-minskar"]
    assert fall.message.startswith("arbetsträning, inskrivna, antal: 8 för tertial 2 2017, men 10 för tertial 1 "
                                   "2017 i t1.xlsx.")


def test_aktiviteter_growing_renamed_or_unnamed_are_fine(example, make_workbook, tmp_path):
    early, late = copy.deepcopy(example), copy.deepcopy(example)
    early.period, early.period_slut = Period.parse("2017-T1"), date(2017, 4, 30)
    _two_aktiviteter(early, "Arbetsträning", 10)
    _two_aktiviteter(late, "Arbetsträning", 12)
    late.aktiviteter[0].inskrivna = Count(45, 28, 17, 10)
    late.totalt_inskrivna, late.remittenter["kommun"] = 57, 20
    make_workbook(early, name="t1.xlsx")
    make_workbook(late, name="t2.xlsx")
    assert _falling(check_paths([tmp_path])) == []
    # Fewer in a renamed or unnamed aktivitet: nothing to match it with (the total still grows).
    for name in ("Arbetsträning, grupp B", ""):
        late.aktiviteter[1].namn, late.aktiviteter[1].inskrivna = name, Count(9, 7, 2, 1)
        late.totalt_inskrivna, late.remittenter["egen"] = 54, 11
        make_workbook(late, name="t2.xlsx")
        assert _falling(check_paths([tmp_path])) == []


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


def _chain(reports, names=("q1.xlsx", "q2.xlsx", "q3.xlsx", "q4.xlsx")):
    return [FileCheck(Path("/mapp") / name, report) for name, report in zip(names, reports)]


def test_a_consistent_ledger_of_four_quarters_gives_no_finding():
    from ledger_fixtures import quarters

    assert cross_file_checks(_chain(quarters())) == []


def test_a_broken_chain_names_both_files_and_cells():
    from ledger_fixtures import quarters

    q = quarters()
    q[1].aktiviteter[0].nya = Count(6, 4, 2, 1)  # Q2 början 18 − 6 = 12, but Q1 ended with 14
    found = cross_file_checks(_chain(q))
    assert _flat(found, "file", "code", "severity", "sheet", "cell", "expected", "actual") == [
        ("/mapp/q2.xlsx", "kedja-bruten", "varning", "Deltagare", "C29:D29", 14, 12)]
    message = found[0].message
    assert "q1.xlsx" in message and "q2.xlsx" in message and "(Deltagare!C30, inskrivna − avslutade)" in message
    assert message.startswith("Arbetsträning: pågående vid slutet av kvartal 1 2025 i q1.xlsx")
    assert "antal 14 mot 12; kvinnor 8 mot 6" in message


def test_no_chain_without_nya_across_a_gap_or_for_cumulative_reports():
    from ledger_fixtures import quarters

    without = quarters(with_nya=False)
    assert cross_file_checks(_chain(without)) == []
    q = quarters()
    q[2].aktiviteter[0].nya = Count(1, 1, 0, 0)  # breaks Q2 -> Q3, but Q2 is missing: not consecutive
    assert cross_file_checks(_chain([q[0], q[2]], ("q1.xlsx", "q3.xlsx"))) == []
    for r in q:
        r.ackumulerad = True
    assert [f.code for f in cross_file_checks(_chain(q)) if f.code == "kedja-bruten"] == []


def test_cumulative_nya_never_fall_either():
    from ledger_fixtures import quarters

    q1, q2 = quarters()[:2]
    for report in (q1, q2):
        report.ackumulerad = True
    q2.aktiviteter[0].inskrivna = Count(25, 15, 10, 7)  # from 1 January: more enrolled …
    q2.aktiviteter[0].nya = Count(4, 2, 2, 1)  # … but fewer nya than the 5 of Q1 alone
    found = [f for f in cross_file_checks(_chain([q1, q2])) if f.code == "ackumulerat-minskar"]
    assert [(f.cell, f.expected, f.actual) for f in found] == [("C6", 5, 4), ("C24", 5, 4)]
    assert found[1].message.startswith("Arbetsträning, nya under perioden, antal: 4 för kvartal 2 2025, men 5")
