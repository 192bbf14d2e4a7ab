"""Median times for the Excel side: a click's cold start, building the macro-enabled workbook, one Kontrollera.

Usage: python bench/excel.py [N]   (N rounds, default 10)
A click starts a fresh Python that imports `toolkit.excel` and then xlwings (RunPython): both are
timed in new processes, against importing xlwings as it comes (with pandas, numpy and matplotlib).
Kontrollera runs against the stand-in Book of the tests (openpyxl behind it), so the figure is the
toolkit's own work; in Excel each Book call is a COM round trip, so the number of calls is printed too.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fake_book import FakeBook, FakeSheet  # noqa: E402

from toolkit import excel  # noqa: E402
from toolkit.demo import INSATSER, demo_periods, demo_report  # noqa: E402
from toolkit.layout import layout  # noqa: E402
from toolkit.xlsm import write_xlsm  # noqa: E402


def _median_ms(func, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_ms(code: str, rounds: int) -> float:
    """Median wall time of a fresh `python -c code`, minus that of a bare interpreter start."""
    def run(snippet: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", snippet], check=True)
        return (time.perf_counter() - start) * 1000

    bare = statistics.median(run("pass") for _ in range(rounds))
    return statistics.median(run(code) for _ in range(rounds)) - bare


def _count_calls(book: FakeBook) -> int:
    """Ranges taken plus names read in one Kontrollera: each is at least one COM round trip in Excel."""
    calls = 0
    original = FakeSheet.range

    def counting(self, *args):
        nonlocal calls
        calls += 1
        return original(self, *args)

    FakeSheet.range = counting
    try:
        excel.check_book(book)
    finally:
        FakeSheet.range = original
    return calls + len(list(book.names))


def main(rounds: int = 10) -> None:
    module = _cold_ms("import toolkit.excel", rounds)
    click = _cold_ms("import toolkit.excel; toolkit.excel._xlwings()", rounds)
    plain = _cold_ms("import toolkit.excel; import xlwings", rounds)
    insats = INSATSER[0]
    report = demo_report(insats, demo_periods(insats)[-1])
    f = layout().field("akt1_inskrivna_under_30")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "insats.xlsm"
        build = _median_ms(lambda: write_xlsm(target, report), rounds)
        book = FakeBook(target)
        book.sheets[f.sheet].range(f.cell).value = "ca 5"
        check = _median_ms(lambda: excel.check_book(book), rounds)
        calls = _count_calls(book)
    print(f"cold import toolkit.excel:              median {module:7.1f} ms over {rounds} rounds")
    print(f"cold click imports (+ xlwings, lean):   median {click:7.1f} ms over {rounds} rounds")
    print(f"  same with xlwings' optional imports:  median {plain:7.1f} ms ({plain / click:.1f}x the lean click)")
    print(f"build .xlsm (finsam new X.xlsm):        median {build:7.1f} ms over {rounds} rounds")
    print(f"Kontrollera on the stand-in Book:       median {check:7.1f} ms over {rounds} rounds")
    print(f"Book calls per Kontrollera (1 finding): {calls} ({len(list(book.names))} of them name lookups)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
