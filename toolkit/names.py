"""When two names are the same insats, förbund, aktivitet or category: one rule for every comparison.

Names are typed by many people in many programs, so "Aktivitetscenter", "aktivitetscenter ",
"Aktivitets\u200bcenter" (a zero-width space) and the same word in decomposed Unicode (NFD, as macOS
writes it) are one name. The key is NFC-normalised, without invisible format characters, with runs of
whitespace as one space, and case-folded.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode's format characters (category Cf: zero-width spaces and joiners, soft hyphen, direction marks,
# byte order mark, tags), which show nothing but make two names differ.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def name_key(name: str | None) -> str:
    """The form two names are compared in; "" for an empty or missing name."""
    if not name:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", name))
    return unicodedata.normalize("NFC", " ".join(text.split()).casefold())


def clean_name(name: str | None) -> str:
    """A name as it is shown: NFC, invisible characters removed, whitespace collapsed (case kept)."""
    if not name:
        return ""
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", name)).split())
