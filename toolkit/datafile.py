"""The YAML/JSON data file: Swedish keys (a public contract) <-> the model, with Swedish errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml

from . import TEMPLATE_VERSION
from .catalog import MAX_AKTIVITETER
from .errors import FinsamError, os_reason
from .layout import LISTS, NAMES, Field, Layout, layout
from .limits import DATA_FILE_BYTES
from .model import InsatsRapport
from .periods import Period, parse_date
from .schema import attribute_order, get, grow, put, segments


@dataclass(frozen=True)
class Rows:
    """A list in the data file: `items[i]` is the key tree (or the field) of item i; `path` the model list."""

    path: str
    items: tuple[Any, ...]

    @property
    def of_names(self) -> bool:
        return isinstance(self.items[0], Field)


Tree = dict[str, Any]  # key -> Field, Rows or a sub-tree


def key_tree(lay: Layout | None = None) -> Tree:
    """The data file's keys, from the declared fields' data-file keys, in the model's order."""
    return _tree(lay or layout())


@cache
def _tree(lay: Layout) -> Tree:
    bound = sorted((f for f in lay.fields if f.path), key=lambda f: attribute_order(f.path))
    root: dict[str, Any] = {}
    lists: dict[int, dict[int, Any]] = {}  # id(list node) -> index -> item
    for f in bound:
        node: dict[str, Any] = root
        steps = segments(f.data_key)
        for i, step in enumerate(steps):
            last = i == len(steps) - 1
            if isinstance(step, int):
                items = lists[id(node)]
                if last:
                    items[step] = f
                else:
                    node = items.setdefault(step, {})
                continue
            if last:
                node[step] = f
            elif isinstance(steps[i + 1], int):
                if step not in node:
                    node[step] = []
                    lists[id(node[step])] = {}
                holder = node[step]
                node = holder  # type: ignore[assignment]
            else:
                node = node.setdefault(step, {})
    return _freeze(root, lists, bound)


def _freeze(node: Any, lists: dict[int, dict[int, Any]], bound: list[Field]) -> Any:
    if isinstance(node, Field):
        return node
    if isinstance(node, list):
        items = lists[id(node)]
        first = next(iter(_leaves(items[0])))
        model_list = first.path[: first.path.index("[")]
        return Rows(model_list, tuple(_freeze(items[i], lists, bound) for i in sorted(items)))
    return {k: _freeze(v, lists, bound) for k, v in node.items()}


def _leaves(node: Any) -> list[Field]:
    if isinstance(node, Field):
        return [node]
    return [leaf for child in node.values() for leaf in _leaves(child)]


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


def _top_keys(tree: Tree) -> tuple[str, ...]:
    """Top-level keys: the version first, then the model's order (the period sits among the fields)."""
    return ("version", *sorted([*tree, "period"], key=attribute_order))


def report_from_dict(data: Any) -> InsatsRapport:
    """The model from a data-file mapping; raise FinsamError (Swedish) for unknown keys or wrong types."""
    tree = key_tree()
    r = MappingReader(data, "", _top_keys(tree))
    version = r.count("version")
    if version is not None and version > TEMPLATE_VERSION:
        raise FinsamError(f"Datafilen har version {version}, men verktyget känner bara till version "
                          f"{TEMPLATE_VERSION}. Uppdatera finsam-toolkit.")
    report = InsatsRapport()
    _read(r, tree, report)
    report.period = _period(r, report)
    return report


def _read(r: MappingReader, tree: Tree, report: InsatsRapport) -> None:
    for key, node in tree.items():
        if isinstance(node, Field):
            value = _value(r, key, node)
            if value is not None and value != "":
                put(report, node.path, value)
        elif isinstance(node, Rows) and node.of_names:
            for field, name in zip(node.items, r.texts(key, len(node.items))):
                put(report, field.path, name)
        elif isinstance(node, Rows):
            rows = r.items(key, len(node.items))
            grow(report, node.path, len(rows))
            for i, (item, row) in enumerate(zip(node.items, rows), 1):
                _read(MappingReader(row or {}, f"{r.path(key)}[{i}]", tuple(item)), item, report)
        else:
            _read(r.sub(key, tuple(node)), node, report)


def _value(r: MappingReader, key: str, f: Field) -> Any:
    """One value, typed by the field's kind; a choice as its model value (the list's key)."""
    if f.kind == "choice" and f.options == "janej":
        return _flag(r, key)
    if f.kind == "choice" and f.strict:
        return r.choice(key, {value: label for value, label in LISTS[f.options]})
    if f.kind == NAMES:
        return r.texts(key, MAX_AKTIVITETER)
    return {"count": r.count, "amount": r.number, "number": r.number, "date": r.day}.get(f.kind, r.text)(key)


def _flag(r: MappingReader, key: str) -> bool | None:
    """true/false; a missing key is unknown (the model's default applies: Nej for ackumulerad)."""
    value = r.data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise FinsamError(f"{r.path(key)} ska vara true eller false, inte ”{value}”.")
    return value


def _period(r: MappingReader, report: InsatsRapport) -> Period | None:
    raw = r.data.get("period")
    if report.rapporttyp == "slut" or (raw is None and report.period_start and report.period_slut):
        if report.period_start is None or report.period_slut is None:
            return None  # a summary without dates: accepted, the check warns (slut-utan-datum)
        return Period.final(report.period_start, report.period_slut)
    if raw is None:
        return None
    try:
        return Period.parse(str(raw))
    except FinsamError as exc:
        raise FinsamError(f"period: {exc.message}") from None


def read_mapping(path: str | Path) -> Any:
    """The parsed content of a .yaml/.yml/.json file; FinsamError (Swedish) names the file and line."""
    from .safe_data import parse_json, parse_yaml

    path = Path(path)
    try:
        if path.stat().st_size > DATA_FILE_BYTES:
            from .swedish import mb

            raise FinsamError(f"Datafilen är för stor ({mb(path.stat().st_size)}, gränsen är {mb(DATA_FILE_BYTES)}).",
                              file=str(path))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FinsamError(f"Datafilen kunde inte läsas: {os_reason(exc)}.", file=str(path))
    try:
        return parse_json(text) if path.suffix.lower() == ".json" else parse_yaml(text)
    except FinsamError as exc:  # a limit passed (safe_data)
        raise FinsamError(exc.message, file=str(path)) from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        line = getattr(exc, "lineno", None) or getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise FinsamError(f"Datafilen är inte giltig {'JSON' if path.suffix.lower() == '.json' else 'YAML'}"
                          f" (rad {line}).", file=str(path)) from None


def load_data(path: str | Path) -> InsatsRapport:
    """Read a .yaml/.yml/.json data file into the model; FinsamError names the file and the key."""
    return load_with(path, report_from_dict)


def load_with(path: str | Path, parse: Callable[[Any], Any]) -> Any:
    """Read a data file and `parse` its mapping; a FinsamError of the parser names the file too."""
    data = read_mapping(path)
    try:
        return parse(data)
    except FinsamError as exc:
        raise FinsamError(exc.message, file=str(path)) from None


# --- writing ----------------------------------------------------------------------------------
def clean(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None and v != "" and v != {} and v != []}


def report_to_dict(report: InsatsRapport) -> dict[str, Any]:
    """The data-file mapping of a model (empty values left out), keys in the documented order."""
    data = _write(key_tree(), report)
    data["version"] = report.version or TEMPLATE_VERSION
    data["period"] = report.period.code if report.period and report.period.kind != "slut" else None
    return clean({key: data.get(key) for key in _top_keys(key_tree())})


def _write(tree: Tree, report: InsatsRapport) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, node in tree.items():
        if isinstance(node, Field):
            out[key] = get(report, node.path)
        elif isinstance(node, Rows):
            present = get(report, node.path) or []
            if node.of_names:
                out[key] = list(present)
            else:
                out[key] = [clean(_write(item, report)) for item, _ in zip(node.items, present)]
        else:
            out[key] = clean(_write(node, report))
    return out


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
