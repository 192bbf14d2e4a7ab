"""A draft marks the figures its findings point at: "12 (!)" in the table, not only the stamp in the header.

Each finding names a sheet and a cell or range; a table value whose input cell (or named total) lies
there gets `MARK` after it. Reports that are not drafts get no marks.
"""

from __future__ import annotations

from functools import cache

from ..a1 import within
from ..findings import Finding
from ..layout import layout

MARK = "\u00a0(!)"


@cache
def _cells() -> dict[str, tuple[str, str]]:
    lay = layout()
    return {**{f.name: (f.sheet, f.cell) for f in lay.formulas if f.name},
            **{f.name: (f.sheet, f.cell) for f in lay.fields}}


class Marks:
    """Which named cells a draft's findings point at."""

    def __init__(self, findings: list[Finding] | None, draft: bool):
        self.spots = [(f.sheet, f.cell) for f in findings or [] if draft and f.sheet and f.cell]

    def at(self, *names: str) -> str:
        """MARK when any of the named cells lies in a finding's cell or range, else ""."""
        for name in names:
            sheet, cell = _cells().get(name, ("", ""))
            if cell and any(s == sheet and within(cell, ref) for s, ref in self.spots):
                return MARK
        return ""

    def row(self, names: dict[str, str]) -> dict[str, str]:
        """Column -> mark, for a table row whose columns come from the named cells."""
        return {column: self.at(name) for column, name in names.items()}
