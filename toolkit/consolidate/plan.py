"""The consolidation against the förbund's plan: who is missing, who is not in the plan, budgets that
differ, and the plan's order.

An insats of the plan is expected for a period its report type covers: with `--period`, that period
when it is of the insats's kind; with `--ar`, each of its periods of the year that has ended by the
latest period end among the files read. A period counts as reported when a counted report has it, or a
later cumulative report of the same kind covers it. Every expected period without one is *Saknas*.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..catalog import FORBUNDSKOSTNADER, MEDLEMMAR
from ..findings import Finding, finding
from ..layout import layout
from ..periods import Period, periods_of_year
from ..plan.model import Amount, Plan, PlanInsats, normalise
from ..safe_output import csv_text
from ..swedish import kronor
from ..textio import write_atomic
from .figures import Column, Table, budget
from .select import InsatsResult, Selection


@dataclass(frozen=True)
class Missing:
    """An insats of the plan without a counted report for a period: its contact, and why."""

    insats: PlanInsats
    period: Period
    reason: str


@dataclass
class PlanMatch:
    """The selection held against the plan."""

    plan: Plan
    missing: list[Missing] = field(default_factory=list)
    not_in_plan: list[InsatsResult] = field(default_factory=list)
    year: int | None = None  # the year consolidated (`--ar`): the annual report annex is written


def expected_periods(insats: PlanInsats, period: Period | None, year: int | None, until) -> list[Period]:
    """The periods the insats should have reported for in the selection."""
    kind = insats.period_kind
    if not insats.namn or not kind or kind == "slut":
        return []
    if period is not None:
        return [period] if period.kind == kind else []
    if year is None:
        return []
    return [p for p in periods_of_year(kind, year) if until is not None and p.end <= until]


def _covers(result: InsatsResult | None, wanted: Period) -> bool:
    if result is None:
        return False
    for part in result.parts:
        got = part.report.period
        if got is None or got.kind != wanted.kind or got.year != wanted.year:
            continue
        if got == wanted or (part.report.ackumulerad and got.number >= wanted.number):
            return True
    return False


def match_plan(sel: Selection, plan: Plan, period: Period | None = None, year: int | None = None) -> PlanMatch:
    """Hold the selection against the plan: the missing reports, the insatser not in the plan (a warning
    in each of their files), budgets that differ from the plan (a warning); insatser in the plan's order."""
    match = PlanMatch(plan, year=year if period is None else None)
    by_name = {normalise(i.report.insats): i for i in sel.insatser}
    left: dict[tuple[str, str], str] = {}  # (insats, period code) -> why its report was left out
    for o in sel.left_out:
        left.setdefault((normalise(o.insats), o.period), o.reason)
    ends = [i.report.period.end for i in sel.insatser if i.report.period] + \
           [p for p in (_period_end(code) for code in (c for _, c in sel.meta.values())) if p]
    until = max(ends) if ends else None
    for insats in plan.insatser:
        result = by_name.get(normalise(insats.namn))
        for wanted in expected_periods(insats, period, year, until):
            if not _covers(result, wanted):
                why = left.get((normalise(insats.namn), wanted.code))
                reason = f"Rapporten räknades inte in ({why.lower()})" if why else "Ingen rapport"
                match.missing.append(Missing(insats, wanted, reason))
    order = {normalise(i.namn): n for n, i in enumerate(plan.insatser)}
    for item in sel.insatser:
        planned = plan.insats(item.report.insats)
        if planned is None:
            match.not_in_plan.append(item)
            sel.findings += [_not_in_plan(item, part.path) for part in item.parts]
        elif planned.budget is not None and budget(item.report) != planned.budget:
            sel.findings.append(_budget_differs(item, planned))
    sel.insatser.sort(key=lambda i: (order.get(normalise(i.report.insats), len(order)), i.report.insats.casefold()))
    sel.plan = match
    return match


def _period_end(code: str):
    try:
        return Period.parse(code).end
    except Exception:  # a final report's code or an unreadable one: no period end to count
        return None


def _not_in_plan(item: InsatsResult, path: Path) -> Finding:
    f = layout().field("insats")
    return finding("inte-i-planen", {"insats": item.report.insats},
                   file=str(path), sheet=f.sheet, cell=f.cell, actual=item.report.insats)


def _budget_differs(item: InsatsResult, planned: PlanInsats) -> Finding:
    latest = item.parts[-1]
    f = layout().field("budget_totalt")
    return finding("budget-skiljer-fran-planen", {"insats": item.report.insats, "budget": kronor(budget(item.report)),
                                                  "planens": kronor(planned.budget)},
                   file=str(latest.path), sheet=f.sheet, cell=f.cell, expected=planned.budget,
                   actual=budget(item.report))


def plan_tables(sel: Selection, forbund: list[ForbundRad]) -> list[Table]:
    """The sheets of the consolidation against the plan: Förbundet (Uppföljning Finsam at förbund level,
    `forbund_rows`), Saknas, and Inte i planen when there are any."""
    match: PlanMatch | None = sel.plan
    if match is None:
        return []
    tables = [forbund_table(forbund)]
    missing = Table("Saknas", [Column(c) for c in ("Insats", "Huvudman", "Period", "Kontakt", "Skäl")])
    for m in match.missing:
        missing.rows.append([m.insats.namn, m.insats.huvudman, m.period.code, m.insats.kontakt, m.reason])
    tables.append(missing)
    if match.not_in_plan:
        other = Table("Inte i planen", [Column(c) for c in ("Insats", "Huvudman", "Perioder", "Filer")])
        for item in match.not_in_plan:
            other.rows.append([item.report.insats, item.report.huvudman, item.periods,
                               ", ".join(p.path.name for p in item.parts)])
        tables.append(other)
    return tables


@dataclass(frozen=True)
class ForbundRad:
    """One förbund-level figure of Uppföljning Finsam: its key (`post`, and `avser`: the member, kommun or
    cost), its label on the sheet Förbundet, budget and utfall (None when unknown)."""

    post: str
    avser: str
    rubrik: str
    budget: Amount
    utfall: Amount = None


def forbund_rows(plan: Plan) -> list[ForbundRad]:
    """Uppföljning Finsam at förbund level, from the plan: tilldelade medel per member (and kommun), their
    total, eget kapital, the förbund's own costs with budget and utfall, and their total (the last row)."""
    m = plan.medlemmar
    rows: list[ForbundRad] = []
    for key, amount in m.by_member().items():
        rows.append(ForbundRad("tilldelade_medel", key, f"Tilldelade medel: {MEDLEMMAR[key][0]}", amount))
        if key == "kommuner":
            rows += [ForbundRad("tilldelade_medel_kommun", name, f"Tilldelade medel: {name}", value)
                     for name, value in m.kommuner.items()]
    rows.append(ForbundRad("tilldelade_medel_totalt", "", "Tilldelade medel totalt", m.totalt()))
    rows.append(ForbundRad("eget_kapital", "", "Eget kapital", plan.eget_kapital))
    rows += [ForbundRad("kostnad", key, f"Förbundets kostnader: {FORBUNDSKOSTNADER[key]}", cost.budget, cost.utfall)
             for key, cost in plan.kostnader.items()]
    rows.append(ForbundRad("kostnader_totalt", "", "Förbundets kostnader totalt", plan.egna_kostnader(),
                           plan.egna_kostnader("utfall")))
    return rows


def forbund_table(rows: list[ForbundRad]) -> Table:
    """The sheet Förbundet: the förbund-level rows, their last (the own costs' total) as the total row."""
    table = Table("Förbundet", [Column("Post"), Column("Budget", "amount"), Column("Utfall", "amount")])
    table.rows = [[r.rubrik, r.budget, r.utfall] for r in rows[:-1]]
    table.total = [rows[-1].rubrik, rows[-1].budget, rows[-1].utfall]
    return table


FORBUND_CSV = "uppfoljning-finsam-forbund.csv"
FORBUND_COLUMNS = tuple(f.name for f in fields(ForbundRad))


def write_forbund_csv(path: Path, rows: list[ForbundRad]) -> Path:
    """uppfoljning-finsam-forbund.csv: one line per förbund-level figure, UTF-8, empty for unknown, text
    neutralised as in sammanstallning.csv."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(FORBUND_COLUMNS)
            out.writerows([csv_text(getattr(row, c)) for c in FORBUND_COLUMNS] for row in rows)

    return write_atomic(path, write)
