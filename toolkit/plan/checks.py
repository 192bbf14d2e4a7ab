"""Kontrollera for the plan: required fields, one row per insats, the members' shares against the law,
and a budget the förbund's funds can carry. Findings carry the plan workbook's sheet and cell."""

from __future__ import annotations

from typing import Iterator

from ..catalog import MEDLEMMAR
from ..findings import Finding, finding
from ..swedish import kronor, percent
from .layout import (
    COST_SUM,
    FORBUND,
    INSATS_COLUMNS,
    KOMMUN_FIRST,
    KOMMUN_SUM,
    MEMBER_ROWS,
    REQUIRED,
    insats_name,
    kommun_name,
    plan_layout,
)
from .model import Plan, normalise

#: A member's share may differ this much from the legal share (rounding of amounts).
SHARE_TOLERANCE = 0.005


def _where(name: str) -> dict[str, str]:
    f = plan_layout().field(name)
    return {"sheet": f.sheet, "cell": f.cell}


def check_required(plan: Plan) -> Iterator[Finding]:
    for name, value, label in (("forbund", plan.forbund, "Samordningsförbund"), ("ar", plan.ar, "År")):
        if value in (None, ""):
            yield finding("obligatoriskt-falt", {"falt": label}, **_where(name))
    for n, insats in enumerate(plan.insatser, 1):
        if insats.is_empty():
            continue
        for attr in REQUIRED:
            if getattr(insats, attr) in (None, ""):
                header = INSATS_COLUMNS[attr][2].rstrip(" *")
                who = f"insatsen ”{insats.namn}”" if insats.namn else f"rad {n}"
                yield finding("obligatoriskt-falt", {"falt": header, "vem": who}, "for", **_where(insats_name(n, attr)))


def check_duplicates(plan: Plan) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for n, insats in enumerate(plan.insatser, 1):
        if not insats.namn:
            continue
        key = normalise(insats.namn)
        if key in seen:
            yield finding("plan-dubblett", {"insats": insats.namn, "rad": seen[key]},
                          **_where(insats_name(n, "namn")))
        else:
            seen[key] = n


def check_kommuner(plan: Plan) -> Iterator[Finding]:
    for i, name in enumerate(plan.medlemmar.kommuner, 1):
        if not name:
            yield finding("plan-kommun-utan-namn", **_where(kommun_name(i, "namn")))


def check_shares(plan: Plan) -> Iterator[Finding]:
    """Each member's share of the funds against the law's 50/25/25, once every member's amount is known."""
    amounts = plan.medlemmar.by_member()
    total = plan.medlemmar.totalt()
    if any(v is None for v in amounts.values()) or not total:
        return
    rows = {**MEMBER_ROWS, "kommuner": KOMMUN_SUM}
    for key, amount in amounts.items():
        label, legal = MEDLEMMAR[key]
        share = amount / total
        if abs(share - legal) > SHARE_TOLERANCE:
            cell = f"C{rows[key]}" if key != "kommuner" else f"C{KOMMUN_FIRST}:C{KOMMUN_SUM - 1}"
            yield finding("plan-andel-avviker", {"medlem": label, "andel": percent(share, 1), "belopp": kronor(amount),
                                                 "totalt": kronor(total), "lagens": percent(legal)},
                          sheet=FORBUND, cell=cell, expected=round(total * legal, 2), actual=amount)


def check_budget(plan: Plan) -> Iterator[Finding]:
    total, funds = plan.total_budget(), plan.medlemmar.totalt()
    if total is None or funds is None:
        return
    available = funds + (plan.eget_kapital or 0)
    if total > available:
        params = {"budget": kronor(total), "medel": kronor(funds)}
        if plan.eget_kapital:
            params["kapital"] = kronor(plan.eget_kapital)
        yield finding("plan-budget-over-medel", params, "eget-kapital" if plan.eget_kapital else "", sheet=FORBUND,
                      cell=f"C{COST_SUM + 2}", expected=available, actual=total)


CHECKS = (check_required, check_duplicates, check_kommuner, check_shares, check_budget)


def check_plan(plan: Plan, file: str | None = None) -> list[Finding]:
    """Every plan check; findings carry `file` when given."""
    found = [f for check in CHECKS for f in check(plan)]
    return [f.with_file(file) for f in found] if file else found


