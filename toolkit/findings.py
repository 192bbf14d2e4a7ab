"""Findings as data: one fault or warning with a stable code, a Swedish message and its place.

Readers and checks yield findings; a `CheckReport` collects them for one or many files.
Rendering (terminal table, JSON, the Kontroll sheet, a Word appendix) lives elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal

Severity = Literal["fel", "varning"]
FEL: Severity = "fel"
VARNING: Severity = "varning"


@dataclass(frozen=True)
class CodeInfo:
    """A catalogue entry: the code's severity and a one-line Swedish description."""

    severity: Severity
    title: str


#: Every finding code, declared once. Checks register theirs with `register`.
CODES: dict[str, CodeInfo] = {}


def register(code: str, severity: Severity, title: str) -> str:
    """Declare a finding code in the catalogue and return it."""
    CODES[code] = CodeInfo(severity, title)
    return code


# Cell-level faults, found while reading a workbook.
TEXT_I_TALCELL = register("text-i-talcell", FEL, "Text i en cell där ett tal ska stå")
DECIMALTAL = register("decimaltal", FEL, "Decimaltal där ett heltal ska stå")
NEGATIVT_TAL = register("negativt-tal", FEL, "Negativt tal där bara noll eller mer är möjligt")
DATUM_SOM_TEXT = register("datum-som-text", FEL, "Datum skrivet som text eller ogiltigt datum")
FELVARDE = register("felvarde", FEL, "Excel-felvärde (#REF!, #DIV/0! …) i en inmatningscell")
OGILTIGT_VAL = register("ogiltigt-val", FEL, "Värde som inte finns i listan för cellen")
#: The cell-level codes: a cell with one of these is unusable, and checks over it are left out.
CELL_CODES = (TEXT_I_TALCELL, DECIMALTAL, NEGATIVT_TAL, DATUM_SOM_TEXT, FELVARDE, OGILTIGT_VAL)
# File-level faults.
INTE_EXCEL = register("inte-excel", FEL, "Filen är ingen Excel-arbetsbok")
TRASIG_FIL = register("trasig-fil", FEL, "Filen är skadad eller ofullständig")
KRYPTERAD_FIL = register("krypterad-fil", FEL, "Filen är krypterad eller lösenordsskyddad")
XLS_FORMAT = register("xls-format", FEL, "Gammalt .xls-format")
BLAD_SAKNAS = register("blad-saknas", FEL, "Ett blad i mallen saknas eller har bytt namn")
FEL_MALL = register("fel-mall", FEL, "Arbetsboken är inte gjord från insatsmallen")
FOR_STOR_FIL = register("for-stor-fil", FEL, "Filen är för stor eller packar upp till för mycket data")
FOR_STORT_OMRADE = register("for-stort-omrade", FEL, "Ett blad har innehåll långt utanför mallens område")


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

    @property
    def place(self) -> str:
        """"Deltagare!C7" or the sheet alone, or ""."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def with_file(self, file: str) -> "Finding":
        return Finding(**{**asdict(self), "file": file})


def finding(code: str, message: str, **where: Any) -> Finding:
    """A finding whose severity comes from the catalogue."""
    return Finding(code=code, message=message, severity=CODES[code].severity, **where)


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
