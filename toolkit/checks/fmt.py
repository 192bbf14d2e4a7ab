"""Swedish numbers in messages, safe for any value a cell can hold.

`toolkit.swedish` formats through babel, whose decimal arithmetic fails on huge values (1e28 typed
in a count cell); such values are shown in scientific notation instead.
"""

from __future__ import annotations

from .. import swedish

#: Beyond this size figures are junk to be corrected, not amounts to be read.
_LARGE = 1e15


def _large(value: float) -> str:
    return f"{value:.3g}".replace(".", ",").replace("-", swedish.MINUS)


def number(value: float, decimals: int = 0) -> str:
    """"9 600 000", "4,8"."""
    return _large(value) if abs(value) >= _LARGE else swedish.number(value, decimals)


def kronor(value: float) -> str:
    """"9 600 000 kr"."""
    return f"{_large(value)}{swedish.NBSP}kr" if abs(value) >= _LARGE else swedish.kronor(value)


def percent(share: float, decimals: int = 0) -> str:
    """"93 %", "4,8 %"."""
    return f"{_large(share * 100)}{swedish.NBSP}%" if abs(share) >= _LARGE / 100 else swedish.percent(share, decimals)
