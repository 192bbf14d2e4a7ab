"""The Excel buttons against a stand-in Book backed by real workbook files (see fake_book.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import xlwings as xw
from docx import Document
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from fake_book import FakeBook, ProtectedSheetError
from toolkit import excel
from toolkit.checks import check_workbook
from toolkit.checks.render import status_text
from toolkit.layout import KONTROLL, KONTROLL_STATUS, layout
from toolkit.workbook import COMPUTED_FILL, INPUT_FILL
from toolkit.xlsm import CONF_SHEET, write_xlsm

WHEN = datetime(2026, 11, 23, 14, 5)
RED = "FFC7CE"
INPUT = str(INPUT_FILL.fgColor.rgb)[-6:]


def cell_of(book: FakeBook, name: str):
    f = layout().field(name)
    return book.wb[f.sheet][f.cell]


def fill_of(cell) -> str | None:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type else None


def kontroll_values(book: FakeBook) -> list[list]:
    ws = book.wb[KONTROLL]
    rows = [list(r) for r in ws.iter_rows(min_row=6, min_col=2, max_col=8, values_only=True)]
    return [r for r in rows if any(v not in (None, "") for v in r)]


def test_the_live_read_finds_what_the_file_reader_finds(example, make_workbook):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5", akt1_avslutade_kvinnor=99,
                         period_slut="2025123", rem_arbetsformedlingen="#DIV/0!")
    live = excel.check_live(excel.read_book(FakeBook(path)))
    expected = check_workbook(path).findings
    assert [(f.code, f.sheet, f.cell, f.severity) for f in live] == \
           [(f.code, f.sheet, f.cell, f.severity) for f in expected]
    assert "felvarde" in {f.code for f in live}


def test_numbers_come_back_as_floats_and_dates_as_datetimes(example, make_workbook):
    path = make_workbook(example, period_start=date(2025, 1, 1))
    book = FakeBook(path)
    read = excel.read_book(book)
    assert book.sheets["Uppgifter"].range(layout().field("ar").cell).value == float(example.period.year)
    assert read.report.period == example.period
    assert read.report.period_start == date(2025, 1, 1)
    assert read.report.total("inskrivna") == example.total("inskrivna")


def test_kontrollera_writes_kontroll_status_colours_and_a_message(example, make_workbook):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5")
    book = FakeBook(path)
    findings = excel.check_book(book, when=WHEN)

    assert [(f.code, f.sheet, f.cell) for f in findings] == [("text-i-talcell", "Deltagare", "F23")]
    assert book.wb[KONTROLL][KONTROLL_STATUS[1]].value == "1 fel, 0 varningar – kontrollerad 2026-11-23 14:05"
    cell = layout().field("akt1_inskrivna_under_30").cell
    assert kontroll_values(book) == [["Fel", "text-i-talcell", "Deltagare", cell, "Aktivitet 1: Inskrivna, under 30 år: "
                                      "”ca 5” är inget tal. Skriv bara talet (5) utan text.", "", "ca 5"]]
    link = book.wb[KONTROLL]["E6"].hyperlink
    assert link.location == "'Deltagare'!F23"
    assert fill_of(book.wb[KONTROLL]["B6"]) == RED
    faulty = cell_of(book, "akt1_inskrivna_under_30")
    assert fill_of(faulty) == RED
    assert faulty.comment.text.startswith("Fel (text-i-talcell): Aktivitet 1: Inskrivna, under 30 år")
    assert fill_of(cell_of(book, "akt1_inskrivna_antal")) == INPUT  # its neighbours are untouched
    assert [a.mode for a in book.app.alerts] == ["critical"]
    assert book.app.alerts[0].prompt.startswith("1 fel. Se bladet Kontroll")
    assert book.app.screen_updating is True


def test_protection_is_lifted_for_the_marks_and_put_back(example, make_workbook):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5")
    book = FakeBook(path)
    excel.check_book(book, when=WHEN)
    deltagare = book.sheets["Deltagare"]
    assert [name for name, _ in deltagare.api.calls] == ["Unprotect", "Protect"]
    assert deltagare.ws.protection.sheet
    assert deltagare.ws.protection.formatColumns is False  # as the template: columns may be resized
    assert book.sheets["Uppgifter"].api.calls == []  # nothing to mark there


def test_a_second_run_clears_the_first_runs_marks(example, make_workbook, tmp_path):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5", akt1_avslutade_kvinnor=99)
    book = FakeBook(path)
    first = excel.check_book(book, when=WHEN)
    assert {f.code for f in first} >= {"text-i-talcell"} and len(first) >= 2
    book.save()

    book = FakeBook(path)  # staff fix one cell, save, and press Kontrollera again
    f = layout().field("akt1_inskrivna_under_30")
    book.sheets[f.sheet].range(f.cell).value = 5
    second = excel.check_book(book, when=datetime(2026, 11, 24, 9, 0))
    book.save(tmp_path / "after.xlsx")

    wb = load_workbook(tmp_path / "after.xlsx")
    fixed = wb[f.sheet][f.cell]
    assert fill_of(fixed) == INPUT and fixed.comment is None
    assert "text-i-talcell" not in {x.code for x in second}
    rows = [list(r) for r in wb[KONTROLL].iter_rows(min_row=6, min_col=2, max_col=8, values_only=True)]
    shown = [r for r in rows if any(rows_value for rows_value in r)]
    assert len(shown) == len(second)  # no stale row of the first run is left
    assert [(r[0], r[1], r[2], r[3]) for r in shown] == [
        ("Fel" if x.severity == "fel" else "Varning", x.code, x.sheet, x.cell) for x in second]
    assert wb[KONTROLL][KONTROLL_STATUS[1]].value == status_text(second, datetime(2026, 11, 24, 9, 0))
    still = [x for x in second if x.sheet == "Deltagare" and x.cell]
    assert still and all(fill_of(wb["Deltagare"][x.cell.split(":")[0]]) in (RED, "F8CBAD") for x in still)
    assert wb["Deltagare"].protection.sheet


def test_a_clean_workbook_gets_an_empty_kontroll_and_a_calm_message(example, make_workbook):
    book = FakeBook(make_workbook(example))
    assert excel.check_book(book, when=WHEN) == []
    assert book.wb[KONTROLL]["C3"].value == "Inga fel eller varningar – kontrollerad 2026-11-23 14:05"
    assert kontroll_values(book) == []
    assert [(a.prompt, a.mode) for a in book.app.alerts] == [("Inga fel eller varningar hittades.", "info")]
    assert all(sheet.api.calls == [] for sheet in book.sheets)  # nothing marked, nothing unprotected


def test_skapa_rapport_refuses_a_workbook_with_errors(example, make_workbook, tmp_path):
    path = make_workbook(example, akt1_inskrivna_under_30="ca 5")
    book = FakeBook(path)
    assert excel.report_from_book(book, when=WHEN) is None
    assert book.app.alerts[-1].mode == "critical"
    assert book.app.alerts[-1].prompt.startswith("Rapporten skapades inte: arbetsboken har 1 fel.")
    assert list(tmp_path.glob("*.docx")) == []
    assert fill_of(cell_of(book, "akt1_inskrivna_under_30")) == RED  # the check behind the refusal is shown


def test_skapa_rapport_writes_the_report_next_to_the_workbook(example, make_workbook, tmp_path):
    book = FakeBook(make_workbook(example))
    written = excel.report_from_book(book, when=WHEN)
    assert written is not None and written.parent == tmp_path and written.suffix == ".docx"
    assert example.insats in "\n".join(p.text for p in Document(written).paragraphs)
    assert book.app.alerts[-1].prompt.startswith(f"Rapporten är sparad:\n{written}")


def test_skapa_utkast_writes_a_draft_despite_errors(example, make_workbook, tmp_path):
    book = FakeBook(make_workbook(example, akt1_inskrivna_under_30="ca 5"))
    written = excel.report_from_book(book, draft=True, when=WHEN)
    assert written is not None and written.exists() and written.name.startswith("Utkast")
    doc = Document(written)
    text = [p.text for p in doc.paragraphs] + [p.text for s in doc.sections for p in s.header.paragraphs]
    assert any("UTKAST – innehåller fel" in t for t in text)
    assert book.app.alerts[-1].prompt.startswith(f"Utkastet är sparat:\n{written}")
    assert "1 fel" in book.app.alerts[-1].prompt


def test_the_report_folder_setting_in_the_conf_sheet_wins(example, tmp_path):
    folder = tmp_path / "rapporter"
    folder.mkdir()
    path = write_xlsm(tmp_path / "insats.xlsm", example, report_folder=str(folder))
    book = FakeBook(path)
    assert excel.output_folder(book) == (folder, "")
    written = excel.report_from_book(book, when=WHEN)
    assert written is not None and written.parent == folder


def test_a_missing_report_folder_is_a_clear_message(example, tmp_path):
    path = write_xlsm(tmp_path / "insats.xlsm", example, report_folder=str(tmp_path / "finns-inte"))
    book = FakeBook(path)
    excel.run_button(book, excel.report_from_book)
    assert book.app.alerts[-1].mode == "critical"
    assert f"Mappen {tmp_path / 'finns-inte'} i inställningen Rapportmapp (bladet {CONF_SHEET}) finns inte" \
           in book.app.alerts[-1].prompt


@pytest.mark.parametrize("fullname", ["https://d.docs.live.net/0123abcd/Dokument/insats.xlsm", "Bok1"])
def test_a_cloud_or_unsaved_workbook_reports_to_documents(example, make_workbook, tmp_path, monkeypatch, fullname):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for var in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        monkeypatch.delenv(var, raising=False)
    book = FakeBook(make_workbook(example), fullname=fullname)
    folder, note = excel.output_folder(book)
    assert folder == home / "Documents"
    expected = "Arbetsboken är öppnad från OneDrive" if "://" in fullname else "Arbetsboken är inte sparad"
    assert note.startswith(expected)


def test_a_synced_onedrive_workbook_reports_to_its_local_folder(example, make_workbook, tmp_path, monkeypatch):
    synced = tmp_path / "OneDrive" / "Insatser"
    synced.mkdir(parents=True)
    make_workbook(example, name="insats.xlsx").rename(synced / "insats.xlsx")
    monkeypatch.setenv("OneDrive", str(tmp_path / "OneDrive"))
    book = FakeBook(synced / "insats.xlsx", fullname="https://d.docs.live.net/0123abcd/Insatser/insats.xlsx")
    assert excel.output_folder(book) == (synced, "")


def test_an_unexpected_error_becomes_a_swedish_message_box(example, make_workbook):
    book = FakeBook(make_workbook(example))

    def broken(_book):
        raise KeyError("Deltagare")

    excel.run_button(book, broken)
    alert = book.app.alerts[-1]
    assert alert.mode == "critical" and alert.title == "Finsam"
    assert alert.prompt.startswith("Något oväntat gick fel: KeyError: 'Deltagare'")
    log = Path(alert.prompt.split("Detaljerna finns i ")[1].split(". Skicka")[0])
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_a_renamed_sheet_is_named_in_the_message(example, make_workbook):
    path = make_workbook(example)
    wb = load_workbook(path)
    wb["Avslut"].title = "Avslutade"
    wb.save(path)
    book = FakeBook(path)
    excel.run_button(book, excel.check_book)
    assert book.app.alerts[-1].prompt.startswith("Bladet ”Avslut” saknas eller har bytt namn.")


def test_the_entry_points_use_the_calling_book(example, make_workbook, monkeypatch, tmp_path):
    book = FakeBook(make_workbook(example, akt1_inskrivna_under_30="ca 5"))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    excel.kontrollera()
    assert book.app.alerts[-1].prompt.startswith("1 fel.")
    excel.skapa_rapport()
    assert book.app.alerts[-1].prompt.startswith("Rapporten skapades inte")
    excel.skapa_utkast()
    assert book.app.alerts[-1].prompt.startswith("Utkastet är sparat:")


def test_the_stand_in_refuses_to_format_a_protected_sheet_as_excel_does(example, make_workbook):
    book = FakeBook(make_workbook(example))
    with pytest.raises(ProtectedSheetError):
        book.sheets["Deltagare"].range("C20").color = "#FF0000"


def test_marks_listed_in_kontroll_by_an_earlier_check_get_their_template_colour_back(example, make_workbook):
    path = make_workbook(example)
    wb = load_workbook(path)  # as `finsam check --annotate` leaves a copy: a row in Kontroll, a red total
    wb[KONTROLL]["B6"], wb[KONTROLL]["D6"], wb[KONTROLL]["E6"] = "Fel", "Deltagare", "C5"
    wb["Deltagare"]["C5"].fill = PatternFill("solid", fgColor=RED)
    wb["Deltagare"]["C5"].comment = Comment("Fel (sum-kon): ...", "finsam kontroll")
    wb.save(path)
    book = FakeBook(path)
    assert excel.check_book(book, when=WHEN) == []
    total = book.wb["Deltagare"]["C5"]
    assert fill_of(total) == str(COMPUTED_FILL.fgColor.rgb)[-6:] and total.comment is None
    assert kontroll_values(book) == []


def test_a_button_runs_when_the_workbook_vba_matches_the_installed_xlwings(example, make_workbook, monkeypatch):
    book = FakeBook(make_workbook(example, akt1_inskrivna_under_30="ca 5"))
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    excel.kontrollera(xw.__version__)
    assert book.app.alerts[-1].prompt.startswith("1 fel.")


def test_a_button_refuses_another_xlwings_version_naming_both(monkeypatch, capsys):
    def no_book():
        raise AssertionError("the workbook must not be touched on a version mismatch")

    monkeypatch.setattr(xw.Book, "caller", staticmethod(no_book))
    with pytest.raises(SystemExit) as stop:
        excel.kontrollera("0.30.0")
    assert stop.value.code == 1  # xlwings' VBA shows stderr in its box when there is no workbook to use
    message = capsys.readouterr().err
    assert message.startswith(f"Arbetsbokens knappar är gjorda för xlwings 0.30.0, men datorn har xlwings "
                              f"{xw.__version__}.")
    assert "py -m pip install xlwings==0.30.0" in message


def test_no_calling_workbook_is_a_swedish_message(monkeypatch, capsys):
    def unreachable():
        raise RuntimeError("Could not activate App")

    monkeypatch.setattr(xw.Book, "caller", staticmethod(unreachable))
    with pytest.raises(SystemExit):
        excel.skapa_rapport(xw.__version__)
    assert capsys.readouterr().err.startswith("Python kom inte åt arbetsboken (RuntimeError: Could not activate App).")


def test_the_pinned_xlwings_is_the_installed_one():
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    pinned = re.search(r'"xlwings==([\d.]+)"', text)
    assert pinned and pinned.group(1) == xw.__version__


def test_a_click_imports_xlwings_without_its_optional_heavy_libraries():
    code = ("import sys, toolkit.excel as e; assert 'xlwings' not in sys.modules; xw = e._xlwings(); "
            "print(sorted(m for m in e.NOT_NEEDED_BY_XLWINGS if m in sys.modules), xw.Book is not None); "
            "import PIL; print('PIL' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[] True", "True"]  # hidden from xlwings, importable after
