"""Periods: parsing, printing, dates, shares of the year, labels and the same period a year earlier."""

from datetime import date

import pytest

from toolkit.errors import FinsamError
from toolkit.periods import Period, parse_date, periods_of_year


@pytest.mark.parametrize(
    "code, start, end, label",
    [
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31), "kvartal 4 2022"),
        ("2017-T2", date(2017, 5, 1), date(2017, 8, 31), "tertial 2 2017"),
        ("2020-H1", date(2020, 1, 1), date(2020, 6, 30), "första halvåret 2020"),
        ("2020-H2", date(2020, 7, 1), date(2020, 12, 31), "andra halvåret 2020"),
        ("2019", date(2019, 1, 1), date(2019, 12, 31), "helåret 2019"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "kvartal 1 2024"),
        ("2023-T3", date(2023, 9, 1), date(2023, 12, 31), "tertial 3 2023"),
    ],
)
def test_parse_and_print(code, start, end, label):
    period = Period.parse(code)
    assert (period.start, period.end, period.label, str(period)) == (start, end, label, code)


def test_parse_is_lenient_about_case_and_spaces():
    assert Period.parse(" 2022-q4 ") == Period.parse("2022-Q4")


@pytest.mark.parametrize("bad", ["2022-Q5", "2022-T4", "2022-H3", "2022123", "Q4 2022", "", "1899", "2022-X1"])
def test_invalid_periods_give_swedish_errors(bad):
    with pytest.raises(FinsamError) as info:
        Period.parse(bad)
    assert "period" in info.value.message.lower() or "år" in info.value.message


def test_year_share_prorates_cumulative_tertial():
    t2 = Period.parse("2017-T2")
    assert t2.year_share(cumulative=True) == pytest.approx(8 / 12)
    assert t2.year_share(cumulative=False) == pytest.approx(4 / 12)
    assert t2.span(cumulative=True) == (date(2017, 1, 1), date(2017, 8, 31))
    assert Period.parse("2022-Q3").year_share() == pytest.approx(0.25)


def test_previous_year():
    assert Period.parse("2022-Q4").previous_year() == Period.parse("2021-Q4")
    final = Period.final(date(2020, 2, 29), date(2022, 12, 31))
    assert final.previous_year().start == date(2019, 2, 28)


def test_final_report_period():
    final = Period.final(date(2019, 3, 1), date(2022, 12, 31))
    assert final.code == "2019-03-01--2022-12-31"
    assert final.label == "2019-03-01–2022-12-31"
    with pytest.raises(FinsamError, match="före startdatum"):
        Period.final(date(2022, 1, 1), date(2021, 1, 1))


def test_periods_are_ordered_within_a_year():
    quarters = periods_of_year("kvartal", 2022)
    assert [str(p) for p in quarters] == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    assert sorted(reversed(quarters)) == quarters


def test_parse_date():
    assert parse_date("2023-01-04") == date(2023, 1, 4)
    with pytest.raises(FinsamError, match="Ogiltigt datum ”2022123”"):
        parse_date("2022123")
