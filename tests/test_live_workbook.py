"""The demo's workbooks check themselves without Python: recalculated by LibreOffice, each deliberate fault
turns its cell red (orange for a warning), is listed on Kontroll with its cell and counts in antal_fel."""

from __future__ import annotations


import pytest
from openpyxl import load_workbook

from conftest import libreoffice, require_tool
from toolkit.checks import check_workbook
from toolkit.checks.live import live_codes
from toolkit.live_sheet import LIST_FIRST_COLUMN, LIVE_SHEET, STATUS
from toolkit.a1 import column_letter
from toolkit.layout import KONTROLL, KONTROLL_HEADER_ROW


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, demo_made):
    """(demo workbook, its findings, the workbook as LibreOffice recalculated it) for each fault file and a clean one."""
    require_tool("soffice")
    tmp = tmp_path_factory.mktemp("demo")
    demo = demo_made
    faulty = [p for p in demo.workbooks if p.name in demo.faults]
    clean = next(p for p in demo.workbooks if p.name not in demo.faults and not check_workbook(p).findings)
    files = [*faulty, clean]
    libreoffice("xlsx", tmp / "lo", *files)
    live = live_codes()  # Kontrollera finds more (e.g. the burn rate); those have no formula
    return {p.name: ([f for f in check_workbook(p).findings if f.code in live], load_workbook(tmp / "lo" / p.name, data_only=True)) for p in files}, \
        clean.name, set(demo.faults)


def _live_rows(wb) -> list[tuple[str, str, str]]:
    ws = wb[KONTROLL]
    cols = [LIST_FIRST_COLUMN + i for i in range(3)]
    rows = []
    for r in range(KONTROLL_HEADER_ROW + 1, KONTROLL_HEADER_ROW + 40):
        values = tuple(ws.cell(r, c).value for c in cols)
        if values[0]:
            rows.append(values)
    return rows


def _marked(wb, sheet: str, cell: str) -> bool:
    """Whether a conditional-format rule on the cell holds: its formula ORs flags of the live table."""
    flags = wb[LIVE_SHEET]
    for cf in wb[sheet].conditional_formatting:
        if cell in {c for rng in cf.sqref.ranges for c in _expand(str(rng))}:
            for rule in cf.rules:
                refs = rule.formula[0].removeprefix("OR(").removesuffix(")").split(",")
                if any(flags[ref.split("!")[1].replace("$", "")].value is True for ref in refs):
                    return True
    return False


def _expand(ref: str) -> list[str]:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(ref)
    return [f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def test_every_deliberate_fault_shows_live(recalculated):
    books, clean, faults = recalculated
    assert len(faults) >= 4
    for name in faults:
        findings, wb = books[name]
        assert findings, name
        errors, warnings = wb[KONTROLL][f"{column_letter(LIST_FIRST_COLUMN + 1)}2"].value, \
            wb[KONTROLL][f"{column_letter(LIST_FIRST_COLUMN + 1)}3"].value
        assert (errors, warnings) == (sum(f.severity == "fel" for f in findings),
                                      sum(f.severity == "varning" for f in findings)), name
        listed = {place for _, place, _ in _live_rows(wb)}
        for f in findings:
            assert f"{f.sheet}!{f.cell}" in listed, (name, f.code)
            assert all(_marked(wb, f.sheet, c) for c in _expand(f.cell)), (name, f.code, f.cell)
        status = wb[STATUS[0]][STATUS[1]].value
        assert status.endswith("– se bladet Kontroll") and status != "Inga fel hittade", name


def test_a_clean_workbook_shows_no_faults(recalculated):
    books, clean, _ = recalculated
    _, wb = books[clean]
    assert wb[STATUS[0]][STATUS[1]].value == "Inga fel hittade"
    assert wb[KONTROLL][f"{column_letter(LIST_FIRST_COLUMN + 1)}2"].value == 0
    assert _live_rows(wb) == []
    assert not any(cell.value is True for column in wb[LIVE_SHEET].iter_cols(max_col=1) for cell in column)
