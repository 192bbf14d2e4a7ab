"""The plan's data file (YAML/JSON): Swedish keys, a public contract, read and written losslessly.

```yaml
version: 1
forbund: Samordningsförbundet Exempelbygd
ar: 2019
medlemmar: {staten: 5000000, region: 2500000, kommuner: {Exempelby: 1500000, Övreby: 1000000}}
eget_kapital: 1200000
kostnader: {styrelse: {budget: 150000, utfall: 140000}, administration: {budget: 600000}, revision: 50000}
insatser:
  - {namn: Aktivitetscenter, huvudman: Exempelby kommun, inriktning: individ, esf: false, rapporttyp: tertial,
     budget: 9600000, budgeterat_antal_deltagare: 120, kontakt: anna@example.se,
     aktiviteter: [Aktivering i grupp], texter: {syfte: …, mal: …}}
```
A cost is its budget, or a mapping with `budget` and `utfall`; it is written back as the mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import FORBUNDSKOSTNADER, INRIKTNINGAR, MAX_AKTIVITETER, PLANTEXTER, REPORT_TYPES
from ..datafile import FORMATS, MappingReader, clean, load_with
from ..errors import FinsamError
from .layout import MAX_KOMMUNER, MAX_PLANINSATSER
from .model import PLAN_VERSION, Kostnad, Medlemmar, Plan, PlanInsats

TOP_KEYS = ("version", "forbund", "ar", "medlemmar", "eget_kapital", "kostnader", "insatser")
MEDLEM_KEYS = ("staten", "region", "kommuner")
KOSTNAD_KEYS = ("budget", "utfall")
INSATS_KEYS = ("namn", "huvudman", "inriktning", "esf", "rapporttyp", "budget", "budgeterat_antal_deltagare",
               "kontakt", "aktiviteter", "texter")


def plan_from_dict(data: Any) -> Plan:
    """The plan from a data-file mapping; FinsamError (Swedish) names the key that is wrong."""
    r = MappingReader(data, "", TOP_KEYS)
    version = r.count("version")
    if version is not None and version > PLAN_VERSION:
        raise FinsamError(f"Datafilen har planversion {version}, men verktyget känner bara till version "
                          f"{PLAN_VERSION}. Uppdatera finsam-toolkit.")
    m = r.sub("medlemmar", MEDLEM_KEYS)
    kommuner = m.data.get("kommuner") or {}
    if not isinstance(kommuner, dict):
        raise FinsamError("medlemmar.kommuner ska vara en samling med kommunens namn och belopp, "
                          "t.ex. {Exempelby: 1500000}.")
    if len(kommuner) > MAX_KOMMUNER:
        raise FinsamError(f"medlemmar.kommuner får ha högst {MAX_KOMMUNER} kommuner, inte {len(kommuner)}.")
    k = MappingReader(kommuner, "medlemmar.kommuner", tuple(kommuner))
    k_costs = r.sub("kostnader", FORBUNDSKOSTNADER)
    return Plan(
        version=version or PLAN_VERSION, forbund=r.text("forbund"), ar=r.count("ar"),
        medlemmar=Medlemmar(staten=m.number("staten"), region=m.number("region"),
                            kommuner={str(name): k.number(name) for name in kommuner}),
        eget_kapital=r.number("eget_kapital"),
        kostnader={key: _cost(k_costs, key) for key in FORBUNDSKOSTNADER},
        insatser=[_insats(MappingReader(x, f"insatser[{i}]", INSATS_KEYS))
                  for i, x in enumerate(r.items("insatser", MAX_PLANINSATSER), 1)],
    )


def _cost(r: MappingReader, key: str) -> Kostnad:
    value = r.data.get(key)
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return Kostnad(budget=r.number(key))
    sub = r.sub(key, KOSTNAD_KEYS)
    return Kostnad(budget=sub.number("budget"), utfall=sub.number("utfall"))


def _insats(r: MappingReader) -> PlanInsats:
    esf = r.data.get("esf")
    if esf is not None and not isinstance(esf, bool):
        raise FinsamError(f"{r.path('esf')} ska vara true eller false, inte ”{esf}”.")
    t = r.sub("texter", PLANTEXTER)
    return PlanInsats(
        namn=r.text("namn"), huvudman=r.text("huvudman"), inriktning=r.choice("inriktning", INRIKTNINGAR), esf=esf,
        rapporttyp=r.choice("rapporttyp", REPORT_TYPES), budget=r.number("budget"),
        budgeterat_antal_deltagare=r.count("budgeterat_antal_deltagare"), kontakt=r.text("kontakt"),
        aktiviteter=r.texts("aktiviteter", MAX_AKTIVITETER), texter={key: t.text(key) for key in PLANTEXTER if t.text(key)},
    )


def load_plan_data(path: str | Path) -> Plan:
    """Read a plan data file (.yaml/.yml/.json); FinsamError names the file and the key."""
    return load_with(path, plan_from_dict)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The data-file mapping of a plan (empty values left out), keys in the documented order."""
    data = {
        "version": plan.version, "forbund": plan.forbund, "ar": plan.ar,
        "medlemmar": clean({"staten": plan.medlemmar.staten, "region": plan.medlemmar.region,
                            "kommuner": dict(plan.medlemmar.kommuner)}),
        "eget_kapital": plan.eget_kapital,
        "kostnader": clean({key: clean({"budget": c.budget, "utfall": c.utfall}) for key, c in plan.kostnader.items()}),
        "insatser": [clean({"namn": i.namn, "huvudman": i.huvudman, "inriktning": i.inriktning, "esf": i.esf,
                            "rapporttyp": i.rapporttyp, "budget": i.budget,
                            "budgeterat_antal_deltagare": i.budgeterat_antal_deltagare, "kontakt": i.kontakt,
                            "aktiviteter": list(i.aktiviteter), "texter": clean(dict(i.texter))})
                     for i in plan.insatser],
    }
    return {k: v for k, v in data.items() if v is not None and v != "" and v != {} and (v != [] or k == "insatser")}


def dump_plan(plan: Plan, fmt: str = "yaml") -> str:
    """The plan's data file text, as "yaml" or "json"."""
    return FORMATS[fmt](plan_to_dict(plan))
