"""Which cells a check marks, and with which note: one plan, painted by both backends.

The openpyxl annotator (`annotate.py`, a checked copy) and the Excel button (`excel.py`, live) apply
the same `MarkPlan`: each faulty cell (each cell of a range) is filled in its worst severity's colour,
and the messages go in a note on the range's first cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Sequence

from ..findings import FEL, Finding


@dataclass(frozen=True)
class MarkPlan:
    """`fills`: (sheet, cell or range, severity) in painting order, warnings first so an error's colour wins
    on a cell both point at. `notes`: (sheet, first cell) -> the note's text."""

    fills: tuple[tuple[str, str, str], ...]
    notes: dict[tuple[str, str], str]


def note_line(item: Finding) -> str:
    """"Fel (text-i-talcell): …" as a cell's note shows a finding."""
    return f"{item.severity.capitalize()} ({item.code}): {item.message}"


def first_cell(ref: str) -> str:
    """"C20" of "C20:F20"."""
    return ref.split(":")[0]


def mark_plan(findings: Sequence[Finding], sheets: Collection[str]) -> MarkPlan:
    """The marks for the findings that point at a cell of one of `sheets`."""
    by_place: dict[tuple[str, str], list[Finding]] = {}
    for item in findings:
        if item.sheet in sheets and item.cell:
            by_place.setdefault((item.sheet, item.cell), []).append(item)
    fills: list[tuple[str, str, str]] = []
    notes: dict[tuple[str, str], str] = {}
    for (sheet, ref), items in sorted(by_place.items(), key=lambda kv: any(i.severity == FEL for i in kv[1])):
        fills.append((sheet, ref, FEL if any(i.severity == FEL for i in items) else items[0].severity))
        key, text = (sheet, first_cell(ref)), "\n\n".join(note_line(i) for i in items)
        notes[key] = f"{notes[key]}\n\n{text}" if key in notes else text
    return MarkPlan(tuple(fills), notes)
