"""The data file: Swedish keys, clear Swedish errors, and a lossless round trip through the workbook."""

import json
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalog import (
    AVSLUTSANLEDNINGAR, BUDGETKATEGORIER, FINANSIERING, MALTYPER, MATT, REMITTENTER,
    TEXTER,
)
from toolkit.datafile import dump_data, load_data, report_from_dict, report_to_dict
from toolkit.errors import FinsamError
from toolkit.model import Aktivitet, BudgetRad, Count, Ekonomi, InsatsRapport, Mal
from toolkit.periods import Period
from toolkit.schema import tally_rows
from toolkit.reader import read_workbook
from toolkit.workbook import write_workbook


def test_example_is_read_with_every_key(example):
    assert example.forbund == "Samordningsförbundet Exempelbygd"
    assert example.period == Period.parse("2017-T2") and example.ackumulerad
    assert example.start == date(2017, 1, 1) and example.slut == date(2017, 8, 31)
    assert example.aktiviteter[0].inskrivna == Count(40, 25, 15, 9)
    assert example.aktiviteter[0].uppnatt_mal == Count(antal=24)
    assert example.remittenter["kommun"] == 15 and example.avslutsanledningar["ovrigt"] == 2
    assert example.mal[0].matt == "andel_gar_vidare" and example.mal[0].malvarde == 0.9
    assert example.ekonomi.rader[0].utfall_ackumulerat == 1_500_000
    assert example.ekonomi.finansiering["samordningsforbundet"] == 2_400_000
    assert example.texter["avvikelser"] == "..."


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_and_load_give_the_same_model(example, fmt, tmp_path):
    path = tmp_path / f"data.{fmt}"
    path.write_text(dump_data(example, fmt), encoding="utf-8")
    assert load_data(path) == example


@pytest.mark.parametrize(
    "change, message",
    [
        ({"okand": 1}, "Okänd nyckel ”okand”"),
        ({"aktiviteter": [{"namn": "A", "inskrivna": {"antal": "tolv"}}]},
         "aktiviteter[1].inskrivna.antal ska vara ett heltal, inte ”tolv”"),
        ({"period": "2022-Q5"}, "period: Ogiltig period ”2022-Q5”"),
        ({"rapportdatum": "2022123"}, "rapportdatum: Ogiltigt datum ”2022123”"),
        ({"rapporttyp": "manad"}, "rapporttyp: ”manad” finns inte"),
        ({"remittenter": {"polisen": 2}}, "Okänd nyckel ”polisen” i remittenter"),
        ({"ackumulerad": "ja"}, "ackumulerad ska vara true eller false"),
        ({"aktiviteter": [{"namn": str(i)} for i in range(9)]}, "högst 8 rader"),
        ({"mal": [{"avser": "manad"}]}, "mal[1].avser: ”manad” finns inte"),
        ({"mal": [{"aktiviteter": {"namn": "A"}}]}, "mal[1].aktiviteter ska vara en lista med namn"),
    ],
)
def test_bad_data_gives_one_swedish_message(change, message):
    data = yaml.safe_load(open("tests/data/exempel.yaml", encoding="utf-8"))
    data.update(change)
    with pytest.raises(FinsamError) as info:
        report_from_dict(data)
    assert message in info.value.message


def test_a_final_report_without_dates_is_read_without_a_period():
    data = yaml.safe_load(open("tests/data/exempel.yaml", encoding="utf-8"))
    data.update({"rapporttyp": "slut", "period": None, "period_start": None, "period_slut": None})
    report = report_from_dict(data)
    assert (report.rapporttyp, report.period) == ("slut", None)  # the check warns: slut-utan-datum


def test_goal_scope_span_and_verdict_round_trip():
    data = yaml.safe_load(open("tests/data/exempel.yaml", encoding="utf-8"))
    data["mal"] = [{"typ": "fokusomrade", "beskrivning": "Samverkan", "aktiviteter": "Aktivering i grupp",
                    "avser": "hela_insatsen", "bedomning": "uppfyllt"}]
    goal = report_from_dict(data).mal[0]
    assert (goal.typ, goal.aktiviteter, goal.avser, goal.bedomning) == (
        "fokusomrade", ["Aktivering i grupp"], "hela_insatsen", "uppfyllt")
    assert report_to_dict(report_from_dict(data))["mal"][0]["aktiviteter"] == ["Aktivering i grupp"]


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "trasig.yaml"
    path.write_text("forbund: [oavslutad\n", encoding="utf-8")
    with pytest.raises(FinsamError) as info:
        load_data(path)
    assert str(path) in str(info.value) and "inte giltig YAML" in str(info.value)


# --- the lossless round trip, for any model the workbook can hold -------------------------------
_text = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=40).filter(
    lambda s: s == "" or s.strip() != "")
_name = _text.filter(lambda s: s != "")
_counts = st.none() | st.integers(0, 10**7)
_amounts = st.none() | st.integers(-10**9, 10**10) | st.floats(-1e9, 1e9, allow_nan=False).map(
    lambda x: round(x, 2)).filter(lambda x: not float(x).is_integer())
_dates = st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31))
_tally = st.builds(Count, _counts, _counts, _counts, _counts)


@st.composite
def reports(draw) -> InsatsRapport:
    kind = draw(st.sampled_from(["kvartal", "tertial", "halvar", "helar", "slut"]))
    year = draw(st.integers(2000, 2099))
    if kind == "slut":
        start = draw(st.dates(date(1990, 1, 1), date(2099, 1, 1)))
        end = draw(st.dates(start, date(2100, 12, 31)))
        period, period_start, period_slut = Period.final(start, end), start, end
    else:
        n = {"kvartal": 4, "tertial": 3, "halvar": 2, "helar": 1}[kind]
        period = Period.of(kind, year, draw(st.integers(1, n)))
        period_start, period_slut = draw(_dates), draw(_dates)
    aktiviteter = draw(st.lists(st.builds(Aktivitet, namn=_name, volymmal_per_ar=_counts, utanfor_uppfoljning=_counts,
                                          tallies=st.fixed_dictionaries({row: _tally for row in tally_rows()})),
                                max_size=8))
    goals = draw(st.lists(st.builds(Mal, st.sampled_from(list(MALTYPER)), _name,
                                    st.none() | st.floats(0, 1e6).map(lambda x: round(x, 4)),
                                    st.none() | st.sampled_from(list(MATT)),
                                    st.none() | st.integers(0, 1000), _text), max_size=15))
    lines = draw(st.lists(st.builds(BudgetRad, st.sampled_from(BUDGETKATEGORIER), _amounts, _amounts, _amounts,
                                    _amounts), max_size=15))
    return InsatsRapport(
        forbund=draw(_text), insats=draw(_text), huvudman=draw(_text), malgrupp=draw(_text),
        samverkansparter=draw(st.lists(_name, max_size=8)), rapporttyp=kind, period=period,
        period_start=period_start, period_slut=period_slut, ackumulerad=draw(st.booleans()),
        diarienummer=draw(_text), registreringsdatum=draw(_dates), rapportdatum=draw(_dates),
        uppgiftslamnare=draw(st.lists(_name, max_size=4)), kontakt=draw(_text), arsplatser=draw(_counts),
        aktiviteter=aktiviteter, totalt_inskrivna=draw(_counts),
        remittenter={k: draw(_counts) for k in REMITTENTER},
        avslutsanledningar={k: draw(_counts) for k in AVSLUTSANLEDNINGAR},
        mal=goals, ekonomi=Ekonomi(lines, draw(_amounts), {k: draw(_amounts) for k in FINANSIERING}, draw(_text)),
        texter={k: v for k in TEXTER if (v := draw(_text))},
    )


def _canonical(report: InsatsRapport) -> InsatsRapport:
    """What a workbook can hold: trailing empty rows are not rows."""
    for items in (report.aktiviteter, report.mal, report.ekonomi.rader):
        while items and items[-1].is_empty():
            items.pop()
    return report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(report=reports())
def test_data_file_workbook_export_round_trip_is_lossless(report, tmp_path):
    report = _canonical(report)
    data = json.loads(dump_data(report, "json"))
    assert report_from_dict(data) == report
    path = write_workbook(tmp_path / "rundtur.xlsx", report_from_dict(yaml.safe_load(dump_data(report, "yaml"))))
    result = read_workbook(path)
    assert result.findings == []
    assert result.report == report
    assert report_to_dict(result.report) == report_to_dict(report)
