"""Swedish number, money, share and date formats (babel), with non-breaking spaces so numbers never wrap.

"9 600 000 kr", "93 %", "4,8 %", "2023-01-04". Used by the reports, the consolidation and messages.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import InvalidOperation

from babel.numbers import format_decimal, format_percent

NBSP = "\u00a0"
MINUS = "\u2212"
LOCALE = "sv_SE"
EMPTY = "–"


def _tidy(text: str) -> str:
    return text.replace(" ", NBSP).replace("\u202f", NBSP).replace("-", MINUS)


def number(value: float | int | None, decimals: int = 0) -> str:
    """A number with space as thousands separator and comma as decimal sign: "9 600 000", "4,8"."""
    if value is None:
        return EMPTY
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    try:
        return _tidy(format_decimal(value, format=pattern, locale=LOCALE))
    except (InvalidOperation, OverflowError, ValueError):  # babel gives up on astronomical values
        text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
        return (MINUS if value < 0 else "") + text


def kronor(value: float | int | None) -> str:
    """An amount in whole kronor: "9 600 000 kr"."""
    if value is None:
        return EMPTY
    return f"{number(round(value))}{NBSP}kr"


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.93) as "93 %", or with decimals "4,8 %"."""
    if share is None:
        return EMPTY
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return _tidy(format_percent(share, format=pattern, locale=LOCALE))


def iso_date(value: date | datetime | None) -> str:
    """ISO date: "2023-01-04"."""
    if value is None:
        return EMPTY
    return (value.date() if isinstance(value, datetime) else value).isoformat()
