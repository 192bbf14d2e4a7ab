"""Every finding code: a workbook that triggers it at the exact cell, and a near miss that does not.

Workbooks are built from the example data file, changed as staff would change them (in the model,
or by typing raw values into cells), written to disk and checked with the real reader.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import load_workbook

from conftest import libreoffice, require_tool
from toolkit import TEMPLATE_VERSION
from toolkit.checks import check_model, check_paths, check_workbook
from toolkit.findings import CODES, CheckReport
from toolkit.layout import MALL, VERSION_CELL, layout
from toolkit.model import BudgetRad, InsatsRapport, Mal
from toolkit.periods import Period
from toolkit.rollover import roll_forward
from toolkit.workbook import save_workbook


def at(name: str) -> tuple[str, str]:
    """(sheet, cell) of an input field or a named formula cell, from the layout."""
    lay = layout()
    if name in lay.by_name:
        return lay.field(name).sheet, lay.field(name).cell
    formula = next(f for f in lay.formulas if f.name == name)
    return formula.sheet, formula.cell


def between(first: str, last: str) -> tuple[str, str]:
    return at(first)[0], f"{at(first)[1]}:{at(last)[1]}"


def found(path: Path) -> list[tuple]:
    return CheckReport(check_workbook(path).findings).flatten("sheet", "cell", "code")


def _set(**attrs: Any) -> Callable[[InsatsRapport], None]:
    def change(report: InsatsRapport) -> None:
        for dotted, value in attrs.items():
            target: Any = report
            *path, last = dotted.split("__")
            for step in path:
                target = target[int(step)] if step.isdigit() else getattr(target, step)
            if isinstance(target, dict):
                target[last] = value
            else:
                setattr(target, last, value)
    return change


def _add_line(line: BudgetRad) -> Callable[[InsatsRapport], None]:
    return lambda report: report.ekonomi.rader.append(line)


def _rolled_forward(report: InsatsRapport) -> None:
    """The workbook rolled forward to the next period and left as it came: nothing filled in."""
    report.__dict__.update(roll_forward(report, Period.parse("2017-T3")).__dict__)


def _goal(goal: Mal) -> Callable[[InsatsRapport], None]:
    return lambda report: report.mal.append(goal)


def _no_avvikelser(report: InsatsRapport) -> None:
    report.texter.pop("avvikelser")


# (id, change to the model or None, raw cell values, expected (sheet, cell, code) — None for a near miss)
CASES: list[tuple[str, Callable | None, dict[str, Any], list[tuple] | None]] = [
    # Participants
    ("sum-kon", _set(aktiviteter__0__inskrivna__kvinnor=26), {},
     [(*between("akt1_inskrivna_antal", "akt1_inskrivna_man"), "sum-kon")]),
    ("sum-kon ok", _set(aktiviteter__0__inskrivna__kvinnor=26, aktiviteter__0__inskrivna__man=14), {}, None),
    ("kon-saknas (kvinnor)", None, {"akt1_inskrivna_kvinnor": None}, [(*at("akt1_inskrivna_kvinnor"), "kon-saknas")]),
    ("kon-saknas (kvinnor och män)", None, {"akt1_avslutade_kvinnor": None, "akt1_avslutade_man": None},
     [(*between("akt1_avslutade_kvinnor", "akt1_avslutade_man"), "kon-saknas")]),
    ("kon-saknas (går vidare, män)", None, {"akt1_gar_vidare_man": None},
     [(*at("akt1_gar_vidare_man"), "kon-saknas")]),
    ("kon-saknas ok (antal 0)", None, {"akt1_gar_vidare_antal": 0, "akt1_gar_vidare_kvinnor": None,
                                       "akt1_gar_vidare_man": None, "akt1_gar_vidare_under_30": None}, None),
    ("kon-saknas ok (uppnått mål och prövotid med bara antal)", None,
     {"akt1_uppnatt_mal_antal": 20, "akt1_uppnatt_mal_kvinnor": None, "akt1_provotid_man": None}, None),
    ("kon-saknas not reported over an unreadable cell", None, {"akt1_inskrivna_kvinnor": "ca 25"},
     [(*at("akt1_inskrivna_kvinnor"), "text-i-talcell")]),
    ("under-30-over-antal", _set(aktiviteter__0__inskrivna__under_30=41), {},
     [(*at("akt1_inskrivna_under_30"), "under-30-over-antal")]),
    ("under-30-over-antal ok", _set(aktiviteter__0__inskrivna__under_30=40), {}, None),
    ("avslutade-over-inskrivna",
     _set(aktiviteter__0__inskrivna__antal=29, aktiviteter__0__inskrivna__kvinnor=18,
          aktiviteter__0__inskrivna__man=11, totalt_inskrivna=29, remittenter__kommun=4), {},
     [(*at("akt1_avslutade_antal"), "avslutade-over-inskrivna"),
      (*at("akt1_avslutade_kvinnor"), "avslutade-over-inskrivna")]),
    ("avslutade-over-inskrivna ok",
     _set(aktiviteter__0__inskrivna__antal=30, aktiviteter__0__inskrivna__kvinnor=19,
          aktiviteter__0__inskrivna__man=11, totalt_inskrivna=30, remittenter__kommun=5), {}, None),
    ("nya-over-inskrivna", None, {"akt1_nya_antal": 41, "akt1_nya_kvinnor": 26, "akt1_nya_man": 15},
     [(*at("akt1_nya_antal"), "nya-over-inskrivna"), (*at("akt1_nya_kvinnor"), "nya-over-inskrivna")]),
    ("nya-over-inskrivna ok (all of them new; more exits than new starts is normal)", None,
     {"akt1_nya_antal": 12, "akt1_nya_kvinnor": 7, "akt1_nya_man": 5}, None),
    ("kon-saknas (nya)", None, {"akt1_nya_antal": 12, "akt1_nya_kvinnor": 7}, [(*at("akt1_nya_man"), "kon-saknas")]),
    ("kon-saknas not for a strukturövergripande insats", _set(inriktning="struktur"),
     {"akt1_inskrivna_kvinnor": None, "akt1_inskrivna_man": None}, None),
    ("delmangd-over-avslutade", _set(aktiviteter__0__uppnatt_mal__antal=31), {},
     [(*at("akt1_uppnatt_mal_antal"), "delmangd-over-avslutade")]),
    ("delmangd-over-avslutade ok", _set(aktiviteter__0__uppnatt_mal__antal=30), {}, None),
    ("aktiviteter-summa", None, {"totalt_inskrivna": 41}, [(*at("totalt_inskrivna"), "aktiviteter-summa")]),
    ("aktiviteter-summa ok", None, {"totalt_inskrivna": 40}, None),
    ("remittenter-summa", None, {"rem_egen": 3},
     [(*between("rem_arbetsformedlingen", "rem_egen"), "remittenter-summa")]),
    ("remittenter-summa ok", None, {"rem_egen": 3, "rem_arbetsformedlingen": 9}, None),
    ("avslut-summa", None, {"avslut_ovrigt": 3},
     [(*between("avslut_arbete", "avslut_ovrigt"), "avslut-summa")]),
    ("avslut-summa ok (alla avslutade)", None, {"avslut_ovrigt": 4}, None),
    ("volymmal-efter (aktivitet)", _no_avvikelser, {}, [(*at("akt1_inskrivna_antal"), "volymmal-efter")]),
    ("volymmal-efter ok (inom 80 %)", _no_avvikelser, {"akt1_volymmal_per_ar": 75}, None),
    ("volymmal-efter (mål)", _goal(Mal("volymmal", "120 deltagare per år", 120, "antal_inskrivna")), {},
     [(*at("mal2_berakat"), "volymmal-efter")]),
    ("volymmal-efter ok (kommenterat)",
     _goal(Mal("volymmal", "120 deltagare per år", 120, "antal_inskrivna", kommentar="Sen start.")), {}, None),
    # Goals
    ("mal-utfall", None, {"mal1_utfall": 0.8}, [(*at("mal1_utfall"), "mal-utfall")]),
    ("mal-utfall ok (avrundat)", None, {"mal1_utfall": 0.9}, None),
    # Economy
    ("budget-summa", None, {"budget_totalt": 2_500_000, "fin_kommun": 100_000},
     [(*at("budget_totalt"), "budget-summa")]),
    ("budget-summa ok", None, {"budget_totalt": 2_400_000.4}, None),
    ("finansiering-tacker-inte", None, {"fin_samordningsforbundet": 2_000_000},
     [(*between("fin_samordningsforbundet", "fin_ovrigt"), "finansiering-tacker-inte")]),
    ("finansiering-tacker-inte ok", None, {"fin_samordningsforbundet": 2_000_000, "fin_region": 400_000}, None),
    ("utfall-over-budget", None, {"budget1_utfall_ackumulerat": 2_500_000, "budget1_prognos": 2_600_000},
     [(*at("budget1_utfall_ackumulerat"), "utfall-over-budget"),
      (*at("summa_utfall_ackumulerat"), "forbrukning-avviker")]),
    ("utfall-over-budget ok (kommenterat)", None,
     {"budget1_utfall_ackumulerat": 2_500_000, "budget1_prognos": 2_600_000,
      "ekonomi_kommentar": "Dyrare lokaler än planerat."}, None),
    ("prognos-under-utfall", None, {"budget1_prognos": 1_400_000},  # 1 500 000 already booked
     [(*at("budget1_prognos"), "prognos-under-utfall")]),
    ("prognos-under-utfall ok (prognos lika med utfallet)", None, {"budget1_prognos": 1_500_000}, None),
    ("prognos-under-utfall (rad och summa)", _add_line(BudgetRad("Lokaler", None, 50_000, 200_000, 150_000)),
     {"budget1_prognos": 1_400_000},
     [(*at("budget1_prognos"), "prognos-under-utfall"), (*at("budget2_prognos"), "prognos-under-utfall"),
      (*at("summa_prognos"), "prognos-under-utfall")]),
    ("prognos-under-utfall ok (summan över utfallet)", _add_line(BudgetRad("Lokaler", None, 50_000, 200_000, 150_000)),
     {"budget1_prognos": 1_600_000}, [(*at("budget2_prognos"), "prognos-under-utfall")]),
    ("forbrukning-avviker", None, {"budget1_utfall_ackumulerat": 400_000},
     [(*at("summa_utfall_ackumulerat"), "forbrukning-avviker")]),
    ("forbrukning-avviker ok (inom 15 procentenheter)", None, {"budget1_utfall_ackumulerat": 1_300_000}, None),
    # Period
    ("period-saknas", None, {"ar": None}, [(*between("ar", "delperiod"), "period-saknas")]),
    ("slut-utan-datum", None,
     {"rapporttyp": "Slutrapport", "delperiod": "Hela insatstiden", "period_start": None, "period_slut": None},
     [(*between("period_start", "period_slut"), "slut-utan-datum")]),
    ("slut-utan-datum (slutdatum saknas)", None,
     {"rapporttyp": "Slutrapport", "delperiod": "Hela insatstiden", "period_start": date(2016, 3, 1),
      "period_slut": None}, [(*at("period_slut"), "slut-utan-datum")]),
    ("period-saknas (slutdatum före startdatum)", None,
     {"rapporttyp": "Slutrapport", "delperiod": "Hela insatstiden", "period_start": date(2017, 9, 1)},
     [(*between("period_start", "period_slut"), "period-saknas")]),
    ("period-saknas ok (slutrapport med datum)", None,
     {"rapporttyp": "Slutrapport", "delperiod": "Hela insatstiden", "period_start": date(2016, 3, 1)}, None),
    ("rapporttyp-period", None, {"rapporttyp": "Kvartalsrapport"}, [(*at("delperiod"), "rapporttyp-period")]),
    ("rapporttyp-period ok", None, {"rapporttyp": "Kvartalsrapport", "delperiod": "Kvartal 2",
                                    "period_start": date(2017, 1, 1), "period_slut": date(2017, 6, 30)}, None),
    ("period-datum", None, {"period_start": date(2017, 5, 1)}, [(*at("period_start"), "period-datum")]),
    ("period-datum ok (bara perioden)", None, {"period_start": date(2017, 5, 1), "ackumulerad": "Nej"}, None),
    ("period-ar (2017 med siffror för 2016)", None,
     {"period_start": date(2016, 1, 1), "period_slut": date(2016, 8, 31)},
     [(*at("period_start"), "period-ar"), (*at("period_slut"), "period-ar")]),
    ("period-ar ok (datum tomma)", None, {"period_start": None, "period_slut": None}, None),
    # Whole workbook
    ("obligatoriskt-falt", None, {"forbund": None, "huvudman": "  "},
     [(*at("forbund"), "obligatoriskt-falt"), (*at("huvudman"), "obligatoriskt-falt")]),
    ("mal-aktivitet-saknas", None, {"mal1_aktiviteter": "Aktivering i grupp; Arbetsträning"},
     [(*at("mal1_aktiviteter"), "mal-aktivitet-saknas")]),
    ("mal-aktivitet-saknas ok (annan skrivning av namnet)", None, {"mal1_aktiviteter": "aktivering  i GRUPP"}, None),
    ("bedomning-avviker", None, {"mal1_bedomning": "Ej uppfyllt"}, [(*at("mal1_bedomning"), "bedomning-avviker")]),
    ("bedomning-avviker ok (samma som siffrorna)", None, {"mal1_bedomning": "Uppfyllt"}, None),
    ("bedomning-avviker ok (kommenterad)", None,
     {"mal1_bedomning": "Ej uppfyllt", "mal1_kommentar": "Flera gick vidare till insatser som inte ledde till arbete."},
     None),
    ("tom-arbetsbok", _rolled_forward, {}, [(*at("akt1_inskrivna_antal"), "tom-arbetsbok")]),
    ("tom-arbetsbok ok (en text ifylld)", _rolled_forward, {"text_avvikelser": "Inga deltagare under sommaren."}, None),
    ("tom-arbetsbok ok (en siffra ifylld)", _rolled_forward, {"akt1_utanfor_uppfoljning": 3}, None),
    ("text-kapad", None, {"text_sammanfattning": "x" * 32_767}, [(*at("text_sammanfattning"), "text-kapad")]),
    ("text-kapad ok (ett tecken kortare)", None, {"text_sammanfattning": "x" * 32_766}, None),
    ("personnummer", None, {"text_sammanfattning": "Deltagaren 19121212-1212 fick arbete."},
     [(*at("text_sammanfattning"), "personnummer")]),
    ("personnummer (utan bindestreck, kommentar)", None, {"mal1_kommentar": "Gäller 1212121212."},
     [(*at("mal1_kommentar"), "personnummer")]),
    ("personnummer (samordningsnummer, diarienummer)", None, {"diarienummer": "701063-2391"},
     [(*at("diarienummer"), "personnummer")]),
    ("personnummer (aktivitetens namn)", None, {"akt1_namn": "Coachning 197010632391"},
     [(*at("akt1_namn"), "personnummer")]),
    ("personnummer ok (fel kontrollsiffra, ogiltigt datum, belopp, telefon)", None,
     {"text_sammanfattning": "Dnr 19121212-1213 och 19121312-1212; 2 400 000 kr; ring 0701234567.",
      "diarienummer": "SFG 22-8.4"}, None),
    # Cell-level faults found by the reader; the rest of the workbook is still checked
    ("text-i-talcell ca 5", None, {"akt1_inskrivna_under_30": "ca 5"},
     [(*at("akt1_inskrivna_under_30"), "text-i-talcell")]),
    ("text-i-talcell 12 st", None, {"akt1_inskrivna_antal": "12 st"},
     [(*at("akt1_inskrivna_antal"), "text-i-talcell")]),
    ("text-i-talcell 70 % in a goal's target", None, {"mal1_malvarde": "70 %"},
     [(*at("mal1_malvarde"), "text-i-talcell")]),
    ("text-i-talcell SANT", None, {"akt1_inskrivna_under_30": True},
     [(*at("akt1_inskrivna_under_30"), "text-i-talcell")]),
    ("text-i-talcell 5,0 and a sum fault elsewhere", None,
     {"akt1_avslutade_antal": "5,0", "totalt_inskrivna": 41},
     [(*at("akt1_avslutade_antal"), "text-i-talcell"), (*at("totalt_inskrivna"), "aktiviteter-summa")]),
    ("decimaltal (the sum over it is not reported)", None, {"rem_egen": 2.5}, [(*at("rem_egen"), "decimaltal")]),
    ("negativt-tal", None, {"akt1_utanfor_uppfoljning": -3}, [(*at("akt1_utanfor_uppfoljning"), "negativt-tal")]),
    ("datum-som-text", None, {"period_slut": "2017-08-31"}, [(*at("period_slut"), "datum-som-text")]),
    ("datum-som-text 2022123", None, {"period_slut": "2022123"}, [(*at("period_slut"), "datum-som-text")]),
    ("felvarde #DIV/0!", None, {"budget1_budget": "#DIV/0!"}, [(*at("budget1_budget"), "felvarde")]),
    ("felvarde #REF!", None, {"akt1_inskrivna_kvinnor": "#REF!"}, [(*at("akt1_inskrivna_kvinnor"), "felvarde")]),
    ("ogiltigt-val", None, {"rapporttyp": "Kvartal"}, [(*at("rapporttyp"), "ogiltigt-val")]),
    ("ogiltigt-val ok (versaler spelar ingen roll)", None, {"rapporttyp": "TERTIALRAPPORT"}, None),
]


@pytest.mark.parametrize("name,change,cells,expected", CASES, ids=[c[0] for c in CASES])
def test_code(example, make_workbook, name, change, cells, expected):
    if change:
        change(example)
    path = make_workbook(example, **cells)
    assert found(path) == (expected or [])


def test_the_example_is_clean(example, make_workbook):
    assert found(make_workbook(example)) == []


def _replace_string(path: Path, old: str, new: str) -> None:
    """Rewrite one string inside the saved file, as a program without Excel's limit would write it."""
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    assert sum(data.count(old.encode()) for data in parts.values()) == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts.items():
            zf.writestr(info, data.replace(old.encode(), new.encode()))


def test_text_over_the_cell_limit(example, make_workbook):
    # openpyxl cuts texts at Excel's limit, LibreOffice does not: write the long text into the file itself.
    path = make_workbook(example, text_sammanfattning="LONG-TEXT-MARKER")
    _replace_string(path, "LONG-TEXT-MARKER", "x" * 32_768)
    assert found(path) == [(*at("text_sammanfattning"), "text-for-lang")]
    # A data file has no limit either: the check runs on the model before a workbook is written.
    example.texter["avvikelser"] = "å" * 40_000
    assert CheckReport(check_model(example)).flatten("sheet", "cell", "code") == [
        (*at("text_avvikelser"), "text-for-lang")]


def test_text_cut_by_openpyxl_is_reported(example, make_workbook):
    # openpyxl silently cuts a longer text to Excel's limit when it writes: the cut text reads back at the limit.
    path = make_workbook(example, text_avvikelser="å" * 40_000)
    assert len(load_workbook(path)[at("text_avvikelser")[0]][at("text_avvikelser")[1]].value) == 32_767
    (cut,) = check_workbook(path).findings
    assert (cut.sheet, cut.cell, cut.code, cut.severity) == (*at("text_avvikelser"), "text-kapad", "varning")
    assert "exakt 32\u00a0767 tecken" in cut.message and "troligen kapats" in cut.message


def test_personnummer_is_never_echoed(example, make_workbook):
    path = make_workbook(example, text_sammanfattning="Om 19121212-1212 och 701063-2391: se akten.")
    report = CheckReport(check_workbook(path).findings)
    (pnr,) = report.findings
    assert (pnr.sheet, pnr.cell, pnr.code) == (*at("text_sammanfattning"), "personnummer")
    assert "2 personnummer (19121212-****, 701063-****)" in pnr.message
    assert "Ta bort personnumren" in pnr.message and "sammanställda siffror" in pnr.message
    assert "1212-1212" not in report.to_json() and "2391" not in report.to_json()


def test_hints_for_text_in_number_cells(example, make_workbook):
    path = make_workbook(example, mal1_malvarde="70 %", mal1_utfall="ca 0,9", akt1_inskrivna_under_30="9 st",
                         akt1_avslutade_under_30=True)
    messages = {f.cell: f.message for f in check_workbook(path).findings}
    # A share typed as text: following "type the number alone" would make the target 7 000 %.
    target = messages[at("mal1_malvarde")[1]]
    assert "skriv 70 % så att Excel lagrar 0,7, eller decimaltalet 0,7" in target
    assert "Skriv bara talet" not in target
    assert "som procent (70 %) eller som decimaltal (0,7)" in messages[at("mal1_utfall")[1]]
    count = messages[at("akt1_inskrivna_under_30")[1]]
    assert count.endswith("”9 st” är inget tal. Skriv bara talet (9) utan text.")
    boolean = messages[at("akt1_avslutade_under_30")[1]]
    assert "sanningsvärdet SANT" in boolean and "True" not in boolean


def test_literal_places_as_excel_shows_them(example, make_workbook):
    example.aktiviteter[0].inskrivna.kvinnor = 26
    path = make_workbook(example, akt1_avslutade_under_30="ca 5")
    assert CheckReport(check_workbook(path).findings).flatten("place", "code") == [
        ("Deltagare!F25", "text-i-talcell"), ("Deltagare!C23:E23", "sum-kon")]


@pytest.mark.parametrize("version,expected", [
    (TEMPLATE_VERSION - 1, "aldre-mall"), (TEMPLATE_VERSION + 1, "nyare-mall"), (TEMPLATE_VERSION, None)])
def test_template_version(example, make_workbook, version, expected):
    path = make_workbook(example)
    wb = load_workbook(path)
    wb[VERSION_CELL[0]][VERSION_CELL[1]] = version
    save_workbook(wb, path)
    assert found(path) == ([(MALL, VERSION_CELL[1], expected)] if expected else [])


def test_across_files_in_a_folder(example, make_workbook, tmp_path):
    make_workbook(example, name="t2.xlsx")
    make_workbook(example, name="t2-kopia.xlsx")
    # Tertial 1 says 31 avslutade from 1 January; tertial 2 (both copies) says 30: the total and the aktivitet.
    make_workbook(example, name="t1.xlsx", delperiod="Tertial 1", period_slut=date(2017, 4, 30),
                  akt1_avslutade_antal=31, akt1_avslutade_kvinnor=20, avslut_ovrigt=5,
                  ekonomi_kommentar="Tidig upphandling av lokaler.")
    report = check_paths([tmp_path])
    assert sorted((Path(f.file).name, f.cell, f.code) for f in report.findings) == sorted([
        ("t2-kopia.xlsx", at("insats")[1], "dubbel-rapport"),
        ("t2-kopia.xlsx", at("summa_avslutade_antal")[1], "ackumulerat-minskar"),
        ("t2-kopia.xlsx", at("akt1_avslutade_antal")[1], "ackumulerat-minskar"),
        ("t2.xlsx", at("insats")[1], "dubbel-rapport"),
        ("t2.xlsx", at("summa_avslutade_antal")[1], "ackumulerat-minskar"),
        ("t2.xlsx", at("akt1_avslutade_antal")[1], "ackumulerat-minskar"),
    ])


def test_every_code_is_tested():
    tested = {code for *_, expected in CASES for *_, code in (expected or [])}
    tested |= {"text-for-lang", "aldre-mall", "nyare-mall", "dubbel-rapport", "ackumulerat-minskar",
               "kedja-bruten", "deltagare-osakert"}  # across files: test_checks_across, test_consolidate_ledger
    tested |= {"plan-dubblett", "plan-kommun-utan-namn", "plan-andel-avviker", "plan-budget-over-medel",  # test_plan.py
               "inte-i-planen", "budget-skiljer-fran-planen"}  # tests/test_consolidate_plan.py
    file_level = {"inte-excel", "trasig-fil", "krypterad-fil", "xls-format", "blad-saknas", "fel-mall"}  # corpus test
    file_level |= {"for-stor-fil"}  # test_hostile_reader
    assert set(CODES) - file_level <= tested


def test_error_values_from_formulas_saved_by_libreoffice(example, make_workbook, tmp_path):
    # Staff type a formula into an input cell; the spreadsheet program stores its error value.
    require_tool("soffice")
    path = make_workbook(example, name="formler.xlsx", budget1_budget="=1/0",
                         akt1_inskrivna_kvinnor="=Mall!Z999+#REF!")
    libreoffice("xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", path)
    checked = check_workbook(tmp_path / "lo" / "formler.xlsx")
    assert CheckReport(checked.findings).flatten("sheet", "cell", "code", "actual") == [
        (*at("akt1_inskrivna_kvinnor"), "felvarde", "#REF!"), (*at("budget1_budget"), "felvarde", "#DIV/0!")]
