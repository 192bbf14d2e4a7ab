"""Median time per workbook to read only, and to read and check, over a generated folder of workbooks.

Usage: python bench/check.py [N]   (N workbooks, default 500)

The files differ as files saved by Excel do (bench/_corpus.py): every workbook is a distinct insats
with its own xl/workbook.xml, so no cache keyed on a file's content hits across files. Reading and
checking are timed in one run, each in its own pass over the folder, over several rounds. The goal is that checking adds at
most 30 % to reading; the figures are printed, never asserted.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _corpus import excel_like_workbooks
from toolkit.checks import check_model, check_paths, check_workbook
from toolkit.parallel import worker_count
from toolkit.reader import read_workbook

ROUNDS = 3
BUDGET = 0.30  # checking may add at most this share to reading


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def main(n: int = 500) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = excel_like_workbooks(Path(tmp), n)
        generated = time.perf_counter() - start
        read_ms: list[float] = []
        check_ms: list[float] = []
        model_ms: list[float] = []
        for _ in range(ROUNDS):  # passes over the whole folder, so no file is read twice in a row
            for path in paths:
                t0 = time.perf_counter()
                read_workbook(path)
                read_ms.append((time.perf_counter() - t0) * 1000)
            for path in paths:
                t0 = time.perf_counter()
                result = check_workbook(path)
                t1 = time.perf_counter()
                assert result.report is not None
                check_model(result.report)
                check_ms.append((t1 - t0) * 1000)
                model_ms.append((time.perf_counter() - t1) * 1000)
        folder = {}
        for workers in (1, None):  # one process, then the default (every core for a large folder)
            cpu0, start = _cpu(), time.perf_counter()
            batch = check_paths([tmp], workers=workers)
            folder[workers] = (time.perf_counter() - start, _cpu() - cpu0)
    read, check, model = (statistics.median(x) for x in (read_ms, check_ms, model_ms))
    added = check / read - 1
    print(f"workbooks: {n} (generated in {generated:.1f} s), {ROUNDS} rounds, median per workbook")
    print(f"read only (read_workbook):        {read:7.2f} ms")
    print(f"read and check (check_workbook):  {check:7.2f} ms")
    print(f"checks alone (check_model):       {model:7.3f} ms")
    print(f"checking adds {added:+.1%} to reading (goal: at most {BUDGET:.0%}): {'OK' if added <= BUDGET else 'ÖVER'}")
    (one_wall, one_cpu), (all_wall, all_cpu) = folder[1], folder[None]
    print(f"whole folder with cross-file checks (check_paths), one process: {one_wall:.2f} s wall, {one_cpu:.2f} s CPU; "
          f"default ({worker_count(n, None)} processes): {all_wall:.2f} s wall, {all_cpu:.2f} s CPU; "
          f"{len(batch.errors)} fel, {len(batch.warnings)} varningar")
    speedup = one_wall / all_wall
    print(f"GOAL 5 finsam check DIR uses both cores: {speedup:.2f}x faster than one process "
          f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}) {'met' if speedup >= 1.3 else 'NOT MET'}")

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
