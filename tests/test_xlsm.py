"""The macro-enabled workbook built on Linux: olevba sees our macros, the buttons are bound to them,
LibreOffice opens it, and it reads exactly like the .xlsx template."""

from __future__ import annotations

import importlib
import inspect
import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import warnings

import pytest
import xlwings
from openpyxl import load_workbook
from pyopenvba import check_file
from typer.testing import CliRunner

from conftest import libreoffice, require_tool
from toolkit.cli import app
from toolkit.layout import SHEETS
from toolkit.live_sheet import LIVE_SHEET
from toolkit.reader import read_workbook
from toolkit.xlsm import BUTTONS, CONF_SHEET, MACROS_DIR, REPORT_FOLDER_KEY, conf_rows, read_settings, write_xlsm
from toolkit.xlwings_conf import INTERPRETER_KEY, read_rows

with warnings.catch_warnings():  # oletools still uses pyparsing's old names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

RUNPYTHON = re.compile(r'RunPython\s*\(?\s*"([^"]+)"')
STARTA = re.compile(r'^\s*Starta\s+"(\w+)"', re.MULTILINE)
SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(", re.MULTILINE | re.IGNORECASE)
FMLA_MACRO = re.compile(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return write_xlsm(tmp_path_factory.mktemp("xlsm") / "insats.xlsm")


def vba_modules(path: Path) -> dict[str, str]:
    """Module name -> code, as olevba extracts it."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {Path(vba_file).stem: code for _, _, vba_file, code in parser.extract_macros()}
    finally:
        parser.close()


def test_olevba_finds_our_macros_and_xlwings(built):
    modules = vba_modules(built)
    ours = {p.stem: p.read_text(encoding="utf-8") for p in MACROS_DIR.glob("*.bas")}
    assert ours and set(ours) <= set(modules)
    for name, source in ours.items():
        assert SUB.findall(modules[name]) == SUB.findall(source)
        assert RUNPYTHON.findall(modules[name]) == RUNPYTHON.findall(source)
    assert {"xlwings", "Dictionary"} <= set(modules)
    assert "Public Function RunPython(" in modules["xlwings"]


def code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("Attribute VB_")] or [""]


def test_the_xlwings_module_is_the_installed_packages_own(built):
    installed = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")
    embedded = vba_modules(built)["xlwings"]
    assert code_lines(embedded.rstrip()) == code_lines(installed.rstrip())
    assert f"XLWINGS_VERSION As String = \"{xlwings.__version__}\"" in embedded


def test_every_button_runs_one_of_our_macros(built):
    with zipfile.ZipFile(built) as zf:
        sheets = {n for n in zf.namelist() if n.startswith("xl/drawings/vmlDrawing")}
        vml = "".join(zf.read(n).decode("utf-8") for n in sheets)
        sheet1 = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    ours = SUB.findall("".join(p.read_text(encoding="utf-8") for p in MACROS_DIR.glob("*.bas")))
    assert FMLA_MACRO.findall(vml) == [b.macro for b in BUTTONS]
    assert set(FMLA_MACRO.findall(vml)) == set(ours)
    assert re.findall(r'macro="\[0\]!(\w+)"', sheet1) == [b.macro for b in BUTTONS]  # Excel 2010+ controls
    for b in BUTTONS:
        assert f">{b.text}</div>" in vml


def test_every_part_is_well_formed_xml_and_the_package_is_macro_enabled(built):
    with zipfile.ZipFile(built) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                minidom.parseString(zf.read(name))  # raises on an unbound prefix or bad markup
        types = zf.read("[Content_Types].xml").decode("utf-8")
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "spreadsheetml.sheet.main+xml" not in types
    integrity = check_file(built)  # pyOpenVBA's own package and VBA project checks
    assert integrity.ok and integrity.complete, integrity.issues


def conf_sheet_rows(path: Path) -> list[tuple]:
    ws = load_workbook(path)[CONF_SHEET]
    rows = []
    for key, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if key in (None, ""):
            break  # xlwings reads from A1 down to the first empty cell
        rows.append((key, "" if value is None else value))
    return rows


def test_the_conf_sheet_holds_only_settings_with_a_value(built):
    rows = conf_sheet_rows(built)
    assert rows == conf_rows() == [("ADD_WORKBOOK_TO_PYTHONPATH", False), (REPORT_FOLDER_KEY, "")]
    keys = [key.upper() for key, _ in rows]
    assert len(keys) == len(set(keys))  # VBA's Dictionary.Add fails on a repeated key
    # No Interpreter_Win row: a key on the sheet, even empty, would hide the PC's own xlwings.conf.
    assert INTERPRETER_KEY.upper() not in keys and "CONDA PATH" not in keys
    ws = load_workbook(built)[CONF_SHEET]
    assert ws.sheet_state == "hidden"


def test_an_interpreter_and_other_settings_given_are_written(tmp_path):
    path = write_xlsm(tmp_path / "insats.xlsm", interpreter=r"C:\Python313\python.exe",
                      settings={"SHAREPOINT_WIN": r"C:\Users\anna\Kommun", "Conda Env": ""})
    rows = dict(conf_sheet_rows(path))
    assert rows[INTERPRETER_KEY] == r"C:\Python313\python.exe"
    assert rows["SHAREPOINT_WIN"] == r"C:\Users\anna\Kommun"
    assert "Conda Env" not in rows  # an empty setting is left to the PC's config
    assert read_settings(path) == {"ADD_WORKBOOK_TO_PYTHONPATH": False, REPORT_FOLDER_KEY: "",
                                   INTERPRETER_KEY: r"C:\Python313\python.exe",
                                   "SHAREPOINT_WIN": r"C:\Users\anna\Kommun"}


def test_roll_forward_keeps_the_settings_a_user_made(example, tmp_path):
    last = tmp_path / "insats_2025-Q4.xlsm"
    write_xlsm(last, example)
    wb = load_workbook(last, keep_vba=True)  # as a user does it: the first empty row of the sheet
    ws = wb[CONF_SHEET]
    ws["B2"] = r"H:\Rapporter"
    ws["A3"], ws["B3"] = "Interpreter_Win", r"%LOCALAPPDATA%\Programs\Python\Python313\python.exe"
    wb.save(last)
    nxt = tmp_path / "insats_2026-Q1.xlsm"
    result = CliRunner().invoke(app, ["new", str(nxt), "--from", str(last), "--period", "2026-Q1"])
    assert result.exit_code == 0, result.output
    rows = dict(conf_sheet_rows(nxt))
    assert rows["Interpreter_Win"] == r"%LOCALAPPDATA%\Programs\Python\Python313\python.exe"
    assert rows[REPORT_FOLDER_KEY] == r"H:\Rapporter"
    assert rows["ADD_WORKBOOK_TO_PYTHONPATH"] is False


def test_a_settings_sheet_is_read_as_xlwings_reads_it():
    assert read_rows([("A", 1), ("b", None), ("", "x"), ("C", 3)]) == {"A": 1, "b": None}
    assert read_rows([]) == {}


def test_the_xlsm_reads_like_the_xlsx(example, make_workbook, tmp_path):
    xlsx = read_workbook(make_workbook(example))
    xlsm = read_workbook(write_xlsm(tmp_path / "insats.xlsm", example))
    assert xlsm.findings == [] and xlsx.findings == []
    assert xlsm.report == xlsx.report
    wb = load_workbook(tmp_path / "insats.xlsm", keep_vba=True)
    assert wb.sheetnames == [*SHEETS, LIVE_SHEET, CONF_SHEET]
    assert wb["Uppgifter"].protection.sheet and not wb["Kontroll"].protection.sheet


def test_libreoffice_opens_the_xlsm_with_its_buttons_bound(built, tmp_path):
    require_tool("soffice")
    done = libreoffice("ods", tmp_path, built, timeout=120)
    ods = tmp_path / "insats.ods"
    assert ods.exists(), done.stdout + done.stderr
    with zipfile.ZipFile(ods) as zf:
        content = zf.read("content.xml").decode("utf-8")
        basic = [n for n in zf.namelist() if n.startswith("Basic/VBAProject/")]
    for b in BUTTONS:
        assert f'form:name="{b.macro}"' in content
        assert f"vnd.sun.star.script:VBAProject.Knappar.{b.macro}?" in content
    assert "Basic/VBAProject/Knappar.xml" in basic and "Basic/VBAProject/xlwings.xml" in basic
    for sheet in [*SHEETS, LIVE_SHEET, CONF_SHEET]:
        assert f'<table:table table:name="{sheet}"' in content


def test_every_button_starts_an_entry_point_with_the_embedded_xlwings_version():
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(MACROS_DIR.glob("*.bas")))
    started = STARTA.findall(source)
    assert len(started) == len(BUTTONS)
    calls = RUNPYTHON.findall(source)
    assert calls == ["import toolkit.excel; toolkit.excel."]  # one RunPython, in Starta
    assert re.search(r'RunPython "import toolkit\.excel; toolkit\.excel\." & Funktion & "\(\'" & XLWINGS_VERSION '
                     r'& "\'\)"', source)
    module = importlib.import_module("toolkit.excel")
    for name in started:
        entry = getattr(module, name)
        assert list(inspect.signature(entry).parameters) == ["vba_version"]


def test_the_vba_checks_python_before_runpython_in_swedish(built):
    knappar = vba_modules(built)["Knappar"]
    starta = knappar[knappar.index("Private Sub Starta"):]
    assert starta.index("PythonSaknas()") < starta.index("RunPython ")
    assert "On Error GoTo Fel" in knappar
    assert "Python hittades inte på datorn." in knappar  # Swedish letters survive the VBA project's code page
    assert "Fråga den som ansvarar för verktyget" in knappar


def test_finsam_new_builds_an_xlsm(tmp_path):
    out = tmp_path / "ny.xlsm"
    result = CliRunner().invoke(app, ["new", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Skapade {out}" in result.output.replace("\n", "")
    assert "Knappar" in vba_modules(out)
    assert read_workbook(out).findings == []


def test_finsam_new_rejects_other_suffixes(tmp_path):
    result = CliRunner().invoke(app, ["new", str(tmp_path / "ny.xls")])
    assert result.exit_code == 2
    assert "Arbetsboken måste sluta på .xlsx eller .xlsm, inte ”.xls”." in result.output


def test_the_demo_writes_a_macro_enabled_copy_beside_its_folder(example, make_workbook, tmp_path, capsys):
    from toolkit.cli.demo import _excel_step

    source = make_workbook(example, name="aktivitetscenter_2025-Q4.xlsx")
    _excel_step(tmp_path, [source])
    copy = tmp_path.parent / f"{tmp_path.name}-excel" / "aktivitetscenter_2025-Q4.xlsm"
    assert read_workbook(copy).report == read_workbook(source).report
    assert "Knappar" in vba_modules(copy)
    assert str(copy) in capsys.readouterr().out.replace("\n", "")


def test_a_far_cell_on_the_settings_sheet_costs_nothing(tmp_path):
    """calamine built the sheet's whole grid: a cell at XFD1048576 would have taken gigabytes."""
    import resource

    from hostile import add_cell, rewrite_parts, sheet_part

    path = write_xlsm(tmp_path / "insats.xlsm", interpreter=r"C:\Python313\python.exe")
    expected = read_settings(path)
    rewrite_parts(path, {sheet_part(path, CONF_SHEET): lambda xml: add_cell(xml, "XFD1048576")})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert read_settings(path) == expected and expected[INTERPRETER_KEY] == r"C:\Python313\python.exe"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024
