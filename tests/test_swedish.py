"""Swedish number formats: non-breaking spaces, comma decimals, the minus sign, and no failure on huge values."""

from datetime import date

from toolkit.swedish import EMPTY, MINUS, NBSP, iso_date, kronor, number, percent


def test_formats():
    assert kronor(9_600_000) == f"9{NBSP}600{NBSP}000{NBSP}kr"
    assert percent(0.93) == f"93{NBSP}%" and percent(0.048, 1) == f"4,8{NBSP}%"
    assert number(-1234.5, 1) == f"{MINUS}1{NBSP}234,5"
    assert iso_date(date(2023, 1, 4)) == "2023-01-04"
    assert number(None) == kronor(None) == percent(None) == EMPTY


def test_astronomical_values_are_shown_as_powers_of_ten():
    assert number(1.23e30) == f"1,2{NBSP}·{NBSP}10³⁰"
    assert kronor(-1e300) == f"{MINUS}1,0{NBSP}·{NBSP}10³⁰⁰{NBSP}kr"
    assert percent(1e20) == f"1,0{NBSP}·{NBSP}10²²{NBSP}%"
    assert number(999_999_999_999_999) == f"999{NBSP}999{NBSP}999{NBSP}999{NBSP}999"
