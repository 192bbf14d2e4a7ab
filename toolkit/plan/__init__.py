"""The förbund's verksamhetsplan och budget: its workbook (`forbundsplan.xlsx`) and data file, its checks,
the Word document for the board, and the send-out of pre-filled insats workbooks for a period.

The plan workbook is declared once (`layout.py`) and built and read with the insats workbook's machinery.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from .model import Kostnad, Medlemmar, Plan, PlanInsats
from .reader import is_plan_workbook, load_plan, read_plan

__all__ = ["Kostnad", "Medlemmar", "Plan", "PlanInsats", "check_plan_workbook", "is_plan_workbook", "load_plan",
           "read_plan"]


def check_plan_workbook(path: str | Path) -> list[Finding]:
    """Read a plan workbook and check it: cell findings first, then the plan's checks."""
    from .checks import check_plan

    result = read_plan(path)
    if result.plan is None:
        return list(result.findings)
    return [*result.findings, *check_plan(result.plan, str(result.path))]
