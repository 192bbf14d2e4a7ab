"""The demo förbund's plan: the verksamhetsplan och budget for the demo year, from the demo's insatser."""

from __future__ import annotations

from .. import swedish
from ..catalog import MEDLEMMAR, REPORT_TYPE_BY_KIND, REPORT_TYPES
from ..demo import FORBUND, INSATSER, MALGRUPP, YEAR, DemoInsats, kontakt
from .model import Kostnad, Medlemmar, Plan, PlanInsats

#: The demo förbund's own costs: (budget, utfall).
OWN_COSTS = {"styrelse": (240_000, 228_400), "administration": (1_250_000, 1_210_900), "revision": (65_000, 65_000)}
#: The member kommuner and their parts of the kommuner's quarter.
KOMMUNER = {"Exempelbygd": 0.6, "Grannby": 0.4}


def _insats(i: DemoInsats) -> PlanInsats:
    typ = REPORT_TYPE_BY_KIND[i.kind]
    return PlanInsats(
        namn=i.namn, huvudman=i.huvudman, inriktning=i.inriktning,
        esf=i.esf, rapporttyp=typ, budget=i.budget, budgeterat_antal_deltagare=i.yearly_in,
        kontakt=kontakt(i), aktiviteter=list(i.aktiviteter),
        texter={"syfte": f"{i.namn} ska föra deltagarna närmare arbete eller studier.",
                "malgrupp": MALGRUPP,
                "metod": ", ".join(i.aktiviteter) + ".",
                "resurser": f"Budget för {YEAR} uppgår till {swedish.kronor(i.budget)}.",
                "uppfoljning": f"{REPORT_TYPES[typ][0]} till styrelsen.",
                "verksamhetsansvarig": i.huvudman})


def demo_plan() -> Plan:
    """The plan the demo's workbooks answer to: every demo insats with its budget, the förbund's own costs,
    and members' funds that cover it all in the legal shares."""
    total = sum(i.budget for i in INSATSER) + sum(budget for budget, _ in OWN_COSTS.values())
    kommuner = total * MEDLEMMAR["kommuner"][1]
    return Plan(forbund=FORBUND, ar=YEAR, eget_kapital=1_800_000, insatser=[_insats(i) for i in INSATSER],
                kostnader={key: Kostnad(budget, utfall) for key, (budget, utfall) in OWN_COSTS.items()},
                medlemmar=Medlemmar(staten=round(total * MEDLEMMAR["staten"][1]),
                                    region=round(total * MEDLEMMAR["region"][1]),
                                    kommuner={name: round(kommuner * share) for name, share in KOMMUNER.items()}))
