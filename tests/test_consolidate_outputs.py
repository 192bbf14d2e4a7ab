"""The consolidation's other outputs: the Word summary and its template, Parquet, LibreOffice, the demo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import copy

import pandas as pd
from docx import Document
from openpyxl import load_workbook

from conftest import libreoffice, require_tool
from consolidate_fixtures import AKTIVITETSCENTER, INJECTED, SAMORDNINGSTEAMET, forbund, year  # noqa: F401
from toolkit.consolidate import Masker, consolidate, write_outputs
from toolkit.consolidate.figures import forbund_totals
from toolkit.consolidate.template import TEMPLATE, build_template
from toolkit.demo import demo_report
from toolkit.model import Count
from toolkit.periods import Period
from toolkit.swedish import kronor, number



def _text(path: Path) -> tuple[str, list[list[str]]]:
    doc = Document(str(path))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return "\n".join(p.text for p in doc.paragraphs), rows


def test_template_rebuild_agrees_with_the_repository(tmp_path):
    rebuilt = build_template(tmp_path / "sammanstallning.docx")
    assert _text(rebuilt) == _text(TEMPLATE)


def test_word_summary_has_totals_insatser_goals_and_left_out(year, tmp_path):
    path, = write_outputs(year, tmp_path, ("docx",))
    text, rows = _text(path)
    totals = forbund_totals(year)
    assert ["Deltagare", number(totals["deltagare"])] in rows
    assert ["Budget", kronor(totals["budget"])] in rows
    for name in (AKTIVITETSCENTER.namn, SAMORDNINGSTEAMET.namn, INJECTED):
        assert name in text
    assert "Effektmål: Minst 70 % av de avslutade går vidare" in text
    assert any(v in text for v in (": Uppfyllt.", ": Delvis uppfyllt.", ": Ej uppfyllt."))
    left = {r[0]: r[3] for r in rows if r[0].endswith(".xlsx")}
    assert left["unga_slut.xlsx"] == ("Slutrapport för längre tid. Slutrapport för hela insatstiden "
                                      "2023-03-01–2025-12-31: räknas inte in i ett enskilt år.")
    assert left["ac_2024-Q4.xlsx"].startswith("Annan period.")
    assert "{{" not in text and "{%" not in text
    assert len(Document(str(path)).inline_shapes) == 2  # the two charts


def test_left_out_reasons_speak_to_the_board_not_the_command_line(forbund, make_workbook, tmp_path):
    report = copy.deepcopy(forbund.models["ac_2025-Q4.xlsx"])
    report.insats = "Felaktig insats"
    faulty = make_workbook(report, "felaktig.xlsx",
                           akt1_inskrivna_kvinnor=(report.aktiviteter[0].inskrivna.kvinnor or 0) + 3)
    sel = consolidate([forbund.folder, faulty], year=2025, workers=1)
    xlsx_path, docx_path = write_outputs(sel, tmp_path, ("xlsx", "docx"))
    reasons = {r[0]: r[3] for r in _text(docx_path)[1] if r[0].endswith(".xlsx")}
    assert reasons["felaktig.xlsx"] == ("Har fel. 1 fel i filen; se bladet Kontroll i sammanställningen. "
                                        "Rätta filen och sammanställ igen.")
    sheet = [r for r in load_workbook(xlsx_path)["Ej medräknade"].iter_rows(values_only=True) if r[0]]
    assert all("--" not in str(value) for row in sheet for value in row[3:])  # Skäl, Förklaring
    assert all("--" not in text for text in reasons.values())


def test_word_summary_masks_small_counts(make_workbook, tmp_path):
    report = demo_report(AKTIVITETSCENTER, Period.parse("2025-Q4"))
    report.aktiviteter = report.aktiviteter[:1]
    report.aktiviteter[0].inskrivna = Count(6, 2, 4, 1)
    sel = consolidate([make_workbook(report, "a.xlsx")], include_errors=True, workers=1)
    path, = write_outputs(sel, tmp_path, ("docx",), Masker(5))
    text, rows = _text(path)
    assert "(kvinnor <5, män <5, under 30 år <5)" in text and "Deltagare: 0–8" in text
    assert ["Deltagare", "0–8"] in rows and "visas som ”<5”" in text


def test_parquet_reads_back_with_pandas(year, tmp_path):
    csv_path, _, parquet = write_outputs(year, tmp_path, ("csv", "parquet"))
    frame = pd.read_parquet(parquet)
    assert list(frame.columns) == list(pd.read_csv(csv_path, nrows=1).columns)
    assert len(frame) == len(pd.read_csv(csv_path))
    combined = frame[(frame.sammanstallt) & (frame.aktivitet == "Alla aktiviteter") & (frame.matt == "inskrivna")
                     & (frame.grupp == "antal")]
    assert combined.varde.sum() == forbund_totals(year)["deltagare"]
    assert frame.fran.iloc[0].isoformat() == "2025-01-01"


def test_libreoffice_opens_the_workbook_and_shows_the_figures(year, tmp_path):
    require_tool("soffice")
    path, = write_outputs(year, tmp_path / "ut", ("xlsx",))
    libreoffice("pdf", tmp_path / "pdf", path)
    pdf = tmp_path / "pdf" / "sammanstallning.pdf"
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    totals = forbund_totals(year)
    assert "Översikt" in text and "Uppföljning Finsam" in text and AKTIVITETSCENTER.namn in text
    assert INJECTED in text  # shown as text, not evaluated
    summa = next(line for line in text.splitlines() if line.startswith("Summa") and "insatser" in line)
    assert str(totals["deltagare"]) in summa.split()
