"""Build the toolkit's Word templates (word_templates/*.docx) with python-docx: `python -m toolkit.report.templates`.

The templates are ordinary Word documents a person can edit: Word's built-in heading styles (numbered
1, 1.1 through a list attached to the styles, so navigation and a table of contents work), tables
whose header row repeats on every page, page numbers in the footer, and the docxtpl tags as visible
text. Every report type has the same chapters under its own narrative heading; which narrative
sections appear, and in which order, comes from the context (`context.SECTIONS`).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..catalog import REPORT_KINDS
from ..docx_swedish import make_swedish, set_properties
from ..reproducible import BUILT, save_reproducibly
from .render import SIGNATURE, TEMPLATE_DIR, TEMPLATE_FILES

TALLY = ("Antal", "Kvinnor", "Män", "Under 30 år")
TABLE_FONT = Pt(9)


#: The heading of the narrative chapter per report type (catalog.REPORT_KINDS); the sections in it come from
#: the context.
NARRATIVE: dict[str, str] = {key: t.narrative for key, t in REPORT_KINDS.items()}


# --- low-level helpers ------------------------------------------------------------------------
def _tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
    doc.add_paragraph(text)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) as a complex field in runs."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def _row_flag(row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(f"w:{name}")
    tr_pr.append(el)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _fill_row(row, texts, bold: bool = False, numeric: range = range(1, 99), size: Pt = TABLE_FONT) -> None:
    """Write the texts into the row's cells; columns in `numeric` are right-aligned."""
    for i, (cell, text) in enumerate(zip(row.cells, texts)):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = size
        paragraph.paragraph_format.keep_with_next = True  # keep short tables on one page
        if i in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def template_table(doc, headers, cells, loop: str | None, total=None, widths=None, numeric: range = range(1, 99)):
    """A table with a repeating header row, an optional docxtpl row loop and a bold total row."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.add_row()
    _fill_row(header, headers, bold=True, numeric=numeric)
    _row_flag(header, "tblHeader")
    for cell in header.cells:
        _shade(cell, "D9E2F3")
    if loop:
        _fill_row(table.add_row(), (f"{{%tr for {loop} %}}",))
    body = table.add_row()
    _fill_row(body, cells, numeric=numeric)
    _row_flag(body, "cantSplit")
    if loop:
        _fill_row(table.add_row(), ("{%tr endfor %}",))
    if total:
        _fill_row(table.add_row(), total, bold=True, numeric=numeric)
    if widths:
        _widths(table, widths)
    doc.add_paragraph()
    return table


def _widths(table, widths) -> None:
    """Fixed column widths, in the grid (LibreOffice) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)


def _sentences(doc, items: str) -> None:
    _tag(doc, f"{{%p for m in {items} %}}")
    doc.add_paragraph("{{ m }}", style="List Bullet")
    _tag(doc, "{%p endfor %}")


# --- document setup ---------------------------------------------------------------------------
def _numbering(doc) -> None:
    """Number Heading 1 and Heading 2 as 1 and 1.1 through one list attached to the styles."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for level, (style, text) in enumerate((("Heading1", "%1"), ("Heading2", "%1.%2"))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:pStyle", style),
                           ("w:lvlText", text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(567 + 284 * level))
        ind.set(qn("w:hanging"), str(567 + 284 * level))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    for level, name in enumerate(("Heading 1", "Heading 2")):
        ppr = doc.styles[name].element.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "90")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            num_pr.append(el)
        # Schema order: numPr comes after these, and Word rejects a file that breaks the order.
        before = [c for c in ppr if c.tag in {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines",
                                                                       "pageBreakBefore", "framePr", "widowControl")}]
        if before:
            before[-1].addnext(num_pr)
        else:
            ppr.insert(0, num_pr)


def page_setup(doc, header_text: str, title: str) -> None:
    """A4 with the reports' margins and fonts, Swedish proofing, numbered headings, a small header line
    and "Sida X av Y" in the footer: the page every toolkit document shares."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    make_swedish(doc)
    set_properties(doc, title, datetime(*BUILT, tzinfo=timezone.utc))
    _numbering(doc)
    header = section.header.paragraphs[0]
    header.text = header_text
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")


def slim(doc) -> None:
    """Leave out what python-docx's default document carries and no toolkit document uses: its table styles
    but those the tables use (about a hundred), stylesWithEffects.xml, Word 2010's second copy of the
    styles, and its thumbnail, a picture of another document that a file browser would show for every
    report. LibreOffice reads every style of a document it converts to PDF: a report converts about a fifth
    faster without them. Called last, when every table is in place."""
    used = {style.get(qn("w:val")) for style in doc.element.body.iter(qn("w:tblStyle"))}
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if (style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1"
                and style.get(qn("w:styleId")) not in used):
            styles.remove(style)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]


def _setup(doc) -> None:
    # Not "{{ rapporttyp }} {{ period }}": "Kvartalsrapport kvartal 2 2025" says the kind twice.
    page_setup(doc, "{{ insats }} – {{ period }}", "Rapportmall")
    stamp = doc.sections[0].header.add_paragraph()
    stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = stamp.add_run("{{ utkast_text }}")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(16), RGBColor(0xC0, 0x00, 0x00)


#: Text width of the page between the margins (mm). LibreOffice without Calibri falls back to DejaVu
#: Sans, whose bold letters are about 0.62 em wide: widths are estimated for that, the widest case.
TEXT_WIDTH_MM = 166
EM_SHARE = 0.62
CELL_PADDING_MM = 4.5
#: A table with more rows than this may break across pages (a shorter one is kept on one page).
KEEP_TOGETHER_ROWS = 25
#: Table font sizes tried in turn until every word fits its column.
TABLE_SIZES = (TABLE_FONT, Pt(8), Pt(7))


def _char_mm(size: Pt) -> float:
    return size.pt * EM_SHARE * 25.4 / 72


def fit_widths(rows, total: float = TEXT_WIDTH_MM, size: Pt = TABLE_FONT) -> tuple[tuple[float, ...], bool]:
    """Column widths (mm) so that no word breaks inside a cell, and whether that fits: each column gets
    at least its longest word, and the rest of the width goes to the columns with the longest texts."""
    char = _char_mm(size)
    columns = list(zip(*rows))
    least = [CELL_PADDING_MM + char * max((len(w) for text in col for w in str(text).split(" ")), default=1)
             for col in columns]  # split at spaces only: a number's no-break spaces hold it together
    want = [CELL_PADDING_MM + char * max((len(str(text)) for text in col), default=1) for col in columns]
    if sum(least) > total:  # cannot fit: shrink evenly (words may break, the table stays on the page)
        return tuple(w * total / sum(least) for w in least), False
    spare = total - sum(least)
    extra = [max(w - m, 0) for w, m in zip(want, least)]
    if sum(extra) <= spare:
        grow = [e + (spare - sum(extra)) * w / sum(want) for e, w in zip(extra, want)]
    else:
        grow = [spare * e / sum(extra) for e in extra]
    return tuple(m + g for m, g in zip(least, grow)), True


def _fitted(texts) -> tuple[tuple[float, ...], Pt]:
    """Column widths that fit the texts, in the largest table font size that lets every word fit."""
    for size in TABLE_SIZES:
        widths, fits = fit_widths(texts, size=size)
        if fits:
            break
    return widths, size


def data_table(doc, headers, rows, total=None, widths=None, numeric: range = range(1, 99)):
    """A table of given rows in the reports' style: repeating shaded header, rows never split across
    pages, right-aligned numbers, an optional bold total row and fixed column widths (mm; by default
    fitted to the content, in a smaller font when needed, so that no word breaks)."""
    rows = [tuple(r) for r in rows]
    size = TABLE_FONT
    if not widths:
        widths, size = _fitted([tuple(headers), *rows, *([tuple(total)] if total else [])])
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.add_row()
    _fill_row(header, headers, bold=True, numeric=numeric, size=size)
    _row_flag(header, "tblHeader")
    for cell in header.cells:
        _shade(cell, "D9E2F3")
    for texts in rows:
        row = table.add_row()
        _fill_row(row, texts, numeric=numeric, size=size)
        _row_flag(row, "cantSplit")
    if total:
        _fill_row(table.add_row(), total, bold=True, numeric=numeric, size=size)
    if widths:
        _widths(table, widths)
    doc.add_paragraph()
    return table


# --- the report's parts -----------------------------------------------------------------------
def _general(doc) -> None:
    doc.add_heading("Allmänna uppgifter", 1)
    rows = [
        ("Samordningsförbund", "{{ forbund|text }}"), ("Insats", "{{ insats|text }}"),
        ("Huvudman", "{{ huvudman|text }}"), ("Samverkansparter", "{{ samverkansparter|lista }}"),
        ("Målgrupp", "{{ malgrupp|text }}"), ("Rapporttyp", "{{ rapporttyp }}"), ("Period", "{{ period }}"),
        ("Uppgifterna avser", "{{ avser }}"),
        ("Diarienummer", "{{ diarienummer|text }}"), ("Registreringsdatum", "{{ registreringsdatum|datum }}"),
        ("Uppgiftslämnare", "{{ uppgiftslamnare|lista }}"), ("Rapportdatum", "{{ rapportdatum|datum }}"),
        ("Kontakt", "{{ kontakt|text }}"), ("Årsplatser", "{{ arsplatser|tal }}"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    for label, value in rows:
        row = table.add_row()
        _fill_row(row, (label, value), numeric=range(0))
        row.cells[0].paragraphs[0].runs[0].bold = True
    _widths(table, (45, 121))
    doc.add_paragraph()


def _narrative(doc, heading: str) -> None:
    _tag(doc, "{%p if texter %}")
    doc.add_heading(heading, 1)
    _tag(doc, "{%p for t in texter %}")
    doc.add_heading("{{ t.rubrik }}", 2)
    _tag(doc, "{%p for s in t.stycken %}")
    doc.add_paragraph("{{ s }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _tally_table(doc, first: str, rows: str) -> None:
    template_table(doc, (first, *TALLY), ("{{ r.namn }}", *(f"{{{{ r.{c}|tal }}}}{{{{ r.markering.{c} }}}}" for c in
                                                   ("antal", "kvinnor", "man", "under_30"))),
           f"r in {rows}", widths=(66, 25, 25, 24, 26))


def _participants(doc) -> None:
    _tag(doc, "{%p if deltagare %}")
    doc.add_heading("Deltagare", 1)
    intro = doc.add_paragraph("Uppgifterna avser {{ avser }}.")
    intro.paragraph_format.keep_with_next = True
    _sentences(doc, "deltagare_meningar")
    _tag(doc, "{%p for akt in aktiviteter %}")
    doc.add_heading("{{ akt.namn }}", 2)
    _tag(doc, "{%p if akt.rader %}")
    _tally_table(doc, "{{ akt.namn }}", "akt.rader")
    _tag(doc, "{%p endif %}")
    _sentences(doc, "akt.meningar")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if flera_aktiviteter %}")
    doc.add_heading("Totalt för insatsen", 2)
    _tally_table(doc, "Alla aktiviteter", "totalt.rader")
    _sentences(doc, "totalt.meningar")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if diagram_deltagare %}")
    doc.add_paragraph("{{ diagram_deltagare }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if remittenter %}")
    doc.add_heading("Remittenter", 2)
    template_table(doc, ("Remittent", "Antal", "Andel"), ("{{ r.namn }}", "{{ r.antal|tal }}{{ r.markering }}",
                                                  "{{ r.andel|procent }}"),
           "r in remittenter.rader", total=("Summa", "{{ remittenter.summa|tal }}", ""), widths=(100, 33, 33))
    _sentences(doc, "remittenter.meningar")
    _tag(doc, "{%p endif %}")


def _exits(doc) -> None:
    _tag(doc, "{%p if avslut %}")
    doc.add_heading("Avslut och resultat", 1)
    _tag(doc, "{%p if avslut.rader %}")
    template_table(doc, ("Avslutsanledning", "Antal", "Andel av resultatunderlaget"),
           ("{{ r.namn }}", "{{ r.antal|tal }}{{ r.markering }}", "{{ r.andel|procent }}"), "r in avslut.rader",
           total=("Summa", "{{ avslut.summa|tal }}", ""), widths=(100, 26, 40))
    _tag(doc, "{%p endif %}")
    _sentences(doc, "avslut.meningar")
    _tag(doc, "{%p if avslut.resultat %}")
    template_table(doc, ("Resultat", "Antal", "Andel av resultatunderlaget"),
           ("{{ r.namn }}", "{{ r.antal|tal }}", "{{ r.andel|procent }}"), "r in avslut.resultat",
           total=("Totalt", "{{ avslut.resultat_totalt.antal|tal }}", "{{ avslut.resultat_totalt.andel|procent }}"),
           widths=(100, 26, 40))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")


def _goals(doc) -> None:
    _tag(doc, "{%p if mal %}")
    doc.add_heading("Mål och måluppfyllelse", 1)
    template_table(doc, ("Mål", "Typ", "Målvärde", "Utfall", "Bedömning", "Kommentar"),
           ("{{ g.beskrivning|text }}{% if g.not_text %} ({{ g.not_text }}){% endif %}", "{{ g.typ|text }}",
            "{{ g.malvarde_text }}{{ g.markering.malvarde }}", "{{ g.utfall_text }}{{ g.markering.utfall }}",
            "{{ g.bedomning }}", "{{ g.kommentar }}"), "g in mal",
           widths=(43, 32, 21, 17, 23, 30), numeric=range(2, 4))  # the goal itself gets the widest column
    doc.add_paragraph("Mål i antal gäller per år och är omräknade till den del av året som rapporten avser, om inget "
                      "annat anges. Ett mål är uppfyllt när utfallet når målvärdet och delvis uppfyllt när utfallet "
                      "når minst 80 % av det. En bedömning i ord står som den är skriven.")
    _tag(doc, "{%p endif %}")


def _mark(row: str, column: str) -> str:
    """A draft's mark after a budget figure typed in a cell (avvikelse is computed: no mark of its own)."""
    return "" if column == "avvikelse" else f"{{{{ {row}.markering.{column} }}}}"


def _economy(doc, kind: str) -> None:
    _tag(doc, "{%p if ekonomi or kapacitet %}")
    doc.add_heading("Ekonomi", 1)
    _tag(doc, "{%p if ekonomi %}")
    cols = ("budget", "utfall_period", "utfall_ackumulerat", "prognos", "avvikelse")
    so_far = "Utfall totalt, kr" if kind == "slut" else "Utfall i år, kr"
    _tag(doc, "{%p if ekonomi.plan %}")
    template_table(doc, ("Kostnadsslag", "Budget, kr"), ("{{ r.kategori|text }}", "{{ r.budget|tal }}{{ r.markering.budget }}"),
           "r in ekonomi.rader",
           total=("Summa", "{{ ekonomi.summa.budget|tal }}"), widths=(120, 46))
    _tag(doc, "{%p else %}")
    # Amounts without "kr" in the cells (the headers say kr) so that millions fit on one line.
    template_table(doc, ("Kostnadsslag", "Budget, kr", "Utfall perioden, kr", so_far, "Prognos, kr",
                 "Avvikelse, kr", "Förbrukat"),
           ("{{ r.kategori|text }}", *(f"{{{{ r.{c}|tal }}}}" + _mark("r", c) for c in cols), "{{ r.forbrukat|procent }}"),
           "r in ekonomi.rader",
           total=("Summa", *(f"{{{{ ekonomi.summa.{c}|tal }}}}" + _mark("ekonomi.summa", c) for c in cols),
                  "{{ ekonomi.summa.forbrukat|procent }}"),
           widths=(28, 22, 22, 22, 22, 26, 24))
    doc.add_paragraph("Avvikelse är budget minus prognos: ett negativt belopp betyder att prognosen är högre än "
                      "budgeten. Förbrukat är " + ("utfallet totalt" if kind == "slut" else "utfallet i år")
                      + " i procent av budgeten.")
    _tag(doc, "{%p endif %}")
    _sentences(doc, "ekonomi.meningar")
    _tag(doc, "{%p if ekonomi.kommentar %}")
    doc.add_paragraph("{{ ekonomi.kommentar }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if ekonomi.finansiering %}")
    doc.add_heading("Finansiering", 2)
    template_table(doc, ("Finansiär", "Belopp"), ("{{ r.namn }}", "{{ r.belopp|kronor }}"), "r in ekonomi.finansiering",
           total=("Summa", "{{ ekonomi.finansiering_summa|kronor }}"), widths=(120, 46))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if diagram_ekonomi %}")
    doc.add_paragraph("{{ diagram_ekonomi }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if kapacitet %}")
    doc.add_heading("Årsplatser och kostnad per deltagare", 2)
    _sentences(doc, "kapacitet.meningar")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")


def _comparison_and_findings(doc) -> None:
    _tag(doc, "{%p if jamforelse %}")
    doc.add_heading("Jämförelse med samma period föregående år", 1)
    template_table(doc, ("Nyckeltal", "{{ period }}", "{{ jamforelse.period }}", "Förändring"),
           ("{{ r.namn }}", "{{ r.nu }}", "{{ r.tidigare }}", "{{ r.forandring }}"), "r in jamforelse.rader", widths=(70, 30, 30, 36))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if fynd %}")
    doc.add_heading("Kontrollresultat", 1)
    doc.add_paragraph("Kontrollen av arbetsboken hittade följande. Fel måste rättas innan rapporten skickas.")
    template_table(doc, ("Allvarlighet", "Plats", "Meddelande"), ("{{ f.allvar }}", "{{ f.plats }}", "{{ f.meddelande }}"),
           "f in fynd", widths=(20, 30, 116), numeric=range(0))
    _tag(doc, "{%p endif %}")


def _signature(doc) -> None:
    doc.add_paragraph()
    lines = [SIGNATURE, "Uppgiftslämnare: {{ uppgiftslamnare|lista }}", "Datum: {{ rapportdatum|datum }}",
             "Kontakt: {{ kontakt|text }}", "", "_______________________________________", "Namnteckning"]
    for i, text in enumerate(lines):
        paragraph = doc.add_paragraph()
        paragraph.add_run(text).bold = i == 0
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1  # the block stays on one page


def build_template(kind: str):
    """The python-docx Document for one report type's template."""
    doc = Document()
    _setup(doc)
    doc.add_paragraph("{{ rapporttyp }}", style="Title")
    doc.add_paragraph("{{ insats }} – {{ period }}", style="Subtitle")
    _tag(doc, "{%p if utkast %}")
    doc.add_paragraph("Detta är ett utkast. Arbetsboken innehåller fel som måste rättas innan rapporten skickas; "
                      "se avsnittet Kontrollresultat. Siffror som kontrollen pekar ut är markerade med (!) i "
                      "tabellerna.").runs[0].bold = True
    _tag(doc, "{%p endif %}")
    _general(doc)
    _narrative(doc, NARRATIVE[kind])
    _participants(doc)
    _exits(doc)
    _goals(doc)
    _economy(doc, kind)
    _comparison_and_findings(doc)
    _signature(doc)
    slim(doc)
    return doc


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    """Write every report type's template into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in TEMPLATE_FILES.items():
        path = directory / name
        written.append(save_reproducibly(path, build_template(kind).save))
    return written


if __name__ == "__main__":  # pragma: no cover
    for written_path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_DIR):
        print(written_path)
