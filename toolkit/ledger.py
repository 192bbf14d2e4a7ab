"""The participant ledger: how many people took part over a span covered by several reports.

*Inskrivna* in a report is everyone enrolled at some time during its period: those still enrolled
from before plus the *nya* who started in it. So inskrivna of consecutive periods are never added
up. Over a chain of reports that do not overlap, in time order:

    participants = inskrivna of the earliest + Σ nya of the later ones
                 (= pågående vid början of the earliest + Σ nya of all)

A cumulative report from 1 January is a chain of one: its inskrivna give the year directly. Where a
later report lacks *nya*, or does not start the day after the one before ends (a report is missing),
only honest bounds are known: at least the largest period (plus the known nya after it), at most the
earliest plus, per later report, its nya or else all its inskrivna. With no nya at all that is "the
largest single period ≤ true ≤ the sum".

Every figure is per tally column (antal, kvinnor, män, under 30 år) and per aktivitet (matched by
name); an unknown cell stays unknown, never 0. The arithmetic needs only `+`, `-` and an ordering,
so the published Ranges of small-count masking pass through it as well as plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Sequence

from .catalog import TALLY_COLUMNS
from .model import Count, InsatsRapport
from .names import name_key

__all__ = ["SpanParticipants", "span_participants", "pagaende_vid_borjan", "pagaende_vid_slut"]


def pagaende_vid_borjan(report: InsatsRapport) -> Count:
    """Enrolled when the report's period began, over all aktiviteter: inskrivna − nya."""
    return report.ledger_total("pagaende_vid_borjan")


def pagaende_vid_slut(report: InsatsRapport) -> Count:
    """Still enrolled when the report's period ended, over all aktiviteter: inskrivna − avslutade."""
    return report.ledger_total("pagaende_vid_slut")


@dataclass(frozen=True)
class SpanParticipants:
    """Participants over a span, per tally column: `lo` ≤ true ≤ `hi` (equal where exactly known).

    `aktiviteter` holds the same per aktivitet (by the name in the latest report), the totals are
    their sums. `missing_nya` are the indices (into the chain given) of reports whose *nya* were
    needed but not given: complete those to turn the bounds into one figure. `gaps` are the indices
    of reports that do not start the day after the one before ends.
    """

    lo: Count
    hi: Count
    aktiviteter: dict[str, tuple[Count, Count]] = field(default_factory=dict)
    missing_nya: tuple[int, ...] = ()
    gaps: tuple[int, ...] = ()

    @property
    def uncertain(self) -> bool:
        """True when some known column is only bounded, not known exactly."""
        return any(self.lo.get(c) != self.hi.get(c) for c in TALLY_COLUMNS)

    @property
    def exact(self) -> Count:
        """The exactly known columns; a bounded or unknown column is None."""
        return Count(**{c: self.lo.get(c) if self.lo.get(c) == self.hi.get(c) else None for c in TALLY_COLUMNS})


_key = name_key


def _largest(values: list[Any]) -> Any:
    """The largest value; for masked Ranges the one with the largest lower end (still a lower bound)."""
    return max(values, key=lambda v: (getattr(v, "lo", v), getattr(v, "hi", v)))


def _column(chain: list[tuple[Any, Any]], gaps: set[int]) -> tuple[Any, Any, set[int]]:
    """(lo, hi, indices lacking nya) for one column of one aktivitet over its chain of (inskrivna, nya);
    after a gap a report's nya leave out those who started in the missing period and stayed."""
    enrolled = [ins for ins, _ in chain]
    if any(ins is None for ins in enrolled):
        return None, None, set()
    missing = {i for i, (_, new) in enumerate(chain) if i and new is None}
    hi = enrolled[0]
    for i, (ins, new) in enumerate(chain[1:], 1):
        hi = hi + (ins if i in missing or i in gaps else new)
    if not missing and not gaps & set(range(1, len(chain))):
        return hi, hi, set()
    candidates = []
    for j, ins in enumerate(enrolled):
        lo = ins
        for i in range(j + 1, len(chain)):
            if i not in missing:
                lo = lo + chain[i][1]
        candidates.append(lo)
    return _largest(candidates), hi, missing


def span_participants(chain: Sequence[InsatsRapport]) -> SpanParticipants:
    """Participants over the span of `chain`: reports of one insats whose periods do not overlap, in
    time order (the earliest first). See the module docstring for the rule."""
    gaps = {i for i in range(1, len(chain)) if chain[i - 1].slut is None or chain[i].start is None
            or chain[i].start != chain[i - 1].slut + timedelta(days=1)}  # type: ignore[operator]
    names: dict[str, str] = {}
    rows: dict[str, list[tuple[int, Count, Count]]] = {}
    for index, report in enumerate(chain):
        for akt in report.aktiviteter:
            key = _key(akt.namn)
            names[key] = akt.namn  # the latest report's spelling wins
            rows.setdefault(key, []).append((index, akt.inskrivna, akt.nya))
    aktiviteter: dict[str, tuple[Count, Count]] = {}
    missing: set[int] = set()
    total_lo, total_hi = Count(), Count()
    for key, entries in rows.items():
        lo, hi = {}, {}
        for column in TALLY_COLUMNS:
            values = [(ins.get(column), new.get(column)) for _, ins, new in entries]
            lo[column], hi[column], lacking = _column(values, {k for k, (i, _, _) in enumerate(entries) if i in gaps})
            missing |= {entries[i][0] for i in lacking}
        akt_lo, akt_hi = Count(**lo), Count(**hi)
        aktiviteter[names[key]] = (akt_lo, akt_hi)
        total_lo, total_hi = total_lo + akt_lo, total_hi + akt_hi
    return SpanParticipants(total_lo, total_hi, aktiviteter, tuple(sorted(missing)), tuple(sorted(gaps)))
