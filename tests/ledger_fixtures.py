"""A year of one insats in four period-only quarters, as models: people carry over between quarters
and quarter 2 has more exits than new starts. The ledger below is the truth the tests recompute.

| quarter | pågående vid början | nya | inskrivna | avslutade | pågående vid slut |
| Q1 | 15 | 5 | 20 | 6 | 14 |
| Q2 | 14 | 4 | 18 | 9 | 9 |
| Q3 | 9 | 6 | 15 | 3 | 12 |
| Q4 | 12 | 7 | 19 | 10 | 9 |
Participants of the year: 20 + 4 + 6 + 7 = 37 (kvinnor 21, män 16, under 30 år 10); Σ inskrivna = 72.
"""

from __future__ import annotations

import copy

from toolkit.model import Aktivitet, Count, InsatsRapport
from toolkit.periods import Period

AKTIVITET = "Arbetsträning"
#: (nya, avslutade) per quarter as (antal, kvinnor, män, under 30 år); Q1 starts with 15 (9, 6, 4).
START = (15, 9, 6, 4)
FLOWS = [((5, 3, 2, 1), (6, 4, 2, 1)), ((4, 2, 2, 1), (9, 5, 4, 2)), ((6, 4, 2, 2), (3, 2, 1, 1)),
         ((7, 3, 4, 2), (10, 6, 4, 3))]
YEAR = Count(37, 21, 16, 10)
SUM_INSKRIVNA = Count(72, 41, 31, 21)
LARGEST = Count(20, 12, 9, 6)  # per column


def _add(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b))


def _sub(a: tuple, b: tuple) -> tuple:
    return tuple(x - y for x, y in zip(a, b))


def quarters(year: int = 2025, with_nya: bool = True, insats: str = "Steg framåt") -> list[InsatsRapport]:
    """The four quarterly reports (period-only), each self-consistent (remittenter add up, and so on)."""
    reports = []
    ongoing = START
    for number, (new, left) in enumerate(FLOWS, 1):
        enrolled = _add(ongoing, new)
        akt = Aktivitet(AKTIVITET, volymmal_per_ar=40, inskrivna=Count(*enrolled), avslutade=Count(*left),
                        gar_vidare=Count(*left), nya=Count(*new) if with_nya else Count())
        report = InsatsRapport(forbund="Samordningsförbundet Exempelbygd", insats=insats, huvudman="Kommunen",
                               malgrupp="Unga vuxna", rapporttyp="kvartal", period=Period.of("kvartal", year, number),
                               ackumulerad=False, aktiviteter=[akt], uppgiftslamnare=["Anna Andersson"])
        report.remittenter["arbetsformedlingen"] = enrolled[0]
        reports.append(report)
        ongoing = _sub(enrolled, left)
    return reports


def copies(reports: list[InsatsRapport]) -> list[InsatsRapport]:
    return [copy.deepcopy(r) for r in reports]
