"""The reader: exact on openpyxl-written files and on files saved by LibreOffice, cell faults as findings."""

from datetime import date

import pytest
from openpyxl import load_workbook

from conftest import libreoffice, require_tool
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit import TEMPLATE_VERSION
from toolkit.layout import layout
from toolkit.reader import read_workbook
from toolkit.workbook import save_workbook


def test_round_trip_of_the_example(example, make_workbook):
    result = read_workbook(make_workbook(example))
    assert result.findings == [] and result.version == TEMPLATE_VERSION
    assert result.report == example


@pytest.mark.parametrize("insats", INSATSER, ids=lambda i: i.namn)
def test_round_trip_of_every_demo_shape(insats, make_workbook):
    report = demo_report(insats, demo_periods(insats)[-1])
    assert read_workbook(make_workbook(report)).report == report


def test_cell_faults_are_findings_at_their_cells(example, make_workbook):
    path = make_workbook(example, akt1_inskrivna_kvinnor="ca 5", akt1_avslutade_man=2.5,
                         rem_region=-3, period_slut="2022123", akt1_gar_vidare_antal="#REF!")
    result = read_workbook(path)
    got = sorted((f.sheet, f.cell, f.code) for f in result.findings)
    cell = lambda name: layout().field(name).cell  # noqa: E731
    assert got == sorted([
        ("Deltagare", cell("akt1_inskrivna_kvinnor"), "text-i-talcell"),
        ("Deltagare", cell("akt1_avslutade_man"), "decimaltal"),
        ("Avslut", cell("rem_region"), "negativt-tal"),
        ("Uppgifter", cell("period_slut"), "datum-som-text"),
        ("Deltagare", cell("akt1_gar_vidare_antal"), "felvarde"),
    ])
    assert all(f.file == str(path) for f in result.findings)
    assert result.report.aktiviteter[0].inskrivna.kvinnor is None  # the rest is still read
    assert result.report.aktiviteter[0].inskrivna.man == 15
    text = next(f for f in result.findings if f.code == "text-i-talcell")
    assert "”ca 5”" in text.message and "(5)" in text.message


def test_defined_names_win_over_coordinates(example, make_workbook):
    """A workbook whose names point elsewhere is read where the names point."""
    path = make_workbook(example)
    wb = load_workbook(path)
    wb["Uppgifter"]["F30"] = "Annat förbund"
    wb.defined_names["forbund"].attr_text = "Uppgifter!$F$30"
    save_workbook(wb, path)
    assert read_workbook(path).report.forbund == "Annat förbund"


def test_files_saved_by_libreoffice_read_the_same(example, tmp_path, make_workbook):
    require_tool("soffice")
    source = make_workbook(example, name="källa.xlsx")
    out = tmp_path / "lo"
    libreoffice("xlsx", out, source)
    saved = read_workbook(out / "källa.xlsx")
    assert saved.findings == []
    assert saved.report == example
    assert saved.report.start == date(2017, 1, 1)


def test_error_text_typed_into_a_text_cell_is_text(example, make_workbook):
    example.diarienummer = "#REF!"
    result = read_workbook(make_workbook(example))
    assert result.findings == [] and result.report.diarienummer == "#REF!"


def test_a_date_cell_far_outside_the_calendar_is_a_finding_not_a_crash(example, make_workbook, capfd):
    """calamine panicked on such a cell; the reader names the cell as no valid date, quietly."""
    path = make_workbook(example, rapportdatum=-1e13)
    result = read_workbook(path)
    [found] = result.findings
    assert (found.cell, found.code, found.variant) == (layout().field("rapportdatum").cell, "datum-som-text", "ogiltigt")
    assert "-10000000000000" in found.message
    assert result.report.insats == "Aktivitetscenter" and result.report.total("inskrivna").antal == 40
    assert capfd.readouterr().err == ""


def test_a_time_of_day_in_a_count_cell_is_a_finding(example, make_workbook):
    from datetime import time

    result = read_workbook(make_workbook(example, akt1_inskrivna_antal=time(12, 30)))
    assert [(f.cell, f.code) for f in result.findings] == [(layout().field("akt1_inskrivna_antal").cell, "text-i-talcell")]


def test_a1_references():
    from toolkit.a1 import column_letter, coordinates, within

    assert [column_letter(n) for n in (1, 26, 27, 702, 703)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert coordinates("C7") == (7, 3) and coordinates("$AB$12") == (12, 28)
    assert within("D7", "C7:E7") and not within("D8", "C7:E7") and within("C7", "C7")
