"""The workbook's live formulas, recalculated by LibreOffice headless, agree with the Python model."""


import pytest
from openpyxl import load_workbook

from conftest import libreoffice, require_tool
from toolkit.catalog import LEDGER_ROWS, RESULTAT, TALLY_COLUMNS, TALLY_ROWS
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.layout import akt_name, mal_name, tally_name
from toolkit.workbook import write_workbook


def _value(wb, name):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    value = wb[sheet][ref.replace("$", "")].value
    return None if value == "" else value


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """(model, workbook recalculated and saved by LibreOffice) for the example and three demo shapes."""
    from toolkit.datafile import load_data
    from conftest import EXAMPLE

    require_tool("soffice")
    tmp = tmp_path_factory.mktemp("recalc")
    reports = {"exempel": load_data(EXAMPLE)}
    for insats in INSATSER[:3] + INSATSER[4:5]:
        reports[insats.namn.split()[0].lower()] = demo_report(insats, demo_periods(insats)[1 if len(demo_periods(insats)) > 1 else 0])
    sources = [write_workbook(tmp / f"{key}.xlsx", report) for key, report in reports.items()]
    libreoffice("xlsx", tmp / "lo", *sources)
    return [(report, load_workbook(tmp / "lo" / f"{key}.xlsx", data_only=True)) for key, report in reports.items()]


def test_participant_totals(recalculated):
    for report, wb in recalculated:
        for row in TALLY_ROWS:
            for col in TALLY_COLUMNS:
                assert _value(wb, f"summa_{row}_{col}") == report.total(row).get(col), (row, col)
        assert _value(wb, "summa_utanfor_uppfoljning") == (report.utanfor_uppfoljning() or 0)
        assert _value(wb, "andel_gar_vidare") == pytest.approx(report.measure("andel_gar_vidare"))
        for a, akt in enumerate(report.aktiviteter, 1):
            share = akt.gar_vidare.antal / akt.avslutade.antal if akt.avslutade.antal else None
            assert _value(wb, akt_name(a, "andel_gar_vidare")) == pytest.approx(share)


def test_the_ledger_rows_are_live(recalculated):
    """Pågående vid början (inskrivna − nya) and vid slut (inskrivna − avslutade), per aktivitet and in total."""
    checked = 0
    for report, wb in recalculated:
        for key in LEDGER_ROWS:
            for col in TALLY_COLUMNS:
                assert _value(wb, f"summa_{key}_{col}") == report.ledger_total(key).get(col), (key, col)
                for a, akt in enumerate(report.aktiviteter, 1):
                    assert _value(wb, tally_name(a, key, col)) == akt.ledger(key).get(col)
                    checked += akt.ledger(key).get(col) is not None
    assert checked > 20  # the demo's aktiviteter carry nya; the example file has none (the rows stay empty)


def test_exits_and_results(recalculated):
    for report, wb in recalculated:
        assert _value(wb, "summa_remittenter") == report.remittenter_summa()
        assert _value(wb, "summa_avslutsanledningar") == report.avslut_summa()
        assert _value(wb, "resultatunderlag") == report.resultatunderlag()
        assert _value(wb, "andel_resultat") == pytest.approx(report.measure("andel_resultat"))
        for key in RESULTAT:
            expected = (report.avslutsanledningar[key] or 0) / report.resultatunderlag()
            assert _value(wb, f"andel_{key}") == pytest.approx(expected)


def test_goal_outcomes_computed_from_tallies(recalculated):
    checked = 0
    for report, wb in recalculated:
        for i, goal in enumerate(report.mal, 1):
            if goal.matt:
                assert _value(wb, mal_name(i, "berakat")) == pytest.approx(report.measure(goal.matt)), goal.matt
                checked += 1
    assert checked >= 4


def test_economy_sums(recalculated):
    for report, wb in recalculated:
        for column in ("budget", "utfall_period", "utfall_ackumulerat", "prognos"):
            assert _value(wb, f"summa_{column}") == pytest.approx(report.ekonomi.summa(column))
        assert _value(wb, "summa_finansiering") == pytest.approx(report.ekonomi.finansiering_summa())
