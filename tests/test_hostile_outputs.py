"""Outputs never destroy inputs, never mix runs, and an internal error has its own exit code (issue 10,
defects 4, 5, 7, 8 and 11)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import libreoffice, run_cli as _run
from toolkit.errors import FinsamError
from toolkit.safe_output import LOCK_NAME, TEMP_PREFIX, output_lock, remove_stale, staged, temp_prefix

FORMULAS = ['=HYPERLINK("http://x","klick")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "=cmd|' /C calc'!A0"]




def test_an_internal_error_exits_3_with_one_swedish_line_and_a_details_file(monkeypatch, capsys, tmp_path):
    import toolkit.discover

    def broken(paths):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(toolkit.discover, "find_workbooks", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    code, out, err = _run(monkeypatch, capsys, "check", str(tmp_path))
    assert code == 3
    [line] = err.splitlines()
    assert line.startswith("Fel: ett internt fel i finsam-toolkit (ZeroDivisionError)") and "Traceback" not in err
    details = Path(line.split("Detaljerna finns i ")[1].split(";")[0])
    assert details.parent == tmp_path and "Traceback" in details.read_text(encoding="utf-8")


def test_export_never_writes_over_its_workbook_by_name_or_by_link(monkeypatch, capsys, make_workbook, tmp_path):
    book = make_workbook(name="A.xlsx")
    before = book.read_bytes()
    link = tmp_path / "länk.xlsx"
    os.link(book, link)
    for target in (book, link):
        code, _, err = _run(monkeypatch, capsys, "export", str(book), "-o", str(target), "--skriv-over")
        assert code == 2 and "indata skrivs aldrig över" in err
    assert book.read_bytes() == before


def test_an_existing_file_is_replaced_only_with_skriv_over(monkeypatch, capsys, make_workbook, tmp_path):
    book = make_workbook(name="A.xlsx")
    other = tmp_path / "annan.yaml"
    other.write_text("mitt eget\n", encoding="utf-8")
    code, _, err = _run(monkeypatch, capsys, "export", str(book), "-o", str(other))
    assert code == 2 and "--skriv-over" in err and other.read_text(encoding="utf-8") == "mitt eget\n"
    code, _, _ = _run(monkeypatch, capsys, "export", str(book), "-o", str(other), "--skriv-over")
    assert code == 0 and other.read_text(encoding="utf-8") != "mitt eget\n"


def test_report_never_replaces_its_template_or_a_document_someone_saved(monkeypatch, capsys, example, make_workbook,
                                                                        tmp_path):
    from docx import Document

    from toolkit.report.render import template_path

    book = make_workbook(example, name="bok.xlsx")
    mall = tmp_path / "mall.docx"
    mall.write_bytes(template_path(example.rapporttyp).read_bytes())
    before = mall.read_bytes()
    code, _, err = _run(monkeypatch, capsys, "report", str(book), "--mall", str(mall), "-o", str(mall), "--skriv-over")
    assert code == 2 and "indata skrivs aldrig över" in err and mall.read_bytes() == before
    out = tmp_path / "rapport.docx"
    assert _run(monkeypatch, capsys, "report", str(book), "-o", str(out))[0] == 0
    assert _run(monkeypatch, capsys, "report", str(book), "-o", str(out))[0] == 0  # its own, untouched: replaced
    edited = Document(str(out))
    edited.core_properties.last_modified_by = "Handläggare"
    edited.save(str(out))
    saved = out.read_bytes()
    code, _, err = _run(monkeypatch, capsys, "report", str(book), "-o", str(out))
    assert code == 2 and "--skriv-over" in err and out.read_bytes() == saved


def test_demo_does_not_write_over_existing_workbooks(monkeypatch, capsys, tmp_path):
    from toolkit.demo import demo_paths

    folder = tmp_path / "demo"
    folder.mkdir()
    mine = demo_paths(folder)[0]
    mine.write_bytes(b"mitt arbete")
    code, _, err = _run(monkeypatch, capsys, "demo", str(folder))
    assert code == 2 and "--skriv-over" in err and mine.read_bytes() == b"mitt arbete"


def test_annotate_writes_input_text_as_text_and_survives_control_characters(example, make_workbook, tmp_path):
    from toolkit.checks import check_workbook
    from toolkit.checks.annotate import annotate_workbook
    from toolkit.findings import Finding

    example.insats = FORMULAS[0]  # typed as text (staff typing "=…" in Excel would make a formula)
    book = make_workbook(example)
    checked = check_workbook(book)
    extra = [Finding("text-i-talcell", text, sheet="Deltagare", cell="F20") for text in FORMULAS + ["a\x01b\x1bc"]]
    out = annotate_workbook(book, checked.findings + extra, tmp_path / "kopia.xlsx")
    wb = load_workbook(out)
    texts = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in texts if c.data_type == "f" and any(f.strip("\t") in c.value for f in FORMULAS)]
    assert any(c.value == FORMULAS[0] and c.data_type == "s" for c in texts)


def test_consolidation_csv_neutralises_formula_text(make_workbook, example, tmp_path):
    from toolkit.consolidate import consolidate, write_outputs

    example.insats = FORMULAS[0]
    example.aktiviteter[0].namn = FORMULAS[2]
    book = make_workbook(example, name="+1+1.xlsx")
    written = write_outputs(consolidate([book]), tmp_path / "ut", ("csv",))
    with open(written[0], encoding="utf-8", newline="") as fh:
        fields = [field for row in csv.reader(fh) for field in row]
    assert "'" + FORMULAS[0] in fields and "'" + FORMULAS[2] in fields and "'+1+1.xlsx" in fields
    from toolkit.safe_output import FORMULA_STARTS, _NUMBER
    assert [f for f in fields if f.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(f)] == []


@pytest.mark.parametrize("tables", [True, False])
def test_text_spelled_as_rich_text_xml_stays_text_in_the_workbook(make_workbook, example, tmp_path, monkeypatch,
                                                                   tables):
    """XlsxWriter writes a text "<r>…</r>" unescaped as rich text: an insats named so broke the workbook."""
    from python_calamine import CalamineWorkbook
    from openpyxl import load_workbook

    import toolkit.consolidate.xlsx as xlsx
    from toolkit.consolidate import consolidate, write_outputs

    if not tables:
        monkeypatch.setattr(xlsx, "TABLE_CELLS", 0)  # the streamed (constant_memory) mode
    name = "<r><t>a</t></r><r><t>&</t></r>"
    example.insats = name
    example.aktiviteter[0].namn = "<r>Öppen verksamhet</r>"
    written = write_outputs(consolidate([make_workbook(example)]), tmp_path / "ut", ("xlsx",))
    load_workbook(written[0])  # well-formed: openpyxl refused the broken file
    texts = {value for sheet in CalamineWorkbook.from_path(str(written[0])).sheet_names
             for row in CalamineWorkbook.from_path(str(written[0])).get_sheet_by_name(sheet).to_python()
             for value in row if isinstance(value, str)}
    assert name in texts and "<r>Öppen verksamhet</r>" in texts


def test_consolidate_into_its_input_folder_does_not_read_its_own_output(monkeypatch, capsys, make_workbook,
                                                                         example, tmp_path):
    make_workbook(example, name="a.xlsx")
    args = ("consolidate", str(tmp_path), "-o", str(tmp_path), "--format", "xlsx,csv", "--quiet")
    first = _run(monkeypatch, capsys, *args)
    second = _run(monkeypatch, capsys, *args)
    assert first[0] == second[0] == 0 and "Läste 1 fil för" in second[1]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_second_run_into_the_same_folder_is_refused_and_a_dead_runs_lock_is_not(tmp_path):
    with output_lock(tmp_path):
        with pytest.raises(FinsamError, match="En annan körning skriver redan"):
            with output_lock(tmp_path):
                pass
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / LOCK_NAME).write_text(f"{temp_prefix().split('-')[1]} {dead.stdout.strip()}\n", encoding="utf-8")
    with output_lock(tmp_path):
        pass
    assert not (tmp_path / LOCK_NAME).exists()


def test_outputs_appear_together_or_not_at_all(tmp_path):
    with pytest.raises(OSError):
        with staged(tmp_path) as staging:
            (staging / "sammanstallning.xlsx").write_bytes(b"x")
            raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []
    with staged(tmp_path) as staging:
        (staging / "a.csv").write_text("a", encoding="utf-8")
        (staging / "b.csv").write_text("b", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_temporaries_of_a_killed_run_are_removed_by_the_next(tmp_path):
    code = ("import sys, time; from pathlib import Path; from toolkit.textio import write_atomic; "
            "write_atomic(Path(sys.argv[1]) / 'x.xlsx', lambda tmp: (tmp.write_bytes(b'0' * 1000), print('skriver', flush=True), "
            "time.sleep(60)))")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "skriver"
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert len(left) == 1
    assert remove_stale(tmp_path) == left and list(tmp_path.iterdir()) == []


def test_a_full_disk_during_consolidation_is_one_swedish_line(make_workbook, example, tmp_path):
    """RLIMIT_FSIZE makes every write past 20 kB fail as a full disk would (EFBIG)."""
    book = make_workbook(example, name="a.xlsx")
    out = tmp_path / "ut"
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)); "
            "from toolkit.cli import main; sys.argv = ['finsam', 'consolidate', sys.argv[1], '-o', sys.argv[2], "
            "'--format', 'xlsx,docx', '--quiet']; main()")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(book), str(out)], capture_output=True, text=True, timeout=120)
    assert time.monotonic() - started < 120
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Fel: Kunde inte läsa eller skriva") and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert not out.exists() or list(out.iterdir()) == []  # no xlsx without its docx, no temporaries


def _dies_on_one_file(path: Path):
    """A reader that kills its worker process on one file (as the kernel's OOM killer would)."""
    from toolkit.consolidate.collect import check_workbook

    if path.name == "b45.xlsx":
        os._exit(9)
    return check_workbook(path)


def test_a_worker_that_dies_ends_the_consolidation_with_a_message_not_a_hang(make_workbook, example, monkeypatch,
                                                                              tmp_path):
    """Defect 1's second half: with 80+ files a worker that died left multiprocessing.Pool waiting for ever."""
    import toolkit.consolidate.collect as collect

    book = make_workbook(example, name="a.xlsx")
    files = []
    for i in range(90):
        files.append(tmp_path / f"b{i}.xlsx")
        files[-1].write_bytes(book.read_bytes())
    monkeypatch.setattr(collect, "summarize", _dies_on_one_file)
    started = time.monotonic()
    with pytest.raises(FinsamError, match="avslutades oväntat"):
        collect.collect(files, workers=2)
    assert time.monotonic() - started < 120


def test_findings_follow_a_defined_name_that_moved_with_inserted_rows(example, make_workbook, tmp_path):
    """Defect 11's last point: the reader reads a moved input by its defined name; the finding and the
    --annotate mark must point at that cell too, not at the layout's."""
    from toolkit.checks import check_workbook
    from toolkit.checks.annotate import annotate_workbook
    from toolkit.layout import layout
    from toolkit.workbook import save_workbook

    example.insats = ""
    book = make_workbook(example)
    field = layout().field("insats")
    wb = load_workbook(book)
    wb.defined_names[field.name].attr_text = f"'{field.sheet}'!$E$60"
    save_workbook(wb, book)
    [found] = [f for f in check_workbook(book).findings if f.code == "obligatoriskt-falt" and f.sheet == field.sheet
               and f.cell in (field.cell, "E60")]
    assert found.cell == "E60"
    copy = load_workbook(annotate_workbook(book, [found], tmp_path / "kopia.xlsx"))
    assert copy[field.sheet]["E60"].comment is not None and copy[field.sheet][field.cell].comment is None


def test_plan_commands_keep_their_inputs_too(monkeypatch, capsys, tmp_path):
    from conftest import DATA

    data = DATA / "forbundsplan_2019.yaml"
    plan = tmp_path / "plan.xlsx"
    assert _run(monkeypatch, capsys, "plan", "new", str(plan), "--data", str(data))[0] == 0
    before = plan.read_bytes()
    code, _, err = _run(monkeypatch, capsys, "plan", "export", str(plan), "-o", str(plan), "--skriv-over")
    assert code == 2 and "indata skrivs aldrig över" in err and plan.read_bytes() == before
    document = tmp_path / "plan.docx"
    assert _run(monkeypatch, capsys, "plan", "rapport", str(plan), "-o", str(document))[0] == 0
    assert _run(monkeypatch, capsys, "plan", "rapport", str(plan), "-o", str(document))[0] == 0  # its own: replaced


def test_libreoffice_opens_the_consolidation_csv_without_formulas(make_workbook, example, tmp_path):
    """The real program is the truth: LibreOffice runs "=1+1" in a CSV as a formula (the control row
    proves it), and finds none in the consolidation's CSV although every attack text is in it."""
    from conftest import require_tool
    from toolkit.consolidate import consolidate, write_outputs

    require_tool("soffice")
    example.insats, example.huvudman = FORMULAS[0], FORMULAS[5]
    for akt, text in zip(example.aktiviteter, FORMULAS[1:5]):
        akt.namn = text
    written, registered = write_outputs(consolidate([make_workbook(example, name="a.xlsx")]), tmp_path / "ut", ("csv",))
    control = tmp_path / "kontroll.csv"
    control.write_text('a\n"=1+1"\n', encoding="utf-8")
    libreoffice("xlsx", tmp_path / "lo", written, registered, control)
    assert load_workbook(tmp_path / "lo" / "kontroll.xlsx").active["A2"].data_type == "f"
    cells = [c for row in load_workbook(tmp_path / "lo" / "sammanstallning.xlsx").active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(c.value == "'" + FORMULAS[0] for c in cells)
    cells = [c for row in load_workbook(tmp_path / "lo" / "uppfoljning-finsam.xlsx").active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == [] and cells[11].value == "'" + FORMULAS[0]
