"""Consolidation of a fixture förbund: totals, Uppföljning Finsam, what counts and why, safety, the CLI."""

from __future__ import annotations

import copy
import csv
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import workbook_file
from consolidate_fixtures import (AKTIVITETSCENTER, GRONA_RUM, INJECTED, SAMORDNINGSTEAMET, UNGA,  # noqa: F401
                                  expected_year, forbund, year)
from toolkit.cli import app
from toolkit.consolidate import Masker, consolidate, write_outputs
from toolkit import parallel
from toolkit.consolidate.figures import assess_goal, forbund_totals, goals
from toolkit.consolidate.select import Part, combine
from toolkit.demo import demo_report
from toolkit.model import Count
from toolkit.periods import Period
from toolkit.report.goals import DELVIS, UPPFYLLT

runner = CliRunner()



def _sum_counts(models, row):
    total = Count()
    for m in models:
        total = total + m.total(row)
    return total


def _expected_counts(entry):
    """Flows summed; participants by the ledger: the first quarter's inskrivna + the later quarters' nya."""
    models = entry if isinstance(entry, list) else [entry]
    counts = {row: _sum_counts(models, row) for row in ("avslutade", "gar_vidare")}
    counts["inskrivna"] = models[0].total("inskrivna") + _sum_counts(models[1:], "nya")
    return counts


def test_totals_per_insats_follow_the_year_rule(forbund, year):
    by_name = {i.report.insats: i for i in year.insatser}
    assert set(by_name) == set(expected_year(forbund))
    for name, entry in expected_year(forbund).items():
        report = by_name[name].report
        for row, count in _expected_counts(entry).items():
            assert report.total(row) == count, (name, row)
    # Cumulative quarters: only Q4 is in the sum; non-cumulative quarters: all four are.
    ac = by_name[AKTIVITETSCENTER.namn]
    assert [(p.path.name, p.in_sum) for p in ac.parts] == [
        ("ac_2025-Q1.xlsx", False), ("ac_2025-Q2.xlsx", False), ("ac_2025-Q3.xlsx", False), ("ac_2025-Q4.xlsx", True)]
    st = by_name[SAMORDNINGSTEAMET.namn]
    assert all(p.in_sum for p in st.parts) and st.covered == pytest.approx(1.0)
    utfall = sum(r.ekonomi.summa("utfall_period") for r in expected_year(forbund)[SAMORDNINGSTEAMET.namn])
    assert sum(line.utfall_ackumulerat or 0 for line in st.report.ekonomi.rader) == utfall


def test_forbund_totals_are_the_sum_of_the_counted_insatser(forbund, year):
    expected = {"deltagare": 0, "kvinnor": 0, "avslutade": 0}
    budget = 0
    for entry in expected_year(forbund).values():
        counts = _expected_counts(entry)
        expected["deltagare"] += counts["inskrivna"].antal
        expected["kvinnor"] += counts["inskrivna"].kvinnor
        expected["avslutade"] += counts["avslutade"].antal
        latest = entry[-1] if isinstance(entry, list) else entry
        budget += latest.ekonomi.budget_totalt
    totals = forbund_totals(year)
    assert {k: totals[k] for k in expected} == expected
    assert totals["budget"] == budget


def test_left_out_files_and_reasons(year):
    assert sorted((o.path.name, o.reason) for o in year.left_out) == [
        ("ac_2024-Q4.xlsx", "Annan period"),
        ("grona_2025-T3.xlsx", "Dubblett"),
        ("grona_kopia.xlsx", "Dubblett"),
        ("unga_slut.xlsx", "Slutrapport för längre tid"),
    ]
    duplicate = next(o for o in year.left_out if o.path.name == "grona_2025-T3.xlsx")
    assert "grona_kopia.xlsx" in duplicate.detail
    final = next(o for o in year.left_out if o.path.name == "unga_slut.xlsx")
    assert final.detail == ("Slutrapport för hela insatstiden 2023-03-01–2025-12-31: räknas inte in i ett "
                            "enskilt år.")
    assert year.counted_files == 9 and year.failed  # the duplicates are errors of the year's files
    # The final report's own error is only listed: it is outside the year.
    assert {f.code for f in year.errors} == {"dubbel-rapport"}
    assert any(f.code == "sum-kon" and f.file.endswith("unga_slut.xlsx") for f in year.listed_findings)


@pytest.fixture(scope="module")
def final_2025(tmp_path_factory):
    """A final report for an insats that ran within 2025 only, with Kvinnor + Män ≠ Antal (an error)."""
    report = demo_report(UNGA, Period.final(Period.parse("2025-Q1").start, Period.parse("2025-Q4").end))
    report.insats = "Kort insats"
    path = tmp_path_factory.mktemp("kort") / "kort_slut.xlsx"
    workbook_file(path, report, akt1_inskrivna_kvinnor=(report.aktiviteter[0].inskrivna.kvinnor or 0) + 3)
    return path, report


def test_include_errors_counts_the_faulty_file_but_never_duplicates(forbund, final_2025):
    path, report = final_2025
    sel = consolidate([forbund.folder, path], year=2025, workers=1)
    assert ("kort_slut.xlsx", "Har fel") in {(o.path.name, o.reason) for o in sel.left_out}
    sel = consolidate([forbund.folder, path], year=2025, include_errors=True, workers=1)
    assert {o.reason for o in sel.left_out} == {"Annan period", "Dubblett", "Slutrapport för längre tid"}
    counted = {i.report.insats: i for i in sel.insatser}
    assert counted["Kort insats"].report.total("inskrivna").antal == report.total("inskrivna").antal
    assert GRONA_RUM.namn not in counted and "Unga vuxna i arbete" not in counted


def test_a_final_report_counts_only_within_the_period_asked_for(forbund, final_2025):
    path, _ = final_2025
    whole_year = consolidate([path], year=2025, include_errors=True, workers=1)
    assert [i.report.insats for i in whole_year.insatser] == ["Kort insats"] and not whole_year.left_out
    quarter = consolidate([forbund.folder, path], period=Period.parse("2025-Q4"), workers=1)
    final = {o.path.name: o for o in quarter.left_out if o.reason == "Slutrapport för längre tid"}
    assert set(final) == {"kort_slut.xlsx", "unga_slut.xlsx"}
    assert final["kort_slut.xlsx"].detail == ("Slutrapport för hela insatstiden 2025-01-01–2025-12-31: räknas inte "
                                              "in i kvartal 4 2025, bara när hela insatstiden ligger inom perioden.")
    assert not quarter.errors  # both final reports have errors, but they are outside kvartal 4


def test_goal_target_and_outcome_cover_the_same_span(forbund, year):
    """Samordningsteamet's four quarters: the participants of the year by the ledger against the yearly
    target. Without Q2: the target is prorated to 3/4, and the participants of the three quarters cannot be
    known (who started in Q2 and stayed into Q3 is in no report), so the goal cannot be judged."""
    quarters = [forbund.models[f"st_2025-Q{q}.xlsx"] for q in range(1, 5)]
    goal = next(g for g in quarters[-1].mal if g.typ == "volymmal")
    outcome = quarters[0].total("inskrivna").antal + sum(m.total("nya").antal for m in quarters[1:])
    rows = [r for r in goals(year, Masker()).rows if r[1] == SAMORDNINGSTEAMET.namn and r[3] == goal.beskrivning]
    assert [r[4:] for r in rows] == [[str(round(goal.malvarde)), str(outcome),
                                      UPPFYLLT if outcome >= goal.malvarde else DELVIS]]
    files = [p for p in forbund.folder.rglob("*.xlsx") if p.name != "st_2025-Q2.xlsx"]
    sel = consolidate(files, year=2025, workers=1)
    st = next(i for i in sel.insatser if i.report.insats == SAMORDNINGSTEAMET.namn)
    assert st.covered == pytest.approx(0.75) and st.osaker
    rows = [r for r in goals(sel, Masker()).rows if r[1] == SAMORDNINGSTEAMET.namn and r[3] == goal.beskrivning]
    assert [r[4:] for r in rows] == [[str(round(goal.malvarde * 0.75)), "–", "Kan inte bedömas"]]
    assert [f.code for f in sel.warnings if f.file.endswith("st_2025-Q3.xlsx")] == ["deltagare-osakert"]


def test_a_typed_goal_outcome_is_assessed_against_its_own_report(forbund):
    """Four quarters summed, but the outcome typed in Q4 is Q4's: the target is prorated to one quarter."""
    parts = [Part(forbund.path(f"st_2025-Q{q}.xlsx"), copy.deepcopy(forbund.models[f"st_2025-Q{q}.xlsx"]))
             for q in range(1, 5)]
    goal = next(g for g in parts[-1].report.mal if g.typ == "volymmal")
    goal.utfall = round(goal.malvarde / 4) - 1
    item = combine(parts)
    assert item.covered == pytest.approx(1.0)
    assessed = assess_goal(item, goal)
    assert (assessed.malvarde_text, assessed.bedomning) == (str(round(goal.malvarde / 4)), DELVIS)


def test_one_period_lists_the_others(forbund):
    sel = consolidate([forbund.folder], period=Period.parse("2025-Q4"), workers=1)
    assert {i.report.insats for i in sel.insatser} == {AKTIVITETSCENTER.namn, SAMORDNINGSTEAMET.namn}
    st = next(i for i in sel.insatser if i.report.insats == SAMORDNINGSTEAMET.namn)
    assert st.report.total("inskrivna") == forbund.models["st_2025-Q4.xlsx"].total("inskrivna")
    # Every other file is from another period, whatever else is wrong with it (13 files, 2 counted).
    assert [o.reason for o in sel.left_out] == ["Annan period"] * 10 + ["Slutrapport för längre tid"]
    # Their errors (a duplicate, Kvinnor + Män ≠ Antal) are listed, but they are not this period's.
    assert not sel.errors and not sel.warnings and not sel.failed
    assert {f.code for f in sel.listed_findings} >= {"dubbel-rapport", "sum-kon"}


def test_workbook_sheets_totals_and_uppfoljning(forbund, year, tmp_path):
    path, = write_outputs(year, tmp_path, ("xlsx",))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Översikt", "Diagram", "Ej medräknade", "Deltagare", "Avslut", "Mål", "Ekonomi",
                             "Finansiering", "Uppföljning Finsam", "Trend", "Kontroll"]
    rows = [r for r in wb["Uppföljning Finsam"].iter_rows(values_only=True) if r[0]]
    header = next(r for r in rows if r[0] == "insats")
    data = {r[0]: dict(zip(header, r)) for r in rows[rows.index(header) + 1:]}
    expected_total = 0
    for name, entry in expected_year(forbund).items():
        counts = _expected_counts(entry)["inskrivna"]
        expected_total += counts.antal
        latest = entry[-1] if isinstance(entry, list) else entry
        assert (data[name]["deltagare_kvinnor"], data[name]["deltagare_man"], data[name]["deltagare_totalt"]) == (
            counts.kvinnor, counts.man, counts.antal)
        assert (data[name]["inriktning"], data[name]["esf"], data[name]["osaker"]) == (
            "individ", "ja" if latest.esf else "nej", "nej")
        assert data[name]["budget"] == latest.ekonomi.budget_totalt
        assert data[name]["budgeterat_antal_deltagare"] == sum(a.volymmal_per_ar for a in latest.aktiviteter)
    # the total rows: the participants of every insats, from the fixture's own figures
    assert data["Summa"]["deltagare_totalt"] == expected_total
    sheet = [r for r in wb["Översikt"].iter_rows(values_only=True)]
    head = next(r for r in sheet if r[0] == "Förbund")
    assert dict(zip(head, next(r for r in sheet if r[0] == "Summa")))["Deltagare"] == expected_total
    assert wb["Översikt"].freeze_panes is not None
    kontroll = [r for r in wb["Kontroll"].iter_rows(values_only=True)]
    assert any(r[0] == "unga_slut.xlsx" and r[4] == "sum-kon" and r[6] for r in kontroll)


def test_text_that_looks_like_a_formula_stays_text(year, tmp_path):
    path, = write_outputs(year, tmp_path, ("xlsx",))
    wb = load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value in (INJECTED, "@SUMMA(A1)")]
    assert {c.value for c in cells} == {INJECTED, "@SUMMA(A1)"}
    assert all(c.data_type == "s" for c in cells)


def test_tidy_csv_has_one_row_per_measure(forbund, year, tmp_path):
    path, uppfoljning_csv = write_outputs(year, tmp_path, ("csv",))
    assert uppfoljning_csv.name == "uppfoljning-finsam.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ac = forbund.models["ac_2025-Q4.xlsx"]
    combined = [r for r in rows if r["insats"] == AKTIVITETSCENTER.namn and r["sammanstallt"] == "true"
                and r["aktivitet"] == "Alla aktiviteter" and r["matt"] == "inskrivna"]
    assert {r["grupp"]: int(r["varde"]) for r in combined} == {
        "antal": ac.total("inskrivna").antal, "kvinnor": ac.total("inskrivna").kvinnor,
        "man": ac.total("inskrivna").man, "under_30": ac.total("inskrivna").under_30}
    per_period = {r["period"] for r in rows if r["insats"] == SAMORDNINGSTEAMET.namn and r["sammanstallt"] == "false"}
    assert per_period == {f"2025-Q{q}" for q in range(1, 5)}


def test_inputs_are_never_modified(forbund, tmp_path):
    before = forbund.hashes()
    sel = consolidate([forbund.folder], year=2025, workers=2)
    write_outputs(sel, tmp_path, ("xlsx", "csv", "parquet"), Masker(5))
    assert forbund.hashes() == before


def test_workers_give_the_same_result_as_one_process(forbund, monkeypatch):
    one = consolidate([forbund.folder], year=2025, workers=1)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)  # processes even for this small folder
    assert parallel.worker_count(13, 2) == 2
    two = consolidate([forbund.folder], year=2025, workers=2)
    assert forbund_totals(one) == forbund_totals(two)
    assert [(o.path, o.reason) for o in one.left_out] == [(o.path, o.reason) for o in two.left_out]


def test_the_collector_is_paused_while_the_reports_are_read_and_selected(forbund, monkeypatch):
    """Reading and selecting build plain data: the garbage collector does not pass over it meanwhile, and
    runs as before afterwards."""
    import gc

    import toolkit.consolidate as consolidation

    during: list[bool] = []
    select = consolidation.select
    monkeypatch.setattr(consolidation, "select", lambda *a, **k: during.append(gc.isenabled()) or select(*a, **k))
    sel = consolidate([forbund.folder], year=2025, workers=1)
    assert during == [False] and gc.isenabled() and sel.counted_files == 9


def test_cli_exit_codes_and_summary_line(forbund, tmp_path):
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(forbund.folder), "--ar", "2025", "-o", str(out),
                                 "--format", "xlsx,csv", "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert ("Läste 13 filer för år 2025: 9 räknades in (3 insatser), 4 lämnades utanför (1 annan period, "
            "2 dubbletter, 1 slutrapport för längre tid). 2 fel, 0 varningar.") in result.output
    assert (out / "sammanstallning.xlsx").exists() and (out / "sammanstallning.csv").exists()
    clean = [str(forbund.path(f"ac_2025-Q{q}.xlsx")) for q in range(1, 5)]
    result = runner.invoke(app, ["consolidate", *clean, "-o", str(out), "--format", "csv", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("Läste 4 filer för år 2025: 4 räknades in (1 insats), ingen")


def test_cli_counts_only_the_findings_of_the_period_asked_for(forbund, tmp_path):
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(forbund.folder), "--period", "2025-Q4", "-o", str(out),
                                 "--format", "xlsx", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("(10 andra perioder, 1 slutrapport för längre tid). 0 fel, 0 varningar.")
    kontroll = list(load_workbook(out / "sammanstallning.xlsx")["Kontroll"].iter_rows(values_only=True))
    assert any(r[0] == "unga_slut.xlsx" and r[4] == "sum-kon" for r in kontroll)  # still listed


def test_cli_no_file_for_the_period_writes_nothing_and_exits_2(forbund, tmp_path):
    out = tmp_path / "ut"
    result = runner.invoke(app, ["consolidate", str(forbund.folder), "--period", "2024-Q1", "-o", str(out)])
    assert result.exit_code == 2
    assert f"Fel: Inga arbetsböcker för kvartal 1 2024 i {forbund.folder}: alla 13 filer gäller andra perioder." \
        in " ".join(result.output.split())
    assert not out.exists()
    result = runner.invoke(app, ["consolidate", str(forbund.path("ac_2024-Q4.xlsx")), "--ar", "2023", "-o", str(out)])
    assert result.exit_code == 2 and "den enda filen gäller andra perioder" in result.output and not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--period", "2025-Q4", "--ar", "2025"], "Fel: Ange antingen --period eller --ar, inte båda."),
    (["--period", "2025-Q9"], "Fel: Ogiltig period ”2025-Q9”: kvartal 9 finns inte, det finns 4 per år."),
    (["--format", "pdf"], "Fel: Okänt format ”pdf”. Välj bland xlsx, docx, csv, parquet."),
    (["--maskera", "2"], "Fel: --maskera behöver ett tal från 3 och uppåt, t.ex. --maskera 5 (med 2 skulle inget "
                         "döljas)."),
])
def test_cli_usage_errors_exit_2(forbund, tmp_path, args, message):
    result = runner.invoke(app, ["consolidate", str(forbund.folder), "-o", str(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_empty_folder_exits_2(tmp_path):
    (tmp_path / "tom").mkdir()
    result = runner.invoke(app, ["consolidate", str(tmp_path / "tom"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "Fel: Inga arbetsböcker (.xlsx) hittades i de angivna mapparna." in result.output


def test_strict_treats_warnings_as_errors(forbund, tmp_path, make_workbook):
    report = copy.deepcopy(forbund.models["ac_2025-Q4.xlsx"])
    report.ekonomi.rader[0].utfall_ackumulerat = round((report.ekonomi.rader[0].budget or 0) * 1.3)
    report.ekonomi.kommentar = ""
    path = make_workbook(report, name="varning.xlsx")
    lenient = consolidate([path], workers=1)
    assert lenient.warnings and not lenient.errors and not lenient.failed and lenient.counted_files == 1
    strict = consolidate([path], strict=True, workers=1)
    assert strict.failed and [(o.reason) for o in strict.left_out] == ["Har varningar"]
    assert strict.left_out[0].detail.endswith("se bladet Kontroll i sammanställningen. Rätta filen och sammanställ "
                                              "igen.")


def test_tidy_files_written_beside_the_workbook_are_the_same(year, tmp_path, monkeypatch):
    import toolkit.consolidate as package
    sequential = write_outputs(year, tmp_path / "a", ("xlsx", "csv"))
    monkeypatch.setattr(package, "PARALLEL_FROM", 1)
    parallel = write_outputs(year, tmp_path / "b", ("xlsx", "csv"))
    assert [p.name for p in parallel] == [p.name for p in sequential] == [
        "sammanstallning.xlsx", "sammanstallning.csv", "uppfoljning-finsam.csv"]
    assert parallel[1].read_bytes() == sequential[1].read_bytes()
    assert parallel[2].read_bytes() == sequential[2].read_bytes()


def test_demo_ends_with_the_consolidation_and_exits_0(tmp_path):
    """Run through the console entry point (as `finsam demo` runs): the deliberate faults are found and
    shown, and the demo still succeeds."""
    entry = "import sys; from toolkit.cli import main; sys.argv[0] = 'finsam'; main()"
    result = subprocess.run([sys.executable, "-c", entry, "demo", str(tmp_path / "demo")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "demo-sammanstallning"
    assert "Sammanställning för år 2025" in result.stdout
    # Samordningsteamet's Q4 never came back: one file and one counted report fewer, and it is missing by the plan.
    assert ("Läste 14 filer för år 2025: 10 räknades in (5 insatser), 4 lämnades utanför (3 har fel, 1 slutrapport "
            "för längre tid). 3 fel, 5 varningar. 1 saknas enligt planen.") in " ".join(result.stdout.split())
    for name in ("sammanstallning.xlsx", "sammanstallning.docx", "sammanstallning.csv"):
        assert str(out / name) in result.stdout and (out / name).exists()


def test_large_roll_ups_stream_rows_with_autofilters_and_the_same_values(year, tmp_path, monkeypatch):
    from toolkit.consolidate import xlsx
    tables, = write_outputs(year, tmp_path / "a", ("xlsx",))
    monkeypatch.setattr(xlsx, "TABLE_CELLS", 0)  # as if thousands of files: constant_memory mode
    streamed, = write_outputs(year, tmp_path / "b", ("xlsx",))
    a, b = load_workbook(tables), load_workbook(streamed)
    assert a["Deltagare"].tables and not b["Deltagare"].tables and b["Deltagare"].auto_filter.ref
    for name in a.sheetnames:
        assert list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True)), name
    cell = next(c for row in b["Översikt"].iter_rows() for c in row if c.value == INJECTED)
    assert cell.data_type == "s"
