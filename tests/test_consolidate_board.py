"""sammanstallning.docx for the board: the insats reports' page, and for 200+ insatser charts split and
within the page, tables whose words never break (checked on LibreOffice's PDF)."""

import io
import math
import re
import subprocess
import zipfile

import pytest
from docx import Document
from PIL import Image

from conftest import require_tool
from document_text import broken_words, pdf_text
from toolkit.checks import FileCheck
from toolkit.consolidate import write_outputs
from toolkit.consolidate.docx import CHART_ROWS, NAME_LINES, NAME_WIDTH, _chart_height
from toolkit.consolidate.template import TEMPLATE
from toolkit.consolidate.select import select
from toolkit.demo import INSATSER, demo_report
from toolkit.periods import Period
from toolkit.report.charts import _BOTTOM, _TOP, DPI, WOMEN, Series, horizontal_chart, label_height, wrap
from toolkit.report.pdf import to_pdf

COUNT = 214
#: Insats names as förbund write them: long words, several words, a huvudman for each.
NAMES = ("Trädgårdsrehabilitering", "Arbetsförmågebedömning i samverkan", "Samordningsteamet",
         "Kompetensutvecklingsinsats för handläggare", "Unga vuxna på väg")


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("board")
    items = []
    for n in range(COUNT):
        report = demo_report(INSATSER[n % 4], Period.parse("2025-Q4"), seed=n)
        report.insats = f"{NAMES[n % len(NAMES)]} {n + 1}"
        items.append(FileCheck(tmp / f"insats_{n + 1}.xlsx", report, []))
    sel = select(items, year=2025)
    written = write_outputs(sel, tmp / "ut", ("docx", "xlsx"))
    docx = next(p for p in written if p.suffix == ".docx")
    return docx, to_pdf(docx)


def _emu(mm: float) -> int:
    return round(mm * 36000)


def test_charts_are_split_and_within_the_text_area(board):
    docx, _ = board
    section = Document(str(docx)).sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    extents = [(int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml)]
    assert len(extents) == 2 * math.ceil(COUNT / CHART_ROWS)  # people and money, 20 insatser each
    assert all(cx <= width and cy <= height * 0.9 for cx, cy in extents), (extents, width, height)


def test_long_names_keep_apart_in_a_chart_within_the_page():
    """Each bar's row holds its name's lines (three at most, a longer name cut short with "…"), and a chart of
    CHART_ROWS such names still fits the page's text area."""
    long = "Samordnad arbetslivsinriktad rehabilitering för unga vuxna med neuropsykiatriska funktionsnedsättningar"
    label = wrap(long, NAME_WIDTH, NAME_LINES)
    assert label.count("\n") + 1 == NAME_LINES and label.endswith("…")
    assert all(len(line) <= NAME_WIDTH for line in label.split("\n"))
    assert wrap("Steget", NAME_WIDTH, NAME_LINES) == "Steget"
    names = [long] * CHART_ROWS
    png = horizontal_chart("Deltagare per insats och kön", names, [Series("Kvinnor", WOMEN, False, [5] * CHART_ROWS)],
                           stacked=True, axis_label="Inskrivna deltagare", name_width=NAME_WIDTH, name_lines=NAME_LINES,
                           height=_chart_height(CHART_ROWS))
    height = Image.open(io.BytesIO(png)).height
    row = (height - _TOP - _BOTTOM) / CHART_ROWS  # each bar's row in the plot (with its axis label)
    assert row >= label_height(NAME_LINES) > label_height(1)
    section = Document(str(TEMPLATE)).sections[0]
    text_height_px = (section.page_height - section.top_margin - section.bottom_margin) / 914400 * DPI
    assert height <= text_height_px


def test_page_header_numbers_and_numbered_headings(board):
    docx, pdf = board
    doc = Document(str(docx))
    assert doc.sections[0].header.paragraphs[0].text == "Samordningsförbundet Exempelbygd, år 2025"
    styles = zipfile.ZipFile(docx).read("word/styles.xml").decode("utf-8")
    assert 'w:numId w:val="90"' in styles  # Heading 1 and 2 numbered as 1 and 1.1
    shown = pdf_text(pdf)
    pages = int(re.search(r"Sida 1 av (\d+)", shown).group(1))
    assert f"Sida {pages} av {pages}" in shown
    listed = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    with_images = {int(line.split()[0]) for line in listed}
    assert len(with_images) >= math.ceil(COUNT / CHART_ROWS)  # the charts: at most two per page
    text_pages = shown.split("\f")[:-2]  # the last page may be short
    blank = [n for n, page in enumerate(text_pages, 1) if len(page.split()) < 30 and n not in with_images]
    assert blank == []  # no page left (nearly) empty by a table kept together


def test_tables_have_sum_rows_and_right_aligned_swedish_numbers(board):
    doc = Document(str(board[0]))
    economy = next(t for t in doc.tables if t.rows[0].cells[0].text == "Insats" and "Budget, kr" in
                   [c.text for c in t.rows[0].cells])
    assert len(economy.rows) == COUNT + 2 and economy.rows[-1].cells[0].text == "Summa"
    budget = economy.rows[1].cells[1]
    assert re.fullmatch(r"\d{1,3}(\u00a0\d{3})+", budget.text)
    assert budget.paragraphs[0].alignment == 2  # right
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [
        "Förbundets siffror", "Insatserna", "Ekonomi", "Diagram", "Saknade eller felaktiga rapporter"]
    assert "Finansiering" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]


def test_no_word_broken_in_the_pdf(board):
    docx, pdf = board
    assert broken_words(docx, pdf) == []


def test_xlsx_prints_with_repeated_headers_and_a_chart_per_page(board):
    from openpyxl import load_workbook

    docx, _ = board
    book = load_workbook(docx.with_suffix(".xlsx"))
    overview = book["Översikt"]
    assert overview.print_title_rows and overview.sheet_properties.pageSetUpPr.fitToPage
    assert overview.page_setup.fitToWidth in (None, 1) and overview.page_setup.fitToHeight == 0  # 1 wide (default)
    kontroll = book["Kontroll"]
    header = next(r for r in kontroll.iter_rows() if r[0].value == "Fil")
    message = next(c for c in header if c.value == "Meddelande")
    assert kontroll.column_dimensions[message.column_letter].alignment.wrap_text or \
        any(c.alignment.wrap_text for c in kontroll[message.column_letter][header[0].row:])
    charts = zipfile.ZipFile(docx.with_suffix(".xlsx")).namelist()
    assert sum(name.startswith("xl/charts/chart") for name in charts) == 2 * math.ceil(COUNT / CHART_ROWS)
    assert len(book["Diagram"].row_breaks.brk) == 2 * math.ceil(COUNT / CHART_ROWS) - 1
