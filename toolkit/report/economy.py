"""Economy, capacity (årsplatser) and the comparison with the same period a year earlier.

Burn rate (förbrukningstakt) is the year-to-date utfall as a share of the budget, set against the
share of the year elapsed at the end of the period (for a slutrapport, the whole budget).
"""

from __future__ import annotations

from typing import Any

from .. import swedish
from ..catalog import FINANSIERING
from ..layout import budget_name
from ..model import InsatsRapport
from .marks import Marks


def share(part: float | int | None, whole: float | int | None) -> float | None:
    """part / whole, or None when either is missing or the whole is zero."""
    if part is None or not whole:
        return None
    return part / whole


def elapsedshare(report: InsatsRapport) -> float | None:
    """Share of the budget year elapsed at the end of the period (1 for a slutrapport)."""
    if report.period is None:
        return None
    return 1.0 if report.period.kind == "slut" else report.period.year_share(cumulative=True)


def years_spanned(report: InsatsRapport) -> float:
    """The years a slutrapport's figures span (1 for every other report): per-year figures are divided by it."""
    if report.period is not None and report.period.kind == "slut":
        return report.year_share() or 1
    return 1


def _sentences(report: InsatsRapport, budget: float | int | None, utfall: float | int | None,
               prognos: float | int | None) -> list[str]:
    burn, elapsed = share(utfall, budget), elapsedshare(report)
    sentences = []
    if budget is not None and utfall is None:
        sentences.append(f"Budget {swedish.kronor(budget)} (utfall ej redovisat).")
    if burn is not None and elapsed is not None:
        if elapsed < 1:
            sentences.append(f"Sedan 1 januari har {swedish.percent(burn)} av årets budget förbrukats, att jämföra "
                             f"med att {swedish.percent(elapsed)} av året har gått.")
        else:
            sentences.append(f"Av budgeten har {swedish.percent(burn)} förbrukats.")
    if prognos is not None and budget:
        deviation = prognos - budget
        where = "över" if deviation > 0 else "under"
        sentences.append(f"Prognosen är {swedish.kronor(prognos)}, vilket är "
                         + (f"{swedish.kronor(abs(deviation))} {where} budget." if deviation else "i nivå med budget."))
    return sentences


#: Budget columns shown in the report that are input cells (a draft marks them).
_INPUT_COLUMNS = ("budget", "utfall_period", "utfall_ackumulerat", "prognos")


def economy_context(report: InsatsRapport, marks: Marks | None = None) -> dict[str, Any]:
    e, marks = report.ekonomi, marks or Marks(None, False)
    rows = [{
        "kategori": r.kategori, "budget": r.budget, "utfall_period": r.utfall_period,
        "utfall_ackumulerat": r.utfall_ackumulerat, "prognos": r.prognos,
        "avvikelse": r.avvikelse(), "forbrukat": share(r.utfall_hittills(report.from_start()), r.budget),
        "markering": marks.row({c: budget_name(i, c) for c in _INPUT_COLUMNS}),
    } for i, r in enumerate(e.rader, 1) if not r.is_empty()]
    budget = e.budget_total()
    utfall, prognos = report.utfall_hittills(), e.summa("prognos")
    burn = report.forbrukat()
    financing = [{"namn": FINANSIERING[k], "belopp": v} for k, v in e.finansiering.items()
                 if v is not None and k in FINANSIERING]
    return {
        "rader": rows,
        "plan": all(e.summa(c) is None for c in ("utfall_period", "utfall_ackumulerat", "prognos")),
        "summa": {"budget": e.summa("budget"), "utfall_period": e.summa("utfall_period"),
                  "utfall_ackumulerat": e.summa("utfall_ackumulerat"), "prognos": prognos,
                  "avvikelse": report.prognos_avvikelse(), "forbrukat": burn,
                  "markering": marks.row({c: f"summa_{c}" for c in _INPUT_COLUMNS})},
        "budget": budget, "utfall": utfall, "prognos": prognos, "avvikelse": report.prognos_avvikelse(),
        "forbrukningstakt": burn, "andel_av_aret": elapsedshare(report),
        "finansiering": financing, "finansiering_summa": e.finansiering_summa() if financing else None,
        "kommentar": e.kommentar, "meningar": _sentences(report, budget, utfall, prognos),
    }


def capacity_context(report: InsatsRapport) -> dict[str, Any] | None:
    """Årsplatser against participants and cost per participant; None without årsplatser.

    A slutrapport spans several years: its participants and budget are set against the places of
    all those years, and it never says "hittills".
    """
    if not report.arsplatser:
        return None
    inskrivna = report.total("inskrivna").antal
    utfall = report.utfall_hittills()
    years = years_spanned(report)
    final = report.period is not None and report.period.kind == "slut"
    per_plats = share(inskrivna, report.arsplatser * years)
    per_deltagare = share(utfall, inskrivna)
    per_arsplats = share(report.ekonomi.budget_total(), report.arsplatser * years)
    sentences = [f"Insatsen har {swedish.number(report.arsplatser)} årsplatser."]
    if per_plats is not None:
        during = (f"Under insatstiden ({swedish.number(years, 1)} år)" if final
                  else "Sedan 1 januari" if report.ackumulerad else "Under perioden")
        sentences.append(f"{during} har {swedish.number(inskrivna)} deltagare varit inskrivna, vilket motsvarar "
                         f"{swedish.percent(per_plats)} av årsplatserna.")
    if per_deltagare is not None:
        sentences.append(f"Kostnaden per inskriven deltagare är {swedish.kronor(per_deltagare)}"
                         + ("." if final else " hittills."))
    if per_arsplats is not None:
        sentences.append(f"Budgeten per årsplats och år är {swedish.kronor(per_arsplats)}." if final
                         else f"Budgeten per årsplats är {swedish.kronor(per_arsplats)}.")
    return {
        "arsplatser": report.arsplatser, "inskrivna": inskrivna, "andel": per_plats,
        "kostnad_per_deltagare": per_deltagare, "kostnad_per_arsplats": per_arsplats, "meningar": sentences,
    }


def _key_figures(report: InsatsRapport) -> list[tuple[str, float | int | None, str]]:
    avslutade = report.total("avslutade").antal
    return [
        ("Inskrivna", report.total("inskrivna").antal, "tal"),
        ("Avslutade", avslutade, "tal"),
        ("Går vidare till arbete, studier eller andra insatser", report.total("gar_vidare").antal, "tal"),
        ("Andel av de avslutade som går vidare", share(report.total("gar_vidare").antal, avslutade), "andel"),
        ("Andel med resultat (arbete, studier, arbetssökande)",
         share(report.resultat_antal(), report.resultatunderlag()), "andel"),
        ("Utfall sedan 1 januari", report.utfall_hittills(), "kr"),
    ]


def _show(value: float | int | None, kind: str) -> str:
    return {"tal": swedish.number, "andel": swedish.percent, "kr": swedish.kronor}[kind](value)


def _change(now: float | int | None, before: float | int | None, kind: str) -> str:
    if now is None or before is None:
        return swedish.EMPTY
    if kind == "andel":
        points = swedish.percent_points(now) - swedish.percent_points(before)
        return ("+" if points > 0 else "") + swedish.number(points) + "\u00a0procentenheter"
    delta = now - before
    return ("+" if delta > 0 else "") + _show(delta, kind)


def comparison_context(report: InsatsRapport, previous: InsatsRapport) -> dict[str, Any]:
    """Key figures now, a year earlier and the change; a figure given in neither year is left out."""
    rows = [{"namn": name, "nu": _show(now, kind), "tidigare": _show(before, kind), "forandring": _change(now, before, kind)}
            for (name, now, kind), (_, before, _) in zip(_key_figures(report), _key_figures(previous))
            if now is not None or before is not None]
    return {"period": previous.period.label if previous.period else swedish.EMPTY, "rader": rows}
