"""Reports for many workbooks at once: a report for each one without errors, a draft for faulty ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..checks import check_workbook
from .render import create_report


@dataclass(frozen=True)
class Written:
    """One report written: where, from which workbook, and whether it is a draft."""

    path: Path
    workbook: Path
    draft: bool


def write_reports(workbooks: Iterable[Path], outdir: Path, *, drafts: int = 1) -> list[Written]:
    """Write a report per error-free workbook into `outdir`, and drafts for the first `drafts` faulty ones.

    Unreadable workbooks are skipped: the check command is where they are reported.
    """
    written: list[Written] = []
    for workbook in workbooks:
        checked = check_workbook(workbook)
        if checked.report is None:
            continue
        draft = bool(checked.errors)
        if draft and drafts <= 0:
            continue
        if draft:
            drafts -= 1
        path = create_report(checked.report, findings=checked.findings if draft else None, draft=draft,
                             source=Path(outdir) / Path(workbook).name)
        written.append(Written(path, Path(workbook), draft))
    return written
