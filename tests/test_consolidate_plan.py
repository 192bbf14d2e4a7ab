"""consolidate --plan: who is missing (with contact), who is not in the plan, budgets that differ, plan order."""

import csv
import shutil

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from test_plan import PLAN
from toolkit.cli import app
from toolkit.consolidate import consolidate
from toolkit.model import InsatsRapport
from toolkit.periods import Period
from toolkit.plan.datafile import load_plan_data
from toolkit.plan.utskick import send_out
from toolkit.plan.workbook import write_plan_workbook
from toolkit.workbook import save_workbook, write_workbook
from toolkit.layout import layout

runner = CliRunner()


def returned(plan, period, folder):
    """The send-out for `period`, each workbook returned with a text typed in (an untouched one is tom-arbetsbok)."""
    written = send_out(plan, period, folder)
    f = layout().field("text_sammanfattning")
    for path in written:
        wb = load_workbook(path)
        wb[f.sheet][f.cell] = "Verksamheten följer planen."
        save_workbook(wb, path)
    return written


@pytest.fixture(scope="module")
def plan():
    return load_plan_data(PLAN)


@pytest.fixture(scope="module")
def quarter(plan, tmp_path_factory):
    """The send-out for 2019-Q2 with Fysioterapi's workbook never returned, and the plan in the folder too."""
    folder = tmp_path_factory.mktemp("q2")
    returned(plan, Period.parse("2019-Q2"), folder)
    (folder / "fysioterapi-och-traning_2019-Q2.xlsx").unlink()
    plan_path = write_plan_workbook(folder / "forbundsplan_2019.xlsx", plan)
    out = folder / "ut"
    result = runner.invoke(app, ["consolidate", str(folder), "--period", "2019-Q2", "--plan", str(plan_path),
                                 "-o", str(out)])
    return result, out


def test_missing_report_is_listed_with_its_contact_and_exits_0(quarter):
    result, _ = quarter
    assert result.exit_code == 0, result.output
    assert ("Saknas: Fysioterapi och träning 2019-Q2 (Region Exempelbygd), kontakt: 010-123 45 67. Ingen rapport."
            in result.output)
    assert "Läste 1 fil för kvartal 2 2019: 1 räknades in (1 insats), ingen lämnades utanför." in result.output
    assert "1 saknas enligt planen." in result.output


def test_missing_report_in_the_workbook_and_the_word_summary(quarter):
    _, out = quarter
    rows = list(load_workbook(out / "sammanstallning.xlsx")["Saknas"].values)
    assert ("Insats", "Huvudman", "Period", "Kontakt", "Skäl") in rows
    assert ("Fysioterapi och träning", "Region Exempelbygd", "2019-Q2", "010-123 45 67", "Ingen rapport") in rows
    doc = Document(str(out / "sammanstallning.docx"))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    assert [["Insats", "Period", "Kontakt", "Skäl"], ["Fysioterapi och träning", "2019-Q2", "010-123 45 67",
                                                       "Ingen rapport"]] in tables
    assert any("Enligt förbundets plan för 2019 saknas 1 rapport för kvartal 2 2019" in p.text for p in doc.paragraphs)


def test_year_expects_every_period_ended_in_plan_order(plan, tmp_path):
    for code in ("2019-Q1", "2019-Q2", "2019-T1", "2019"):
        returned(plan, Period.parse(code), tmp_path)
    sel = consolidate([tmp_path], plan=plan)  # the plan's year by default
    assert sel.label == "år 2019"
    assert [(m.insats.namn, m.period.code) for m in sel.plan.missing] == [
        ("Aktivitetscenter", "2019-T2"), ("Aktivitetscenter", "2019-T3"),
        ("Fysioterapi och träning", "2019-Q3"), ("Fysioterapi och träning", "2019-Q4"),
        ("Trädgårdsrehabilitering", "2019-Q3"), ("Trädgårdsrehabilitering", "2019-Q4")]
    assert [i.report.insats for i in sel.insatser] == [i.namn for i in plan.insatser]  # not alphabetical


def test_a_later_cumulative_report_covers_the_periods_before(plan, tmp_path):
    written = returned(plan, Period.parse("2019-Q2"), tmp_path)
    wb = load_workbook(written[0])
    f = layout().field("ackumulerad")
    wb[f.sheet][f.cell] = "Ja"
    save_workbook(wb, written[0])
    sel = consolidate([tmp_path], year=2019, plan=plan)
    missing = {(m.insats.namn, m.period.code) for m in sel.plan.missing}
    assert ("Fysioterapi och träning", "2019-Q1") not in missing  # its cumulative Q2 covers Q1
    assert ("Trädgårdsrehabilitering", "2019-Q1") in missing


def test_not_in_plan_and_a_different_budget_are_warnings(plan, tmp_path):
    written = returned(plan, Period.parse("2019-Q2"), tmp_path)
    wb = load_workbook(written[1])
    f = layout().field("budget_totalt")
    wb[f.sheet][f.cell] = 300_000
    save_workbook(wb, written[1])
    write_workbook(tmp_path / "okand_2019-Q2.xlsx", InsatsRapport(
        forbund=plan.forbund, insats="Okänd insats", huvudman="Någon", rapporttyp="kvartal",
        period=Period.parse("2019-Q2"), texter={"sammanfattning": "Ny insats."}))
    result = runner.invoke(app, ["consolidate", str(tmp_path), "--period", "2019-Q2", "--plan", str(PLAN),
                                 "-o", str(tmp_path / "ut")])
    assert result.exit_code == 0, result.output
    assert "Inte i planen: Okänd insats (okand_2019-Q2.xlsx)." in result.output
    assert "0 fel, 2 varningar. 0 saknas enligt planen." in result.output
    kontroll = list(load_workbook(tmp_path / "ut" / "sammanstallning.xlsx")["Kontroll"].values)
    codes = {row[4]: row for row in kontroll if row and row[4] in ("inte-i-planen", "budget-skiljer-fran-planen")}
    assert codes["inte-i-planen"][0] == "okand_2019-Q2.xlsx"
    assert codes["budget-skiljer-fran-planen"][0] == "tradgardsrehabilitering_2019-Q2.xlsx"
    assert "300 000 kr" in codes["budget-skiljer-fran-planen"][7].replace("\u00a0", " ")
    strict = runner.invoke(app, ["consolidate", str(tmp_path), "--period", "2019-Q2", "--plan", str(PLAN),
                                 "-o", str(tmp_path / "ut2"), "--strikt", "-q"])
    assert strict.exit_code == 1


def test_a_plan_with_errors_is_refused(tmp_path):
    bad = tmp_path / "plan.yaml"
    shutil.copy(PLAN, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("namn: Fysioterapi och träning", "namn: Aktivitetscenter"),
                   encoding="utf-8")
    (tmp_path / "in").mkdir()
    result = runner.invoke(app, ["consolidate", str(tmp_path / "in"), "--plan", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "har 1 fel" in result.output


def test_year_with_plan_adds_the_annual_report_annex_and_forbund_figures(plan, tmp_path):
    for code in ("2019-Q1", "2019-Q2", "2019-T1"):
        returned(plan, Period.parse(code), tmp_path)
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(tmp_path), "--ar", "2019", "--plan", str(PLAN), "-o", str(out),
                                 "-q"])
    assert result.exit_code == 0, result.output
    doc = Document(str(out / "sammanstallning.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    annex = headings[headings.index("Underlag till årsredovisningen"):]
    assert annex[:6] == ["Underlag till årsredovisningen", "Budget och utfall per insats", "Förbundets egna kostnader",
                         "Deltagare per insats", "Finansiering per medlem", "Saknade eller felaktiga rapporter"]
    tables = [[[c.text.replace("\u00a0", " ") for c in r.cells] for r in t.rows] for t in doc.tables]
    economy = next(t for t in tables if t[0][:2] == ["Insats", "Budget enligt planen, kr"])
    assert economy[1] == ["Aktivitetscenter", "9 600 000", "9 600 000", "–", "–"]  # utfall not reported: no 0
    assert economy[-1][:3] == ["Summa", "10 490 000", "10 490 000"]  # Kompetensutveckling (helår) not yet in
    costs = next(t for t in tables if t[0] == ["Kostnad", "Budget, kr", "Utfall, kr"])
    assert costs[1] == ["Styrelse", "200 000", "184 500"] and costs[-1] == ["Summa", "1 360 000", "184 500"]
    members = next(t for t in tables if t[0][0] == "Medlem")
    assert members[1][1:] == ["6 050 000", "50,0 %", "50 %"] and members[-1][:2] == ["Summa", "12 100 000"]
    sheet = list(load_workbook(out / "sammanstallning.xlsx")["Förbundet"].values)
    assert ("Tilldelade medel: Kommunerna", 3_025_000, None) in sheet
    assert ("Tilldelade medel: Övreby", 1_210_000, None) in sheet
    assert ("Eget kapital", 1_500_000, None) in sheet
    assert ("Förbundets kostnader totalt", 1_360_000, 184_500) in sheet


def test_csv_carries_the_forbund_figures_of_uppfoljning_finsam(plan, tmp_path):
    """With --format csv and --plan, uppfoljning-finsam-forbund.csv holds the förbund-level figures of
    forbundsplan_2019.yaml (worked out from the YAML by hand); unknown utfall is empty, never 0."""
    returned(plan, Period.parse("2019-Q1"), tmp_path)
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(tmp_path), "--ar", "2019", "--plan", str(PLAN), "-o", str(out),
                                 "--format", "csv", "-q"])
    assert result.exit_code == 0, result.output
    with open(out / "uppfoljning-finsam-forbund.csv", encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines == [
        ["post", "avser", "rubrik", "budget", "utfall"],
        ["tilldelade_medel", "staten", "Tilldelade medel: Staten (Försäkringskassan och Arbetsförmedlingen)",
         "6050000", ""],
        ["tilldelade_medel", "region", "Tilldelade medel: Regionen", "3025000", ""],
        ["tilldelade_medel", "kommuner", "Tilldelade medel: Kommunerna", "3025000", ""],  # 1 815 000 + 1 210 000
        ["tilldelade_medel_kommun", "Exempelby", "Tilldelade medel: Exempelby", "1815000", ""],
        ["tilldelade_medel_kommun", "Övreby", "Tilldelade medel: Övreby", "1210000", ""],
        ["tilldelade_medel_totalt", "", "Tilldelade medel totalt", "12100000", ""],
        ["eget_kapital", "", "Eget kapital", "1500000", ""],
        ["kostnad", "styrelse", "Förbundets kostnader: Styrelse", "200000", "184500"],
        ["kostnad", "administration", "Förbundets kostnader: Administration", "1100000", ""],
        ["kostnad", "revision", "Förbundets kostnader: Revision", "60000", ""],
        ["kostnader_totalt", "", "Förbundets kostnader totalt", "1360000", "184500"],
    ]
    assert not (out / "sammanstallning.xlsx").exists()  # csv only: the sheet Förbundet is not written
    alone = runner.invoke(app, ["consolidate", str(tmp_path), "--ar", "2019", "-o", str(tmp_path / "utan"),
                                "--format", "csv", "-q"])
    assert alone.exit_code == 0, alone.output
    assert not (tmp_path / "utan" / "uppfoljning-finsam-forbund.csv").exists()  # without a plan nothing to say


def test_a_quarter_has_no_annex(quarter):
    _, out = quarter
    doc = Document(str(out / "sammanstallning.docx"))
    assert "Underlag till årsredovisningen" not in [p.text for p in doc.paragraphs]


def test_demo_starts_from_a_plan_and_consolidates_against_it(tmp_path):
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo-plan" / "forbundsplan_2025.xlsx").exists()
    assert (tmp_path / "demo-plan" / "Verksamhetsplan och budget 2025.docx").exists()
    assert "Sammanställning för år 2025 mot planen" in result.output
    # The demo's one report never returned (Samordningsteamet, Q4) is Saknas with the plan's contact: in the
    # terminal, the xlsx and the docx; nothing else is missing (the cumulative insatser's later reports cover
    # their faulty earlier ones).
    assert ("  Saknas: Samordningsteamet 2025-Q4 (Region Exempelbygd, Närsjukvården), kontakt: "
            "samordningsteamet@exempelbygd.se. Ingen rapport.") in result.output.splitlines()
    assert " 1 saknas enligt planen." in " ".join(result.output.split())
    out = tmp_path / "demo-sammanstallning"
    missing = [row for row in load_workbook(out / "sammanstallning.xlsx")["Saknas"].values if row[2] == "2025-Q4"]
    assert missing == [("Samordningsteamet", "Region Exempelbygd, Närsjukvården", "2025-Q4",
                        "samordningsteamet@exempelbygd.se", "Ingen rapport")]
    doc = Document(str(out / "sammanstallning.docx"))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert ["Samordningsteamet", "2025-Q4", "samordningsteamet@exempelbygd.se", "Ingen rapport"] in rows
    assert "Enligt förbundets plan för 2025 saknas 1 rapport för år 2025:" in [p.text for p in doc.paragraphs]
    with open(out / "uppfoljning-finsam-forbund.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["post", "avser", "rubrik", "budget", "utfall"]
