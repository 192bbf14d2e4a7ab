"""Kontrollera: run every check on one workbook or many, collecting findings in a CheckReport.

Checks are generators over the model that yield findings; the reader adds cell- and file-level
findings on the way in, and `cross_file_checks` compares the files of one batch. Entry points:
`check_model`, `check_parsed`, `check_workbook`, `check_paths` and `cross_file_checks`; the CLI,
the Excel button and the consolidation are thin shells over them. Rules: docs/checks.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..a1 import within
from ..discover import find_workbooks
from ..findings import CheckReport, Finding, HasFindings
from ..model import InsatsRapport
from ..reader import read_workbook
from . import economy, goals, meta, participants, period, personal, places
from .across import cross_file_checks

__all__ = ["FileCheck", "MODEL_CHECKS", "check_model", "check_parsed", "check_paths", "check_workbook",
           "cross_file_checks"]

Check = Callable[[InsatsRapport], Iterator[Finding]]

#: Every model check, in the order findings are listed.
MODEL_CHECKS: tuple[Check, ...] = (*meta.CHECKS, *personal.CHECKS, *period.CHECKS, *participants.CHECKS,
                                   *goals.CHECKS, *economy.CHECKS)


@dataclass
class FileCheck(HasFindings):
    """One file: the model read from it (None when unusable) and all its findings."""

    path: Path
    report: InsatsRapport | None
    findings: list[Finding] = field(default_factory=list)
    is_plan: bool = False  # a plan workbook: checked as a plan, never counted as a report



def check_model(report: InsatsRapport, file: str | None = None) -> list[Finding]:
    """Run every model check; findings carry `file` when given."""
    found = [f for check in MODEL_CHECKS for f in check(report)]
    return [f.with_file(file) for f in found] if file else found


def check_workbook(path: str | Path) -> FileCheck:
    """Read one workbook and check it: reader findings first, then the model checks.

    A plan workbook (forbundsplan.xlsx) gets the plan's checks; its FileCheck has no insats report."""
    result = read_workbook(path)
    if result.report is None:
        if result.findings[0].code == "fel-mall":
            from ..plan import check_plan_workbook, is_plan_workbook  # the plan's checks build on this package

            if is_plan_workbook(path):
                return FileCheck(result.path, None, check_plan_workbook(path), is_plan=True)
        return FileCheck(result.path, None, list(result.findings))
    return FileCheck(result.path, result.report,
                     check_parsed(result.report, result.findings, str(result.path), result.moved))


def check_parsed(report: InsatsRapport, cell_findings: Sequence[Finding], file: str | None = None,
                 moved: dict[tuple[str, str], tuple[str, str]] | None = None) -> list[Finding]:
    """The findings of a model parsed from cells (`cells.from_cells`): the cell findings, then the checks.

    A check whose place includes a cell that could not be used is left out: the unusable cell is
    empty to the model, so a sum over it is bound to be off, and the cell's own finding says what
    to fix first. The Excel button calls this with the live workbook's values.
    """
    found = places.relocate(check_model(report, file), moved) if moved else check_model(report, file)
    cells = [f.with_file(file) if file and not f.file else f for f in cell_findings]
    return [*cells, *(_not_covering(found, cells) if cells else found)]


def _not_covering(found: list[Finding], unreadable: Sequence[Finding]) -> list[Finding]:
    """Model findings whose place includes none of the unreadable cells."""
    bad = {(f.sheet, f.cell) for f in unreadable if f.sheet and f.cell}
    return [f for f in found if not (f.sheet and f.cell and any(s == f.sheet and within(c, f.cell) for s, c in bad))]


def check_paths(paths: Iterable[str | Path], progress: Callable[[Path], None] | None = None,
                workers: int | None = None) -> CheckReport:
    """Check every workbook below `paths` (files and folders), in worker processes for a large batch
    (`workers`: default all cores); a bad file never stops the batch."""
    from ..parallel import map_files

    files = find_workbooks(paths)
    checked = map_files(check_workbook, files, workers, progress)
    report = CheckReport()
    for item in checked:
        report.files.append(str(item.path))
        report.add(item.findings)
    report.add(cross_file_checks(checked))
    return report
