"""The macro-enabled workbook built on Linux: olevba sees our macros, the buttons are bound to them,
LibreOffice opens it, and it reads exactly like the .xlsx template."""

from __future__ import annotations

import importlib
import re
import subprocess
import zipfile
from pathlib import Path
from xml.dom import minidom

import warnings

import pytest
import xlwings
from openpyxl import load_workbook
from pyopenvba import check_file
from typer.testing import CliRunner

from conftest import require_tool
from toolkit.cli import app
from toolkit.layout import SHEETS
from toolkit.reader import read_workbook
from toolkit.xlsm import BUTTONS, CONF_SHEET, MACROS_DIR, REPORT_FOLDER_KEY, conf_rows, write_xlsm

with warnings.catch_warnings():  # oletools still uses pyparsing's old names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

RUNPYTHON = re.compile(r'RunPython\s*\(?\s*"([^"]+)"')
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
    ours = {p.stem: p.read_text(encoding="ascii") for p in MACROS_DIR.glob("*.bas")}
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
    ours = SUB.findall("".join(p.read_text(encoding="ascii") for p in MACROS_DIR.glob("*.bas")))
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


def test_the_conf_sheet_holds_the_settings_xlwings_reads(built):
    ws = load_workbook(built)[CONF_SHEET]
    rows = []
    for key, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if key in (None, ""):
            break  # xlwings reads from A1 down to the first empty cell
        rows.append((key, "" if value is None else value))
    assert rows == conf_rows()
    keys = [key.upper() for key, _ in rows]
    assert len(keys) == len(set(keys))  # VBA's Dictionary.Add fails on a repeated key
    assert dict(rows)["Interpreter_Win"] == "python"
    assert dict(rows)["ADD_WORKBOOK_TO_PYTHONPATH"] is False
    assert REPORT_FOLDER_KEY in dict(rows)


def test_the_xlsm_reads_like_the_xlsx(example, make_workbook, tmp_path):
    xlsx = read_workbook(make_workbook(example))
    xlsm = read_workbook(write_xlsm(tmp_path / "insats.xlsm", example))
    assert xlsm.findings == [] and xlsx.findings == []
    assert xlsm.report == xlsx.report
    wb = load_workbook(tmp_path / "insats.xlsm", keep_vba=True)
    assert wb.sheetnames == [*SHEETS, CONF_SHEET]
    assert wb["Uppgifter"].protection.sheet and not wb["Kontroll"].protection.sheet


def test_libreoffice_opens_the_xlsm_with_its_buttons_bound(built, tmp_path):
    soffice = require_tool("soffice")
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "ods", "--outdir", str(tmp_path), str(built)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ods = tmp_path / "insats.ods"
    assert ods.exists(), done.stdout + done.stderr
    with zipfile.ZipFile(ods) as zf:
        content = zf.read("content.xml").decode("utf-8")
        basic = [n for n in zf.namelist() if n.startswith("Basic/VBAProject/")]
    for b in BUTTONS:
        assert f'form:name="{b.macro}"' in content
        assert f"vnd.sun.star.script:VBAProject.Knappar.{b.macro}?" in content
    assert "Basic/VBAProject/Knappar.xml" in basic and "Basic/VBAProject/xlwings.xml" in basic
    for sheet in [*SHEETS, CONF_SHEET]:
        assert f'<table:table table:name="{sheet}"' in content


def test_every_runpython_call_names_a_function_that_exists():
    calls = [c for p in sorted(MACROS_DIR.glob("*.bas")) for c in RUNPYTHON.findall(p.read_text(encoding="ascii"))]
    assert len(calls) == len(BUTTONS)
    for call in calls:
        statements = [s.strip() for s in call.split(";")]
        imported = re.fullmatch(r"import ([\w.]+)", statements[0])
        assert imported, call
        module = importlib.import_module(imported.group(1))
        target = re.fullmatch(re.escape(imported.group(1)) + r"\.(\w+)\(\)", statements[1])
        assert target and len(statements) == 2, call
        assert callable(getattr(module, target.group(1)))


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
