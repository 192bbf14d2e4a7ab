"""Live checks: the rules that can be judged inside one workbook, as Excel formulas over its defined names.

Each rule is declared once here: the finding code of its Python check (severity and Swedish title
come from the catalogue), the places it names, taken from the same `places` helpers the Python
check uses, and a formula builder. `toolkit.live_sheet` turns the instances into the workbook's
live checks (conditional formatting, the list on Kontroll, `antal_fel`, `antal_varningar`, the
status on Uppgifter). Python's Kontrollera stays the authority; `tests/test_live_agreement.py`
recalculates a corpus in LibreOffice and asserts both name the same cells, rule by rule.

Formulas follow the Python model exactly: a cell Python cannot use (text in a count, a decimal,
a negative, an error value, a date as text, a value not in the list) is empty to every rule, and
an instance whose place includes such a cell is left out, as `check_parsed` leaves it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..catalog import (
    AVSLUTSANLEDNINGAR,
    FINANSIERING,
    MAX_AKTIVITETER,
    MAX_BUDGETRADER,
    PERIOD_CHOICES,
    REMITTENTER,
    REPORT_TYPES,
    SUBSETS_OF_AVSLUTADE,
    TALLY_COLUMNS,
)
from ..findings import CODES
from ..layout import Field, budget_name, layout, tally_name
from ..periods import Period
from ..schema import tally_rows
from . import places
from .economy import KRONOR_TOLERANCE
from .meta import required_fields
from .participants import ROWS_WITH_KON

__all__ = ["Instance", "Values", "clean", "live_codes", "live_instances", "numeric_fields"]


@dataclass(frozen=True)
class Instance:
    """One live check: TRUE in `formula` means the finding `code` at `sheet`!`cell` (a cell or range)."""

    code: str
    sheet: str
    cell: str
    label: str  # Swedish: what the instance is about, e.g. "Aktivitet 1, inskrivna"
    formula: str  # an Excel boolean over defined names; never an error value

    @property
    def severity(self) -> str:
        return CODES[self.code].severity

    @property
    def message(self) -> str:
        return f"{self.label}: {CODES[self.code].title}"


# --- expressions over one named cell ----------------------------------------------------------------
def number(n: str) -> str:
    """A number (not TRUE/FALSE, which LibreOffice also counts as numbers)."""
    return f"AND(ISNUMBER({n}),NOT(ISLOGICAL({n})))"


def usable(f: Field) -> str:
    """The cell holds a number Python can use for its kind (count: whole and >= 0; number: >= 0)."""
    n = f.name
    if f.kind == "count":
        return f"IF({number(n)},AND({n}=INT({n}),{n}>=0),FALSE)"
    if f.kind == "number":
        return f"IF({number(n)},{n}>=0,FALSE)"
    return number(n)


def clean(f: Field) -> str:
    """The value the Python model has for a numeric cell: the number where usable, else "" (unknown)."""
    return f'IF({usable(f)},{"INT(" + f.name + ")" if f.kind == "date" else f.name},"")'


def empty(n: str) -> str:
    """Empty as Python reads it: nothing, or only spaces."""
    return f"IF(ISERROR({n}),FALSE,LEN(TRIM({n}))=0)"


NUMERIC_KINDS = ("count", "number", "amount", "date")


class Values:
    """References to the model's value of each numeric field (cells holding `clean`), for rule formulas."""

    def __init__(self, refs: dict[str, str], helper: Callable[[str, str], str]) -> None:
        self.refs = refs
        self.helper = helper  # (label, formula) -> a reference to a cell holding the formula

    def ok(self, name: str) -> str:
        return f"ISNUMBER({self.refs[name]})"

    def v(self, name: str) -> str:
        return f"N({self.refs[name]})"

    def any(self, names: list[str]) -> str:
        return f"COUNT({','.join(self.refs[n] for n in names)})>0"

    def sum(self, names: list[str]) -> str:
        return f"SUM({','.join(self.refs[n] for n in names)})"


def _field(name: str) -> Field:
    return layout().field(name)


def _at(code: str, where: dict[str, str], label: str, formula: str) -> Instance:
    return Instance(code, where["sheet"], where["cell"], label, formula)


# --- cell-level rules ---------------------------------------------------------------------------------
def cell_rules(list_range: Callable[[Field], str]) -> Iterator[Instance]:
    """What the reader finds in one cell, for every input cell of the layout."""
    for f in layout().fields:
        n, where = f.name, places.where(f.name)
        yield _at("felvarde", where, f.label, f"ISERROR({n})")
        not_number = f"AND(NOT(ISERROR({n})),NOT({number(n)}),NOT({empty(n)}))"
        if f.kind in ("count", "number", "amount"):
            yield _at("text-i-talcell", where, f.label, not_number)
        if f.kind == "count":
            yield _at("decimaltal", where, f.label, f"IF({number(n)},{n}<>INT({n}),FALSE)")
            yield _at("negativt-tal", where, f.label, f"IF({number(n)},AND({n}<0,{n}=INT({n})),FALSE)")
        if f.kind == "number":
            yield _at("negativt-tal", where, f.label, f"IF({number(n)},{n}<0,FALSE)")
        if f.kind == "date":
            yield _at("datum-som-text", where, f.label, not_number)
        if f.kind == "choice" and f.strict:
            yield _at("ogiltigt-val", where, f.label,
                      f"AND(NOT(ISERROR({n})),NOT({empty(n)}),ISNA(MATCH(TRIM({n}),{list_range(f)},0)))")


# --- participants -----------------------------------------------------------------------------------
def _akt(a: int) -> str:
    return f"Aktivitet {a}"


def participant_rules(x: Values) -> Iterator[Instance]:
    for a in range(1, MAX_AKTIVITETER + 1):
        for row, title in tally_rows().items():
            antal, kv, man, u30 = (tally_name(a, row, c) for c in ("antal", "kvinnor", "man", "under_30"))
            label = f"{_akt(a)}, {title.lower()}"
            yield _at("sum-kon", places.span(antal, man), label,
                      f"AND({x.ok(antal)},{x.ok(kv)},{x.ok(man)},{x.v(kv)}+{x.v(man)}<>{x.v(antal)})")
            yield _at("under-30-over-antal", places.where(u30), label,
                      f"AND({x.ok(antal)},{x.ok(u30)},{x.v(u30)}>{x.v(antal)})")
            if row in ROWS_WITH_KON:
                counted = f"{x.v(antal)}>0"
                yield _at("kon-saknas", places.span(kv, man), label,
                          f"AND({counted},NOT({x.ok(kv)}),NOT({x.ok(man)}))")
                yield _at("kon-saknas", places.where(kv), label, f"AND({counted},NOT({x.ok(kv)}),{x.ok(man)})")
                yield _at("kon-saknas", places.where(man), label, f"AND({counted},{x.ok(kv)},NOT({x.ok(man)}))")
        for column in TALLY_COLUMNS:
            ins, avsl = tally_name(a, "inskrivna", column), tally_name(a, "avslutade", column)
            yield _at("avslutade-over-inskrivna", places.where(avsl), f"{_akt(a)}, avslutade",
                      f"AND({x.ok(ins)},{x.ok(avsl)},{x.v(avsl)}>{x.v(ins)})")
            for row in SUBSETS_OF_AVSLUTADE:
                part = tally_name(a, row, column)
                yield _at("delmangd-over-avslutade", places.where(part), f"{_akt(a)}, {tally_rows()[row].lower()}",
                          f"AND({x.ok(avsl)},{x.ok(part)},{x.v(part)}>{x.v(avsl)})")
    enrolled, exited, provotid = _total("inskrivna"), _total("avslutade"), _total("provotid")
    yield _at("aktiviteter-summa", places.where("totalt_inskrivna"), _field("totalt_inskrivna").label,
              f"AND({x.ok('totalt_inskrivna')},{x.any(enrolled)},{x.v('totalt_inskrivna')}<>{x.sum(enrolled)})")
    rem = [f"rem_{k}" for k in REMITTENTER]
    yield _at("remittenter-summa", places.span(rem[0], rem[-1]), "Remittenter",
              f"AND({x.any(rem)},{x.any(enrolled)},{x.sum(rem)}<>{x.sum(enrolled)})")
    reasons = [f"avslut_{k}" for k in AVSLUTSANLEDNINGAR]
    underlag = f"{x.sum(exited)}-{x.sum(provotid)}"
    yield _at("avslut-summa", places.span(reasons[0], reasons[-1]), "Avslutsanledningar",
              f"AND({x.any(reasons)},{x.any(exited)},{x.sum(reasons)}<>{x.sum(exited)},"
              f"{x.sum(reasons)}<>{underlag})")


def _total(row: str) -> list[str]:
    return [tally_name(a, row, "antal") for a in range(1, MAX_AKTIVITETER + 1)]


# --- economy ------------------------------------------------------------------------------------------
def economy_rules(x: Values) -> Iterator[Instance]:
    lines = [budget_name(i, "budget") for i in range(1, MAX_BUDGETRADER + 1)]
    total = "budget_totalt"
    yield _at("budget-summa", places.where(total), _field(total).label,
              f"AND({x.ok(total)},{x.any(lines)},ABS({x.sum(lines)}-{x.v(total)})>{KRONOR_TOLERANCE})")
    fin = [f"fin_{k}" for k in FINANSIERING]
    budget = f"IF({x.ok(total)},{x.v(total)},{x.sum(lines)})"
    yield _at("finansiering-tacker-inte", places.span(fin[0], fin[-1]), "Finansiering",
              f"AND(OR({x.ok(total)},{x.any(lines)}),{x.any(fin)},{x.sum(fin)}<{budget}-{KRONOR_TOLERANCE})")
    for i in range(1, MAX_BUDGETRADER + 1):
        line, used = budget_name(i, "budget"), budget_name(i, "utfall_ackumulerat")
        yield _at("utfall-over-budget", places.where(used), f"Budgetrad {i}",
                  f"AND({empty('ekonomi_kommentar')},{x.ok(line)},{x.ok(used)},{x.v(used)}>{x.v(line)})")
    both = []
    for i in range(1, MAX_BUDGETRADER + 1):
        forecast, used = budget_name(i, "prognos"), budget_name(i, "utfall_ackumulerat")
        both.append(f"{x.ok(forecast)}*{x.ok(used)}")
        yield _at("prognos-under-utfall", places.where(forecast), f"Budgetrad {i}",
                  f"AND({x.ok(forecast)},{x.ok(used)},{x.v(forecast)}<{x.v(used)}-{KRONOR_TOLERANCE})")
    forecasts = [budget_name(i, "prognos") for i in range(1, MAX_BUDGETRADER + 1)]
    booked = [budget_name(i, "utfall_ackumulerat") for i in range(1, MAX_BUDGETRADER + 1)]
    yield _at("prognos-under-utfall", places.formula("summa_prognos"), "Summa",
              f"AND({'+'.join(both)}>1,{x.sum(forecasts)}<{x.sum(booked)}-{KRONOR_TOLERANCE})")


# --- the report's who and when ------------------------------------------------------------------------
def _choice_is(name: str, label: str) -> str:
    return f"IF(ISERROR({name}),FALSE,TRIM({name})=\"{label}\")"


def _kind_of_choice() -> str:
    """The period kind of the Period drop-down ("" when empty or not in the list)."""
    expr = '""'
    for label, (kind, _) in reversed(list(PERIOD_CHOICES.items())):
        expr = f'IF({_choice_is("delperiod", label)},"{kind}",{expr})'
    return expr


def _kind_of_type() -> str:
    """The period kind of the report type ("" when empty or not in the list)."""
    expr = '""'
    for label, kind in reversed(list(REPORT_TYPES.values())):
        expr = f'IF({_choice_is("rapporttyp", label)},"{kind}",{expr})'
    return expr


def _bounds(first: bool) -> str:
    """The first (or last) day the figures cover, for a chosen non-final period of year `ar`."""
    expr = "0"
    for label, (kind, part) in reversed(list(PERIOD_CHOICES.items())):
        if kind == "slut":
            continue
        sample = Period.of(kind, 2001, part)  # month and day do not depend on the year (no period ends in February)
        day = sample.start if first else sample.end
        when = f"DATE(ar,{day.month},{day.day})"  # only used where År is a usable year
        if first:
            when = f'IF({_choice_is("ackumulerad", "Ja")},DATE(ar,1,1),{when})'
        expr = f'IF({_choice_is("delperiod", label)},{when},{expr})'
    return expr


def period_rules(x: Values, list_range: Callable[[Field], str]) -> Iterator[Instance]:
    choice_kind = x.helper("periodtyp enligt Period", _kind_of_choice())
    type_kind = x.helper("periodtyp enligt Rapporttyp", _kind_of_type())
    kind = x.helper("periodtyp", f'IF({choice_kind}<>"",{choice_kind},{type_kind})')
    dates = f"AND({x.ok('period_start')},{x.ok('period_slut')},{x.v('period_start')}<={x.v('period_slut')})"
    year = f"AND({x.ok('ar')},{x.v('ar')}>=1990,{x.v('ar')}<=2100)"
    known = x.helper("perioden är känd", f'IF({kind}="slut",{dates},AND({choice_kind}<>"",{year}))')
    final = _choice_is("rapporttyp", REPORT_TYPES["slut"][0])
    start, end = x.ok("period_start"), x.ok("period_slut")
    final_unknown = f"AND(NOT({known}),{final})"
    yield _at("period-saknas", places.span("period_start", "period_slut"), "Period",
              f"AND({final_unknown},{start},{end},{x.v('period_slut')}<{x.v('period_start')})")
    yield _at("slut-utan-datum", places.span("period_start", "period_slut"), "Period",
              f"AND({final_unknown},NOT({start}),NOT({end}))")
    yield _at("slut-utan-datum", places.where("period_slut"), "Period", f"AND({final_unknown},{start},NOT({end}))")
    yield _at("slut-utan-datum", places.where("period_start"), "Period", f"AND({final_unknown},NOT({start}),{end})")
    yield _at("period-saknas", places.span("ar", "delperiod"), "Period", f"AND(NOT({known}),NOT({final}))")
    yield _at("rapporttyp-period", places.where("delperiod"), "Rapporttyp och period",
              f'AND({known},{type_kind}<>"",{type_kind}<>{kind})')
    ordinary = f'AND({known},{kind}<>"slut")'
    for name, first in (("period_start", True), ("period_slut", False)):
        bound = x.helper(f"väntat {_field(name).label.lower()}", _bounds(first))
        off = f"AND({ordinary},{x.ok(name)},{x.v(name)}<>{bound})"
        yield _at("period-ar", places.where(name), _field(name).label, f"AND({off},YEAR({x.v(name)})<>{x.v('ar')})")
        yield _at("period-datum", places.where(name), _field(name).label, f"AND({off},YEAR({x.v(name)})={x.v('ar')})")
    for f in required_fields():
        name = f.name
        missing = empty(name)
        if f.kind == "choice":  # a value not in the list is empty to the model (the cell's own finding says why)
            missing = f"OR({missing},IF(ISERROR({name}),FALSE,ISNA(MATCH(TRIM({name}),{list_range(f)},0))))"
        elif f.kind in NUMERIC_KINDS:
            missing = f"NOT({x.ok(name)})"
        yield _at("obligatoriskt-falt", places.where(name), f.label, missing)


# --- all of them --------------------------------------------------------------------------------------
#: What counts as reported for the period (`meta.reports_nothing`), by model path.
REPORTED = re.compile(r"^(aktiviteter\[\d+\]\.(tallies\.|utanfor_uppfoljning)|remittenter\.|avslutsanledningar\.|"
                      r"mal\[\d+\]\.(utfall|kommentar)$|ekonomi\.rader\[\d+\]\.utfall_|ekonomi\.kommentar$|texter\.)")


def nothing_reported(x: Values) -> Iterator[Instance]:
    """tom-arbetsbok: no tally, remittent, exit reason, goal outcome or comment, utfall or text."""
    reported = [f for f in layout().fields if REPORTED.match(f.path)]
    numbers = [f.name for f in reported if f.kind in NUMERIC_KINDS]
    texts = [f.name for f in reported if f.kind not in NUMERIC_KINDS]
    counts = "+".join(f"COUNT({','.join(x.refs[n] for n in numbers[i:i + 200])})" for i in range(0, len(numbers), 200))
    yield _at("tom-arbetsbok", places.where(tally_name(1, "inskrivna", "antal")), "Arbetsboken",
              f"AND({counts}=0,{','.join(empty(t) for t in texts)})")


def numeric_fields() -> list[Field]:
    """The fields whose model value the rules read through `Values` (one cell each holds `clean`)."""
    return [f for f in layout().fields if f.kind in NUMERIC_KINDS]


def live_instances(list_range: Callable[[Field], str], values: Values) -> list[Instance]:
    """Every live check, cell-level first (the writer leaves a rule out where its place has an unusable cell)."""
    return [*cell_rules(list_range), *participant_rules(values), *economy_rules(values),
            *period_rules(values, list_range), *nothing_reported(values)]


def live_codes() -> set[str]:
    """The codes with a formula: for these the workbook and Kontrollera must name the same cells."""
    values = Values({f.name: "X" for f in numeric_fields()}, lambda label, formula: "X")
    return {i.code for i in live_instances(lambda f: "L", values)}
