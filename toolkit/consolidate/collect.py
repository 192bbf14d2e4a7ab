"""Read and check many workbooks, in worker processes when that pays, returning compact summaries.

A worker returns each file's `FileCheck` with the model stripped of its free texts (narratives,
comments, contacts): the consolidation needs figures, goals and findings, and a national roll-up of
thousands of files must not hold every report's prose in memory or pickle it between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Sequence

from ..checks import FileCheck, check_workbook
from ..errors import FinsamError
from ..layout import layout
from ..model import InsatsRapport
from ..schema import blank, get

#: Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 40
#: Longest målgrupp kept (it is shown in the Uppföljning Finsam sheet); the rest is prose.
MALGRUPP_LIMIT = 300


def strip(report: InsatsRapport) -> InsatsRapport:
    """The model without the free texts the layout keeps out of the consolidation (in place)."""
    for f in layout().fields:
        if not f.consolidated and get(report, f.path) is not None:
            blank(report, f.path)
    if len(report.malgrupp) > MALGRUPP_LIMIT:
        report.malgrupp = report.malgrupp[: MALGRUPP_LIMIT - 1] + "…"
    return report


def summarize(path: Path) -> FileCheck:
    """Check one workbook and keep a compact summary of it."""
    checked = check_workbook(path)
    if checked.report is not None:
        strip(checked.report)
    return checked


def worker_count(files: int, workers: int | None) -> int:
    """How many processes to use: the requested number (default: all cores), but one for few files."""
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, files // MIN_FILES_PER_WORKER))


def collect(paths: Sequence[Path], workers: int | None = None,
            progress: Callable[[Path], None] | None = None) -> list[FileCheck]:
    """Summaries of every file, in the order given; `progress` is called once per file."""
    count = worker_count(len(paths), workers)
    results: list[FileCheck] = []
    if count == 1:
        for path in paths:
            results.append(summarize(path))
            if progress:
                progress(path)
        return results
    # fork shares the already imported toolkit with the workers (no per-process import cost).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunk = max(1, min(32, len(paths) // (count * 8)))
    # An executor (unlike multiprocessing.Pool) notices a worker that dies and stops instead of waiting.
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context(method)) as pool:
        try:
            for path, checked in zip(paths, pool.map(summarize, paths, chunksize=chunk)):
                results.append(checked)
                if progress:
                    progress(path)
        except BrokenProcessPool:
            raise FinsamError(f"En av processerna som läste arbetsböckerna avslutades oväntat efter {len(results)} "
                              f"av {len(paths)} filer (slut på minne?). Kör igen med --workers 1 för att se vilken "
                              "fil det gäller.") from None
    return results
