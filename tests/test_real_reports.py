"""Real reports typed into workbooks as staff would, checked and rendered, then read back.

Absent is not zero: a report may state only what the workbook gave or derived from it. Each test
fails on "0 kr", "0 %", "Summa 0", a chapter of dashes or an empty heading where the inputs were empty.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from toolkit.checks import check_workbook
from toolkit.model import Aktivitet, BudgetRad, Count, Ekonomi, InsatsRapport
from toolkit.periods import Period
from toolkit.report import create_report
from toolkit.workbook import write_workbook

NBSP = "\u00a0"
FORBUND = "Samordningsförbundet Exempelbygd"


def rendered(report: InsatsRapport, tmp_path: Path) -> tuple[list, Document]:
    """Type the report into a workbook, check it, render it; (findings, the Word document read back)."""
    checked = check_workbook(write_workbook(tmp_path / "insats.xlsx", report))
    assert checked.report is not None
    return checked.findings, Document(str(create_report(checked.report, tmp_path / "rapport.docx")))


def body(doc: Document) -> list[tuple[str, str]]:
    """(kind, text) in document order: ("h1"/"h2", heading), ("p", text) or ("table", all cells)."""
    items = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            level = style.get(qn("w:val")) if style is not None else ""
            if level.startswith("Heading"):
                items.append((f"h{level[-1]}", text))
            elif text or child.find(f".//{qn('w:drawing')}") is not None:
                items.append(("p", text or "(bild)"))
        elif child.tag == qn("w:tbl"):
            items.append(("table", " | ".join(t.text or "" for t in child.iter(qn("w:t")))))
    return items


def text_of(doc: Document) -> str:
    return "\n".join(text for _, text in body(doc))


def headings(doc: Document, level: int = 1) -> list[str]:
    return [text for kind, text in body(doc) if kind == f"h{level}"]


def assert_says_only_what_was_given(doc: Document) -> None:
    """No zero nobody typed, no "Summa" of nothing, no heading without content under it."""
    text = text_of(doc)
    assert not re.search(rf"(?<![\d{NBSP},]){'0'}{NBSP}kr", text), "0 kr"
    assert not re.search(rf"(?<![\d{NBSP},])0{NBSP}%", text), "0 %"
    assert not re.search(r"Summa \| 0( \||$)", text, re.M), "Summa 0"
    assert "Mål –" not in text and "utfall –" not in text
    items = [item for item in body(doc) if item[1] != "Underskrift" or item[0] != "p"]
    for i, (kind, heading) in enumerate(items):
        if kind.startswith("h"):
            following = items[i + 1] if i + 1 < len(items) else ("end", "")
            level = int(kind[1])
            assert heading.strip(), "a heading without text"
            assert not (following[0].startswith("h") and int(following[0][1]) <= level), f"empty heading {heading!r}"
            assert following[0] != "end", f"empty heading {heading!r} at the end"


def base(rapporttyp: str, period: Period | None, **fields) -> InsatsRapport:
    return InsatsRapport(forbund=FORBUND, insats=fields.pop("insats", "Aktivitetscenter"),
                         huvudman="Exempelbygds kommun", rapporttyp=rapporttyp, period=period,
                         rapportdatum=date(2025, 10, 15), uppgiftslamnare=["Karin Lindqvist"], **fields)


def test_a_narrative_only_quarterly_report(tmp_path):
    """A quarterly report staff fill with words only: no Deltagare, Avslut, Mål or Ekonomi chapter."""
    report = base("kvartal", Period.parse("2025-Q3"), ackumulerad=False,
                  aktiviteter=[Aktivitet(namn="Aktivering i grupp")],
                  texter={"sammanfattning": "Verksamheten har pågått enligt plan under sommaren.",
                          "aktiviteter": "Gruppträffar två gånger i veckan.\nStudiebesök hos två arbetsgivare.",
                          "avvikelser": "Inga avvikelser."})
    findings, doc = rendered(report, tmp_path)
    assert not [f for f in findings if f.severity == "fel"]
    assert headings(doc) == ["Allmänna uppgifter", "Kommentarer"]
    assert "Studiebesök hos två arbetsgivare." in text_of(doc)
    assert_says_only_what_was_given(doc)


def test_a_final_report_summary_without_figures(tmp_path):
    """A slutrapport that sums the insats up in words: no figures, never "hittills"."""
    report = base("slut", Period.final(date(2022, 3, 1), date(2025, 6, 30)), insats="Hälsolotsen",
                  period_start=date(2022, 3, 1), period_slut=date(2025, 6, 30),
                  texter={"sammanfattning": "Hälsolotsen har nått fler deltagare än planerat.",
                          "utvardering": "Utvärderingen visar att samverkan har stärkts.",
                          "bedomning": "Arbetssättet förs över till ordinarie verksamhet."})
    findings, doc = rendered(report, tmp_path)
    assert not [f for f in findings if f.severity == "fel"]
    assert headings(doc) == ["Allmänna uppgifter", "Insatsen i sin helhet"]
    assert "hittills" not in text_of(doc).lower()
    assert_says_only_what_was_given(doc)


def test_a_half_year_report_with_exit_reasons_and_no_economy(tmp_path):
    """Tallies and exit reasons given, the Ekonomi sheet empty: shares for every reason, no Ekonomi chapter."""
    report = base("halvar", Period.parse("2024-H1"), insats="Samordningsteamet", ackumulerad=True,
                  aktiviteter=[Aktivitet("Kartläggning", inskrivna=Count(48, 30, 18, 11),
                                         avslutade=Count(25, 16, 9, 6), gar_vidare=Count(15, 10, 5, 4),
                                         provotid=Count(antal=3))],
                  avslutsanledningar={"arbete": 5, "studier": 2, "aktivt_arbetssokande": 4, "sjukdom": 3,
                                      "fortsatt_rehabilitering": 6, "flytt": 1, "ovrigt": 1},
                  texter={"sammanfattning": "Fler har gått vidare till arbete än under 2023."})
    findings, doc = rendered(report, tmp_path)
    assert not [f for f in findings if f.severity == "fel"]
    assert headings(doc) == ["Allmänna uppgifter", "Verksamheten under perioden", "Deltagare",
                             "Avslut och resultat"]
    reasons = next(t for t in doc.tables if t.rows[0].cells[0].text == "Avslutsanledning")
    shares = {r.cells[0].text: r.cells[2].text for r in reasons.rows[1:-1]}
    assert shares["Utskrivning på grund av flytt"] == f"5{NBSP}%"  # 1 of 22 (25 avslutade minus 3 i prövotid)
    assert shares["Utskrivning – fortsatt rehabilitering"] == f"27{NBSP}%"  # 6 of 22
    assert f"50{NBSP}% av resultatunderlaget har gått till arbete" in text_of(doc)  # 11 of 22
    assert_says_only_what_was_given(doc)


def test_a_half_year_report_with_totals_only_and_no_kon_split(tmp_path):
    """Totals without kön split, no exit reasons, no prövotid, no economy: warnings only, no Avslut chapter
    restating the exits as a results base, dashes for the split nobody typed."""
    report = base("halvar", Period.parse("2025-H1"), insats="Stödteamet", ackumulerad=True,
                  aktiviteter=[Aktivitet("Individuellt stöd", inskrivna=Count(antal=59), avslutade=Count(antal=24))],
                  texter={"sammanfattning": "Samverkan med Arbetsförmedlingen har fungerat väl."})
    findings, doc = rendered(report, tmp_path)
    assert {f.code for f in findings} == {"kon-saknas"}
    assert headings(doc) == ["Allmänna uppgifter", "Verksamheten under perioden", "Deltagare"]
    assert "59 deltagare varit inskrivna" in text_of(doc)
    assert "resultatunderlag" not in text_of(doc).lower()
    assert_says_only_what_was_given(doc)


def test_a_plan_only_budget_is_a_plan(tmp_path):
    """A budget without utfall or prognos: a plan, never "Utfall 0 kr, 0 % förbrukat"."""
    report = base("kvartal", Period.parse("2025-Q1"), ackumulerad=False,
                  aktiviteter=[Aktivitet("Arbetsträning", inskrivna=Count(12, 7, 5, 3))],
                  ekonomi=Ekonomi(rader=[BudgetRad("Personal", 520_000), BudgetRad("Lokaler", 120_000)]))
    findings, doc = rendered(report, tmp_path)
    assert "Ekonomi" in headings(doc)
    assert f"Budget 640{NBSP}000{NBSP}kr (utfall ej redovisat)." in text_of(doc)
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kostnadsslag")
    assert [c.text for c in plan.rows[0].cells] == ["Kostnadsslag", "Budget, kr"]
    assert "förbrukat" not in text_of(doc).lower()
    assert_says_only_what_was_given(doc)


@pytest.mark.parametrize("text,fault", [
    (f"Utfall 0{NBSP}kr", "0 kr"), (f"Förbrukat 0{NBSP}%", "0 %"), ("Summa | 0 | 0", "Summa 0"),
])
def test_the_read_back_catches_zeros(text, fault, tmp_path):
    """The near miss of the read-back itself: a document holding such a zero fails it."""
    doc = Document()
    doc.add_heading("Ekonomi", 1)
    if text.startswith("Summa"):
        table = doc.add_table(rows=1, cols=3)
        for cell, value in zip(table.rows[0].cells, ("Summa", "0", "0")):
            cell.text = value
    else:
        doc.add_paragraph(text)
    with pytest.raises(AssertionError, match=fault):
        assert_says_only_what_was_given(doc)
    doc = Document()
    doc.add_heading("Deltagare", 1)
    doc.add_heading("Ekonomi", 1)
    doc.add_paragraph(f"Budget 10{NBSP}kr")
    with pytest.raises(AssertionError, match="empty heading 'Deltagare'"):
        assert_says_only_what_was_given(doc)


def test_a_final_report_without_dates_is_sent_with_a_warning_and_left_out_of_the_year(tmp_path):
    """A summary in words whose dates nobody typed: a warning, a report, and no place in a year's consolidation."""
    from toolkit.consolidate import consolidate

    report = base("slut", None, insats="Hälsolotsen", texter={"sammanfattning": "Insatsen har avslutats."})
    findings, doc = rendered(report, tmp_path)
    assert [(f.code, f.severity) for f in findings] == [("slut-utan-datum", "varning")]
    assert doc.paragraphs[1].text == "Hälsolotsen – hela insatstiden"
    general = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert general["Uppgifterna avser"] == "hela insatstiden"
    assert_says_only_what_was_given(doc)
    other = base("helar", Period.parse("2025"), insats="Aktivitetscenter", texter={"sammanfattning": "Året gick bra."})
    write_workbook(tmp_path / "ar.xlsx", other)
    sel = consolidate([tmp_path], year=2025)
    (left,) = sel.left_out
    assert left.path.name == "insats.xlsx" and "kan inte placeras i ett år" in left.detail


def test_a_tertial_report_with_a_scoped_goal_and_goals_judged_in_words(tmp_path):
    """Three aktiviteter; a share goal that does not cover Arbetsförmågebedömning, goals judged in words,
    a count target for the whole insats and a fokusområde: each as the real report states it."""
    from toolkit.model import Mal

    scope = ["Aktivering i grupp", "Arbetsträning"]
    report = base("tertial", Period.parse("2025-T2"), ackumulerad=True, aktiviteter=[
        Aktivitet("Aktivering i grupp", volymmal_per_ar=60, inskrivna=Count(34, 20, 14, 8),
                  avslutade=Count(20, 12, 8, 5), gar_vidare=Count(15, 9, 6, 4), uppnatt_mal=Count(antal=16)),
        Aktivitet("Arbetsförmågebedömning", volymmal_per_ar=30, inskrivna=Count(18, 10, 8, 3),
                  avslutade=Count(15, 8, 7, 2), gar_vidare=Count(6, 3, 3, 1), uppnatt_mal=Count(antal=2)),
        Aktivitet("Arbetsträning", volymmal_per_ar=24, inskrivna=Count(14, 6, 8, 4),
                  avslutade=Count(12, 5, 7, 3), gar_vidare=Count(9, 4, 5, 2), uppnatt_mal=Count(antal=9)),
    ], mal=[
        Mal("effektmal", "75 % ska uppnå det individuella målet (gäller inte arbetsförmågebedömning)", 0.75,
            "andel_uppnatt_mal", utfall=0.78, aktiviteter=scope),  # 25 of 32 over its aktiviteter: 78 %
        Mal("organisationsmal", "Gemensam rutin för överlämning till Arbetsförmedlingen", bedomning="uppfyllt",
            kommentar="Målet är uppfyllt."),
        Mal("volymmal", "Minst 50 deltagare identifierade under projekttiden", 50, "antal_inskrivna",
            avser="hela_insatsen"),
        Mal("fokusomrade", "Brukarmedverkan i utvecklingen av verksamheten", bedomning="kan_inte_bedomas",
            kommentar="Har inte skett under perioden."),
    ], texter={"sammanfattning": "Tertialet har präglats av fler remisser från kommunen."})
    findings, doc = rendered(report, tmp_path)
    assert not [f for f in findings if f.code == "mal-utfall" or f.severity == "fel"], findings
    goals = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mål")
    rows = {r.cells[0].text.split(" (")[0]: [c.text for c in r.cells[1:]] for r in goals.rows[1:]}
    assert rows["75 % ska uppnå det individuella målet"] == ["Effektmål", f"75{NBSP}%", f"78{NBSP}%", "Uppfyllt", ""]
    assert rows["Gemensam rutin för överlämning till Arbetsförmedlingen"] == [
        "Organisationsmål", "–", "–", "Uppfyllt", "Målet är uppfyllt."]
    assert rows["Minst 50 deltagare identifierade under projekttiden"][1:4] == ["50", "66", "Uppfyllt"]  # not prorated
    assert rows["Brukarmedverkan i utvecklingen av verksamheten"][0::3] == ["Fokusområde", "Kan inte bedömas"]
    scoped = next(r.cells[0].text for r in goals.rows[1:] if r.cells[0].text.startswith("75 %"))
    assert scoped.endswith("(gäller Aktivering i grupp och Arbetsträning)")
    text = text_of(doc)
    assert "Volymmålet är 60 deltagare per år, vilket motsvarar 40 från 1 januari till och med tertial 2 2025." in text
    assert "Volymmålet är 24 deltagare per år, vilket motsvarar 16 från 1 januari till och med tertial 2 2025." in text
    assert_says_only_what_was_given(doc)


def test_the_scoped_goal_judged_on_all_aktiviteter_is_the_near_miss(tmp_path):
    """Without its scope the same goal is judged on all aktiviteter (27 of 47: 57 %), so the typed 78 % is wrong."""
    from toolkit.model import Mal

    report = base("tertial", Period.parse("2025-T2"), ackumulerad=True, aktiviteter=[
        Aktivitet("Aktivering i grupp", inskrivna=Count(34, 20, 14, 8), avslutade=Count(20, 12, 8, 5),
                  uppnatt_mal=Count(antal=16)),
        Aktivitet("Arbetsförmågebedömning", inskrivna=Count(18, 10, 8, 3), avslutade=Count(15, 8, 7, 2),
                  uppnatt_mal=Count(antal=2)),
        Aktivitet("Arbetsträning", inskrivna=Count(14, 6, 8, 4), avslutade=Count(12, 5, 7, 3),
                  uppnatt_mal=Count(antal=9))],
        mal=[Mal("effektmal", "75 % ska uppnå det individuella målet", 0.75, "andel_uppnatt_mal", utfall=0.78)])
    findings, _ = rendered(report, tmp_path)
    assert [f.code for f in findings] == ["mal-utfall"]


def test_a_draft_marks_the_faulty_figures_in_its_tables(tmp_path, example):
    """Kvinnor + män no longer equal antal, and the forecast is below the utfall: the draft marks those cells."""
    example.aktiviteter[0].inskrivna.kvinnor = 26
    example.ekonomi.rader[0].prognos = 1_400_000
    checked = check_workbook(write_workbook(tmp_path / "fel.xlsx", example))
    assert {f.code for f in checked.findings} >= {"sum-kon", "prognos-under-utfall"}
    draft = Document(str(create_report(checked.report, tmp_path / "utkast.docx", findings=checked.findings,
                                       draft=True)))
    tally = next(t for t in draft.tables if t.rows[0].cells[0].text == "Aktivering i grupp")
    inskrivna = [c.text for c in next(r for r in tally.rows if r.cells[0].text == "Inskrivna").cells]
    assert inskrivna[1:3] == [f"40{NBSP}(!)", f"26{NBSP}(!)"] and "(!)" not in inskrivna[4]  # under 30 is fine
    economy = next(t for t in draft.tables if t.rows[0].cells[0].text == "Kostnadsslag")
    personal = [c.text for c in economy.rows[1].cells]
    assert personal[4].endswith("(!)") and not personal[1].endswith("(!)")  # prognos marked, budget not
    sent = Document(str(create_report(checked.report, tmp_path / "rapport.docx", findings=checked.findings)))
    assert "(!)" not in text_of(sent)  # only a draft marks figures


def test_the_board_summary_writes_a_final_reports_span_with_a_dash(tmp_path):
    from toolkit.consolidate import consolidate, write_outputs

    report = base("slut", Period.final(date(2025, 2, 1), date(2025, 11, 30)), insats="Hälsolotsen",
                  period_start=date(2025, 2, 1), period_slut=date(2025, 11, 30),
                  aktiviteter=[Aktivitet("Lotsning", inskrivna=Count(20, 12, 8, 5))],
                  texter={"sammanfattning": "Insatsen har avslutats."})
    write_workbook(tmp_path / "in" / "slut.xlsx", report)
    path, = write_outputs(consolidate([tmp_path / "in"], year=2025), tmp_path / "ut", ("docx",))
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Perioder: 2025-02-01–2025-11-30." in text and "--" not in text


def test_the_signature_never_stands_alone_on_the_last_page(tmp_path):
    """The demo's Aktivitetscenter Q1 ends just where the signature block would start a page of its own."""
    import subprocess

    from conftest import require_tool
    from toolkit.demo import INSATSER, demo_periods, demo_report
    from toolkit.report import to_pdf

    pdftotext = require_tool("pdftotext")
    require_tool("soffice")
    insats = INSATSER[0]
    pdf = to_pdf(create_report(demo_report(insats, demo_periods(insats)[0]), tmp_path / "r.docx"))
    pages = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    last = [line for line in pages[-1 if pages[-1].strip() else -2].splitlines() if line.strip()]
    start = next(i for i, line in enumerate(last) if line.strip() == "Underskrift")
    assert any(line.strip() not in ("", "•") for line in last[1:start]), last  # content above the signature
