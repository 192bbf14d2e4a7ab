"""The förbund's *Verksamhetsplan och budget ÅR* in Word, in the insats reports' style (python-docx).

Introduction, the total budget split into the förbund's own costs and the insatser, financing per member
against the legal shares, then each insats in the plan's order with its facts, budget and texts.
"""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from docx.shared import Pt

from .. import swedish
from ..catalog import FORBUNDSKOSTNADER, INRIKTNINGAR, MEDLEMMAR, PLANTEXTER, REPORT_TYPES
from ..docx_swedish import set_properties
from ..model import known_sum
from ..report.templates import data_table, page_setup, slim
from ..textio import write_atomic
from .model import Plan, PlanInsats

ESF = {True: "Ja", False: "Nej", None: swedish.EMPTY}


def title(plan: Plan) -> str:
    return f"Verksamhetsplan och budget {plan.ar if plan.ar is not None else ''}".strip()


def _kr(value) -> str:
    """An amount in a table cell: Swedish digits, no "kr" (the header says it) so millions fit."""
    return swedish.number(value)


def _share(part, whole) -> str:
    return swedish.percent(part / whole if part is not None and whole else None, 1)


def _introduction(doc, plan: Plan) -> None:
    doc.add_heading("Inledning", 1)
    n = len(plan.insatser)
    doc.add_paragraph(
        f"{plan.forbund or 'Förbundet'} finansierar under {plan.ar} {n} {'insats' if n == 1 else 'insatser'}. "
        f"Förbundets totala budget är {swedish.kronor(plan.total_budget())}, varav "
        f"{swedish.kronor(plan.insatser_budget())} till insatserna och {swedish.kronor(plan.egna_kostnader())} "
        "till förbundets egna kostnader för styrelse, administration och revision. Medlemmarna tilldelar "
        f"förbundet {swedish.kronor(plan.medlemmar.totalt())}"
        + (f" och det egna kapitalet är {swedish.kronor(plan.eget_kapital)}." if plan.eget_kapital is not None
           else "."))
    doc.add_paragraph("Varje insats beskrivs i avsnittet Insatserna med syfte, mål, målgrupp, metod, remittenter, "
                      "resurser, uppföljning och verksamhetsansvarig.")


def _budget(doc, plan: Plan) -> None:
    doc.add_heading("Budget", 1)
    total = plan.total_budget()
    rows = [(FORBUNDSKOSTNADER[key], _kr(cost.budget), _share(cost.budget, total))
            for key, cost in plan.kostnader.items()]
    rows.append(("Insatser", _kr(plan.insatser_budget()), _share(plan.insatser_budget(), total)))
    data_table(doc, ("Post", "Budget, kr", "Andel"), rows, total=("Summa", _kr(total), _share(total, total)))
    doc.add_heading("Insatsernas budget", 2)
    rows = [(i.namn, INRIKTNINGAR.get(i.inriktning, swedish.EMPTY), swedish.number(i.budgeterat_antal_deltagare),
             _kr(i.budget)) for i in plan.insatser]
    data_table(doc, ("Insats", "Inriktning", "Deltagare", "Budget, kr"), rows,
               total=("Summa", "", swedish.number(known_sum(i.budgeterat_antal_deltagare for i in plan.insatser)),
                      _kr(plan.insatser_budget())), numeric=range(2, 4))


def _financing(doc, plan: Plan) -> None:
    doc.add_heading("Finansiering", 1)
    m = plan.medlemmar
    total = m.totalt()
    rows = []
    for key, amount in m.by_member().items():
        label, legal = MEDLEMMAR[key]
        rows.append((label, _kr(amount), _share(amount, total), swedish.percent(legal)))
        if key == "kommuner":
            rows += [(f"   {name or swedish.EMPTY}", _kr(value), _share(value, total), "")
                     for name, value in m.kommuner.items()]
    data_table(doc, ("Medlem", "Tilldelade medel, kr", "Andel", "Lagens andel"), rows,
               total=("Summa", _kr(total), _share(total, total), "100 %"))
    doc.add_paragraph("Enligt lagen om finansiell samordning (2003:1210) bidrar staten genom Försäkringskassan "
                      "och Arbetsförmedlingen med hälften av förbundets medel, regionen med en fjärdedel och "
                      "kommunerna med en fjärdedel.")
    budget = plan.total_budget()
    if budget is not None and total is not None:
        available = total + (plan.eget_kapital or 0)
        margin = available - budget
        doc.add_paragraph(f"Tilldelade medel och eget kapital är tillsammans {swedish.kronor(available)}, "
                          f"{swedish.kronor(abs(margin))} {'mer' if margin >= 0 else 'mindre'} än den totala "
                          "budgeten.")


def _insats(doc, insats: PlanInsats) -> None:
    doc.add_heading(insats.namn or swedish.EMPTY, 2)
    facts = [("Huvudman", insats.huvudman), ("Inriktning", INRIKTNINGAR.get(insats.inriktning, "")),
             ("ESF-finansierad", ESF[insats.esf]),
             ("Rapporttyp", REPORT_TYPES.get(insats.rapporttyp, ("", ""))[0]),
             ("Budget", swedish.kronor(insats.budget)),
             ("Budgeterat antal deltagare", swedish.number(insats.budgeterat_antal_deltagare)),
             ("Aktiviteter", ", ".join(insats.aktiviteter)), ("Kontakt", insats.kontakt)]
    data_table(doc, ("Insats", insats.namn or swedish.EMPTY), [(k, v or swedish.EMPTY) for k, v in facts], numeric=range(0))
    for key, label in PLANTEXTER.items():
        text = insats.texter.get(key)
        if not text:
            continue
        heading = doc.add_paragraph()
        run = heading.add_run(label)
        run.bold, run.font.size = True, Pt(11)
        heading.paragraph_format.keep_with_next = True
        for part in text.split("\n"):
            if part.strip():
                doc.add_paragraph(part.strip())


def build_document(plan: Plan):
    """The python-docx Document of the plan."""
    doc = Document()
    page_setup(doc, f"{plan.forbund} – {title(plan)}", title(plan))
    doc.add_paragraph(title(plan), style="Title")
    doc.add_paragraph(plan.forbund, style="Subtitle")
    _introduction(doc, plan)
    _budget(doc, plan)
    _financing(doc, plan)
    doc.add_heading("Insatserna", 1)
    for insats in plan.insatser:
        _insats(doc, insats)
    slim(doc)
    return doc


def write_plan_document(plan: Plan, path: str | os.PathLike) -> Path:
    """Write the plan's Word document atomically; return its path."""
    doc = build_document(plan)
    set_properties(doc, title(plan))  # also marks it as the toolkit's, so a new run may replace it
    return write_atomic(path, lambda tmp: doc.save(str(tmp)))
