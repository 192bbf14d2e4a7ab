"""The Jinja filters every report template uses: Swedish numbers, money, shares, dates and lists.

All of them delegate to `toolkit.swedish`, so a report, a consolidation and a message format the same
figure the same way ("9 600 000 kr", "93 %", "2023-01-04", non-breaking spaces). An empty value is
shown as a dash, never as "None".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable, Iterable

from .. import swedish


def tal(value: float | int | None, decimals: int = 0) -> str:
    """A number: "9 600 000", or with decimals "4,8"."""
    return swedish.number(value, decimals)


def kronor(value: float | int | None) -> str:
    """An amount in whole kronor: "9 600 000 kr"."""
    return swedish.kronor(value)


def procent(share: float | None, decimals: int = 0) -> str:
    """A share (0.93) as "93 %", or with decimals "4,8 %"."""
    return swedish.percent(share, decimals)


def datum(value: date | datetime | None) -> str:
    """An ISO date: "2023-01-04"."""
    return swedish.iso_date(value)


def text(value: Any) -> str:
    """A text, or a dash when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return swedish.EMPTY
    return str(value)


def lista(items: Iterable[Any] | None) -> str:
    """A Swedish enumeration: "A, B och C"; a dash when empty."""
    words = [str(i) for i in (items or []) if str(i).strip()]
    if not words:
        return swedish.EMPTY
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " och " + words[-1]


#: The filters registered in the template environment, by the name templates use.
FILTERS: dict[str, Callable[..., str]] = {
    "tal": tal,
    "kronor": kronor,
    "procent": procent,
    "datum": datum,
    "text": text,
    "lista": lista,
}

#: Help for template authors (Swedish): filter -> (what it does, an example tag).
FILTER_HELP: dict[str, tuple[str, str]] = {
    "tal": ("Tal med mellanslag som tusentalsavgränsare; tal(1) ger en decimal", "{{ 9600000|tal }}"),
    "kronor": ("Belopp i hela kronor", "{{ 9600000|kronor }}"),
    "procent": ("Andel som procent; procent(1) ger en decimal", "{{ 0.048|procent(1) }}"),
    "datum": ("Datum som ÅÅÅÅ-MM-DD", "{{ rapportdatum|datum }}"),
    "text": ("Texten, eller ett streck när den är tom", "{{ diarienummer|text }}"),
    "lista": ("Uppräkning med kommatecken och ”och”", "{{ uppgiftslamnare|lista }}"),
}
