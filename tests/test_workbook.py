"""The workbook: built from the one layout declaration, pleasant for staff, and the committed file agrees."""

from pathlib import Path

from openpyxl import load_workbook

from toolkit import TEMPLATE_VERSION
from toolkit.catalog import MAX_AKTIVITETER, MAX_BUDGETRADER, MAX_MAL
from toolkit.layout import KONTROLL, MALL, SHEETS, layout
from toolkit.workbook import INPUT_FILL, TEMPLATE_PATH, build_workbook


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
    assert wb.sheetnames == list(SHEETS)
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
