"""One rounding rule: half away from zero, as Excel's ROUND and number formats, in every output.

20 of 32 is 62,5 %: LibreOffice's recalculated workbook, the checks, the Word report and the
consolidation must all show 63 %, never 62 % (Python's round() goes half to even).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from conftest import libreoffice, require_tool
from toolkit.checks import check_workbook
from toolkit.checks.goals import agrees
from toolkit.consolidate import Masker, consolidate, write_outputs
from toolkit.datafile import load_data
from toolkit.model import Count, InsatsRapport, Mal
from toolkit.report import create_report
from toolkit.report.goals import UPPFYLLT, verdict
from toolkit.swedish import NBSP, kronor, number, percent, percent_points, rounded
from toolkit.workbook import write_workbook
from conftest import EXAMPLE


@pytest.mark.parametrize("value,decimals,expected", [
    (2.5, 0, 3), (-2.5, 0, -3), (0.5, 0, 1), (1.5, 0, 2), (62.5, 0, 63), (12.5, 0, 13),
    (1.005, 2, 1.01),  # stored as 1.00499…: Excel, reading 15 digits, rounds it up
    (2.675, 2, 2.68), (2.4999, 0, 2), (7, 0, 7),
])
def test_rounded_is_half_away_from_zero(value, decimals, expected):
    assert rounded(value, decimals) == expected


def test_formats_round_halves_away_from_zero():
    assert percent(20 / 32) == f"63{NBSP}%" and percent(0.125) == f"13{NBSP}%"
    assert percent(0.0125, 1) == f"1,3{NBSP}%" and percent_points(-0.625) == -63
    assert number(0.5) == "1" and number(2.25, 1) == "2,3" and kronor(1234.5) == f"1{NBSP}235{NBSP}kr"


@pytest.mark.parametrize("typed,ok", [(0.63, True), (0.62, False), (0.625, True)])
def test_a_typed_share_agrees_with_the_half_rounded_up(typed, ok):
    assert agrees(typed, 20 / 32, share=True) is ok


def test_a_verdict_compares_the_half_rounded_up():
    assert verdict(0.63, 20 / 32, share=True) == UPPFYLLT


def half_report() -> InsatsRapport:
    """The example with 20 of 32 going on, results 20 of 32 and 62,5 % of the budget used."""
    report = load_data(EXAMPLE)
    akt = report.aktiviteter[0]
    akt.avslutade, akt.gar_vidare = Count(32, 20, 12, 5), Count(20, 12, 8, 3)
    akt.uppnatt_mal, akt.provotid = Count(), Count()
    report.avslutsanledningar = {**dict.fromkeys(report.avslutsanledningar, None), "arbete": 8, "studier": 4,
                                 "aktivt_arbetssokande": 8, "sjukdom": 4, "fortsatt_rehabilitering": 6, "ovrigt": 2}
    report.mal = [Mal("effektmal", "63 % av de avslutade går vidare", 0.63, "andel_gar_vidare", 0.63)]
    return report


@pytest.fixture(scope="module")
def half(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("half") / "aktivitetscenter_2017-T2.xlsx", half_report())


def _no_62(text: str) -> None:
    assert not re.search(r"\b62(\s|\u00a0)?%", text) and not re.search(r"\b12(\s|\u00a0)?%", text)


def test_libreoffice_shows_63_percent(half, tmp_path):
    require_tool("soffice")
    libreoffice("html", tmp_path, half)
    html = (tmp_path / f"{half.stem}.html").read_text(encoding="utf-8", errors="replace")
    assert len(re.findall(r"\b63(\s|&nbsp;|\u00a0)?%", html)) >= 3  # per aktivitet, total, results, budget
    assert re.search(r"\b12[.,]5(\s|&nbsp;|\u00a0)?%", html)  # studier, 4 of 32, shown with one decimal
    _no_62(html)


def test_checks_and_report_show_63_percent(half, tmp_path):
    checked = check_workbook(half)
    assert not [f for f in checked.findings if f.code == "mal-utfall"]
    doc = Document(str(create_report(checked.report, tmp_path / "r.docx")))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert f"63{NBSP}% av de avslutade går vidare" in text
    assert f"63{NBSP}% av resultatunderlaget" in text and f"Sedan 1 januari har 63{NBSP}% av årets budget" in text
    goal_row = next(r for t in doc.tables for r in t.rows if r.cells[0].text.startswith("63 % av"))
    assert [c.text for c in goal_row.cells][2:5] == [f"63{NBSP}%", f"63{NBSP}%", UPPFYLLT]
    _no_62(text)


def test_consolidation_shows_63_percent(half, tmp_path):
    sel = consolidate([half.parent])
    path, = write_outputs(sel, tmp_path, ("docx",), Masker(None))
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert f"63{NBSP}%" in cells
    _no_62("\n".join(cells))
