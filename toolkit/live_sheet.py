"""Write the live checks (`checks.live`) into a built insats workbook, so it checks itself without Python.

On the hidden Mall sheet, right of the drop-down lists: the model's value of each numeric input
(`VALUES_COLUMN`), and one row per live check (`TABLE`): its TRUE/FALSE flag, severity, code,
Swedish message, link and place, and a running count of failing checks. From that table come
conditional formatting on the input cells (red for an error, orange for a warning), a compact live
list on Kontroll (right of the rows Kontrollera writes), the defined names `antal_fel` and
`antal_varningar`, and the status at the top of Uppgifter.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from .a1 import column_letter, coordinates
from .checks.live import CELL_CODES, Instance, Values, clean, live_instances, numeric_fields
from .checks.render import SEVERITY_LABEL, link_location
from .colours import MARK_TEXT, MARKS
from .findings import FEL, Finding
from .layout import KONTROLL, KONTROLL_HEADER_ROW, MALL, UPPGIFTER, Field
from .workbook import FONT_NAME, FONTS, HEADER_FILL

#: Columns of the table on Mall: flag, severity, code, message, link, place, running count.
TABLE = ("flagga", "allvarlighet", "kod", "meddelande", "länk", "plats", "löpnummer")
TABLE_FIRST_COLUMN = 11  # K
TABLE_FIRST_ROW = 3
VALUES_COLUMN = 20  # T: the model's values, with the field names in S
#: The live list on Kontroll: columns J.. (Allvarlighet, Cell, Meddelande) and how many rows it shows.
LIST_FIRST_COLUMN = 10
LIST_ROWS = 60
STATUS = (UPPGIFTER, "C1")
ERRORS_NAME, WARNINGS_NAME = "antal_fel", "antal_varningar"


def _col(offset: int) -> str:
    return column_letter(TABLE_FIRST_COLUMN + offset)


def _cells_of(ref: str) -> list[str]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = coordinates(first), coordinates(last or first)
    return [f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _values(wb: Workbook) -> Values:
    """Write each numeric field's model value into the values column; references to them."""
    ws = wb[MALL]
    refs: dict[str, str] = {}
    letter = column_letter(VALUES_COLUMN)
    ws[f"{column_letter(VALUES_COLUMN - 1)}{TABLE_FIRST_ROW - 1}"] = "Fältets värde som Kontrollera läser det"
    for row, f in enumerate(numeric_fields(), TABLE_FIRST_ROW):
        ws.cell(row, VALUES_COLUMN - 1, f.name)
        ws.cell(row, VALUES_COLUMN, "=" + clean(f))
        refs[f.name] = f"${letter}${row}"
    next_row = TABLE_FIRST_ROW + len(refs)

    def helper(label: str, formula: str) -> str:
        nonlocal next_row
        ws.cell(next_row, VALUES_COLUMN - 1, label)
        ws.cell(next_row, VALUES_COLUMN, f"=IFERROR({formula},\"\")")
        next_row += 1
        return f"${letter}${next_row - 1}"

    return Values(refs, helper)


def add_live_checks(wb: Workbook, list_range: Callable[[Field], str]) -> list[Instance]:
    """Write the table, the marks, the live list, the counts and the status; return the instances in table order."""
    instances = live_instances(list_range, _values(wb))
    ws = wb[MALL]
    flag, severity, count = _col(0), _col(1), _col(6)
    faults: dict[tuple[str, str], list[str]] = defaultdict(list)  # cell -> flags of its cell-level checks
    for row, inst in enumerate(instances, TABLE_FIRST_ROW):
        if inst.code in CELL_CODES:
            faults[(inst.sheet, inst.cell)].append(f"${flag}${row}")
    for i, name in enumerate(TABLE):
        ws[f"{_col(i)}{TABLE_FIRST_ROW - 1}"] = name
    ws[f"{count}{TABLE_FIRST_ROW - 1}"] = 0  # the running count starts here
    for row, inst in enumerate(instances, TABLE_FIRST_ROW):
        formula = inst.formula
        unusable = [ref for cell in _cells_of(inst.cell) for ref in faults.get((inst.sheet, cell), [])]
        if inst.code not in CELL_CODES and unusable:  # as check_parsed: no rule over a cell it cannot use
            formula = f"AND(NOT(OR({','.join(unusable)})),{formula})"
        ws[f"{flag}{row}"] = f"=IFERROR({formula},FALSE)"
        place = Finding(inst.code, inst.message, inst.severity, sheet=inst.sheet, cell=inst.cell)
        for offset, text in enumerate((SEVERITY_LABEL[inst.severity], inst.code, inst.message,
                                       "#" + link_location(place), place.place), 1):
            ws[f"{_col(offset)}{row}"] = text
        ws[f"{count}{row}"] = f"={count}{row - 1}+IF({flag}{row},1,0)"
    last = TABLE_FIRST_ROW + len(instances) - 1
    table = f"{MALL}!${flag}${TABLE_FIRST_ROW}:${flag}${last}"
    severities = f"{MALL}!${severity}${TABLE_FIRST_ROW}:${severity}${last}"
    for name, label in ((ERRORS_NAME, SEVERITY_LABEL[FEL]), (WARNINGS_NAME, SEVERITY_LABEL["varning"])):
        wb.defined_names[name] = DefinedName(name, attr_text=f'SUMPRODUCT(--({table}),--({severities}="{label}"))')
    _marks(wb, instances, flag)
    _live_list(wb, len(instances))
    _status(wb)
    return instances


def _marks(wb: Workbook, instances: list[Instance], flag: str) -> None:
    """Conditional formatting: each input cell red while an error names it, else orange while a warning does."""
    by_cell: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row, inst in enumerate(instances, TABLE_FIRST_ROW):
        for cell in _cells_of(inst.cell):
            by_cell[(inst.sheet, cell)][inst.severity].append(f"{MALL}!${flag}${row}")
    for (sheet, cell), flags in by_cell.items():
        for severity in (FEL, "varning"):  # the error rule first, and it stops the warning's
            if flags.get(severity):
                fill = PatternFill("solid", fgColor=MARKS[severity], bgColor=MARKS[severity])
                wb[sheet].conditional_formatting.add(cell, FormulaRule(
                    formula=[f"OR({','.join(flags[severity])})"], fill=fill,
                    font=Font(name=FONT_NAME, color=MARK_TEXT[severity]), stopIfTrue=True))


def _live_list(wb: Workbook, size: int) -> None:
    """On Kontroll, right of Kontrollera's rows: the failing checks, one per row, each linked to its cell."""
    ws = wb[KONTROLL]
    first = KONTROLL_HEADER_ROW + 1

    def table(offset: int) -> str:
        letter = _col(offset)
        return f"{MALL}!${letter}${TABLE_FIRST_ROW}:${letter}${TABLE_FIRST_ROW + size - 1}"

    sev, place, msg = (column_letter(LIST_FIRST_COLUMN + i) for i in range(3))
    ws[f"{sev}1"] = "Kontroll medan du skriver (utan Python)"
    ws[f"{sev}1"].font = FONTS["heading"]
    for row, (label, name) in enumerate((("Fel", ERRORS_NAME), ("Varningar", WARNINGS_NAME)), 2):
        ws[f"{sev}{row}"], ws[f"{place}{row}"] = label, f"={name}"
        ws[f"{sev}{row}"].font = ws[f"{place}{row}"].font = FONTS["label"]
    for letter, title in ((sev, "Allvarlighet"), (place, "Cell"), (msg, "Meddelande")):
        header = ws[f"{letter}{KONTROLL_HEADER_ROW}"]
        header.value, header.font, header.fill = title, FONTS["header"], HEADER_FILL
    for k in range(1, LIST_ROWS + 1):
        row = first + k - 1
        hit = f"MATCH({k},{table(6)},0)"
        ws[f"{sev}{row}"] = f'=IFERROR(INDEX({table(1)},{hit}),"")'
        ws[f"{place}{row}"] = f'=IFERROR(HYPERLINK(INDEX({table(4)},{hit}),INDEX({table(5)},{hit})),"")'
        ws[f"{msg}{row}"] = f'=IFERROR(INDEX({table(3)},{hit}),"")'
        ws[f"{msg}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws[f"{msg}{first + LIST_ROWS}"] = (f'=IF({ERRORS_NAME}+{WARNINGS_NAME}>{LIST_ROWS},"… och "&'
                                       f'({ERRORS_NAME}+{WARNINGS_NAME}-{LIST_ROWS})&" till","")')
    for letter, width in ((sev, 13), (place, 16), (msg, 70)):
        ws.column_dimensions[letter].width = width


def _status(wb: Workbook) -> None:
    """At the top of Uppgifter: "Inga fel hittade" or "3 fel – se bladet Kontroll"."""
    fel, var = ERRORS_NAME, WARNINGS_NAME
    counts = (f'IF({fel}>0,{fel}&" fel","")&IF(AND({fel}>0,{var}>0)," och ","")'
              f'&IF({var}>0,{var}&IF({var}=1," varning"," varningar"),"")')
    cell = wb[STATUS[0]][STATUS[1]]
    cell.value = f'=IF({fel}+{var}=0,"Inga fel hittade",{counts}&" – se bladet Kontroll")'
    cell.font = FONTS["heading"]
