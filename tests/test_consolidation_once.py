"""The consolidation computes its tables once and hands them to every writer: the workbook, the Word summary
and the tidy CSV, which agree on every figure they share."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from openpyxl import load_workbook

from consolidate_fixtures import forbund, year  # noqa: F401
from toolkit.catalog import AVSLUTSANLEDNINGAR, REMITTENTER, TALLY_COLUMNS
from toolkit.consolidate import Masker, consolidate, figures, write_outputs
from toolkit.consolidate.figures import EJ_FORDELAT
from toolkit.consolidate.tidy import ALLA
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.safe_output import csv_text
from toolkit.schema import tally_rows
from toolkit.workbook import write_workbook


def _counted(monkeypatch: pytest.MonkeyPatch, *names: str) -> dict[str, int]:
    """How often each named function of `figures` is called from now on."""
    calls = dict.fromkeys(names, 0)
    for name in names:
        original = getattr(figures, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    return calls


def test_tables_are_computed_once_for_the_workbook_and_the_word_summary(tmp_path, monkeypatch):
    insats = INSATSER[0]
    paths = [write_workbook(tmp_path / f"{p.code}.xlsx", demo_report(insats, p)) for p in demo_periods(insats)[:2]]
    sel = consolidate(paths, workers=1, include_errors=True)
    calls = _counted(monkeypatch, "overview", "goals", "financing")
    written = write_outputs(sel, tmp_path / "ut", ("xlsx", "docx"), Masker())
    assert sorted(p.suffix for p in written) == [".docx", ".xlsx"]
    assert calls == {"overview": 1, "goals": 1, "financing": 1}


def test_only_the_word_summarys_tables_are_computed_before_the_writers_fork(tmp_path, monkeypatch):
    """The workbook's other tables are computed by its writer, which runs in this process after the others
    have forked: a forked writer never holds a copy of them."""
    from toolkit.consolidate import _writers

    insats = INSATSER[0]
    paths = [write_workbook(tmp_path / f"{p.code}.xlsx", demo_report(insats, p)) for p in demo_periods(insats)[:2]]
    sel = consolidate(paths, workers=1, include_errors=True)
    calls = _counted(monkeypatch, "overview", "goals", "financing", "deltagare", "uppfoljning")
    (out := tmp_path / "ut").mkdir()
    jobs = _writers(sel, out, ("xlsx", "docx"), Masker())
    assert calls == {"overview": 1, "goals": 1, "financing": 1, "deltagare": 0, "uppfoljning": 0}
    jobs[0][1]()  # the workbook, written first (in this process)
    assert calls == {"overview": 1, "goals": 1, "financing": 1, "deltagare": 1, "uppfoljning": 1}
    assert jobs[0][0] == [out / "sammanstallning.xlsx"] and (out / "sammanstallning.xlsx").stat().st_size > 0


def test_table_rows_are_read_by_column_label():
    table = figures.Table("T", figures._cols("Namn|Antal:count"), [["a", 1], ["b", None]])
    assert table.records() == [{"Namn": "a", "Antal": 1}, {"Namn": "b", "Antal": None}]
    assert table.values("Antal") == [1, None]


def test_the_tidy_files_take_the_published_counts_from_the_one_consolidation(year, tmp_path, monkeypatch):
    calls = _counted(monkeypatch, "published", "uppfoljning")
    written = write_outputs(year, tmp_path, ("xlsx", "csv", "parquet"), Masker(5))
    assert [p.name for p in written] == ["sammanstallning.xlsx", "sammanstallning.csv", "uppfoljning-finsam.csv",
                                         "sammanstallning.parquet"]
    assert calls == {"published": 1, "uppfoljning": 1}


def _sheet(wb: Any, name: str, first: str) -> list[dict[str, Any]]:
    """A workbook sheet's rows below its header row (the row starting with `first`), keyed by header; no total."""
    rows = list(wb[name].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == first)
    return [dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r[0] not in (None, "Summa")]


def _tidy(row: dict[str, str]) -> Any:
    """A tidy row's figure as the workbook shows it: a number, or the text of a masked or bounded count."""
    return float(row["varde"]) if row["varde"] else row["visat"]


def _shown(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) else value


def _csv_value(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text or None


@pytest.mark.parametrize("masker", [Masker(), Masker(5)], ids=["exakt", "maskerad"])
def test_tidy_csv_and_workbook_agree_on_every_shared_figure(year, tmp_path, masker):
    workbook, tidy, uppfoljning = write_outputs(year, tmp_path, ("xlsx", "csv"), masker)
    wb = load_workbook(workbook)
    with open(tidy, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    combined = {(r["insats"], r["aktivitet"], r["matt"], r["grupp"]): _tidy(r) for r in rows
                if r["sammanstallt"] == "true"}
    per_report = {(r["insats"], r["period"], r["aktivitet"], r["matt"], r["grupp"]): _tidy(r) for r in rows
                  if r["sammanstallt"] == "false"}
    compared = 0
    # Översikt: each insats's participants, flows and budget over the selection
    overview = (("Deltagare", "inskrivna", "antal"), ("Kvinnor", "inskrivna", "kvinnor"), ("Män", "inskrivna", "man"),
                ("Under 30 år", "inskrivna", "under_30"), ("Avslutade", "avslutade", "antal"),
                ("Går vidare", "gar_vidare", "antal"))
    for row in _sheet(wb, "Översikt", "Förbund"):
        insats = csv_text(row["Insats"])
        for label, matt, grupp in overview:
            assert combined.get((insats, ALLA, matt, grupp)) == _shown(row[label]), (insats, label)
        assert combined[(insats, "", "budget_insats", "")] == row["Budget"]
        compared += len(overview) + 1
    # Deltagare: every summed report's tallies per aktivitet and row
    by_label = {label: key for key, label in tally_rows().items()}
    for row in _sheet(wb, "Deltagare", "Förbund"):
        for grupp, label in TALLY_COLUMNS.items():
            key = (csv_text(row["Insats"]), row["Period"], csv_text(row["Aktivitet"]), by_label[row["Rad"]], grupp)
            assert per_report.get(key) == _shown(row[label]), key
            compared += 1
    # Avslut (left out under masking): exit reasons and remittenter of every summed report
    kinds = {"Avslutsanledning": ("avslutsanledning", AVSLUTSANLEDNINGAR), "Remittent": ("remittent", REMITTENTER)}
    for row in _sheet(wb, "Avslut", "Förbund"):
        matt, labels = kinds[row["Slag"]]
        grupp = next(key for key, label in labels.items() if label == row["Kategori"])
        assert per_report[(csv_text(row["Insats"]), row["Period"], ALLA, matt, grupp)] == _shown(row["Antal"])
        compared += 1
    # Ekonomi: budget and prognos per insats and line
    for row in _sheet(wb, "Ekonomi", "Förbund"):
        if row["Kategori"] == EJ_FORDELAT:
            continue
        for label, matt in (("Budget", "budget"), ("Prognos", "prognos")):
            key = (csv_text(row["Insats"]), "", matt, csv_text(row["Kategori"]))
            assert combined.get(key) == _shown(row[label]), key
            compared += 1
    # Uppföljning Finsam: the CSV holds the sheet's rows, value for value
    with open(uppfoljning, encoding="utf-8", newline="") as fh:
        registered = list(csv.DictReader(fh))
    sheet = _sheet(wb, "Uppföljning Finsam", "insats")
    assert len(registered) == len(sheet) == len(year.insatser)
    for csv_row, sheet_row in zip(registered, sheet):
        assert {k: _csv_value(v) for k, v in csv_row.items()} == {
            k: _shown(csv_text(v) if isinstance(v, str) else v) for k, v in sheet_row.items()}
        compared += len(csv_row)
    assert compared > (150 if masker.active else 250)
