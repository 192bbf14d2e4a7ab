"""Verksamhetsplan och budget in Word: every insats's texts and budget, the totals, and a clean PDF."""

import pytest
from typer.testing import CliRunner

from document_text import broken_words, docx_text, pdf_text
from test_plan import PLAN
from toolkit.catalog import PLANTEXTER
from toolkit.cli import app
from toolkit.plan.datafile import load_plan_data
from toolkit.plan.workbook import write_plan_workbook

runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The plan typed from a real verksamhetsdokument, through its workbook, to docx and PDF by the CLI."""
    tmp = tmp_path_factory.mktemp("plandoc")
    workbook = write_plan_workbook(tmp / "plan.xlsx", load_plan_data(PLAN))
    result = runner.invoke(app, ["plan", "rapport", str(workbook), "--pdf"])
    assert result.exit_code == 0, result.output
    docx = tmp / "Verksamhetsplan och budget 2019.docx"
    return docx, docx.with_suffix(".pdf")


def test_document_holds_every_insats_text_and_budget_and_the_total(rendered):
    docx, _ = rendered
    text = docx_text(docx)
    plan = load_plan_data(PLAN)
    assert "Verksamhetsplan och budget 2019" in text
    for budget in ("9 600 000 kr", "640 000 kr", "250 000 kr"):
        assert budget in text
    assert "Förbundets totala budget är 12 100 000 kr, varav 10 740 000 kr till insatserna och 1 360 000 kr" in text
    for insats in plan.insatser:
        assert insats.namn in text and insats.huvudman in text
        for key in PLANTEXTER:
            assert insats.texter[key] in text, (insats.namn, key)
    for label in ("Styrelse", "Administration", "Revision", "Insatser"):
        assert label in text


def test_insatser_keep_the_plan_order(rendered):
    text = docx_text(rendered[0])
    body = text[text.index("Insatserna\n"):]
    positions = [body.index(i.namn) for i in load_plan_data(PLAN).insatser]
    assert positions == sorted(positions)


def test_financing_per_member_against_the_legal_shares(rendered):
    text = docx_text(rendered[0])
    assert "Staten (Försäkringskassan och Arbetsförmedlingen)\n6 050 000\n50,0 %\n50 %" in text
    assert "Kommunerna\n3 025 000\n25,0 %\n25 %" in text and "Övreby\n1 210 000\n10,0 %" in text


def test_pdf_by_libreoffice_has_page_numbers_and_no_word_broken_in_a_table(rendered):
    docx, pdf = rendered
    shown = pdf_text(pdf)
    assert "Sida 1 av" in shown
    assert broken_words(docx, pdf) == []


def test_a_plan_with_errors_is_refused(tmp_path):
    data = tmp_path / "plan.yaml"
    data.write_text("forbund: F\nar: 2025\ninsatser:\n  - {namn: A}\n  - {namn: a}\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "rapport", str(data), "-o", str(tmp_path / "p.docx")])
    assert result.exit_code == 1 and "plan-dubblett" in result.output
    assert not (tmp_path / "p.docx").exists()


def test_the_document_carries_only_the_table_styles_it_uses(rendered):
    """Like the report templates (`templates.slim`): no unused table style or stylesWithEffects for LibreOffice to read."""
    import zipfile

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    doc = Document(str(rendered[0]))
    assert {s.name for s in doc.styles if s.type == WD_STYLE_TYPE.TABLE} == {"Normal Table", "Table Grid"}
    assert not [n for n in zipfile.ZipFile(rendered[0]).namelist() if "stylesWithEffects" in n]
