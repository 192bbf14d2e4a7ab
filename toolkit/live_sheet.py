"""Write the live checks (`checks.live`) into a built insats workbook, so it checks itself without Python.

A hidden sheet of their own (`LIVE_SHEET`, never read by the readers) holds one row per live check
(`TABLE`: its TRUE/FALSE flag, severity, code, Swedish message, link, place and a running count of
failing checks) and, beside it, the model's value of each numeric input. From that table come
conditional formatting on the input cells (red for an error, orange for a warning), a compact live
list on Kontroll (right of the rows Kontrollera writes), the defined names `antal_fel` and
`antal_varningar`, and the status at the top of Uppgifter. The table is the same for every
workbook, so it is planned once and only written per build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Callable

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.defined_name import DefinedName

from .a1 import column_letter, coordinates
from .checks.live import Instance, Values, clean, live_instances, numeric_fields
from .checks.render import SEVERITY_LABEL, link_location
from .colours import MARK_TEXT, MARKS
from .findings import CELL_CODES, FEL, VARNING, Finding
from .layout import KONTROLL, KONTROLL_HEADER_ROW, UPPGIFTER, Field
from .workbook import FONT_NAME, FONTS, HEADER_FILL

#: The hidden sheet of the live checks (not one of the template's SHEETS: nothing reads it back).
LIVE_SHEET = "Kontrollregler"
#: Columns of the table: flag, severity, code, message, link, place, running count.
TABLE = ("flagga", "allvarlighet", "kod", "meddelande", "länk", "plats", "löpnummer")
TABLE_FIRST_ROW = 3
VALUES_COLUMN = len(TABLE) + 3  # J: the model's values, with the field names in I
#: The live list on Kontroll: columns J.. (Allvarlighet, Cell, Meddelande) and how many rows it shows.
LIST_FIRST_COLUMN = 10
LIST_ROWS = 60
STATUS = (UPPGIFTER, "C1")
ERRORS_NAME, WARNINGS_NAME = "antal_fel", "antal_varningar"


def _col(offset: int) -> str:
    return column_letter(1 + offset)


def cells_of(ref: str) -> list[str]:
    """Every cell of "C20" or "C20:E20"."""
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = coordinates(first), coordinates(last or first)
    return [f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


@dataclass(frozen=True)
class Plan:
    """Everything written, by cell of the live sheet, and the conditional formats by input cell."""

    cells: tuple[tuple[int, int, object], ...]  # (row, column, value) on LIVE_SHEET
    instances: tuple[Instance, ...]
    marks: tuple[tuple[str, str, str, str], ...]  # (sheet, cell, severity, formula)


@cache
def plan(list_range: Callable[[Field], str]) -> Plan:
    """The live sheet's content: values, helper cells and one row per check, guarded as `check_parsed` is."""
    cells: list[tuple[int, int, object]] = [(TABLE_FIRST_ROW - 2, VALUES_COLUMN, "värde som Kontrollera läser det")]
    letter = column_letter(VALUES_COLUMN)
    refs: dict[str, str] = {}
    row = TABLE_FIRST_ROW
    for f in numeric_fields():
        cells += [(row, VALUES_COLUMN - 1, f.name), (row, VALUES_COLUMN, "=" + clean(f))]
        refs[f.name] = f"${letter}${row}"
        row += 1

    def helper(label: str, formula: str) -> str:
        nonlocal row
        cells.extend([(row, VALUES_COLUMN - 1, label), (row, VALUES_COLUMN, f'=IFERROR({formula},"")')])
        row += 1
        return f"${letter}${row - 1}"

    instances = tuple(live_instances(list_range, Values(refs, helper)))
    flag, count = _col(0), _col(TABLE.index("löpnummer"))
    faults: dict[tuple[str, str], list[str]] = defaultdict(list)  # cell -> flags of its cell-level checks
    for r, inst in enumerate(instances, TABLE_FIRST_ROW):
        if inst.code in CELL_CODES:
            faults[(inst.sheet, inst.cell)].append(f"${flag}${r}")
    cells += [(TABLE_FIRST_ROW - 2, 1 + i, name) for i, name in enumerate(TABLE)]
    cells.append((TABLE_FIRST_ROW - 1, len(TABLE), 0))  # the running count starts from 0
    by_cell: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r, inst in enumerate(instances, TABLE_FIRST_ROW):
        formula = inst.formula
        unusable = [ref for cell in cells_of(inst.cell) for ref in faults.get((inst.sheet, cell), [])]
        if inst.code not in CELL_CODES and unusable:  # as check_parsed: no rule over a cell it cannot use
            formula = f"AND(NOT(OR({','.join(unusable)})),{formula})"
        place = Finding(inst.code, inst.message, inst.severity, sheet=inst.sheet, cell=inst.cell)
        cells += [(r, 1, f"=IFERROR({formula},FALSE)"), (r, 2, SEVERITY_LABEL[inst.severity]), (r, 3, inst.code),
                  (r, 4, inst.message), (r, 5, "#" + link_location(place)), (r, 6, place.place),
                  (r, 7, f"={count}{r - 1}+IF({flag}{r},1,0)")]
        for cell in cells_of(inst.cell):
            by_cell[(inst.sheet, cell)][inst.severity].append(f"{LIVE_SHEET}!${flag}${r}")
    marks = tuple((sheet, cell, severity, f"OR({','.join(flags[severity])})")
                  for (sheet, cell), flags in by_cell.items() for severity in (FEL, VARNING) if flags.get(severity))
    return Plan(tuple(cells), instances, marks)


def add_live_checks(wb: Workbook, list_range: Callable[[Field], str]) -> None:
    """Write the live sheet, the marks, the live list, the counts and the status into a built workbook."""
    p = plan(list_range)
    ws = wb.create_sheet(LIVE_SHEET)
    for row, column, value in p.cells:
        ws.cell(row, column, value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    ws.page_setup.paperSize, ws.page_setup.fitToWidth = ws.PAPERSIZE_A4, 1  # as every sheet, though never printed
    last = TABLE_FIRST_ROW + len(p.instances) - 1
    flags = f"{LIVE_SHEET}!$A${TABLE_FIRST_ROW}:$A${last}"
    severities = f"{LIVE_SHEET}!$B${TABLE_FIRST_ROW}:$B${last}"
    for name, label in ((ERRORS_NAME, SEVERITY_LABEL[FEL]), (WARNINGS_NAME, SEVERITY_LABEL[VARNING])):
        wb.defined_names[name] = DefinedName(name, attr_text=f'SUMPRODUCT(--({flags}),--({severities}="{label}"))')
    styles = {severity: DifferentialStyle(fill=PatternFill("solid", fgColor=rgb, bgColor=rgb),
                                          font=Font(name=FONT_NAME, color=MARK_TEXT[severity]))
              for severity, rgb in MARKS.items()}
    for sheet, cell, severity, formula in p.marks:  # per cell the error rule comes first and stops the warning's
        wb[sheet].conditional_formatting.add(cell, Rule(type="expression", formula=[formula], dxf=styles[severity],
                                                        stopIfTrue=True))
    _live_list(wb, len(p.instances))
    _status(wb)


def _live_list(wb: Workbook, size: int) -> None:
    """On Kontroll, right of Kontrollera's rows: the counts, then the failing checks, each linked to its cell."""
    ws = wb[KONTROLL]
    first = KONTROLL_HEADER_ROW + 1

    def table(offset: int) -> str:
        letter = _col(offset)
        return f"{LIVE_SHEET}!${letter}${TABLE_FIRST_ROW}:${letter}${TABLE_FIRST_ROW + size - 1}"

    sev, place, msg = LIST_FIRST_COLUMN, LIST_FIRST_COLUMN + 1, LIST_FIRST_COLUMN + 2
    ws.cell(1, sev, "Kontroll medan du skriver (utan Python)").font = FONTS["heading"]
    for row, (label, name) in enumerate((("Fel", ERRORS_NAME), ("Varningar", WARNINGS_NAME)), 2):
        ws.cell(row, sev, label).font = FONTS["label"]
        ws.cell(row, place, f"={name}").font = FONTS["label"]
    for column, title in ((sev, "Allvarlighet"), (place, "Cell"), (msg, "Meddelande")):
        header = ws.cell(KONTROLL_HEADER_ROW, column, title)
        header.font, header.fill = FONTS["header"], HEADER_FILL
    wrap = Alignment(wrap_text=True, vertical="top")
    for k in range(1, LIST_ROWS + 1):
        row, hit = first + k - 1, f"MATCH({k},{table(TABLE.index('löpnummer'))},0)"
        ws.cell(row, sev, f'=IFERROR(INDEX({table(1)},{hit}),"")')
        ws.cell(row, place, f'=IFERROR(HYPERLINK(INDEX({table(4)},{hit}),INDEX({table(5)},{hit})),"")')
        ws.cell(row, msg, f'=IFERROR(INDEX({table(3)},{hit}),"")').alignment = wrap
    total = f"{ERRORS_NAME}+{WARNINGS_NAME}"
    ws.cell(first + LIST_ROWS, msg, f'=IF({total}>{LIST_ROWS},"… och "&({total}-{LIST_ROWS})&" till","")')
    for column, width in ((sev, 13), (place, 16), (msg, 70)):
        ws.column_dimensions[column_letter(column)].width = width


def _status(wb: Workbook) -> None:
    """At the top of Uppgifter: "Inga fel hittade" or "3 fel – se bladet Kontroll"."""
    fel, var = ERRORS_NAME, WARNINGS_NAME
    counts = (f'IF({fel}>0,{fel}&" fel","")&IF(AND({fel}>0,{var}>0)," och ","")'
              f'&IF({var}>0,{var}&IF({var}=1," varning"," varningar"),"")')
    cell = wb[STATUS[0]][STATUS[1]]
    cell.value = f'=IF({fel}+{var}=0,"Inga fel hittade",{counts}&" – se bladet Kontroll")'
    cell.font = FONTS["heading"]
