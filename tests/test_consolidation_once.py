"""The consolidation computes its tables once and hands them to both writers (xlsx and docx)."""

from __future__ import annotations

from toolkit.consolidate import Masker, consolidate, figures, write_outputs
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.workbook import write_workbook


def test_tables_are_computed_once_for_the_workbook_and_the_word_summary(tmp_path, monkeypatch):
    insats = INSATSER[0]
    paths = [write_workbook(tmp_path / f"{p.code}.xlsx", demo_report(insats, p)) for p in demo_periods(insats)[:2]]
    sel = consolidate(paths, workers=1, include_errors=True)
    calls = {"overview": 0, "goals": 0, "financing": 0}
    for name in calls:
        original = getattr(figures, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(figures, name, counted)
    written = write_outputs(sel, tmp_path / "ut", ("xlsx", "docx"), Masker())
    assert sorted(p.suffix for p in written) == [".docx", ".xlsx"]
    assert calls == {"overview": 1, "goals": 1, "financing": 1}


def test_table_rows_are_read_by_column_label():
    table = figures.Table("T", figures._cols("Namn|Antal:count"), [["a", 1], ["b", None]])
    assert table.records() == [{"Namn": "a", "Antal": 1}, {"Namn": "b", "Antal": None}]
    assert table.values("Antal") == [1, None]
