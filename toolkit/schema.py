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
from typing import Any, Callable, Iterator, get_args, get_origin, get_type_hints

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
_LAST_STEP = re.compile(r"(?:\.?[^.\[\]]+|\[\d+\])$")


@cache
def segments(path: str) -> tuple[str | int, ...]:
    """A path's steps: attribute or dict key (str) and list index (int)."""
    return tuple(int(i) if i else name for name, i in _SEGMENT.findall(path))


def get(obj: Any, path: str) -> Any:
    """The value at `path`, None where a list item or dict key is missing."""
    return _compiled(path)[0](obj)


def put(obj: Any, path: str, value: Any) -> None:
    """Set the value at `path`, creating list items and dict entries on the way with their defaults."""
    _compiled(path)[1](obj, value)


@cache
def _compiled(path: str) -> tuple[Callable[[Any], Any], Callable[[Any, Any], None]]:
    """`get` and `put` of one path as straight-line code: the hot loops of reading (each typed cell is put)
    and checking (each text is got). The code is written and compiled once per shape of path (`_shape`);
    a path's own list indices and dict keys are given to it (493 paths of the layout, 48 shapes: compiling
    Python costs about 0.3 ms a path, which a check of one workbook would pay for every path it uses)."""
    shape, constants = _shape(path)
    return _code(shape)(*constants)


def _shape(path: str) -> tuple[tuple[tuple[str, Any], ...], tuple[str | int, ...]]:
    """A path's shape (each step: an attribute's name, or a list index or dict key standing for a
    constant, with the type of a missing item `put` creates there) and its constants, in order. Whether a
    step is an attribute, a dict key or a list index, and what a missing item is made of, comes from the
    model's type hints (`_typed`), not from looking at the objects on every call."""
    shape: list[tuple[str, Any]] = []
    constants: list[str | int] = []
    steps = _typed(path)
    for i, (step, before, kind) in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(step, int):
            shape.append(("index", str if last else kind))  # a list of names grows by ""
            constants.append(step)
        elif get_origin(before) is dict:
            shape.append(("key", None if last else kind))
            constants.append(step)
        else:
            shape.append(("attribute", step))
    return tuple(shape), tuple(constants)


@cache
def _code(shape: tuple[tuple[str, Any], ...]) -> Callable[..., tuple[Callable[[Any], Any], Callable[[Any, Any], None]]]:
    """A function of a shape's constants (c0, c1 …) that returns its `get` and `put`, written and compiled."""
    getter, setter = ["    def get(o):"], ["    def put(o, value):"]
    made: dict[str, Any] = {}  # the types of the items and entries `put` creates, by their name in the code
    names = [f"c{k}" for k in range(sum(kind != "attribute" for kind, _ in shape))]
    constant = iter(names)
    for i, (kind, detail) in enumerate(shape):
        last = i == len(shape) - 1
        if kind == "index":
            c = next(constant)
            made[f"new{i}"] = detail
            getter += [f"        if o is None or len(o) <= {c}: return None", f"        o = o[{c}]"]
            setter += [f"        while len(o) <= {c}: o.append(new{i}())",
                       f"        o[{c}] = value" if last else f"        o = o[{c}]"]
        elif kind == "key":
            c = next(constant)
            getter += ["        if o is None: return None", f"        o = o.get({c})"]
            if last:
                setter.append(f"        o[{c}] = value")
            else:
                made[f"new{i}"] = detail
                setter += [f"        n = o.get({c})", f"        if n is None: n = o[{c}] = new{i}()", "        o = n"]
        else:
            getter += ["        if o is None: return None", f"        o = o.{detail}"]
            setter.append(f"        o.{detail} = value" if last else f"        o = o.{detail}")
    code: dict[str, Any] = dict(made)
    source = [f"def make({', '.join(names)}):", *getter, "        return o", *setter, "    return get, put"]
    exec("\n".join(source), code)  # the code written above, from the shape
    return code["make"]


@cache
def _typed(path: str) -> tuple[tuple[str | int, Any, Any], ...]:
    """Each step of a path into the model (InsatsRapport) with the type it steps from and the type it
    reaches, from the model's type hints."""
    from .model import InsatsRapport

    kind: Any = InsatsRapport
    typed = []
    if not path:
        raise ValueError("an empty path leads to no value of the model")
    for step in segments(path):
        before = kind
        if isinstance(step, int):
            kind = get_args(kind)[0]
        elif get_origin(kind) is dict:
            kind = get_args(kind)[1]
        elif step.isidentifier() and is_dataclass(kind):
            kind = _hints(kind)[step]
        else:
            raise ValueError(f"not a path into the model: {path!r}")
        typed.append((step, before, kind))
    return tuple(typed)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def attribute_order(path: str) -> tuple[int, ...]:
    """Sort key of a model path: each attribute's position in its dataclass, list index as is.

    Dict keys sort as equal (their declaration order then decides), so data files list keys
    in the model's order."""
    key: list[int] = []
    for step, before, _ in _typed(path):
        if isinstance(step, int):
            key.append(step)
        elif get_origin(before) is dict:
            key.append(0)
        else:
            key.append([f.name for f in fields(before)].index(step))
    return tuple(key)


def grow(obj: Any, path: str, length: int) -> None:
    """Make the list at `path` at least `length` long, with default items."""
    items, item = get(obj, path), get_args(_typed(path)[-1][2])[0]
    while len(items) < length:
        items.append(item())


@cache
def _above(path: str) -> str:
    """The path of what holds the value at `path` ("" for the model itself)."""
    return _LAST_STEP.sub("", path, count=1)


def blank(obj: Any, path: str) -> None:
    """Empty the value at `path`: a text becomes "", a dict entry goes, a list of names is cleared."""
    above, (last, before, _) = _above(path), _typed(path)[-1]
    parent = get(obj, above) if above else obj
    if isinstance(last, int):
        parent.clear()
    elif get_origin(before) is dict:
        parent.pop(last, None)
    else:
        setattr(parent, last, "")
