"""Swedish number formats: non-breaking spaces, comma decimals, the minus sign, and no failure on huge values."""

from datetime import date

from toolkit.swedish import EMPTY, MINUS, NBSP, iso_date, kronor, number, percent


def test_formats():
    assert kronor(9_600_000) == f"9{NBSP}600{NBSP}000{NBSP}kr"
    assert percent(0.93) == f"93{NBSP}%" and percent(0.048, 1) == f"4,8{NBSP}%"
    assert number(-1234.5, 1) == f"{MINUS}1{NBSP}234,5"
    assert iso_date(date(2023, 1, 4)) == "2023-01-04"
    assert number(None) == kronor(None) == percent(None) == EMPTY


def test_astronomical_values_are_still_formatted():
    assert number(1e30).startswith(f"1{NBSP}000{NBSP}000") and " " not in number(1e30)
    assert kronor(-1e300).startswith(f"{MINUS}1{NBSP}000")
