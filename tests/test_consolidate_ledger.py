"""A year from four period-only quarters, consolidated without double counting (the ledger), and the
exact Uppföljning Finsam figures: the sheet, uppfoljning-finsam.csv and the Word summary."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from ledger_fixtures import LARGEST, SUM_INSKRIVNA, YEAR, quarters
from toolkit.checks import FileCheck
from toolkit.consolidate import Masker, write_outputs
from toolkit.consolidate.figures import forbund_totals, uppfoljning
from toolkit.consolidate.select import select
from toolkit.model import Aktivitet, Count

COLUMNS = ["insats", "huvudman", "inriktning", "esf", "deltagare_kvinnor", "deltagare_man", "deltagare_totalt",
           "budgeterat_antal_deltagare", "budget", "utfall", "osaker"]


def _files(reports, prefix="steg"):
    return [FileCheck(Path(f"/mapp/{prefix}_{r.period.code}.xlsx"), r) for r in reports]


def _docx_text(path: Path) -> str:
    docx = Document(str(path))
    return "\n".join([p.text for p in docx.paragraphs] +
                     [cell.text for t in docx.tables for row in t.rows for cell in row.cells])


def _struktur():
    """A strukturövergripande insats, one annual report with a participant count only."""
    from toolkit.model import InsatsRapport
    from toolkit.periods import Period

    return InsatsRapport(forbund="Samordningsförbundet Exempelbygd", insats="Kompetenslyft", huvudman="Förbundet",
                         rapporttyp="helar", period=Period.parse("2025"), inriktning="struktur", esf=False,
                         aktiviteter=[Aktivitet("Utbildning för handläggare", inskrivna=Count(antal=45))])


def test_the_year_is_start_plus_all_nya_per_kon():
    sel = select(_files(quarters()), year=2025)
    item, = sel.insatser
    assert not item.osaker and not sel.warnings
    assert item.report.total("inskrivna") == YEAR
    assert item.report.total("avslutade").antal == 6 + 9 + 3 + 10  # flows still add up
    assert forbund_totals(sel)["deltagare"] == YEAR.antal


def test_without_nya_the_year_is_bounds_with_a_warning_naming_the_files():
    sel = select(_files(quarters(with_nya=False)), year=2025)
    item, = sel.insatser
    assert item.osaker and item.report.total("inskrivna").antal is None  # never the sum of inskrivna
    warnings = [f for f in sel.warnings if f.code == "deltagare-osakert"]
    assert [Path(f.file).name for f in warnings] == ["steg_2025-Q2.xlsx", "steg_2025-Q3.xlsx", "steg_2025-Q4.xlsx"]
    message = warnings[0].message
    assert "steg_2025-Q2.xlsx, steg_2025-Q3.xlsx, steg_2025-Q4.xlsx" in message
    assert f"mellan {LARGEST.antal} och {SUM_INSKRIVNA.antal}" in message and "Nya" in message
    assert item.warnings == 3
    table = uppfoljning(sel, Masker())
    row = dict(zip(COLUMNS, table.rows[0]))
    assert (row["deltagare_totalt"], row["deltagare_kvinnor"], row["osaker"]) == (
        f"{LARGEST.antal}–{SUM_INSKRIVNA.antal}", f"{LARGEST.kvinnor}–{SUM_INSKRIVNA.kvinnor}", "ja")
    assert any("Osäkert antal deltagare för Steg framåt" in note for note in table.notes)


def test_uppfoljning_columns_and_strukturovergripande_without_kon(tmp_path):
    q = quarters()
    q[-1].esf = True
    q[-1].inriktning = "individ"
    sel = select([*_files(q), FileCheck(Path("/mapp/kompetens_2025.xlsx"), _struktur())], year=2025)
    write_outputs(sel, tmp_path, ("xlsx", "csv", "docx"))
    with open(tmp_path / "uppfoljning-finsam.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == COLUMNS
    by_insats = {r[0]: dict(zip(COLUMNS, r)) for r in rows[1:]}
    assert len(rows) == 3  # one row per insats, no total
    steg = by_insats["Steg framåt"]
    assert (steg["inriktning"], steg["esf"], steg["osaker"]) == ("individ", "ja", "nej")
    assert (steg["deltagare_kvinnor"], steg["deltagare_man"], steg["deltagare_totalt"]) == (
        str(YEAR.kvinnor), str(YEAR.man), str(YEAR.antal))
    assert steg["budgeterat_antal_deltagare"] == "40"
    kompetens = by_insats["Kompetenslyft"]
    assert (kompetens["inriktning"], kompetens["esf"], kompetens["deltagare_kvinnor"], kompetens["deltagare_man"],
            kompetens["deltagare_totalt"]) == ("struktur", "nej", "", "", "45")
    sheet = load_workbook(tmp_path / "sammanstallning.xlsx")["Uppföljning Finsam"]
    values = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = values.index(tuple(COLUMNS))
    data = {r[0]: dict(zip(COLUMNS, r)) for r in values[header + 1:]}
    assert (data["Steg framåt"]["deltagare_kvinnor"], data["Steg framåt"]["deltagare_man"],
            data["Steg framåt"]["deltagare_totalt"]) == (YEAR.kvinnor, YEAR.man, YEAR.antal)
    assert data["Kompetenslyft"]["deltagare_kvinnor"] is None and data["Kompetenslyft"]["deltagare_totalt"] == 45
    assert data["Summa"]["deltagare_totalt"] == YEAR.antal + 45
    overview = load_workbook(tmp_path / "sammanstallning.xlsx")["Översikt"]
    steg_row = next(r for r in overview.iter_rows(values_only=True) if r[1] == "Steg framåt")
    assert steg_row[6:9] == (YEAR.antal, YEAR.kvinnor, YEAR.man)
    text = _docx_text(tmp_path / "sammanstallning.docx")
    assert f"Deltagare\n{YEAR.antal + 45}\nKvinnor\n{YEAR.kvinnor}\n" in text  # the förbund's totals
    assert str(SUM_INSKRIVNA.antal) not in text


def test_bounds_are_labelled_uncertain_in_every_output(tmp_path):
    sel = select(_files(quarters(with_nya=False)), year=2025)
    write_outputs(sel, tmp_path, ("xlsx", "csv", "docx"))
    bounds = f"{LARGEST.antal}–{SUM_INSKRIVNA.antal}"
    with open(tmp_path / "uppfoljning-finsam.csv", encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["deltagare_totalt"], row["osaker"]) == (bounds, "ja")
    with open(tmp_path / "sammanstallning.csv", encoding="utf-8", newline="") as fh:
        tidy = [r for r in csv.DictReader(fh) if r["sammanstallt"] == "true" and r["matt"] == "inskrivna"
                and r["aktivitet"] == "Alla aktiviteter" and r["grupp"] == "antal"]
    assert [(r["varde"], r["visat"], r["maskerad"]) for r in tidy] == [("", bounds, "true")]
    book = load_workbook(tmp_path / "sammanstallning.xlsx")
    cells = [c for r in book["Översikt"].iter_rows(values_only=True) for c in r]
    assert bounds in cells and any(isinstance(c, str) and c.startswith("Osäkert antal deltagare") for c in cells)
    text = _docx_text(tmp_path / "sammanstallning.docx")
    assert f"{bounds} (osäkert)" in text and "Osäkert antal deltagare för Steg framåt" in text
    assert str(SUM_INSKRIVNA.antal) + " " not in text.replace(bounds, "")


def test_masking_passes_through_the_ledger():
    sel = select(_files(quarters()), year=2025)
    row = dict(zip(COLUMNS, uppfoljning(sel, Masker(5)).rows[0]))
    # Every leaf is published, so the year is a range from the masked leaves taken as 0 to taken as 4.
    shown = Masker(5).interval(row["deltagare_totalt"])
    assert YEAR.antal in shown
    exact = dict(zip(COLUMNS, uppfoljning(sel, Masker()).rows[0]))
    assert exact["deltagare_totalt"] == YEAR.antal


@pytest.mark.parametrize("base, summed", [("inskrivna", None), ("nya", 4 + 6 + 7 + 5)])
def test_remittenter_are_summed_only_when_they_count_a_flow(base, summed):
    q = quarters()
    for r in q:
        r.remittenter_avser = base
        r.remittenter["arbetsformedlingen"] = r.total("nya").antal
    item, = select(_files(q), year=2025).insatser
    assert item.report.remittenter["arbetsformedlingen"] == summed
