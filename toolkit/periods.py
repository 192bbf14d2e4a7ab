"""Report periods: parse and print `2022-Q4`, `2017-T2`, `2020-H1`, `2019` and final-report spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import FinsamError

# kind -> (letter in the period code, number of parts per year, months per part)
_PARTS = {"kvartal": ("Q", 4, 3), "tertial": ("T", 3, 4), "halvar": ("H", 2, 6)}
_BY_LETTER = {letter: kind for kind, (letter, _, _) in _PARTS.items()}
_CODE = re.compile(r"^\s*(\d{4})(?:\s*-\s*([QTHqth])(\d))?\s*$")
_HALF_LABELS = {1: "första halvåret", 2: "andra halvåret"}


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a part of a calendar year, a whole year, or a final report's span."""

    kind: str  # kvartal | tertial | halvar | helar | slut
    year: int
    number: int = 0  # the part within the year; 0 for helar and slut
    final_start: date | None = None
    final_end: date | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Parse `2022-Q4`, `2017-T2`, `2020-H1` or `2019`; raise FinsamError in Swedish otherwise."""
        match = _CODE.match(str(text))
        if not match:
            raise FinsamError(
                f"Ogiltig period ”{text}”. Skriv till exempel 2022-Q4, 2017-T2, 2020-H1 eller 2019."
            )
        year = int(match.group(1))
        if not 1990 <= year <= 2100:
            raise FinsamError(f"Ogiltigt år i perioden ”{text}”: {year}.")
        if match.group(2) is None:
            return cls("helar", year)
        kind = _BY_LETTER[match.group(2).upper()]
        number = int(match.group(3))
        count = _PARTS[kind][1]
        if not 1 <= number <= count:
            raise FinsamError(
                f"Ogiltig period ”{text}”: {kind} {number} finns inte, det finns {count} per år."
            )
        return cls(kind, year, number)

    @classmethod
    def final(cls, start: date, end: date) -> "Period":
        """A final report (slutrapport) covering the insats's whole span."""
        if end < start:
            raise FinsamError(f"Slutdatum {end.isoformat()} ligger före startdatum {start.isoformat()}.")
        return cls("slut", end.year, 0, start, end)

    @classmethod
    def of(cls, kind: str, year: int, number: int = 0) -> "Period":
        """Build a period from its parts, validating them."""
        if kind == "helar":
            return cls.parse(str(year))
        if kind not in _PARTS:
            raise FinsamError(f"Okänd periodtyp ”{kind}”.")
        return cls.parse(f"{year}-{_PARTS[kind][0]}{number}")

    @property
    def code(self) -> str:
        """The canonical code: `2022-Q4`, `2019`, or `2019-03-01--2022-12-31` for a final report."""
        if self.kind == "slut":
            return f"{self.start.isoformat()}--{self.end.isoformat()}"
        if self.kind == "helar":
            return str(self.year)
        return f"{self.year}-{_PARTS[self.kind][0]}{self.number}"

    def __str__(self) -> str:
        return self.code

    @property
    def start(self) -> date:
        """First day of the period."""
        if self.kind == "slut":
            assert self.final_start is not None
            return self.final_start
        if self.kind == "helar":
            return date(self.year, 1, 1)
        months = _PARTS[self.kind][2]
        return date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        if self.kind == "slut":
            assert self.final_end is not None
            return self.final_end
        if self.kind == "helar":
            return date(self.year, 12, 31)
        months = _PARTS[self.kind][2]
        return _month_end(self.year, self.number * months)

    def span(self, cumulative: bool) -> tuple[date, date]:
        """The dates the figures cover: from 1 January when cumulative, else the period itself."""
        if cumulative and self.kind != "slut":
            return date(self.year, 1, 1), self.end
        return self.start, self.end

    def year_share(self, cumulative: bool = False) -> float:
        """Share of the calendar year the figures cover (a cumulative T2 covers 8/12)."""
        start, end = self.span(cumulative)
        if self.kind == "slut":
            return ((end - start).days + 1) / 365.25
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return months / 12

    @property
    def label(self) -> str:
        """Swedish label: "kvartal 4 2022", "tertial 2 2017", "första halvåret 2020", "helåret 2019"."""
        if self.kind == "slut":
            return f"{self.start.isoformat()}–{self.end.isoformat()}"
        if self.kind == "helar":
            return f"helåret {self.year}"
        if self.kind == "halvar":
            return f"{_HALF_LABELS[self.number]} {self.year}"
        return f"{self.kind} {self.number} {self.year}"

    def previous_year(self) -> "Period":
        """The same period a year earlier."""
        if self.kind == "slut":
            return Period.final(_shift_year(self.start), _shift_year(self.end))
        return Period(self.kind, self.year - 1, self.number)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _shift_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def periods_of_year(kind: str, year: int) -> list[Period]:
    """All periods of one kind in a year, in order."""
    if kind == "helar":
        return [Period("helar", year)]
    return [Period.of(kind, year, n) for n in range(1, _PARTS[kind][1] + 1)]


def parse_date(text: str) -> date:
    """Parse an ISO date (2023-01-04); raise FinsamError for input such as `2022123`."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise FinsamError(f"Ogiltigt datum ”{text}”. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2023-01-04.")
