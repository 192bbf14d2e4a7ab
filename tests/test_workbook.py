"""The workbook: built from the one layout declaration, pleasant for staff, and the committed file agrees."""

import io
import subprocess
import textwrap
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from openpyxl import load_workbook

from conftest import EXAMPLE, libreoffice, require_tool
from test_datafile import reports
from toolkit.datafile import load_data

from toolkit import TEMPLATE_VERSION
from toolkit.catalog import MAX_AKTIVITETER, MAX_BUDGETRADER, MAX_MAL
from toolkit.layout import KONTROLL, MALL, PERCENT, PERCENT1, SHARE_OR_COUNT, SHEETS, layout
from toolkit.live_sheet import LIVE_SHEET
from toolkit.model import InsatsRapport
from toolkit.prefilled import CORE, prefilled_bytes
from toolkit.workbook import FONT_NAME, INPUT_FILL, TEMPLATE_PATH, build_workbook, write_workbook


def _content(wb) -> dict:
    """Everything that makes the template: sheets, cell values and formats, names, validations, protection."""
    sheets = {}
    for ws in wb.worksheets:
        cells = {(c.coordinate): (c.value, c.number_format, c.protection.locked, c.fill.fgColor.rgb)
                 for row in ws.iter_rows() for c in row if c.value is not None or not c.protection.locked}
        validations = sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.prompt, dv.error)
                             for dv in ws.data_validations.dataValidation)
        sheets[ws.title] = (cells, validations, ws.sheet_state, ws.protection.sheet, ws.freeze_panes,
                            ws.page_setup.paperSize, ws.page_setup.fitToWidth)
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    return {"sheets": sheets, "order": wb.sheetnames, "names": names}


def test_committed_template_matches_the_code():
    committed = load_workbook(TEMPLATE_PATH)
    assert _content(committed) == _content(build_workbook()), (
        "workbooks/insatsrapport.xlsx is out of date: run `python -m toolkit.workbook`")


def test_sheets_and_hidden_version():
    wb = build_workbook()
    assert wb.sheetnames == [*SHEETS, LIVE_SHEET]  # the live checks' hidden sheet last
    assert {"Uppgifter", "Deltagare", "Avslut", "Mål", "Ekonomi", "Texter", "Kontroll"} <= set(wb.sheetnames)
    assert wb[MALL].sheet_state == "hidden"
    assert wb[MALL]["B1"].value == TEMPLATE_VERSION


def test_every_input_field_has_a_defined_name_and_is_an_unlocked_marked_cell():
    wb = build_workbook()
    for f in layout().fields:
        sheet, ref = list(wb.defined_names[f.name].destinations)[0]
        assert (sheet, ref.replace("$", "")) == (f.sheet, f.cell)
        cell = wb[f.sheet][f.cell]
        assert cell.protection.locked is False, f.name
        assert cell.fill.fgColor.rgb == INPUT_FILL.fgColor.rgb, f.name


def test_computed_cells_are_locked_formulas_on_protected_sheets():
    wb = build_workbook()
    for formula in layout().formulas:
        cell = wb[formula.sheet][formula.cell]
        assert str(cell.value).startswith("=") and cell.protection.locked is not False
        assert wb[formula.sheet].protection.sheet
    assert not wb[KONTROLL].protection.sheet  # the checks write their findings here


def test_room_for_aktiviteter_goals_and_budget_lines():
    names = layout().by_name
    assert f"akt{MAX_AKTIVITETER}_provotid_under_30" in names and MAX_AKTIVITETER >= 8
    assert f"mal{MAX_MAL}_kommentar" in names and MAX_MAL >= 15
    assert f"budget{MAX_BUDGETRADER}_prognos" in names and MAX_BUDGETRADER >= 15


def test_validation_by_kind():
    wb = build_workbook()

    def validation_of(name):
        f = layout().field(name)
        for dv in wb[f.sheet].data_validations.dataValidation:
            if f.cell in dv.sqref:
                return dv
        raise AssertionError(f"no validation on {name}")

    count = validation_of("akt3_avslutade_kvinnor")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert validation_of("rapportdatum").type == "date"
    for name in ("rapporttyp", "delperiod", "mal4_typ", "ackumulerad"):
        assert validation_of(name).type == "list"
    prompt = validation_of("period_start")
    assert prompt.showInputMessage and "slutrapport" in prompt.prompt


def test_print_setup_and_frozen_headers():
    wb = build_workbook()
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # A4
    assert wb["Deltagare"].freeze_panes == "C5"


def test_text_starting_with_equals_is_kept_as_text(tmp_path: Path, example, make_workbook):
    example.insats = "=HYPERLINK(\"http://x\")"
    path = make_workbook(example)
    cell = load_workbook(path)["Uppgifter"][layout().field("insats").cell]
    assert cell.data_type == "s" and cell.value == example.insats


def test_workbook_doc_is_generated_from_the_layout():
    from toolkit.layout_doc import DOC_PATH, render

    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run `python -m toolkit.layout_doc`"
    for f in layout().fields:
        assert f"`{f.name}`" in render()


def test_input_message_titles_are_cut_between_words():
    wb = build_workbook()
    titles = [dv.promptTitle for ws in wb.worksheets for dv in ws.data_validations.dataValidation if dv.promptTitle]
    assert titles and all(len(t) <= 32 for t in titles)
    labels = {f.label for f in layout().fields}
    for title in titles:
        assert title in labels or (title.endswith("…") and any(label.startswith(title[:-1] + " ") for label in labels))


def test_header_and_label_rows_are_tall_enough_for_their_wrapped_text():
    wb = build_workbook()
    checked = 0
    for label in layout().labels:
        if label.style not in ("header", "label"):
            continue
        ws = wb[label.sheet]
        cell = ws[label.cell]
        width = ws.column_dimensions[cell.column_letter].width
        # Independent, conservative estimate: a bold character takes 1.15 width units, a plain one 1.
        per_line = int((width - 1) // (1.15 if label.style == "header" else 1.0))
        lines = len(textwrap.wrap(label.text, per_line))
        height = ws.row_dimensions[cell.row].height or 15
        assert height >= 15 * lines, (label.sheet, label.cell, label.text, width, height)
        checked += lines > 1
    assert checked >= 5  # the long headers on Mål and Ekonomi are among them
    assert wb["Mål"].row_dimensions[4].height >= 45 and wb["Ekonomi"].row_dimensions[4].height >= 30


def test_shares_are_percent_in_one_format_and_goal_values_show_shares_as_percent():
    wb = build_workbook()
    for f in layout().fields:
        if f.kind == "number":  # Målvärde and Utfall: 0,9 shows as 90 %, 120 as 120
            assert wb[f.sheet][f.cell].number_format == SHARE_OR_COUNT, f.name
    formats = {wb[f.sheet][f.cell].number_format for f in layout().formulas if "%" in f.number_format}
    assert formats == {PERCENT, PERCENT1, SHARE_OR_COUNT}  # results with one decimal, as "4,8 %" in reports


def test_one_named_font_family_throughout():
    wb = build_workbook(load_data(EXAMPLE))
    names = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert names == {FONT_NAME}


def test_texter_labels_sit_at_the_top_beside_their_boxes_and_the_economy_comment_is_wide():
    wb = build_workbook()
    for f in layout().fields:
        if f.sheet == "Texter":
            label = wb["Texter"][f"B{wb['Texter'][f.cell].row}"]
            assert label.alignment.vertical == "top" and wb["Texter"][f.cell].alignment.vertical == "top"
    comment = layout().field("ekonomi_kommentar")
    assert f"{comment.cell}:H{comment.cell[1:]}" in {str(r) for r in wb["Ekonomi"].merged_cells.ranges}


def test_print_titles_header_footer_and_a_protected_structure():
    wb = build_workbook(load_data(EXAMPLE))
    report = load_data(EXAMPLE)
    assert wb.security.lockStructure and not wb.security.workbookPassword
    for ws in (wb[name] for name in SHEETS):  # the hidden live-check sheet is never printed
        assert ws.oddHeader.left.text == f"{report.insats} – {report.period.label}".replace("&", "&&")
        assert ws.oddFooter.right.text == "Sida &P av &N"
    assert wb["Mål"].print_title_rows == "$4:$4" and wb["Kontroll"].print_title_rows == "$5:$5"
    assert build_workbook()["Uppgifter"].oddHeader.left.text == "Insatsrapport"


def test_libreoffice_prints_every_sheet_with_its_headers_header_and_page_numbers(tmp_path):
    require_tool("soffice")
    report = load_data(EXAMPLE)
    source = write_workbook(tmp_path / "insats.xlsx", report)
    libreoffice("pdf", tmp_path, source)
    text = subprocess.run([require_tool("pdftotext"), str(tmp_path / "insats.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= len(SHEETS) - 1  # the hidden Mall sheet is not printed
    assert all(report.insats in page and f"Sida {i} av {len(pages)}" in page for i, page in enumerate(pages, 1))
    flat = " ".join(text.split())
    for label in layout().labels:
        if label.style == "header":
            assert " ".join(label.text.split()) in flat or all(word in flat for word in label.text.split()), label


def _parts(data: bytes) -> dict[str, bytes]:
    """A saved workbook's zip parts, without the core properties (their dates say when it was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != CORE}


def _built(report) -> bytes:
    buffer = io.BytesIO()
    build_workbook(report).save(buffer)
    return buffer.getvalue()


def _edge_cases() -> InsatsRapport:
    """Text that must stay text, characters XML cannot hold, spaces kept, & in the printed header."""
    report = load_data(EXAMPLE)
    report.insats, report.huvudman = "=HYPERLINK(\"x\") & Co", "  Kommunen\x07 "
    report.malgrupp = "rad ett\nrad två <&> \"citat\" 🙂"
    report.aktiviteter[0].namn = "+1+1"
    report.ekonomi.rader[0].budget = 1e308
    report.ekonomi.rader[0].utfall_period = -0.125
    report.ackumulerad = True
    return report


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck),
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # a failing case costs a build: no shrinking
@given(report=reports())
def test_a_prefilled_workbook_is_the_full_build_part_for_part(report):
    """write_workbook fills the template built once per process; the file is what building it would save."""
    assert _parts(prefilled_bytes(report)) == _parts(_built(report))


def test_prefilled_edge_cases_and_the_empty_template_are_the_full_build():
    for case in (_edge_cases(), None):
        assert _parts(prefilled_bytes(case)) == _parts(_built(case))


def test_values_typed_over_the_report_are_the_full_build_with_them_typed(tmp_path):
    """write_workbook(report, typed): text typed into a number cell stays text, on the fast path and the full
    build alike, and the reader names it."""
    from toolkit.layout import tally_name
    from toolkit.reader import read_workbook
    from toolkit.workbook import write_values

    report, name = load_data(EXAMPLE), tally_name(1, "inskrivna", "under_30")
    typed = {name: "ca 5", "malgrupp": "Unga vuxna"}
    wb = build_workbook(report)
    write_values(wb, layout(), typed)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _parts(prefilled_bytes(report, typed)) == _parts(buffer.getvalue())
    read = read_workbook(write_workbook(tmp_path / "typad.xlsx", report, typed))
    f = layout().field(name)
    assert [(x.code, x.sheet, x.cell) for x in read.findings if x.code == "text-i-talcell"] == \
        [("text-i-talcell", f.sheet, f.cell)]
    assert read.report.malgrupp == "Unga vuxna"


def test_write_workbook_saves_the_prefilled_file_with_todays_dates(tmp_path):
    report = load_data(EXAMPLE)
    path = write_workbook(tmp_path / "ny.xlsx", report)
    assert _parts(path.read_bytes()) == _parts(_built(report))
    with zipfile.ZipFile(path) as zf:
        core = zf.read(CORE).decode()
    assert "<dcterms:created xmlns:dcterms" in core and f">{date.today().year}-" in core
