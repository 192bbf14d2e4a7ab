"""The one declaration of the plan workbook (workbooks/forbundsplan.xlsx): sheets, inputs, formulas.

It uses the insats workbook's building blocks (`Field`, `Formula`, `Label`) and conventions: yellow
inputs under defined names, grey locked formulas, drop-down lists on the hidden sheet *Mall*.
"""

from __future__ import annotations

from functools import cache

from ..a1 import column_letter
from ..catalog import FORBUNDSKOSTNADER, INRIKTNINGAR, MAX_AKTIVITETER, MEDLEMMAR, PLANTEXTER, REPORT_TYPES
from ..layout import INTEGER, JA_NEJ, KRONOR, MALL, PERCENT1, Field, Formula, Label, Layout

FORBUND = "Förbund"
INSATSER = "Insatser"
TEXTER = "Texter"
SHEETS = (FORBUND, INSATSER, TEXTER, MALL)

#: The plan's version (hidden sheet) under its own defined name: it tells a plan from an insats workbook.
VERSION_NAME = "planversion"
VERSION_CELL = (MALL, "B1")

MAX_PLANINSATSER = 60
MAX_KOMMUNER = 20

#: Drop-down lists on the hidden sheet: name -> (column, values).
LISTS = {
    "rapporttyp": ("D", tuple(label for label, _ in REPORT_TYPES.values())),
    "inriktning": ("E", tuple(INRIKTNINGAR.values())),
    "esf": ("F", JA_NEJ),
}

#: Columns of the Insatser sheet: attribute -> (column, kind, header).
INSATS_COLUMNS: dict[str, tuple[str, str, str]] = {
    "namn": ("B", "text", "Insats *"),
    "huvudman": ("C", "text", "Huvudman *"),
    "inriktning": ("D", "choice", "Inriktning *"),
    "esf": ("E", "choice", "ESF"),
    "rapporttyp": ("F", "choice", "Rapporttyp *"),
    "budget": ("G", "amount", "Budget, kr *"),
    "budgeterat_antal_deltagare": ("H", "count", "Budgeterat antal deltagare"),
    "kontakt": ("I", "text", "Kontakt (e-post eller telefon)"),
    **{f"akt{a}": (column_letter(9 + a), "text", f"Aktivitet {a}") for a in range(1, MAX_AKTIVITETER + 1)},
}
#: Row-level required attributes of an insats (the header marks them with *).
REQUIRED = tuple(attr for attr, (_, _, header) in INSATS_COLUMNS.items() if header.endswith("*"))
TEXT_COLUMNS = {key: column_letter(3 + i) for i, key in enumerate(PLANTEXTER)}  # C..J
FIRST_ROW = 5
LAST_ROW = FIRST_ROW + MAX_PLANINSATSER - 1
SUM_ROW = LAST_ROW + 1

# Förbund sheet geometry.
MEMBER_ROWS = {"staten": 10, "region": 11}
KOMMUN_FIRST = 13
KOMMUN_SUM = KOMMUN_FIRST + MAX_KOMMUNER
MEDEL_SUM = KOMMUN_SUM + 1
COST_HEAD = MEDEL_SUM + 3
COST_ROWS = {key: COST_HEAD + 1 + i for i, key in enumerate(FORBUNDSKOSTNADER)}
COST_SUM = COST_HEAD + 1 + len(FORBUNDSKOSTNADER)


def insats_name(n: int, attr: str) -> str:
    """Defined name of one insats's input, e.g. `insats3_budget` (n counts from 1)."""
    return f"insats{n}_{attr}"


def kommun_name(i: int, attr: str) -> str:
    return f"kommun{i}_{attr}"


def _forbund() -> tuple[list[Field], list[Formula], list[Label]]:
    s = FORBUND
    labels = [Label(s, "B1", "Verksamhetsplan och budget", "title"),
              Label(s, "B2", "Fyll i de gula cellerna. Grå celler räknas ut automatiskt.", "note"),
              Label(s, "B4", "Samordningsförbund *"), Label(s, "B5", "År *"),
              Label(s, "B6", "Eget kapital vid årets början"),
              Label(s, "B8", "Medlemmarnas tilldelade medel", "heading"),
              Label(s, "B9", "Medlem", "header"), Label(s, "C9", "Belopp, kr", "header"),
              Label(s, "D9", "Andel", "header"), Label(s, "E9", "Lagens andel", "header")]
    fields = [Field("forbund", s, "C4", "text", "Samordningsförbund", required=True),
              Field("ar", s, "C5", "count", "År", required=True, prompt="Året som planen gäller, t.ex. 2025."),
              Field("eget_kapital", s, "C6", "amount", "Eget kapital")]
    formulas: list[Formula] = []
    share_rows = {**MEMBER_ROWS, "kommuner": KOMMUN_SUM}
    for key, line in MEMBER_ROWS.items():
        labels.append(Label(s, f"B{line}", MEDLEMMAR[key][0]))
        fields.append(Field(f"medlem_{key}", s, f"C{line}", "amount", f"Tilldelade medel: {MEDLEMMAR[key][0]}"))
    labels.append(Label(s, f"B{KOMMUN_FIRST - 1}", "Kommunerna (namn och belopp)", "heading"))
    for i in range(1, MAX_KOMMUNER + 1):
        line = KOMMUN_FIRST + i - 1
        fields += [Field(kommun_name(i, "namn"), s, f"B{line}", "text", f"Kommun {i}: namn"),
                   Field(kommun_name(i, "belopp"), s, f"C{line}", "amount", f"Kommun {i}: tilldelade medel")]
    labels += [Label(s, f"B{KOMMUN_SUM}", MEDLEMMAR["kommuner"][0] + " tillsammans"),
               Label(s, f"B{MEDEL_SUM}", "Summa tilldelade medel")]
    formulas.append(Formula(s, f"C{KOMMUN_SUM}", f"=SUM(C{KOMMUN_FIRST}:C{KOMMUN_SUM - 1})", KRONOR,
                            "summa_kommuner"))
    formulas.append(Formula(s, f"C{MEDEL_SUM}", "=" + "+".join(f"C{r}" for r in share_rows.values()), KRONOR,
                            "summa_tilldelade_medel"))
    for key, line in share_rows.items():
        formulas += [Formula(s, f"D{line}", f'=IF(N(C{MEDEL_SUM})>0,C{line}/C{MEDEL_SUM},"")', PERCENT1),
                     Formula(s, f"E{line}", f"={MEDLEMMAR[key][1]}", PERCENT1)]
    labels += [Label(s, f"B{COST_HEAD - 1}", "Förbundets egna kostnader", "heading"),
               Label(s, f"B{COST_HEAD}", "Kostnad", "header"), Label(s, f"C{COST_HEAD}", "Budget, kr", "header"),
               Label(s, f"D{COST_HEAD}", "Utfall, kr", "header")]
    for key, line in COST_ROWS.items():
        labels.append(Label(s, f"B{line}", FORBUNDSKOSTNADER[key]))
        fields += [Field(f"kostnad_{key}_budget", s, f"C{line}", "amount", f"{FORBUNDSKOSTNADER[key]}: budget"),
                   Field(f"kostnad_{key}_utfall", s, f"D{line}", "amount", f"{FORBUNDSKOSTNADER[key]}: utfall",
                         prompt="Lämna tomt tills utfallet är känt.")]
    first, last = COST_HEAD + 1, COST_SUM - 1
    labels += [Label(s, f"B{COST_SUM}", "Summa egna kostnader"),
               Label(s, f"B{COST_SUM + 1}", "Insatsernas budget (bladet Insatser)"),
               Label(s, f"B{COST_SUM + 2}", "Total budget"),
               Label(s, f"B{COST_SUM + 3}", "Tilldelade medel minus total budget")]
    formulas += [
        Formula(s, f"C{COST_SUM}", f"=SUM(C{first}:C{last})", KRONOR, "summa_egna_kostnader"),
        Formula(s, f"D{COST_SUM}", f'=IF(COUNT(D{first}:D{last})=0,"",SUM(D{first}:D{last}))', KRONOR),
        Formula(s, f"C{COST_SUM + 1}", f"={INSATSER}!G{SUM_ROW}", KRONOR),
        Formula(s, f"C{COST_SUM + 2}", f"=C{COST_SUM}+C{COST_SUM + 1}", KRONOR, "total_budget"),
        Formula(s, f"C{COST_SUM + 3}", f"=C{MEDEL_SUM}-C{COST_SUM + 2}", KRONOR),
    ]
    return fields, formulas, labels


def _insatser() -> tuple[list[Field], list[Formula], list[Label]]:
    s = INSATSER
    labels = [Label(s, "B1", "Insatser", "title"),
              Label(s, "B2", "En rad per insats, i planens ordning. Texterna skrivs på bladet Texter.", "note")]
    labels += [Label(s, f"{col}4", header, "header") for col, _, header in INSATS_COLUMNS.values()]
    fields = [Field(insats_name(n, attr), s, f"{col}{FIRST_ROW + n - 1}", kind,
                    f"Insats {n}: {header.rstrip(' *')}", choices=_choices(attr),
                    prompt=_PROMPTS.get(attr, ""))
              for n in range(1, MAX_PLANINSATSER + 1) for attr, (col, kind, header) in INSATS_COLUMNS.items()]
    labels.append(Label(s, f"B{SUM_ROW}", "Summa"))
    formulas = [Formula(s, f"G{SUM_ROW}", f"=SUM(G{FIRST_ROW}:G{LAST_ROW})", KRONOR, "summa_insatser_budget"),
                Formula(s, f"H{SUM_ROW}", f"=SUM(H{FIRST_ROW}:H{LAST_ROW})", INTEGER)]
    return fields, formulas, labels


_PROMPTS = {
    "inriktning": "Individinriktad: deltagare räknas per kön. Strukturövergripande: bara antal.",
    "rapporttyp": "Hur ofta insatsen rapporterar. Styr vilka arbetsböcker som skickas ut.",
    "esf": "Ja om insatsen finansieras av Europeiska socialfonden.",
}


def _choices(attr: str) -> tuple[str, ...]:
    return LISTS[attr][1] if attr in LISTS else ()


def _texter() -> tuple[list[Field], list[Formula], list[Label]]:
    s = TEXTER
    labels = [Label(s, "B1", "Texter per insats", "title"),
              Label(s, "B2", "Samma ordning som på bladet Insatser. Texterna kommer med i verksamhetsplanen.", "note"),
              Label(s, "B4", "Insats", "header")]
    labels += [Label(s, f"{col}4", PLANTEXTER[key], "header") for key, col in TEXT_COLUMNS.items()]
    fields = [Field(insats_name(n, f"text_{key}"), s, f"{col}{FIRST_ROW + n - 1}", "longtext",
                    f"Insats {n}: {PLANTEXTER[key]}")
              for n in range(1, MAX_PLANINSATSER + 1) for key, col in TEXT_COLUMNS.items()]
    formulas = [Formula(s, f"B{row}", f'=IF({INSATSER}!B{row}="","",{INSATSER}!B{row})')
                for row in range(FIRST_ROW, LAST_ROW + 1)]
    return fields, formulas, labels


@cache
def plan_layout() -> Layout:
    """The layout of the plan workbook."""
    f1, m1, l1 = _forbund()
    f2, m2, l2 = _insatser()
    f3, m3, l3 = _texter()
    return Layout(tuple(f1 + f2 + f3), tuple(m1 + m2 + m3), tuple(l1 + l2 + l3))
