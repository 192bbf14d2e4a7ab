"""Write a checked COPY of a workbook: the Kontroll sheet filled in, each finding linked to its cell,
and the faulty cells highlighted with a comment. The input file is only read, never written.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Sequence

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink

from ..colours import MARK_TEXT, MARKS
from ..errors import FinsamError
from ..findings import FEL, Finding
from ..layout import KONTROLL, KONTROLL_HEADER_ROW, KONTROLL_STATUS
from ..safe_output import AUTHOR, set_value, xml_text
from ..workbook import FONT_NAME, save_workbook
from .marks import mark_plan
from .render import KONTROLL_COLUMNS, KONTROLL_FIRST_COLUMN, kontroll_rows, link_location, status_text

FILLS = {severity: PatternFill("solid", fgColor=rgb) for severity, rgb in MARKS.items()}
FONTS = {severity: Font(name=FONT_NAME, bold=True, color=rgb) for severity, rgb in MARK_TEXT.items()}
LINK_FONT = Font(name=FONT_NAME, color="0563C1", underline="single")
_CELL_COLUMN = KONTROLL_COLUMNS.index("Cell")
_SEVERITY_COLUMN = KONTROLL_COLUMNS.index("Allvarlighet")
_MESSAGE_COLUMN = KONTROLL_COLUMNS.index("Meddelande")


def annotate_workbook(source: str | os.PathLike, findings: Sequence[Finding], out: str | os.PathLike,
                      when: datetime | None = None) -> Path:
    """Write a copy of `source` at `out` with the findings in its Kontroll sheet and at their cells."""
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise FinsamError("Kopian kan inte skrivas över originalet. Ange ett annat filnamn.", file=str(out))
    keep_vba = source.suffix.lower() == ".xlsm"
    if out.suffix.lower() != source.suffix.lower():
        raise FinsamError(f"Kopian ska ha samma filändelse som originalet ({source.suffix}).", file=str(out))
    try:
        wb = load_workbook(source, keep_vba=keep_vba)
    except Exception as exc:  # openpyxl raises many kinds for parts it cannot parse
        raise FinsamError(f"Arbetsboken kan inte öppnas för att skriva en kopia ({type(exc).__name__}).",
                          file=str(source)) from exc
    if KONTROLL not in wb.sheetnames:
        raise FinsamError(f"Bladet ”{KONTROLL}” saknas, så kontrollen kan inte skrivas in.", file=str(source))
    ordered = sorted(findings, key=lambda f: f.severity != FEL)
    _fill_kontroll(wb[KONTROLL], ordered, when or datetime.now())
    _mark_cells(wb, ordered)
    wb.properties.lastModifiedBy = AUTHOR  # so a later run may replace this copy (safe_output.made_by_toolkit)
    return save_workbook(wb, out)


def _fill_kontroll(ws, findings: Sequence[Finding], when: datetime) -> None:
    first = KONTROLL_HEADER_ROW + 1
    start = column_index_from_string(KONTROLL_FIRST_COLUMN)
    for row in ws.iter_rows(min_row=first, min_col=start, max_col=start + len(KONTROLL_COLUMNS) - 1):
        for cell in row:  # findings from an earlier check; the live list beside them stays
            cell.value, cell.hyperlink, cell.font = None, None, Font(name=FONT_NAME)
    ws[KONTROLL_STATUS[1]] = status_text(findings, when)
    for r, (item, values) in enumerate(zip(findings, kontroll_rows(findings)), first):
        for c, value in enumerate(values):
            cell = ws.cell(row=r, column=start + c)
            set_value(cell, value)  # input text quoted in a message stays text, never a formula
            cell.alignment = Alignment(wrap_text=c == _MESSAGE_COLUMN, vertical="top")
        ws.cell(row=r, column=start + _SEVERITY_COLUMN).font = FONTS.get(item.severity, Font())
        if item.sheet and item.cell:
            target = ws.cell(row=r, column=start + _CELL_COLUMN)
            target.hyperlink = Hyperlink(ref=target.coordinate, location=link_location(item),
                                         tooltip=f"Gå till {item.place}")
            target.font = LINK_FONT


def _mark_cells(wb, findings: Sequence[Finding]) -> None:
    """Paint the mark plan (`marks.py`): fills on the faulty cells, the messages in a comment on the first."""
    plan = mark_plan(findings, wb.sheetnames)
    for sheet, ref, severity in plan.fills:
        c1, r1, c2, r2 = range_boundaries(ref)
        for row in range(r1, r2 + 1):
            for col in range(c1, c2 + 1):
                wb[sheet].cell(row=row, column=col).fill = FILLS.get(severity, FILLS[FEL])
    for (sheet, cell), text in plan.notes.items():
        top = wb[sheet][cell]
        if top.comment is not None:  # a comment the workbook had
            text = f"{top.comment.text}\n\n{text}"
        lines = text.count("\n\n") + 1
        top.comment = Comment(xml_text(text), "finsam kontroll", width=320, height=min(600, 80 + 60 * lines))
