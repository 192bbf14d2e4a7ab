"""Median time to read one insats workbook: raw python-calamine, the project's reader, openpyxl and pandas.

Usage: python bench/read.py [N]   (N generated workbooks, default 300)

The files differ as files saved by Excel do (bench/_corpus.py): each has its own insats name and its
own xl/workbook.xml. They are measured twice: as openpyxl writes them (each text in its cell), and saved
again by LibreOffice, as a workbook opened and saved by its user is (every text of the workbook, the
hidden rule sheet's too, in one shared strings table), when LibreOffice is installed. Every file is read once per reader, as in a batch, the readers taking turns on
each file (paired, in rotating order), so the ratios compare like with like in one run. Raw calamine
opens the file and reads the values (`to_python`) of the sheets the project reads (the input sheets
and Mall's version cell, as `toolkit.reader.input_places` plans them): the floor for any
calamine-based reader of the same input, and the yardstick of issue 11. The project's reader no longer
uses calamine: it inflates the parts it needs once, within bounds, and takes the values from the
sheets' XML itself (toolkit/sheet_cells.py; tests/test_sheet_cells.py holds it equal to calamine). Raw calamine over every sheet, including the hidden
Kontrollregler the project never reads, is printed beside it for information only (it would flatter
the ratio). openpyxl and pandas are slow, so they read every SLOW_EVERY-th file (paired with the same
files). Goal 1 of issue 11: the project's reader at most 1.3 times raw calamine on the same sheets.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable

from python_calamine import CalamineWorkbook

from _corpus import excel_like_workbooks
from toolkit.layout import VERSION_CELL, VERSION_NAME, layout
from toolkit.reader import input_places, read_workbook

GOAL = 1.3
SLOW_EVERY = 10
#: The sheets the project reads in a file of today's template (without defined names: the same sheets).
READ_SHEETS = sorted({sheet for _, sheet, *_ in input_places({}, layout().fields, VERSION_NAME, VERSION_CELL)})
BASE, ALL = "raw calamine", "raw calamine, all"


def raw_calamine(path: Path) -> Any:
    """The values of the sheets the project reads, with python-calamine, nothing else."""
    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(name).to_python() for name in READ_SHEETS]


def raw_calamine_all(path: Path) -> Any:
    """Every sheet's values, the hidden ones too (information only)."""
    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]


def openpyxl_values(path: Path) -> Any:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, data_only=True)
    return [[cell for row in ws.iter_rows(values_only=True) for cell in row] for ws in book.worksheets]


def pandas_openpyxl(path: Path) -> Any:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.read_excel(path, sheet_name=None, header=None)


def pandas_calamine(path: Path) -> Any:
    import pandas as pd

    return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def main(n: int = 300) -> None:
    for saved, kind in ((False, "as openpyxl writes them (texts in the cells)"),
                        (True, "saved again by LibreOffice (texts in a shared strings table)")):
        if saved and not shutil.which("soffice"):
            print("LibreOffice (soffice) is not installed: the workbooks saved again are not measured")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            _measure(excel_like_workbooks(Path(tmp), n, saved), kind)


def _measure(paths: list[Path], kind: str) -> None:
    """Every reader on every file, taking turns; the figures and goal 1's verdict for these files."""
    fast: dict[str, Callable[[Path], Any]] = {BASE: raw_calamine, ALL: raw_calamine_all, "finsam": read_workbook}
    slow: dict[str, Callable[[Path], Any]] = {"openpyxl": openpyxl_values, "pandas (openpyxl)": pandas_openpyxl,
                                              "pandas (calamine)": pandas_calamine}
    times: dict[str, list[float]] = {name: [] for name in [*fast, *slow]}
    paired: dict[str, list[float]] = {name: [] for name in [ALL, "finsam", *slow]}  # per file: reader / BASE
    for func in [*fast.values(), *slow.values()]:  # imports and first-call setup out of the figures
        func(paths[0])
    for k, path in enumerate(paths):
        readers = {**fast, **(slow if k % SLOW_EVERY == 0 else {})}
        names = list(readers)
        order = names[k % len(names):] + names[: k % len(names)]
        took: dict[str, float] = {}
        for name in order:
            start = time.perf_counter()
            readers[name](path)
            took[name] = (time.perf_counter() - start) * 1000
        for name, ms in took.items():
            times[name].append(ms)
            if name in paired:
                paired[name].append(ms / took[BASE])
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"workbooks: {len(paths)} {kind}, each read once per reader (openpyxl and pandas every {SLOW_EVERY}th "
          "file), each with its own workbook.xml as Excel saves them")
    print(f"{BASE} reads the sheets the project reads: {', '.join(READ_SHEETS)}; {ALL} reads every sheet")
    print(f"  {'reader':<20} {'median ms':>10} {'x ' + BASE:>15}")
    for name in times:
        ratio = "1.00" if name == BASE else f"{statistics.median(paired[name]):.2f}"
        print(f"  {name:<20} {median[name]:10.2f} {ratio:>15}")
    ratio, against_all = statistics.median(paired["finsam"]), statistics.median(paired[ALL])
    print(f"(against {ALL}: {ratio / against_all:.2f}x, information only)")
    print(f"GOAL 1 read <= {GOAL}x raw calamine on the same sheets, workbooks {kind.split(' (')[0]}: {ratio:.2f}x "
          f"({median['finsam']:.2f} ms against {median[BASE]:.2f} ms) {'met' if ratio <= GOAL else 'NOT MET'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
