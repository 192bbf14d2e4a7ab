"""docs/checks.md lists exactly the code catalogue, with severities and titles, so it cannot drift."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import toolkit
from toolkit.findings import CODES

DOC = Path(__file__).parent.parent / "docs" / "checks.md"
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (fel|varning) \| (.+?) \| (.+?) \|$")


def _all_codes() -> dict[str, tuple[str, str]]:
    # Codes are registered when their module is imported: import every module, in any test order.
    for module in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        importlib.import_module(module.name)
    return {code: (info.severity, info.title) for code, info in CODES.items()}


def _documented() -> list[tuple[str, str, str, str]]:
    return [m.groups() for line in DOC.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]


def test_catalogue_in_docs_equals_the_code_catalogue():
    rows = _documented()
    codes = [code for code, *_ in rows]
    assert len(codes) == len(set(codes)), "a code is listed twice"
    assert {code: (severity, title) for code, severity, title, _ in rows} == _all_codes()


def test_every_code_says_what_to_do():
    assert all(len(todo.strip()) > 10 for *_, todo in _documented())


def test_codes_are_kebab_case():
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in _all_codes())


def test_docs_list_exactly_the_codes_with_a_live_formula():
    from toolkit.checks.live import live_codes

    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- live-codes -->")[1].split("<!-- /live-codes -->")[0]
    assert set(re.findall(r"`([a-z0-9-]+)`", block)) == live_codes()
