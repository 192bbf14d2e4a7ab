"""Names compared as people mean them, and input text that stays text in outputs (issue 10, 4 and 8)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from toolkit.names import clean_name, name_key
from toolkit.safe_output import csv_text, xml_text

ATTACKS = ['=HYPERLINK("http://x","klick")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
           "=cmd|' /C calc'!A0"]


def test_invisible_and_decomposed_differences_are_the_same_name():
    plain = "Aktivitetscenter Öst"
    for variant in ("aktivitetscenter öst", " Aktivitetscenter  Öst ", "Aktivitets\u200bcenter Öst",
                    unicodedata.normalize("NFD", plain), "Aktivitetscenter\u00a0Öst", "\ufeffAktivitetscenter Öst",
                    "Aktivitets\u00adcenter Ö\u200dst"):
        assert name_key(variant) == name_key(plain), repr(variant)
    assert name_key("Aktivitetscenter Väst") != name_key(plain)
    assert name_key(None) == name_key("") == name_key("\u200b") == ""
    assert clean_name("  Aktivitets\u200bcenter\n Öst") == "Aktivitetscenter Öst"


def test_every_invisible_format_character_is_removed():
    invisible = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert [hex(ord(ch)) for ch in invisible if name_key(f"a{ch}b") != "ab"] == []


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_csv_fields_are_neutralised(text):
    assert csv_text(text) == "'" + text


def test_numbers_and_ordinary_text_are_left_alone():
    assert [csv_text(v) for v in ("-1500.5", "+3", "1e5", "Aktivitetscenter", "", None, 12, "<5", "12–16")] == \
        ["-1500.5", "+3", "1e5", "Aktivitetscenter", "", None, 12, "<5", "12–16"]


def test_characters_xml_cannot_hold_are_dropped():
    assert xml_text("a\x00b\x07c\x1bd\ud800e\tf\ng") == "abcde\tf\ng"
