"""Build the plan workbook from its declaration with the insats workbook's builder functions."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from ..layout import Field
from ..paths import data_dir
from ..workbook import declare, fill_lists, finish_sheets, name_cell, new_book, save_workbook, write_values
from .cells import plan_to_cells
from .layout import FORBUND, INSATSER, LISTS, MALL, SHEETS, TEXTER, VERSION_CELL, VERSION_NAME, plan_layout
from .model import PLAN_VERSION, Plan

WIDTHS = {
    FORBUND: {"A": 2, "B": 52, "C": 18, "D": 12, "E": 14},
    INSATSER: {"A": 2, "B": 34, "C": 26, "D": 22, "E": 8, "F": 18, "G": 16, "H": 14, "I": 28,
               **{c: 22 for c in "JKLMNOPQ"}},
    TEXTER: {"A": 2, "B": 30, **{c: 45 for c in "CDEFGHIJ"}},
}
FREEZE = {INSATSER: "C5", TEXTER: "C5"}
TEMPLATE_PATH = data_dir("workbooks") / "forbundsplan.xlsx"


def _list_range(f: Field) -> str:
    attr = f.name.rsplit("_", 1)[-1]
    column, values = LISTS[attr]
    return f"{MALL}!${column}$2:${column}${1 + len(values)}"


def build_plan_workbook(plan: Plan | None = None) -> Workbook:
    """The plan workbook as an openpyxl Workbook, pre-filled with `plan` when given."""
    wb, sheets = new_book(SHEETS)
    fill_lists(sheets[MALL], LISTS, VERSION_CELL[1], PLAN_VERSION)
    lay = plan_layout()
    declare(wb, sheets, lay, _list_range)
    finish_sheets(sheets, WIDTHS, FREEZE, landscape={INSATSER, TEXTER}, unprotected=set(),
                  columns="ABCDEFGHIJKLMNOPQ")
    name_cell(wb, VERSION_NAME, *VERSION_CELL)
    if plan is not None:
        write_values(wb, lay, plan_to_cells(plan))
    return wb


def write_plan_workbook(path: str | os.PathLike, plan: Plan | None = None) -> Path:
    """Build the plan workbook (pre-filled with `plan`) and save it atomically at `path`."""
    return save_workbook(build_plan_workbook(plan), path)


if __name__ == "__main__":  # regenerate the committed template: python -m toolkit.plan.workbook
    from ..reproducible import save_reproducibly

    print(save_reproducibly(TEMPLATE_PATH, build_plan_workbook().save))
