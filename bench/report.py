"""Benchmark Skapa rapport: median ms per report over 100 renders in one process, and one cold `finsam report`.

Charts are included, PDF is not. Run: `.venv/bin/python bench/report.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.report import create_report
from toolkit.workbook import write_workbook

N = 100


def main() -> None:
    reports = [demo_report(insats, period) for insats in INSATSER for period in demo_periods(insats)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        create_report(reports[0], out / "first.docx")
        first_ms = (time.perf_counter() - start) * 1000
        times = []
        for i in range(N):
            report = reports[i % len(reports)]
            start = time.perf_counter()
            create_report(report, out / f"r{i % 10}.docx")
            times.append((time.perf_counter() - start) * 1000)
        workbook = write_workbook(out / "bok.xlsx", reports[0])
        finsam = Path(sys.executable).with_name("finsam")
        colds = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([str(finsam), "report", str(workbook), "-o", str(out / "cli.docx")], check=True,
                           capture_output=True)
            colds.append(time.perf_counter() - start)
    print(f"first report in the process (imports, matplotlib): {first_ms:.0f} ms")
    print(f"median per report over {N} reports (charts, no PDF): {statistics.median(times):.1f} ms "
          f"(min {min(times):.1f}, max {max(times):.1f})")
    print(f"cold `finsam report` (subprocess, median of 3): {statistics.median(colds) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
