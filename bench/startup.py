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

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _installed import ENV, FINSAM

from toolkit.demo import INSATSER, TYPOS, demo_periods, demo_report
from toolkit.workbook import write_workbook

MINIMAL = ("import sys; from python_calamine import CalamineWorkbook; b = CalamineWorkbook.from_path(sys.argv[1]); "
           "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]")
GOALS = {"help": 0.2, "check": 0.3}


def _medians_s(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """The median wall time of each command; the commands take turns, so a change of load hits all alike."""
    for cmd in commands.values():
        subprocess.run(cmd, capture_output=True, check=False, env=ENV)  # warm-up: writes the .pyc files
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False, env=ENV)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(figures) for name, figures in times.items()}


def main(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        insats = INSATSER[0]
        report = demo_report(insats, demo_periods(insats)[0])
        book = str(write_workbook(Path(tmp) / "en.xlsx", report))
        _, _, field, text, _ = TYPOS[0]  # "ca 5" in a number cell: one finding, drawn as a table
        faulty = str(write_workbook(Path(tmp) / "fel.xlsx", report, {field: text}))
        t = _medians_s({"python": [sys.executable, "-c", "pass"], "minimal": [sys.executable, "-c", MINIMAL, book],
                        "help": [*FINSAM, "--help"], "check": [*FINSAM, "check", book],
                        "findings": [*FINSAM, "check", faulty]}, runs)
    print(f"cold start, median of {runs} fresh processes each (taking turns), with .pyc files (one untimed run first)")
    print(f"  python -c pass:                      {t['python'] * 1000:6.0f} ms")
    print(f"  minimal calamine script (one book):  {t['minimal'] * 1000:6.0f} ms")
    print(f"  finsam --help:                       {t['help'] * 1000:6.0f} ms")
    print(f"  finsam check one.xlsx:               {t['check'] * 1000:6.0f} ms  "
          f"({t['check'] / t['minimal']:.1f}x the minimal script)")
    print(f"  finsam check one.xlsx, one finding:  {t['findings'] * 1000:6.0f} ms  (its table drawn with rich)")
    for name in ("help", "check"):
        label = "finsam --help" if name == "help" else "finsam check one.xlsx"
        print(f"GOAL 4 {label} <= {GOALS[name]} s: {t[name]:.2f} s ({t[name] / GOALS[name]:.2f} of the budget) "
              f"{'met' if t[name] <= GOALS[name] else 'NOT MET'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
