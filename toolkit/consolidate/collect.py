"""Read and check many workbooks, in worker processes when that pays, returning compact summaries.

A worker returns each file's `FileCheck` with the model stripped of its free texts (narratives,
comments, contacts): the consolidation needs figures, goals and findings, and a national roll-up of
thousands of files must not hold every report's prose in memory or pickle it between processes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable, Sequence

from ..checks import FileCheck, check_workbook
from ..layout import Layout, layout
from ..model import InsatsRapport
from ..parallel import map_files
from ..schema import blank, get

#: Longest målgrupp kept (it is shown in the Uppföljning Finsam sheet); the rest is prose.
MALGRUPP_LIMIT = 300


def strip(report: InsatsRapport) -> InsatsRapport:
    """The model without the free texts the layout keeps out of the consolidation (in place)."""
    for path in _left_out(layout()):
        if get(report, path) is not None:
            blank(report, path)
    if len(report.malgrupp) > MALGRUPP_LIMIT:
        report.malgrupp = report.malgrupp[: MALGRUPP_LIMIT - 1] + "…"
    return report


@cache
def _left_out(lay: Layout) -> tuple[str, ...]:
    """Paths of the fields the consolidation leaves out, picked once per layout (every file asks)."""
    return tuple(f.path for f in lay.fields if not f.consolidated)


def summarize(path: Path) -> FileCheck:
    """Check one workbook and keep a compact summary of it."""
    checked = check_workbook(path)
    if checked.report is not None:
        strip(checked.report)
    return checked


def collect(paths: Sequence[Path], workers: int | None = None,
            progress: Callable[[Path], None] | None = None) -> list[FileCheck]:
    """Summaries of every file, in the order given; `progress` is called once per file."""
    return map_files(summarize, paths, workers, progress)
