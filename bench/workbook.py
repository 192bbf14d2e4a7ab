"""Writing pre-filled insats workbooks (`finsam new`, `finsam plan utskick`, the demo): median seconds per
workbook for the full openpyxl build and save, and for `write_workbook` (the template built once per
process, each workbook filled in its XML), with their ratio.

Usage: python bench/workbook.py [N]   (N workbooks each way, default 10)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.workbook import build_workbook, save_workbook, write_workbook


def _median_s(write, reports, folder: Path) -> float:
    times = []
    for k, report in enumerate(reports):
        start = time.perf_counter()
        write(folder / f"bok{k}.xlsx", report)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n: int = 10) -> None:
    reports = [demo_report(insats, period) for insats in INSATSER for period in demo_periods(insats)][:n]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_workbook(Path(tmp) / "forsta.xlsx", reports[0])
        first = time.perf_counter() - start
        full = _median_s(lambda path, report: save_workbook(build_workbook(report), path), reports, Path(tmp))
        filled = _median_s(write_workbook, reports, Path(tmp))
    print(f"workbooks: {len(reports)} each way")
    print(f"first write_workbook in a process (builds the template): {first:.3f} s")
    print(f"full build and save, median: {full:.3f} s per workbook")
    print(f"write_workbook, median:      {filled:.3f} s per workbook")
    print(f"ratio full / write_workbook: {full / filled:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
