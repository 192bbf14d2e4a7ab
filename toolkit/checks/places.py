"""Where findings point: cells and ranges taken from the layout, never hard-coded coordinates.

Input cells come from their fields; totals from the layout's named formula cells (the sums staff
see), so a change of geometry in `layout.py` moves the findings too.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Sequence

from ..a1 import column_letter, coordinates
from ..findings import Finding

from ..layout import Layout, layout


def _fields() -> dict[str, tuple[str, str]]:
    return _cells(layout())


@cache
def _cells(lay: Layout) -> dict[str, tuple[str, str]]:
    return {f.name: (f.sheet, f.cell) for f in lay.fields}


def cell(name: str) -> str:
    """The cell of an input field, e.g. "C20"."""
    return _fields()[name][1]


def where(name: str) -> dict[str, str]:
    """`sheet=` and `cell=` keyword arguments for a finding at one input field."""
    sheet_name, cell_ref = _fields()[name]
    return {"sheet": sheet_name, "cell": cell_ref}


def span(first: str, last: str) -> dict[str, str]:
    """A finding at the range from one input field to another on the same sheet, e.g. C20:F20."""
    (sheet_name, a), (_, b) = _fields()[first], _fields()[last]
    return {"sheet": sheet_name, "cell": f"{a}:{b}"}


def relocate(findings: Sequence[Finding], moved: dict[tuple[str, str], tuple[str, str]]) -> list[Finding]:
    """Findings placed by today's layout, moved to where the file has those cells (its defined names
    followed inserted rows, or it was made from an older template): marks and links then hit the cell."""
    def move(item: Finding) -> Finding:
        if not (item.sheet and item.cell):
            return item
        ends = item.cell.split(":")
        found = [(end, moved.get((item.sheet, end))) for end in ends]
        anchor = next(((end, to) for end, to in found if to), None)
        if anchor is None:
            return item
        (r0, c0), (r1, c1) = coordinates(anchor[0]), coordinates(anchor[1][1])
        cells = []
        for end, to in found:  # an end that is no named cell moves as the named one did
            if to is not None and to[0] == anchor[1][0]:
                cells.append(to[1])
            else:
                r, c = coordinates(end)
                cells.append(f"{column_letter(c + c1 - c0)}{r + r1 - r0}")
        return replace(item, sheet=anchor[1][0], cell=":".join(cells))

    return [move(item) for item in findings]


def label(name: str) -> str:
    """The Swedish label of an input field, e.g. "Insatsens namn"."""
    return layout().field(name).label


def _formulas() -> dict[str, tuple[str, str]]:
    return _named_formulas(layout())


@cache
def _named_formulas(lay: Layout) -> dict[str, tuple[str, str]]:
    return {f.name: (f.sheet, f.cell) for f in lay.formulas if f.name}


def formula(name: str) -> dict[str, str]:
    """`sheet=` and `cell=` of a named formula cell, e.g. "summa_inskrivna_antal" -> Deltagare C5."""
    sheet_name, cell_ref = _formulas()[name]
    return {"sheet": sheet_name, "cell": cell_ref}


def formula_span(first: str, last: str) -> dict[str, str]:
    """`sheet=` and `cell=` of named formula cells from `first` to `last` ("C29:D29"; one cell when the same)."""
    (sheet_name, a), (_, b) = _formulas()[first], _formulas()[last]
    return {"sheet": sheet_name, "cell": a if a == b else f"{a}:{b}"}


def tally_total(row: str, column: str = "antal") -> dict[str, str]:
    """The Deltagare cell summing one tally row and column over all aktiviteter (e.g. C5)."""
    return formula(f"summa_{row}_{column}")
