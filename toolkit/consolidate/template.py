"""Build word_templates/sammanstallning.docx, the board summary's docxtpl template, with python-docx.

Run `python -m toolkit.consolidate.template` to rebuild it; a test checks that a rebuild agrees in
content with the file in the repository. The template uses only variables that `docx.context()` fills.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from ..paths import data_dir
from ..textio import write_atomic

TEMPLATE = data_dir("word_templates") / "sammanstallning.docx"


def _table(doc: object, headers: list[str], cells: list[str], loop: str) -> None:
    """A table with a header row and one templated row repeated by `{%tr for … %}` rows around it."""
    table = doc.add_table(rows=4, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Light Grid Accent 1"
    for i, text in enumerate(headers):
        table.rows[0].cells[i].text = text
    table.rows[1].cells[0].text = "{%tr for r in " + loop + " %}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"


def build_template(path: Path = TEMPLATE) -> Path:
    """Write the template (atomically)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("Sammanställning för styrelsen", 0)
    doc.add_paragraph("{{ rubrik }}")
    doc.add_paragraph("{{ sammanfattning }}")
    doc.add_paragraph("{%p if maskering %}")
    doc.add_paragraph("{{ maskering }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Förbundets siffror", 1)
    _table(doc, ["Mått", "Värde"], ["{{ r.namn }}", "{{ r.varde }}"], "totaler")
    doc.add_heading("Insatserna", 1)
    doc.add_paragraph("{%p for i in insatser %}")
    doc.add_heading("{{ i.namn }}", 2)
    doc.add_paragraph("{%p for s in i.meningar %}")
    doc.add_paragraph("{{ s }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for g in i.mal %}")
    doc.add_paragraph("{{ g }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if ekonomi %}")
    doc.add_heading("Ekonomi", 1)
    _table(doc, ["Insats", "Budget", "Utfall", "Förbrukat"],
           ["{{ r.insats }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.forbrukat }}"], "ekonomi")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if finansiering %}")
    doc.add_paragraph("Finansiering per part jämfört med lagens andelar (50/25/25). Förbundets medel delas "
                      "enligt lagens andelar; parternas direkta medfinansiering läggs till respektive part.")
    _table(doc, ["Part", "Totalt", "Andel", "Lagstadgad andel"],
           ["{{ r.part }}", "{{ r.totalt }}", "{{ r.andel }}", "{{ r.lag }}"], "finansiering")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if diagram_deltagare or diagram_ekonomi %}")
    doc.add_heading("Diagram", 1)
    doc.add_paragraph("{%p if diagram_deltagare %}")
    doc.add_paragraph("{{ diagram_deltagare }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if diagram_ekonomi %}")
    doc.add_paragraph("{{ diagram_ekonomi }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Saknade eller felaktiga rapporter", 1)
    doc.add_paragraph("{%p if saknas %}")
    doc.add_paragraph("{{ saknas_text }}")
    _table(doc, ["Insats", "Period", "Kontakt", "Skäl"],
           ["{{ r.insats }}", "{{ r.period }}", "{{ r.kontakt }}", "{{ r.skal }}"], "saknas")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if inte_i_planen %}")
    doc.add_paragraph("{{ inte_i_planen }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ utanfor_text }}")
    _table(doc, ["Fil", "Insats", "Period", "Skäl"],
           ["{{ r.fil }}", "{{ r.insats }}", "{{ r.period }}", "{{ r.skal }}"], "utanfor")
    return write_atomic(path, lambda tmp: doc.save(str(tmp)))


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(f"{build_template()}\n")
