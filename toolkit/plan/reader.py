"""Read a plan workbook (workbooks/forbundsplan.xlsx) into the plan, with the insats reader's machinery."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FinsamError
from ..findings import Finding, HasFindings, finding
from ..reader import WORKBOOK, WORKBOOK_RELS, input_places, load, names_and_sheets, read_places, unreadable
from ..safe_zip import Package, read_file
from .cells import plan_from_cells
from .layout import SHEETS, VERSION_CELL, VERSION_NAME, plan_layout
from .model import Plan


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
        return f'name="{VERSION_NAME}"'.encode() in Package(read_file(path)).read(WORKBOOK)
    except Exception:  # not a zip, no workbook part, too large, damaged: not a plan
        return False


def read_plan(path: str | Path) -> PlanRead:
    """Read one plan workbook; an unusable file gives `plan=None` and one finding."""
    path = Path(path)
    data = load(path)
    if isinstance(data, Finding):
        return PlanRead(path, None, [data])
    where = {"file": str(path)}
    try:
        pkg = Package(data)
        names, sheets = names_and_sheets(pkg.read(WORKBOOK), pkg.read(WORKBOOK_RELS))
        if VERSION_NAME not in names or any(s not in sheets for s in SHEETS):
            return PlanRead(path, None, [finding("fel-mall", variant="plan", **where)])
        places = input_places(names, plan_layout().fields, VERSION_NAME, VERSION_CELL)
        raw, version = read_places(pkg, sheets, places)
    except Exception as exc:
        return PlanRead(path, None, [unreadable(exc, where)])
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
