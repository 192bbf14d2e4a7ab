"""Own Word templates (--mall) render within limits: time, memory, output, recursion (issue 10, defect 9)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from docx import Document

from hostile import BILLION_LAUGHS, rewrite_parts, zip_with_raw_part
from toolkit.errors import FinsamError
from toolkit.report import create_report
from toolkit.report.variables import check_template


def _template(tmp_path: Path, name: str, tag: str) -> Path:
    document = Document()
    document.add_paragraph("Rapport för {{ insats }}")
    document.add_paragraph(tag)
    path = tmp_path / f"{name}.docx"
    document.save(str(path))
    return path


def test_a_template_that_never_ends_is_stopped_at_the_time_limit(example, tmp_path, monkeypatch):
    import toolkit.report.limited as limited

    monkeypatch.setattr(limited, "TEMPLATE_SECONDS", 2)
    loop = _template(tmp_path, "loop", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
    started = time.monotonic()
    with pytest.raises(FinsamError, match="tog längre än 2 sekunder"):
        create_report(example, tmp_path / "ut.docx", template=loop)
    assert time.monotonic() - started < 30 and not (tmp_path / "ut.docx").exists()


@pytest.mark.parametrize("tag, message", [
    ("{{ lipsum(n=10**8) }}", "lipsum"),
    ("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "rekursion"),
    ("{{ 'x' * 10**10 }}", "för stor text"),
    ("{{ [1] * 10**9 }}", "för stor text"),
    ("{{ 2 ** 100000000 }}", "exponent"),
    ("{% set s = namespace(t='x') %}{% for i in range(60) %}{% set s.t = s.t ~ s.t %}{% endfor %}{{ s.t }}", "minne"),
])
def test_templates_that_would_blow_up_give_one_swedish_line(example, tmp_path, tag, message):
    path = _template(tmp_path, "mall", tag)
    with pytest.raises(FinsamError) as info:
        create_report(example, tmp_path / "ut.docx", template=path)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith("Mallen mall.docx") or "lipsum" in str(info.value)


def test_broken_and_bombed_template_files_are_refused(example, tmp_path):
    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    bomb = rewrite_parts(_template(tmp_path, "ok", "x"), {"word/document.xml": BILLION_LAUGHS},
                         out=tmp_path / "entiteter.docx")
    # a deflate stream that is no deflate stream (block type 3 does not exist)
    garbled = zip_with_raw_part(tmp_path / "packad.docx", "word/document.xml", b"\xff" * 64, 1_000, 0,
                                _template(tmp_path, "ok", "x"))
    for path in (broken, bomb, garbled):
        with pytest.raises(FinsamError, match="går inte att öppna som Word-dokument|ingen Word-fil"):
            create_report(example, tmp_path / "ut.docx", template=path)
        with pytest.raises(FinsamError):
            check_template(path)


def test_an_honest_own_template_still_renders(example, tmp_path):
    path = _template(tmp_path, "egen", "{% for a in aktiviteter %}{{ a.namn }} {% endfor %}")
    out = create_report(example, tmp_path / "ut.docx", template=path)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert f"Rapport för {example.insats}" in text and example.aktiviteter[0].namn in text
    assert check_template(path) == []
