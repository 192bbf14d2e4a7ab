"""Cold start of the CLI: `finsam --help` and `finsam check one.xlsx` as fresh processes (median of R runs).

Usage: python bench/startup.py [R]   (R runs each, default 15)

Against a floor measured in the same run: a minimal script that imports python-calamine and reads
the same workbook's sheets (what any checker has to do), and `python -c pass` (the interpreter alone).
Goal 4 of issue 11: --help at most 0.2 s, check of one workbook at most 0.3 s.

Measured as a user's installed copy runs: with bytecode (.pyc) files, so the processes may write them
(PYTHONDONTWRITEBYTECODE is unset for them; with it set, as in some sandboxes, every fresh process would
compile the toolkit again, about +100 ms), and each command runs once untimed first to write them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.workbook import write_workbook

FINSAM = [sys.executable, "-c", "from toolkit.cli import main; main()"]
MINIMAL = ("import sys; from python_calamine import CalamineWorkbook; b = CalamineWorkbook.from_path(sys.argv[1]); "
           "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]")
GOALS = {"help": 0.2, "check": 0.3}


#: The environment of the measured processes: bytecode may be written (and is, by the untimed first run).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _median_s(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=False, env=ENV)  # warm-up: writes the .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        insats = INSATSER[0]
        book = str(write_workbook(Path(tmp) / "en.xlsx", demo_report(insats, demo_periods(insats)[0])))
        python = _median_s([sys.executable, "-c", "pass"], runs)
        minimal = _median_s([sys.executable, "-c", MINIMAL, book], runs)
        help_s = _median_s([*FINSAM, "--help"], runs)
        check_s = _median_s([*FINSAM, "check", book], runs)
    print(f"cold start, median of {runs} fresh processes each, with .pyc files (one untimed run first)")
    print(f"  python -c pass:                      {python * 1000:6.0f} ms")
    print(f"  minimal calamine script (one book):  {minimal * 1000:6.0f} ms")
    print(f"  finsam --help:                       {help_s * 1000:6.0f} ms")
    print(f"  finsam check one.xlsx:               {check_s * 1000:6.0f} ms  ({check_s / minimal:.1f}x the minimal script)")
    for name, figure in (("help", help_s), ("check", check_s)):
        label = "finsam --help" if name == "help" else "finsam check one.xlsx"
        print(f"GOAL 4 {label} <= {GOALS[name]} s: {figure:.2f} s ({figure / GOALS[name]:.2f} of the budget) "
              f"{'met' if figure <= GOALS[name] else 'NOT MET'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
