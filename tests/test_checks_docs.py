"""docs/checks.md holds the catalogue table generated from `toolkit.codes`, so it cannot drift."""

from __future__ import annotations

import re

from toolkit.codes import CATALOGUE, CODES, DOC_PATH, render_doc

ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (fel|varning) \| (.+?) \| (.+?) \|$")


def _documented() -> list[tuple[str, str, str, str]]:
    return [m.groups() for line in DOC_PATH.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]


def test_docs_table_is_generated_from_the_catalogue():
    text = DOC_PATH.read_text(encoding="utf-8")
    assert text == render_doc(text), "run `python -m toolkit.codes`"
    rows = _documented()
    assert [code for code, *_ in rows] == [c.code for c in CATALOGUE]
    assert {code: (severity, title) for code, severity, title, _ in rows} == {
        c.code: (c.severity, c.title) for c in CATALOGUE}


def test_every_code_is_listed_once_and_says_what_to_do():
    assert len(CODES) == len(CATALOGUE), "a code is declared twice"
    assert all(len(c.todo.strip()) > 10 for c in CATALOGUE)


def test_codes_are_kebab_case():
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in CODES)


def test_docs_list_exactly_the_codes_with_a_live_formula():
    from toolkit.checks.live import live_codes

    text = DOC_PATH.read_text(encoding="utf-8")
    block = text.split("<!-- live-codes -->")[1].split("<!-- /live-codes -->")[0]
    assert set(re.findall(r"`([a-z0-9-]+)`", block)) == live_codes()
