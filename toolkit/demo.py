"""The embedded demo: a fictional förbund with six insatser of different shapes over one year.

Participants follow one ledger per insats and aktivitet, month by month: people enrolled on 1 January
carry on, new ones start, some finish each month (more in early summer, when few start), so a report
for any span has inskrivna = pågående at its start + nya, and the quarters chain exactly. One insats is
strukturövergripande (counts only) and one is ESF-financed. Figures come from a fixed seed so every
run gives the same workbooks; a few deliberate faults are written into the cells, as staff would type
them, for the checks to catch.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .catalog import AVSLUTSANLEDNINGAR, REMITTENTER, REPORT_TYPE_BY_KIND
from .cells import to_cells
from .filenames import slug, workbook_name
from .layout import tally_name
from .model import Aktivitet, BudgetRad, Count, Ekonomi, InsatsRapport, Mal
from .periods import Period, periods_of_year
from .plan.model import Plan, PlanInsats
from .reader import read_workbook
from .workbook import write_workbook

YEAR = 2025
FORBUND = "Samordningsförbundet Exempelbygd"


@dataclass(frozen=True)
class DemoInsats:
    namn: str
    huvudman: str
    kind: str  # period kind: kvartal, tertial, halvar, slut
    aktiviteter: tuple[str, ...]
    yearly_in: int  # new participants per year, all aktiviteter
    budget: int  # kronor per year
    cumulative: bool = True
    inriktning: str = "individ"
    esf: bool = False


INSATSER = (
    DemoInsats("Aktivitetscenter", "Exempelbygds kommun, Arbetsmarknadsavdelningen", "kvartal",
               ("Aktivering i grupp", "Arbetsförmågebedömning", "Arbetsträning"), 120, 4_800_000),
    DemoInsats("Samordningsteamet", "Region Exempelbygd, Närsjukvården", "kvartal", ("Samordnad rehabilitering",),
               60, 2_100_000, cumulative=False),
    DemoInsats("Gröna rum – trädgårdsrehabilitering", "Exempelbygds kommun, Socialförvaltningen", "tertial",
               ("Trädgårdsgrupp", "Individuellt stöd"), 36, 1_450_000),
    DemoInsats("Rörelse mot arbete", "Region Exempelbygd, Fysioterapin", "halvar", ("Fysioterapeutledd träning",),
               48, 960_000, esf=True),
    DemoInsats("Unga vuxna i arbete", "Grannbys kommun, Vuxenutbildningen", "slut", ("Coachning", "Praktik"),
               40, 1_200_000, cumulative=False),
    DemoInsats("Kompetenslyft för handläggare", "Samordningsförbundet Exempelbygd", "helar",
               ("Utbildning i samverkan", "Arbetsgivarträffar"), 90, 350_000, cumulative=False, inriktning="struktur"),
)
FINAL_SPAN = (date(2023, 3, 1), date(YEAR, 12, 31))
#: The målgrupp of every demo insats, in its plan and its reports.
MALGRUPP = "Personer 18–64 år med behov av samordnad rehabilitering för att närma sig arbete eller studier"


def kontakt(insats: DemoInsats) -> str:
    """The insats's contact, in the plan (whom to ask for a missing report) and in its workbooks."""
    return f"{slug(insats.namn)}@exempelbygd.se"


@dataclass
class DemoResult:
    """What the demo wrote: the plan workbook, the workbooks sent out from it by period, those the insatser
    filled in and returned, the one never returned, and the deliberate faults by file."""

    directory: Path
    plan_path: Path | None = None
    plan: Plan | None = None  # as read back from plan_path
    sent: dict[Period, list[Path]] = field(default_factory=dict)
    workbooks: list[Path] = field(default_factory=list)
    not_returned: Path | None = None
    not_returned_by: PlanInsats | None = None
    faults: dict[str, str] = field(default_factory=dict)


def _count(rng: random.Random, antal: int, women: float = 0.6, young: float = 0.25) -> Count:
    kvinnor = round(antal * rng.uniform(women - 0.1, women + 0.1))
    return Count(antal, kvinnor, antal - kvinnor, min(antal, round(antal * rng.uniform(young - 0.1, young + 0.1))))


def _subset(rng: random.Random, whole: Count, share: float) -> Count:
    kvinnor = min(whole.kvinnor or 0, round((whole.kvinnor or 0) * share))
    man = min(whole.man or 0, round((whole.man or 0) * share))
    return Count(kvinnor + man, kvinnor, man, min(whole.under_30 or 0, round((whole.under_30 or 0) * share)))


def _split(rng: random.Random, total: int, keys: tuple[str, ...], weights: tuple[float, ...]) -> dict[str, int]:
    raw = [w * rng.uniform(0.7, 1.3) for w in weights]
    parts = [int(total * r / sum(raw)) for r in raw]
    parts[max(range(len(parts)), key=lambda i: raw[i])] += total - sum(parts)
    return dict(zip(keys, parts))


#: Seasons of the ledger per month (January first): how many start, and the share of those enrolled who finish.
NEW_SEASON = (1.3, 1.2, 1.1, 1.0, 0.9, 0.3, 0.2, 1.0, 1.5, 1.2, 1.1, 0.6)
EXIT_SEASON = (0.10, 0.12, 0.14, 0.16, 0.30, 0.35, 0.10, 0.12, 0.14, 0.15, 0.15, 0.25)
#: Cells of the ledger: (woman, under 30).
_CELLS = ((True, True), (True, False), (False, True), (False, False))


@dataclass
class _Month:
    """One month of one aktivitet's ledger, per cell: enrolled at its start, new, finished."""

    start: list[int]
    new: list[int]
    left: list[int]


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + (m == 12), m % 12 + 1)
    return months


def _ledger(insats: DemoInsats, aktivitet: str, year: int) -> dict[tuple[int, int], _Month]:
    """The aktivitet's ledger month by month, from 1 January of `year` (or the final report's start) to December."""
    rng = random.Random(f"ledger-{insats.namn}-{aktivitet}-{year}")
    first = FINAL_SPAN[0] if insats.kind == "slut" else date(year, 1, 1)
    yearly = insats.yearly_in / len(insats.aktiviteter)
    weights = [(0.6 if woman else 0.4) * (0.3 if young else 0.7) for woman, young in _CELLS]
    ongoing = [0] * 4
    if insats.kind != "slut" and insats.inriktning == "individ":
        for cell in rng.choices(range(4), weights, k=round(yearly * 0.4)):
            ongoing[cell] += 1
    ledger = {}
    for y, m in _months(first, date(year, 12, 31)):
        new = [0] * 4
        for cell in rng.choices(range(4), weights, k=round(yearly / 12 * NEW_SEASON[m - 1] * rng.uniform(0.7, 1.3))):
            new[cell] += 1
        if insats.inriktning == "struktur":  # a training day: everyone starts and finishes in the month
            left = list(new)
        else:
            left = [sum(rng.random() < EXIT_SEASON[m - 1] for _ in range(n)) for n in ongoing]
        ledger[(y, m)] = _Month(list(ongoing), new, left)
        ongoing = [o + n - x for o, n, x in zip(ongoing, new, left)]
    return ledger


def _counts(cells: list[int]) -> Count:
    women = sum(n for n, (woman, _) in zip(cells, _CELLS) if woman)
    young = sum(n for n, (_, is_young) in zip(cells, _CELLS) if is_young)
    return Count(sum(cells), women, sum(cells) - women, young)


def _span_counts(ledger: dict[tuple[int, int], _Month], first: date, last: date) -> tuple[Count, Count, Count]:
    """(inskrivna, nya, avslutade) over the months from `first` to `last`: the ledger summed."""
    months = [ledger[key] for key in _months(first, last)]
    new = [sum(month.new[c] for month in months) for c in range(4)]
    left = [sum(month.left[c] for month in months) for c in range(4)]
    enrolled = [months[0].start[c] + new[c] for c in range(4)]
    return _counts(enrolled), _counts(new), _counts(left)


def demo_report(insats: DemoInsats, period: Period, seed: int = 0) -> InsatsRapport:
    """One insats's report for one period, with consistent figures from the insats's ledger."""
    rng = random.Random(f"{insats.namn}-{seed}" + ("" if insats.cumulative else period.code))
    share = period.year_share(insats.cumulative)
    first, last = period.span(insats.cumulative)
    aktiviteter = []
    for namn in insats.aktiviteter:
        yearly = insats.yearly_in / len(insats.aktiviteter)
        inskrivna, nya, avslutade = _span_counts(_ledger(insats, namn, last.year), first, last)
        if insats.inriktning == "struktur":
            aktiviteter.append(Aktivitet(namn=namn, volymmal_per_ar=round(yearly), inskrivna=Count(inskrivna.antal),
                                         nya=Count(nya.antal)))
            continue
        aktiviteter.append(Aktivitet(
            namn=namn, volymmal_per_ar=round(yearly), inskrivna=inskrivna, avslutade=avslutade, nya=nya,
            gar_vidare=_subset(rng, avslutade, rng.uniform(0.6, 0.9)),
            uppnatt_mal=Count(antal=round((avslutade.antal or 0) * rng.uniform(0.5, 0.8))),
            provotid=Count(antal=min(avslutade.antal or 0, rng.randint(0, 2))),
            utanfor_uppfoljning=rng.randint(0, 3)))
    report = InsatsRapport(
        forbund=FORBUND, insats=insats.namn, huvudman=insats.huvudman,
        samverkansparter=["Arbetsförmedlingen", "Försäkringskassan", "Region Exempelbygd"],
        malgrupp=MALGRUPP,
        rapporttyp=REPORT_TYPE_BY_KIND[period.kind], period=period, ackumulerad=insats.cumulative,
        diarienummer=f"SFE {period.year % 100}-{len(insats.namn)}.{period.number or 9}",
        rapportdatum=min(date(period.end.year + (period.end.month == 12), period.end.month % 12 + 1, 15),
                         date(YEAR + 1, 1, 15)),
        uppgiftslamnare=["Karin Lindqvist", "Omar Haddad"], kontakt=kontakt(insats),
        arsplatser=round(insats.yearly_in * 0.6), aktiviteter=aktiviteter, inriktning=insats.inriktning,
        esf=insats.esf,
    )
    if period.kind == "slut":
        report.period_start, report.period_slut = period.start, period.end
    total_in = report.total("inskrivna").antal or 0
    report.totalt_inskrivna = total_in
    if insats.inriktning == "individ":
        report.remittenter = _split(rng, total_in, tuple(REMITTENTER), (4, 3, 4, 2, 1))
        report.avslutsanledningar = _split(rng, report.total("avslutade").antal or 0, tuple(AVSLUTSANLEDNINGAR),
                                           (5, 2, 3, 2, 3, 0.3, 0.5, 0.2, 0.2, 0.1, 0.5))
    report.mal = [
        Mal("effektmal", "Minst 70 % av de avslutade går vidare till arbete, studier eller annan insats", 0.7,
            "andel_gar_vidare", kommentar="Följs upp varje period."),
        Mal("volymmal", f"Minst {insats.yearly_in} deltagare skrivs in per år", insats.yearly_in, "antal_inskrivna"),
        Mal("insatsmal", "Minst 40 % av deltagarna är under 30 år", 0.4, "andel_under_30"),
        Mal("organisationsmal", "Gemensam kartläggning med Arbetsförmedlingen och Försäkringskassan", None, None,
            utfall=None, kommentar="Rutin beslutad i styrgruppen."),
    ]
    if insats.inriktning == "struktur":  # counts only: no exits to measure
        report.mal = [report.mal[1], Mal("organisationsmal", "Alla parter deltar i utbildningen", None, None,
                                         kommentar="Handläggare från alla fyra parter har deltagit.")]
    budget_share = share if period.kind != "slut" else 1.0
    lines = _split(rng, insats.budget, ("Personal", "Lokaler", "Resor", "Material", "Overhead"), (70, 12, 4, 6, 8))
    rader = []
    for kategori, budget in lines.items():
        ack = round(budget * budget_share * rng.uniform(0.88, 1.04))
        rader.append(BudgetRad(kategori, budget, round(ack * (period.year_share() / max(budget_share, 0.01))
                                                      if insats.cumulative else ack), ack,
                               max(ack, round(budget * rng.uniform(0.95, 1.02)))))  # never below what is booked
    report.ekonomi = Ekonomi(rader=rader, budget_totalt=insats.budget,
                             finansiering={"samordningsforbundet": insats.budget, "arbetsformedlingen": None,
                                           "forsakringskassan": None, "region": None, "kommun": None, "ovrigt": None},
                             kommentar="Utfallet följer budget. Personalkostnaderna är något lägre än planerat "
                                       "på grund av en vakans under våren.")
    report.texter = {
        "sammanfattning": f"{insats.namn} har under {period.label} tagit emot {total_in} deltagare. "
                          "Samverkan med parterna fungerar väl och flera deltagare har gått vidare till arbete "
                          "eller studier.",
        "malgrupp": "Deltagarna har ofta långvarig ohälsa och behöver stöd från flera myndigheter samtidigt.",
        "aktiviteter": "Verksamheten erbjuder " + ", ".join(a.lower() for a in insats.aktiviteter) + ".",
        "samverkan": "Styrgruppen har träffats enligt plan. Handläggare från Arbetsförmedlingen och "
                     "Försäkringskassan deltar i gemensamma ärendedragningar.",
        "avvikelser": "Inga större avvikelser från planeringen under perioden.",
    }
    return report


def demo_periods(insats: DemoInsats) -> list[Period]:
    if insats.kind == "slut":
        return [Period.final(*FINAL_SPAN)]
    return periods_of_year(insats.kind, YEAR)


def send_out_periods() -> list[Period]:
    """The periods the förbund sends workbooks out for during the year, in time order (final reports apart)."""
    periods = {p for i in INSATSER if i.kind != "slut" for p in demo_periods(i)}
    return sorted(periods, key=lambda p: (p.end, -p.start.toordinal()))


def plan_folder(directory: str | Path) -> Path:
    """Where the demo's plan is written: beside the demo folder, `<folder>-plan`."""
    directory = Path(directory)
    return directory.parent / f"{directory.name}-plan"


#: The one report never returned: Samordningsteamet's for the last quarter. Its three earlier quarters
#: still chain, so its year so far stays exact (January–September); the year's consolidation against the
#: plan lists the quarter as *Saknas*, with the contact to ask.
NOT_RETURNED = ("Samordningsteamet", f"{YEAR}-Q4")

#: Deliberate faults typed as staff might type them: (insats, period code, field, text, what it is).
TYPOS = (
    ("Aktivitetscenter", f"{YEAR}-Q2", tally_name(1, "inskrivna", "under_30"), "ca 5", "text i en talcell (”ca 5”)"),
    ("Gröna rum – trädgårdsrehabilitering", f"{YEAR}-T2", "period_slut", "2025123",
     "ogiltigt slutdatum (”2025123”)"),
)


def _staff_report(insats: DemoInsats, period: Period) -> tuple[InsatsRapport, str | None]:
    """What the insats reports for the period, with the deliberate faults of its figures (and what they are)."""
    report = demo_report(insats, period)
    if insats.namn == "Aktivitetscenter" and period.number == 3:
        akt = report.aktiviteter[1].inskrivna
        akt.kvinnor = (akt.kvinnor or 0) + 2  # Kvinnor + Män no longer equals Antal
        return report, "kvinnor + män stämmer inte med antal"
    if insats.namn == "Rörelse mot arbete" and period.number == 2:
        report.ekonomi.rader[0].utfall_ackumulerat = round((report.ekonomi.rader[0].budget or 0) * 1.25)
        report.ekonomi.kommentar = ""
        return report, "utfall över budget utan kommentar"
    return report, None


def fill_in(path: Path, staff: InsatsRapport, typos: dict[str, str] | None = None) -> Path:
    """Staff fill in a sent-out workbook: each empty input cell gets what they report, and `typos` (field ->
    text) go in as typed; what the plan pre-filled stays as it is. The workbook is written again with the
    staff's figures, and the send-out's pre-filled cells and the typos written over them."""
    sent = read_workbook(path)
    assert sent.report is not None, sent.findings  # the send-out's own workbook is always readable
    typed = {k: v for k, v in to_cells(sent.report).items() if k in sent.typed} | (typos or {})
    return write_workbook(path, staff, typed)


def demo_paths(directory: str | Path) -> list[Path]:
    """The workbooks `make_demo` sends out into `directory` (all but one come back filled in)."""
    return [Path(directory) / workbook_name(i.namn, p) for i in INSATSER for p in demo_periods(i)]


def make_demo(directory: str | Path) -> DemoResult:
    """The demo förbund's year as a förbund runs it: its plan workbook (beside `directory`: `plan_folder`),
    the workbooks sent out from the plan into `directory` for each period (`toolkit.plan.utskick`), filled
    in by the insatser as staff would, with the deliberate faults, and every one returned but NOT_RETURNED
    (which is taken out of the folder again)."""
    from .plan.demo import demo_plan  # the plan is made from this module's insatser
    from .plan.reader import load_plan
    from .plan.utskick import due, insats_report, send_out
    from .plan.workbook import write_plan_workbook

    result = DemoResult(Path(directory))
    plan_folder(directory).mkdir(parents=True, exist_ok=True)
    result.plan_path = write_plan_workbook(plan_folder(directory) / f"forbundsplan_{YEAR}.xlsx", demo_plan())
    plan = result.plan = load_plan(result.plan_path)  # as `finsam plan utskick` reads it
    for period in send_out_periods():
        result.sent[period] = send_out(plan, period, result.directory, replace=True)
    sent = {(i.namn, period): path for period, paths in result.sent.items()
            for i, path in zip(due(plan, period), paths)}
    planned = {i.namn: i for i in plan.insatser}
    final = Period.final(*FINAL_SPAN)
    for insats in (i for i in INSATSER if i.kind == "slut"):  # no send-out per period: pre-filled the same way
        sent[(insats.namn, final)] = write_workbook(result.directory / workbook_name(insats.namn, final),
                                                    insats_report(plan, planned[insats.namn], final))
        result.sent.setdefault(final, []).append(sent[(insats.namn, final)])
    typos = {(insats, code): (name, text, what) for insats, code, name, text, what in TYPOS}
    for insats in INSATSER:
        for period in demo_periods(insats):
            path = sent[(insats.namn, period)]
            if (insats.namn, period.code) == NOT_RETURNED:
                path.unlink()
                result.not_returned, result.not_returned_by = path, planned[insats.namn]
                continue
            staff, fault = _staff_report(insats, period)
            name, text, what = typos.get((insats.namn, period.code), (None, None, None))
            fill_in(path, staff, {name: text} if name and text else None)
            if fault or what:
                result.faults[path.name] = fault or what
            result.workbooks.append(path)
    return result
