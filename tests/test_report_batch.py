"""`finsam report` over several workbooks or a folder: one report each, past bad files, PDFs in one run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import require_tool
from toolkit.cli import app

runner = CliRunner()


@pytest.fixture
def folder(example, make_workbook, tmp_path: Path) -> Path:
    """Two clean workbooks (other insats names), one with an error, one that is no workbook at all."""
    for name in ("a", "b"):
        example.insats = f"Insats {name.upper()}"
        make_workbook(example, f"in/{name}.xlsx")
    example.insats = "Insats C"
    make_workbook(example, "in/c_fel.xlsx", akt1_inskrivna_under_30="ca 5")
    (tmp_path / "in" / "d_trasig.xlsx").write_text("inte en arbetsbok")
    return tmp_path / "in"


def test_a_folder_gives_a_report_per_workbook_and_goes_on_past_bad_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapporter"
    result = runner.invoke(app, ["report", str(folder), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["Tertialrapport Insats A 2017-T2.docx",
                                                         "Tertialrapport Insats B 2017-T2.docx"]
    lines = result.output.splitlines()
    assert f"{folder / 'c_fel.xlsx'}: 1 fel, så ingen rapport skapades. Första: Deltagare!" in result.output
    assert any(line.startswith(f"Fel: {folder / 'd_trasig.xlsx'}: ") for line in lines)
    assert lines[-1] == "2 av 4 arbetsböcker fick en rapport, 2 fick ingen."


def test_several_workbooks_with_drafts_all_get_a_report(folder: Path, tmp_path: Path) -> None:
    files = [str(folder / name) for name in ("a.xlsx", "b.xlsx", "c_fel.xlsx")]
    result = runner.invoke(app, ["report", *files, "--utkast"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.glob("*.docx")) == [
        "Tertialrapport Insats A 2017-T2.docx", "Tertialrapport Insats B 2017-T2.docx",
        "Utkast tertialrapport Insats C 2017-T2.docx"]
    assert result.output.splitlines()[-1] == "3 av 3 arbetsböcker fick en rapport."


def test_options_for_one_workbook_are_refused_with_several(folder: Path, tmp_path: Path) -> None:
    one_file = runner.invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.docx")])
    assert one_file.exit_code == 2
    assert one_file.output == f"Fel: Med 4 arbetsböcker anger --output en mapp, inte filen {tmp_path / 'r.docx'}.\n"
    compare = runner.invoke(app, ["report", str(folder), "--jamfor", str(folder / "a.xlsx")])
    assert compare.exit_code == 2
    assert "--jamfor fungerar med en arbetsbok i taget, men 4 hittades." in compare.output


#: Runs `finsam ARGS` in a subreaper process (argv[1]: LibreOffice's time limit in seconds, or "" for the
#: default): any process the command leaves behind stays our child, so a survivor is found.
_REAPER = """
import contextlib, ctypes, io, json, os, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
import toolkit.report.pdf
from toolkit.cli import main
if sys.argv[1]:
    toolkit.report.pdf.TIMEOUT_S = float(sys.argv[1])
sys.argv = ["finsam", *sys.argv[2:]]
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
time.sleep(0.3)
while True:  # reap the processes that ended after their parent (zombies are not survivors)
    try:
        if os.waitpid(-1, os.WNOHANG)[0] == 0:
            break
    except ChildProcessError:
        break
alive = []
for entry in os.listdir("/proc"):
    try:
        with open(f"/proc/{entry}/stat") as fh:
            fields = fh.read().rsplit(")", 1)
        if int(fields[1].split()[1]) == os.getpid():
            alive.append(fields[0])
    except (OSError, ValueError, IndexError):
        continue
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(), "alive": alive}))
"""


def _reaped(tmp_path: Path, timeout: str, *args: str, hang: bool = False) -> tuple[dict, list[str]]:
    """Run `finsam ARGS` under the subreaper with a soffice that logs its starts; (result, each start's arguments).

    With `hang`, the soffice stand-in runs the real one and then waits on a child that never ends."""
    real = require_tool("soffice")
    shim = tmp_path / "bin" / "soffice"
    shim.parent.mkdir(exist_ok=True)
    log = tmp_path / "starts.log"
    run = f"'{real}' \"$@\"\nsleep 600" if hang else f"exec '{real}' \"$@\""
    shim.write_text(f"#!/bin/sh\necho \"$*\" >> '{log}'\n{run}\n")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-c", _REAPER, timeout, *args], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), log.read_text().splitlines() if log.exists() else []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the subreaper is a Linux feature")
def test_pdf_for_a_batch_in_one_libreoffice_run_and_no_process_survives(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapporter"
    result, starts = _reaped(tmp_path, "", "report", str(folder / "a.xlsx"), str(folder / "b.xlsx"), "-o", str(out),
                             "--pdf")
    assert result["code"] == 0, result
    assert sorted(p.name for p in out.glob("*.pdf")) == ["Tertialrapport Insats A 2017-T2.pdf",
                                                        "Tertialrapport Insats B 2017-T2.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.glob("*.pdf"))
    # LibreOffice started ahead, and one conversion of both reports handed to it (the same profile)
    ahead, conversion = starts
    assert "--convert-to" not in ahead and conversion.count(".docx") == 2
    assert ahead.split()[0] == conversion.split()[0] and ahead.split()[0].startswith("-env:UserInstallation=")
    assert result["alive"] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the subreaper is a Linux feature")
def test_libreoffice_stopped_at_its_time_limit_leaves_no_process(folder: Path, tmp_path: Path) -> None:
    result, _ = _reaped(tmp_path, "2", "report", str(folder / "a.xlsx"), "-o", str(tmp_path / "r.docx"), "--pdf",
                        hang=True)
    assert result["code"] == 2
    assert "LibreOffice svarade inte inom" in result["err"]
    assert result["alive"] == []
