"""Median time to read one insats workbook: the project's reader against plain openpyxl.

Usage: python bench/read.py [N]   (N generated workbooks, default 50)
Both readers run on the same generated files in one run; the figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.reader import read_workbook
from toolkit.workbook import write_workbook


def _median_ms(func, paths: list[Path], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        for path in paths:
            start = time.perf_counter()
            func(path)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(n: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shapes = [(i, p) for i in INSATSER for p in demo_periods(i)]
        paths = [write_workbook(Path(tmp) / f"wb{k}.xlsx", demo_report(*shapes[k % len(shapes)], seed=k))
                 for k in range(n)]
        ours = _median_ms(read_workbook, paths)
        values = _median_ms(lambda p: load_workbook(p, data_only=True), paths)
        plain = _median_ms(load_workbook, paths)
        readonly = _median_ms(lambda p: load_workbook(p, read_only=True, data_only=True).close(), paths)
    print(f"workbooks: {n} (3 rounds each)")
    print(f"finsam reader (calamine, full model + cell checks): {ours:8.2f} ms median")
    print(f"openpyxl.load_workbook(data_only=True):             {values:8.2f} ms median  ({values / ours:.1f}x slower)")
    print(f"openpyxl.load_workbook():                           {plain:8.2f} ms median  ({plain / ours:.1f}x slower)")
    print(f"openpyxl read_only=True (open only, no cells read): {readonly:8.2f} ms median")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
