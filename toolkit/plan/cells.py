"""Between the plan and its workbook's input cells: a flat mapping of defined name -> cell value."""

from __future__ import annotations

from typing import Any

from ..catalog import FORBUNDSKOSTNADER, INRIKTNINGAR, MAX_AKTIVITETER, PLANTEXTER, REPORT_TYPES
from ..cells import parse_value
from ..findings import Finding
from .layout import MAX_KOMMUNER, MAX_PLANINSATSER, insats_name, kommun_name, plan_layout
from .model import Kostnad, Medlemmar, Plan, PlanInsats

_TYPE_LABEL = {key: label for key, (label, _) in REPORT_TYPES.items()}
_TYPE_KEY = {label: key for key, label in _TYPE_LABEL.items()}
_INRIKTNING_KEY = {label: key for key, label in INRIKTNINGAR.items()}
_ESF = {True: "Ja", False: "Nej"}


def plan_to_cells(plan: Plan) -> dict[str, Any]:
    """The input cells of a plan workbook holding `plan`; empty cells are left out."""
    cells: dict[str, Any] = {"forbund": plan.forbund, "ar": plan.ar, "eget_kapital": plan.eget_kapital,
                             "medlem_staten": plan.medlemmar.staten, "medlem_region": plan.medlemmar.region}
    for i, (name, amount) in enumerate(list(plan.medlemmar.kommuner.items())[:MAX_KOMMUNER], 1):
        cells[kommun_name(i, "namn")], cells[kommun_name(i, "belopp")] = name, amount
    for key, cost in plan.kostnader.items():
        cells[f"kostnad_{key}_budget"], cells[f"kostnad_{key}_utfall"] = cost.budget, cost.utfall
    for n, insats in enumerate(plan.insatser[:MAX_PLANINSATSER], 1):
        values = {"namn": insats.namn, "huvudman": insats.huvudman,
                  "inriktning": INRIKTNINGAR.get(insats.inriktning, insats.inriktning),
                  "esf": _ESF.get(insats.esf) if insats.esf is not None else None,
                  "rapporttyp": _TYPE_LABEL.get(insats.rapporttyp, insats.rapporttyp), "budget": insats.budget,
                  "budgeterat_antal_deltagare": insats.budgeterat_antal_deltagare, "kontakt": insats.kontakt,
                  **{f"akt{a}": name for a, name in enumerate(insats.aktiviteter[:MAX_AKTIVITETER], 1)},
                  **{f"text_{key}": text for key, text in insats.texter.items()}}
        cells.update({insats_name(n, attr): value for attr, value in values.items()})
    return {k: v for k, v in cells.items() if v is not None and v != ""}


def plan_from_cells(raw: dict[str, Any], places: dict[str, tuple[str, str]] | None = None
                    ) -> tuple[Plan, list[Finding]]:
    """The plan from raw input-cell values keyed by defined name, with a finding per unusable cell."""
    places = places or {}
    findings: list[Finding] = []
    v: dict[str, Any] = {}
    for f in plan_layout().fields:
        value, problem = parse_value(f, raw.get(f.name), places)
        v[f.name] = value
        if problem:
            findings.append(problem)
    kommuner: dict[str, Any] = {}
    for i in range(1, MAX_KOMMUNER + 1):
        name, amount = v[kommun_name(i, "namn")], v[kommun_name(i, "belopp")]
        if name or amount is not None:
            kommuner[name] = amount
    insatser = [_insats(v, n) for n in range(1, MAX_PLANINSATSER + 1)]
    while insatser and insatser[-1].is_empty():
        insatser.pop()
    plan = Plan(forbund=v["forbund"], ar=v["ar"], eget_kapital=v["eget_kapital"],
                medlemmar=Medlemmar(staten=v["medlem_staten"], region=v["medlem_region"], kommuner=kommuner),
                kostnader={key: Kostnad(v[f"kostnad_{key}_budget"], v[f"kostnad_{key}_utfall"])
                           for key in FORBUNDSKOSTNADER},
                insatser=insatser)
    return plan, findings


def _insats(v: dict[str, Any], n: int) -> PlanInsats:
    def get(attr: str) -> Any:
        return v[insats_name(n, attr)]

    esf = get("esf")
    return PlanInsats(
        namn=get("namn"), huvudman=get("huvudman"), inriktning=_INRIKTNING_KEY.get(get("inriktning") or "", ""),
        esf=None if esf is None else esf == "Ja", rapporttyp=_TYPE_KEY.get(get("rapporttyp") or "", ""),
        budget=get("budget"), budgeterat_antal_deltagare=get("budgeterat_antal_deltagare"), kontakt=get("kontakt"),
        aktiviteter=[get(f"akt{a}") for a in range(1, MAX_AKTIVITETER + 1) if get(f"akt{a}")],
        texter={key: get(f"text_{key}") for key in PLANTEXTER if get(f"text_{key}")},
    )


