"""The typed domain model of one insats report: what a workbook and a data file hold.

Fields mirror what staff typed: an empty cell is `None` (or "" for text), never a guess.
Derived figures (sums, shares, measures) are methods, computed from the inputs only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from . import TEMPLATE_VERSION
from .catalog import (AVSLUTSANLEDNINGAR, FINANSIERING, LEDGER_ROWS, MEASURES, REMITTENTER, RESULTAT, TALLY_COLUMNS,
                      TALLY_ROWS)
from .names import name_key
from .periods import Period
from .schema import tally_rows

Amount = int | float

#: A goal's outcome at or above this share of its target is "delvis uppfyllt"; below it a volume
#: goal needs a comment (checks) and the goal is "ej uppfyllt" (reports).
GOAL_PARTLY = 0.8


@dataclass
class Count:
    """One tally row: antal, kvinnor, män and under 30 år."""

    antal: int | None = None
    kvinnor: int | None = None
    man: int | None = None
    under_30: int | None = None

    def get(self, column: str) -> int | None:
        return getattr(self, column)

    def is_empty(self) -> bool:
        return all(getattr(self, c) is None for c in TALLY_COLUMNS)

    def __add__(self, other: "Count") -> "Count":
        return Count.sum((self, other))

    @staticmethod
    def sum(counts: Iterable["Count"]) -> "Count":
        """Per column, the sum of the known values; unknown where none is known (absent is not zero)."""
        counts = tuple(counts)
        return Count(**{c: known_sum([getattr(n, c) for n in counts]) for c in TALLY_COLUMNS})

    def __sub__(self, other: "Count") -> "Count":
        """Per column; unknown where either side is unknown (absent is not zero)."""
        return Count(**{c: None if self.get(c) is None or other.get(c) is None else self.get(c) - other.get(c)
                        for c in TALLY_COLUMNS})


def known_sum(values: Iterable[Amount | None]) -> Amount | None:
    """The sum of the values given; None when none is (an empty column is unknown, not 0)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass(init=False)
class Aktivitet:
    """An aktivitet (delinsats) with its participant tallies, one `Count` per declared tally row.

    The shipped rows read as attributes too (`akt.inskrivna`); every row, declared or added, via `row`.
    """

    namn: str = ""
    volymmal_per_ar: int | None = None
    tallies: dict[str, Count] = field(default_factory=dict)
    utanfor_uppfoljning: int | None = None

    def __init__(self, namn: str = "", volymmal_per_ar: int | None = None, utanfor_uppfoljning: int | None = None,
                 tallies: dict[str, Count] | None = None, **rows: Count):
        self.namn, self.volymmal_per_ar, self.utanfor_uppfoljning = namn, volymmal_per_ar, utanfor_uppfoljning
        self.tallies = {key: Count() for key in tally_rows()}
        self.tallies.update(tallies or {})
        self.tallies.update(rows)

    def row(self, key: str) -> Count:
        """The tally row named by a key of the declaration's tally rows."""
        return self.tallies[key] if key in self.tallies else Count()

    def ledger(self, key: str) -> Count:
        """A computed row of the participant ledger (catalog.LEDGER_ROWS), e.g. pågående vid periodens
        början = inskrivna − nya; also as attributes (`akt.pagaende_vid_borjan`)."""
        _, minuend, subtrahend = LEDGER_ROWS[key]
        return self.row(minuend) - self.row(subtrahend)

    def is_empty(self) -> bool:
        return (
            not self.namn
            and self.volymmal_per_ar is None
            and self.utanfor_uppfoljning is None
            and all(count.is_empty() for count in self.tallies.values())
        )


def _tally_property(key: str) -> property:
    def fget(self: Aktivitet) -> Count:
        return self.row(key)

    def fset(self: Aktivitet, count: Count) -> None:
        self.tallies[key] = count

    return property(fget, fset, doc=f"The tally row {key!r}.")


for _key in TALLY_ROWS:  # the shipped rows as attributes: akt.inskrivna, akt.avslutade, …
    setattr(Aktivitet, _key, _tally_property(_key))
for _key in LEDGER_ROWS:  # the ledger's computed rows: akt.pagaende_vid_borjan, akt.pagaende_vid_slut
    setattr(Aktivitet, _key, property(lambda self, key=_key: self.ledger(key), doc=LEDGER_ROWS[_key][0]))


@dataclass
class Mal:
    """A goal with its target, a named measure or a typed outcome, and a comment."""

    typ: str = ""  # key of catalog.MALTYPER
    beskrivning: str = ""
    malvarde: float | None = None  # a share (0.9) or a count (120)
    matt: str | None = None  # key of catalog.MEASURES
    utfall: float | None = None  # typed outcome
    kommentar: str = ""
    aktiviteter: list[str] = field(default_factory=list)  # names of the aktiviteter it covers; empty: all
    avser: str = ""  # key of catalog.MAL_AVSER: the span of a count target ("" = per år)
    bedomning: str = ""  # key of catalog.BEDOMNINGAR: a verdict typed by staff

    def is_empty(self) -> bool:
        return not (self.typ or self.beskrivning or self.kommentar or self.matt or self.aktiviteter or self.avser
                    or self.bedomning) and (
            self.malvarde is None and self.utfall is None
        )

    def is_share(self) -> bool:
        """Whether the target is a share (else a count per year): by the measure's kind when one is chosen;
        else a target of at most 1, except for a volymmål, which counts participants per year."""
        if self.matt in MEASURES:
            return MEASURES[self.matt].kind == "andel"
        return self.malvarde is not None and self.malvarde <= 1 and self.typ != "volymmal"

    def per_year(self) -> bool:
        """Whether a count target is per year, and so prorated to the period (the default)."""
        return self.avser in ("", "ar")


@dataclass
class BudgetRad:
    """One budget line: budget, utfall for the period and year to date, forecast for the year."""

    kategori: str = ""
    budget: Amount | None = None
    utfall_period: Amount | None = None
    utfall_ackumulerat: Amount | None = None
    prognos: Amount | None = None

    def is_empty(self) -> bool:
        return not self.kategori and all(
            v is None for v in (self.budget, self.utfall_period, self.utfall_ackumulerat, self.prognos)
        )

    def utfall_hittills(self, from_start: bool) -> Amount | None:
        """Utfall so far: the year-to-date figure, else the period's when the period is all so far
        (`from_start`: the figures begin on 1 January, or cover the whole insats)."""
        if self.utfall_ackumulerat is not None:
            return self.utfall_ackumulerat
        return self.utfall_period if from_start else None

    def avvikelse(self) -> Amount | None:
        """Budget minus prognos, as the workbook shows it; None unless both are given."""
        return None if self.budget is None or self.prognos is None else self.budget - self.prognos


@dataclass
class Ekonomi:
    """Budget lines, a typed budget total, financing by source and a comment."""

    rader: list[BudgetRad] = field(default_factory=list)
    budget_totalt: Amount | None = None
    finansiering: dict[str, Amount | None] = field(default_factory=lambda: dict.fromkeys(FINANSIERING))
    kommentar: str = ""

    def summa(self, column: str) -> Amount | None:
        """Sum of one column over the budget lines ("budget", "utfall_period", …); None when all are empty."""
        return known_sum(getattr(r, column) for r in self.rader)

    def budget_total(self) -> Amount | None:
        """The typed budget total, else the sum of the budget lines; None when no budget is given."""
        return self.budget_totalt if self.budget_totalt is not None else self.summa("budget")

    def finansiering_summa(self) -> Amount | None:
        return known_sum(self.finansiering.values())

    def is_empty(self) -> bool:
        """No budget line, total, financing or comment given."""
        return (all(r.is_empty() for r in self.rader) and self.budget_totalt is None and not self.kommentar
                and all(v is None for v in self.finansiering.values()))


@dataclass
class InsatsRapport:
    """One insats's report for one period: the whole content of one workbook."""

    forbund: str = ""
    insats: str = ""
    huvudman: str = ""
    samverkansparter: list[str] = field(default_factory=list)
    malgrupp: str = ""
    rapporttyp: str = ""  # key of catalog.REPORT_TYPES
    period: Period | None = None
    period_start: date | None = None  # typed; None means "from the period"
    period_slut: date | None = None
    ackumulerad: bool | None = False  # None: not answered yet (a sent-out workbook leaves it to the insats)
    inriktning: str = ""  # key of catalog.INRIKTNINGAR; empty (older workbooks) is read as individ
    esf: bool | None = None  # ESF-financed
    preciserad_inriktning: str = ""
    uppfoljningsmetod: str = ""
    remittenter_avser: str = ""  # key of catalog.REMITTENTER_AVSER; empty means inskrivna
    diarienummer: str = ""
    registreringsdatum: date | None = None
    rapportdatum: date | None = None
    uppgiftslamnare: list[str] = field(default_factory=list)
    kontakt: str = ""
    arsplatser: int | None = None
    aktiviteter: list[Aktivitet] = field(default_factory=list)
    totalt_inskrivna: int | None = None
    remittenter: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(REMITTENTER))
    avslutsanledningar: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(AVSLUTSANLEDNINGAR))
    mal: list[Mal] = field(default_factory=list)
    ekonomi: Ekonomi = field(default_factory=Ekonomi)
    texter: dict[str, str] = field(default_factory=dict)
    version: int = TEMPLATE_VERSION

    # --- dates -------------------------------------------------------------------------------
    @property
    def start(self) -> date | None:
        """First day the figures cover: the typed date, else from the period."""
        if self.period_start is not None:
            return self.period_start
        return self.period.span(self.ackumulerad)[0] if self.period else None

    @property
    def slut(self) -> date | None:
        """Last day the figures cover."""
        if self.period_slut is not None:
            return self.period_slut
        return self.period.span(self.ackumulerad)[1] if self.period else None

    def year_share(self) -> float | None:
        """Share of the year covered by the figures (for prorating volume targets and burn rate)."""
        return self.period.year_share(self.ackumulerad) if self.period else None

    # --- participants ------------------------------------------------------------------------
    def total(self, row: str, aktiviteter: list[Aktivitet] | None = None) -> Count:
        """A tally row summed over all aktiviteter (or over the ones given)."""
        return Count.sum(akt.row(row) for akt in (self.aktiviteter if aktiviteter is None else aktiviteter))

    def column_total(self, row: str, column: str, aktiviteter: list[Aktivitet] | None = None) -> int | None:
        """One column of `total(row, aktiviteter)`, without summing the others."""
        return known_sum([getattr(akt.row(row), column) for akt in (self.aktiviteter if aktiviteter is None
                                                                    else aktiviteter)])  # type: ignore[return-value]

    def ledger_total(self, key: str) -> Count:
        """A computed row of the participant ledger (catalog.LEDGER_ROWS) over all aktiviteter."""
        _, minuend, subtrahend = LEDGER_ROWS[key]
        return self.total(minuend) - self.total(subtrahend)

    def covered(self, goal: Mal) -> list[Aktivitet] | None:
        """The aktiviteter a goal names (names compared by `names.name_key`); None when it names none (all)."""
        if not goal.aktiviteter:
            return None
        wanted = {name_key(n) for n in goal.aktiviteter}
        return [a for a in self.aktiviteter if name_key(a.namn) in wanted]

    def utanfor_uppfoljning(self) -> int | None:
        values = [a.utanfor_uppfoljning for a in self.aktiviteter if a.utanfor_uppfoljning is not None]
        return sum(values) if values else None

    def resultatunderlag(self) -> int | None:
        """Exits minus those who left within prövotid: the base for result shares."""
        avslutade = self.column_total("avslutade", "antal")
        if avslutade is None:
            return None
        return avslutade - (self.column_total("provotid", "antal") or 0)

    def avslut_summa(self) -> int | None:
        """Exits with a reason given; None when no reason is given."""
        return known_sum(self.avslutsanledningar.values())  # type: ignore[return-value]

    def resultat_antal(self) -> int | None:
        """Exits to a result (arbete, studier, arbetssökande); None when no exit reason is given at all.

        Once any reason is given the reasons are a full split of the exits (`avslut-summa` checks
        that), so a result left empty beside them is none.
        """
        if self.avslut_summa() is None:
            return None
        return sum(self.avslutsanledningar.get(k) or 0 for k in RESULTAT)

    def avslut_antal(self, key: str) -> int | None:
        """Exits for one reason: as given, 0 when left empty beside other reasons, None when none is given."""
        if self.avslut_summa() is None:
            return None
        return self.avslutsanledningar.get(key) or 0

    def remittenter_summa(self) -> int | None:
        return known_sum(self.remittenter.values())  # type: ignore[return-value]

    @property
    def strukturovergripande(self) -> bool:
        """A strukturövergripande insats: a participant count only, no kön split, results or exit reasons."""
        return self.inriktning == "struktur"

    @property
    def remittenter_bas(self) -> str:
        """The tally row the remittenter count (catalog.REMITTENTER_AVSER), inskrivna by default."""
        return self.remittenter_avser or "inskrivna"

    # --- economy -----------------------------------------------------------------------------
    def from_start(self) -> bool:
        """The figures begin on 1 January (or cover the whole insats): the period's utfall is all so far."""
        if self.period is not None and self.period.kind == "slut":
            return True
        start = self.start
        return start is not None and (start.month, start.day) == (1, 1)

    def utfall_hittills(self) -> Amount | None:
        """Utfall so far (since 1 January; for a slutrapport over the insats) over the budget lines."""
        from_start = self.from_start()
        return known_sum([line.utfall_hittills(from_start) for line in self.ekonomi.rader])

    def prognos_avvikelse(self) -> Amount | None:
        """Budget total minus the forecast for the year; None unless both are given."""
        budget, prognos = self.ekonomi.budget_total(), self.ekonomi.summa("prognos")
        return None if budget is None or prognos is None else budget - prognos

    def forbrukat(self) -> float | None:
        """Utfall so far as a share of the budget total; None unless both are given."""
        utfall, budget = self.utfall_hittills(), self.ekonomi.budget_total()
        return utfall / budget if utfall is not None and budget else None

    # --- goals -------------------------------------------------------------------------------
    def term(self, term: str, aktiviteter: list[Aktivitet] | None = None) -> int | None:
        """One term of a measure (catalog.Measure): "avslutade.antal", "resultat", "resultatunderlag",
        "avslut.arbete"; tally terms over the aktiviteter given, else all."""
        if term == "resultat":
            return self.resultat_antal()
        if term == "resultatunderlag":
            return self.resultatunderlag()
        head, _, rest = term.partition(".")
        if head == "avslut":
            return self.avslut_antal(rest)
        return self.column_total(head, rest, aktiviteter)

    def measure_parts(self, key: str, aktiviteter: list[Aktivitet] | None = None) -> tuple[int | None, int | None]:
        """Part and whole of a measure (the whole is None for a count), over the aktiviteter given, else all."""
        m = MEASURES[key]
        return self.term(m.part, aktiviteter), self.term(m.whole, aktiviteter) if m.whole else None

    def measure(self, key: str, aktiviteter: list[Aktivitet] | None = None) -> float | None:
        """The outcome of a named measure (catalog.MEASURES), computed from the tallies (of the aktiviteter
        given, else all); None if undefined. Exit reasons are kept for the insats as a whole, so a
        measure on them has no value for some of its aktiviteter."""
        if key not in MEASURES or (aktiviteter is not None and MEASURES[key].on_exit_reasons):
            return None
        part, whole = self.measure_parts(key, aktiviteter)
        if MEASURES[key].kind == "antal":
            return part
        if part is None or not whole:
            return None
        return part / whole

    def goal_target(self, goal: Mal) -> float | None:
        """A goal's target for the figures' span: a share as it is, a count per year prorated, a count for
        the period or the whole insats as it is."""
        if goal.malvarde is None or goal.is_share() or not goal.per_year():
            return goal.malvarde
        return goal.malvarde * (self.year_share() or 1)

    def goal_outcome(self, goal: Mal) -> float | None:
        """A goal's outcome: the typed value if any, else the measure computed from the tallies."""
        if goal.utfall is not None:
            return goal.utfall
        return self.measure(goal.matt, self.covered(goal)) if goal.matt else None
