"""Checks across files: the same insats and period reported twice, cumulative figures that fall
(totals and each aktivitet), and a broken participant ledger between consecutive periods.

They see only each file's path and model, so results computed in worker processes can be checked
together afterwards (the consolidation does that).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, NamedTuple, Sequence

from ..catalog import TALLY_COLUMNS
from ..findings import Finding, finding
from ..layout import tally_name
from ..model import InsatsRapport
from ..names import name_key
from ..periods import Period
from ..schema import tally_rows
from . import places
from ..swedish import number

if TYPE_CHECKING:  # pragma: no cover
    from . import FileCheck

_PARTS_OF_YEAR = ("kvartal", "tertial", "halvar")


_same = name_key


class _Item(NamedTuple):
    path: Path
    report: InsatsRapport
    period: Period
    identity: tuple[str, str]


def _usable(items: Sequence["FileCheck"]) -> list[_Item]:
    """Files with a model, a period and an insats name; förbund and insats compared without case and spaces."""
    usable = []
    for item in items:
        report = item.report
        if report is None or report.period is None or not _same(report.insats):
            continue
        identity = (_same(report.forbund), _same(report.insats))
        usable.append(_Item(Path(item.path), report, report.period, identity))
    return usable


def duplicates(usable: Sequence[_Item]) -> Iterator[Finding]:
    """One finding for each file of a group reporting the same insats and period, naming the others."""
    groups: dict[tuple, list[_Item]] = defaultdict(list)
    for item in usable:
        groups[(item.identity, item.period.code)].append(item)
    for group in groups.values():
        if len(group) < 2:
            continue
        for item in group:
            others = ", ".join(other.path.name for other in group if other.path != item.path)
            yield finding("dubbel-rapport", {"insats": item.report.insats, "period": item.period.label,
                                             "andra": others},
                          file=str(item.path), **places.where("insats"), actual=others)


class _Figure(NamedTuple):
    label: str
    where: dict[str, str]
    value: int | float


def _cumulative_figures(report: InsatsRapport) -> dict[tuple[str, ...], _Figure]:
    """The figures that can only grow through a year, keyed to match across files.

    Totals per tally row, each aktivitet's rows (matched by name, so an aktivitet may move or be
    added; unnamed and twice-named aktiviteter cannot be matched), and utfall hittills i år.
    """
    figures: dict[tuple[str, ...], _Figure] = {}
    for row, title in tally_rows().items():
        value = report.total(row).antal
        if value is not None:
            figures[("summa", row)] = _Figure(f"{title}, antal för alla aktiviteter",
                                              places.formula(f"summa_{row}_antal"), value)
    names = [_same(akt.namn) for akt in report.aktiviteter]
    for a, akt in enumerate(report.aktiviteter, 1):
        if not names[a - 1] or names.count(names[a - 1]) > 1:
            continue
        for row, title in tally_rows().items():
            if akt.row(row).antal is not None:
                figures[("aktivitet", names[a - 1], row)] = _Figure(
                    f"{' '.join(akt.namn.split())}, {title.lower()}, antal", places.where(tally_name(a, row, "antal")),
                    akt.row(row).antal)
    if any(r.utfall_ackumulerat is not None for r in report.ekonomi.rader):
        figures[("utfall",)] = _Figure("Utfall hittills i år, summa", places.formula("summa_utfall_ackumulerat"),
                                       report.ekonomi.summa("utfall_ackumulerat"))
    return figures


def falling_cumulative(usable: Sequence[_Item]) -> Iterator[Finding]:
    """Cumulative figures of one insats must not fall from a period to a later one of the same year."""
    series: dict[tuple, dict[int, list[_Item]]] = defaultdict(lambda: defaultdict(list))
    for item in usable:
        if item.report.ackumulerad and item.period.kind in _PARTS_OF_YEAR:
            series[(item.identity, item.period.kind, item.period.year)][item.period.number].append(item)
    for by_number in series.values():
        numbers = sorted(by_number)
        # Each file against every file of the closest earlier period present (duplicates included).
        for earlier, later in zip(numbers, numbers[1:]):
            for nxt in by_number[later]:
                for prev in by_number[earlier]:
                    yield from _falls(prev, nxt)


def _falls(prev: _Item, nxt: _Item) -> Iterator[Finding]:
    before = _cumulative_figures(prev.report)
    for key, (label, where, value) in _cumulative_figures(nxt.report).items():
        prior = before.get(key)
        if prior is None or value >= prior.value:
            continue
        earlier = prior.value
        yield finding("ackumulerat-minskar",
                      {"siffra": label, "varde": number(value), "period": nxt.period.label, "tidigare": number(earlier),
                       "tidigare_period": prev.period.label, "tidigare_fil": prev.path.name},
                      file=str(nxt.path), **where, expected=earlier, actual=value)


def broken_chain(usable: Sequence[_Item]) -> Iterator[Finding]:
    """For consecutive period-only reports of one insats, per aktivitet (matched by name) and column:
    pågående vid slut of one (inskrivna − avslutade) equals pågående vid början of the next (inskrivna − nya)."""
    chains: dict[tuple, list[_Item]] = defaultdict(list)
    for item in usable:
        if not item.report.ackumulerad and item.period.kind != "slut" and item.report.start and item.report.slut:
            chains[item.identity].append(item)
    for chain in chains.values():
        for prev in chain:
            for nxt in chain:
                if nxt.report.start == prev.report.slut + timedelta(days=1):  # type: ignore[operator]
                    yield from _chain_gaps(prev, nxt)


def _unique(report: InsatsRapport) -> dict[str, int]:
    """Aktivitet name -> its number (from 1), for names that occur once."""
    names = [_same(a.namn) for a in report.aktiviteter]
    return {name: i for i, name in enumerate(names, 1) if name and names.count(name) == 1}


def _chain_gaps(prev: _Item, nxt: _Item) -> Iterator[Finding]:
    before = _unique(prev.report)
    for name, a in _unique(nxt.report).items():
        if name not in before:
            continue
        p = before[name]
        ending = prev.report.aktiviteter[p - 1].pagaende_vid_slut
        beginning = nxt.report.aktiviteter[a - 1].pagaende_vid_borjan
        wrong = [c for c in TALLY_COLUMNS if ending.get(c) is not None and beginning.get(c) is not None
                 and ending.get(c) != beginning.get(c)]
        if not wrong:
            continue
        akt = " ".join(nxt.report.aktiviteter[a - 1].namn.split())
        differences = "; ".join(f"{TALLY_COLUMNS[c].lower()} {number(ending.get(c))} mot {number(beginning.get(c))}"
                                for c in wrong)
        first, last = wrong[0], wrong[-1]
        before_cell = places.formula(tally_name(p, "pagaende_vid_slut", first))["cell"]
        yield finding("kedja-bruten",
                      {"aktivitet": akt, "period": prev.period.label, "fil": prev.path.name, "cell": before_cell,
                       "nasta_period": nxt.period.label, "nasta_fil": nxt.path.name, "skillnader": differences},
                      file=str(nxt.path), **places.formula_span(tally_name(a, "pagaende_vid_borjan", first),
                                                                 tally_name(a, "pagaende_vid_borjan", last)),
                      expected=ending.get(first), actual=beginning.get(first))


def cross_file_checks(items: Sequence["FileCheck"]) -> list[Finding]:
    """Every across-files check over checked files (only `.path` and `.report` are used)."""
    usable = _usable(items)
    return [*duplicates(usable), *falling_cumulative(usable), *broken_chain(usable)]
