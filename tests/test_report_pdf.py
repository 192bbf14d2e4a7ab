"""PDF through LibreOffice: every report type converts in one soffice run; pages and key figures checked."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import require_tool
from toolkit.catalog import REPORT_TYPES
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.periods import Period
from toolkit.report import create_report, to_pdf_many
from toolkit.report import pdf as pdf_module

NBSP = "\u00a0"


def _report(kind: str):
    if kind == "helar":
        return demo_report(INSATSER[0], Period.parse("2025"))
    insats = next(i for i in INSATSER if i.kind == REPORT_TYPES[kind][1])
    return demo_report(insats, demo_periods(insats)[-1])


def _stand_in(runs: list | None = None, pdf_of: Callable[[Path], bytes] = lambda doc: b"%PDF"):
    """A stand-in for one LibreOffice conversion (`pdf._run`): it writes each document's "PDF", `pdf_of(doc)`,
    where the command asks, and notes the command in `runs`."""
    def run(command):
        if runs is not None:
            runs.append(command)
        outdir = Path(command[command.index("--outdir") + 1])
        outdir.mkdir(exist_ok=True)
        for doc in command[command.index("--outdir") + 2:]:
            (outdir / f"{Path(doc).stem}.pdf").write_bytes(pdf_of(Path(doc)))
        return subprocess.CompletedProcess(command, 0, "", "")

    return run


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

    started, instances = [], []

    def fake_start(command):  # an instance started ahead: a process that would run until ended
        started.append(command)
        instances.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                          start_new_session=True))
        return instances[-1]

    monkeypatch.setattr(pdf, "_run", _stand_in(runs, lambda doc: b"%PDF " + doc.read_bytes()))
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

    monkeypatch.setattr(pdf, "_start", fake_start)
    monkeypatch.setattr(pdf, "_run", _stand_in(runs))
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


@pytest.mark.skipif(not pdf_module.AHEAD or not hasattr(os, "getuid"), reason="LibreOffice's socket file: Unix")
def test_libreoffice_leaves_no_socket_behind(tmp_path):
    """LibreOffice killed at the end removes nothing itself: the socket it listened on (a file in /tmp) is
    removed too. It is there, by the name `_pipe` gives, while the instance runs."""
    require_tool("soffice")
    docx = create_report(_report("kvartal"), tmp_path / "r.docx")
    with pdf_module.Office(1) as office:
        url = office.urls[0]
        deadline = time.monotonic() + 60
        while pdf_module._pipe(url) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        socket = pdf_module._pipe(url)
        assert socket is not None and socket.is_socket()
        office.convert([docx], [tmp_path / "r.pdf"])
    assert not socket.exists()
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_profile_parts_are_kept_once_and_seed_the_next_runs(tmp_path, monkeypatch):
    """The first conversion keeps what LibreOffice made in its new profile; the next run's profiles start
    with those parts, and the PDF reads the same."""
    require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    from toolkit.report import office_profile

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    program = pdf_module.soffice()
    kept = office_profile.cache_dir(program)
    docx = create_report(_report("tertial"), tmp_path / "r.docx")
    texts = []
    for k in range(2):
        with pdf_module.Office(1) as office:
            assert office.seeded == (k == 1)
            profile = office.folders[0] / "user"
            assert all((profile / name).exists() for name in office_profile.SEEDED) == (k == 1)
            pdf = office.convert([docx], [tmp_path / f"r{k}.pdf"])[0]
        texts.append(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert sorted(p.name for p in kept.iterdir()) == sorted(office_profile.SEEDED)
    assert texts[0] == texts[1] and "Tertialrapport" in texts[0]
    assert not any(p.name.startswith(".ny-") for p in kept.parent.iterdir())  # nothing left half-written


def test_kept_profile_parts_are_dropped_when_a_conversion_from_them_fails(tmp_path, monkeypatch):
    """A conversion that makes no PDF from seeded profiles drops the kept parts (they may be what failed), so
    the next run makes its own; a cache folder that cannot be written is no fault."""
    from toolkit.errors import FinsamError
    from toolkit.report import office_profile

    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n")
    monkeypatch.setattr(pdf_module, "_which", lambda: str(program))
    monkeypatch.setattr(pdf_module, "_start", lambda command: subprocess.Popen([sys.executable, "-c", "pass"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept = office_profile.cache_dir(str(program))
    for name in office_profile.SEEDED:
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        (kept / name).mkdir() if "." not in name else (kept / name).write_text("<oor:items/>")
    docx = tmp_path / "r.docx"
    docx.write_bytes(b"rapport")
    monkeypatch.setattr(pdf_module, "_run", lambda command: subprocess.CompletedProcess(command, 1, "", "fel"))
    with pytest.raises(FinsamError, match="kunde inte göra om r.docx"):
        to_pdf_many([docx], tmp_path / "pdf")
    assert not kept.exists()

    monkeypatch.setattr(pdf_module, "_run", _stand_in())
    (tmp_path / "fil").write_text("en fil, ingen mapp")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fil"))
    assert [p.read_bytes() for p in to_pdf_many([docx], tmp_path / "pdf")] == [b"%PDF"]


def test_images_are_exported_without_loss(tmp_path):
    """`EXPORT` asks for lossless images: a noisy picture, which LibreOffice's default export writes as JPEG
    (smaller for it), stays a lossless image."""
    require_tool("soffice")
    pdfimages = require_tool("pdfimages")
    import docx as python_docx
    from docx.shared import Cm
    from PIL import Image

    picture = tmp_path / "brus.png"
    Image.frombytes("RGB", (200, 200), random.Random(1).randbytes(200 * 200 * 3)).save(picture)
    document = python_docx.Document()
    document.add_picture(str(picture), width=Cm(5))
    document.save(tmp_path / "brus.docx")
    made = to_pdf_many([tmp_path / "brus.docx"], tmp_path / "pdf")[0]
    listed = subprocess.run([pdfimages, "-list", str(made)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    assert [(row[2], row[8]) for row in rows] == [("image", "image")]  # type, encoding (not "jpeg")
