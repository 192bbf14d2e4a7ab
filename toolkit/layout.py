"""The one declaration of the insats workbook: sheets, input fields bound to the model, formulas.

Each input `Field` carries its cell, its defined name, its model path (`aktiviteter[1].tallies.inskrivna.
kvinnor`), its data-file key, its kind, its drop-down list by name and its flags. From this one
declaration come the builder (`workbook.py`), the cell mapping (`cells.py`), the data file
(`datafile.py`), roll-forward, masking and the docs. Cells are allocated row by row per sheet, and
formulas name the cells they use through the declaration, never by typed coordinates.
A workbook is read by the layout of its own template version (`layout_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Callable

from . import TEMPLATE_VERSION
from .a1 import column_letter, coordinates
from .catalog import (
    AVSLUTSANLEDNINGAR,
    BEDOMNINGAR,
    BUDGETKATEGORIER,
    FINANSIERING,
    MAL_AVSER,
    INRIKTNINGAR,
    LEDGER_ROWS,
    MALTYPER,
    MATT,
    MAX_AKTIVITETER,
    MEASURES,
    MAX_BUDGETRADER,
    MAX_MAL,
    MAX_SAMVERKANSPARTER,
    MAX_UPPGIFTSLAMNARE,
    PERIOD_CHOICES,
    REMITTENTER,
    REMITTENTER_AVSER,
    REPORT_TYPES,
    RESULTAT,
    TALLY_COLUMNS,
    TEXTER,
)
from .released import RELEASED
from .schema import Declaration, active

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

#: Drop-down lists (on the hidden Mall sheet), by name: (model value, label shown) pairs.
LISTS: dict[str, tuple[tuple[Any, str], ...]] = {
    "rapporttyp": tuple((key, label) for key, (label, _) in REPORT_TYPES.items()),
    "delperiod": tuple((label, label) for label in PERIOD_CHOICES),
    "janej": ((True, "Ja"), (False, "Nej")),
    "maltyp": tuple(MALTYPER.items()),
    "malavser": tuple(MAL_AVSER.items()),
    "bedomning": tuple(BEDOMNINGAR.items()),
    "matt": tuple((key, label) for key, (label, _) in MATT.items()),
    "kategori": tuple((label, label) for label in BUDGETKATEGORIER),
    "inriktning": tuple(INRIKTNINGAR.items()),
    "remittenter_avser": tuple((key, words.capitalize()) for key, words in REMITTENTER_AVSER.items()),
}

#: Field kinds whose model value is free text.
TEXT_KINDS = ("text", "longtext")
#: A text cell holding a list of names (the model holds a list): "Aktivering i grupp; Arbetsträning".
NAMES = "names"
NAME_SEPARATORS = ";,\n"


@dataclass(frozen=True)
class Field:
    """One input cell bound to the model.

    `kind`: text, longtext, count, amount, number, date or choice. `path` is the model path ("" when a
    rule binds the field, as År and Period make the period); `key` the data-file key ("" = the path
    without `tallies.`). `carry`: kept on roll-forward ("always", or "same_year" for a forecast).
    `mask`: under small-count masking a "leaf" is published as a range, a "drop" not at all.
    `consolidated`: False for free texts the consolidation leaves out (narratives, comments, people).
    """

    name: str
    sheet: str
    cell: str
    kind: str
    label: str
    choices: tuple[str, ...] = ()  # the labels of the drop-down list
    path: str = ""
    options: str = ""  # name of a list in LISTS (the insats workbook; fills `choices`)
    required: bool = False
    carry: str = ""
    mask: str = ""
    consolidated: bool = True
    prompt: str = ""
    strict: bool = True  # choice: only listed values are allowed
    span: str = ""  # last column of a merged input cell, e.g. "F"
    lines: int = 1  # visible text lines (row height)
    key: str = ""

    @property
    def data_key(self) -> str:
        """The data-file key, e.g. "aktiviteter[0].inskrivna.kvinnor"."""
        return self.key or self.path.replace(".tallies.", ".")

    @property
    def narrative(self) -> bool:
        """A prose text of the report (Texter, comments), as opposed to a name or a figure."""
        return self.kind == "longtext"

    @property
    def free_text(self) -> bool:
        """The model holds what staff typed: texts and choices that accept other values."""
        return self.kind in TEXT_KINDS or (self.kind == "choice" and not self.strict)


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


@dataclass(frozen=True, eq=False)  # hashed by identity: caches keyed by a layout stay cheap
class Layout:
    fields: tuple[Field, ...]
    formulas: tuple[Formula, ...]
    labels: tuple[Label, ...]
    version: int = TEMPLATE_VERSION
    names_only: bool = False  # a newer template's file: read by defined names, never by today's cells

    @property
    def by_name(self) -> dict[str, Field]:
        return _index(self)

    def field(self, name: str) -> Field:
        return self.by_name[name]

    def items(self) -> list[tuple[str, str, str]]:
        """(sheet, cell, what) of every declared cell, merged spans included (for the overlap test)."""
        out = [(f.sheet, c, f"field {f.name}") for f in self.fields for c in _span_cells(f)]
        out += [(f.sheet, f.cell, f"formula {f.name or f.formula}") for f in self.formulas]
        out += [(lab.sheet, lab.cell, f"label {lab.text}") for lab in self.labels]
        return out


@cache
def _index(layout: Layout) -> dict[str, Field]:
    return {f.name: f for f in layout.fields}


def _span_cells(f: Field) -> list[str]:
    if not f.span:
        return [f.cell]
    row, col = coordinates(f.cell)
    last = coordinates(f"{f.span}{row}")[1]
    return [f"{column_letter(c)}{row}" for c in range(col, last + 1)]


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
BUDGET_COLUMNS = {"kategori": "B", "budget": "C", "utfall_period": "D", "utfall_ackumulerat": "E", "prognos": "F"}
MAL_COLUMNS = {"typ": "B", "beskrivning": "C", "malvarde": "D", "matt": "E", "utfall": "F", "kommentar": "H",
               "aktiviteter": "I", "avser": "J", "bedomning": "K"}
KONTROLL_STATUS = (KONTROLL, "C3")
KONTROLL_HEADER_ROW = 5

PERCENT = "0%"
PERCENT1 = "0.0%"
#: A goal's target or outcome: a share (at most 1) shown as percent, a count as a whole number.
SHARE_OR_COUNT = "[<=1]0%;0"
KRONOR = '#,##0" kr"'
INTEGER = "0"
DATE = "yyyy-mm-dd"


class _Book:
    """Allocates the cells of the sheets, row by row, and knows where every named cell went."""

    def __init__(self) -> None:
        self.fields: list[Field] = []
        self.formulas: list[Formula] = []
        self.labels: list[Label] = []
        self.cells: dict[str, tuple[str, str]] = {}  # defined name -> (sheet, cell)

    def sheet(self, name: str, first_row: int) -> "_Sheet":
        return _Sheet(self, name, first_row)

    def ref(self, name: str, sheet: str = "", absolute: str = "") -> str:
        """The A1 reference of a named cell: "C6", "$C$6" (absolute="both"), "C$6" ("row"), sheet-qualified
        ("Deltagare!$C$6") when used from another sheet."""
        where, cell = self.cells[name]
        row, col = coordinates(cell)
        letter = column_letter(col)
        text = {"both": f"${letter}${row}", "row": f"{letter}${row}"}.get(absolute, cell)
        return text if where == sheet else f"{where}!{text}"


class _Sheet:
    def __init__(self, book: _Book, name: str, first_row: int):
        self.book, self.name, self.row = book, name, first_row

    def take(self, rows: int = 1) -> int:
        """The next free row; `rows` rows are reserved from it."""
        line = self.row
        self.row += rows
        return line

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def field(self, name: str, cell: str, kind: str, label: str, options: str = "", **kw: Any) -> None:
        choices = tuple(shown for _, shown in LISTS[options]) if options else ()
        self.book.fields.append(Field(name, self.name, cell, kind, label, choices, options=options, **kw))
        self.book.cells[name] = (self.name, cell)

    def formula(self, cell: str, text: str, number_format: str = "General", name: str = "") -> None:
        self.book.formulas.append(Formula(self.name, cell, text, number_format, name))
        if name:
            self.book.cells[name] = (self.name, cell)

    def label(self, cell: str, text: str, style: str = "label") -> None:
        self.book.labels.append(Label(self.name, cell, text, style))

    def ref(self, name: str, absolute: str = "") -> str:
        return self.book.ref(name, self.name, absolute)

    def span(self, first: str, last: str) -> str:
        """The range from one named cell to another, e.g. "C5:C9"."""
        return f"{self.ref(first)}:{self.ref(last)}"

    def sum_of(self, stem: str, items: dict[str, str]) -> str:
        """=SUM over the inputs `listed` gave a catalogue list."""
        keys = list(items)
        return f"=SUM({self.span(stem + keys[0], stem + keys[-1])})"

    def headers(self, line: int, titles: dict[str, str]) -> None:
        """Column headers: column letter -> title."""
        for column, title in titles.items():
            self.label(f"{column}{line}", title, "header")

    def listed(self, items: dict[str, str], stem: str, kind: str, what: str, path: str, **kw: Any) -> dict[str, int]:
        """One input row per item of a catalogue list: its title in B, the input (`stem` + key) in C, bound to
        `path`.key; the rows by key."""
        rows = {}
        for key, title in items.items():
            rows[key] = line = self.take()
            self.label(f"B{line}", title)
            self.field(f"{stem}{key}", f"C{line}", kind, f"{what}: {title}" if what else title, path=f"{path}.{key}",
                       **kw)
        return rows


#: Uppgifter's single fields, in row order: name, label, kind, options, required, carried, prompt, model path.
_UPPGIFTER: tuple[tuple[str, str, str, str, bool, bool, str, str], ...] = (
    ("forbund", "Samordningsförbund", "text", "", True, True, "", "forbund"),
    ("insats", "Insatsens namn", "text", "", True, True, "", "insats"),
    ("huvudman", "Huvudman / insatsägare", "text", "", True, True, "", "huvudman"),
    ("malgrupp", "Målgrupp", "text", "", False, True, "", "malgrupp"),
    ("rapporttyp", "Rapporttyp", "choice", "rapporttyp", True, False, "Välj rapporttyp i listan.", "rapporttyp"),
    ("ar", "År", "count", "", True, False, "Året som rapporten gäller, t.ex. 2023. För slutrapport: slutåret.", ""),
    ("delperiod", "Period", "choice", "delperiod", True, False, "Välj den period rapporten gäller.", ""),
    ("ackumulerad", "Siffrorna gäller från årets början (ackumulerade)", "choice", "janej", True, True,
     "Ja om deltagarsiffror och utfall räknas från 1 januari, Nej om de bara gäller perioden.", "ackumulerad"),
    ("period_start", "Periodens startdatum", "date", "", False, False,
     "Lämna tomt för att räkna från perioden. Krävs för slutrapport. Skriv ÅÅÅÅ-MM-DD.", "period_start"),
    ("period_slut", "Periodens slutdatum", "date", "", False, False,
     "Lämna tomt för att räkna från perioden. Krävs för slutrapport. Skriv ÅÅÅÅ-MM-DD.", "period_slut"),
    ("diarienummer", "Diarienummer", "text", "", False, True, "", "diarienummer"),
    ("registreringsdatum", "Registreringsdatum", "date", "", False, False, "Skriv ÅÅÅÅ-MM-DD.", "registreringsdatum"),
    ("rapportdatum", "Rapportdatum", "date", "", False, False, "Skriv ÅÅÅÅ-MM-DD.", "rapportdatum"),
    ("kontakt", "Kontaktperson (e-post eller telefon)", "text", "", False, True, "", "kontakt"),
    ("arsplatser", "Årsplatser", "count", "", False, True, "Antal årsplatser enligt beslut, heltal.", "arsplatser"),
    ("inriktning", "Inriktning (Uppföljning Finsam)", "choice", "inriktning", False, True,
     "Individinriktad: deltagarna räknas per kön. Strukturövergripande (t.ex. utbildning för personal eller "
     "arbetsgivare): bara antal deltagare.", "inriktning"),
    ("esf", "ESF-finansierad", "choice", "janej", False, True, "Ja om insatsen finansieras av Europeiska "
     "socialfonden.", "esf"),
    ("preciserad_inriktning", "Preciserad inriktning", "text", "", False, True, "", "preciserad_inriktning"),
    ("uppfoljningsmetod", "Uppföljningsmetod", "text", "", False, True, "", "uppfoljningsmetod"),
    ("remittenter_avser", "Remittenterna avser", "choice", "remittenter_avser", False, True,
     "Vilka deltagare remittenterna på bladet Avslut räknar: inskrivna (alla under perioden), nya eller "
     "avslutade. Tomt betyder inskrivna.", "remittenter_avser"),
)
#: Uppgifter's fields the consolidation leaves out (a person's contact details).
_NOT_CONSOLIDATED = ("kontakt",)
#: Fields shown on more than one line.
_LINES = {"malgrupp": 2}
#: Lists of names on Uppgifter: heading, field name stem, model path, capacity.
_NAME_LISTS = (("Samverkansparter", "samverkanspart", "Samverkanspart", "samverkansparter", MAX_SAMVERKANSPARTER),
               ("Uppgiftslämnare", "uppgiftslamnare", "Uppgiftslämnare", "uppgiftslamnare", MAX_UPPGIFTSLAMNARE))


def _uppgifter(book: _Book) -> None:
    s = book.sheet(UPPGIFTER, 4)
    s.label("B1", "Insatsrapport", "title")
    s.label("B2", "Fyll i de gula cellerna. Grå celler räknas ut automatiskt.", "note")
    for name, label, kind, options, required, carried, prompt, path in _UPPGIFTER:
        line = s.take()
        s.field(name, f"C{line}", kind, label, path=path, options=options, required=required,
                carry="always" if carried else "", prompt=prompt, lines=_LINES.get(name, 1),
                consolidated=name not in _NOT_CONSOLIDATED)
        s.label(f"B{line}", label + (" *" if required else ""))
    for heading, stem, title, path, capacity in _NAME_LISTS:
        s.skip()
        s.label(f"B{s.take()}", heading, "heading")
        for i in range(1, capacity + 1):
            line = s.take()
            s.field(f"{stem}{i}", f"C{line}", "text", f"{title} {i}", path=f"{path}[{i - 1}]", carry="always",
                    consolidated=False)
            s.label(f"B{line}", f"{title} {i}")


def _tally_header(s: _Sheet, line: int) -> None:
    for col, title in TALLY_COLUMNS.items():
        s.label(f"{TALLY_COL[col]}{line}", title, "header")
    s.label(f"G{line}", "Kvinnor + Män", "header")
    s.label(f"H{line}", "Kontroll", "header")


def _kon_check(s: _Sheet, line: int) -> None:
    """Kvinnor + Män beside a tally row (G), and a mark when it differs from Antal (H)."""
    antal, kvinnor, man = (f"{TALLY_COL[c]}{line}" for c in ("antal", "kvinnor", "man"))
    s.formula(f"G{line}", f'=IF(COUNT({kvinnor}:{man})=0,"",N({kvinnor})+N({man}))', INTEGER)
    s.formula(f"H{line}", f'=IF(G{line}="","",IF(G{line}={antal},"","≠ Antal"))')


def _share(s: _Sheet, part: str, whole: str) -> str:
    return f'=IF(N({s.ref(whole)})>0,{s.ref(part)}/{s.ref(whole)},"")'


def _ledger_rows(s: _Sheet, rows: dict[str, str], name: Callable[[str, str], str]) -> None:
    """The participant ledger's live rows (catalog.LEDGER_ROWS), e.g. inskrivna − nya; empty while either is."""
    for key, (title, minuend, subtrahend) in LEDGER_ROWS.items():
        if minuend not in rows or subtrahend not in rows:
            continue
        line = s.take()
        s.label(f"B{line}", title)
        for col in TALLY_COLUMNS:
            a, b = s.ref(name(minuend, col)), s.ref(name(subtrahend, col))
            s.formula(f"{TALLY_COL[col]}{line}", f'=IF(OR({a}="",{b}=""),"",{a}-{b})', INTEGER, name(key, col))


def _deltagare(book: _Book, declaration: Declaration) -> None:
    rows = dict(declaration.tally_rows)
    s = book.sheet(DELTAGARE, 4)
    s.label("B1", "Deltagare per aktivitet", "title")
    s.label("B2", "Kvinnor + Män ska vara lika med Antal på varje rad.", "note")
    head = s.take()
    s.label(f"B{head}", "Alla aktiviteter", "header")
    _tally_header(s, head)
    for row, title in rows.items():  # the totals refer to the aktiviteter's cells by defined name
        line = s.take()
        s.label(f"B{line}", title)
        for col in TALLY_COLUMNS:
            names = ",".join(tally_name(a, row, col) for a in range(1, MAX_AKTIVITETER + 1))
            s.formula(f"{TALLY_COL[col]}{line}", f'=IF(COUNT({names})=0,"",SUM({names}))', INTEGER,
                      f"summa_{row}_{col}")
        _kon_check(s, line)
    _ledger_rows(s, rows, lambda row, col: f"summa_{row}_{col}")
    line = s.take()
    s.label(f"B{line}", "Andel av de avslutade som går vidare")
    s.formula(f"C{line}", _share(s, "summa_gar_vidare_antal", "summa_avslutade_antal"), PERCENT, "andel_gar_vidare")
    line = s.take()
    s.label(f"B{line}", "Deltagare utanför uppföljningssystemet")
    s.formula(f"C{line}", "=SUM(" + ",".join(akt_name(a, "utanfor_uppfoljning") for a in range(1, MAX_AKTIVITETER + 1))
              + ")", INTEGER, "summa_utanfor_uppfoljning")
    line = s.take()
    s.label(f"B{line}", "Totalt antal inskrivna enligt er egen sammanställning")
    s.field("totalt_inskrivna", f"C{line}", "count", "Totalt antal inskrivna", path="totalt_inskrivna", mask="drop",
            prompt="Frivilligt. Om ni har en egen totalsiffra kontrolleras den mot aktiviteterna.")
    typed, total = s.ref("totalt_inskrivna"), s.ref("summa_inskrivna_antal")
    s.formula(f"D{line}", f'=IF({typed}="","",IF({typed}={total},"Stämmer","Skiljer sig från summan"))')
    s.skip(3)
    for a in range(1, MAX_AKTIVITETER + 1):
        path = f"aktiviteter[{a - 1}]"
        top = s.take()
        s.label(f"B{top}", f"Aktivitet {a}", "heading")
        s.field(akt_name(a, "namn"), f"C{top}", "text", f"Aktivitet {a}: namn", path=f"{path}.namn", carry="always",
                span="F")
        line = s.take()
        s.label(f"B{line}", "Volymmål (deltagare per år)")
        s.field(akt_name(a, "volymmal_per_ar"), f"C{line}", "count", f"Aktivitet {a}: volymmål per år",
                path=f"{path}.volymmal_per_ar", carry="always")
        line = s.take()
        s.label(f"B{line}", "Deltagare utanför uppföljningssystemet")
        s.field(akt_name(a, "utanfor_uppfoljning"), f"C{line}", "count",
                f"Aktivitet {a}: deltagare utanför uppföljningssystemet", path=f"{path}.utanfor_uppfoljning",
                mask="leaf", prompt="Deltagare som inte registrerats i uppföljningssystemet, t.ex. via annan väg.")
        _tally_header(s, s.take())
        for row, title in rows.items():
            line = s.take()
            s.label(f"B{line}", title)
            for col, ctitle in TALLY_COLUMNS.items():
                s.field(tally_name(a, row, col), f"{TALLY_COL[col]}{line}", "count",
                        f"Aktivitet {a}: {title}, {ctitle.lower()}", path=f"{path}.tallies.{row}.{col}", mask="leaf")
            _kon_check(s, line)
        _ledger_rows(s, rows, lambda row, col, a=a: tally_name(a, row, col))
        line = s.take()
        s.label(f"B{line}", "Andel av de avslutade som går vidare")
        s.formula(f"C{line}", _share(s, tally_name(a, "gar_vidare", "antal"), tally_name(a, "avslutade", "antal")),
                  PERCENT, akt_name(a, "andel_gar_vidare"))
        s.skip()


def _avslut(book: _Book) -> None:
    s = book.sheet(AVSLUT, 4)
    s.label("B1", "Remittenter och avslutsanledningar", "title")
    s.headers(s.take(), {"B": "Remittent", "C": "Antal"})
    s.listed(REMITTENTER, "rem_", "count", "Remittent", "remittenter", mask="drop")
    total, enrolled = s.take(), s.take()
    s.label(f"B{total}", "Summa")
    s.label(f"B{enrolled}", "Enligt Deltagare (de som remittenterna avser, se Uppgifter)")
    s.formula(f"C{total}", s.sum_of("rem_", REMITTENTER), INTEGER, "summa_remittenter")
    choice, (default, *others) = s.ref("remittenter_avser"), LISTS["remittenter_avser"]
    base = "".join(f'IF({choice}="{label}",{s.ref(f"summa_{key}_antal")},' for key, label in others)
    s.formula(f"C{enrolled}", f"=N({base}{s.ref(f'summa_{default[0]}_antal')}{')' * len(others)})", INTEGER)
    s.formula(f"D{total}", f'=IF(C{total}=C{enrolled},"","≠ Deltagare")')
    s.skip()
    s.headers(s.take(), {"B": "Avslutsanledning", "C": "Antal", "D": "Andel av resultatunderlaget"})
    reasons = s.listed(AVSLUTSANLEDNINGAR, "avslut_", "count", "Avslutsanledning", "avslutsanledningar", mask="drop")
    summa, exited, provotid, underlag, results = (s.take() for _ in range(5))
    book.cells["resultatunderlag"] = (AVSLUT, f"C{underlag}")
    for key in RESULTAT:
        base = s.ref("resultatunderlag", "row")
        s.formula(f"D{reasons[key]}", f'=IF({base}>0,C{reasons[key]}/{base},"")', PERCENT1, f"andel_{key}")
    for line, text in ((summa, "Summa"), (exited, "Avslutade enligt Deltagare"), (provotid, "Avslutade inom prövotiden"),
                       (underlag, "Resultatunderlag (avslutade utom prövotid)"),
                       (results, "Andel med resultat (arbete, studier, arbetssökande)")):
        s.label(f"B{line}", text)
    result_sum = "+".join(s.ref(f"avslut_{k}") for k in RESULTAT)
    s.formula(f"C{summa}", s.sum_of("avslut_", AVSLUTSANLEDNINGAR), INTEGER, "summa_avslutsanledningar")
    s.formula(f"C{exited}", f"=N({s.ref('summa_avslutade_antal')})", INTEGER)
    s.formula(f"C{provotid}", f"=N({s.ref('summa_provotid_antal')})", INTEGER)
    s.formula(f"C{underlag}", f"=C{exited}-C{provotid}", INTEGER, "resultatunderlag")
    s.formula(f"C{results}", f'=IF(C{underlag}>0,({result_sum})/C{underlag},"")', PERCENT1, "andel_resultat")


def _measure_formulas(book: _Book) -> dict[str, str]:
    """Excel expression per measure (catalog.MEASURES), over the named cells of Deltagare and Avslut."""
    def term(name: str) -> str:
        head, _, rest = name.partition(".")
        if name == "resultat":
            return "(" + "+".join(book.ref(f"avslut_{k}", MAL, "both") for k in RESULTAT) + ")"
        if name == "resultatunderlag":
            return book.ref("resultatunderlag", MAL, "both")
        return book.ref(f"avslut_{rest}" if head == "avslut" else f"summa_{head}_{rest}", MAL, "both")

    return {key: (f'IF(N({term(m.whole)})>0,{term(m.part)}/{term(m.whole)},"")' if m.whole else term(m.part))
            for key, m in MEASURES.items()}


_MAL_HEADERS = {"B": "Typ av mål", "C": "Beskrivning", "D": "Målvärde", "E": "Mått (beräknas ur deltagarsiffrorna)",
                "F": "Utfall (om det inte beräknas)", "G": "Beräknat utfall", "H": "Kommentar",
                "I": "Gäller aktiviteterna (tomt: alla)", "J": "Målvärdet avser (tomt: per år)",
                "K": "Bedömning (om den inte beräknas)"}
#: Goal columns: kind, drop-down list, carried over on roll-forward, kept in the consolidation.
_MAL_KINDS = {"typ": ("choice", "maltyp", True, True), "beskrivning": ("text", "", True, True),
              "malvarde": ("number", "", True, True), "matt": ("choice", "matt", True, True),
              "utfall": ("number", "", False, True), "kommentar": ("text", "", False, False),
              "aktiviteter": (NAMES, "", True, True), "avser": ("choice", "malavser", True, True),
              "bedomning": ("choice", "bedomning", False, True)}
_MAL_PROMPTS = {"malvarde": "Andel skrivs som procent, t.ex. 90 %.",
                "aktiviteter": "Aktiviteternas namn som på bladet Deltagare, åtskilda med semikolon. Tomt: alla.",
                "bedomning": "Fyll bara i när målet bedöms i ord; annars räknas bedömningen ut."}


def _mal(book: _Book) -> None:
    s = book.sheet(MAL, 4)
    s.label("B1", "Mål", "title")
    s.label("B2", "Målvärde: andel som procent (90 %) eller antal (120). Välj ett mått så räknas utfallet ut, annars "
                  "skriv utfallet själv.", "note")
    head = s.take()
    for col, title in _MAL_HEADERS.items():
        s.label(f"{col}{head}", title, "header")
    measures = _measure_formulas(book)
    for i in range(1, MAX_MAL + 1):
        line = s.take()
        for attr, col in MAL_COLUMNS.items():
            kind, options, carried, consolidated = _MAL_KINDS[attr]
            s.field(mal_name(i, attr), f"{col}{line}", kind, f"Mål {i}: {_MAL_HEADERS[col]}", path=f"mal[{i - 1}].{attr}",
                    options=options, carry="always" if carried else "", consolidated=consolidated,
                    prompt=_MAL_PROMPTS.get(attr, ""))
        matt, scope = s.ref(mal_name(i, "matt")), s.ref(mal_name(i, "aktiviteter"))
        expr = "".join(f'IF({matt}="{label}",{measures[key]},' for key, (label, _) in MATT.items())
        # A goal for some aktiviteter is measured over them by the toolkit, not by this whole-insats formula.
        s.formula(f"G{line}", f'=IF({scope}<>"","",{expr}""' + ")" * (len(MATT) + 1), SHARE_OR_COUNT,
                  mal_name(i, "berakat"))


_EKONOMI_HEADERS = {"B": "Kostnadsslag", "C": "Budget", "D": "Utfall perioden", "E": "Utfall hittills i år",
                    "F": "Prognos helår", "G": "Avvikelse (budget − prognos)", "H": "Förbrukat av budget"}
#: Budget columns carried over on roll-forward (the forecast only within the same year).
_BUDGET_CARRY = {"kategori": "always", "budget": "always", "prognos": "same_year"}


def _ekonomi(book: _Book) -> None:
    s = book.sheet(EKONOMI, 4)
    s.label("B1", "Ekonomi", "title")
    s.label("B2", "Belopp i kronor. Förbrukat av budget = utfall hittills i år / budget.", "note")
    head = s.take()
    for col, title in _EKONOMI_HEADERS.items():
        s.label(f"{col}{head}", title, "header")
    for i in range(1, MAX_BUDGETRADER + 1):
        line = s.take()
        for attr, col in BUDGET_COLUMNS.items():
            kind, options = ("choice", "kategori") if attr == "kategori" else ("amount", "")
            s.field(budget_name(i, attr), f"{col}{line}", kind, f"Budgetrad {i}: {_EKONOMI_HEADERS[col]}",
                    path=f"ekonomi.rader[{i - 1}].{attr}", options=options, strict=False,
                    carry=_BUDGET_CARRY.get(attr, ""))
        budget, used, forecast = (s.ref(budget_name(i, a)) for a in ("budget", "utfall_ackumulerat", "prognos"))
        s.formula(f"G{line}", f'=IF(COUNT({budget},{forecast})<2,"",{budget}-{forecast})', KRONOR)
        s.formula(f"H{line}", f'=IF(N({budget})>0,IF({used}="","",{used}/{budget}),"")', PERCENT)
    total = s.take()
    s.label(f"B{total}", "Summa")
    for attr, col in BUDGET_COLUMNS.items():
        if attr != "kategori":
            s.formula(f"{col}{total}", f"=SUM({s.span(budget_name(1, attr), budget_name(MAX_BUDGETRADER, attr))})",
                      KRONOR, f"summa_{attr}")
    budget, used, forecast = (s.ref(f"summa_{a}") for a in ("budget", "utfall_ackumulerat", "prognos"))
    s.formula(f"G{total}", f"={budget}-{forecast}", KRONOR)
    s.formula(f"H{total}", f'=IF({budget}>0,{used}/{budget},"")', PERCENT)
    line = s.take()
    s.label(f"B{line}", "Budget totalt enligt beslut")
    s.field("budget_totalt", f"C{line}", "amount", "Budget totalt enligt beslut", path="ekonomi.budget_totalt",
            carry="always", prompt="Frivilligt. Kontrolleras mot summan av budgetraderna.")
    typed = s.ref("budget_totalt")
    s.formula(f"D{line}", f'=IF({typed}="","",IF({typed}={budget},"Stämmer","Skiljer sig från summan"))')
    s.skip()
    s.headers(s.take(), {"B": "Finansiering", "C": "Belopp"})
    s.listed(FINANSIERING, "fin_", "amount", "Finansiering", "ekonomi.finansiering", carry="always")
    fsum = s.take()
    s.label(f"B{fsum}", "Summa finansiering")
    s.formula(f"C{fsum}", s.sum_of("fin_", FINANSIERING), KRONOR, "summa_finansiering")
    line = s.take()
    s.label(f"B{line}", "Finansiering minus budget")
    s.formula(f"C{line}", f"={s.ref('summa_finansiering')}-{budget}", KRONOR)
    s.skip()
    line = s.take()
    s.label(f"B{line}", "Kommentar till ekonomin")
    s.field("ekonomi_kommentar", f"C{line}", "longtext", "Kommentar till ekonomin", path="ekonomi.kommentar",
            consolidated=False, span="H", prompt="Förklara avvikelser mot budget och en förbrukning som skiljer sig från periodens längd.")


def _texter(book: _Book) -> None:
    s = book.sheet(TEXTER_BLAD, 4)
    s.label("B1", "Texter till rapporten", "title")
    s.label("B2", "Tomma avsnitt tas inte med i rapporten.", "note")
    s.headers(s.take(), {"B": "Avsnitt", "C": "Text"})
    s.listed(TEXTER, "text_", "longtext", "", "texter", consolidated=False)


def _kontroll(book: _Book) -> None:
    s = book.sheet(KONTROLL, KONTROLL_HEADER_ROW)
    heads = ("Allvarlighet", "Kod", "Blad", "Cell", "Meddelande", "Förväntat", "Faktiskt")
    s.label("B1", "Kontroll", "title")
    s.label("B3", "Status")
    s.label("B2", "Fylls i när arbetsboken kontrolleras.", "note")
    for i, h in enumerate(heads):
        s.label(f"{column_letter(2 + i)}{KONTROLL_HEADER_ROW}", h, "header")


def layout() -> Layout:
    """The layout of the current template version, under the active declaration."""
    return layout_for(active())


@cache
def layout_for(declaration: Declaration) -> Layout:
    """The current template's layout for a declaration (the shipped one, or a copy in a test)."""
    book = _Book()
    _uppgifter(book)
    _deltagare(book, declaration)
    _avslut(book)
    _mal(book)
    _ekonomi(book)
    _texter(book)
    _kontroll(book)
    return Layout(tuple(book.fields), tuple(book.formulas), tuple(book.labels))


def layout_of(version: int | None) -> Layout:
    """The layout a workbook of template `version` was made with.

    A released version keeps its own cells (toolkit/released.py) for the fields it had; the fields'
    meaning is today's, matched by defined name. A newer template than this toolkit knows is read by
    its defined names only. Today's version, and a file without a version, use the current layout."""
    if version is not None and version != TEMPLATE_VERSION and version in RELEASED:
        return _released(version, layout())
    if version is not None and version > TEMPLATE_VERSION:
        return _newer(version, layout())
    return layout()


@cache
def _newer(version: int, current: Layout) -> Layout:
    return Layout(current.fields, (), (), version, names_only=True)


@cache
def _released(version: int, current: Layout) -> Layout:
    cells = {name: (sheet, cell) for sheet, names in RELEASED[version].items() for name, cell in names.items()}
    fields = tuple(replace(f, sheet=cells[f.name][0], cell=cells[f.name][1]) for f in current.fields if f.name in cells)
    return Layout(fields, (), (), version)
