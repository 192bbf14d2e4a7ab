"""A tally column's total is that column of the total row: summed over the aktiviteter given, unknown when no
aktivitet gives it (absent is not zero), masked leaves (Ranges) summed as ranges."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.catalog import TALLY_COLUMNS, TALLY_ROWS
from toolkit.consolidate.mask import Range
from toolkit.model import Aktivitet, Count, InsatsRapport

_VALUE = st.one_of(st.none(), st.integers(0, 500), st.builds(lambda lo, d: Range(lo, lo + d), st.integers(0, 9),
                                                             st.integers(0, 4)))


@given(st.lists(st.lists(_VALUE, min_size=4, max_size=4), max_size=4), st.sampled_from(list(TALLY_ROWS)),
       st.sampled_from(list(TALLY_COLUMNS)))
def test_a_column_total_is_the_total_rows_column(counts, row, column):
    report = InsatsRapport(aktiviteter=[Aktivitet(f"A{i}", **{row: Count(*c)}) for i, c in enumerate(counts)])
    assert report.column_total(row, column) == report.total(row).get(column)
    first = report.aktiviteter[:1]
    assert report.column_total(row, column, first) == report.total(row, first).get(column)


def test_a_column_no_aktivitet_gives_is_unknown_not_zero():
    report = InsatsRapport(aktiviteter=[Aktivitet("A", avslutade=Count(antal=3)), Aktivitet("B")])
    assert report.column_total("avslutade", "antal") == 3
    assert report.column_total("avslutade", "kvinnor") is None
    assert report.column_total("avslutade", "antal", []) is None
