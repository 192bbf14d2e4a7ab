"""One economy truth: Översikt, Ekonomi, Uppföljning Finsam, the docx and the CSV agree to the krona."""

import csv

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from test_plan import PLAN
from toolkit.cli import app
from toolkit.model import BudgetRad
from toolkit.periods import Period
from toolkit.plan.datafile import load_plan_data
from toolkit.plan.utskick import insats_report
from toolkit.workbook import write_workbook

runner = CliRunner()
TOTAL = 10_740_000  # the plan's four insatser: 9 600 000 + 640 000 + 250 000 + 250 000


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The plan typed as helår workbooks: one with lines that add up, one whose lines cover only part of
    its typed total, two with the typed total alone (as sent out from the plan)."""
    tmp = tmp_path_factory.mktemp("economy")
    plan = load_plan_data(PLAN)
    for n, insats in enumerate(plan.insatser):
        report = insats_report(plan, insats, Period.parse("2019"))
        report.rapporttyp = "helar"
        if n == 0:
            report.ekonomi.rader = [BudgetRad("Personal", 9_000_000, 2_000_000, 4_000_000, 9_000_000),
                                    BudgetRad("Lokaler", 600_000, 150_000, 300_000, 600_000)]
        if n == 1:
            report.ekonomi.rader = [BudgetRad("Lokaler", 100_000, 20_000, 40_000, 100_000)]
        write_workbook(tmp / f"{n}.xlsx", report)
    out = tmp / "ut"
    result = runner.invoke(app, ["consolidate", str(tmp), "--ar", "2019", "-o", str(out), "--format", "xlsx,docx,csv",
                                 "--inkludera-fel", "-q"])
    assert result.exit_code == 1, result.output  # the 640 000 kr workbook's lines do not add up: budget-summa
    return out


def _total_row(ws, column: str) -> float:
    rows = list(ws.values)
    header = next(r for r in rows if r and column in r)
    return rows[-1][header.index(column)]


def test_every_sheet_has_the_same_budget(outputs):
    wb = load_workbook(outputs / "sammanstallning.xlsx")
    assert _total_row(wb["Översikt"], "Budget") == TOTAL
    assert _total_row(wb["Ekonomi"], "Budget") == TOTAL
    assert _total_row(wb["Uppföljning Finsam"], "budget") == TOTAL
    rows = [r for r in wb["Ekonomi"].values if r and r[2] == "Ej fördelat på kostnadsslag"]
    assert sorted((r[1], r[3]) for r in rows) == [("Fysioterapi och träning", 540_000),
                                                  ("Kompetensutveckling för handläggare", 250_000),
                                                  ("Trädgårdsrehabilitering", 250_000)]
    assert all(r[4] is None and r[7] is None for r in rows)  # no utfall and no förbrukat invented


def test_docx_and_csv_agree(outputs):
    doc = Document(str(outputs / "sammanstallning.docx"))
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["Insats", "Budget, kr"])

    def amount(text: str) -> int:
        return int(text.replace("\u00a0", ""))

    assert sum(amount(r.cells[1].text) for r in table.rows[1:-1]) == TOTAL
    assert table.rows[-1].cells[0].text == "Summa" and amount(table.rows[-1].cells[1].text) == TOTAL
    with open(outputs / "sammanstallning.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["matt"] == "budget_insats" and r["sammanstallt"] == "true"]
    assert len(rows) == 4 and sum(float(r["varde"]) for r in rows) == TOTAL
