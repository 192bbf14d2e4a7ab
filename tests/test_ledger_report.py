"""Insats kinds and the ledger in checks and reports: kön split a warning, strukturövergripande counts
only, remittenter with their base, and the report's sentences."""

from __future__ import annotations

from ledger_fixtures import quarters

from toolkit.checks import check_model
from toolkit.model import Count
from toolkit.report.context import build_context


def _codes(report):
    return [(f.code, f.severity) for f in check_model(report)]


def test_a_quarter_with_more_exits_than_new_starts_is_clean():
    q2 = quarters()[1]
    assert q2.total("avslutade").antal > q2.total("nya").antal
    assert _codes(q2) == []


def test_a_missing_kon_split_is_a_warning_for_individinriktade_and_nothing_for_struktur():
    report = quarters()[0]
    akt = report.aktiviteter[0]
    for row in (akt.inskrivna, akt.nya, akt.avslutade, akt.gar_vidare):
        row.kvinnor = row.man = None
    assert set(_codes(report)) == {("kon-saknas", "varning")}
    report.inriktning = "struktur"
    assert _codes(report) == []


def test_strukturovergripande_needs_no_exit_reasons():
    report = quarters()[0]
    report.inriktning = "struktur"
    report.avslutsanledningar["arbete"] = 1  # does not add up to the 6 avslutade: not asked for
    assert _codes(report) == []
    report.inriktning = "individ"
    assert ("avslut-summa", "fel") in _codes(report)


def test_remittenter_add_up_to_their_base():
    report = quarters()[1]
    report.remittenter["arbetsformedlingen"] = 9  # the avslutade, not the 18 inskrivna
    assert [c for c, _ in _codes(report)] == ["remittenter-summa"]
    report.remittenter_avser = "avslutade"
    assert _codes(report) == []
    report.remittenter_avser = "nya"
    found = check_model(report)
    assert [f.code for f in found] == ["remittenter-summa"] and "antalet nya är 4" in found[0].message


def test_report_sentences_for_the_ledger_and_remittenter():
    report = quarters()[1]
    report.remittenter = dict.fromkeys(report.remittenter)
    report.remittenter.update(arbetsformedlingen=5, kommun=3, egen=1)
    report.remittenter_avser = "avslutade"
    context = build_context(report)
    assert context["deltagare_meningar"] == ["Under perioden har 18 deltagare varit inskrivna, varav 4 nya."]
    assert context["remittenter"]["meningar"] == [
        "Av de 9 avslutade kom 5 från Arbetsförmedlingen, 3 från kommunen och 1 på egen anmälan."]


def test_report_of_a_strukturovergripande_insats_and_of_totals_without_kon():
    report = quarters()[0]
    report.aktiviteter[0].nya = Count()
    report.aktiviteter[0].inskrivna = Count(antal=20)
    assert build_context(report)["deltagare_meningar"] == [
        "Under perioden har 20 deltagare varit inskrivna.",
        "Fördelningen på kön är inte ifylld, så siffrorna visas utan den."]
    report.inriktning = "struktur"
    context = build_context(report)
    assert context["inriktning"] == "Strukturövergripande"
    assert context["deltagare_meningar"] == [
        "Strukturövergripande insats: deltagarna räknas i antal, utan fördelning på kön.",
        "Under perioden har 20 deltagare varit inskrivna."]
