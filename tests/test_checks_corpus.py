"""A corpus of broken files checked in one batch: one finding per file, exit 1, no traceback, inputs untouched.

Every file is a real instance of its fault: a workbook cut in half, a password-protected workbook
encrypted by msoffcrypto-tool, an .xls converted by LibreOffice, a Word document under an Excel name.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from docx import Document
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from conftest import EXAMPLE, libreoffice, require_tool
from toolkit.checks import check_paths
from toolkit.cli import app
from toolkit.datafile import load_data
from toolkit.workbook import save_workbook, write_workbook

runner = CliRunner()


def _damage_part(good: Path, out: Path, part: str) -> None:
    """Copy a workbook with one XML part cut to a third: a valid zip holding a broken sheet."""
    with zipfile.ZipFile(good) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts.items():
            zf.writestr(info, data[: len(data) // 3] if info.filename == part else data)


def _build(folder: Path) -> dict[str, str | None]:
    """Write the corpus; return file name -> the one code expected (None: no finding, or skipped)."""
    sub = folder / "undermapp"
    sub.mkdir(parents=True)
    good = write_workbook(folder / "bra.xlsx", load_data(EXAMPLE))
    data = good.read_bytes()
    expected: dict[str, str | None] = {"bra.xlsx": None}

    (folder / "halv.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "tom.xlsx").write_bytes(b"")
    (sub / "brus.xlsx").write_bytes(random.Random(3).randbytes(4000))
    _damage_part(good, folder / "trasigt-blad.xlsx", "xl/worksheets/sheet2.xml")
    expected.update({"halv.xlsx": "trasig-fil", "tom.xlsx": "trasig-fil", "brus.xlsx": "trasig-fil",
                     "trasigt-blad.xlsx": "trasig-fil"})

    (folder / "export.xlsx").write_text("insats;inskrivna\nAktivitetscenter;40\n", encoding="utf-8")
    (folder / "webbexport.xls").write_text("<html><body><table><tr><td>40</td></tr></table></body></html>",
                                           encoding="utf-8")
    (sub / "rapport.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    doc = Document()
    doc.add_paragraph("Insatsrapport tertial 2")
    doc.save(folder / "word.xlsx")
    with zipfile.ZipFile(folder / "arkiv.xlsx", "w") as zf:
        zf.writestr("rapporter/aktivitetscenter.csv", "insats;inskrivna\nAktivitetscenter;40\n")
    expected.update({"export.xlsx": "inte-excel", "webbexport.xls": "inte-excel", "rapport.xlsx": "inte-excel",
                     "word.xlsx": "inte-excel", "arkiv.xlsx": "inte-excel"})

    with open(good, "rb") as fh, open(folder / "losenord.xlsx", "wb") as out:
        OOXMLFile(fh).encrypt("hemligt", out)
    expected["losenord.xlsx"] = "krypterad-fil"

    require_tool("soffice")
    converted = folder / "lo"
    libreoffice("xls", converted, good)
    shutil.move(converted / "bra.xls", sub / "gammal.xls")
    converted.rmdir()
    expected["gammal.xls"] = "xls-format"

    wb = load_workbook(good)
    wb["Deltagare"].title = "Deltagare (2)"
    save_workbook(wb, folder / "omdopt-blad.xlsx")
    wb = load_workbook(good)
    del wb["Ekonomi"]
    save_workbook(wb, folder / "utan-ekonomi.xlsx")
    expected.update({"omdopt-blad.xlsx": "blad-saknas", "utan-ekonomi.xlsx": "blad-saknas"})

    other = Workbook()
    other.active.title = "Rapport"
    other.active["A1"], other.active["B1"] = "Inskrivna", 40
    other.save(folder / "egen-mall.xlsx")
    book = xlsxwriter.Workbook(str(sub / "forra-aret.xlsx"))
    sheet = book.add_worksheet("Deltagare")
    sheet.write_row(0, 0, ["Antal", "Kvinnor", "Män"])
    sheet.write_row(1, 0, [40, 25, 15])
    book.close()
    expected.update({"egen-mall.xlsx": "fel-mall", "forra-aret.xlsx": "fel-mall"})

    (folder / "~$bra.xlsx").write_bytes(b"\x0bKarin     " + b"\x00" * 150)  # Excel's lock file: skipped
    return expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("korpus")
    return folder, _build(folder)


def _hashes(folder: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_has_every_file_level_fault(corpus):
    _, expected = corpus
    broken = [code for code in expected.values() if code]
    assert len(broken) >= 15
    assert set(broken) == {"inte-excel", "trasig-fil", "krypterad-fil", "xls-format", "blad-saknas", "fel-mall"}


def test_one_batch_one_finding_per_broken_file(corpus):
    folder, expected = corpus
    before = _hashes(folder)
    result = runner.invoke(app, ["check", str(folder), "--json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert sorted(Path(f).name for f in report["files"]) == sorted(expected)  # the lock file is not there
    by_file = {Path(f["file"]).name: f["code"] for f in report["findings"]}
    assert len(report["findings"]) == len(by_file) == sum(1 for code in expected.values() if code)
    assert by_file == {name: code for name, code in expected.items() if code}
    assert all(f["message"] and f["severity"] == "fel" for f in report["findings"])
    assert _hashes(folder) == before


def test_table_output_names_every_broken_file(corpus):
    folder, expected = corpus
    before = _hashes(folder)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for name, code in expected.items():
        assert (name in result.output) == bool(code)
        assert code is None or f"[{code}]" in result.output
    assert f"{len(expected)} filer kontrollerade: {len(expected) - 1} fel, 0 varningar." in result.output
    assert _hashes(folder) == before


def test_library_batch_equals_cli_json(corpus):
    folder, _ = corpus
    result = runner.invoke(app, ["check", str(folder), "--json"])
    assert json.loads(result.stdout) == json.loads(check_paths([folder]).to_json())
