"""Renderings of findings: Kontroll rows and status, the terminal table and the summary line."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console

from toolkit.checks.render import KONTROLL_COLUMNS, kontroll_rows, render_table, status_text, summary_line
from toolkit.findings import CheckReport, Finding
from toolkit.layout import KONTROLL, KONTROLL_HEADER_ROW
from toolkit.workbook import build_workbook

FEL = Finding("sum-kon", "Kvinnor + män stämmer inte.", "fel", "/m/a.xlsx", "Deltagare", "C20:E20", 40, 38)
VARNING = Finding("utfall-over-budget", "Utfallet är över budget.", "varning", "/m/a.xlsx", "Ekonomi", "E5",
                  1_500_000, 1_650_000.5)
FIL = Finding("trasig-fil", "Filen är skadad.", "fel", "/m/b.xlsx")
WHEN = datetime(2026, 11, 23, 14, 5)


def test_columns_are_the_kontroll_sheet_header():
    ws = build_workbook()[KONTROLL]
    header = [c.value for c in ws[KONTROLL_HEADER_ROW] if c.value is not None]
    assert list(KONTROLL_COLUMNS) == header[:len(KONTROLL_COLUMNS)]  # the live list's columns follow
    assert KONTROLL_COLUMNS == ("Allvarlighet", "Kod", "Blad", "Cell", "Meddelande", "Förväntat", "Faktiskt")


def test_kontroll_rows_errors_first_in_swedish():
    rows = kontroll_rows([VARNING, FEL, FIL])
    assert rows == [
        ["Fel", "sum-kon", "Deltagare", "C20:E20", "Kvinnor + män stämmer inte.", "40", "38"],
        ["Fel", "trasig-fil", "", "", "Filen är skadad.", "", ""],
        ["Varning", "utfall-over-budget", "Ekonomi", "E5", "Utfallet är över budget.", "1\u00a0500\u00a0000",
         "1\u00a0650\u00a0000,5"],
    ]
    assert all(len(row) == len(KONTROLL_COLUMNS) for row in rows)


def test_status_text():
    assert status_text([FEL, FIL, FEL, VARNING], WHEN) == "3 fel, 1 varning – kontrollerad 2026-11-23 14:05"
    assert status_text([VARNING, VARNING], WHEN) == "0 fel, 2 varningar – kontrollerad 2026-11-23 14:05"
    assert status_text([], WHEN) == "Inga fel eller varningar – kontrollerad 2026-11-23 14:05"


def test_summary_line():
    report = CheckReport([FEL, VARNING, FIL], ["/m/a.xlsx", "/m/b.xlsx", "/m/c.xlsx"])
    assert summary_line(report) == "3 filer kontrollerade: 2 fel, 1 varning."
    assert summary_line(CheckReport([], ["/m/a.xlsx"])) == "1 fil kontrollerad: inga fel eller varningar."


def _text(renderable) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_table_groups_by_file():
    report = CheckReport([FEL, FIL, VARNING], ["/m/a.xlsx", "/m/b.xlsx", "/m/c.xlsx"])
    text = _text(render_table(report))
    assert text.count("/m/a.xlsx") == 1 and text.count("/m/b.xlsx") == 1 and "/m/c.xlsx" not in text
    assert text.index("Deltagare!C20:E20") < text.index("Ekonomi!E5") < text.index("/m/b.xlsx")
    assert "Inga fel eller varningar" in _text(render_table(CheckReport([], ["/m/c.xlsx"])))
