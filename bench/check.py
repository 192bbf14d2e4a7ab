"""Median time per workbook to read only, and to read and check, over a generated folder of workbooks.

Usage: python bench/check.py [N]   (N workbooks, default 500)

The demo's 14 report shapes are written with the workbook builder; the rest are copies of them
with the insats name rewritten inside the file, so every workbook is a distinct insats. Reading and
checking are timed in one run, file by file, over several rounds. The goal is that checking adds at
most 30 % to reading; the figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from toolkit.checks import check_model, check_paths, check_workbook
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.reader import read_workbook
from toolkit.workbook import write_workbook

ROUNDS = 3
BUDGET = 0.30  # checking may add at most this share to reading


def _copy_renamed(source: Path, target: Path, old: str, new: str) -> None:
    """Copy a workbook, rewriting the insats name (an inline string on the first sheet)."""
    # openpyxl writes non-ASCII characters as character references (&#246;).
    needle, replacement = (f"<t>{text}</t>".encode("ascii", "xmlcharrefreplace") for text in (old, new))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert needle in data, f"{old} not found in {source.name}"
                data = data.replace(needle, replacement, 1)
            dst.writestr(info, data)


def generate(folder: Path, n: int) -> list[Path]:
    shapes = [(insats, period) for insats in INSATSER for period in demo_periods(insats)]
    originals = []
    for k, (insats, period) in enumerate(shapes):
        originals.append((write_workbook(folder / f"mall{k:02}.xlsx", demo_report(insats, period, seed=k)),
                          insats.namn))
    paths = [path for path, _ in originals][:n]
    for k in range(len(paths), n):
        source, name = originals[k % len(originals)]
        target = folder / f"wb{k:04}.xlsx"
        _copy_renamed(source, target, name, f"{name} {k}")
        paths.append(target)
    return paths


def main(n: int = 500) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = generate(Path(tmp), n)
        generated = time.perf_counter() - start
        read_ms: list[float] = []
        check_ms: list[float] = []
        model_ms: list[float] = []
        for _ in range(ROUNDS):
            for path in paths:
                t0 = time.perf_counter()
                result = read_workbook(path)
                t1 = time.perf_counter()
                check_workbook(path)
                t2 = time.perf_counter()
                assert result.report is not None
                check_model(result.report)
                t3 = time.perf_counter()
                read_ms.append((t1 - t0) * 1000)
                check_ms.append((t2 - t1) * 1000)
                model_ms.append((t3 - t2) * 1000)
        start = time.perf_counter()
        batch = check_paths([tmp])
        folder_s = time.perf_counter() - start
    read, check, model = (statistics.median(x) for x in (read_ms, check_ms, model_ms))
    added = check / read - 1
    print(f"workbooks: {n} (generated in {generated:.1f} s), {ROUNDS} rounds, median per workbook")
    print(f"read only (read_workbook):        {read:7.2f} ms")
    print(f"read and check (check_workbook):  {check:7.2f} ms")
    print(f"checks alone (check_model):       {model:7.3f} ms")
    print(f"checking adds {added:+.1%} to reading (goal: at most {BUDGET:.0%}): {'OK' if added <= BUDGET else 'ÖVER'}")
    print(f"whole folder with cross-file checks (check_paths): {folder_s:.2f} s, "
          f"{len(batch.errors)} fel, {len(batch.warnings)} varningar")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
