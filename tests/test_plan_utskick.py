"""plan utskick: exactly the insatser due for the period, pre-filled from the plan, under safe file names."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from test_plan import PLAN
from toolkit.checks import check_paths
from toolkit.cli import app
from toolkit.errors import FinsamError
from toolkit.filenames import slug, workbook_name
from toolkit.layout import layout
from toolkit.periods import Period
from toolkit.plan.datafile import load_plan_data
from toolkit.plan.model import PlanInsats
from toolkit.plan.utskick import file_names, send_out
from toolkit.plan.workbook import write_plan_workbook
from toolkit.reader import read_workbook

runner = CliRunner()


@pytest.fixture(scope="module")
def plan():
    return load_plan_data(PLAN)


@pytest.mark.parametrize("period, expected", [
    ("2019-Q2", ["fysioterapi-och-traning_2019-Q2.xlsx", "tradgardsrehabilitering_2019-Q2.xlsx"]),
    ("2019-T2", ["aktivitetscenter_2019-T2.xlsx"]),
    ("2019", ["kompetensutveckling-for-handlaggare_2019.xlsx"]),
    ("2019-H1", []),
])
def test_exactly_the_insatser_due_that_period(plan, tmp_path, period, expected):
    written = send_out(plan, Period.parse(period), tmp_path)
    assert [p.name for p in written] == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == expected


def test_workbooks_carry_the_plan(plan, tmp_path):
    by_name = {p.name: p for p in send_out(plan, Period.parse("2019-Q2"), tmp_path)}
    report = read_workbook(by_name["tradgardsrehabilitering_2019-Q2.xlsx"]).report
    assert (report.forbund, report.insats, report.huvudman) == (
        "Samordningsförbundet Exempelbygd", "Trädgårdsrehabilitering", "Övreby kommun")
    assert report.rapporttyp == "kvartal" and report.period == Period.parse("2019-Q2")
    assert report.kontakt == "cecilia.cederlund@ovreby.se" and report.malgrupp.startswith("Personer med psykisk")
    assert [a.namn for a in report.aktiviteter] == ["Trädgårdsgrupp"]
    assert report.ekonomi.budget_totalt == 250_000
    assert (report.inriktning, report.esf) == ("individ", True)  # as the plan's YAML says, read back
    assert report.ackumulerad is False and _cell(by_name["tradgardsrehabilitering_2019-Q2.xlsx"], "ackumulerad") \
        is None  # the plan does not say: the insats answers
    # Pre-filled without a fault; until staff fill in the period it has nothing to report.
    assert {f.code for f in check_paths([tmp_path]).findings} == {"tom-arbetsbok"}


@pytest.mark.parametrize("period, name, expected", [
    ("2019-T1", "aktivitetscenter_2019-T1.xlsx",
     ("individ", False, 9_600_000, ["Aktivering i grupp", "Arbetsförmågebedömning", "Arbetsträning"])),
    ("2019-Q1", "fysioterapi-och-traning_2019-Q1.xlsx", ("individ", False, 640_000, ["Träning i grupp"])),
    ("2019", "kompetensutveckling-for-handlaggare_2019.xlsx", ("struktur", False, 250_000, ["Utbildningsdagar"])),
])
def test_inriktning_esf_budget_and_aktiviteter_are_carried(plan, tmp_path, period, name, expected):
    """Each insats of forbundsplan_2019.yaml, sent out and read back by the real reader: its inriktning, ESF
    (the cells say Nej, not empty), budget and aktiviteter are the YAML's."""
    path = tmp_path / name
    assert path in send_out(plan, Period.parse(period), tmp_path)
    report = read_workbook(path).report
    assert (report.inriktning, report.esf, report.ekonomi.budget_totalt, [a.namn for a in report.aktiviteter]) \
        == expected
    assert (_cell(path, "inriktning"), _cell(path, "esf")) == (
        {"individ": "Individinriktad", "struktur": "Strukturövergripande"}[expected[0]], "Nej")


def _cell(path: Path, name: str):
    """The value typed in the workbook's input cell `name` (openpyxl: what the file holds)."""
    f = layout().field(name)
    return load_workbook(path)[f.sheet][f.cell].value


def test_cli_writes_macro_workbooks_and_never_half_over_existing_ones(plan, tmp_path):
    source = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    out = tmp_path / "ut"
    result = runner.invoke(app, ["plan", "utskick", str(source), "--period", "2019-Q3", "-o", str(out), "--makro"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["fysioterapi-och-traning_2019-Q3.xlsm",
                                                     "tradgardsrehabilitering_2019-Q3.xlsm"]
    assert "2 arbetsböcker för 2019-Q3" in result.output and "2 insatser i planen rapporterar inte" in result.output
    (out / "fysioterapi-och-traning_2019-Q3.xlsm").unlink()
    again = runner.invoke(app, ["plan", "utskick", str(source), "--period", "2019-Q3", "-o", str(out), "--makro"])
    assert again.exit_code == 2 and "finns redan" in again.output
    assert sorted(p.name for p in out.iterdir()) == ["tradgardsrehabilitering_2019-Q3.xlsm"]


def test_period_of_another_year_or_a_final_report_is_refused(plan, tmp_path):
    with pytest.raises(FinsamError, match="Planen gäller 2019, men perioden 2020-Q1"):
        send_out(plan, Period.parse("2020-Q1"), tmp_path)
    result = runner.invoke(app, ["plan", "utskick", str(PLAN), "--period", "2019-Q5", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "kvartal 5 finns inte" in result.output


@pytest.mark.parametrize("name, expected", [
    ("Gröna rum – trädgårdsrehabilitering", "grona-rum-tradgardsrehabilitering"),
    ("Steg/Steg: ut? *nu*", "steg-steg-ut-nu"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", "con-insats"),
    ("ÅÄÖ", "aao"),
    ("   ", "insats"),
    ("x" * 200, "x" * 60),
])
def test_safe_file_names(name, expected):
    assert slug(name) == expected
    assert workbook_name(name, Period.parse("2025-Q1")) == f"{expected}_2025-Q1.xlsx"


def test_names_that_clash_get_a_number():
    insatser = [PlanInsats(namn="Steg 1"), PlanInsats(namn="Steg-1"), PlanInsats(namn="steg 1!")]
    assert file_names(insatser, Period.parse("2025-Q1"), ".xlsx") == [
        "steg-1_2025-Q1.xlsx", "steg-1-2_2025-Q1.xlsx", "steg-1-3_2025-Q1.xlsx"]
