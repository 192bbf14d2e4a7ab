"""Safe file names from what people type: insats names become ASCII slugs that every system accepts."""

from __future__ import annotations

import re
import unicodedata

from .periods import Period

#: Names Windows refuses for a file, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG = 60


def slug(text: str, fallback: str = "insats") -> str:
    """"Gröna rum – trädgårdsrehabilitering" -> "grona-rum-tradgardsrehabilitering": lower case a–z, 0–9 and
    single dashes, at most 60 characters, never empty and never a name Windows reserves."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    cut = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_SLUG].rstrip("-")
    if not cut:
        return fallback
    return f"{cut}-{fallback}" if cut in _RESERVED else cut


def workbook_name(insats: str, period: Period, suffix: str = ".xlsx") -> str:
    """The file name of an insats's workbook for a period: `<insats>_<period>.xlsx`."""
    code = "slutrapport" if period.kind == "slut" else period.code
    return f"{slug(insats)}_{code}{suffix}"
