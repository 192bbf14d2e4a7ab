"""What counts: which files enter the förbund's figures, which are left out and why, and the
figures of one insats over the selection (the `--ar` trend rule).

Rules (documented in docs/consolidate.md), applied in this order, the first that fits naming the reason:
1. a file that cannot be read, or has no period, is left out (it has an error finding);
2. a file from another period than the one asked for (another year with `--ar`; a final report belongs
   to the period or year it ends in) is listed, not counted;
3. a final report whose span reaches before the period or year asked for is listed, not counted: its
   figures cover the whole span and would inflate one year's;
4. the same insats and period in two or more files: none of them is counted, all are named;
5. a file with errors (with `strict`, also with warnings) is left out unless `include_errors`.
Only the findings of files in the selection (rules 1, 4, 5 and counted files) are its errors and
warnings; the findings of files listed under rules 2 and 3 are kept apart (`listed_findings`).
Over a year, an insats's flow figures (nya, exits, reasons, utfall for the period) are summed over
reports whose periods do not overlap, starting from the latest; a cumulative report covers the year
from 1 January, so it alone gives the year. Participants (inskrivna) are never summed: they come from
the ledger (`toolkit.ledger.span_participants`), exact or as bounds with a warning naming the files to
complete. Stock figures (budget, prognos, utfall hittills i år, goals, volume targets) come from the
latest report.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from ..catalog import TALLY_COLUMNS
from ..checks import FileCheck, cross_file_checks
from ..findings import FEL, Finding, HasFindings, finding
from ..ledger import SpanParticipants, span_participants
from ..model import Aktivitet, Count, InsatsRapport
from ..periods import Period
from ..names import name_key
from ..schema import tally_rows

OLASLIG, ANNAN_PERIOD, SLUTRAPPORT, DUBBLETT, HAR_FEL, HAR_VARNINGAR = (
    "Kan inte läsas", "Annan period", "Slutrapport för längre tid", "Dubblett", "Har fel", "Har varningar")
#: Each reason as counted in a sentence, one file and several: "1 dubblett", "2 dubbletter".
REASON_COUNTED = {OLASLIG: ("kan inte läsas", "kan inte läsas"), ANNAN_PERIOD: ("annan period", "andra perioder"),
                  SLUTRAPPORT: ("slutrapport för längre tid", "slutrapporter för längre tid"),
                  DUBBLETT: ("dubblett", "dubbletter"), HAR_FEL: ("har fel", "har fel"),
                  HAR_VARNINGAR: ("har varningar", "har varningar")}
#: Reasons for files outside the selection: listed, but their findings decide nothing.
OUTSIDE = (ANNAN_PERIOD, SLUTRAPPORT)

#: Where a published output points for the findings of a file.
SEE_KONTROLL = "se bladet Kontroll i sammanställningen"


@dataclass(frozen=True)
class LeftOut:
    """A file that was read but not added to the totals, with the reason (short) and a detail."""

    path: Path
    reason: str
    detail: str
    insats: str = ""
    period: str = ""


@dataclass
class Part:
    """One counted report of an insats; `in_sum` says whether its flows are in the insats's figures."""

    path: Path
    report: InsatsRapport
    in_sum: bool = True
    errors: int = 0
    warnings: int = 0


@dataclass
class InsatsResult:
    """One insats in the consolidation: its figures over the selection and the reports they come from."""

    report: InsatsRapport  # flows summed over the non-overlapping parts, stocks from the latest
    parts: list[Part]
    covered: float | None = None  # share of the year the summed reports cover (a gap lowers it)
    deltagare: SpanParticipants | None = None  # participants over the summed reports (the ledger)

    @property
    def osaker(self) -> bool:
        """Only bounds are known for the participants (see `deltagare`)."""
        return self.deltagare is not None and self.deltagare.uncertain

    @property
    def chain(self) -> list[Part]:
        """The summed parts in time order (the chain of the ledger)."""
        return [p for p in self.parts if p.in_sum]

    @property
    def errors(self) -> int:
        return sum(p.errors for p in self.parts)

    @property
    def warnings(self) -> int:
        return sum(p.warnings for p in self.parts)

    @property
    def periods(self) -> str:
        return ", ".join(p.report.period.code for p in self.parts if p.report.period)


@dataclass
class Selection(HasFindings):
    """The outcome of the rules: what counts, what was left out, and every finding."""

    label: str  # "kvartal 4 2022" or "år 2025"
    files: list[Path]
    insatser: list[InsatsResult] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # of the files in the selection: they decide
    meta: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path -> (insats, period code)
    strict: bool = False
    listed_findings: list[Finding] = field(default_factory=list)  # of files outside the selection
    plan: Any = None  # plan.PlanMatch when consolidated against the förbund's plan

    @property
    def failed(self) -> bool:
        """Errors found (with `strict`, warnings count as errors): exit code 1."""
        return bool(self.errors or (self.strict and self.warnings))

    @property
    def counted_files(self) -> int:
        return sum(len(i.parts) for i in self.insatser)

    @property
    def in_scope(self) -> int:
        """Files that belong to the selection: counted, or left out for their own faults or as duplicates."""
        return len(self.files) - sum(o.reason in OUTSIDE for o in self.left_out)


def insats_key(report: InsatsRapport, path: Path) -> tuple[str, str]:
    """Förbund and insats compared by `toolkit.names.name_key` (the file name if unnamed)."""
    return name_key(report.forbund), name_key(report.insats) or name_key(path.stem)


def default_year(items: Sequence[FileCheck]) -> int | None:
    """The latest year among the readable reports (the selection when no period is asked for)."""
    years = [i.report.period.year for i in items if i.report is not None and i.report.period is not None]
    return max(years) if years else None


def select(items: Sequence[FileCheck], period: Period | None = None, year: int | None = None,
           include_errors: bool = False, strict: bool = False) -> Selection:
    """Apply the rules to checked files; cross-file findings are added to their files."""
    if period is None and year is None:
        year = default_year(items)
    label = period.label if period else f"år {year}" if year else "alla perioder"
    extra: dict[str, list[Finding]] = defaultdict(list)
    for f in cross_file_checks(items):
        extra[f.file or ""].append(f)
    items = [i for i in items if not i.is_plan]  # the förbund's plan is not a report
    selection = Selection(label, [Path(i.path) for i in items], strict=strict)
    candidates: dict[tuple, list[Part]] = defaultdict(list)
    for item in items:
        path = Path(item.path)
        findings = [*item.findings, *extra.get(str(path), [])]
        report = item.report
        if report is None or report.period is None:
            selection.findings += findings
            # An error says why; without one (a slutrapport without dates) the warning that it cannot be placed.
            first = next((f.message for f in sorted(findings, key=lambda f: f.severity != FEL)), "Perioden saknas.")
            selection.left_out.append(LeftOut(path, OLASLIG, first, report.insats if report else ""))
            continue
        selection.meta[path] = (report.insats, report.period.code)
        outside = _outside(report, period, year, label)
        if outside:
            selection.listed_findings += findings
            selection.left_out.append(LeftOut(path, *outside, report.insats, report.period.code))
            continue
        selection.findings += findings
        errors = sum(f.severity == FEL for f in findings)
        warnings = len(findings) - errors
        candidates[(insats_key(report, path), report.period.code)].append(Part(path, report, True, errors, warnings))
    by_insats: dict[tuple, list[Part]] = defaultdict(list)
    for (key, code), parts in candidates.items():
        if len(parts) > 1:
            for part in parts:
                others = ", ".join(p.path.name for p in parts if p is not part)
                selection.left_out.append(LeftOut(part.path, DUBBLETT, f"Samma insats och period finns också i "
                                                  f"{others}; ingen av dem räknas.", part.report.insats, code))
            continue
        part = parts[0]
        if not include_errors and (part.errors or (strict and part.warnings)):
            reason = HAR_FEL if part.errors else HAR_VARNINGAR
            detail = (f"{part.errors} fel i filen" if part.errors else
                      f"{part.warnings} varningar i filen, och i en strikt sammanställning räknas varningar som fel"
                      ) + f"; {SEE_KONTROLL}. Rätta filen och sammanställ igen."
            selection.left_out.append(LeftOut(part.path, reason, detail, part.report.insats, code))
            continue
        by_insats[key].append(part)
    for parts in by_insats.values():
        item = combine(parts)
        selection.insatser.append(item)
        selection.findings += _uncertain(item)
    selection.insatser.sort(key=lambda r: (name_key(r.report.forbund), name_key(r.report.insats)))
    selection.left_out.sort(key=lambda o: (o.reason, str(o.path)))
    return selection


def _uncertain(item: InsatsResult) -> list[Finding]:
    """A warning in each file to complete when only bounds are known for the insats's participants."""
    span = item.deltagare
    if span is None or not span.uncertain:
        return []
    chain = item.chain
    lacking = [chain[i] for i in span.missing_nya]
    missing = [f"{chain[i - 1].report.period.label} och {chain[i].report.period.label}"  # type: ignore[union-attr]
               for i in span.gaps]
    lo, hi = span.lo.antal, span.hi.antal
    params: dict[str, Any] = {"insats": item.report.insats, "tid": _span_label(chain), "lagst": lo, "hogst": hi}
    if lacking:
        params |= {"filer": ", ".join(p.path.name for p in lacking),
                   "rapporten": "den rapporten" if len(lacking) == 1 else "de rapporterna"}
    if missing:
        params["mellan"] = " och mellan ".join(missing)
    variant = "" if lacking and missing else "nya-saknas" if lacking else "rapport-saknas"
    found = []
    for part in (lacking or [chain[i] for i in span.gaps]):
        part.warnings += 1
        found.append(finding("deltagare-osakert", params, variant, file=str(part.path), sheet="Deltagare",
                             expected=lo, actual=hi))
    return found


def _span_label(chain: list[Part]) -> str:
    first, last = chain[0].report, chain[-1].report
    assert first.start and last.slut
    return f"{first.start.isoformat()}–{last.slut.isoformat()}"


def _outside(report: InsatsRapport, period: Period | None, year: int | None, label: str) -> tuple[str, str] | None:
    """(reason, detail) when the report is outside the selection (rules 2 and 3), else None."""
    assert report.period is not None
    start, end = _span(report)
    if report.period.kind == "slut":
        ends_in = period.contains(end) if period else end.year == year
        if ends_in and (start < period.start if period else start < date(end.year, 1, 1)):
            where = f"i {period.label}, bara när hela insatstiden ligger inom perioden" if period else \
                "i ett enskilt år"
            return SLUTRAPPORT, f"Slutrapport för hela insatstiden {start.isoformat()}–{end.isoformat()}: " \
                                f"räknas inte in {where}."
    else:
        ends_in = report.period == period if period else report.period.year == year
    if ends_in:
        return None
    return ANNAN_PERIOD, f"Rapporten gäller {report.period.label}, sammanställningen {label}."


def _span(report: InsatsRapport) -> tuple[date, date]:
    assert report.period is not None
    return report.start or report.period.start, report.slut or report.period.end


def combine(parts: list[Part]) -> InsatsResult:
    """One insats's figures over its counted reports (the trend rule in the module docstring)."""
    parts = sorted(parts, key=lambda p: (_span(p.report)[1], -_span(p.report)[0].toordinal()))
    latest = parts[-1]
    covered_from = _span(latest.report)[0]
    for part in reversed(parts[:-1]):
        start, end = _span(part.report)
        part.in_sum = end < covered_from
        if part.in_sum:
            covered_from = start
    chain = [p.report for p in parts if p.in_sum]
    covered = None if latest.report.period.kind == "slut" else sum(  # type: ignore[union-attr]
        r.period.year_share(r.ackumulerad) for r in chain)  # type: ignore[union-attr]
    span = span_participants(chain)
    result = copy.deepcopy(latest.report) if len(chain) > 1 else latest.report
    if len(chain) > 1:
        _sum_flows(result, chain, span)
        result.period_start = covered_from
        # Without a gap, the summed reports cover the year from 1 January like one cumulative report.
        from_january = covered_from == date(result.period.year, 1, 1)  # type: ignore[union-attr]
        result.ackumulerad = from_january and abs((covered or 0) - _whole(result)) < 1e-9
        if result.ackumulerad:
            result.period_start = None
    return InsatsResult(result, parts, covered, span)


def _whole(report: InsatsRapport) -> float:
    assert report.period is not None
    return report.period.year_share(True)


def _sum_flows(target: InsatsRapport, chain: list[InsatsRapport], span: SpanParticipants) -> None:
    """Replace the target's flow figures with their sums over the chain (aktiviteter matched by name),
    and its inskrivna with the participants over the chain where exactly known (else unknown)."""
    participants = {" ".join(name.split()).casefold(): Count(**{c: lo.get(c) if lo.get(c) == hi.get(c) else None
                                                                for c in TALLY_COLUMNS})
                    for name, (lo, hi) in span.aktiviteter.items()}
    aktiviteter: dict[str, Aktivitet] = {}
    for report in reversed(chain):  # latest first, so its aktivitet order and volume targets lead
        for akt in report.aktiviteter:
            key = name_key(akt.namn)
            if key not in aktiviteter:
                aktiviteter[key] = Aktivitet(namn=akt.namn, volymmal_per_ar=akt.volymmal_per_ar)
            into = aktiviteter[key]
            for row in tally_rows():
                if row != "inskrivna":
                    setattr(into, row, into.row(row) + akt.row(row))
            into.inskrivna = participants[key]
            if akt.utanfor_uppfoljning is not None:
                into.utanfor_uppfoljning = (into.utanfor_uppfoljning or 0) + akt.utanfor_uppfoljning
    target.aktiviteter = list(aktiviteter.values())
    for attr in ("remittenter", "avslutsanledningar"):
        totals: dict[str, int | None] = dict.fromkeys(getattr(target, attr))
        if attr == "remittenter" and any(r.remittenter_bas == "inskrivna" for r in chain):
            setattr(target, attr, totals)  # counted among inskrivna: the same people in several periods
            continue
        for report in chain:
            for key, value in getattr(report, attr).items():
                if value is not None:
                    totals[key] = (totals.get(key) or 0) + value
        setattr(target, attr, totals)
    target.totalt_inskrivna = span.exact.antal
    by_category: dict[str, float] = defaultdict(float)
    seen: set[str] = set()
    for report in chain:
        for line in report.ekonomi.rader:
            if line.utfall_period is not None:
                by_category[name_key(line.kategori)] += line.utfall_period
                seen.add(name_key(line.kategori))
    for line in target.ekonomi.rader:  # the summed periods are the utfall so far, like a flow
        key = name_key(line.kategori)
        line.utfall_period = line.utfall_ackumulerat = by_category[key] if key in seen else None

