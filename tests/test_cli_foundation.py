"""`finsam new`, `export` and `demo`: contracts, exit codes and Swedish messages."""

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import EXAMPLE
from toolkit.cli import app
from toolkit.datafile import load_data, report_from_dict
from toolkit.periods import Period
from toolkit.reader import read_workbook

runner = CliRunner()


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("new", "export", "demo"):
        assert command in result.output


def test_new_from_data_then_export_gives_the_same_data(tmp_path):
    out = tmp_path / "aktivitetscenter.xlsx"
    result = runner.invoke(app, ["new", str(out), "--data", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert f"Skapade {out}" in result.output
    for fmt, parse in (("json", json.loads), ("yaml", yaml.safe_load)):
        exported = runner.invoke(app, ["export", str(out), "--format", fmt])
        assert exported.exit_code == 0
        assert report_from_dict(parse(exported.output)) == load_data(EXAMPLE)


def test_export_to_a_file(tmp_path):
    wb = tmp_path / "a.xlsx"
    runner.invoke(app, ["new", str(wb), "--data", str(EXAMPLE)])
    result = runner.invoke(app, ["export", str(wb), "-f", "yaml", "-o", str(tmp_path / "ut.yaml")])
    assert result.exit_code == 0
    assert load_data(tmp_path / "ut.yaml") == load_data(EXAMPLE)


def _bad(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_bad_data_files_give_one_line_and_exit_2(tmp_path):
    cases = {
        "okand_nyckel: 1\n": "Okänd nyckel ”okand_nyckel”",
        "arsplatser: 12 st\n": "arsplatser ska vara ett heltal, inte ”12 st”",
    }
    for extra, message in cases.items():
        result = runner.invoke(app, ["new", str(tmp_path / "x.xlsx"), "--data", str(_bad(tmp_path, extra))])
        assert result.exit_code == 2
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new, message in (("period: 2017-T2", "period: 2022-Q5", "Ogiltig period ”2022-Q5”"),
                              ("rapportdatum: 2023-01-04", "rapportdatum: 2022123", "Ogiltigt datum ”2022123”")):
        path = tmp_path / "d.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        result = runner.invoke(app, ["new", str(tmp_path / "x.xlsx"), "--data", str(path)])
        assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["new", str(tmp_path / "x.csv")]).exit_code == 2
    missing = runner.invoke(app, ["export", str(tmp_path / "saknas.xlsx")])
    assert missing.exit_code == 2 and "finns inte" in missing.output
    assert runner.invoke(app, ["new", str(tmp_path / "x.xlsx"), "--from", str(EXAMPLE)]).exit_code == 2


def test_roll_forward_to_the_next_period(tmp_path):
    last = tmp_path / "t2.xlsx"
    runner.invoke(app, ["new", str(last), "--data", str(EXAMPLE)])
    nxt = tmp_path / "t3.xlsx"
    result = runner.invoke(app, ["new", str(nxt), "--from", str(last), "--period", "2017-T3"])
    assert result.exit_code == 0, result.output
    report = read_workbook(nxt).report
    assert report.period == Period.parse("2017-T3") and report.rapporttyp == "tertial"
    assert report.insats == "Aktivitetscenter" and report.samverkansparter == ["Arbetsförmedlingen", "Försäkringskassan"]
    assert report.aktiviteter[0].namn == "Aktivering i grupp" and report.aktiviteter[0].inskrivna.is_empty()
    assert report.mal[0].malvarde == 0.9 and report.mal[0].utfall is None
    assert report.ekonomi.rader[0].budget == 2_400_000 and report.ekonomi.rader[0].utfall_ackumulerat is None
    assert report.texter == {} and report.period_start is None and report.rapportdatum is None
    backwards = runner.invoke(app, ["new", str(tmp_path / "x.xlsx"), "--from", str(last), "--period", "2017-T1"])
    assert backwards.exit_code == 2 and "kommer inte efter" in backwards.output


def test_demo_writes_five_insatser_over_a_year(tmp_path):
    result = runner.invoke(app, ["demo", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    books = sorted((tmp_path / "demo").glob("*.xlsx"))
    reports = [read_workbook(p).report for p in books]
    assert len({r.insats for r in reports}) >= 5
    kinds = {r.period.kind for r in reports}
    assert {"kvartal", "tertial", "halvar", "slut"} <= kinds
    assert any(len(r.aktiviteter) == 3 for r in reports)
    assert {r.period.code for r in reports if r.period.kind == "kvartal"} == {f"2025-Q{i}" for i in range(1, 5)}
    assert "avsiktligt fel" in result.output


def test_export_names_cells_it_could_not_read(example, make_workbook):
    path = make_workbook(example, akt1_inskrivna_kvinnor="ca 25")
    result = CliRunner().invoke(app, ["export", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert "Varning: Deltagare!D23 lämnas tom i datafilen" in result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert "kvinnor" not in data["aktiviteter"][0]["inskrivna"]


def test_new_never_replaces_a_workbook_unless_asked(tmp_path):
    out = tmp_path / "ifylld.xlsx"
    assert runner.invoke(app, ["new", str(out), "--data", str(EXAMPLE)]).exit_code == 0
    before = out.read_bytes()
    again = runner.invoke(app, ["new", str(out)])
    assert again.exit_code == 2 and "finns redan" in again.output and "--skriv-over" in again.output
    assert out.read_bytes() == before
    rolled = runner.invoke(app, ["new", str(out), "--from", str(out), "--period", "2017-T3"])
    assert rolled.exit_code == 2 and out.read_bytes() == before
    replaced = runner.invoke(app, ["new", str(out), "--skriv-over"])
    assert replaced.exit_code == 0 and read_workbook(out).report.insats == ""


def test_roll_forward_never_replaces_last_periods_workbook(tmp_path):
    last = tmp_path / "t2.xlsx"
    runner.invoke(app, ["new", str(last), "--data", str(EXAMPLE)])
    before = last.read_bytes()
    result = runner.invoke(app, ["new", str(last), "--from", str(last), "--period", "2017-T3", "--skriv-over"])
    assert result.exit_code == 2 and "förra periodens arbetsbok" in result.output
    assert last.read_bytes() == before
