"""The bound declaration: one field list drives the workbook, the reader, the data file and the outputs.

The extensibility test adds a tally row to a copy of the declaration (never to the shipped one) and
follows it through every part, with no other code change.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from toolkit import TEMPLATE_VERSION
from toolkit.checks import check_model
from toolkit.consolidate import Masker, consolidate, write_outputs
from toolkit.datafile import dump_data, load_data, report_from_dict
from toolkit.layout import SHEETS, layout, layout_for, layout_of
from toolkit.model import Aktivitet, Count, InsatsRapport
from toolkit.reader import read_workbook
from toolkit.released import RELEASED
from toolkit.report.context import build_context
from toolkit.rollover import roll_forward
from toolkit.periods import Period
from toolkit.schema import SHIPPED, blank, declared, get, grow, put, tally_rows
from toolkit.workbook import write_workbook

DATA = Path(__file__).parent / "data"
V1 = DATA / "v1" / "insatsrapport_v1.xlsx"
TOLK = ("tolk", "Deltagare med tolk")
_REF = re.compile(r"(?:'([^']+)'|([A-Za-zÅÄÖåäö]+))!\$?([A-Z]+)\$?(\d+)")


def _with_tolk():
    return SHIPPED.with_tally_row(*TOLK)


# --- geometry --------------------------------------------------------------------------------
@pytest.mark.parametrize("declaration", [SHIPPED, _with_tolk()], ids=["shipped", "extra-tally-row"])
def test_no_two_items_share_a_cell(declaration):
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for sheet, cell, what in layout_for(declaration).items():
        if (sheet, cell) in seen:
            clashes.append(f"{sheet}!{cell}: {seen[(sheet, cell)]} and {what}")
        seen[(sheet, cell)] = what
    assert clashes == []


@pytest.mark.parametrize("declaration", [SHIPPED, _with_tolk()], ids=["shipped", "extra-tally-row"])
def test_formulas_refer_to_other_sheets_only_at_declared_cells(declaration):
    lay = layout_for(declaration)
    declared_cells = {(f.sheet, f.cell) for f in lay.fields} | {(f.sheet, f.cell) for f in lay.formulas}
    refs = [((a or b), f"{col}{row}", f.formula) for f in lay.formulas
            for a, b, col, row in _REF.findall(f.formula)]
    assert refs, "the template has cross-sheet formulas"
    assert all(sheet in SHEETS for sheet, _, _ in refs)
    assert [r for r in refs if r[:2] not in declared_cells] == []


def test_an_extra_tally_row_moves_the_cells_below_it():
    shipped, extended = layout_for(SHIPPED), layout_for(_with_tolk())
    assert extended.field("akt2_namn").cell != shipped.field("akt2_namn").cell
    assert len(extended.fields) == len(shipped.fields) + 8 * 4


def test_every_field_is_bound_to_the_model_or_to_a_rule():
    unbound = [f.name for f in layout().fields if not f.path]
    assert unbound == ["ar", "delperiod"]  # the period binds them
    keys = [f.data_key for f in layout().fields if f.path]
    assert len(keys) == len(set(keys))
    assert layout().field("akt3_inskrivna_kvinnor").path == "aktiviteter[2].tallies.inskrivna.kvinnor"
    assert layout().field("akt3_inskrivna_kvinnor").data_key == "aktiviteter[2].inskrivna.kvinnor"


# --- paths into the model --------------------------------------------------------------------
def test_put_creates_what_lies_on_the_way_and_get_reads_it_back():
    report = InsatsRapport()
    put(report, "aktiviteter[2].tallies.inskrivna.kvinnor", 7)
    assert [type(a) for a in report.aktiviteter] == [Aktivitet] * 3
    assert report.aktiviteter[2].tallies["inskrivna"] == Count(kvinnor=7)
    assert get(report, "aktiviteter[2].tallies.inskrivna.kvinnor") == 7
    put(report, "samverkansparter[1]", "Försäkringskassan")
    assert report.samverkansparter == ["", "Försäkringskassan"]
    put(report, "remittenter.kommun", 4)
    assert get(report, "remittenter.kommun") == 4


def test_get_gives_none_where_an_item_or_entry_is_missing():
    report = InsatsRapport()
    report.remittenter.pop("kommun")
    for path in ("aktiviteter[5].namn", "aktiviteter[0].tallies.inskrivna.man", "remittenter.kommun", "mal[3].utfall"):
        assert get(report, path) is None, path


def test_every_layout_path_round_trips_on_its_own():
    for f in layout().fields:
        if f.path:
            report = InsatsRapport()
            put(report, f.path, ["x"] if f.kind == "names" else 3)
            assert get(report, f.path) == (["x"] if f.kind == "names" else 3), f.path


def test_paths_of_one_shape_share_their_code_not_their_places():
    """`get` and `put` are compiled once per shape of path (a layout has ten times fewer shapes than paths);
    each path keeps its own indices and keys."""
    from toolkit.schema import _compiled, _shape

    a, b = "aktiviteter[2].tallies.inskrivna.kvinnor", "aktiviteter[5].tallies.avslutade.kvinnor"
    assert _compiled(a)[0].__code__ is _compiled(b)[0].__code__
    report = InsatsRapport()
    put(report, a, 7)
    assert get(report, b) is None and len(report.aktiviteter) == 3
    put(report, b, 3)
    assert (get(report, a), get(report, b)) == (7, 3) and len(report.aktiviteter) == 6
    assert report.aktiviteter[5].tallies["avslutade"].kvinnor == 3 and report.aktiviteter[2].tallies["avslutade"].kvinnor is None
    paths = [f.path for f in layout().fields if f.path]
    assert len({_shape(path)[0] for path in paths}) * 10 <= len(paths)


def test_grow_and_blank():
    report = InsatsRapport()
    grow(report, "aktiviteter", 2)
    assert [type(a) for a in report.aktiviteter] == [Aktivitet] * 2
    for path, value in (("insats", "Steget"), ("remittenter.kommun", 4), ("uppgiftslamnare[1]", "Anna")):
        put(report, path, value)
        blank(report, path)
    assert (report.insats, report.uppgiftslamnare) == ("", [])
    assert "kommun" not in report.remittenter and "region" in report.remittenter


@pytest.mark.parametrize("path", ["", "aktiviteter[0].nosuch", "insats.x", "aktiviteter[0].tallies.inskrivna.bad key"])
def test_a_path_outside_the_model_is_refused(path):
    with pytest.raises((ValueError, KeyError)):
        get(InsatsRapport(), path)


# --- older workbooks ---------------------------------------------------------------------------
def test_template_version_was_bumped_and_every_older_version_is_frozen():
    assert TEMPLATE_VERSION == 3
    assert set(RELEASED) == set(range(1, TEMPLATE_VERSION))


def _without_defined_names(source: Path, target: Path) -> Path:
    """A copy whose workbook.xml has no defined names, so only the layout's cells can find the inputs."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<definedNames>.*</definedNames>", b"", data, flags=re.S)
            zout.writestr(item, data)
    return target


def _expected_v1():
    expected = load_data(DATA / "v1" / "insatsrapport_v1.yaml")
    expected.version = 1
    return expected


def test_a_version_1_workbook_reads_to_the_same_model():
    result = read_workbook(V1)
    assert result.findings == [] and result.version == 1
    assert result.report == _expected_v1()


def test_a_version_1_workbook_is_read_by_its_own_cells_not_todays(tmp_path):
    """Under a declaration whose cells moved, a v1 file without defined names still reads the same."""
    path = _without_defined_names(V1, tmp_path / "v1.xlsx")
    with declared(_with_tolk()):
        assert layout().field("akt2_namn").cell != layout_of(1).field("akt2_namn").cell
        result = read_workbook(path)
        assert result.findings == [] and result.version == 1
        assert result.report == _expected_v1()


def test_a_version_1_workbook_is_read_in_one_pass(monkeypatch):
    """The version is read first and picks the layout: no sheet is inflated or passed over twice."""
    import toolkit.reader as reader
    from toolkit.safe_zip import Package

    scanned, inflated = [], []
    scan, inflate = reader.sheet_cells, Package._inflate
    monkeypatch.setattr(reader, "sheet_cells", lambda xml: scanned.append(xml) or scan(xml))
    monkeypatch.setattr(Package, "_inflate", lambda self, info: inflated.append(info.filename) or inflate(self, info))
    result = read_workbook(V1)
    assert result.version == 1 and result.report == _expected_v1()
    assert len(scanned) == len(set(scanned)) == 7  # six input sheets and Mall
    assert len(inflated) == len(set(inflated))


def test_a_newer_template_is_read_by_defined_names_only(tmp_path, example):
    path = write_workbook(tmp_path / "ny.xlsx", example)
    wb = load_workbook(path)
    wb["Mall"]["B1"] = TEMPLATE_VERSION + 1
    del wb.defined_names["insats"]
    wb.save(path)
    result = read_workbook(path)
    assert result.version == TEMPLATE_VERSION + 1
    assert result.report.insats == "" and result.report.forbund == example.forbund


# --- one declaration, every part --------------------------------------------------------------
def _tolk_report(example):
    report = example
    report.aktiviteter[0].tallies["tolk"] = Count(7, 4, 2, 1)  # 4 + 2 is not 7: a kön-sum finding
    return report


def test_a_tally_row_added_to_a_copy_of_the_declaration_reaches_every_part(tmp_path):
    assert "tolk" not in tally_rows()
    with declared(_with_tolk()):
        example = load_data(DATA / "exempel.yaml")
        report = _tolk_report(example)

        # the builder writes it, with a named total
        path = write_workbook(tmp_path / "tolk.xlsx", report)
        wb = load_workbook(path)
        sheet, ref = next(iter(wb.defined_names["akt1_tolk_antal"].destinations))
        assert sheet == "Deltagare" and wb[sheet][ref.replace("$", "")].value == 7
        total_sheet, total_ref = next(iter(wb.defined_names["summa_tolk_antal"].destinations))
        assert "akt8_tolk_antal" in wb[total_sheet][total_ref.replace("$", "")].value
        assert any(c.value == TOLK[1] for row in wb["Deltagare"].iter_rows() for c in row)

        # the reader and the data file carry it
        result = read_workbook(path)
        assert result.report.aktiviteter[0].row("tolk") == Count(7, 4, 2, 1)
        data = yaml.safe_load(dump_data(result.report))
        assert data["aktiviteter"][0]["tolk"] == {"antal": 7, "kvinnor": 4, "man": 2, "under_30": 1}
        assert report_from_dict(data).aktiviteter[0].row("tolk") == Count(7, 4, 2, 1)

        # the kön-sum check covers it, at the row's cells
        sums = [f for f in check_model(result.report) if f.code == "sum-kon"]
        tolk_cells = f"{layout().field('akt1_tolk_antal').cell}:{layout().field('akt1_tolk_man').cell}"
        assert [(f.sheet, f.cell, f.expected, f.actual) for f in sums] == [("Deltagare", tolk_cells, 7, 6)]

        # the report's tables show it
        context = build_context(result.report)
        tables = [{k: v for k, v in row.items() if k != "markering"}  # a draft's marks: not this test's point
                  for akt in context["aktiviteter"] for row in akt["rader"]]
        assert {"namn": TOLK[1], "nyckel": "tolk", "antal": 7, "kvinnor": 4, "man": 2, "under_30": 1} in tables

        # the tidy CSV has its rows
        sel = consolidate([path], workers=1, include_errors=True)  # the kön-sum error above
        out = write_outputs(sel, tmp_path / "ut", ("csv",), Masker())
        with open(next(p for p in out if p.suffix == ".csv"), encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["matt"] == "tolk" and r["sammanstallt"] == "false"]
        assert {(r["aktivitet"], r["grupp"], r["varde"]) for r in rows} >= {
            ("Aktivering i grupp", "antal", "7"), ("Aktivering i grupp", "kvinnor", "4")}
    assert "tolk" not in tally_rows() and "akt1_tolk_antal" not in layout().by_name


def test_roll_forward_keeps_exactly_the_carried_fields(example):
    new = roll_forward(example, Period.parse("2017-T3"))
    carried = {f.path for f in layout().fields if f.carry == "always"}
    assert "aktiviteter[0].namn" in carried and "aktiviteter[0].tallies.inskrivna.antal" not in carried
    assert new.aktiviteter[0].namn == example.aktiviteter[0].namn
    assert new.aktiviteter[0].inskrivna == Count() and new.texter == {}
    assert new.ekonomi.rader[0].prognos == example.ekonomi.rader[0].prognos  # same year
    assert roll_forward(example, Period.parse("2018-T1")).ekonomi.rader[0].prognos is None
