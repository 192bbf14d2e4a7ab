"""Parse a data file (YAML or JSON) within limits: size, nesting depth, alias expansion, number size.

A YAML "billion laughs" file is small on disk and small once parsed (aliases share objects), but
everything that walks it afterwards sees every alias expanded. The composed node graph is therefore
measured, each alias counted every time it is used, before any Python object is built.
"""

from __future__ import annotations

import json
import math
from typing import Any

import yaml

from .errors import FinsamError
from .limits import DATA_DEPTH, DATA_INT_DIGITS, DATA_NODES

_INT_TAG = "tag:yaml.org,2002:int"
_MOST_NODES = f"{DATA_NODES:,}".replace(",", "\u00a0")  # "200 000"


class _Limit(FinsamError):
    pass


def _too_long(digits: str, line: int | None = None) -> _Limit:
    where = f" (rad {line})" if line else ""
    return _Limit(f"Datafilen har ett heltal med fler än {DATA_INT_DIGITS} siffror{where}. Inget antal eller "
                  "belopp är så stort.")


def _measure(root: yaml.Node) -> None:
    """Refuse a node graph deeper than DATA_DEPTH or expanding to more than DATA_NODES nodes."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    active: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            active.discard(key)
            if sizes[key] > DATA_NODES:
                raise _Limit(f"Datafilen växer till mer än {_MOST_NODES} värden när dess alias (& och *) "
                             "packas upp. Skriv ut värdena i stället för att upprepa alias.")
            continue
        if depth > DATA_DEPTH:
            raise _Limit(f"Datafilen är nästlad i mer än {DATA_DEPTH} nivåer; en datafil har bara ett fåtal.")
        if key in sizes:
            continue
        if key in active:
            raise _Limit("Datafilen innehåller sig själv (ett alias som pekar på sin egen förälder).")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG and sum(ch.isdigit() for ch in node.value) > DATA_INT_DIGITS:
                raise _too_long(node.value, node.start_mark.line + 1)
            sizes[key] = 1
            continue
        active.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _finite(value: Any) -> Any:
    """Walk parsed data (already bounded in size and depth); refuse infinite and NaN numbers."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise _Limit("Datafilen har ett tal som inte är ändligt (oändligt eller NaN).")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return value


def parse_yaml(text: str) -> Any:
    """Safe YAML (no Python objects) within the limits; FinsamError in Swedish when one is passed."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node)
        return _finite(loader.construct_document(node))
    except RecursionError:
        raise _Limit(f"Datafilen är nästlad i mer än {DATA_DEPTH} nivåer; en datafil har bara ett fåtal.") from None
    finally:
        loader.dispose()


def _bounded_int(text: str) -> int:
    if sum(ch.isdigit() for ch in text) > DATA_INT_DIGITS:
        raise _too_long(text)
    return int(text)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def parse_json(text: str) -> Any:
    """JSON within the limits; FinsamError in Swedish when one is passed."""
    try:
        data = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise _Limit(f"Datafilen är nästlad i mer än {DATA_DEPTH} nivåer; en datafil har bara ett fåtal.") from None
    if _depth(data) > DATA_DEPTH:
        raise _Limit(f"Datafilen är nästlad i mer än {DATA_DEPTH} nivåer; en datafil har bara ett fåtal.")
    return _finite(data)
