"""The reader against hostile files: far cells, crafted markup, bombs, DTDs (issue 10, defects 1-3)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from hostile import (BILLION_LAUGHS, add_cell, deflated_zeros, lie_about_size, rewrite_parts, sheet_part,
                     zip_with_raw_part)
from toolkit.layout import layout
from toolkit.cells import ExcelError
from toolkit.limits import WORKBOOK_PART_BYTES, WORKBOOK_TOTAL_BYTES
from toolkit.reader import read_workbook
from toolkit.safe_zip import Damaged, Package, TooLarge
from toolkit.sheet_cells import Styles, cell_value, sheet_cells


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    from conftest import EXAMPLE, workbook_file
    from toolkit.datafile import load_data

    return workbook_file(tmp_path_factory.mktemp("base") / "bas.xlsx", load_data(EXAMPLE))


def _copy(base: Path, tmp_path: Path, name: str = "fil.xlsx") -> Path:
    target = tmp_path / name
    target.write_bytes(base.read_bytes())
    return target


def _codes(path: Path) -> list[str]:
    return [f.code for f in read_workbook(path).findings]


def test_a_cell_at_the_last_place_of_a_sheet_costs_nothing(base, tmp_path):
    """Defect 1: calamine allocated the whole grid up to XFD1048576 and the process died (exit 134). The
    reader builds no grid: a stray value far away is ignored like any cell outside the inputs."""
    path = _copy(base, tmp_path)
    rewrite_parts(path, {sheet_part(path, "Deltagare"): lambda xml: add_cell(xml, "XFD1048576")})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = read_workbook(path)
    assert result.findings == [] and result.report == read_workbook(base).report
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024


def test_a_note_somewhat_outside_the_template_is_still_read(base, tmp_path):
    path = _copy(base, tmp_path)
    rewrite_parts(path, {sheet_part(path, "Deltagare"): lambda xml: add_cell(xml, "AZ5000")})
    result = read_workbook(path)
    assert result.report is not None and result.findings == []


def test_cells_that_do_not_name_their_place_are_placed_as_the_format_says():
    xml = (b'<worksheet><sheetData><row r="3"><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>'
           b'<row><c r="D9"><v>2</v></c><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    cells = sheet_cells(xml)
    assert sorted(cells) == [b"A3", b"B3", b"D9", b"E9"]
    assert [cell_value(cells[ref], None, Styles()) for ref in (b"A3", b"B3", b"E9")] == [1.0, "#N/A", "x"]
    assert isinstance(cell_value(cells[b"B3"], None, Styles()), ExcelError)


def test_cells_with_a_namespace_prefix_or_odd_attribute_order_are_read_exactly():
    xml = (b'<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c s="1" r="C2"><x:v>1</x:v></x:c>'
           b'<x:c s=\' r="A1"\' r="XFD1048576" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    cells = sheet_cells(xml)
    assert sorted(cells) == [b"C2", b"XFD1048576"]
    assert cell_value(cells[b"XFD1048576"], None, Styles()) is True


def test_an_error_cell_is_found_in_the_same_pass(base, tmp_path):
    path = _copy(base, tmp_path)
    cell = layout().field("akt1_inskrivna_antal").cell

    def to_error(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start) + 4
        return xml[:start] + f'<c r="{cell}" t="e"><v>#N/A</v></c>'.encode() + xml[end:]

    rewrite_parts(path, {sheet_part(path, "Deltagare"): to_error})
    assert [(f.code, f.cell, f.actual) for f in read_workbook(path).findings if f.code == "felvarde"] == \
        [("felvarde", cell, "#N/A")]


# Crafted markup for each pattern the old reader ran over raw XML (_ERROR_CELL, _SHEET, _REL, _DEFINED_NAME):
# every one took cubic time on about 28 KB; a linear reader handles 1 MB of it in well under a second.
CRAFTED = {
    "sheet": ("Deltagare", b'<c r="A1" t="e" ' * 65_000),
    "sheet-unclosed-quotes": ("Deltagare", b'<c r="A1" s="' * 80_000),
    "workbook-names": ("xl/workbook.xml", b'<definedName name="a"' * 50_000),
    "workbook-sheets": ("xl/workbook.xml", b'<sheet name="a" ' * 60_000),
    "rels": ("xl/_rels/workbook.xml.rels", b'<Relationship Id="a" ' * 50_000),
}


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_crafted_markup_costs_linear_time(base, tmp_path, kind):
    """Defect 2 (ReDoS): each file is read in a child process that must end within 20 s."""
    where, junk = CRAFTED[kind]
    path = _copy(base, tmp_path)
    part = sheet_part(path, where) if not where.startswith("xl/") else where
    rewrite_parts(path, {part: lambda xml: xml.replace(b"</", junk + b"</", 1)})
    started = time.monotonic()
    code = ("import sys; from toolkit.reader import read_workbook; "
            "print(' '.join(f.code for f in read_workbook(sys.argv[1]).findings))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) <= {"trasig-fil"}
    assert time.monotonic() - started < 20


def test_a_part_declared_larger_than_the_limit_is_refused_before_inflating(base, tmp_path):
    """Defect 3: the directory's declared size alone refuses the file."""
    path = _copy(base, tmp_path)
    lie_about_size(path, "xl/styles.xml", WORKBOOK_PART_BYTES + 1)
    [found] = read_workbook(path).findings
    assert found.code == "for-stor-fil" and "xl/styles.xml" in found.message and "MB" in found.message


def test_a_part_inflating_to_more_than_it_declares_is_refused_with_little_memory(base, tmp_path):
    """A 200 MB sheet of zeros declared as 5 000 bytes: inflating stops after the declared size."""
    size = 200 * 1024 * 1024
    raw = deflated_zeros(size)
    crc = zlib.crc32(b"\0" * 5_000)
    path = zip_with_raw_part(tmp_path / "bomb.xlsx", sheet_part(base, "Deltagare"), raw, 5_000, crc, base)
    assert path.stat().st_size < 1_000_000
    code = ("import resource, sys; from toolkit.reader import read_workbook; "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
            "codes = [f.code for f in read_workbook(sys.argv[1]).findings]; "
            "print(codes[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    found, grown_kb = done.stdout.split()
    assert found == "for-stor-fil"
    assert int(grown_kb) < 50 * 1024  # far below the 200 MB a full inflation would take


def test_parts_summing_past_the_file_limit_are_refused(base):
    data = base.read_bytes()
    with pytest.raises(TooLarge):
        Package(data, part_limit=WORKBOOK_PART_BYTES, total_limit=20_000)
    pkg = Package(data, total_limit=WORKBOOK_TOTAL_BYTES)
    assert pkg.read("xl/workbook.xml").startswith(b"<")


def test_a_workbook_xml_with_an_entity_bomb_is_damaged_not_expanded(base, tmp_path):
    path = _copy(base, tmp_path)
    rewrite_parts(path, {"xl/workbook.xml": BILLION_LAUGHS})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert _codes(path) == ["trasig-fil"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


def test_a_part_whose_deflate_stream_is_garbled_is_damaged(base, tmp_path):
    part = sheet_part(base, "Deltagare")
    path = zip_with_raw_part(tmp_path / "packad.xlsx", part, b"\xff" * 64, 5_000, 0, base)
    with pytest.raises(Damaged):
        Package(path.read_bytes()).read(part)
    assert _codes(path) == ["trasig-fil"]


def test_a_dtd_in_any_xml_part_is_refused(base):
    pkg = Package(base.read_bytes())
    with pytest.raises(Damaged):
        from toolkit.safe_zip import _check_xml
        _check_xml(BILLION_LAUGHS, "xl/styles.xml")
    assert pkg.read("xl/styles.xml")


@pytest.mark.parametrize("prolog", [
    b'<?xml version="1.0"?>', b'<?xml version="1.0"?><!-- a <b> and ?> --><?pi x?>', b"  \n",
])
def test_a_dtd_is_found_wherever_the_prolog_puts_it(prolog):
    from toolkit.safe_zip import _check_xml

    with pytest.raises(Damaged):
        _check_xml(prolog + BILLION_LAUGHS.split(b"?>", 1)[1], "xl/styles.xml")
    _check_xml(prolog + b"<a>no <![CDATA[<!DOCTYPE]]> here</a>", "xl/styles.xml")  # after the root: no DTD


def test_a_doctype_inside_a_sheet_makes_the_file_damaged(base, tmp_path):
    """Only the prolog is searched for a DTD; one further on is no XML, and the sheet's exact pass says so."""
    path = _copy(base, tmp_path)
    doctype = b"<sheetData><!DOCTYPE x>"
    rewrite_parts(path, {sheet_part(path, "Deltagare"): lambda xml: xml.replace(b"<sheetData>", doctype, 1)})
    assert _codes(path) == ["trasig-fil"]


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    import toolkit.safe_zip as safe_zip

    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    monkeypatch.setattr(safe_zip.read_file, "__defaults__", (1000,))
    [found] = read_workbook(path).findings
    assert found.code == "for-stor-fil" and found.message.startswith("Filen är för stor")


def test_a_file_that_grows_while_it_is_read_is_read_whole_within_the_limit(tmp_path, monkeypatch):
    import os

    import toolkit.safe_zip as safe_zip
    from toolkit.safe_zip import TooLarge, read_file

    path = tmp_path / "växer.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    real = os.fstat
    monkeypatch.setattr(safe_zip.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    assert read_file(path) == path.read_bytes()  # its size was 10 bytes when asked, 1 024 when read
    with pytest.raises(TooLarge):
        read_file(path, limit=500)


def test_a_workbook_without_a_style_sheet_is_read(base, tmp_path):
    """Its number cells still name styles (s="3"); with no style sheet none shows a date, and a date
    field's serial number is read as the date it is."""
    import re

    path = _copy(base, tmp_path)
    no_styles = re.compile(rb'<Relationship [^>]*/styles"[^>]*/>')
    rewrite_parts(path, {"xl/_rels/workbook.xml.rels": lambda xml: no_styles.sub(b"", xml)})
    result = read_workbook(path)
    assert result.findings == [] and result.report == read_workbook(base).report
