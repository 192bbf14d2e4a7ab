"""Findings as data: one fault or warning with a stable code, a Swedish message and its place.

Readers and checks yield findings made by `finding(code, params)`: the code's severity and message template
come from the catalogue (`toolkit.codes`), and the finding keeps its parameters. A `CheckReport` collects
them for one or many files. Rendering (terminal table, JSON, the Kontroll sheet, a Word appendix) lives elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable, Mapping

from .codes import CELL_CODES, CODES, FEL, VARNING, Severity

__all__ = ["CELL_CODES", "CODES", "FEL", "VARNING", "CheckReport", "Finding", "HasFindings", "Severity", "finding"]


@dataclass(frozen=True)
class Finding:
    """One fault (fel) or warning (varning) at a place in a workbook."""

    code: str
    message: str
    severity: Severity = FEL
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # as Excel shows it: "C7" or a range "C7:F7"
    expected: Any = None
    actual: Any = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)  # the message's parameters (toolkit.codes)
    variant: str = ""  # which of the code's message templates

    @property
    def place(self) -> str:
        """"Deltagare!C7" or the sheet alone, or ""."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def with_file(self, file: str) -> "Finding":
        return replace(self, file=file)


def finding(code: str, params: Mapping[str, Any] | None = None, variant: str = "", **where: Any) -> Finding:
    """A finding of a catalogued code: severity from the catalogue, message rendered from its template with
    `params` (exactly the template's parameters); `where` holds file, sheet, cell, expected and actual."""
    params = dict(params or {})
    entry = CODES[code]
    return Finding(code=code, message=entry.render(params, variant), severity=entry.severity, params=params,
                   variant=variant, **where)


class HasFindings:
    """Errors and warnings of anything that holds a `findings` list."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == FEL]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == VARNING]


@dataclass
class CheckReport(HasFindings):
    """The findings of one or many files, and the files that were looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def add(self, items: Iterable[Finding]) -> None:
        self.findings.extend(items)


    @property
    def valid(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def flatten(self, *fields: str) -> list[tuple]:
        """The findings as tuples of the named fields, e.g. `flatten("cell", "code")`."""
        return [tuple(getattr(f, name) for name in fields) for f in self.findings]

    def for_file(self, file: str) -> list[Finding]:
        return [f for f in self.findings if f.file == file]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "stats": {"files": len(self.files), "errors": len(self.errors), "warnings": len(self.warnings)},
            "files": self.files,
            "findings": [asdict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)
