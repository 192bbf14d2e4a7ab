"""Shared fixtures: the example data file, workbooks built in tmp_path, and required tools."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import settings
from openpyxl import load_workbook

from toolkit.datafile import load_data
from toolkit.layout import layout
from toolkit.model import InsatsRapport
from toolkit.prefilled import with_values
from toolkit.textio import write_bytes_atomic
from toolkit.workbook import save_workbook, write_workbook

# CI explores the same examples every run (a landing must not depend on luck); locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

# The user's cache folder (LibreOffice profile parts kept by toolkit.report.office_profile) is one of this test
# process's own, shared by its tests and the programs they start, never the developer's (XDG: Linux, where CI runs).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="finsam-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "exempel.yaml"


def require_tool(name: str) -> str:
    """The path of an external program; a missing one skips locally but fails under CI=true."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed")


def libreoffice(convert_to: str, outdir: Path, *files: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Convert `files` into `outdir` with LibreOffice headless (`--convert-to CONVERT_TO`), started the way the
    toolkit starts it (`toolkit.report.pdf`: a private profile, seeded from the kept parts, huge pages); fails the
    test with LibreOffice's own message when it fails."""
    from toolkit.report import office_profile, pdf

    soffice = require_tool("soffice")
    profile = Path(tempfile.mkdtemp(prefix="lo-profil-"))
    try:
        seeded = office_profile.seed(profile, soffice)
        done = subprocess.run([*pdf._base(soffice, f"-env:UserInstallation={profile.as_uri()}"), "--convert-to",
                               convert_to, "--outdir", str(outdir), *map(str, files)], capture_output=True, text=True,
                              timeout=timeout, env=pdf._environment())
        if done.returncode == 0 and not seeded:
            office_profile.keep(profile, soffice)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    return done


def workbook_file(path: Path, report: InsatsRapport | None = None, **cells: Any) -> Path:
    """Write a workbook holding `report`, then type raw values into named input cells, as staff would."""
    write_workbook(path, report)
    return typed_file(path, path, **cells) if cells else path


def typed_file(source: Path, out: Path, **cells: Any) -> Path:
    """A copy of `source` (saved by write_workbook) at `out` with raw values typed into named input cells.

    The values go in as openpyxl types them (`cell.value = value`: "=…" a formula, "#N/A" an error),
    written into the saved file's cells (`typed`); a value that would restyle its cell (a date in a number
    cell) makes openpyxl open and save the whole workbook instead."""
    data = typed(source.read_bytes(), cells)
    return openpyxl_typed(source, out, **cells) if data is None else write_bytes_atomic(out, data)


def typed(data: bytes, cells: dict[str, Any]) -> bytes | None:
    """The workbook `data` (saved by write_workbook) with raw values typed into named input cells as openpyxl
    types them; None when one would restyle its cell."""
    return with_values(data, cells, lambda cell, value: setattr(cell, "value", value))


def openpyxl_typed(source: Path, out: Path, **cells: Any) -> Path:
    """Type raw values into a workbook's named input cells with openpyxl: open `source`, set, save at `out`."""
    wb = load_workbook(source)
    for key, value in cells.items():
        f = layout().field(key)
        wb[f.sheet][f.cell] = value
    return save_workbook(wb, out)


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[Any, str, str]:
    """Run `finsam ARGS` in this process as the console script does: (exit code, stdout, stderr)."""
    import sys

    from toolkit.cli import main

    monkeypatch.setattr(sys, "argv", ["finsam", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory):
    """The demo förbund's year, made once per test process (DemoResult). Read it; never write into it:
    copy it first (its folder and the plan folder beside it are alone in their parent)."""
    from toolkit.demo import make_demo

    return make_demo(tmp_path_factory.mktemp("demo") / "finsam-demo")


@pytest.fixture
def example() -> InsatsRapport:
    """The data file example from the foundation issue, as a model."""
    return load_data(EXAMPLE)


WorkbookFactory = Callable[..., Path]


@pytest.fixture
def make_workbook(tmp_path: Path) -> WorkbookFactory:
    """Build a workbook from a model, then type raw values into named input cells.

    `make_workbook(report, name="x.xlsx", **{"akt1_inskrivna_antal": "ca 5"})`
    """
    counter = iter(range(10_000))

    def build(report: InsatsRapport | None = None, name: str | None = None, **cells: Any) -> Path:
        return workbook_file(tmp_path / (name or f"wb{next(counter)}.xlsx"), report, **cells)

    return build
