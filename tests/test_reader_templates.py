"""The reader parses each template's sheets and defined names once per batch, not once per file: files
saved by Excel differ in workbook.xml (window, active tab, build ids) but share the template's part."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hostile import rewrite_parts
from toolkit import reader
from toolkit.layout import layout

WORKBOOK = "xl/workbook.xml"
_VIEW = re.compile(rb"<workbookView\b[^>]*/>")


def _saved_by(k: int):
    """workbook.xml as after the k-th user saved it in Excel: their window and active tab."""
    view = f'<workbookView xWindow="{k * 40}" yWindow="{k * 30}" windowWidth="{19000 + k}" activeTab="{k % 5}"/>'
    return lambda xml: _VIEW.sub(view.encode(), xml, count=1)


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """Counts full parses of workbook.xml, with an empty template cache."""
    monkeypatch.setattr(reader, "_TEMPLATES", {})
    calls: list[int] = []
    real = reader._workbook_names

    def counted(xml: bytes):
        calls.append(1)
        return real(xml)

    monkeypatch.setattr(reader, "_workbook_names", counted)
    return calls


def test_files_saved_by_different_users_share_one_parse(example, make_workbook, tmp_path, parses):
    source = make_workbook(example)
    copies = [rewrite_parts(source, {WORKBOOK: _saved_by(k)}, tmp_path / f"kopia{k}.xlsx") for k in range(4)]
    assert len({Path(c).read_bytes() for c in copies}) == 4
    results = [reader.read_workbook(c) for c in copies]
    assert all(r.report is not None and r.report.insats == example.insats for r in results)
    assert len(parses) == 1


def test_a_moved_defined_name_is_its_own_template(example, make_workbook, tmp_path, parses):
    source = make_workbook(example)
    field = layout().field("insats")
    moved = rewrite_parts(source, {
        WORKBOOK: lambda xml: xml.replace(b'name="insats">', b'name="insats_gammal">', 1)
        .replace(b"</definedNames>", f'<definedName name="insats">\'{field.sheet}\'!$H$40</definedName>'
                 f"</definedNames>".encode(), 1),
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"</sheetData>", b'<row r="40"><c r="H40" '
                                                            b't="inlineStr"><is><t>Flyttad</t></is></c></row>'
                                                            b"</sheetData>", 1)}, tmp_path / "flyttad.xlsx")
    assert reader.read_workbook(source).report.insats == example.insats
    assert reader.read_workbook(moved).report.insats == "Flyttad"
    assert len(parses) == 2


@pytest.mark.parametrize("extra", [b"<!-- en kommentar -->", b'<definedNames><definedName name="x">A!$A$1'
                                                              b"</definedName></definedNames>"])
def test_anything_outside_the_template_part_that_could_matter_means_a_full_parse(example, make_workbook, tmp_path,
                                                                                parses, extra):
    source = make_workbook(example)
    other = rewrite_parts(source, {WORKBOOK: lambda xml: xml.replace(b"<bookViews>", extra + b"<bookViews>", 1)},
                          tmp_path / "annan.xlsx")
    reader.read_workbook(source)
    reader.read_workbook(other)
    assert len(parses) == 2
