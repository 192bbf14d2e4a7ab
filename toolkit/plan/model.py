"""The förbund's verksamhetsplan och budget as typed data: members' funds, own costs and the insatser.

Amounts are kronor (int, or float for öre); `None` is unknown, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import FORBUNDSKOSTNADER, REPORT_TYPES

Amount = int | float | None

#: Version of the plan workbook and its data file.
PLAN_VERSION = 1


@dataclass
class Kostnad:
    """One of the förbund's own costs: budget and, once known, utfall."""

    budget: Amount = None
    utfall: Amount = None


@dataclass
class Medlemmar:
    """Each member's contribution (tilldelade medel): the state, the region and every kommun by name."""

    staten: Amount = None
    region: Amount = None
    kommuner: dict[str, Amount] = field(default_factory=dict)

    def kommuner_totalt(self) -> Amount:
        known = [v for v in self.kommuner.values() if v is not None]
        return sum(known) if known else None

    def by_member(self) -> dict[str, Amount]:
        """staten, region, kommuner (summed) in the catalogue's order."""
        return {"staten": self.staten, "region": self.region, "kommuner": self.kommuner_totalt()}

    def totalt(self) -> Amount:
        known = [v for v in self.by_member().values() if v is not None]
        return sum(known) if known else None


@dataclass
class PlanInsats:
    """One insats the förbund funds this year, with its texts and budget."""

    namn: str = ""
    huvudman: str = ""
    inriktning: str = ""  # a key of catalog.INRIKTNINGAR
    esf: bool | None = None
    rapporttyp: str = ""  # a key of catalog.REPORT_TYPES: the insats's reporting cadence
    budget: Amount = None
    budgeterat_antal_deltagare: int | None = None
    kontakt: str = ""
    aktiviteter: list[str] = field(default_factory=list)
    texter: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.namn or self.huvudman or self.inriktning or self.esf is not None or self.rapporttyp
                    or self.budget is not None or self.budgeterat_antal_deltagare is not None or self.kontakt
                    or self.aktiviteter or self.texter)

    @property
    def period_kind(self) -> str:
        """The kind of period the insats reports for ("kvartal", "tertial" …), "" when unknown."""
        return REPORT_TYPES.get(self.rapporttyp, ("", ""))[1]


@dataclass
class Plan:
    """The verksamhetsplan och budget for one year."""

    forbund: str = ""
    ar: int | None = None
    medlemmar: Medlemmar = field(default_factory=Medlemmar)
    eget_kapital: Amount = None
    kostnader: dict[str, Kostnad] = field(default_factory=lambda: {k: Kostnad() for k in FORBUNDSKOSTNADER})
    insatser: list[PlanInsats] = field(default_factory=list)
    version: int = PLAN_VERSION

    def egna_kostnader(self, attr: str = "budget") -> Amount:
        """The förbund's own costs summed (budget or utfall); None when none is known."""
        known = [getattr(k, attr) for k in self.kostnader.values() if getattr(k, attr) is not None]
        return sum(known) if known else None

    def insatser_budget(self) -> Amount:
        known = [i.budget for i in self.insatser if i.budget is not None]
        return sum(known) if known else None

    def total_budget(self) -> Amount:
        """Own costs plus the insatser's budgets."""
        parts = [v for v in (self.egna_kostnader(), self.insatser_budget()) if v is not None]
        return sum(parts) if parts else None

    def insats(self, namn: str) -> PlanInsats | None:
        """The insats of that name (case and spacing ignored), None when the plan has none."""
        key = normalise(namn)
        return next((i for i in self.insatser if normalise(i.namn) == key), None)


def normalise(name: str) -> str:
    """An insats name as compared across files: case and runs of spaces ignored."""
    return " ".join(name.split()).casefold()
