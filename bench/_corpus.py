"""Benchmark workbooks that differ as files saved by Excel do (a helper of the bench scripts, not run itself).

The demo's report shapes are written once with the workbook builder; every file is then a copy with
the insats name rewritten and its own `xl/workbook.xml`: Excel stores the window position, size and
active tab of the user who saved the file there, so no two real files share that part byte for byte
and a cache keyed on its content never hits across files. With `saved=True` the shapes are first saved
again by LibreOffice, as a workbook someone opened and saved is: every text then sits in one shared
strings table (thousands of entries, the hidden rule sheet's too), not in the cells as openpyxl writes it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.report.pdf import soffice
from toolkit.workbook import write_workbook

_VIEW = re.compile(rb"<workbookView\b[^>]*/>")


def _excel_view(k: int) -> bytes:
    """The workbookView element as Excel writes it for the k-th user's window."""
    return (f'<workbookView xWindow="{(k * 37) % 28800}" yWindow="{(k * 53) % 12000}" '
            f'windowWidth="{19200 + k % 9600}" windowHeight="{10000 + k % 1800}" tabRatio="{500 + k % 300}" '
            f'activeTab="{k % 6}"/>').encode()


def _copy(source: Path, target: Path, old: str, new: str, k: int) -> None:
    """Copy a workbook with the insats name rewritten and an Excel-like, file-own workbook.xml."""
    # openpyxl writes the name in the first sheet, non-ASCII characters as references (&#246;); LibreOffice
    # in the shared strings, as UTF-8.
    spellings = dict((f">{old}</t>".encode(encoding, errors), f">{new}</t>".encode(encoding, errors))
                     for encoding, errors in (("ascii", "xmlcharrefreplace"), ("utf-8", "strict")))
    renamed = False
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                for needle, replacement in spellings.items():
                    renamed = renamed or needle in data
                    data = data.replace(needle, replacement, 1)
            elif info.filename == "xl/workbook.xml":
                data, hits = _VIEW.subn(_excel_view(k), data, count=1)
                assert hits == 1, "no workbookView in workbook.xml"
            dst.writestr(info, data)
    assert renamed, f"{old} not found in {source.name}"


def excel_like_workbooks(folder: Path, n: int, saved: bool = False) -> list[Path]:
    """n distinct workbooks (insats names and workbook.xml differ) in `folder`; with `saved`, as saved
    again by LibreOffice (which must be installed)."""
    shapes = [(insats, period) for insats in INSATSER for period in demo_periods(insats)]
    paths = []
    with tempfile.TemporaryDirectory() as bases:
        originals = [(write_workbook(Path(bases, f"mall{k:02}.xlsx"), demo_report(insats, period, seed=k)),
                      insats.namn) for k, (insats, period) in enumerate(shapes)]
        if saved:
            again = _saved_again([path for path, _ in originals], Path(bases))
            originals = [(path, name) for path, (_, name) in zip(again, originals)]
        for k in range(n):
            source, name = originals[k % len(originals)]
            target = folder / f"wb{k:05}.xlsx"
            _copy(source, target, name, f"{name} {k}", k)
            paths.append(target)
    return paths


def _saved_again(paths: list[Path], work: Path) -> list[Path]:
    """The workbooks opened and saved by LibreOffice (one run, a profile of its own)."""
    out = work / "sparade"
    subprocess.run([soffice(), f"-env:UserInstallation={(work / 'profil').as_uri()}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=600)
    return [out / path.name for path in paths]
