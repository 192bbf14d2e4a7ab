"""A1 cell references ("C7", "C7:E7") without importing openpyxl on the read-and-check path."""

from __future__ import annotations

import re
from functools import lru_cache

_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=4096)
def coordinates(cell: str) -> tuple[int, int]:
    """(row, column), both from 1: "C7" -> (7, 3)."""
    match = _CELL.match(cell)
    if not match:
        raise ValueError(f"not a cell reference: {cell!r}")
    column = 0
    for ch in match.group(1):
        column = column * 26 + ord(ch) - 64
    return int(match.group(2)), column


def within(cell: str, ref: str) -> bool:
    """Whether `cell` lies in `ref`, a cell or a range such as "C7:E7"."""
    if ":" not in ref:
        return cell == ref
    first, last = ref.split(":", 1)
    (r1, c1), (r2, c2), (row, col) = coordinates(first), coordinates(last), coordinates(cell)
    return r1 <= row <= r2 and c1 <= col <= c2
