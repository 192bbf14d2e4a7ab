"""Renderings of findings for people: the Kontroll sheet's rows and status, a terminal table, a summary.

The same rows go into the Kontroll sheet whether it is written by openpyxl (`finsam check --annotate`)
or by the Excel button through xlwings. JSON is `CheckReport.to_json()`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..findings import FEL, CheckReport, Finding
from ..layout import KONTROLL, KONTROLL_HEADER_ROW, layout
from ..swedish import number

if TYPE_CHECKING:
    from rich.console import RenderableType

SEVERITY_LABEL = {"fel": "Fel", "varning": "Varning"}
_SEVERITY_STYLE = {"fel": "bold red", "varning": "yellow"}


def _kontroll_header() -> list[tuple[str, str]]:
    """(cell, title) of the Kontroll sheet's header, in column order, as the layout declares it."""
    heads = [lab for lab in layout().labels
             if lab.sheet == KONTROLL and lab.style == "header" and lab.cell.endswith(str(KONTROLL_HEADER_ROW))
             and lab.cell[:-len(str(KONTROLL_HEADER_ROW))].isalpha()]
    return [(lab.cell, lab.text) for lab in sorted(heads, key=lambda lab: (len(lab.cell), lab.cell))]


#: Allvarlighet, Kod, Blad, Cell, Meddelande, Förväntat, Faktiskt.
KONTROLL_COLUMNS: tuple[str, ...] = tuple(title for _, title in _kontroll_header())
#: The column letter of the first one ("B"): rows of findings start below the header there.
KONTROLL_FIRST_COLUMN: str = _kontroll_header()[0][0][:-len(str(KONTROLL_HEADER_ROW))]


def shown(value: Any) -> str:
    """A finding's expected or actual value as Swedish text ("" when absent)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, (datetime, date)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        if value.is_integer():
            return number(value)
        return number(value, 2 if abs(value) >= 1 else 4).rstrip("0").rstrip(",")
    return str(value)


def link_location(item: Finding) -> str:
    """Where a finding's hyperlink points, as Excel writes it: 'Deltagare'!C20 or 'Deltagare'!C20:E20."""
    sheet = item.sheet.replace("'", "''") if item.sheet else ""
    return f"'{sheet}'!{item.cell}"


def kontroll_row(item: Finding) -> list[str]:
    """One finding as the values of the Kontroll sheet's columns."""
    return [SEVERITY_LABEL.get(item.severity, item.severity), item.code, item.sheet or "", item.cell or "",
            item.message, shown(item.expected), shown(item.actual)]


def kontroll_rows(findings: Sequence[Finding]) -> list[list[str]]:
    """Rows for the Kontroll sheet: errors first, then warnings, each in the order found."""
    ordered = sorted(findings, key=lambda f: f.severity != FEL)
    return [kontroll_row(f) for f in ordered]


def _counts(errors: int, warnings: int) -> str:
    return f"{errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'}"


def status_text(findings: Sequence[Finding], when: datetime) -> str:
    """The Kontroll sheet's status line: "3 fel, 1 varning – kontrollerad 2026-11-23 14:05"."""
    errors = sum(1 for f in findings if f.severity == FEL)
    warnings = len(findings) - errors
    head = _counts(errors, warnings) if findings else "Inga fel eller varningar"
    return f"{head} – kontrollerad {when:%Y-%m-%d %H:%M}"


def summary_line(report: CheckReport) -> str:
    """"14 filer kontrollerade: 3 fel, 2 varningar." (one line for the terminal)."""
    files = len(report.files)
    noun = "fil kontrollerad" if files == 1 else "filer kontrollerade"
    if not report.findings:
        return f"{files} {noun}: inga fel eller varningar."
    return f"{files} {noun}: {_counts(len(report.errors), len(report.warnings))}."


def _file_order(report: CheckReport) -> list[str | None]:
    order: list[str | None] = list(dict.fromkeys(report.files))
    for f in report.findings:
        if f.file not in order:
            order.append(f.file)
    return order


def _display(name: str) -> str:
    """A file as the user would type it: relative to the working folder when below it."""
    try:
        return str(Path(name).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return name


def render_table(report: CheckReport) -> RenderableType:
    """The findings grouped by file: the file's name, then a table of place, severity and message.

    Files without findings are left out; the summary line counts them.
    """
    from rich import box  # rich only here: a clean check prints the summary line alone
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    by_file: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    if not by_file:
        return Text("Inga fel eller varningar hittades.", style="green")
    parts: list[RenderableType] = []
    for name in (n for n in _file_order(report) if n in by_file):
        parts.append(Text(_display(name) if name else "(utan fil)", style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("Plats", no_wrap=True)
        table.add_column("Allvarlighet", no_wrap=True)
        table.add_column("Meddelande", ratio=1, overflow="fold")
        for item in sorted(by_file[name], key=lambda f: f.severity != FEL):
            severity = Text(SEVERITY_LABEL.get(item.severity, item.severity),
                            style=_SEVERITY_STYLE.get(item.severity, ""))
            table.add_row(item.place or "–", severity, Text.assemble(item.message, (f" [{item.code}]", "dim")))
        parts.append(table)
    return Group(*parts)
