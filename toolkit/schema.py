"""The active declaration of the workbook's extensible lists, and paths into the model.

The shipped declaration takes its lists from `catalog`. A test (or a future template) can run code
under a copy with `declared(...)`: the layout, the reader, the data file, the checks, the reports
and the consolidation all follow the active declaration, so a new tally row is one entry.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any, Iterator, get_args, get_origin, get_type_hints

from .catalog import TALLY_ROWS


@dataclass(frozen=True, eq=False)  # hashed by identity: caches keyed by it stay cheap
class Declaration:
    """The lists that shape the workbook and the model: tally rows (key -> Swedish title)."""

    tally_rows: tuple[tuple[str, str], ...]

    def with_tally_row(self, key: str, title: str) -> "Declaration":
        """A copy with one more tally row (at the end)."""
        return Declaration((*self.tally_rows, (key, title)))


SHIPPED = Declaration(tuple(TALLY_ROWS.items()))
_ACTIVE: ContextVar[Declaration] = ContextVar("declaration", default=SHIPPED)


def active() -> Declaration:
    return _ACTIVE.get()


@contextmanager
def declared(declaration: Declaration) -> Iterator[Declaration]:
    """Run the enclosed code under another declaration (e.g. a copy with an extra tally row)."""
    token = _ACTIVE.set(declaration)
    try:
        yield declaration
    finally:
        _ACTIVE.reset(token)


def tally_rows() -> dict[str, str]:
    """Tally rows of the active declaration: key -> Swedish title, in workbook order."""
    return _rows(active())


@cache
def _rows(declaration: Declaration) -> dict[str, str]:
    return dict(declaration.tally_rows)


# --- paths into the model: "aktiviteter[1].tallies.inskrivna.kvinnor" ----------------------------
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@cache
def segments(path: str) -> tuple[str | int, ...]:
    """A path's steps: attribute or dict key (str) and list index (int)."""
    return tuple(int(i) if i else name for name, i in _SEGMENT.findall(path))


def get(obj: Any, path: str) -> Any:
    """The value at `path`, None where a list item or dict key is missing."""
    return _walk(obj, segments(path))


def _walk(obj: Any, steps: tuple[str | int, ...]) -> Any:
    for step in steps:
        if obj is None:
            return None
        if isinstance(step, int):
            obj = obj[step] if step < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(step)
        else:
            obj = getattr(obj, step)
    return obj


def put(obj: Any, path: str, value: Any) -> None:
    """Set the value at `path`, creating list items and dict entries on the way with their defaults."""
    route, last = _route(path)
    for step, index, here in route:
        if here < 0:  # a list index
            obj = obj[step]
        elif isinstance(obj, dict):
            if obj.get(step) is None:
                obj[step] = _new(_dict_value_type(path, segments(path)[:here]))
            obj = obj[step]
        else:
            owner = obj
            obj = getattr(owner, step)
            if index is not None and len(obj) <= index:
                item = _item_type(type(owner), step)
                while len(obj) <= index:
                    obj.append(_new(item))
    if isinstance(last, int):
        while len(obj) <= last:
            obj.append("")
        obj[last] = value
    elif isinstance(obj, dict):
        obj[last] = value
    else:
        setattr(obj, last, value)


@cache
def _route(path: str) -> tuple[tuple[tuple[Any, int | None, int], ...], str | int]:
    """A path's steps but the last, each with the list index that follows it (None when none does) and
    its position (-1 for a list index), and the last step: what `put` walks."""
    steps = segments(path)
    route = tuple((step, steps[i + 1] if isinstance(steps[i + 1], int) else None, -1 if isinstance(step, int) else i)
                  for i, step in enumerate(steps[:-1]))
    return route, steps[-1]


def _new(kind: Any) -> Any:
    return kind() if isinstance(kind, type) else ""


def _dict_value_type(path: str, before: tuple[str | int, ...]) -> Any:
    """The value type of the dict reached by `before` (e.g. Count for Aktivitet.tallies)."""
    from .model import InsatsRapport

    kind: Any = InsatsRapport
    for step in before:
        if isinstance(step, int):
            kind = get_args(kind)[0]
        elif get_origin(kind) is dict:
            kind = get_args(kind)[1]
        else:
            kind = _hints(kind)[step]
    return get_args(kind)[1]


@cache
def _item_type(cls: type, attribute: str) -> Any:
    """The item type of a list attribute (e.g. Aktivitet for InsatsRapport.aktiviteter)."""
    return get_args(_hints(cls)[attribute])[0]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def attribute_order(path: str) -> tuple[int, ...]:
    """Sort key of a model path: each attribute's position in its dataclass, list index as is.

    Dict keys sort as equal (their declaration order then decides), so data files list keys
    in the model's order."""
    from .model import InsatsRapport

    kind: Any = InsatsRapport
    key: list[int] = []
    for step in segments(path):
        if isinstance(step, int):
            key.append(step)
            kind = get_args(kind)[0]
        elif get_origin(kind) is dict:
            key.append(0)
            kind = get_args(kind)[1]
        elif is_dataclass(kind):
            names = [f.name for f in fields(kind)]
            key.append(names.index(step))
            kind = _hints(kind)[step]
        else:
            key.append(0)
    return tuple(key)


def grow(obj: Any, path: str, length: int) -> None:
    """Make the list at `path` at least `length` long, with default items."""
    steps = segments(path)
    owner = _walk(obj, steps[:-1])
    items = getattr(owner, str(steps[-1]))
    item = get_args(_hints(type(owner))[str(steps[-1])])[0]
    while len(items) < length:
        items.append(_new(item))


def blank(obj: Any, path: str) -> None:
    """Empty the value at `path`: a text becomes "", a dict entry goes, a list of names is cleared."""
    steps = segments(path)
    parent = _walk(obj, steps[:-1])
    last = steps[-1]
    if isinstance(last, int):
        parent.clear()
    elif isinstance(parent, dict):
        parent.pop(last, None)
    else:
        setattr(parent, last, "")
