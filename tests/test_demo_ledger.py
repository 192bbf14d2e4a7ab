"""The demo tells the truth of a real year: people carry over between quarters, a quarter has more exits
than new starts, one insats is strukturövergripande and one ESF-financed; its consolidation gives year
figures recomputed here by hand from the ledger."""

from __future__ import annotations

import csv

import pytest

from toolkit.checks import check_paths
from toolkit.consolidate import consolidate, write_outputs
from toolkit.demo import INSATSER, YEAR
from toolkit.periods import Period
from toolkit.plan.reader import load_plan
from toolkit.reader import read_workbook


@pytest.fixture(scope="module")
def demo(demo_made):
    result = demo_made
    return {p.name: read_workbook(p).report for p in result.workbooks}, result


def test_the_quarters_chain_and_one_has_more_exits_than_new_starts(demo):
    models, result = demo
    quarters = [models[f"samordningsteamet_{YEAR}-Q{q}.xlsx"] for q in range(1, 4)]  # Q4 never returned
    for before, after in zip(quarters, quarters[1:]):
        slut = before.total("inskrivna").antal - before.total("avslutade").antal
        assert after.total("inskrivna").antal - after.total("nya").antal == slut  # people carry over
    assert any(q.total("avslutade").antal > q.total("nya").antal for q in quarters)
    assert all(q.total("nya").antal < q.total("inskrivna").antal for q in quarters)
    checked = check_paths([result.directory])
    assert not [f for f in checked.findings if f.code in ("kedja-bruten", "avslutade-over-inskrivna", "kon-saknas")]


def test_the_consolidated_year_is_start_plus_all_nya(demo, tmp_path):
    models, result = demo
    sel = consolidate(result.workbooks, year=YEAR, workers=1)
    write_outputs(sel, tmp_path, ("csv",))
    with open(tmp_path / "uppfoljning-finsam.csv", encoding="utf-8", newline="") as fh:
        rows = {r["insats"]: r for r in csv.DictReader(fh)}
    # Samordningsteamet's Q4 was never returned: its year so far is January–September, still exact.
    assert f"samordningsteamet_{YEAR}-Q4.xlsx" not in models
    q = [models[f"samordningsteamet_{YEAR}-Q{n}.xlsx"] for n in range(1, 4)]
    by_hand = {c: q[0].total("inskrivna").get(c) + sum(r.total("nya").get(c) for r in q[1:])
               for c in ("antal", "kvinnor", "man")}
    st = rows["Samordningsteamet"]
    assert (int(st["deltagare_totalt"]), int(st["deltagare_kvinnor"]), int(st["deltagare_man"]), st["osaker"]) == (
        by_hand["antal"], by_hand["kvinnor"], by_hand["man"], "nej")
    assert by_hand["antal"] < sum(r.total("inskrivna").antal for r in q)  # the old sum counted people twice
    ac = models[f"aktivitetscenter_{YEAR}-Q4.xlsx"]  # cumulative: the last quarter gives the year directly
    assert int(rows["Aktivitetscenter"]["deltagare_totalt"]) == ac.total("inskrivna").antal
    struktur = next(i for i in INSATSER if i.inriktning == "struktur")
    assert (rows[struktur.namn]["inriktning"], rows[struktur.namn]["deltagare_kvinnor"]) == ("struktur", "")
    esf = [name for name, r in rows.items() if r["esf"] == "ja"]
    assert esf == [i.namn for i in INSATSER if i.esf] and len(esf) == 1
    assert {r["osaker"] for r in rows.values()} == {"nej"}


def test_the_workbooks_are_the_plans_send_out_filled_in_and_one_never_returned(demo):
    """The folder holds what the send-out of each period wrote, filled in, less Samordningsteamet's Q4; the
    pre-fill of the plan (kontakt, målgrupp, inriktning, ESF, budget, aktiviteter) is in every workbook, and
    what only the insats knows (ackumulerad, the figures) was typed in by it."""
    models, result = demo
    assert sorted(models) == sorted([
        *(f"aktivitetscenter_{YEAR}-Q{n}.xlsx" for n in range(1, 5)),
        *(f"samordningsteamet_{YEAR}-Q{n}.xlsx" for n in range(1, 4)),
        *(f"grona-rum-tradgardsrehabilitering_{YEAR}-T{n}.xlsx" for n in range(1, 4)),
        f"rorelse-mot-arbete_{YEAR}-H1.xlsx", f"rorelse-mot-arbete_{YEAR}-H2.xlsx",
        f"kompetenslyft-for-handlaggare_{YEAR}.xlsx", "unga-vuxna-i-arbete_slutrapport.xlsx"])
    assert result.not_returned.name == f"samordningsteamet_{YEAR}-Q4.xlsx" and not result.not_returned.exists()
    assert [p.name for p in result.sent[Period.parse(f"{YEAR}-Q4")]] == [
        f"aktivitetscenter_{YEAR}-Q4.xlsx", f"samordningsteamet_{YEAR}-Q4.xlsx"]
    plan = load_plan(result.plan_path)
    for name, report in models.items():
        planned = plan.insats(report.insats)
        assert (report.kontakt, report.malgrupp, report.huvudman) == (
            planned.kontakt, planned.texter["malgrupp"], planned.huvudman), name
        assert (report.inriktning, report.esf, report.ekonomi.budget_totalt) == (
            planned.inriktning, planned.esf, planned.budget), name
        assert [a.namn for a in report.aktiviteter] == planned.aktiviteter, name
    assert models[f"kompetenslyft-for-handlaggare_{YEAR}.xlsx"].inriktning == "struktur"
    assert models[f"rorelse-mot-arbete_{YEAR}-H1.xlsx"].esf is True
    assert models[f"samordningsteamet_{YEAR}-Q2.xlsx"].kontakt == "samordningsteamet@exempelbygd.se"
    assert models[f"aktivitetscenter_{YEAR}-Q2.xlsx"].ackumulerad is True  # typed by the insats, not the plan
    assert models[f"samordningsteamet_{YEAR}-Q2.xlsx"].ackumulerad is False
    assert models[f"aktivitetscenter_{YEAR}-Q1.xlsx"].total("inskrivna").antal > 0
