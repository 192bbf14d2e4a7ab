"""The consolidation's tables, as published: one truth for the workbook, the Word summary and the CSV.

Under `--maskera` the tables are computed from `published(sel, masker)`: every report's counts
replaced by published leaves (see mask.py) and each insats's figures combined again from those, so
every total is a function of what is published. Goal verdicts alone use the exact figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from .. import swedish
from ..catalog import AVSLUTSANLEDNINGAR, FINANSIERING, MATT, MEASURES, MEDLEMMAR, REMITTENTER, RESULTAT, TALLY_COLUMNS
from ..checks.render import SEVERITY_LABEL, shown
from ..findings import CODES
from ..model import InsatsRapport, Mal, known_sum
from ..report.goals import EJ_BEDOMT, GoalAssessment, assess, reassess, verdict
from ..schema import tally_rows
from .mask import Masker, Range
from .select import InsatsResult, Part, Selection, combine

#: Legal shares of the förbund's funds (lag 2003:1210): state (FK + AF), region, kommuner.
LEGAL_SHARES = {label: share for label, share in MEDLEMMAR.values()}
#: Which insats financing source is which member's direct co-financing.
CO_FINANCING = {"arbetsformedlingen": 0, "forsakringskassan": 0, "region": 1, "kommun": 2}
JA_NEJ = {True: "Ja", False: "Nej"}


@dataclass(frozen=True)
class Column:
    """kind: text, count, amount, share, int (not masked), date."""

    label: str
    kind: str = "text"


@dataclass
class Table:
    """Rows of values in column order, an optional total row and notes, for any rendering."""

    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """The rows keyed by column label: writers read a figure by its name, never by position."""
        labels = [c.label for c in self.columns]
        return [dict(zip(labels, row)) for row in self.rows]

    def values(self, label: str) -> list[Any]:
        """One column's values, by its label."""
        i = [c.label for c in self.columns].index(label)
        return [row[i] for row in self.rows]


def _cols(spec: str) -> list[Column]:
    """Columns from "Label:kind|Label:kind" (kind text when omitted)."""
    return [Column(*item.split(":")) if ":" in item else Column(item) for item in spec.split("|")]


def published(sel: Selection, m: Masker) -> Selection:
    """The selection with published counts: each report masked, each insats combined from its masked parts."""
    if not m.active:
        return sel
    insatser = [combine([Part(p.path, m.publish(p.report), p.in_sum, p.errors, p.warnings) for p in item.parts])
                for item in sel.insatser]
    return replace(sel, insatser=insatser)


def budget(report: InsatsRapport) -> float | None:
    """The budget for the year (the model's `Ekonomi.budget_total`)."""
    return report.ekonomi.budget_total()


def utfall(report: InsatsRapport) -> float | None:
    """Utfall so far (the model's `InsatsRapport.utfall_hittills`)."""
    return report.utfall_hittills()


def used(utfall_: float | None, budget_: float | None) -> float | None:
    """Förbrukat: utfall as a share of the budget, only when both are given."""
    return utfall_ / budget_ if utfall_ is not None and budget_ else None


def bounded(lo: Any, hi: Any) -> Any:
    """One count from the ledger's bounds: the value when known exactly, else a Range lo–hi (None if unknown)."""
    if lo is None or hi is None:
        return None
    if lo == hi:
        return lo
    return Range(getattr(lo, "lo", lo), getattr(hi, "hi", hi))


def participants(item: InsatsResult) -> dict[str, Any]:
    """Participants over the selection per tally column (`toolkit.ledger`): a number, or a Range when only
    bounds are known."""
    span = item.deltagare
    if span is None:
        ins = item.report.total("inskrivna")
        return {c: ins.get(c) for c in TALLY_COLUMNS}
    return {c: bounded(span.lo.get(c), span.hi.get(c)) for c in TALLY_COLUMNS}


KEY_COUNTS = ("deltagare", "kvinnor", "man", "under_30", "avslutade", "gar_vidare", "resultat", "resultatunderlag")


def key_counts(item: InsatsResult) -> dict[str, Any]:
    """The counts Översikt shows for one insats (exact, or Ranges: bounds, or published under masking)."""
    report = item.report
    ins = participants(item)
    return {"deltagare": ins["antal"], "kvinnor": ins["kvinnor"], "man": ins["man"], "under_30": ins["under_30"],
            "avslutade": report.column_total("avslutade", "antal"),
            "gar_vidare": report.column_total("gar_vidare", "antal"),
            "resultat": report.resultat_antal(), "resultatunderlag": report.resultatunderlag()}


def uncertain_note(sel: Selection) -> list[str]:
    """The note that labels bounded participant figures, naming the insatser; empty when all are exact."""
    names = [i.report.insats for i in sel.insatser if i.osaker]
    if not names:
        return []
    return [f"Osäkert antal deltagare för {', '.join(names)}: visas som ett spann (lägsta–högsta möjliga), "
            "eftersom nya saknas i någon rapport eller en rapport saknas; se bladet Kontroll."]


def insats_figures(sel: Selection) -> list[tuple[dict[str, Any], float | None, float | None]]:
    """Per counted insats, what Översikt shows of it and the förbund's totals sum: key counts, budget, utfall."""
    return [(key_counts(i), budget(i.report), utfall(i.report)) for i in sel.insatser]


def forbund_totals(sel: Selection, figures: list[tuple[dict[str, Any], Any, Any]] | None = None) -> dict[str, Any]:
    """Exact totals for the förbund: key counts, budget and utfall over the counted insatser
    (`insats_figures(sel)`, computed unless given)."""
    figures = insats_figures(sel) if figures is None else figures
    counts = [c for c, _, _ in figures]
    totals: dict[str, Any] = {k: known_sum([c[k] for c in counts]) for k in KEY_COUNTS}
    budgets, utfalls = [b for _, b, _ in figures], [u for _, _, u in figures]
    totals["budget"] = known_sum(budgets)
    totals["utfall"] = known_sum(utfalls)
    # Förbrukat over the insatser that give both: an insats without utfall would lower it falsely.
    both = [(u, b) for u, b in zip(utfalls, budgets) if u is not None and b]
    totals["forbrukat"] = used(sum(u for u, _ in both), sum(b for _, b in both)) if both else None
    return totals


def _overview_row(c: dict[str, Any], m: Masker) -> list[Any]:
    results = [None, None] if m.active else [c["resultat"], used(c["resultat"], c["resultatunderlag"])]
    return [m.count(c["deltagare"]), m.count(c["kvinnor"]), m.count(c["man"]), m.count(c["under_30"]),
            m.count(c["avslutade"]), m.count(c["gar_vidare"]), m.share(c["gar_vidare"], c["avslutade"]), *results]


OVERVIEW = _cols("Förbund|Insats|Huvudman|Perioder|Från:date|Till:date|Deltagare:count|Kvinnor:count|Män:count|"
                 "Under 30 år:count|Avslutade:count|Går vidare:count|Andel går vidare:share|Resultat:count|"
                 "Andel resultat:share|Budget:amount|Utfall:amount|Förbrukat:share|Andel av året:share|"
                 "Fel:int|Varningar:int")


def overview(sel: Selection, m: Masker, forbund: dict[str, Any] | None = None,
             figures: list[tuple[dict[str, Any], Any, Any]] | None = None) -> Table:
    """One row per insats and the förbund's totals (`forbund_totals(sel)`; it and `insats_figures(sel)`
    computed unless given)."""
    table = Table("Översikt", OVERVIEW, notes=uncertain_note(sel))
    figures = insats_figures(sel) if figures is None else figures
    for item, (counts, b, u) in zip(sel.insatser, figures):
        r = item.report
        table.rows.append([r.forbund, r.insats, r.huvudman, item.periods, r.start, r.slut,
                           *_overview_row(counts, m), b, u, used(u, b), item.covered,
                           item.errors, item.warnings])
    t = forbund_totals(sel, figures) if forbund is None else forbund
    table.total = ["Summa", f"{len(sel.insatser)} insatser", "", "", None, None, *_overview_row(t, m),
                   t["budget"], t["utfall"], t["forbrukat"], None,
                   sum(i.errors for i in sel.insatser), sum(i.warnings for i in sel.insatser)]
    return table


def _summed(item: InsatsResult) -> list[Part]:
    """The reports whose figures make up the insats's (so a long table sums without double counting)."""
    return [p for p in item.parts if p.in_sum]


def deltagare(sel: Selection, m: Masker) -> Table:
    """Long table: one row per summed report × aktivitet × tally row."""
    cols = _cols("Förbund|Insats|Period|Från:date|Till:date|Ackumulerad|Aktivitet|Rad")
    table = Table("Deltagare", cols + [Column(label, "count") for label in TALLY_COLUMNS.values()] + [Column("Fil")])
    for item in sel.insatser:
        for part in _summed(item):
            r = part.report
            head = [r.forbund, r.insats, r.period.code if r.period else "", r.start, r.slut, JA_NEJ[r.ackumulerad]]
            for akt in r.aktiviteter:
                for row, label in tally_rows().items():
                    count = akt.row(row)
                    if not count.is_empty():
                        table.rows.append([*head, akt.namn, label, *(m.count(count.get(c)) for c in TALLY_COLUMNS),
                                           part.path.name])
    return table


def avslut(sel: Selection, m: Masker) -> Table:
    """Long table: one row per summed report × exit reason or remittent (empty under masking, see mask.py)."""
    table = Table("Avslut", _cols("Förbund|Insats|Period|Slag|Kategori|Resultat|Antal:count|Fil"))
    for item in sel.insatser if not m.active else ():
        for part in _summed(item):
            r = part.report
            head = [r.forbund, r.insats, r.period.code if r.period else ""]
            for key, label in AVSLUTSANLEDNINGAR.items():
                if r.avslutsanledningar.get(key) is not None:
                    table.rows.append([*head, "Avslutsanledning", label, JA_NEJ[key in RESULTAT],
                                       m.count(r.avslutsanledningar[key]), part.path.name])
            for key, label in REMITTENTER.items():
                if r.remittenter.get(key) is not None:
                    table.rows.append([*head, "Remittent", label, "", m.count(r.remittenter[key]), part.path.name])
    return table


def assess_goal(item: InsatsResult, goal: Mal) -> GoalAssessment:
    """A goal over the selection, its target and outcome for the same span (`toolkit.report.goals` rules).

    An outcome computed from the tallies covers the summed reports, so a count target is prorated by
    their combined share of the year (`item.covered`; a quarter left out lowers it). An outcome typed
    in the latest report is that report's own, so the target is prorated to that report's period.
    """
    if goal.utfall is not None:
        return assess(item.parts[-1].report, goal)
    result = assess(item.report, goal)
    if result.andel or goal.malvarde is None or item.covered is None or not goal.per_year():
        return result
    return reassess(result, goal, goal.malvarde * item.covered)


def goals(sel: Selection, m: Masker, pub: Selection | None = None) -> Table:
    """Every goal with its target for the selection, outcome and verdict.

    Under masking an outcome computed from the tallies is the published one, and so is its verdict: a
    verdict is given only when every value the published range allows gives the same one, else
    "Kan inte bedömas" (an exact verdict would narrow a hidden count)."""
    table = Table("Mål", _cols("Förbund|Insats|Måltyp|Mål|Målvärde|Utfall|Bedömning"))
    pub = pub or published(sel, m)
    for item, pub_item in zip(sel.insatser, pub.insatser):
        r = item.report
        for goal in r.mal:
            a = assess_goal(item, goal)
            outcome, judged = a.utfall_text, a.bedomning
            if m.active and goal.utfall is None and goal.matt in MATT:
                if MEASURES[goal.matt].on_exit_reasons:
                    outcome, judged = swedish.EMPTY, EJ_BEDOMT
                elif MATT[goal.matt][1] == "andel":
                    share = m.share(*pub_item.report.measure_parts(goal.matt, pub_item.report.covered(goal)))
                    outcome, judged = swedish.percent(share), verdict(a.malvarde, share, True)
                else:
                    published_count = pub_item.report.measure(goal.matt, pub_item.report.covered(goal))
                    shown_count = m.count(published_count)
                    outcome = shown_count if isinstance(shown_count, str) else swedish.number(shown_count)
                    judged = _range_verdict(a.malvarde, published_count)
                judged = a.bedomning if goal.bedomning else judged  # a typed verdict stands
            table.rows.append([r.forbund, r.insats, a.typ, a.beskrivning, a.malvarde_text, outcome, judged])
    return table


def _range_verdict(target: float | None, count: Any) -> str:
    """The verdict every value of a published count (a Range, or exact) gives, else "Kan inte bedömas"."""
    if count is None:
        return EJ_BEDOMT
    lo, hi = (count.lo, count.hi) if isinstance(count, Range) else (count, count)
    low, high = verdict(target, lo, False), verdict(target, hi, False)
    return low if low == high else EJ_BEDOMT


#: The Ekonomi row for the part of an insats's budget (a typed total) that no line accounts for.
EJ_FORDELAT = "Ej fördelat på kostnadsslag"


def unallocated(report: InsatsRapport) -> float | None:
    """The insats's budget (`budget`) minus its lines' budgets, when a typed total says more than the
    lines: e.g. a budget from the plan before any line is typed. None when the lines account for it all."""
    total, lines = budget(report), known_sum(line.budget for line in report.ekonomi.rader)
    if total is None or total == (lines or 0):
        return None
    return total - (lines or 0)


def economy(sel: Selection) -> Table:
    """Budget against utfall per insats and category; the budget per insats is the one of Översikt, so a
    typed total without lines is a row of its own (`EJ_FORDELAT`) and the sums agree to the krona."""
    table = Table("Ekonomi", _cols("Förbund|Insats|Kategori|Budget:amount|Utfall:amount|Prognos:amount|"
                                   "Avvikelse mot budget:amount|Förbrukat:share"))
    for item in sel.insatser:
        r = item.report
        from_start = r.from_start()
        for line in r.ekonomi.rader:
            u = line.utfall_hittills(from_start)
            table.rows.append([r.forbund, r.insats, line.kategori, line.budget, u, line.prognos, line.avvikelse(),
                               used(u, line.budget)])
        rest = unallocated(r)
        if rest is not None:
            table.rows.append([r.forbund, r.insats, EJ_FORDELAT, rest, None, None, None, None])
    budgets, utfall_, forecasts = (table.values(label) for label in ("Budget", "Utfall", "Prognos"))
    both = [(u, b) for u, b in zip(utfall_, budgets) if u is not None and b]
    table.total = ["Summa", "", "", known_sum(budgets), known_sum(utfall_), known_sum(forecasts), None,
                   used(sum(u for u, _ in both), sum(b for _, b in both)) if both else None]
    return table


def financing_sources(sel: Selection) -> dict[str, float | None]:
    """Financing of the counted insatser by source (catalog.FINANSIERING keys), from the latest reports;
    None for a source no insats gives."""
    return {key: known_sum(i.report.ekonomi.finansiering.get(key) for i in sel.insatser) for key in FINANSIERING}


def financing(sel: Selection) -> Table:
    """Financing by member at förbund level against the legal shares 50/25/25.

    The förbund's own grant (beviljade medel) comes from its members in the legal shares, so it is
    split 50/25/25; a member's direct co-financing of an insats (AF and FK for the state, the region,
    the kommun) is added to that member. Other financing has no legal share.
    """
    sources = financing_sources(sel)
    grant = sources["samordningsforbundet"]
    table = Table("Finansiering", _cols(
        "Part|Via förbundets medel:amount|Direkt medfinansiering:amount|Totalt:amount|"
        "Andel av medlemmarnas finansiering:share|Lagstadgad andel:share"))
    if all(v is None for v in sources.values()):
        return table  # no insats gives its financing: nothing to set against the legal shares
    members = list(LEGAL_SHARES.items())
    direct = [known_sum(sources[k] for k, index in CO_FINANCING.items() if index == i) for i in range(len(members))]
    via = [None if grant is None else grant * share for _, share in members]
    totals = [known_sum((via[i], direct[i])) for i in range(len(members))]
    whole = known_sum(totals)
    for i, (name, share) in enumerate(members):
        table.rows.append([name, via[i], direct[i], totals[i], used(totals[i], whole), share])
    if sources["ovrigt"] is not None:
        table.rows.append(["Övrig finansiering", None, sources["ovrigt"], sources["ovrigt"], None, None])
    table.total = ["Summa", grant, known_sum((*direct, sources["ovrigt"])), known_sum((whole, sources["ovrigt"])),
                   1.0 if whole else None, 1.0]
    return table


def budgeted_participants(report: InsatsRapport) -> int | None:
    """Budgeterat antal deltagare: the aktiviteter's volume targets per year, summed."""
    return known_sum(a.volymmal_per_ar for a in report.aktiviteter)  # type: ignore[return-value]


#: The columns of the Uppföljning Finsam sheet and of uppfoljning-finsam.csv (a public contract:
#: docs/consolidate.md says which field of Uppföljning Finsam each fills).
UPPFOLJNING = _cols("insats|huvudman|inriktning|esf|deltagare_kvinnor:count|deltagare_man:count|"
                    "deltagare_totalt:count|budgeterat_antal_deltagare:int|budget:amount|utfall:amount|osaker")
JA_NEJ_LOWER = {True: "ja", False: "nej", None: ""}


def uppfoljning(sel: Selection, m: Masker, forbund: dict[str, Any] | None = None) -> Table:
    """Exactly what the förbund registers per insats in Uppföljning Finsam; participants from the ledger,
    no kön split for a strukturövergripande insats; budget and utfall summed as in `forbund_totals(sel)`
    (computed unless given)."""
    table = Table("Uppföljning Finsam", UPPFOLJNING, notes=uncertain_note(sel))
    totals: dict[str, list[Any]] = {"kvinnor": [], "man": [], "antal": []}
    for item in sel.insatser:
        r = item.report
        ins = participants(item)
        if r.strukturovergripande:
            ins["kvinnor"] = ins["man"] = None
        for key, values in totals.items():
            values.append(ins[key])
        table.rows.append([r.insats, r.huvudman, r.inriktning, JA_NEJ_LOWER[r.esf], m.count(ins["kvinnor"]),
                           m.count(ins["man"]), m.count(ins["antal"]), budgeted_participants(r), budget(r), utfall(r),
                           JA_NEJ_LOWER[item.osaker]])
    t = forbund_totals(sel) if forbund is None else forbund
    table.total = ["Summa", "", "", "", m.count(known_sum(totals["kvinnor"])), m.count(known_sum(totals["man"])),
                   m.count(known_sum(totals["antal"])), known_sum(budgeted_participants(i.report) for i in sel.insatser),
                   t["budget"], t["utfall"], JA_NEJ_LOWER[any(i.osaker for i in sel.insatser)]]
    return table


def trend(sel: Selection, m: Masker) -> Table | None:
    """Inskrivna per reported period, insatser as rows and periods side by side; None for one period."""
    periods = sorted({p.report.period for i in sel.insatser for p in i.parts if p.report.period},
                     key=lambda p: (p.end, p.start))
    if len(periods) < 2:
        return None
    table = Table("Trend", _cols("Förbund|Insats|Ackumulerad") + [Column(p.code, "count") for p in periods])
    for item in sel.insatser:
        by_period = {p.report.period: p.report.column_total("inskrivna", "antal") for p in item.parts}
        cumulative = {p.report.ackumulerad for p in item.parts}
        flag = JA_NEJ[cumulative.pop()] if len(cumulative) == 1 else "Blandat"
        table.rows.append([item.report.forbund, item.report.insats, flag, *(m.count(by_period.get(p)) for p in periods)])
    return table


def kontroll(sel: Selection, m: Masker) -> Table:
    """Every finding with file and cell, those of files outside the selection last (they are only listed);
    under masking, the code's title replaces messages with counts."""
    table = Table("Kontroll", _cols("Fil|Insats|Period|Allvarlighet|Kod|Blad|Cell|Meddelande|Förväntat|Faktiskt"))
    listed = sorted(sel.listed_findings, key=lambda f: (f.severity != "fel", f.file or ""))
    for f in sorted(sel.findings, key=lambda f: (f.severity != "fel", f.file or "")) + listed:
        insats, code = sel.meta.get(_path(f.file), ("", ""))
        message = CODES[f.code].title if m.active and f.code in CODES else f.message
        expected, actual = ("", "") if m.active else (shown(f.expected), shown(f.actual))
        table.rows.append([_name(f.file), insats, code, SEVERITY_LABEL.get(f.severity, f.severity), f.code,
                           f.sheet or "", f.cell or "", message, expected, actual])
    return table


def left_out(sel: Selection) -> Table:
    table = Table("Ej medräknade", _cols("Fil|Insats|Period|Skäl|Förklaring"))
    for o in sel.left_out:
        table.rows.append([o.path.name, o.insats, o.period, o.reason, o.detail])
    return table


def _path(file: str | None) -> Path | None:
    return Path(file) if file else None


def _name(file: str | None) -> str:
    return Path(file).name if file else ""


#: How each table of the workbook is computed from a consolidation, by name in sheet order (Trend is None
#: for one period).
TABLES: dict[str, Callable[["Consolidation"], Table | None]] = {
    "Översikt": lambda c: overview(c.pub, c.masker, c.totals, c.figures),
    "Ej medräknade": lambda c: left_out(c.sel),
    "Deltagare": lambda c: deltagare(c.pub, c.masker),
    "Avslut": lambda c: avslut(c.pub, c.masker),
    "Mål": lambda c: goals(c.sel, c.masker, c.pub),
    "Ekonomi": lambda c: economy(c.sel),
    "Finansiering": lambda c: financing(c.sel),
    "Uppföljning Finsam": lambda c: uppfoljning(c.pub, c.masker, c.totals),
    "Trend": lambda c: trend(c.pub, c.masker),
    "Kontroll": lambda c: kontroll(c.sel, c.masker),
}


@dataclass
class Consolidation:
    """A consolidation's published counts and tables, each computed once, when first asked for, and handed to
    every writer: the workbook, the Word summary, and the tidy CSV and Parquet."""

    sel: Selection
    masker: Masker
    pub: Selection  # the selection with published counts
    _done: dict[str, Table | None] = field(default_factory=dict, repr=False)

    def _table(self, name: str) -> Table | None:
        if name not in self._done:
            self._done[name] = TABLES[name](self)
        return self._done[name]

    def table(self, name: str) -> Table:
        table = self._table(name)
        if table is None:
            raise KeyError(f"no table {name} in this consolidation")
        return table

    def prepare(self, names: tuple[str, ...]) -> None:
        """Compute these tables and the totals now (e.g. before a writer forks, so that both share them)."""
        for name in names:
            self._table(name)
        self.totals  # a cached property: computed and kept

    @property
    def tables(self) -> list[Table]:
        """Every table of the workbook, in sheet order (Trend only when there are several periods)."""
        return [t for name in TABLES if (t := self._table(name)) is not None]

    @cached_property
    def figures(self) -> list[tuple[dict[str, Any], Any, Any]]:
        """Each insats's key counts, budget and utfall over the published counts (`insats_figures`)."""
        return insats_figures(self.pub)

    @cached_property
    def totals(self) -> dict[str, Any]:
        """The förbund's totals over the published counts."""
        return forbund_totals(self.pub, self.figures)


def consolidation(sel: Selection, m: Masker) -> Consolidation:
    """The consolidation of a selection: its counts published once (`published`), its tables on demand."""
    return Consolidation(sel, m, published(sel, m))


def all_tables(sel: Selection, m: Masker) -> list[Table]:
    """Every table of the workbook, in sheet order."""
    return consolidation(sel, m).tables
