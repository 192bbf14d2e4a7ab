"""The issue's "done when", on real workbooks through the CLI: four period-only quarters with people
carrying over give the year from the ledger in every output; without nya, bounds and a warning; a
broken chain; a half-year report without a kön split; a strukturövergripande insats with counts only."""

from __future__ import annotations

import csv
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import workbook_file
from ledger_fixtures import LARGEST, SUM_INSKRIVNA, YEAR, quarters
from toolkit.cli import app
from toolkit.model import Aktivitet, Count, InsatsRapport
from toolkit.periods import Period
from toolkit.reader import read_workbook

runner = CliRunner()


def _write(folder, reports, prefix="steg"):
    folder.mkdir(parents=True, exist_ok=True)
    return [workbook_file(folder / f"{prefix}_{r.period.code}.xlsx", r) for r in reports]


@pytest.fixture(scope="module")
def with_nya(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("med"), quarters())


@pytest.fixture(scope="module")
def without_nya(tmp_path_factory):
    return _write(tmp_path_factory.mktemp("utan"), quarters(with_nya=False))


def test_the_workbook_carries_nya_and_the_ledger_rows(with_nya):
    report = read_workbook(with_nya[1]).report
    assert report.total("nya") == Count(4, 2, 2, 1)
    assert report.aktiviteter[0].pagaende_vid_borjan == Count(14, 8, 6, 4)


def test_four_quarters_check_clean_and_consolidate_to_start_plus_nya(with_nya, tmp_path):
    result = runner.invoke(app, ["check", *map(str, with_nya)])
    assert result.exit_code == 0, result.output
    assert "4 filer kontrollerade: inga fel eller varningar." in result.output
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(with_nya[0].parent), "--ar", "2025", "-o", str(out),
                                 "--format", "xlsx,docx,csv", "--quiet"])
    assert result.exit_code == 0, result.output
    with open(out / "uppfoljning-finsam.csv", encoding="utf-8", newline="") as fh:
        row, = list(csv.DictReader(fh))
    assert (row["deltagare_kvinnor"], row["deltagare_man"], row["deltagare_totalt"], row["osaker"]) == (
        str(YEAR.kvinnor), str(YEAR.man), str(YEAR.antal), "nej")
    sheet = load_workbook(out / "sammanstallning.xlsx")["Uppföljning Finsam"]
    assert (YEAR.kvinnor, YEAR.man, YEAR.antal) in [r[4:7] for r in sheet.iter_rows(values_only=True)]
    text = "\n".join(p.text for p in Document(str(out / "sammanstallning.docx")).paragraphs)
    assert f"Deltagare: {YEAR.antal} (kvinnor {YEAR.kvinnor}, män {YEAR.man}" in text


def test_without_nya_bounds_and_a_warning_never_the_sum(without_nya, tmp_path):
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(without_nya[0].parent), "--ar", "2025", "-o", str(out),
                                 "--format", "xlsx,csv", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "0 fel, 3 varningar" in result.output
    with open(out / "uppfoljning-finsam.csv", encoding="utf-8", newline="") as fh:
        row, = list(csv.DictReader(fh))
    assert (row["deltagare_totalt"], row["osaker"]) == (f"{LARGEST.antal}–{SUM_INSKRIVNA.antal}", "ja")
    kontroll = [r for r in load_workbook(out / "sammanstallning.xlsx")["Kontroll"].iter_rows(values_only=True)
                if r[4] == "deltagare-osakert"]
    assert sorted(r[0] for r in kontroll) == ["steg_2025-Q2.xlsx", "steg_2025-Q3.xlsx", "steg_2025-Q4.xlsx"]


def test_a_broken_chain_names_both_files(tmp_path):
    q = quarters()
    q[1].aktiviteter[0].nya = Count(6, 4, 2, 1)  # Q1 ended with 14, but Q2's 18 with 6 nya began with 12
    paths = _write(tmp_path, q[:2])
    result = runner.invoke(app, ["check", "--json", str(tmp_path)])
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "kedja-bruten"]
    assert len(found) == 1 and found[0]["file"] == str(paths[1]) and found[0]["severity"] == "varning"
    assert "steg_2025-Q1.xlsx" in found[0]["message"] and "steg_2025-Q2.xlsx" in found[0]["message"]


def _half_year_without_kon() -> InsatsRapport:
    report = quarters()[0]
    report.rapporttyp, report.period = "halvar", Period.parse("2025-H1")
    report.aktiviteter = [Aktivitet("Arbetsträning", inskrivna=Count(59), avslutade=Count(24), nya=Count(12))]
    report.remittenter = dict.fromkeys(report.remittenter)
    return report


def test_a_half_year_report_without_kon_checks_with_warnings_and_reports_without_utkast(tmp_path):
    path = workbook_file(tmp_path / "halvar.xlsx", _half_year_without_kon())
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "kon-saknas" in result.output and "0 fel" in result.output
    out = tmp_path / "rapport.docx"
    result = runner.invoke(app, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Skrev {out}"
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Under perioden har 59 deltagare varit inskrivna, varav 12 nya." in text
    assert "UTKAST" not in text


def test_a_strukturovergripande_insats_with_counts_only_checks_clean(tmp_path):
    report = _half_year_without_kon()
    report.inriktning, report.esf = "struktur", False
    report.aktiviteter = [Aktivitet("Utbildning för handläggare", inskrivna=Count(45), nya=Count(45))]
    path = workbook_file(tmp_path / "struktur.xlsx", report)
    assert read_workbook(path).report.inriktning == "struktur"
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 fil kontrollerad: inga fel eller varningar." in result.output
    out = tmp_path / "rapport.docx"
    assert runner.invoke(app, ["report", str(path), "-o", str(out)]).exit_code == 0
    assert "Strukturövergripande insats" in "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_older_workbooks_still_read_and_nya_is_simply_absent():
    from conftest import DATA, EXAMPLE
    from toolkit.datafile import load_data

    for version, path in ((1, DATA / "v1" / "insatsrapport_v1.xlsx"), (2, DATA / "v2" / "insatsrapport_v2.xlsx")):
        result = read_workbook(path)
        assert result.version == version and result.findings == []
        assert result.report.total("nya") == Count() and result.report.total("inskrivna").antal
        assert result.report.inriktning == "" and result.report.esf is None
    expected = load_data(EXAMPLE)
    expected.version = 2
    assert read_workbook(DATA / "v2" / "insatsrapport_v2.xlsx").report == expected
