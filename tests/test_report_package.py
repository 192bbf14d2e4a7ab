"""A report rendered from a light template (style sheets and theme as stand-ins, shared by the batch) is
saved as the very zip python-docx writes for the whole template; a stand-in changed in a report is refused."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from toolkit.catalog import REPORT_TYPES
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.docx_swedish import set_properties
from toolkit.model import InsatsRapport
from toolkit.periods import Period
from toolkit.report import package
from toolkit.report.context import build_context
from toolkit.report.render import (add_charts, keep_signature_with_content, load_template, render_template, save,
                                   template_path)

WHEN = datetime(2026, 12, 7, 8, 0, tzinfo=timezone.utc)


def one_per_type() -> list[InsatsRapport]:
    """A demo report of each report type (each has its own template)."""
    reports = []
    for kind, (_, period_kind) in REPORT_TYPES.items():
        insats = next(i for i in INSATSER if i.kind == period_kind) if kind != "helar" else INSATSER[0]
        report = demo_report(insats, Period.parse("2025") if kind == "helar" else demo_periods(insats)[-1])
        assert report.rapporttyp == kind
        reports.append(report)
    return reports


def rendered(report: InsatsRapport, light: bool, draft: bool = False):
    path = template_path(report.rapporttyp)
    tpl = load_template(path, light=light)
    context = build_context(report, draft=draft)
    add_charts(tpl, report, context)
    assert render_template(tpl, context, path.name) == []
    keep_signature_with_content(tpl.docx)
    set_properties(tpl.docx, "Rapport", WHEN)
    return tpl


@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("report", one_per_type(), ids=lambda r: r.rapporttyp)
def test_saved_as_python_docx_saves_the_whole_template_byte_for_byte(report, draft, tmp_path, monkeypatch):
    light, whole = rendered(report, light=True, draft=draft), rendered(report, light=False, draft=draft)
    assert light.shared is not None and whole.shared is None
    with monkeypatch.context() as clock:  # both writers stamp each entry with the time of writing
        clock.setattr(time, "time", lambda: 1_796_630_400.0)
        save(light, tmp_path / "light.docx")
        save(whole, tmp_path / "whole.docx")
    assert (tmp_path / "light.docx").read_bytes() == (tmp_path / "whole.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "light.docx") as saved:
        assert saved.testzip() is None
        with zipfile.ZipFile(template_path(report.rapporttyp)) as template:  # the whole style sheet, not its stand-in
            assert saved.read("word/styles.xml").count(b"<w:style ") == template.read("word/styles.xml").count(b"<w:style ") > 50


def test_the_light_template_holds_each_shared_part_and_the_body_empty():
    path = template_path("tertial")
    data = path.read_bytes()
    parts = package.shared(data)
    assert sorted(parts.entries) == ["word/styles.xml", "word/theme/theme1.xml"]
    with zipfile.ZipFile(io.BytesIO(data)) as whole, zipfile.ZipFile(io.BytesIO(parts.light)) as light:
        assert light.namelist() == whole.namelist()
        for name in parts.entries:
            original, stand_in = etree.fromstring(whole.read(name)), etree.fromstring(light.read(name))
            assert (stand_in.tag, stand_in.nsmap, len(stand_in)) == (original.tag, original.nsmap, 0)
        for name in set(whole.namelist()) - set(parts.entries) - {"word/document.xml"}:
            assert light.read(name) == whole.read(name)
        bodies = [etree.fromstring(z.read("word/document.xml")).find(qn("w:body")) for z in (light, whole)]
        assert (len(bodies[0]), len(bodies[1]) > 10) == (0, True)
    assert load_template(path, light=True).get_xml() == load_template(path).get_xml()  # docxtpl reads the same body


def test_a_shared_part_changed_in_a_report_is_refused(tmp_path: Path):
    tpl = rendered(one_per_type()[0], light=True)
    tpl.docx.styles.add_style("Egen stil", WD_STYLE_TYPE.PARAGRAPH)
    with pytest.raises(RuntimeError, match="word/styles.xml"):
        save(tpl, tmp_path / "rapport.docx")
