"""The workbook's live checks agree with Kontrollera: LibreOffice recalculates a corpus of faulty workbooks
(one per rule plus Hypothesis-generated junk) and, for every rule with a formula, the cells the workbook
marks are exactly the cells the Python check names."""

from __future__ import annotations

import csv
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import EXAMPLE, libreoffice, require_tool, typed
from toolkit.a1 import column_letter, coordinates
from toolkit.checks import check_workbook
from toolkit.checks.live import live_codes
from toolkit.colours import MARKS
from toolkit.datafile import load_data
from toolkit.layout import SHEETS, layout
from toolkit.live_sheet import LIVE_SHEET, TABLE, TABLE_FIRST_ROW
from toolkit.workbook import build_workbook, write_workbook

#: Edits that make each rule with a formula fail at least once (the junk below finds the rest of the space).
TARGETED: dict[str, dict] = {
    "text": {"akt1_inskrivna_under_30": "ca 5"},
    "datum": {"period_slut": "2025123"},
    "decimal": {"akt2_avslutade_antal": 2.5, "akt2_avslutade_kvinnor": 1.5},
    "negativ": {"rem_kommun": -3, "mal1_malvarde": -0.5},
    "felvarde": {"akt1_avslutade_antal": "#DIV/0!", "budget1_budget": "#N/A"},
    "val": {"delperiod": "Kvartal 9", "ackumulerad": "kanske"},
    "kon": {"akt1_inskrivna_kvinnor": 99, "akt2_gar_vidare_man": None},
    "kon-bada": {"akt1_avslutade_kvinnor": None, "akt1_avslutade_man": None},
    "under30": {"akt1_avslutade_under_30": 500},
    "floden": {"akt1_avslutade_antal": 10_000, "akt1_provotid_kvinnor": 400},
    "summor": {"totalt_inskrivna": 1, "rem_egen": 77, "avslut_ovrigt": 55},
    "ekonomi": {"budget_totalt": 1, "budget1_utfall_ackumulerat": 10**9, "ekonomi_kommentar": "",
                "fin_samordningsforbundet": 0},
    "finansiering": {"fin_samordningsforbundet": 1, "fin_kommun": 1},
    "typ": {"rapporttyp": "Årsrapport"},
    "datum-fel": {"period_start": date(2017, 2, 1), "period_slut": date(2016, 12, 31)},
    "slut": {"rapporttyp": "Slutrapport", "delperiod": None, "period_start": None},
    "saknas": {"forbund": "  ", "insats": None, "ar": None},
    "slut-bakvant": {"rapporttyp": "Slutrapport", "delperiod": None, "period_start": date(2017, 9, 1),
                     "period_slut": date(2017, 1, 1)},
    "slut-utan-datum": {"rapporttyp": "Slutrapport", "delperiod": None, "period_start": None, "period_slut": None},
    "prognos": {"budget1_prognos": 1, "budget2_prognos": 2},
}


def _emptied_by_roll_forward() -> dict:
    """Every input that roll-forward empties, emptied: a workbook with nothing reported (tom-arbetsbok)."""
    from toolkit.cells import to_cells
    from toolkit.periods import Period
    from toolkit.rollover import roll_forward

    example = load_data(EXAMPLE)
    kept = to_cells(roll_forward(example, Period.parse("2017-T3")))
    return {name: None for name in to_cells(example) if name not in kept}


TARGETED["tom"] = _emptied_by_roll_forward()

# No TRUE/FALSE: LibreOffice stores a boolean typed into a number-formatted cell as the number 1 or 0,
# where Excel (and Kontrollera) see a boolean; the two programs differ there, not the rules.
JUNK_TEXT = st.sampled_from(["ca 5", "5", "fem", "  ", "12 st", "2025-12-31", "2025123", "x", "Ja", "nej"])
JUNK_ERRORS = st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])


def junk(kind: str, choices: tuple[str, ...]) -> st.SearchStrategy:
    """What staff might type into a cell of this kind, wrong or right."""
    common = st.one_of(st.none(), JUNK_TEXT, JUNK_ERRORS)
    if kind == "count":
        return st.one_of(common, st.integers(-5, 80), st.floats(-3, 50).map(lambda x: round(x, 1)))
    if kind == "number":
        return st.one_of(common, st.floats(-1, 2).map(lambda x: round(x, 2)), st.integers(-5, 200))
    if kind == "amount":
        return st.one_of(common, st.integers(-1000, 3_000_000), st.floats(0, 10**6).map(lambda x: round(x, 2)))
    if kind == "date":
        return st.one_of(st.none(), JUNK_TEXT, JUNK_ERRORS, st.dates(date(2016, 1, 1), date(2018, 12, 31)))
    if kind == "choice":
        return st.one_of(st.none(), JUNK_TEXT, JUNK_ERRORS, st.sampled_from(choices or ("x",)),
                         st.sampled_from(choices or ("x",)).map(str.lower))
    return st.one_of(st.none(), st.just("  "), JUNK_ERRORS, st.text("abc åäö", min_size=1, max_size=8))


FIELDS = [f for f in layout().fields if f.kind != "longtext" or f.name == "ekonomi_kommentar"]
EDIT = st.sampled_from(FIELDS).flatmap(lambda f: st.tuples(st.just(f.name), junk(f.kind, f.choices)))
JUNK_CASES = 180


def generated_edits() -> list[dict]:
    """Hypothesis-generated edits to the example workbook: a few cells each, derandomized."""
    found: list[dict] = []

    @settings(max_examples=JUNK_CASES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(EDIT, min_size=1, max_size=6))
    def collect(edits):
        found.append(dict(edits))

    collect()
    return found


def typed_copy(base: bytes, out: Path, edits: dict) -> Path:
    """A copy of the built workbook `base` with values typed into named input cells as openpyxl types them
    (written into its XML: a hundred times faster than opening and saving it with openpyxl)."""
    data = typed(base, edits)
    assert data is not None, edits  # dates go into date cells only
    out.write_bytes(data)
    return out


def cells_of(ref: str) -> set[str]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = coordinates(first), coordinates(last or first)
    return {f"{column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


def _recalculate(files: list[Path], out: Path) -> None:
    """One LibreOffice run: recalculate the workbooks and write their Mall sheet (the live table) as CSV."""
    sheet = len(SHEETS) + 1  # the live sheet comes after the template's sheets
    libreoffice(f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}", out, *files,
                timeout=600)


def live_marks(csv_path: Path) -> dict[str, set[tuple[str, str]]]:
    """code -> the cells the recalculated workbook marks (each failing live check's place, cell by cell)."""
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    flag, code, place = TABLE.index("flagga"), TABLE.index("kod"), TABLE.index("plats")
    marks: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows[TABLE_FIRST_ROW - 1:]:
        if len(row) <= place or not row[code]:
            continue
        assert row[flag] in ("TRUE", "FALSE"), (csv_path.name, row[code], row[place], row[flag])
        if row[flag] == "TRUE":
            sheet, ref = row[place].split("!")
            marks[row[code]].update((sheet, c) for c in cells_of(ref))
    return marks


def python_marks(path: Path, codes: set[str]) -> dict[str, set[tuple[str, str]]]:
    marks: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in check_workbook(path).findings:
        if f.code in codes and f.sheet and f.cell:
            marks[f.code].update((f.sheet, c) for c in cells_of(f.cell))
    return marks


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(name, cells Kontrollera names, cells the recalculated workbook marks, edits) per case, by code.

    Two LibreOffice runs at once recalculate all the workbooks."""
    require_tool("soffice")
    tmp = tmp_path_factory.mktemp("live")
    base = write_workbook(tmp / "base.xlsx", load_data(EXAMPLE)).read_bytes()
    cases = {**TARGETED, **{f"junk{i:03d}": edits for i, edits in enumerate(generated_edits())}}
    paths = {name: typed_copy(base, tmp / f"{name}.xlsx", edits) for name, edits in cases.items()}
    files = list(paths.values())
    halves = [files[::2], files[1::2]]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda half: _recalculate(half, tmp / "csv"), halves))
    codes = live_codes()
    return [(name, python_marks(path, codes), live_marks(tmp / "csv" / f"{path.stem}-{LIVE_SHEET}.csv"), cases[name])
            for name, path in paths.items()]


def test_the_corpus_is_large_and_every_rule_with_a_formula_fails_somewhere(corpus):
    assert len(corpus) >= 200
    fired = set()
    for _, python, _, _ in corpus:
        fired |= set(python)
    assert fired == live_codes()


def test_the_workbook_marks_exactly_the_cells_kontrollera_names(corpus):
    codes = live_codes()
    for name, python, live, edits in corpus:
        for code in codes:
            assert live.get(code, set()) == python.get(code, set()), (name, code, edits)


def test_every_marked_cell_has_conditional_formatting_on_its_flags():
    wb = build_workbook()
    rules = {(ws.title, str(cf.sqref)): [r.formula[0] for r in cf.rules]
             for ws in wb.worksheets for cf in ws.conditional_formatting}
    under_30 = layout().field("akt1_inskrivna_under_30")
    assert [r[0].startswith(f"OR({LIVE_SHEET}!$A$") for r in [rules[(under_30.sheet, under_30.cell)]]] == [True]
    used = layout().field("budget1_utfall_ackumulerat")  # an error (text in it) and a warning (over budget)
    cf = next(cf for cf in wb[used.sheet].conditional_formatting if str(cf.sqref) == used.cell)
    assert [r.dxf.fill.fgColor.rgb[-6:] for r in cf.rules] == [MARKS["fel"], MARKS["varning"]]
    assert [r.stopIfTrue for r in cf.rules] == [True, True]


def test_a_typed_copy_reads_as_the_same_edits_made_with_openpyxl(tmp_path):
    """Typed copies (also every workbook_file with typed cells) against openpyxl opening, typing, saving:
    text, dates, error values, emptied cells, decimals, huge amounts, formulas typed by staff."""
    from conftest import openpyxl_typed
    from toolkit.reader import read_workbook

    example = load_data(EXAMPLE)
    base = write_workbook(tmp_path / "base.xlsx", example).read_bytes()
    cases = {name: TARGETED[name] for name in ("text", "datum-fel", "felvarde", "saknas", "decimal", "ekonomi")}
    cases["formler"] = {"budget1_budget": "=1/0", "akt1_inskrivna_kvinnor": "=Mall!Z999+#REF!"}
    for name, edits in cases.items():
        typed = read_workbook(typed_copy(base, tmp_path / f"{name}.xlsx", edits))
        saved = read_workbook(openpyxl_typed(tmp_path / "base.xlsx", tmp_path / f"{name}-openpyxl.xlsx", **edits))
        assert typed.report == saved.report, name
        assert [(f.code, f.cell, f.actual) for f in typed.findings] == [(f.code, f.cell, f.actual) for f in saved.findings]
    formulas = load_workbook(tmp_path / "formler.xlsx")
    assert [formulas[at.sheet][at.cell].value for at in map(layout().field, cases["formler"])] == [
        "=1/0", "=Mall!Z999+#REF!"]
