"""`finsam mall kontrollera|exempel`: own templates checked, variable reference written."""

from __future__ import annotations

from docx import Document
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.report.filters import FILTERS
from toolkit.report.render import TEMPLATE_DIR
from toolkit.report.variables import DESCRIPTIONS, example_context, walk

runner = CliRunner()


def test_kontrollera_accepts_the_toolkits_template():
    result = runner.invoke(app, ["mall", "kontrollera", str(TEMPLATE_DIR / "arsrapport.docx")])
    assert result.exit_code == 0
    assert "mallen använder bara variabler som verktyget har" in result.output


def test_kontrollera_lists_unknown_variables_and_exits_1(tmp_path):
    doc = Document()
    doc.add_paragraph("{{ forbund }} {{ ordforande }}")
    doc.add_paragraph("{%p for a in aktiviteter %}")
    doc.add_paragraph("{{ a.namn }} {{ a.kostnad }}")
    doc.add_paragraph("{%p endfor %}")
    path = tmp_path / "egen.docx"
    doc.save(str(path))
    result = runner.invoke(app, ["mall", "kontrollera", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:3] == ["  ordforande", "  kostnad"]


def test_kontrollera_a_broken_template_exits_2(tmp_path):
    doc = Document()
    doc.add_paragraph("{% if insats %}")
    path = tmp_path / "trasig.docx"
    doc.save(str(path))
    result = runner.invoke(app, ["mall", "kontrollera", str(path)])
    assert result.exit_code == 2
    assert "fel i en malltagg" in result.output


def test_exempel_writes_every_variable_and_filter(tmp_path):
    out = tmp_path / "variabler.md"
    result = runner.invoke(app, ["mall", "exempel", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    for name in DESCRIPTIONS:
        assert f"`{name}`" in text
    for name in FILTERS:
        assert f"`{name}`" in text
    assert "| `insats` | Insatsens namn | Aktivitetscenter |" in text
    assert runner.invoke(app, ["mall", "exempel"]).output == text


def test_descriptions_cover_exactly_the_context():
    context = example_context()
    context["diagram_deltagare"] = context["diagram_ekonomi"] = None
    assert set(dict(walk(context))) == set(DESCRIPTIONS)
