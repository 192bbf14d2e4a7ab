"""Checks across files: the same insats and period reported twice, cumulative figures that fall.

They see only each file's path and model, so results computed in worker processes can be checked
together afterwards (the consolidation does that).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from ..catalog import TALLY_ROWS
from ..findings import FEL, Finding, finding, register
from ..model import InsatsRapport
from .fmt import number
from . import places

if TYPE_CHECKING:  # pragma: no cover
    from . import FileCheck

DUBBEL_RAPPORT = register("dubbel-rapport", FEL, "Samma insats och period finns i flera arbetsböcker")
ACKUMULERAT_MINSKAR = register("ackumulerat-minskar", FEL,
                               "Siffror från årets början minskar från en period till nästa")


def _identity(report: InsatsRapport) -> tuple[str, str] | None:
    """Förbund and insats, compared without case and surrounding spaces; None when unnamed."""
    insats = " ".join(report.insats.split()).casefold()
    return (" ".join(report.forbund.split()).casefold(), insats) if insats else None


def _usable(items: Sequence["FileCheck"]) -> list[tuple[Path, InsatsRapport]]:
    return [(Path(i.path), i.report) for i in items if i.report is not None and i.report.period is not None]


def duplicates(items: Sequence["FileCheck"]) -> Iterator[Finding]:
    """One finding for each file of a group reporting the same insats and period, naming the others."""
    groups: dict[tuple, list[tuple[Path, InsatsRapport]]] = defaultdict(list)
    for path, report in _usable(items):
        ident = _identity(report)
        if ident:
            groups[(ident, report.period.code)].append((path, report))  # type: ignore[union-attr]
    for group in groups.values():
        if len(group) < 2:
            continue
        for path, report in group:
            others = ", ".join(p.name for p, _ in group if p != path)
            yield finding(DUBBEL_RAPPORT, f"{report.insats}, {report.period.label}: samma insats och period "  # type: ignore[union-attr]
                                          f"finns också i {others}. Ta bort eller rätta den rapport som inte gäller.",
                          file=str(path), **places.where("insats"), actual=others)


def _cumulative_figures(report: InsatsRapport) -> dict[tuple[str, str], int | float]:
    """(label, named formula cell) -> figure for the totals that can only grow through a year."""
    figures: dict[tuple[str, str], int | float] = {}
    for row, title in TALLY_ROWS.items():
        value = report.total(row).antal
        if value is not None:
            figures[(f"{title}, antal för alla aktiviteter", f"summa_{row}_antal")] = value
    if any(r.utfall_ackumulerat is not None for r in report.ekonomi.rader):
        figures[("Utfall hittills i år, summa", "summa_utfall_ackumulerat")] = report.ekonomi.summa("utfall_ackumulerat")
    return figures


def falling_cumulative(items: Sequence["FileCheck"]) -> Iterator[Finding]:
    """Cumulative totals of one insats must not fall from a period to a later one of the same year."""
    series: dict[tuple, list[tuple[Path, InsatsRapport]]] = defaultdict(list)
    for path, report in _usable(items):
        ident = _identity(report)
        period = report.period
        if ident and report.ackumulerad and period and period.kind in ("kvartal", "tertial", "halvar"):
            series[(ident, period.kind, period.year)].append((path, report))
    for reports in series.values():
        by_number: dict[int, list[tuple[Path, InsatsRapport]]] = defaultdict(list)
        for path, report in reports:
            by_number[report.period.number].append((path, report))  # type: ignore[union-attr]
        numbers = sorted(by_number)
        # Each file against every file of the closest earlier period present (duplicates included).
        for earlier, later in zip(numbers, numbers[1:]):
            for p_next, nxt in by_number[later]:
                for p_prev, prev in by_number[earlier]:
                    yield from _falls(p_prev, prev, p_next, nxt)


def _falls(p_prev: Path, prev: InsatsRapport, p_next: Path, nxt: InsatsRapport) -> Iterator[Finding]:
    before = _cumulative_figures(prev)
    for (label, place), value in _cumulative_figures(nxt).items():
        earlier = before.get((label, place))
        if earlier is None or value >= earlier:
            continue
        yield finding(ACKUMULERAT_MINSKAR,
                      f"{label}: {number(value)} för {nxt.period.label}, men {number(earlier)} för "  # type: ignore[union-attr]
                      f"{prev.period.label} i {p_prev.name}. Siffror från årets början kan inte minska; "  # type: ignore[union-attr]
                      "kontrollera båda rapporterna.",
                      file=str(p_next), **places.formula(place), expected=earlier, actual=value)


def cross_file_checks(items: Sequence["FileCheck"]) -> list[Finding]:
    """Every across-files check over checked files (only `.path` and `.report` are used)."""
    return [*duplicates(items), *falling_cumulative(items)]
