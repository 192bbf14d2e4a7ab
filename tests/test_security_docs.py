"""docs/security.md lists every limit of toolkit/limits.py, and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import toolkit.limits as limits

ROOT = Path(__file__).parent.parent
DOC = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")


def test_every_limit_is_documented():
    names = [name for name, value in vars(limits).items() if name.isupper() and name != "MB" and isinstance(value, int)]
    assert names and [name for name in names if f"`{name}`" not in DOC] == []


def test_every_test_named_in_the_doc_exists():
    current = None
    named: list[tuple[str, str]] = []
    for module, test in re.findall(r"`(?:tests/(test_\w+)\.py)?::(test_\w+)", DOC):
        current = module or current
        named.append((current, test))
    assert named
    missing = [(m, t) for m, t in named if f"def {t}(" not in (ROOT / "tests" / f"{m}.py").read_text(encoding="utf-8")]
    assert missing == []
