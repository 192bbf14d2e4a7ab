"""The Word templates: rebuilt by script to the same content, Word-friendly structure, own templates in a sandbox."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from toolkit.consolidate.template import TEMPLATE as SUMMARY_TEMPLATE
from toolkit.errors import FinsamError
from toolkit.report import create_report
from toolkit.report.render import TEMPLATE_DIR, TEMPLATE_FILES
from toolkit.report.templates import build_all
from toolkit.report.variables import check_template


def content(path: Path) -> dict:
    """What a person sees and edits in a template: text with styles, tables, header, footer, numbering."""
    doc = Document(str(path))
    section = doc.sections[0]
    return {
        "paragraphs": [(p.style.name, p.text) for p in doc.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables],
        "header": [p.text for p in section.header.paragraphs],
        "footer": section.footer._element.xml.count("fldChar"),
        "numbered": [s.name for s in doc.styles if s.element.find(f".//{qn('w:numPr')}") is not None],
        "page": (section.page_width, section.page_height),
    }


def test_committed_templates_equal_a_fresh_build(tmp_path):
    built = build_all(tmp_path)
    assert [p.name for p in built] == list(TEMPLATE_FILES.values())
    for path in built:
        assert content(path) == content(TEMPLATE_DIR / path.name), f"{path.name}: run python -m toolkit.report.templates"


@pytest.mark.parametrize("name", TEMPLATE_FILES.values())
def test_template_structure_for_word(name):
    doc = Document(str(TEMPLATE_DIR / name))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    assert {"Heading 1", "Heading 2"} <= set(content(TEMPLATE_DIR / name)["numbered"])
    for table in doc.tables[1:]:  # every data table repeats its header row on a new page
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert any("{{ utkast_text }}" in p.text for p in doc.sections[0].header.paragraphs)
    assert check_template(TEMPLATE_DIR / name) == []


@pytest.mark.parametrize("path", [*(TEMPLATE_DIR / name for name in TEMPLATE_FILES.values()), SUMMARY_TEMPLATE],
                         ids=lambda path: path.name)
def test_templates_carry_only_the_table_styles_they_use(path):
    """python-docx's default document brings about a hundred table styles and stylesWithEffects.xml, which
    LibreOffice reads for every report it converts (`templates.slim`), and a thumbnail of another document;
    the tables keep their grid style."""
    doc = Document(str(path))
    table_styles = {s.name for s in doc.styles if s.type == WD_STYLE_TYPE.TABLE}
    assert {t.style.name for t in doc.tables} == {"Table Grid"}
    assert table_styles == {"Normal Table", "Table Grid"}
    assert not any(part.partname.endswith("stylesWithEffects.xml") for part in doc.part.package.iter_parts())
    with zipfile.ZipFile(path) as zf:
        assert not [n for n in zf.namelist() if "stylesWithEffects" in n]
        assert b"stylesWithEffects" not in zf.read("[Content_Types].xml")
        assert not [n for n in zf.namelist() if n.startswith("docProps/thumbnail")]  # python-docx's, of another document


def own_template(tmp_path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "egen.docx"
    doc.save(str(path))
    return path


def test_own_template_with_known_variables_renders(example, tmp_path):
    path = own_template(tmp_path, "{{ forbund }}: {{ insats }}", "{{ ekonomi.budget|kronor }}",
                        "{%p for akt in aktiviteter %}", "{{ akt.namn }} {{ akt.rader[0].antal|tal }}", "{%p endfor %}")
    assert check_template(path) == []
    out = create_report(example, tmp_path / "ut.docx", template=path)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts == ["Samordningsförbundet Exempelbygd: Aktivitetscenter", "2\u00a0400\u00a0000\u00a0kr",
                     "Aktivering i grupp 40"]


def test_a_draft_from_an_own_template_is_stamped_anyway(example, tmp_path):
    out = create_report(example, tmp_path / "u.docx", draft=True, template=own_template(tmp_path, "{{ insats }}"))
    doc = Document(str(out))
    assert [p.text for p in doc.sections[0].header.paragraphs if p.text] == ["UTKAST – innehåller fel"]
    assert [p.text for p in doc.paragraphs] == ["Aktivitetscenter"]


def test_unknown_variables_are_listed_and_refused(example, tmp_path):
    path = own_template(tmp_path, "{{ insats }} {{ kommun_namn }}", "{{ ekonomi.overskott }}")
    assert check_template(path) == ["kommun_namn", "overskott"]
    with pytest.raises(FinsamError, match="kommun_namn, overskott"):
        create_report(example, tmp_path / "ut.docx", template=path)
    assert not (tmp_path / "ut.docx").exists()


@pytest.mark.parametrize("line,message", [
    ("{{ insats }", "fel i en malltagg"),
    ("{{ insats.__class__.__mro__ }}", "inte är tillåtet"),
    ("{{ ''.__class__.__subclasses__() }}", "inte är tillåtet"),
    ("{{ 1 / 0 }}", "kunde inte fyllas i"),
])
def test_broken_or_hostile_templates_give_a_swedish_error(example, tmp_path, line, message):
    path = own_template(tmp_path, line)
    with pytest.raises(FinsamError, match=message):
        create_report(example, tmp_path / "ut.docx", template=path)


def test_a_file_that_is_not_a_word_document(example, tmp_path):
    fake = tmp_path / "mall.docx"
    fake.write_text("inte en docx")
    with pytest.raises(FinsamError, match="ingen Word-fil"):
        create_report(example, tmp_path / "ut.docx", template=fake)
    with pytest.raises(FinsamError, match="finns inte"):
        check_template(tmp_path / "saknas.docx")


def test_a_workbook_passed_as_template(example, make_workbook, tmp_path):
    renamed = tmp_path / "mall.docx"
    renamed.write_bytes(make_workbook(example).read_bytes())
    with pytest.raises(FinsamError, match="går inte att öppna som Word-dokument"):
        check_template(renamed)
