"""Personal data in the texts: the workbook holds aggregated figures only, never a personnummer.

A Swedish personal identity number (YYMMDD-NNNN or YYYYMMDD-NNNN, dash optional, "+" for those over
100) or samordningsnummer (the day plus 60) is reported when its date exists and its check digit is
right: ten digits that merely look like one (an amount, a diarienummer) rarely pass both. Messages
never repeat the whole number.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from ..findings import Finding, finding
from ..model import InsatsRapport
from . import places
from .meta import text_fields

_NUMBER = re.compile(r"(?<!\d)((?:18|19|20)?\d{6})([-+]?)(\d{4})(?!\d)")
#: Six digits in a row, which every match of _NUMBER holds: most texts have none, and this is found
#: several times faster than _NUMBER's matches.
_SIX_DIGITS = re.compile(r"\d{6}")
_SAMORDNING = 60


def _valid_date(digits: str) -> bool:
    """YYMMDD or YYYYMMDD (the day may be a samordningsnummer's); without a century any century will do."""
    month, day = int(digits[-4:-2]), int(digits[-2:])
    if day > _SAMORDNING:
        day -= _SAMORDNING
    years = [int(digits[:4])] if len(digits) == 8 else [1900 + int(digits[:2]), 2000 + int(digits[:2])]
    for year in years:
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def luhn_ok(ten: str) -> bool:
    """The last of ten digits is the Luhn check digit of the nine before it."""
    total = 0
    for i, ch in enumerate(ten[:9]):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(ten[9])


def find_personnummer(text: str) -> list[str]:
    """The personnummer in a text, masked as "19850101-****"."""
    found: list[str] = []
    if not _SIX_DIGITS.search(text):
        return found
    for match in _NUMBER.finditer(text):
        birth, sep, serial = match.groups()
        if _valid_date(birth) and luhn_ok(birth[-6:] + serial):
            found.append(f"{birth}{sep or '-'}****")
    return found


def check_personnummer(report: InsatsRapport) -> Iterator[Finding]:
    """One finding per text field holding any personnummer, listing them masked."""
    for name, text in text_fields(report):
        masked = find_personnummer(text) if text else []
        if not masked:
            continue
        listed = ", ".join(masked)
        params = {"falt": places.label(name), "nummer": listed}
        if len(masked) > 1:
            yield finding("personnummer", {**params, "antal": len(masked)}, "flera", **places.where(name),
                          actual=listed)
        else:
            yield finding("personnummer", params, **places.where(name), actual=listed)


CHECKS = (check_personnummer,)
