"""`finsam report`: exit codes, refusal of faulty workbooks, drafts, comparison, own template, PDF message."""

from __future__ import annotations

import copy

from docx import Document
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.periods import Period
from toolkit.report.batch import write_reports

runner = CliRunner()
DEFAULT = "Tertialrapport Aktivitetscenter 2017-T2.docx"


def texts(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    header = [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells + header)


def test_clean_workbook_gives_the_report_next_to_it(example, make_workbook):
    wb = make_workbook(example, "aktivitetscenter.xlsx")
    result = runner.invoke(app, ["report", str(wb)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Skrev {wb.parent / DEFAULT}"
    assert "Aktivitetscenter – tertial 2 2017" in texts(wb.parent / DEFAULT)


def test_workbook_with_errors_is_refused_and_the_errors_listed(example, make_workbook):
    wb = make_workbook(example, "fel.xlsx", akt1_inskrivna_under_30="ca 5")
    result = runner.invoke(app, ["report", str(wb)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{wb}: 1 fel, så ingen rapport skapades:"
    assert "”ca 5”" in lines[1] and lines[1].startswith("  Deltagare!")
    assert lines[2] == "Rätta felen i arbetsboken, eller skapa ett utkast med --utkast."
    assert not list(wb.parent.glob("*.docx"))


def test_draft_despite_errors_is_stamped(example, make_workbook, tmp_path):
    wb = make_workbook(example, "fel.xlsx", akt1_inskrivna_under_30="ca 5")
    out = tmp_path / "utkast.docx"
    result = runner.invoke(app, ["report", str(wb), "--utkast", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Skrev {out}  (utkast: arbetsboken har fel)"
    text = texts(out)
    assert "UTKAST – innehåller fel" in text
    assert "”ca 5”" in text  # the finding is listed in the report


def test_utkast_on_a_clean_workbook_gives_the_final_report(example, make_workbook, tmp_path):
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["report", str(make_workbook(example)), "--utkast", "-o", str(out)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"Skrev {out}",
                                          "Arbetsboken har inga fel, så rapporten blev inget utkast utan är klar att skicka."]
    assert "UTKAST" not in texts(out)


def test_unusable_input_exits_2(tmp_path):
    wrong = runner.invoke(app, ["report", str(tmp_path / "bok.xlsx"), "-o", str(tmp_path / "r.pdf")])
    assert (wrong.exit_code, wrong.output) == (2, "Fel: Rapporten måste sluta på .docx, inte ”.pdf”. Använd --pdf "
                                                  "för en PDF.\n")
    result = runner.invoke(app, ["report", str(tmp_path / "saknas.xlsx")])
    assert result.exit_code == 2
    assert result.output.startswith("Fel: ")
    notexcel = tmp_path / "text.xlsx"
    notexcel.write_text("hej")
    assert runner.invoke(app, ["report", str(notexcel)]).exit_code == 2


def test_comparison_with_last_year(example, make_workbook, tmp_path):
    previous = copy.deepcopy(example)
    previous.period = Period.parse("2016-T2")
    previous.period_start, previous.period_slut = None, None
    wb, prev = make_workbook(example, "nu.xlsx"), make_workbook(previous, "da.xlsx")
    out = tmp_path / "j.docx"
    result = runner.invoke(app, ["report", str(wb), "--jamfor", str(prev), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Jämförelse med samma period föregående år" in texts(out)
    wrong = runner.invoke(app, ["report", str(prev), "--jamfor", str(wb), "-o", str(out)])
    assert wrong.exit_code == 2
    assert "samma period föregående år är tertial 2 2015" in wrong.output


def test_own_template_with_unknown_variable_exits_2(example, make_workbook, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ insats }} {{ kommunnamn }}")
    mall = tmp_path / "egen.docx"
    doc.save(str(mall))
    result = runner.invoke(app, ["report", str(make_workbook(example)), "--mall", str(mall), "-o",
                                 str(tmp_path / "r.docx")])
    assert result.exit_code == 2
    assert "kommunnamn" in result.output and "finsam mall kontrollera" in result.output


def test_pdf_without_libreoffice_says_so(example, make_workbook, tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.report.pdf.shutil.which", lambda name: None)
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["report", str(make_workbook(example)), "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    assert f"Skrev {out}" in result.output  # the Word report is still written
    assert "LibreOffice (programmet soffice) är inte installerat" in result.output


def test_demo_reports_for_clean_workbooks_and_one_draft(tmp_path, demo_made):
    demo = demo_made
    written = write_reports(demo.workbooks, tmp_path / "rapporter")
    drafts = [w for w in written if w.draft]
    assert len(drafts) == 1 and drafts[0].workbook.name in demo.faults
    assert "UTKAST – innehåller fel" in texts(drafts[0].path)
    finals = {w.workbook.name for w in written if not w.draft}
    assert len(finals) >= len(demo.workbooks) - len(demo.faults)
    assert all(w.path.parent == tmp_path / "rapporter" and w.path.is_file() for w in written)


def test_help_names_every_option():
    result = runner.invoke(app, ["report", "--help"])
    for option in ("--output", "-o", "--mall", "--pdf", "--jamfor", "--utkast"):
        assert option in result.output
