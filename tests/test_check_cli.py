"""`finsam check`: exit codes 0/1/2 with their messages, --json, --only-errors, --annotate, the demo step."""

from __future__ import annotations

import hashlib
import os
import time
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from toolkit.checks import check_paths
from toolkit.checks.render import KONTROLL_COLUMNS
from toolkit.cli import app
from toolkit.layout import KONTROLL, KONTROLL_HEADER_ROW, KONTROLL_STATUS, layout

runner = CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell(name: str) -> str:
    return layout().field(name).cell


def _flat(output: str) -> str:
    """The output with the table's line wrapping undone."""
    return " ".join(output.split())


def test_clean_workbook_exits_0(example, make_workbook):
    path = make_workbook(example)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "1 fil kontrollerad: inga fel eller varningar.\n"  # one line, not two


def test_warnings_only_exit_0(example, make_workbook):
    path = make_workbook(example, budget1_utfall_ackumulerat=2_500_000,
                  budget1_prognos=2_600_000)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert "1 fil kontrollerad: 0 fel, 2 varningar." in result.output
    assert f"Ekonomi!{_cell('budget1_utfall_ackumulerat')}" in result.output and "Varning" in result.output


def test_errors_exit_1_and_name_file_sheet_cell(example, make_workbook, tmp_path):
    make_workbook(example, name="a.xlsx", akt1_inskrivna_antal="12 st")
    make_workbook(example, name="b.xlsx", insats="Samordningsteamet", budget1_utfall_ackumulerat=2_500_000,
                  budget1_prognos=2_600_000)
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "a.xlsx" in result.output and f"Deltagare!{_cell('akt1_inskrivna_antal')}" in result.output
    assert "”12 st” är inget tal. Skriv bara talet (12) utan text. [text-i-talcell]" in _flat(result.output)
    assert "2 filer kontrollerade: 1 fel, 2 varningar." in result.output


def test_only_errors_hides_warnings_but_counts_them(example, make_workbook, tmp_path):
    make_workbook(example, name="a.xlsx", akt1_inskrivna_antal="12 st")
    make_workbook(example, name="b.xlsx", insats="Samordningsteamet", budget1_utfall_ackumulerat=2_500_000,
                  budget1_prognos=2_600_000)
    result = runner.invoke(app, ["check", str(tmp_path), "--only-errors"])
    assert result.exit_code == 1
    assert "text-i-talcell" in result.output and "utfall-over-budget" not in result.output
    data = json.loads(runner.invoke(app, ["check", str(tmp_path), "--only-errors", "--json"]).stdout)
    assert [f["code"] for f in data["findings"]] == ["text-i-talcell"]


def test_json_equals_the_library_report(example, make_workbook, tmp_path):
    make_workbook(example, name="a.xlsx", akt1_inskrivna_kvinnor=26)
    make_workbook(example, name="b.xlsx", insats="Samordningsteamet")
    result = runner.invoke(app, ["check", str(tmp_path), "--json"])
    assert result.exit_code == 1
    assert result.stdout == check_paths([tmp_path]).to_json() + "\n"
    data = json.loads(result.stdout)
    assert data["stats"] == {"files": 2, "errors": 1, "warnings": 0}
    assert [(f["sheet"], f["cell"], f["code"], f["expected"], f["actual"]) for f in data["findings"]] == [
        ("Deltagare", f"{_cell('akt1_inskrivna_antal')}:{_cell('akt1_inskrivna_man')}", "sum-kon", 40, 41)]


def test_usage_errors_exit_2_with_one_line(example, make_workbook, tmp_path):
    one = make_workbook(example, name="a.xlsx")
    make_workbook(example, name="b.xlsx")
    empty = tmp_path / "tom"
    empty.mkdir()
    cases = [
        (["check", str(tmp_path / "finns-inte.xlsx")],
         f"Fel: Filen eller mappen {tmp_path / 'finns-inte.xlsx'} finns inte."),
        (["check", str(empty)], f"Fel: Inga arbetsböcker (.xlsx) hittades i {empty}."),
        (["check", str(tmp_path), "--annotate", str(tmp_path / "ut.xlsx")],
         "Fel: --annotate fungerar med en arbetsbok i taget, men 2 hittades."),
        (["check", str(one), "--annotate", str(one)],
         "Fel: --annotate måste ange en ny fil; originalet ändras aldrig."),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert result.output.strip() == message
    assert not (tmp_path / "ut.xlsx").exists()


def test_annotate_writes_a_marked_copy_and_leaves_the_input(example, make_workbook, tmp_path):
    example.aktiviteter[0].inskrivna.kvinnor = 26
    path = make_workbook(example, name="rapport.xlsx", akt1_avslutade_under_30="ca 5",
                         budget1_utfall_ackumulerat=2_500_000,
                  budget1_prognos=2_600_000)
    before = _sha(path)
    out = tmp_path / "ut" / "rapport-kontrollerad.xlsx"
    result = runner.invoke(app, ["check", str(path), "--annotate", str(out)])
    assert result.exit_code == 1
    assert _sha(path) == before
    assert f"Skrev {out} med 4 anmärkningar i bladet Kontroll." in result.output

    wb = load_workbook(out)
    ws = wb[KONTROLL]
    assert ws[KONTROLL_STATUS[1]].value.startswith("2 fel, 2 varningar – kontrollerad ")
    header = [c.value for c in ws[KONTROLL_HEADER_ROW][1:1 + len(KONTROLL_COLUMNS)]]  # the live list is beside
    assert header == list(KONTROLL_COLUMNS)
    rows = [[c.value for c in row if c.value is not None]
            for row in ws.iter_rows(min_row=KONTROLL_HEADER_ROW + 1, min_col=2, max_col=8)]
    rows = [r for r in rows if r]  # the live list beside reaches further down
    sum_kon = f"{_cell('akt1_inskrivna_antal')}:{_cell('akt1_inskrivna_man')}"
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("Fel", "text-i-talcell", "Deltagare", _cell("akt1_avslutade_under_30")),
        ("Fel", "sum-kon", "Deltagare", sum_kon),
        ("Varning", "utfall-over-budget", "Ekonomi", _cell("budget1_utfall_ackumulerat")),
        ("Varning", "forbrukning-avviker", "Ekonomi", "E20"),
    ]
    cell_column = 2 + KONTROLL_COLUMNS.index("Cell")
    links = [ws.cell(row=r, column=cell_column).hyperlink.location for r in range(KONTROLL_HEADER_ROW + 1,
                                                                                   KONTROLL_HEADER_ROW + 5)]
    assert links == [f"'Deltagare'!{_cell('akt1_avslutade_under_30')}", f"'Deltagare'!{sum_kon}",
                     f"'Ekonomi'!{_cell('budget1_utfall_ackumulerat')}", "'Ekonomi'!E20"]

    deltagare = wb["Deltagare"]
    faulty = deltagare[_cell("akt1_avslutade_under_30")]
    assert faulty.fill.fgColor.rgb.endswith("FFC7CE")
    assert "”ca 5” är inget tal" in faulty.comment.text
    for name in ("akt1_inskrivna_antal", "akt1_inskrivna_kvinnor", "akt1_inskrivna_man"):
        assert deltagare[_cell(name)].fill.fgColor.rgb.endswith("FFC7CE")
    assert "sum-kon" in deltagare[_cell("akt1_inskrivna_antal")].comment.text
    assert deltagare[_cell("akt1_inskrivna_under_30")].comment is None
    assert wb["Ekonomi"][_cell("budget1_utfall_ackumulerat")].fill.fgColor.rgb.endswith("F8CBAD")
    untouched = load_workbook(path)[KONTROLL]  # the input still has an empty Kontroll (its live list aside)
    assert not any(c.value for row in untouched.iter_rows(min_row=KONTROLL_HEADER_ROW + 1, max_col=8) for c in row)


def test_annotate_a_clean_workbook_and_again_over_old_findings(example, make_workbook, tmp_path):
    dirty = make_workbook(example, name="fel.xlsx", totalt_inskrivna=41)
    first = tmp_path / "fel-kontrollerad.xlsx"
    assert runner.invoke(app, ["check", str(dirty), "--annotate", str(first)]).exit_code == 1
    # Correct the copy and check it again: the old rows go, the status says all is well.
    wb = load_workbook(first)
    wb["Deltagare"][_cell("totalt_inskrivna")] = 40
    wb.save(first)
    second = tmp_path / "rättad-kontrollerad.xlsx"
    result = runner.invoke(app, ["check", str(first), "--annotate", str(second)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(second)[KONTROLL]
    assert ws[KONTROLL_STATUS[1]].value.startswith("Inga fel eller varningar – kontrollerad ")
    assert not any(c.value for row in ws.iter_rows(min_row=KONTROLL_HEADER_ROW + 1, max_col=8) for c in row)


def test_annotate_an_unusable_file_writes_nothing(tmp_path):
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "ut.xlsx"
    result = runner.invoke(app, ["check", str(broken), "--annotate", str(out)])
    assert result.exit_code == 1
    assert "Ingen kopia skrevs: trasig.xlsx kan inte öppnas som arbetsbok." in _flat(result.output)
    assert "[trasig-fil]" in result.output and not out.exists()


def test_check_has_help():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0
    for option in ("--json", "--only-errors", "--annotate"):
        assert option in result.output


def test_demo_shows_its_deliberate_faults_caught(tmp_path):
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "Kontroll av arbetsböckerna" in result.output
    for code in ("sum-kon", "text-i-talcell", "datum-som-text", "utfall-over-budget", "prognos-under-utfall"):
        assert f"[{code}]" in result.output
    # 14 files: Samordningsteamet's Q4 workbook was sent out but never returned (a clean one: faults unchanged)
    assert "14 filer kontrollerade: 3 fel, 5 varningar." in result.output


def _pid_after_a_while(path: Path) -> int:
    time.sleep(0.01)
    return os.getpid()


def test_a_large_batch_runs_in_worker_processes(tmp_path, monkeypatch):
    from toolkit import parallel

    paths = [tmp_path / f"{k}.xlsx" for k in range(40)]
    done: list[Path] = []
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 20)
    pids = parallel.map_files(_pid_after_a_while, paths, workers=2, progress=done.append)
    assert len(set(pids)) == 2 and os.getpid() not in pids
    assert done == paths  # progress once per file, in order
    assert parallel.map_files(_pid_after_a_while, paths[:39], workers=2) == [os.getpid()] * 39  # too few to pay


def test_checking_in_worker_processes_finds_the_same(example, make_workbook, monkeypatch):
    from toolkit import parallel

    for k in range(4):
        example.insats = f"Insats {k}"
        make_workbook(example, f"mapp/wb{k}.xlsx", **({"akt1_inskrivna_under_30": "ca 5"} if k == 2 else {}))
    folder = make_workbook(example, "mapp/wb4.xlsx").parent
    one = check_paths([folder], workers=1)
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    two = check_paths([folder], workers=2)
    assert one.to_json() == two.to_json() and len(one.files) == 5 and one.errors
    cli = runner.invoke(app, ["check", str(folder), "--workers", "2", "--json"])
    assert cli.exit_code == 1 and json.loads(cli.output) == json.loads(one.to_json())
