"""Kontrollera: run every check on one workbook or many, collecting findings in a CheckReport.

Checks are generators over the model that yield findings; the reader adds cell- and file-level
findings on the way in. The public entry points are `check_model`, `check_workbook` and
`check_paths`; the CLI and the Excel button are thin shells over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..discover import find_workbooks
from ..findings import FEL, VARNING, CheckReport, Finding
from ..model import InsatsRapport
from ..reader import read_workbook
from . import participants

Check = Callable[[InsatsRapport], Iterator[Finding]]

#: Every model check, in the order findings are listed.
MODEL_CHECKS: tuple[Check, ...] = (*participants.CHECKS,)


@dataclass
class FileCheck:
    """One file: the model read from it (None when unusable) and all its findings."""

    path: Path
    report: InsatsRapport | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == FEL]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == VARNING]


def check_model(report: InsatsRapport, file: str | None = None) -> list[Finding]:
    """Run every model check; findings carry `file` when given."""
    found = [f for check in MODEL_CHECKS for f in check(report)]
    return [f.with_file(file) for f in found] if file else found


def check_workbook(path: str | Path) -> FileCheck:
    """Read one workbook and check it: reader findings first, then the model checks."""
    result = read_workbook(path)
    findings = list(result.findings)
    if result.report is not None:
        findings += check_model(result.report, str(result.path))
    return FileCheck(result.path, result.report, findings)


def check_paths(paths: Iterable[str | Path], progress: Callable[[Path], None] | None = None) -> CheckReport:
    """Check every workbook below `paths` (files and folders); a bad file never stops the batch."""
    report = CheckReport()
    for path in find_workbooks(paths):
        checked = check_workbook(path)
        report.files.append(str(path))
        report.add(checked.findings)
        if progress:
            progress(path)
    return report
