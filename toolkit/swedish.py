"""Swedish number, money, share and date formats, with non-breaking spaces so numbers never wrap.

"9 600 000 kr", "93 %", "4,8 %", "2023-01-04". Used by the reports, the consolidation and messages.
Every figure is rounded by `rounded`, half away from zero as Excel's ROUND and number formats do,
so 20 of 32 (62,5 %) reads 63 % in the workbook, the checks, the report and the consolidation.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "\u2212"
EMPTY = "–"
#: Python's "1,234.5" as Swedish "1 234,5" (space between thousands, comma as decimal sign, a real minus).
_SWEDISH = str.maketrans({",": NBSP, ".": ",", "-": MINUS})


#: Beyond this size a figure is junk typed into a cell, not an amount to read digit by digit
#: (and decimal arithmetic gives up on it): it is shown as "1,2 · 10²⁰".
LARGE = 1e15
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _astronomical(value: float) -> str:
    if value != value:  # NaN: no figure at all
        return EMPTY
    if value in (float("inf"), float("-inf")):  # a sum that overflowed (1e308 + 1e308)
        return f"{MINUS if value < 0 else ''}∞"
    mantissa, exponent = f"{abs(value):.1e}".split("e")
    power = str(int(exponent)).translate(_SUPERSCRIPT)
    return f"{MINUS if value < 0 else ''}{mantissa.replace('.', ',')}{NBSP}·{NBSP}10{power}"


def rounded(value: float | int, decimals: int = 0) -> float | int:
    """`value` rounded half away from zero, as Excel's ROUND: rounded(0.625 * 100) == 63, rounded(-2.5) == -3.

    Like Excel, the value is first taken to 15 significant digits, so a float just below a half
    (1.005 is stored as 1.00499…) rounds as it is shown; Python's round() rounds half to even.
    """
    if (isinstance(value, int) and decimals >= 0) or not abs(value) < LARGE:  # junk sizes, inf, nan: as they are
        return value
    exact = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(exact) if decimals <= 0 else float(exact)


def percent_points(share: float, decimals: int = 0) -> float | int:
    """A share in percent as it is shown: percent_points(0.625) == 63 (whole percent by default)."""
    if not abs(share) * 100 < LARGE:
        return share * 100
    return rounded(float(Decimal(f"{share:.15g}") * 100), decimals)


def number(value: float | int | None, decimals: int = 0) -> str:
    """A number with space as thousands separator and comma as decimal sign: "9 600 000", "4,8"."""
    if value is None:
        return EMPTY
    if abs(value) >= LARGE:
        return _astronomical(value)
    return f"{rounded(value, decimals):,.{decimals}f}".translate(_SWEDISH)


def kronor(value: float | int | None) -> str:
    """An amount in whole kronor: "9 600 000 kr"."""
    if value is None:
        return EMPTY
    return f"{number(value)}{NBSP}kr"


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.93) as "93 %", or with decimals "4,8 %"."""
    if share is None:
        return EMPTY
    if abs(share) * 100 >= LARGE:
        return f"{_astronomical(share * 100)}{NBSP}%"
    return f"{number(percent_points(share, decimals), decimals)}{NBSP}%"


def iso_date(value: date | datetime | None) -> str:
    """ISO date: "2023-01-04"."""
    if value is None:
        return EMPTY
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def mb(size: int) -> str:
    """A size in bytes as megabytes: "64 MB", "0,5 MB", "3 072 MB"."""
    return f"{number(size / 1024 / 1024, 1 if size < 10 * 1024 * 1024 else 0)}{NBSP}MB"


def count(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number: "1 fil", "3 filer", "1 200 filer"."""
    return f"{number(n)} {one if n == 1 else many}"
