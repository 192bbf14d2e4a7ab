"""Build word_templates/sammanstallning.docx, the board summary's docxtpl template, with python-docx.

Run `python -m toolkit.consolidate.template` to rebuild it; a test checks that a rebuild agrees in
content with the file in the repository. The template uses only variables that `docx.context()` fills.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

from ..paths import data_dir
from ..report.templates import page_setup, slim, template_table
from ..reproducible import save_reproducibly

TEMPLATE = data_dir("word_templates") / "sammanstallning.docx"


def _tag(doc, text: str) -> None:
    doc.add_paragraph(text)


def _annex(doc) -> None:
    """Underlag till årsredovisningen: only with --ar and --plan (the variable `arsredovisning`)."""
    _tag(doc, "{%p if arsredovisning %}")
    doc.add_heading("Underlag till årsredovisningen", 1)
    doc.add_paragraph("{{ arsredovisning.text }}")
    doc.add_heading("Budget och utfall per insats", 2)
    template_table(doc, ("Insats", "Budget enligt planen, kr", "Budget, kr", "Utfall, kr", "Förbrukat"),
                   ("{{ r.insats }}", "{{ r.plan }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.forbrukat }}"),
                   "r in arsredovisning.ekonomi",
                   total=("Summa", "{{ arsredovisning.ekonomi_summa.plan }}", "{{ arsredovisning.ekonomi_summa.budget }}",
                          "{{ arsredovisning.ekonomi_summa.utfall }}", "{{ arsredovisning.ekonomi_summa.forbrukat }}"))
    doc.add_heading("Förbundets egna kostnader", 2)
    template_table(doc, ("Kostnad", "Budget, kr", "Utfall, kr"), ("{{ r.post }}", "{{ r.budget }}", "{{ r.utfall }}"),
                   "r in arsredovisning.kostnader",
                   total=("Summa", "{{ arsredovisning.kostnader_summa.budget }}",
                          "{{ arsredovisning.kostnader_summa.utfall }}"))
    doc.add_heading("Deltagare per insats", 2)
    template_table(doc, ("Insats", "Deltagare", "Kvinnor", "Män", "Avslutade"),
                   ("{{ r.insats }}", "{{ r.deltagare }}", "{{ r.kvinnor }}", "{{ r.man }}", "{{ r.avslutade }}"),
                   "r in arsredovisning.deltagare",
                   total=("Summa", "{{ arsredovisning.deltagare_summa.deltagare }}",
                          "{{ arsredovisning.deltagare_summa.kvinnor }}", "{{ arsredovisning.deltagare_summa.man }}",
                          "{{ arsredovisning.deltagare_summa.avslutade }}"))
    _tag(doc, "{%p if arsredovisning.mal %}")
    doc.add_heading("Måluppfyllelse", 2)
    template_table(doc, ("Insats", "Mål", "Uppfyllda", "Delvis uppfyllda", "Ej uppfyllda"),
                   ("{{ r.insats }}", "{{ r.mal }}", "{{ r.uppfyllda }}", "{{ r.delvis }}", "{{ r.ej }}"),
                   "r in arsredovisning.mal")
    _tag(doc, "{%p endif %}")
    doc.add_heading("Finansiering per medlem", 2)
    template_table(doc, ("Medlem", "Tilldelade medel, kr", "Andel", "Lagens andel"),
                   ("{{ r.medlem }}", "{{ r.belopp }}", "{{ r.andel }}", "{{ r.lag }}"), "r in arsredovisning.finansiering",
                   total=("Summa", "{{ arsredovisning.finansiering_summa }}", "", ""))
    _tag(doc, "{%p if arsredovisning.eget_kapital %}")
    doc.add_paragraph("{{ arsredovisning.eget_kapital }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")


def build_template(path: Path = TEMPLATE) -> Path:
    """Write the template (atomically): the insats reports' page, numbered headings, tables with
    right-aligned numbers and sum rows (their column widths are fitted to the content when rendered)."""
    doc = Document()
    page_setup(doc, "{{ rubrik }}", "Sammanställning för styrelsen")
    doc.add_paragraph("Sammanställning för styrelsen", style="Title")
    doc.add_paragraph("{{ rubrik }}", style="Subtitle")
    doc.add_paragraph("{{ sammanfattning }}")
    _tag(doc, "{%p if maskering %}")
    doc.add_paragraph("{{ maskering }}")
    _tag(doc, "{%p endif %}")
    doc.add_heading("Förbundets siffror", 1)
    template_table(doc, ("Mått", "Värde"), ("{{ r.namn }}", "{{ r.varde }}"), "r in totaler")
    doc.add_heading("Insatserna", 1)
    _tag(doc, "{%p for i in insatser %}")
    doc.add_heading("{{ i.namn }}", 2)
    _tag(doc, "{%p for s in i.meningar %}")
    doc.add_paragraph("{{ s }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for g in i.mal %}")
    doc.add_paragraph("{{ g }}", style="List Bullet")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if ekonomi or finansiering %}")
    doc.add_heading("Ekonomi", 1)
    _tag(doc, "{%p if ekonomi %}")
    doc.add_heading("Budget och utfall per insats", 2)
    template_table(doc, ("Insats", "Budget, kr", "Utfall, kr", "Förbrukat"),
           ("{{ r.insats }}", "{{ r.budget }}", "{{ r.utfall }}", "{{ r.forbrukat }}"), "r in ekonomi",
           total=("Summa", "{{ ekonomi_summa.budget }}", "{{ ekonomi_summa.utfall }}",
                  "{{ ekonomi_summa.forbrukat }}"))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if finansiering %}")
    doc.add_heading("Finansiering", 2)
    doc.add_paragraph("Finansiering per part jämfört med lagens andelar (50/25/25). Förbundets medel delas "
                      "enligt lagens andelar; parternas direkta medfinansiering läggs till respektive part.")
    template_table(doc, ("Part", "Totalt, kr", "Andel", "Lagstadgad andel"),
           ("{{ r.part }}", "{{ r.totalt }}", "{{ r.andel }}", "{{ r.lag }}"), "r in finansiering",
           total=("Summa", "{{ finansiering_summa }}", "", ""))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if diagram_deltagare or diagram_ekonomi %}")
    doc.add_heading("Diagram", 1)
    doc.add_paragraph("{{ diagram_text }}")
    _tag(doc, "{%p for d in diagram_deltagare %}")
    doc.add_paragraph("{{ d }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for d in diagram_ekonomi %}")
    doc.add_paragraph("{{ d }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _annex(doc)
    doc.add_heading("Saknade eller felaktiga rapporter", 1)
    _tag(doc, "{%p if saknas %}")
    doc.add_paragraph("{{ saknas_text }}")
    template_table(doc, ("Insats", "Period", "Kontakt", "Skäl"),
           ("{{ r.insats }}", "{{ r.period }}", "{{ r.kontakt }}", "{{ r.skal }}"), "r in saknas", numeric=range(0))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if inte_i_planen %}")
    doc.add_paragraph("{{ inte_i_planen }}")
    _tag(doc, "{%p endif %}")
    doc.add_paragraph("{{ utanfor_text }}")
    _tag(doc, "{%p if utanfor %}")
    template_table(doc, ("Fil", "Insats", "Period", "Skäl"),
           ("{{ r.fil }}", "{{ r.insats }}", "{{ r.period }}", "{{ r.skal }}"), "r in utanfor", numeric=range(0))
    _tag(doc, "{%p endif %}")
    slim(doc)
    return save_reproducibly(path, doc.save)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(f"{build_template()}\n")
