"""A small förbund for the consolidation tests, built in a temporary folder from the demo's models."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import workbook_file
from toolkit.consolidate import consolidate
from toolkit.demo import FINAL_SPAN, INSATSER, demo_report
from toolkit.model import InsatsRapport
from toolkit.periods import Period, periods_of_year

AKTIVITETSCENTER, SAMORDNINGSTEAMET, GRONA_RUM, RORELSE, UNGA = INSATSER[:5]
INJECTED = "=HYPERLINK(\"http://x\",\"klick\")"


@dataclass
class Forbund:
    """The folder and the models written into it, by file name."""

    folder: Path
    models: dict[str, InsatsRapport] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        return self.folder / name

    def hashes(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(self.folder.rglob("*.xlsx"))}


def _write(f: Forbund, name: str, report: InsatsRapport, **cells: object) -> None:
    workbook_file(f.folder / name, report, **cells)
    f.models[name] = report


def build_forbund(folder: Path) -> Forbund:
    """2025: Aktivitetscenter Q1–Q4 (cumulative), Samordningsteamet Q1–Q4 (not cumulative), Rörelse H2
    with an insats name that looks like a formula; Gröna rum T3 twice (a duplicate); Aktivitetscenter
    2024-Q4 (another year); Unga vuxna's final report with Kvinnor + Män ≠ Antal (an error)."""
    f = Forbund(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for period in periods_of_year("kvartal", 2025):
        _write(f, f"ac_{period.code}.xlsx", demo_report(AKTIVITETSCENTER, period))
        _write(f, f"st_{period.code}.xlsx", demo_report(SAMORDNINGSTEAMET, period))
    rorelse = demo_report(RORELSE, Period.parse("2025-H2"))
    rorelse.insats = INJECTED
    rorelse.huvudman = "@SUMMA(A1)"
    _write(f, "rorelse_2025-H2.xlsx", rorelse)
    grona = demo_report(GRONA_RUM, Period.parse("2025-T3"))
    _write(f, "grona_2025-T3.xlsx", grona)
    _write(f, "sub/grona_kopia.xlsx", copy.deepcopy(grona))
    _write(f, "ac_2024-Q4.xlsx", demo_report(AKTIVITETSCENTER, Period.parse("2024-Q4")))
    unga = demo_report(UNGA, Period.final(*FINAL_SPAN))
    bad = unga.aktiviteter[0].inskrivna
    _write(f, "unga_slut.xlsx", unga, akt1_inskrivna_kvinnor=(bad.kvinnor or 0) + 3)
    return f


def expected_year(f: Forbund) -> dict[str, InsatsRapport | list[InsatsRapport]]:
    """The models that should count for 2025, by insats name (quarters listed for the non-cumulative one)."""
    return {
        AKTIVITETSCENTER.namn: f.models["ac_2025-Q4.xlsx"],
        SAMORDNINGSTEAMET.namn: [f.models[f"st_2025-Q{q}.xlsx"] for q in range(1, 5)],
        INJECTED: f.models["rorelse_2025-H2.xlsx"],
    }


# Module-scoped fixtures, imported by the consolidation test modules.
@pytest.fixture(scope="module")
def forbund(tmp_path_factory):
    return build_forbund(tmp_path_factory.mktemp("forbund"))


@pytest.fixture(scope="module")
def year(forbund):
    return consolidate([forbund.folder], year=2025, workers=1)
