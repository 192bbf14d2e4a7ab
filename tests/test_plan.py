"""The plan: its data file (Swedish keys, lossless through the workbook), its workbook and its checks."""

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, libreoffice, require_tool
from test_workbook import _content
from toolkit.checks import check_paths, check_workbook
from toolkit.cli import app
from toolkit.errors import FinsamError
from toolkit.plan import is_plan_workbook, read_plan
from toolkit.plan.datafile import dump_plan, load_plan_data, plan_from_dict, plan_to_dict
from toolkit.plan.layout import FORBUND, INSATSER, MAX_PLANINSATSER, SHEETS, insats_name, plan_layout
from toolkit.plan.workbook import TEMPLATE_PATH, build_plan_workbook, write_plan_workbook
from toolkit.workbook import INPUT_FILL, save_workbook

PLAN = DATA / "forbundsplan_2019.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def plan():
    return load_plan_data(PLAN)


def _typed(path: Path, **cells) -> Path:
    """Type raw values into named input cells of a plan workbook, as a person would."""
    wb = load_workbook(path)
    for name, value in cells.items():
        f = plan_layout().field(name)
        wb[f.sheet][f.cell] = value
    save_workbook(wb, path)
    return path


def test_the_example_holds_every_key(plan):
    raw = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    assert set(raw) == {"version", "forbund", "ar", "medlemmar", "eget_kapital", "kostnader", "insatser"}
    assert plan.ar == 2019 and plan.medlemmar.kommuner == {"Exempelby": 1_815_000, "Övreby": 1_210_000}
    assert [i.budget for i in plan.insatser] == [9_600_000, 640_000, 250_000, 250_000]
    assert plan.insatser_budget() == 10_740_000 and plan.egna_kostnader() == 1_360_000
    assert plan.kostnader["styrelse"].utfall == 184_500 and plan.kostnader["revision"].budget == 60_000
    first = plan.insatser[0]
    assert (first.inriktning, first.esf, first.rapporttyp) == ("individ", False, "tertial")
    assert first.texter["resurser"].startswith("Budget för 2019 uppgår till 9,6 miljoner kr")
    assert plan.insatser[3].inriktning == "struktur" and plan.insatser[2].esf is True


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_workbook_round_trip_is_lossless(plan, fmt, tmp_path):
    """Data file -> workbook -> data file gives the same text; the plan read back equals the one written."""
    write_plan_workbook(tmp_path / "plan.xlsx", plan)
    read = read_plan(tmp_path / "plan.xlsx")
    assert read.findings == [] and read.plan == plan
    assert dump_plan(read.plan, fmt) == dump_plan(plan, fmt)
    again = tmp_path / f"plan.{fmt}"
    again.write_text(dump_plan(read.plan, fmt), encoding="utf-8")
    assert load_plan_data(again) == plan


def test_data_file_keys_are_the_public_contract(plan):
    data = plan_to_dict(plan)
    assert list(data) == ["version", "forbund", "ar", "medlemmar", "eget_kapital", "kostnader", "insatser"]
    assert data["kostnader"]["revision"] == {"budget": 60_000}  # a bare amount is the budget
    assert list(data["insatser"][0]) == ["namn", "huvudman", "inriktning", "esf", "rapporttyp", "budget",
                                         "budgeterat_antal_deltagare", "kontakt", "aktiviteter", "texter"]
    assert list(data["insatser"][0]["texter"]) == ["syfte", "mal", "malgrupp", "metod", "remittenter", "resurser",
                                                   "uppfoljning", "verksamhetsansvarig"]
    assert json.loads(dump_plan(plan, "json"))["medlemmar"]["kommuner"]["Övreby"] == 1_210_000


@pytest.mark.parametrize("change, message", [
    ({"okand": 1}, "Okänd nyckel ”okand”"),
    ({"insatser": [{"namn": "A", "inriktning": "grupp"}]}, "insatser[1].inriktning: ”grupp” finns inte"),
    ({"insatser": [{"namn": "A", "esf": "ja"}]}, "insatser[1].esf ska vara true eller false"),
    ({"insatser": [{"namn": "A", "rapporttyp": "manad"}]}, "insatser[1].rapporttyp: ”manad” finns inte"),
    ({"medlemmar": {"kommuner": ["Exempelby"]}}, "medlemmar.kommuner ska vara en samling"),
    ({"kostnader": {"styrelse": {"budget": "mycket"}}}, "kostnader.styrelse.budget ska vara ett tal"),
    ({"insatser": [{"namn": str(n)} for n in range(MAX_PLANINSATSER + 1)]}, f"högst {MAX_PLANINSATSER} rader"),
])
def test_bad_data_gives_a_swedish_message_naming_the_key(change, message):
    with pytest.raises(FinsamError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan_from_dict({"version": 1, "forbund": "F", "ar": 2025, **change})


def test_committed_plan_workbook_matches_the_code():
    assert _content(load_workbook(TEMPLATE_PATH)) == _content(build_plan_workbook()), (
        "workbooks/forbundsplan.xlsx is out of date: run `make template`")


def test_plan_workbook_follows_the_insats_conventions():
    wb = build_plan_workbook()
    assert wb.sheetnames == list(SHEETS) and wb["Mall"].sheet_state == "hidden"
    for f in plan_layout().fields:
        cell = wb[f.sheet][f.cell]
        assert not cell.protection.locked and cell.fill.fgColor.rgb == INPUT_FILL.fgColor.rgb, f.name
        assert f.name in wb.defined_names
    assert all(wb[s].protection.sheet for s in (FORBUND, INSATSER))
    choices = {str(dv.sqref).split()[0]: dv.formula1 for dv in wb[INSATSER].data_validations.dataValidation
               if dv.type == "list"}
    assert choices["D5"].startswith("Mall!$E$") and choices["F5"].startswith("Mall!$D$")


def test_plan_is_recognised_and_not_an_insats(tmp_path, plan):
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    assert is_plan_workbook(path) and not is_plan_workbook(DATA / "exempel.yaml")
    checked = check_workbook(path)
    assert checked.report is None and checked.findings == []


def test_checks_find_missing_fields_duplicates_shares_and_budget(tmp_path, plan):
    path = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    _typed(path, medlem_staten=8_000_000, forbund=None, kommun3_belopp=10,
           **{insats_name(2, "namn"): "aktivitetscenter", insats_name(3, "huvudman"): None,
              insats_name(4, "budget"): "250 000 kr"})
    found = {(f.code, f.sheet, f.cell) for f in check_workbook(path).findings}
    assert ("obligatoriskt-falt", "Förbund", "C4") in found
    assert ("plan-dubblett", "Insatser", "B6") in found
    assert ("obligatoriskt-falt", "Insatser", "C7") in found
    assert ("text-i-talcell", "Insatser", "G8") in found
    assert ("plan-kommun-utan-namn", "Förbund", "B15") in found
    assert ("plan-andel-avviker", "Förbund", "C10") in found  # 8 of 14 million is 57 %, the law says 50 %
    assert ("plan-andel-avviker", "Förbund", "C11") in found
    messages = " ".join(f.message for f in check_workbook(path).findings)
    assert "Staten (Försäkringskassan och Arbetsförmedlingen) står för 56,9\xa0%" in messages


def test_budget_beyond_the_funds_is_a_warning(tmp_path, plan):
    path = _typed(write_plan_workbook(tmp_path / "plan.xlsx", plan), eget_kapital=None,
                  **{insats_name(1, "budget"): 12_000_000})
    (warning,) = [f for f in check_workbook(path).findings if f.code == "plan-budget-over-medel"]
    assert warning.severity == "varning" and (warning.sheet, warning.cell) == ("Förbund", "C43")  # Total budget
    text = warning.message.replace("\xa0", " ")
    assert "14 500 000 kr" in text and "12 100 000 kr" in text


def test_a_plan_among_insats_workbooks_is_checked_as_a_plan(tmp_path, plan):
    write_plan_workbook(tmp_path / "plan.xlsx", plan)
    report = check_paths([tmp_path])
    assert report.files == [str(tmp_path / "plan.xlsx")] and report.valid


def test_cli_new_export_and_check(tmp_path):
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["plan", "new", str(out), "--data", str(PLAN)])
    assert result.exit_code == 0 and "Skapade" in result.output
    again = runner.invoke(app, ["plan", "new", str(out)])
    assert again.exit_code == 2 and "finns redan" in again.output
    exported = runner.invoke(app, ["plan", "export", str(out)])
    assert exported.exit_code == 0
    assert plan_from_dict(yaml.safe_load(exported.output)) == load_plan_data(PLAN)
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0 and "inga fel" in checked.output
    bad = runner.invoke(app, ["plan", "export", str(DATA / "exempel.yaml")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_plan_formulas_recalculated_by_libreoffice(tmp_path, plan):
    """Totals and shares in the workbook, as LibreOffice computes them, agree with the plan."""
    require_tool("soffice")
    source = write_plan_workbook(tmp_path / "plan.xlsx", plan)
    libreoffice("xlsx", tmp_path / "lo", source)
    wb = load_workbook(tmp_path / "lo" / "plan.xlsx", data_only=True)

    def value(name):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        return wb[sheet][ref.replace("$", "")].value

    assert value("summa_tilldelade_medel") == plan.medlemmar.totalt() == 12_100_000
    assert value("summa_kommuner") == 3_025_000
    assert value("summa_egna_kostnader") == plan.egna_kostnader()
    assert value("summa_insatser_budget") == 10_740_000
    assert value("total_budget") == plan.total_budget()
    assert wb[FORBUND]["D10"].value == pytest.approx(0.5) and wb[FORBUND]["E10"].value == pytest.approx(0.5)
