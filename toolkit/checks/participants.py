"""Checks of the participant tallies: gender sums, under 30 within the total, the order of flows."""

from __future__ import annotations

from typing import Iterator

from ..catalog import TALLY_ROWS
from ..findings import Finding, finding, register, FEL
from ..layout import DELTAGARE, TALLY_COL, layout, tally_name
from ..model import InsatsRapport

SUM_KON = register("sum-kon", FEL, "Kvinnor + Män är inte lika med Antal")


def check_gender_sums(report: InsatsRapport) -> Iterator[Finding]:
    """Kvinnor + Män = Antal on every tally row where all three are given."""
    lay = layout()
    for a, akt in enumerate(report.aktiviteter, 1):
        for row, title in TALLY_ROWS.items():
            count = akt.row(row)
            if count.antal is None or count.kvinnor is None or count.man is None:
                continue
            if count.kvinnor + count.man != count.antal:
                first = lay.field(tally_name(a, row, "antal")).cell
                last = lay.field(tally_name(a, row, "man")).cell
                name = akt.namn or f"aktivitet {a}"
                yield finding(SUM_KON, f"{name}, {title.lower()}: kvinnor ({count.kvinnor}) + män ({count.man}) = "
                                       f"{count.kvinnor + count.man}, men antal är {count.antal}. Rätta antalet "
                                       "eller fördelningen på kön.",
                              sheet=DELTAGARE, cell=f"{first}:{last}", expected=count.antal,
                              actual=count.kvinnor + count.man)


CHECKS = (check_gender_sums,)
