"""The YAML/JSON data file: Swedish keys (a public contract) <-> the model, with Swedish errors."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml

from . import TEMPLATE_VERSION
from .catalog import (
    AVSLUTSANLEDNINGAR,
    FINANSIERING,
    MALTYPER,
    MATT,
    MAX_AKTIVITETER,
    MAX_BUDGETRADER,
    MAX_MAL,
    MAX_SAMVERKANSPARTER,
    MAX_UPPGIFTSLAMNARE,
    REMITTENTER,
    REPORT_TYPES,
    TALLY_COLUMNS,
    TALLY_ROWS,
    TEXTER,
)
from .errors import FinsamError
from .model import Aktivitet, BudgetRad, Count, Ekonomi, InsatsRapport, Mal
from .periods import Period, parse_date

TOP_KEYS = ("version", "forbund", "insats", "huvudman", "samverkansparter", "malgrupp", "rapporttyp", "period",
            "period_start", "period_slut", "ackumulerad", "diarienummer", "registreringsdatum", "rapportdatum",
            "uppgiftslamnare", "kontakt", "arsplatser", "aktiviteter", "totalt_inskrivna", "remittenter",
            "avslutsanledningar", "mal", "ekonomi", "texter")
AKT_KEYS = ("namn", "volymmal_per_ar", *TALLY_ROWS, "utanfor_uppfoljning")
MAL_KEYS = ("typ", "beskrivning", "malvarde", "matt", "utfall", "kommentar")
RAD_KEYS = ("kategori", "budget", "utfall_period", "utfall_ackumulerat", "prognos")
EKONOMI_KEYS = ("rader", "budget_totalt", "finansiering", "kommentar")


# --- reading --------------------------------------------------------------------------------
class MappingReader:
    """Typed access to one mapping of the data file, with the key path for error messages."""

    def __init__(self, data: Any, where: str, allowed: tuple[str, ...] | dict):
        if not isinstance(data, dict):
            raise FinsamError(f"{where or 'Filen'} ska vara en samling nycklar med värden.")
        unknown = [k for k in data if k not in allowed]
        if unknown:
            raise FinsamError(f"Okänd nyckel ”{unknown[0]}”{self._in(where)}. Tillåtna nycklar: {', '.join(allowed)}.")
        self.data, self.where = data, where

    @staticmethod
    def _in(where: str) -> str:
        return f" i {where}" if where else ""

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            raise FinsamError(f"{self.path(key)} ska vara en text.")
        return value.isoformat() if isinstance(value, date) else str(value)

    def count(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            raise FinsamError(f"{self.path(key)} ska vara ett heltal, inte ”{value}”.")
        if value < 0:
            raise FinsamError(f"{self.path(key)} kan inte vara negativt ({value}).")
        return int(value)

    def number(self, key: str) -> int | float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FinsamError(f"{self.path(key)} ska vara ett tal, inte ”{value}”.")
        return int(value) if float(value).is_integer() else float(value)

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except FinsamError as exc:
            raise FinsamError(f"{self.path(key)}: {exc.message}") from None

    def texts(self, key: str, limit: int) -> list[str]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            raise FinsamError(f"{self.path(key)} ska vara en lista med namn.")
        if len(value) > limit:
            raise FinsamError(f"{self.path(key)} får ha högst {limit} namn, inte {len(value)}.")
        return [str(v) for v in value]

    def items(self, key: str, limit: int) -> list[Any]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise FinsamError(f"{self.path(key)} ska vara en lista.")
        if len(value) > limit:
            raise FinsamError(f"{self.path(key)} får ha högst {limit} rader i arbetsboken, inte {len(value)}.")
        return value

    def choice(self, key: str, options: dict) -> str:
        value = self.text(key)
        if value and value not in options:
            raise FinsamError(f"{self.path(key)}: ”{value}” finns inte. Välj något av: {', '.join(options)}.")
        return value

    def counts(self, key: str, keys: dict) -> dict[str, int | None]:
        sub = MappingReader(self.data.get(key) or {}, self.path(key), tuple(keys))
        return {k: sub.count(k) for k in keys}

    def sub(self, key: str, allowed: tuple[str, ...] | dict) -> "MappingReader":
        return MappingReader(self.data.get(key) or {}, self.path(key), allowed)


def report_from_dict(data: Any) -> InsatsRapport:
    """The model from a data-file mapping; raise FinsamError (Swedish) for unknown keys or wrong types."""
    r = MappingReader(data, "", TOP_KEYS)
    version = r.count("version")
    if version is not None and version > TEMPLATE_VERSION:
        raise FinsamError(f"Datafilen har version {version}, men verktyget känner bara till version "
                          f"{TEMPLATE_VERSION}. Uppdatera finsam-toolkit.")
    report = InsatsRapport(
        forbund=r.text("forbund"), insats=r.text("insats"), huvudman=r.text("huvudman"), malgrupp=r.text("malgrupp"),
        samverkansparter=r.texts("samverkansparter", MAX_SAMVERKANSPARTER),
        rapporttyp=r.choice("rapporttyp", REPORT_TYPES),
        period_start=r.day("period_start"), period_slut=r.day("period_slut"),
        ackumulerad=_flag(r, "ackumulerad"), diarienummer=r.text("diarienummer"),
        registreringsdatum=r.day("registreringsdatum"), rapportdatum=r.day("rapportdatum"),
        uppgiftslamnare=r.texts("uppgiftslamnare", MAX_UPPGIFTSLAMNARE), kontakt=r.text("kontakt"),
        arsplatser=r.count("arsplatser"), totalt_inskrivna=r.count("totalt_inskrivna"),
        remittenter=r.counts("remittenter", REMITTENTER),
        avslutsanledningar=r.counts("avslutsanledningar", AVSLUTSANLEDNINGAR),
    )
    report.period = _period(r, report)
    report.aktiviteter = [_aktivitet(MappingReader(a, f"aktiviteter[{i}]", AKT_KEYS))
                          for i, a in enumerate(r.items("aktiviteter", MAX_AKTIVITETER), 1)]
    report.mal = [_goal(MappingReader(m, f"mal[{i}]", MAL_KEYS)) for i, m in enumerate(r.items("mal", MAX_MAL), 1)]
    e = r.sub("ekonomi", EKONOMI_KEYS)
    report.ekonomi = Ekonomi(
        rader=[_line(MappingReader(x, f"ekonomi.rader[{i}]", RAD_KEYS))
               for i, x in enumerate(e.items("rader", MAX_BUDGETRADER), 1)],
        budget_totalt=e.number("budget_totalt"), kommentar=e.text("kommentar"),
        finansiering={k: v for k, v in _numbers(e.sub("finansiering", FINANSIERING), FINANSIERING).items()},
    )
    t = r.sub("texter", TEXTER)
    report.texter = {k: t.text(k) for k in TEXTER if t.text(k)}
    return report


def _flag(r: MappingReader, key: str) -> bool:
    value = r.data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FinsamError(f"{r.path(key)} ska vara true eller false, inte ”{value}”.")
    return value


def _numbers(r: MappingReader, keys: dict) -> dict[str, int | float | None]:
    return {k: r.number(k) for k in keys}


def _period(r: MappingReader, report: InsatsRapport) -> Period | None:
    raw = r.data.get("period")
    if report.rapporttyp == "slut" or (raw is None and report.period_start and report.period_slut):
        if report.period_start is None or report.period_slut is None:
            raise FinsamError("En slutrapport behöver både period_start och period_slut.")
        return Period.final(report.period_start, report.period_slut)
    if raw is None:
        return None
    try:
        return Period.parse(str(raw))
    except FinsamError as exc:
        raise FinsamError(f"period: {exc.message}") from None


def _count(r: MappingReader, key: str) -> Count:
    sub = r.sub(key, TALLY_COLUMNS)
    return Count(**{c: sub.count(c) for c in TALLY_COLUMNS})


def _aktivitet(r: MappingReader) -> Aktivitet:
    return Aktivitet(namn=r.text("namn"), volymmal_per_ar=r.count("volymmal_per_ar"),
                     utanfor_uppfoljning=r.count("utanfor_uppfoljning"), **{row: _count(r, row) for row in TALLY_ROWS})


def _goal(r: MappingReader) -> Mal:
    return Mal(typ=r.choice("typ", MALTYPER), beskrivning=r.text("beskrivning"), malvarde=r.number("malvarde"),
               matt=r.choice("matt", MATT) or None, utfall=r.number("utfall"), kommentar=r.text("kommentar"))


def _line(r: MappingReader) -> BudgetRad:
    return BudgetRad(kategori=r.text("kategori"), **{k: r.number(k) for k in RAD_KEYS[1:]})


def read_mapping(path: str | Path) -> Any:
    """The parsed content of a .yaml/.yml/.json file; FinsamError (Swedish) names the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FinsamError(f"Datafilen kunde inte läsas: {getattr(exc, 'strerror', None) or exc}.", file=str(path))
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        line = getattr(exc, "lineno", None) or getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise FinsamError(f"Datafilen är inte giltig {'JSON' if path.suffix.lower() == '.json' else 'YAML'}"
                          f" (rad {line}).", file=str(path)) from None


def load_data(path: str | Path) -> InsatsRapport:
    """Read a .yaml/.yml/.json data file into the model; FinsamError names the file and the key."""
    data = read_mapping(path)
    try:
        return report_from_dict(data)
    except FinsamError as exc:
        raise FinsamError(exc.message, file=str(path)) from None


# --- writing ----------------------------------------------------------------------------------
def clean(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None and v != "" and v != {} and v != []}


def report_to_dict(report: InsatsRapport) -> dict[str, Any]:
    """The data-file mapping of a model (empty values left out), keys in the documented order."""
    def count(c: Count) -> dict[str, int]:
        return clean({k: c.get(k) for k in TALLY_COLUMNS})

    data = {
        "version": report.version or TEMPLATE_VERSION, "forbund": report.forbund, "insats": report.insats,
        "huvudman": report.huvudman, "samverkansparter": list(report.samverkansparter), "malgrupp": report.malgrupp,
        "rapporttyp": report.rapporttyp,
        "period": report.period.code if report.period and report.period.kind != "slut" else None,
        "period_start": report.period_start, "period_slut": report.period_slut, "ackumulerad": report.ackumulerad,
        "diarienummer": report.diarienummer, "registreringsdatum": report.registreringsdatum,
        "rapportdatum": report.rapportdatum, "uppgiftslamnare": list(report.uppgiftslamnare),
        "kontakt": report.kontakt, "arsplatser": report.arsplatser,
        "aktiviteter": [clean({"namn": a.namn, "volymmal_per_ar": a.volymmal_per_ar,
                                **{row: count(a.row(row)) for row in TALLY_ROWS},
                                "utanfor_uppfoljning": a.utanfor_uppfoljning}) for a in report.aktiviteter],
        "totalt_inskrivna": report.totalt_inskrivna,
        "remittenter": clean(dict(report.remittenter)),
        "avslutsanledningar": clean(dict(report.avslutsanledningar)),
        "mal": [clean({"typ": m.typ, "beskrivning": m.beskrivning, "malvarde": m.malvarde, "matt": m.matt,
                        "utfall": m.utfall, "kommentar": m.kommentar}) for m in report.mal],
        "ekonomi": clean({
            "rader": [clean({k: getattr(x, k) for k in RAD_KEYS}) for x in report.ekonomi.rader],
            "budget_totalt": report.ekonomi.budget_totalt,
            "finansiering": clean(dict(report.ekonomi.finansiering)), "kommentar": report.ekonomi.kommentar}),
        "texter": clean(dict(report.texter)),
    }
    return {k: v for k, v in data.items() if v is not None and v != "" and v != {} and (v != [] or k == "aktiviteter")}


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "json": lambda d: json.dumps(d, ensure_ascii=False, indent=2, default=_json_default) + "\n",
    "yaml": lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False, width=100),
}


def dump_data(report: InsatsRapport, fmt: str = "yaml") -> str:
    """The data file text of a model, as "yaml" or "json"."""
    return FORMATS[fmt](report_to_dict(report))
