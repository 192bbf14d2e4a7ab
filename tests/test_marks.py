"""One Kontroll mark plan, painted the same by the openpyxl annotator and the Excel button."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook

from fake_book import FakeBook
from toolkit import excel
from toolkit.checks import check_workbook
from toolkit.checks.annotate import annotate_workbook
from toolkit.checks.marks import mark_plan
from toolkit.colours import MARKS
from toolkit.findings import Finding

WHEN = datetime(2026, 11, 23, 14, 5)


def test_the_plan_paints_an_error_over_a_warning_and_joins_notes_on_the_first_cell():
    findings = [Finding("sum-kon", "Summan stämmer inte.", "fel", sheet="Deltagare", cell="C20:F20"),
                Finding("under-30", "Fler under 30.", "varning", sheet="Deltagare", cell="C20"),
                Finding("borta", "Bladet finns inte.", "fel", sheet="Saknas", cell="A1")]
    plan = mark_plan(findings, {"Deltagare"})
    assert plan.fills == (("Deltagare", "C20", "varning"), ("Deltagare", "C20:F20", "fel"))
    assert plan.notes == {("Deltagare", "C20"): "Varning (under-30): Fler under 30.\n\n"
                                                 "Fel (sum-kon): Summan stämmer inte."}


def _marks(wb) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """Every cell with a mark colour or a comment: (fill rgb, comment text)."""
    marks = {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                rgb = (c.fill.fgColor.rgb or "")[-6:] if c.fill and c.fill.fill_type == "solid" else ""
                if rgb in MARKS.values() or c.comment is not None:
                    marks[(ws.title, c.coordinate)] = (rgb if rgb in MARKS.values() else None,
                                                       c.comment.text if c.comment else None)
    return marks


def test_annotator_and_button_paint_the_same_marks(example, make_workbook, tmp_path):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5", akt1_avslutade_kvinnor=99, period_slut="2025123")
    findings = check_workbook(path).findings
    annotated = load_workbook(annotate_workbook(path, findings, tmp_path / "kopia.xlsx", when=WHEN))
    book = FakeBook(path)
    excel.check_book(book, when=WHEN)
    book.save(tmp_path / "knapp.xlsx")
    live = load_workbook(tmp_path / "knapp.xlsx")
    expected = {k: v for k, v in _marks(annotated).items() if k[0] != "Kontroll"}
    assert expected and expected == {k: v for k, v in _marks(live).items() if k[0] != "Kontroll"}
    plan = mark_plan(findings, annotated.sheetnames)
    assert {k: text for k, (_, text) in expected.items() if text} == plan.notes
