"""sammanstallning.docx is streamed into its zip: the memory rendering takes does not grow with the body, and the document reads back whole, with its tables already fitted as `fit_tables` would fit them."""

from __future__ import annotations

import concurrent.futures
import io
import math
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from PIL import Image

from toolkit.checks import FileCheck
from toolkit.consolidate import Masker, heading
from toolkit.consolidate import docx as summary_docx
from toolkit.consolidate.docx import CHART_ROWS, context, write_docx
from toolkit.consolidate.docx_stream import StreamedDocx
from toolkit.consolidate.figures import consolidation
from toolkit.consolidate.select import select
from toolkit.consolidate.template import TEMPLATE
from toolkit.demo import INSATSER, demo_report
from toolkit.periods import Period
from toolkit.report.charts import DPI, WIDTH_MM
from toolkit.report.templates import KEEP_TOGETHER_ROWS, _fitted, _widths

COUNT = 300
#: The body is rendered this many times over (the same insatser again): a document of many megabytes.
REPEAT = 6


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stream")
    items = []
    for n in range(COUNT):
        report = demo_report(INSATSER[n % 4], Period.parse("2025-Q4"), seed=n)
        report.insats = f"Insats {n + 1:03d} – Stöd & <matchning> \"{n}\""  # escaped in the XML, read back as written
        items.append(FileCheck(tmp / f"insats_{n + 1}.xlsx", report, []))
    sel = select(items, year=2025)
    c = consolidation(sel, Masker())
    return c, heading(sel), write_docx(tmp / "sammanstallning.docx", c, heading(sel))


def _rendered(values: dict, repeat: int, out: Path) -> tuple[int, int]:
    """Render the body with its insatser `repeat` times over (the same objects: the context does not grow);
    return the peak of memory allocated while rendering, and the size of the body written."""
    values = {**values, "insatser": values["insatser"] * repeat, "ekonomi": values["ekonomi"] * repeat,
              "diagram_deltagare": [], "diagram_ekonomi": []}
    with StreamedDocx(TEMPLATE, out) as doc:
        tracemalloc.start()
        try:
            doc.render(values)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak, zipfile.ZipFile(out).getinfo("word/document.xml").file_size


def test_memory_does_not_grow_with_the_body(summary, tmp_path):
    c, title, _ = summary
    values = context(c, title)
    small_peak, small_body = _rendered(values, 1, tmp_path / "liten.docx")
    large_peak, large_body = _rendered(values, REPEAT, tmp_path / "stor.docx")
    assert large_body - small_body > 3 * 2**20
    # docxtpl held the whole body, several times over: its peak grew by more than the body did
    assert large_peak - small_peak < (large_body - small_body) / 16, (small_peak, large_peak, large_body)
    economy = Document(str(tmp_path / "stor.docx")).tables[1]
    assert len(economy.rows) == COUNT * REPEAT + 2 and economy.rows[-1].cells[0].text == "Summa"


def test_every_insats_reads_back_in_order_with_its_figures(summary):
    c, _, path = summary
    doc = Document(str(path))
    names = [r["Insats"] for r in c.table("Översikt").records()]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[:COUNT] == names
    economy = next(t for t in doc.tables if [cell.text for cell in t.rows[0].cells][:2] == ["Insats", "Budget, kr"])
    assert [row.cells[0].text for row in economy.rows[1:-1]] == names
    assert economy.rows[-1].cells[0].text == "Summa"
    assert doc.sections[0].header.paragraphs[0].text == "Samordningsförbundet Exempelbygd, år 2025"


def test_charts_are_in_the_zip_and_placed_in_order(summary):
    _, _, path = summary
    doc = Document(str(path))
    shapes = doc.inline_shapes
    assert len(shapes) == 2 * math.ceil(COUNT / CHART_ROWS)
    parts = [doc.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed] for s in shapes]
    assert len({p.partname for p in parts}) == len(parts) and all(p.blob[:8] == b"\x89PNG\r\n\x1a\n" for p in parts)
    ids = [int(s._inline.docPr.id) for s in shapes]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for shape, part in zip(shapes, parts):  # each chart the text's width, in its own proportions, at its dpi
        image = Image.open(io.BytesIO(part.blob))
        assert shape.width == Mm(WIDTH_MM) and abs(shape.height / shape.width - image.height / image.width) < 1e-3
        assert [round(d) for d in image.info["dpi"]] == [DPI, DPI]


def test_charts_drawn_side_by_side_are_the_charts_drawn_in_turn(summary, tmp_path, monkeypatch):
    """From PARALLEL_CHARTS charts on, half are drawn in a forked process: the document is the same, part by part.
    Beyond PARALLEL_CHARTS_UP_TO all are drawn in this process (no process is started)."""
    c, title, path = summary
    charts = 2 * math.ceil(COUNT / CHART_ROWS)
    assert summary_docx.PARALLEL_CHARTS <= charts <= summary_docx.PARALLEL_CHARTS_UP_TO  # drawn side by side
    monkeypatch.setattr(summary_docx, "PARALLEL_CHARTS_UP_TO", charts - 1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", None)  # a drawer started would fail
    in_turn = write_docx(tmp_path / "i_tur.docx", c, title)
    side, turn = zipfile.ZipFile(path), zipfile.ZipFile(in_turn)
    names = [n for n in side.namelist() if n != "docProps/core.xml"]  # its dates differ
    assert names == [n for n in turn.namelist() if n != "docProps/core.xml"]
    assert sum(n.startswith("word/media/") for n in names) == 2 * math.ceil(COUNT / CHART_ROWS)
    assert all(side.read(n) == turn.read(n) for n in names)


def fit_tables(doc) -> None:
    """The reference (python-docx, on a whole document): give every table of a rendered document column widths fitted to its content (and the font size
    that lets them fit), so that no word breaks inside a cell whatever the rows turned out to be."""
    for table in doc.tables:
        texts = [[cell.text for cell in row.cells] for row in table.rows]
        if not texts:
            continue
        widths, size = _fitted(texts)
        _widths(table, widths)
        long = len(texts) > KEEP_TOGETHER_ROWS
        for n, row in enumerate(table.rows):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if long and 0 < n < len(texts) - 2:  # a long table flows over pages instead of leaving
                        paragraph.paragraph_format.keep_with_next = False  # one blank before it
                    for run in paragraph.runs:
                        run.font.size = size


def test_tables_are_already_fitted(summary):
    _, _, path = summary
    doc = Document(str(path))
    before = [t._tbl.xml for t in doc.tables]
    fit_tables(doc)
    assert [t._tbl.xml for t in doc.tables] == before
    assert any(len(t.rows) > 25 for t in doc.tables)  # a long table: its rows may break over pages
