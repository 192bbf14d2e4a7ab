"""Write sammanstallning.xlsx with XlsxWriter: one sheet per table, Excel tables, Swedish formats, charts.

Up to `TABLE_CELLS` data cells every sheet is an Excel table (filterable, banded). Beyond that (a
national roll-up of thousands of workbooks) XlsxWriter's constant_memory mode streams each row to
disk as it is written, which Excel tables do not support, so the sheets get an autofilter on the
same range instead: still filterable, and memory stays flat however many files are consolidated.

Text from workbooks is always written with `write_string` (and the workbook is opened with
`strings_to_formulas` off), so "=SUMMA(…)" typed as an insats name stays text. Number formats use
Excel's locale-neutral codes, which Swedish Excel and LibreOffice show as "9 600 000 kr" and "93 %".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from ..report.charts import BUDGET, MEN, UTFALL, WOMEN
from ..textio import write_atomic
from .figures import Table
from .mask import Masker
from .xlsx_book import Book
from .xlsx_cells import FastSheet

FORMATS = {"count": "#,##0", "int": "0", "amount": '#,##0" kr"', "share": "0%", "date": "yyyy-mm-dd"}
WIDTH = {"count": 11, "int": 9, "amount": 15, "share": 10, "date": 11}
MAX_WIDTH = 60
#: Above this many data cells in all, rows are streamed (constant_memory) and sheets get autofilters.
TABLE_CELLS = 400_000
#: Rows looked at when fitting a text column's width.
SAMPLE_ROWS = 300
#: Insatser per chart: more are split over several charts, one per printed page.
CHART_ROWS = 20
#: Kontroll's long texts wrap within these widths.
WRAPPED = {"Meddelande": 70, "Förväntat": 18, "Faktiskt": 18}
TITLES = {
    "Översikt": "En rad per insats. Summaraden gäller förbundet.",
    "Ej medräknade": "Filer som lästes men inte räknades in, och varför.",
    "Kontroll": "Fel och varningar i filerna för sammanställningens period först; därefter, bara som "
                "upplysning, de i filer för andra perioder (de påverkar inte sammanställningen).",
    "Saknas": "Insatser i förbundets plan utan inräknad rapport för perioden, med kontakt att fråga.",
    "Inte i planen": "Insatser som räknades in men inte finns i förbundets plan.",
    "Uppföljning Finsam": "En rad per insats med det som förbundet registrerar i Uppföljning Finsam. Deltagare är "
                          "alla som varit inskrivna någon gång under tiden: pågående vid första periodens början "
                          "plus alla nya, aldrig summan av periodernas inskrivna. Kön anges inte för "
                          "strukturövergripande insatser.",
    "Finansiering": "Förbundets medel delas 50/25/25 mellan staten, regionen och kommunerna enligt lag; "
                    "parternas direkta medfinansiering läggs till respektive part.",
}


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook, excel_tables: bool):
        self.book = book
        self.excel_tables = excel_tables
        self.header_rows: dict[str, int] = {}
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        self.header = book.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78",
                                       "text_wrap": True, "border": 1, "border_color": "#BFBFBF"})
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.note = book.add_format({**base, "italic": True, "font_color": "#595959"})
        self.text = book.add_format(base)
        self.wrapped = book.add_format({**base, "text_wrap": True})
        self.masked = book.add_format({**base, "align": "right"})
        self.bold_text = book.add_format({**base, "bold": True})
        self.masked_bold = book.add_format({**base, "align": "right", "bold": True})
        self.num = {k: book.add_format({**base, "num_format": v}) for k, v in FORMATS.items()}
        self.num_bold = {k: book.add_format({**base, "num_format": v, "bold": True, "top": 1})
                         for k, v in FORMATS.items()}

    def cell(self, ws: Any, row: int, col: int, value: Any, kind: str, bold: bool = False) -> None:
        if value is None or value == "":
            ws.write_blank(row, col, None, self.bold_text if bold else self.text)
        elif isinstance(value, str):
            fmt = (self.masked_bold if bold else self.masked) if kind in FORMATS else (
                self.bold_text if bold else self.text)
            ws.write_string(row, col, value, fmt)
        elif isinstance(value, date):
            ws.write_datetime(row, col, value, (self.num_bold if bold else self.num)["date"])
        elif isinstance(value, bool):
            ws.write_string(row, col, "Ja" if value else "Nej", self.text)
        else:
            ws.write_number(row, col, value, (self.num_bold if bold else self.num).get(kind, self.text))

    def rows(self, ws: FastSheet, first: int, rows: list[list[Any]], kinds: list[str]) -> None:
        """The data rows: the hot loop of the writer, so formats are looked up once per column."""
        text = [self.masked if k in FORMATS else self.text for k in kinds]
        numbers = [self.num.get(k, self.text) for k in kinds]
        ws.write_rows(first, rows, text, numbers, self.num["date"],
                      lambda r, c, value: self.cell(ws, r, c, value, kinds[c]))

    def table(self, table: Table, heading: str, notes: list[str]) -> Any:
        ws = self.book.add_worksheet(table.name, worksheet_class=FastSheet)
        ws.write_string(0, 0, heading, self.title)
        lines = [TITLES.get(table.name, ""), *table.notes, *notes]
        first = 1
        for line in filter(None, lines):
            ws.write_string(first, 0, line, self.note)
            first += 1
        first += 1
        kinds = [c.kind for c in table.columns]
        self.header_rows[table.name] = first
        ws.set_row(first, 32)  # before the row is written: streamed rows cannot be changed afterwards
        for col, column in enumerate(table.columns):
            ws.write_string(first, col, column.label, self.header)
        self.rows(ws, first + 1, table.rows, kinds)
        last = first + len(table.rows)
        total = table.total
        if total is not None:
            last += 1
            for col, value in enumerate(total):
                self.cell(ws, last, col, value, kinds[col], bold=True)
        if self.excel_tables:
            self._excel_table(ws, table, first, last, kinds)
        else:
            ws.autofilter(first, 0, first + len(table.rows), len(table.columns) - 1)
        ws.freeze_panes(first + 1, 2 if kinds[:2] == ["text", "text"] else 0)
        for col, column in enumerate(table.columns):
            wrapped = table.name == "Kontroll" and column.label in WRAPPED
            ws.set_column(col, col, WRAPPED.get(column.label, 0) if wrapped else _width(table, col),
                          self.wrapped if wrapped else None)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        ws.repeat_rows(first)  # with the column headers on every page
        return ws


    def _excel_table(self, ws: Any, table: Table, first: int, last: int, kinds: list[str]) -> None:
        options: dict[str, Any] = {"columns": [{"header": c.label} for c in table.columns],
                                   "style": "Table Style Light 9", "autofilter": True,
                                   "name": f"Tabell{len(self.header_rows)}"}
        if table.total is not None:
            options["total_row"] = True
            options["columns"][0]["total_string"] = str(table.total[0])
        ws.add_table(first, 0, max(last, first + 1), len(table.columns) - 1, options)
        if table.total is not None:  # the table wrote a label only; write the computed totals over it
            for col, value in enumerate(table.total):
                self.cell(ws, last, col, value, kinds[col], bold=True)


def _width(table: Table, col: int) -> float:
    column = table.columns[col]
    longest = max((len(str(row[col])) for row in table.rows[:SAMPLE_ROWS] if isinstance(row[col], str)),
                  default=0)
    base = WIDTH.get(column.kind, 8)
    return min(MAX_WIDTH, max(base, longest + 2, min(len(column.label) + 2, 22)))


def _charts(book: xlsxwriter.Workbook, overview: Table, header_row: int) -> None:
    """Participants by kön and budget against utfall per insats, from the Översikt sheet: `CHART_ROWS`
    insatser a chart, every insats in some chart, each chart on a printed page of its own."""
    ws = book.add_worksheet("Diagram")
    count = len(overview.rows)
    if not count:
        ws.write_string(0, 0, "Inga insatser räknades in, så det finns inget att visa.")
        return
    if count > CHART_ROWS:
        ws.write_string(0, 0, f"Diagrammen visar {CHART_ROWS} insatser vardera, i samma ordning som Översikt.")
    labels = [c.label for c in overview.columns]
    first = header_row + 1
    row, breaks = 2, []
    for start in range(0, count, CHART_ROWS):
        shown = min(CHART_ROWS, count - start)
        top, bottom = first + start, first + start + shown - 1
        span = f" ({start + 1}–{start + shown} av {count})" if count > CHART_ROWS else ""
        names = ["Översikt", top, labels.index("Insats"), bottom, labels.index("Insats")]

        def series(chart: Any, label: str, color: str) -> None:
            col = labels.index(label)
            chart.add_series({"name": label, "categories": names, "values": ["Översikt", top, col, bottom, col],
                              "fill": {"color": color}})

        people = book.add_chart({"type": "bar", "subtype": "stacked"})
        series(people, "Kvinnor", WOMEN)
        series(people, "Män", MEN)
        people.set_title({"name": "Deltagare per insats och kön" + span})
        people.set_y_axis({"reverse": True})
        people.set_size({"width": 900, "height": 120 + 22 * shown})
        ws.insert_chart(row, 0, people)
        row += CHART_PAGE_ROWS
        breaks.append(row)
        money = book.add_chart({"type": "bar"})
        series(money, "Budget", BUDGET)
        series(money, "Utfall", UTFALL)
        money.set_title({"name": "Budget och utfall per insats" + span})
        money.set_y_axis({"reverse": True})
        money.set_x_axis({"num_format": '#,##0" kr"'})
        money.set_size({"width": 900, "height": 120 + 22 * shown})
        ws.insert_chart(row, 0, money)
        row += CHART_PAGE_ROWS
        breaks.append(row)
    ws.set_h_pagebreaks(breaks[:-1])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


#: Worksheet rows (20 px) a chart of `CHART_ROWS` insatser takes, with a margin: one printed page each.
CHART_PAGE_ROWS = 30


def write_xlsx(path: Path, tables: list[Table], heading: str, masker: Masker) -> Path:
    """Write the workbook atomically; the first table is Översikt, charts go on their own sheet."""
    notes = [masker.note()] if masker.active else []

    def write(tmp: Path) -> None:
        streamed = sum(len(t.rows) * len(t.columns) for t in tables) > TABLE_CELLS
        # Not streamed, the sheets' XML is kept in memory rather than in temporary files (a tenth of the time).
        book = Book(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                               "default_date_format": "yyyy-mm-dd", "constant_memory": streamed,
                               "in_memory": not streamed})
        writer = _Writer(book, excel_tables=not streamed)
        for table in tables:
            writer.table(table, f"{heading}: {table.name}", notes)
            if table.name == "Översikt":
                _charts(book, table, writer.header_rows[table.name])
        book.close()

    return write_atomic(path, write)
