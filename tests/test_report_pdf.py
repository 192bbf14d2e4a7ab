"""PDF through LibreOffice: every report type converts in one soffice run; pages and key figures checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require_tool
from toolkit.catalog import REPORT_TYPES
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.periods import Period
from toolkit.report import create_report, to_pdf_many

NBSP = "\u00a0"


def _report(kind: str):
    if kind == "helar":
        return demo_report(INSATSER[0], Period.parse("2025"))
    insats = next(i for i in INSATSER if i.kind == REPORT_TYPES[kind][1])
    return demo_report(insats, demo_periods(insats)[-1])


def test_every_report_type_converts_to_pdf(tmp_path):
    require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    reports = {kind: _report(kind) for kind in REPORT_TYPES}
    docxs = [create_report(r, tmp_path / f"{kind}.docx", draft=kind == "kvartal") for kind, r in reports.items()]
    pdfs = to_pdf_many(docxs, tmp_path / "pdf")  # one LibreOffice start for all five
    assert [p.name for p in pdfs] == [f"{kind}.pdf" for kind in REPORT_TYPES]
    for (kind, report), pdf in zip(reports.items(), pdfs):
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.count("\f")
        assert 2 <= pages <= 8, f"{kind}: {pages} pages"
        flat = " ".join(text.replace(NBSP, " ").split())
        assert REPORT_TYPES[kind][0] in flat
        assert report.insats in flat
        total_in = sum(a.inskrivna.antal for a in report.aktiviteter)
        gar, avs = (sum(a.row(r).antal for a in report.aktiviteter) for r in ("gar_vidare", "avslutade"))
        assert f"{round(100 * gar / avs)} % av de avslutade går vidare" in flat
        assert f" {total_in} " in flat
        budget = f"{sum(r.budget for r in report.ekonomi.rader):,}".replace(",", " ")
        assert budget in flat
        assert f"Sida 1 av {pages}" in flat
        assert ("UTKAST – innehåller fel" in flat) == (kind == "kvartal")


def test_a_missing_document_is_a_swedish_error(tmp_path):
    require_tool("soffice")
    from toolkit.errors import FinsamError

    with pytest.raises(FinsamError, match="finns inte"):
        to_pdf_many([tmp_path / "saknas.docx"], tmp_path)


def test_cli_pdf_option_writes_the_pdf_next_to_the_report(example, make_workbook, tmp_path):
    require_tool("soffice")
    from typer.testing import CliRunner

    from toolkit.cli import app

    out = tmp_path / "rapport.docx"
    result = CliRunner().invoke(app, ["report", str(make_workbook(example)), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Skrev {out}", f"Skrev {out.with_suffix('.pdf')}"]
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="the processes running now are Linux's figure")
def test_a_process_running_now_makes_a_core_busy():
    """Busy cores are the processes running now besides this one, not the past minute's average (which
    counts this program's own work)."""
    from toolkit.report import pdf

    spinner = subprocess.Popen([sys.executable, "-c", "print('go', flush=True)\nwhile True: pass"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert spinner.stdout.readline() == "go\n"
        assert pdf._busy() >= 1
    finally:
        spinner.kill()
        spinner.wait()


def test_a_long_list_is_split_over_one_run_per_core_each_with_its_own_profile(tmp_path, monkeypatch):
    """The split itself, with a stand-in for LibreOffice that writes what it is asked to: every document in
    exactly one run, one run per free core from PER_RUN documents per core on, never a profile shared."""
    from toolkit.report import pdf

    runs = []

    def fake_run(command):
        runs.append(command)
        outdir = Path(command[command.index("--outdir") + 1])
        outdir.mkdir(exist_ok=True)
        for doc in command[command.index("--outdir") + 2:]:
            (outdir / f"{Path(doc).stem}.pdf").write_bytes(b"%PDF " + Path(doc).read_bytes())
        return subprocess.CompletedProcess(command, 0, "", "")

    started, instances = [], []

    def fake_start(command):  # an instance started ahead: a process that would run until ended
        started.append(command)
        instances.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                          start_new_session=True))
        return instances[-1]

    monkeypatch.setattr(pdf, "_run", fake_run)
    monkeypatch.setattr(pdf, "_start", fake_start)
    monkeypatch.setattr(pdf, "_which", lambda: "soffice")
    monkeypatch.setattr(pdf.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pdf, "_busy", lambda: 0)  # both cores free
    docxs = []
    for k in range(2 * pdf.PER_RUN):
        docxs.append(tmp_path / f"r{k}.docx")
        docxs[-1].write_bytes(f"rapport {k}".encode())
    made = to_pdf_many(docxs, tmp_path / "pdf")
    assert [p.read_bytes() for p in made] == [f"%PDF rapport {k}".encode() for k in range(2 * pdf.PER_RUN)]
    assert len(runs) == 2
    profiles = [arg for run in runs for arg in run if arg.startswith("-env:UserInstallation=")]
    assert len(set(profiles)) == 2
    assert sorted(profiles) == sorted(command[1] for command in started)  # each run went to its instance
    assert [proc.poll() for proc in instances] == [-9, -9]  # and the instances were ended afterwards
    assert sorted(Path(d).name for run in runs for d in run[run.index("--outdir") + 2:]) == \
        sorted(f"{k:05d} r{k}.docx" for k in range(2 * pdf.PER_RUN))
    runs.clear()
    to_pdf_many(docxs[: 2 * pdf.PER_RUN - 1], tmp_path / "pdf")  # too few for two runs to pay
    assert len(runs) == 1
    runs.clear()
    monkeypatch.setattr(pdf, "_busy", lambda: 1)  # one core busy already
    to_pdf_many(docxs, tmp_path / "pdf")
    assert len(runs) == 1


def test_libreoffice_that_cannot_be_started_ahead_leaves_the_conversion_to_itself(tmp_path, monkeypatch):
    """Starting ahead is only a head start: when it fails, the instances already started are ended, and the
    conversion runs (here a stand-in) as without it."""
    from toolkit.report import pdf

    instances, runs = [], []

    def fake_start(command):
        if instances:
            raise OSError("kan inte startas")
        instances.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                          start_new_session=True))
        return instances[-1]

    def fake_run(command):
        runs.append(command)
        outdir = Path(command[command.index("--outdir") + 1])
        outdir.mkdir(exist_ok=True)
        for doc in command[command.index("--outdir") + 2:]:
            (outdir / f"{Path(doc).stem}.pdf").write_bytes(b"%PDF")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pdf, "_start", fake_start)
    monkeypatch.setattr(pdf, "_run", fake_run)
    monkeypatch.setattr(pdf, "_which", lambda: "soffice")
    monkeypatch.setattr(pdf, "_free_cores", lambda: 2)
    docxs = [tmp_path / f"r{k}.docx" for k in range(2 * pdf.PER_RUN)]
    for d in docxs:
        d.write_bytes(b"rapport")
    made = to_pdf_many(docxs, tmp_path / "pdf")
    assert [p.read_bytes() for p in made] == [b"%PDF"] * len(docxs)
    assert len(runs) == 2 and [proc.poll() for proc in instances] == [-9]


@pytest.mark.parametrize("own", [None, "glibc.malloc.arena_max=2"])
def test_libreoffice_runs_with_huge_pages_for_its_buffers_beside_the_users_own_tunables(tmp_path, monkeypatch, own):
    """Both ways LibreOffice is started (ahead, and by a conversion) get `HUGE_PAGES`; tunables the user
    has set are kept."""
    from toolkit.report import pdf

    if own is None:
        monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    else:
        monkeypatch.setenv("GLIBC_TUNABLES", own)
    seen = tmp_path / "seen"
    record = [sys.executable, "-c", "import os, sys; open(sys.argv[1], 'a').write(os.environ['GLIBC_TUNABLES'] + '\\n')",
              str(seen)]
    assert pdf._run(record).returncode == 0
    started = pdf._start(record)
    assert started.wait(timeout=30) == 0
    expected = pdf.HUGE_PAGES if own is None else f"{own}:{pdf.HUGE_PAGES}"
    assert seen.read_text().splitlines() == [expected, expected]
