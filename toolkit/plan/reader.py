"""Read a plan workbook (workbooks/forbundsplan.xlsx) into the plan, with the insats reader's machinery."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..errors import FinsamError
from ..findings import FEL_MALL, TRASIG_FIL, Finding, HasFindings, finding
from ..reader import error_cells, file_fault, input_places, names_and_sheets, raw_values
from .cells import plan_from_cells
from .layout import SHEETS, VERSION_CELL, VERSION_NAME, plan_layout
from .model import Plan

_INPUT_SHEETS = {f.sheet for f in plan_layout().fields}


@dataclass
class PlanRead(HasFindings):
    """The plan read from one file (None when unusable) and the findings on the way."""

    path: Path
    plan: Plan | None
    findings: list[Finding] = field(default_factory=list)
    version: int | None = None


def is_plan_workbook(path: str | Path) -> bool:
    """True when the file is a plan workbook (it has the plan's version name), False for anything else."""
    try:
        with zipfile.ZipFile(path) as zf:
            return f'name="{VERSION_NAME}"'.encode() in zf.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def read_plan(path: str | Path) -> PlanRead:
    """Read one plan workbook; an unusable file gives `plan=None` and one finding."""
    path = Path(path)
    fault = file_fault(path)
    if fault:
        return PlanRead(path, None, [fault])
    where = {"file": str(path)}
    try:
        with zipfile.ZipFile(path) as zf:
            names, sheets = names_and_sheets(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
            if VERSION_NAME not in names or any(s not in sheets for s in SHEETS):
                return PlanRead(path, None, [finding(
                    FEL_MALL, "Arbetsboken är ingen förbundsplan. Skapa planen med `finsam plan new`.", **where)])
            errors = error_cells(zf, sheets, _INPUT_SHEETS)
        places = input_places(names, plan_layout().fields, VERSION_NAME, VERSION_CELL)
        raw, version = raw_values(CalamineWorkbook.from_path(str(path)), places, errors)
    except Exception:  # zipfile, zlib and calamine raise their own error types for damaged parts
        return PlanRead(path, None, [finding(TRASIG_FIL, "Filen är skadad eller ofullständig och kan inte läsas "
                                                         "som Excel-arbetsbok. Hämta en ny kopia.", **where)])
    plan, findings = plan_from_cells(raw, names)
    plan.version = version or 0
    return PlanRead(path, plan, [f.with_file(str(path)) for f in findings], version)


def load_plan(path: str | Path) -> Plan:
    """The plan of a plan workbook, or of a plan data file (.yaml/.yml/.json); FinsamError when unusable."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        from .datafile import load_plan_data

        return load_plan_data(path)
    result = read_plan(path)
    if result.plan is None:
        raise FinsamError(result.findings[0].message, file=str(path))
    return result.plan
