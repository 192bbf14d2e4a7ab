"""The participant ledger: pågående at the start and end of a period, participants over a span."""

from __future__ import annotations

from ledger_fixtures import LARGEST, SUM_INSKRIVNA, YEAR, quarters

from toolkit.ledger import pagaende_vid_borjan, pagaende_vid_slut, span_participants
from toolkit.model import Count


def test_pagaende_at_start_and_end_of_each_quarter():
    q = quarters()
    assert [pagaende_vid_borjan(r).antal for r in q] == [15, 14, 9, 12]
    assert [pagaende_vid_slut(r).antal for r in q] == [14, 9, 12, 9]
    assert pagaende_vid_borjan(q[1]) == Count(14, 8, 6, 4)
    # Q2 has more exits (9) than new starts (4): normal, and the ledger still balances.
    assert q[1].total("avslutade").antal > q[1].total("nya").antal
    assert q[1].aktiviteter[0].pagaende_vid_slut == Count(9, 5, 4, 3)


def test_pagaende_is_unknown_where_nya_is_absent():
    q = quarters(with_nya=False)
    assert pagaende_vid_borjan(q[0]) == Count()
    assert pagaende_vid_slut(q[0]).antal == 14


def test_year_from_four_quarters_is_start_plus_all_nya():
    span = span_participants(quarters())
    assert not span.uncertain and span.missing_nya == ()
    assert span.exact == span.lo == span.hi == YEAR
    assert span.aktiviteter == {"Arbetsträning": (YEAR, YEAR)}


def test_a_single_report_gives_its_own_inskrivna():
    q = quarters()
    assert span_participants(q[2:3]).exact == q[2].total("inskrivna")


def test_the_earliest_report_needs_no_nya():
    q = quarters()
    q[0].aktiviteter[0].nya = Count()
    assert span_participants(q).exact == YEAR


def test_without_nya_only_honest_bounds_never_the_sum_as_a_figure():
    span = span_participants(quarters(with_nya=False))
    assert span.uncertain
    assert span.lo == LARGEST and span.hi == SUM_INSKRIVNA
    assert span.exact == Count()
    assert span.missing_nya == (1, 2, 3)


def test_partly_known_nya_narrows_the_bounds():
    q = quarters()
    q[2].aktiviteter[0].nya = Count()  # Q3 lacks nya: at most all its 15, at least 20 + 4 + 7
    span = span_participants(q)
    assert span.missing_nya == (2,)
    assert (span.lo.antal, span.hi.antal) == (31, 20 + 4 + 15 + 7)
    assert span.lo.antal <= YEAR.antal <= span.hi.antal


def test_unknown_inskrivna_stays_unknown():
    q = quarters()
    q[1].aktiviteter[0].inskrivna.under_30 = None
    span = span_participants(q)
    assert span.lo.under_30 is None and span.hi.under_30 is None
    assert span.exact.antal == YEAR.antal


def test_aktiviteter_are_matched_by_name_and_summed():
    q = quarters()
    for r in q:
        extra = r.aktiviteter[0].__class__(" arbetsträning  2", inskrivna=Count(3, 2, 1, 0), nya=Count(1, 1, 0, 0))
        r.aktiviteter.append(extra)
    span = span_participants(q)
    assert span.exact.antal == YEAR.antal + 3 + 3
    assert set(span.aktiviteter) == {"Arbetsträning", " arbetsträning  2"}


def test_a_missing_report_between_two_gives_bounds():
    """Q1, Q3 and Q4 without Q2: who started in Q2 and stayed into Q3 is neither in Q1 nor among Q3's nya."""
    q = quarters()
    span = span_participants([q[0], q[2], q[3]])
    assert span.uncertain and span.gaps == (1,) and span.missing_nya == ()
    # At least Q1's 20 + Q3's 6 nya + Q4's 7 nya; at most Q1's 20 + all 15 of Q3 + Q4's 7.
    assert (span.lo.antal, span.hi.antal) == (33, 42)
