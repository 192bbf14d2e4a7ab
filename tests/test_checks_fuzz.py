"""Any content in any input cell gives findings or a clean report, never an exception."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, typed_file
from toolkit.cells import EXCEL_ERRORS, from_cells, to_cells
from toolkit.checks import check_model, check_workbook
from toolkit.checks.render import kontroll_rows, status_text
from toolkit.datafile import load_data
from toolkit.findings import CODES, CheckReport
from toolkit.layout import layout
from toolkit.workbook import write_workbook

FIELDS = layout().fields
_REF = re.compile(r"^[A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?$")

# Text as staff type it: free text, numbers with words, Swedish decimals, error values, dates as text.
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
JUNK = st.one_of(
    st.none(), _text,
    st.sampled_from(["ca 5", "12 st", "5,0", "  ", "-", "2022123", "2023-01-04", "31/8 2016", "93 %", "Ja", "nej",
                     "Tertial 2", "Kvartal"]),
    st.sampled_from(EXCEL_ERRORS),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False),
    st.sampled_from([0.5, 2.5, -3.0, 1e16, 2**53 + 1.0]),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 12, 31)),
    st.booleans(),
)
EDITS = st.lists(st.tuples(st.sampled_from(FIELDS), JUNK), min_size=1, max_size=12)


def _valid(findings) -> None:
    for f in findings:
        assert f.code in CODES and f.severity == CODES[f.code].severity and f.message
        assert f.cell is None or _REF.match(f.cell), f.cell
    report = CheckReport(list(findings), ["x.xlsx"])
    json.loads(report.to_json())
    kontroll_rows(report.findings)
    status_text(report.findings, datetime(2026, 1, 1))


@settings(max_examples=50, deadline=None)
@given(edits=EDITS, nan=st.sampled_from([None, float("nan"), float("inf")]))
def test_any_raw_cell_values(edits, nan):
    raw = to_cells(load_data(EXAMPLE))
    for f, value in edits:
        raw[f.name] = value
    if nan is not None:
        raw[edits[0][0].name] = nan
    report, found = from_cells(raw)
    _valid(found + check_model(report))


@pytest.fixture(scope="module")
def base_workbook(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("fuzz") / "exempel.xlsx", load_data(EXAMPLE))


@settings(max_examples=20, deadline=None)
@given(edits=EDITS)
def test_any_typed_cells_in_a_real_workbook(base_workbook, edits):
    out = typed_file(base_workbook, base_workbook.with_name("skrivet.xlsx"), **{f.name: value for f, value in edits})
    checked = check_workbook(out)
    _valid(checked.findings)
    assert checked.report is not None  # cell content never makes the whole file unusable
