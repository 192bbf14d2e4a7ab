"""Small-count masking for published figures (`--maskera N`).

The rule (documented and argued in docs/consolidate.md):
* The published *leaves* are the counts as typed, per report, aktivitet and tally row: kvinnor, män
  and under 30 år (antal only where kön is missing), and participants outside follow-up. A leaf
  below N (N at least 3; 0 included) is shown as "<N"; a leaf of N or more is shown as it is.
* Every other count (antal = kvinnor + män, totals over aktiviteter, insatser, periods and the
  förbund) is computed from the *published* leaves, never from the exact figures: it is a range
  from (masked leaves taken as 0) to (masked leaves taken as N−1), shown as one number when no
  masked leaf is inside, "<N" when the whole range is below N, else "12–16".
* Shares are shown only when both counts are exact; breakdowns that restate the same people a
  second way (remittenter, avslutsanledningar, results) are not published under masking.
Every published figure is thus a function of the published leaves alone: any values 0..N−1 for the
masked leaves give exactly the same outputs, so no combination of totals, rows and columns can
narrow a masked count, let alone recover it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import FinsamError
from ..layout import Field, Layout, layout
from ..model import InsatsRapport
from ..schema import get, put, segments

#: The smallest useful threshold: "<2" could only mean 0 or 1.
MINIMUM = 3


@dataclass(frozen=True)
class Range:
    """A published count: every value from `lo` to `hi` is possible (lo == hi when exact)."""

    lo: int
    hi: int

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __add__(self, other: Any) -> "Range":
        if isinstance(other, Range):
            return Range(self.lo + other.lo, self.hi + other.hi)
        return Range(self.lo + other, self.hi + other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> "Range":
        if isinstance(other, Range):
            return Range(self.lo - other.hi, self.hi - other.lo)
        return Range(self.lo - other, self.hi - other)


Shown = int | str | None


@cache
def _masked(lay: Layout) -> tuple[tuple[Field, ...], tuple[str, ...]]:
    """The fields the layout marks a published leaf or left out, and the report's attributes they lie in."""
    fields = tuple(f for f in lay.fields if f.mask)
    return fields, tuple(dict.fromkeys(str(segments(f.path)[0]) for f in fields))


@dataclass(frozen=True)
class Masker:
    """Publishes counts; `threshold` None publishes every count as it is."""

    threshold: int | None = None

    def __post_init__(self) -> None:
        if self.threshold is not None and self.threshold < MINIMUM:
            raise FinsamError(f"--maskera behöver ett tal från {MINIMUM} och uppåt, t.ex. --maskera 5 "
                              f"(med {self.threshold} skulle inget döljas).")

    @property
    def active(self) -> bool:
        return self.threshold is not None

    @property
    def label(self) -> str:
        """"<5" for threshold 5."""
        return f"<{self.threshold}"

    def leaf(self, value: int | None) -> Range | None:
        """A typed count as published: the masked range 0..N−1, or the value itself."""
        if value is None or self.threshold is None:
            return value  # type: ignore[return-value]
        return Range(0, self.threshold - 1) if value < self.threshold else Range(value, value)

    def count(self, value: Range | int | float | None) -> Shown:
        """A count for display: a number, "<N", or a range "12–16" (also unmasked: the ledger's bounds)."""
        if value is None:
            return None
        if self.threshold is None:
            if isinstance(value, Range):
                return value.lo if value.exact else f"{value.lo}–{value.hi}"
            return value  # type: ignore[return-value]
        if not isinstance(value, Range):
            value = self.leaf(int(value))
        assert value is not None
        if value.hi < self.threshold:
            return self.label
        return value.lo if value.exact else f"{value.lo}–{value.hi}"

    def share(self, part: Range | int | float | None, whole: Range | int | float | None) -> float | None:
        """part / whole, only when both are exact published counts."""
        p, w = self.count(part), self.count(whole)
        if not isinstance(p, (int, float)) or not isinstance(w, (int, float)) or not w:
            return None
        return p / w

    def publish(self, report: InsatsRapport) -> InsatsRapport:
        """A copy of the report whose counts are published leaves (Ranges); sums then follow from them."""
        if self.threshold is None:
            return report
        fields, roots = _masked(layout())
        pub = copy.copy(report)  # only what masking changes is copied: the rest is shared, not to be modified
        for root in roots:
            setattr(pub, root, copy.deepcopy(getattr(report, root)))
        for f in fields:
            value = get(pub, f.path)
            if value is not None:
                put(pub, f.path, self.leaf(value) if f.mask == "leaf" else None)
        for akt in pub.aktiviteter:  # antal follows from the published kvinnor and män when both are known
            for count in akt.tallies.values():
                if count.kvinnor is not None and count.man is not None:
                    count.antal = count.kvinnor + count.man  # type: ignore[assignment]
        return pub

    def note(self) -> str:
        """One Swedish sentence for the outputs, empty when not masking."""
        if self.threshold is None:
            return ""
        n = self.threshold
        return (f"Antal under {n} (även 0) visas som ”<{n}”. Summor räknas på de visade antalen och visas som "
                f"ett spann (till exempel 12–16) när de innehåller ett dolt antal, så att inget dolt antal kan "
                f"räknas fram. Remittenter och avslutsanledningar visas inte.")

    def interval(self, shown: Shown) -> range:
        """The exact values a displayed count can stand for (used by the tests)."""
        if shown is None:
            return range(0)
        if isinstance(shown, str):
            if shown == self.label:
                return range(0, self.threshold or 0)
            lo, hi = shown.split("–")
            return range(int(lo), int(hi) + 1)
        return range(int(shown), int(shown) + 1)
