"""The one declaration of the insats workbook: sheets, input fields with their defined names, formulas.

The builder (`workbook.py`) writes exactly this; the readers find every input by its defined name
and fall back to the cell declared here. Field names double as keys of the flat cell mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .a1 import column_letter
from .catalog import (
    AVSLUTSANLEDNINGAR,
    BUDGETKATEGORIER,
    FINANSIERING,
    MALTYPER,
    MATT,
    MAX_AKTIVITETER,
    MAX_BUDGETRADER,
    MAX_MAL,
    MAX_SAMVERKANSPARTER,
    MAX_UPPGIFTSLAMNARE,
    PERIOD_CHOICES,
    REMITTENTER,
    REPORT_TYPES,
    RESULTAT,
    TALLY_COLUMNS,
    TALLY_ROWS,
    TEXTER,
)

# Sheet names, as staff see them.
UPPGIFTER = "Uppgifter"
DELTAGARE = "Deltagare"
AVSLUT = "Avslut"
MAL = "Mål"
EKONOMI = "Ekonomi"
TEXTER_BLAD = "Texter"
KONTROLL = "Kontroll"
MALL = "Mall"  # hidden: template version and the drop-down lists
SHEETS = (UPPGIFTER, DELTAGARE, AVSLUT, MAL, EKONOMI, TEXTER_BLAD, KONTROLL, MALL)

#: Where the template version is stored (hidden sheet) and its defined name.
VERSION_NAME = "mallversion"
VERSION_CELL = (MALL, "B1")

JA_NEJ = ("Ja", "Nej")


@dataclass(frozen=True)
class Field:
    """One input cell. `kind`: text, longtext, count, amount, number, date or choice."""

    name: str
    sheet: str
    cell: str
    kind: str
    label: str
    choices: tuple[str, ...] = ()
    required: bool = False
    prompt: str = ""
    strict: bool = True  # choice: only listed values are allowed
    span: str = ""  # last column of a merged input cell, e.g. "F"
    lines: int = 1  # visible text lines (row height)


@dataclass(frozen=True)
class Formula:
    """A computed, locked cell with a live Excel formula (never read back as data)."""

    sheet: str
    cell: str
    formula: str
    number_format: str = "General"
    name: str = ""  # a defined name for key figures, e.g. "summa_inskrivna_antal"


@dataclass(frozen=True)
class Label:
    """A fixed text in the sheet: titles, row and column headings."""

    sheet: str
    cell: str
    text: str
    style: str = "label"  # title, heading, header, label, note


@dataclass(frozen=True)
class Layout:
    fields: tuple[Field, ...]
    formulas: tuple[Formula, ...]
    labels: tuple[Label, ...]

    @property
    def by_name(self) -> dict[str, Field]:
        return _index(self)

    def field(self, name: str) -> Field:
        return self.by_name[name]


@cache
def _index(layout: Layout) -> dict[str, Field]:
    return {f.name: f for f in layout.fields}


# --- names of fields in tables ---------------------------------------------------------------
def tally_name(akt: int, row: str, column: str) -> str:
    """Defined name of a tally cell, e.g. `akt1_inskrivna_antal` (akt counts from 1)."""
    return f"akt{akt}_{row}_{column}"


def akt_name(akt: int, attr: str) -> str:
    return f"akt{akt}_{attr}"


def mal_name(row: int, attr: str) -> str:
    return f"mal{row}_{attr}"


def budget_name(row: int, attr: str) -> str:
    return f"budget{row}_{attr}"


# --- geometry ---------------------------------------------------------------------------------
TALLY_COL = {c: column_letter(3 + i) for i, c in enumerate(TALLY_COLUMNS)}  # C..F
AKT_FIRST_ROW = 16
AKT_BLOCK = 11
MAL_FIRST_ROW = 5
BUDGET_FIRST_ROW = 5
BUDGET_COLUMNS = {"kategori": "B", "budget": "C", "utfall_period": "D", "utfall_ackumulerat": "E", "prognos": "F"}
MAL_COLUMNS = {"typ": "B", "beskrivning": "C", "malvarde": "D", "matt": "E", "utfall": "F", "kommentar": "H"}
KONTROLL_STATUS = (KONTROLL, "C3")
KONTROLL_HEADER_ROW = 5

PERCENT = "0%"
PERCENT1 = "0.0%"
#: A goal's target or outcome: a share (at most 1) shown as percent, a count as a whole number.
SHARE_OR_COUNT = "[<=1]0%;0"
KRONOR = '#,##0" kr"'
INTEGER = "0"
DATE = "yyyy-mm-dd"


def _akt_row(akt: int, offset: int) -> int:
    return AKT_FIRST_ROW + (akt - 1) * AKT_BLOCK + offset


def _uppgifter() -> tuple[list[Field], list[Label]]:
    s = UPPGIFTER
    typ_labels = tuple(label for label, _ in REPORT_TYPES.values())
    rows = [
        ("forbund", "Samordningsförbund", "text", (), True, ""),
        ("insats", "Insatsens namn", "text", (), True, ""),
        ("huvudman", "Huvudman / insatsägare", "text", (), True, ""),
        ("malgrupp", "Målgrupp", "text", (), False, ""),
        ("rapporttyp", "Rapporttyp", "choice", typ_labels, True, "Välj rapporttyp i listan."),
        ("ar", "År", "count", (), True, "Året som rapporten gäller, t.ex. 2023. För slutrapport: slutåret."),
        ("delperiod", "Period", "choice", tuple(PERIOD_CHOICES), True, "Välj den period rapporten gäller."),
        ("ackumulerad", "Siffrorna gäller från årets början (ackumulerade)", "choice", JA_NEJ, True,
         "Ja om deltagarsiffror och utfall räknas från 1 januari, Nej om de bara gäller perioden."),
        ("period_start", "Periodens startdatum", "date", (), False,
         "Lämna tomt för att räkna från perioden. Krävs för slutrapport. Skriv ÅÅÅÅ-MM-DD."),
        ("period_slut", "Periodens slutdatum", "date", (), False,
         "Lämna tomt för att räkna från perioden. Krävs för slutrapport. Skriv ÅÅÅÅ-MM-DD."),
        ("diarienummer", "Diarienummer", "text", (), False, ""),
        ("registreringsdatum", "Registreringsdatum", "date", (), False, "Skriv ÅÅÅÅ-MM-DD."),
        ("rapportdatum", "Rapportdatum", "date", (), False, "Skriv ÅÅÅÅ-MM-DD."),
        ("kontakt", "Kontaktperson (e-post eller telefon)", "text", (), False, ""),
        ("arsplatser", "Årsplatser", "count", (), False, "Antal årsplatser enligt beslut, heltal."),
    ]
    fields = [
        Field(name, s, f"C{4 + i}", kind, label, choices, required, prompt, lines=2 if name == "malgrupp" else 1)
        for i, (name, label, kind, choices, required, prompt) in enumerate(rows)
    ]
    labels = [Label(s, "B1", "Insatsrapport", "title"),
              Label(s, "B2", "Fyll i de gula cellerna. Grå celler räknas ut automatiskt.", "note")]
    labels += [Label(s, f"B{4 + i}", r[1] + (" *" if r[4] else "")) for i, r in enumerate(rows)]
    first = 4 + len(rows) + 1
    labels.append(Label(s, f"B{first}", "Samverkansparter", "heading"))
    for i in range(1, MAX_SAMVERKANSPARTER + 1):
        fields.append(Field(f"samverkanspart{i}", s, f"C{first + i}", "text", f"Samverkanspart {i}"))
        labels.append(Label(s, f"B{first + i}", f"Samverkanspart {i}"))
    first += MAX_SAMVERKANSPARTER + 2
    labels.append(Label(s, f"B{first}", "Uppgiftslämnare", "heading"))
    for i in range(1, MAX_UPPGIFTSLAMNARE + 1):
        fields.append(Field(f"uppgiftslamnare{i}", s, f"C{first + i}", "text", f"Uppgiftslämnare {i}"))
        labels.append(Label(s, f"B{first + i}", f"Uppgiftslämnare {i}"))
    return fields, labels


def _deltagare() -> tuple[list[Field], list[Formula], list[Label]]:
    s = DELTAGARE
    fields: list[Field] = []
    formulas: list[Formula] = []
    labels = [Label(s, "B1", "Deltagare per aktivitet", "title"),
              Label(s, "B2", "Kvinnor + Män ska vara lika med Antal på varje rad.", "note"),
              Label(s, "B4", "Alla aktiviteter", "header")]
    for col, title in TALLY_COLUMNS.items():
        labels.append(Label(s, f"{TALLY_COL[col]}4", title, "header"))
    labels += [Label(s, "G4", "Kvinnor + Män", "header"), Label(s, "H4", "Kontroll", "header")]
    for r, (row, title) in enumerate(TALLY_ROWS.items()):
        line = 5 + r
        labels.append(Label(s, f"B{line}", title))
        for col in TALLY_COLUMNS:
            names = ",".join(tally_name(a, row, col) for a in range(1, MAX_AKTIVITETER + 1))
            formulas.append(Formula(s, f"{TALLY_COL[col]}{line}", f'=IF(COUNT({names})=0,"",SUM({names}))', INTEGER,
                                    f"summa_{row}_{col}"))
        formulas += _kon_check(s, line)
    labels.append(Label(s, "B10", "Andel av de avslutade som går vidare"))
    formulas.append(Formula(s, "C10", '=IF(N(C6)>0,C7/C6,"")', PERCENT, "andel_gar_vidare"))
    labels.append(Label(s, "B11", "Deltagare utanför uppföljningssystemet"))
    formulas.append(Formula(s, "C11", "=SUM(" + ",".join(akt_name(a, "utanfor_uppfoljning")
                                                      for a in range(1, MAX_AKTIVITETER + 1)) + ")", INTEGER,
                            "summa_utanfor_uppfoljning"))
    labels.append(Label(s, "B12", "Totalt antal inskrivna enligt er egen sammanställning"))
    fields.append(Field("totalt_inskrivna", s, "C12", "count", "Totalt antal inskrivna",
                        prompt="Frivilligt. Om ni har en egen totalsiffra kontrolleras den mot aktiviteterna."))
    formulas.append(Formula(s, "D12", '=IF(C12="","",IF(C12=C5,"Stämmer","Skiljer sig från summan"))'))
    for a in range(1, MAX_AKTIVITETER + 1):
        top = _akt_row(a, 0)
        labels.append(Label(s, f"B{top}", f"Aktivitet {a}", "heading"))
        fields.append(Field(akt_name(a, "namn"), s, f"C{top}", "text", f"Aktivitet {a}: namn", span="F"))
        labels.append(Label(s, f"B{top + 1}", "Volymmål (deltagare per år)"))
        fields.append(Field(akt_name(a, "volymmal_per_ar"), s, f"C{top + 1}", "count",
                            f"Aktivitet {a}: volymmål per år"))
        labels.append(Label(s, f"B{top + 2}", "Deltagare utanför uppföljningssystemet"))
        fields.append(Field(akt_name(a, "utanfor_uppfoljning"), s, f"C{top + 2}", "count",
                            f"Aktivitet {a}: deltagare utanför uppföljningssystemet",
                            prompt="Deltagare som inte registrerats i uppföljningssystemet, t.ex. via annan väg."))
        for col, title in TALLY_COLUMNS.items():
            labels.append(Label(s, f"{TALLY_COL[col]}{top + 3}", title, "header"))
        labels += [Label(s, f"G{top + 3}", "Kvinnor + Män", "header"), Label(s, f"H{top + 3}", "Kontroll", "header")]
        for r, (row, title) in enumerate(TALLY_ROWS.items()):
            line = top + 4 + r
            labels.append(Label(s, f"B{line}", title))
            for col, ctitle in TALLY_COLUMNS.items():
                fields.append(Field(tally_name(a, row, col), s, f"{TALLY_COL[col]}{line}", "count",
                                    f"Aktivitet {a}: {title}, {ctitle.lower()}"))
            formulas += _kon_check(s, line)
        share = top + 4 + len(TALLY_ROWS)
        labels.append(Label(s, f"B{share}", "Andel av de avslutade som går vidare"))
        formulas.append(Formula(s, f"C{share}", f'=IF(N(C{top + 5})>0,C{top + 6}/C{top + 5},"")', PERCENT,
                                akt_name(a, "andel_gar_vidare")))
    return fields, formulas, labels


def _kon_check(sheet: str, line: int) -> list[Formula]:
    return [
        Formula(sheet, f"G{line}", f'=IF(COUNT(D{line}:E{line})=0,"",N(D{line})+N(E{line}))', INTEGER),
        Formula(sheet, f"H{line}", f'=IF(G{line}="","",IF(G{line}=C{line},"","≠ Antal"))'),
    ]


def _avslut() -> tuple[list[Field], list[Formula], list[Label]]:
    s = AVSLUT
    fields: list[Field] = []
    formulas: list[Formula] = []
    labels = [Label(s, "B1", "Remittenter och avslutsanledningar", "title"),
              Label(s, "B4", "Remittent", "header"), Label(s, "C4", "Antal inskrivna", "header")]
    for i, (key, title) in enumerate(REMITTENTER.items()):
        labels.append(Label(s, f"B{5 + i}", title))
        fields.append(Field(f"rem_{key}", s, f"C{5 + i}", "count", f"Remittent: {title}"))
    end = 5 + len(REMITTENTER)
    labels += [Label(s, f"B{end}", "Summa"), Label(s, f"B{end + 1}", "Inskrivna enligt Deltagare")]
    formulas += [Formula(s, f"C{end}", f"=SUM(C5:C{end - 1})", INTEGER, "summa_remittenter"),
                 Formula(s, f"C{end + 1}", "=N(Deltagare!C5)", INTEGER),
                 Formula(s, f"D{end}", f'=IF(C{end}=C{end + 1},"","≠ inskrivna")')]
    head = end + 3
    labels += [Label(s, f"B{head}", "Avslutsanledning", "header"), Label(s, f"C{head}", "Antal", "header"),
               Label(s, f"D{head}", "Andel av resultatunderlaget", "header")]
    first = head + 1
    last = first + len(AVSLUTSANLEDNINGAR) - 1
    underlag = last + 4
    for i, (key, title) in enumerate(AVSLUTSANLEDNINGAR.items()):
        line = first + i
        labels.append(Label(s, f"B{line}", title))
        fields.append(Field(f"avslut_{key}", s, f"C{line}", "count", f"Avslutsanledning: {title}"))
        if key in RESULTAT:
            formulas.append(Formula(s, f"D{line}", f'=IF(C${underlag}>0,C{line}/C${underlag},"")', PERCENT1,
                                    f"andel_{key}"))
    labels += [Label(s, f"B{last + 1}", "Summa"), Label(s, f"B{last + 2}", "Avslutade enligt Deltagare"),
               Label(s, f"B{last + 3}", "Avslutade inom prövotiden"),
               Label(s, f"B{underlag}", "Resultatunderlag (avslutade utom prövotid)"),
               Label(s, f"B{underlag + 1}", "Andel med resultat (arbete, studier, arbetssökande)")]
    results = "+".join(f"C{first + list(AVSLUTSANLEDNINGAR).index(k)}" for k in RESULTAT)
    formulas += [Formula(s, f"C{last + 1}", f"=SUM(C{first}:C{last})", INTEGER, "summa_avslutsanledningar"),
                 Formula(s, f"C{last + 2}", "=N(Deltagare!C6)", INTEGER),
                 Formula(s, f"C{last + 3}", "=N(Deltagare!C9)", INTEGER),
                 Formula(s, f"C{underlag}", f"=C{last + 2}-C{last + 3}", INTEGER, "resultatunderlag"),
                 Formula(s, f"C{underlag + 1}", f'=IF(C{underlag}>0,({results})/C{underlag},"")', PERCENT1,
                         "andel_resultat")]
    return fields, formulas, labels


#: Excel expression per measure, over the Deltagare and Avslut totals (see `_avslut` geometry).
def _measure_formulas() -> dict[str, str]:
    first = 5 + len(REMITTENTER) + 4
    underlag = f"Avslut!$C${first + len(AVSLUTSANLEDNINGAR) + 3}"
    arbete = f"Avslut!$C${first}"
    results = f"Avslut!$C${first + len(AVSLUTSANLEDNINGAR) + 4}"
    return {
        "andel_gar_vidare": 'IF(N(Deltagare!$C$6)>0,Deltagare!$C$7/Deltagare!$C$6,"")',
        "andel_uppnatt_mal": 'IF(N(Deltagare!$C$6)>0,Deltagare!$C$8/Deltagare!$C$6,"")',
        "andel_resultat": results,
        "andel_arbete": f'IF({underlag}>0,{arbete}/{underlag},"")',
        "andel_kvinnor": 'IF(N(Deltagare!$C$5)>0,Deltagare!$D$5/Deltagare!$C$5,"")',
        "andel_under_30": 'IF(N(Deltagare!$C$5)>0,Deltagare!$F$5/Deltagare!$C$5,"")',
        "antal_inskrivna": "Deltagare!$C$5",
        "antal_avslutade": "Deltagare!$C$6",
    }


def _mal() -> tuple[list[Field], list[Formula], list[Label]]:
    s = MAL
    headers = {"B": "Typ av mål", "C": "Beskrivning", "D": "Målvärde", "E": "Mått (beräknas ur deltagarsiffrorna)",
               "F": "Utfall (om det inte beräknas)", "G": "Beräknat utfall", "H": "Kommentar"}
    labels = [Label(s, "B1", "Mål", "title"),
              Label(s, "B2", "Målvärde: andel som procent (90 %) eller antal (120). Välj ett mått så räknas "
                             "utfallet ut, annars skriv utfallet själv.", "note")]
    labels += [Label(s, f"{c}4", t, "header") for c, t in headers.items()]
    fields: list[Field] = []
    formulas: list[Formula] = []
    kinds = {"typ": "choice", "beskrivning": "text", "malvarde": "number", "matt": "choice", "utfall": "number",
             "kommentar": "text"}
    measures = _measure_formulas()
    for i in range(1, MAX_MAL + 1):
        line = MAL_FIRST_ROW + i - 1
        for attr, col in MAL_COLUMNS.items():
            choices = {"typ": tuple(MALTYPER.values()), "matt": tuple(label for label, _ in MATT.values())}.get(attr, ())
            fields.append(Field(mal_name(i, attr), s, f"{col}{line}", kinds[attr], f"Mål {i}: {headers[col]}",
                                choices, prompt="Andel skrivs som procent, t.ex. 90 %." if attr == "malvarde" else ""))
        expr = "".join(f'IF(E{line}="{label}",{measures[key]},' for key, (label, _) in MATT.items())
        formulas.append(Formula(s, f"G{line}", f'={expr}""' + ")" * len(MATT), SHARE_OR_COUNT, mal_name(i, "berakat")))
    return fields, formulas, labels


def _ekonomi() -> tuple[list[Field], list[Formula], list[Label]]:
    s = EKONOMI
    headers = {"B": "Kostnadsslag", "C": "Budget", "D": "Utfall perioden", "E": "Utfall hittills i år",
               "F": "Prognos helår", "G": "Avvikelse (budget − prognos)", "H": "Förbrukat av budget"}
    labels = [Label(s, "B1", "Ekonomi", "title"),
              Label(s, "B2", "Belopp i kronor. Förbrukat av budget = utfall hittills i år / budget.", "note")]
    labels += [Label(s, f"{c}4", t, "header") for c, t in headers.items()]
    fields: list[Field] = []
    formulas: list[Formula] = []
    last = BUDGET_FIRST_ROW + MAX_BUDGETRADER - 1
    for i in range(1, MAX_BUDGETRADER + 1):
        line = BUDGET_FIRST_ROW + i - 1
        for attr, col in BUDGET_COLUMNS.items():
            kind = "choice" if attr == "kategori" else "amount"
            choices = BUDGETKATEGORIER if attr == "kategori" else ()
            fields.append(Field(budget_name(i, attr), s, f"{col}{line}", kind, f"Budgetrad {i}: {headers[col]}",
                                choices, strict=False))
        formulas += [Formula(s, f"G{line}", f'=IF(COUNT(C{line},F{line})<2,"",C{line}-F{line})', KRONOR),
                     Formula(s, f"H{line}", f'=IF(N(C{line})>0,IF(E{line}="","",E{line}/C{line}),"")', PERCENT)]
    total = last + 1
    labels.append(Label(s, f"B{total}", "Summa"))
    for col in "CDEF":
        attr = {v: k for k, v in BUDGET_COLUMNS.items()}[col]
        formulas.append(Formula(s, f"{col}{total}", f"=SUM({col}{BUDGET_FIRST_ROW}:{col}{last})", KRONOR,
                                f"summa_{attr}"))
    formulas += [Formula(s, f"G{total}", f"=C{total}-F{total}", KRONOR),
                 Formula(s, f"H{total}", f'=IF(C{total}>0,E{total}/C{total},"")', PERCENT)]
    labels.append(Label(s, f"B{total + 1}", "Budget totalt enligt beslut"))
    fields.append(Field("budget_totalt", s, f"C{total + 1}", "amount", "Budget totalt enligt beslut",
                        prompt="Frivilligt. Kontrolleras mot summan av budgetraderna."))
    formulas.append(Formula(s, f"D{total + 1}",
                            f'=IF(C{total + 1}="","",IF(C{total + 1}=C{total},"Stämmer","Skiljer sig från summan"))'))
    head = total + 3
    labels += [Label(s, f"B{head}", "Finansiering", "header"), Label(s, f"C{head}", "Belopp", "header")]
    for i, (key, title) in enumerate(FINANSIERING.items()):
        labels.append(Label(s, f"B{head + 1 + i}", title))
        fields.append(Field(f"fin_{key}", s, f"C{head + 1 + i}", "amount", f"Finansiering: {title}"))
    fsum = head + 1 + len(FINANSIERING)
    labels += [Label(s, f"B{fsum}", "Summa finansiering"), Label(s, f"B{fsum + 1}", "Finansiering minus budget")]
    formulas += [Formula(s, f"C{fsum}", f"=SUM(C{head + 1}:C{fsum - 1})", KRONOR, "summa_finansiering"),
                 Formula(s, f"C{fsum + 1}", f"=C{fsum}-C{total}", KRONOR)]
    labels.append(Label(s, f"B{fsum + 3}", "Kommentar till ekonomin"))
    fields.append(Field("ekonomi_kommentar", s, f"C{fsum + 3}", "longtext", "Kommentar till ekonomin", span="H",
                        prompt="Förklara avvikelser mot budget och en förbrukning som skiljer sig från periodens längd."))
    return fields, formulas, labels


def _texter() -> tuple[list[Field], list[Label]]:
    s = TEXTER_BLAD
    labels = [Label(s, "B1", "Texter till rapporten", "title"),
              Label(s, "B2", "Tomma avsnitt tas inte med i rapporten.", "note"),
              Label(s, "B4", "Avsnitt", "header"), Label(s, "C4", "Text", "header")]
    fields = []
    for i, (key, title) in enumerate(TEXTER.items()):
        labels.append(Label(s, f"B{5 + i}", title))
        fields.append(Field(f"text_{key}", s, f"C{5 + i}", "longtext", title))
    return fields, labels


def _kontroll() -> list[Label]:
    s = KONTROLL
    heads = ("Allvarlighet", "Kod", "Blad", "Cell", "Meddelande", "Förväntat", "Faktiskt")
    labels = [Label(s, "B1", "Kontroll", "title"), Label(s, "B3", "Status"),
              Label(s, "B2", "Fylls i när arbetsboken kontrolleras.", "note")]
    labels += [Label(s, f"{column_letter(2 + i)}{KONTROLL_HEADER_ROW}", h, "header") for i, h in enumerate(heads)]
    return labels


@cache
def layout() -> Layout:
    """The layout of the current template version."""
    f1, l1 = _uppgifter()
    f2, m2, l2 = _deltagare()
    f3, m3, l3 = _avslut()
    f4, m4, l4 = _mal()
    f5, m5, l5 = _ekonomi()
    f6, l6 = _texter()
    return Layout(tuple(f1 + f2 + f3 + f4 + f5 + f6), tuple(m2 + m3 + m4 + m5),
                  tuple(l1 + l2 + l3 + l4 + l5 + l6 + _kontroll()))
