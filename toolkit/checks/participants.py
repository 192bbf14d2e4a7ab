"""Checks of the participant tallies (Deltagare, Avslut): gender sums and splits given, under 30, the order
of flows (the ledger: nya and avslutade within inskrivna), aktiviteter against the typed total,
remittenter and avslutsanledningar against the tallies, volume targets.

A strukturövergripande insats needs a participant count only: it is not asked for the split by kön
nor checked for exit reasons. For an individinriktad insats a missing split by kön is a warning.
"""

from __future__ import annotations

from typing import Iterator

from ..catalog import AVSLUTSANLEDNINGAR, REMITTENTER, REMITTENTER_AVSER, SUBSETS_OF_AVSLUTADE, TALLY_COLUMNS
from ..findings import Finding, finding
from ..layout import tally_name
from ..model import GOAL_PARTLY, Aktivitet, InsatsRapport
from ..schema import tally_rows
from . import places
from ..swedish import number, rounded

#: A volume target counts as behind when the outcome is below this share of the prorated target.
VOLUME_TOLERANCE = GOAL_PARTLY

#: Rows that need the split by kön whenever Antal is above 0 (Uppföljning Finsam asks for participants
#: by kön); uppnått mål and prövotid usually hold Antal only.
ROWS_WITH_KON = ("inskrivna", "nya", "avslutade", "gar_vidare")

_COLUMN_WORD = {"antal": "antal", "kvinnor": "kvinnor", "man": "män", "under_30": "under 30 år"}


def _name(akt: Aktivitet, a: int) -> str:
    return akt.namn or f"Aktivitet {a}"


def check_gender_sums(report: InsatsRapport) -> Iterator[Finding]:
    """Kvinnor + Män = Antal on every tally row where all three are given."""
    for a, akt in enumerate(report.aktiviteter, 1):
        for row, title in tally_rows().items():
            count = akt.row(row)
            if count.antal is None or count.kvinnor is None or count.man is None:
                continue
            if count.kvinnor + count.man != count.antal:
                yield finding("sum-kon", {"aktivitet": _name(akt, a), "rad": title.lower(), "kvinnor": count.kvinnor,
                                          "man": count.man, "summa": count.kvinnor + count.man, "antal": count.antal},
                              **places.span(tally_name(a, row, "antal"), tally_name(a, row, "man")),
                              expected=count.antal, actual=count.kvinnor + count.man)


def check_gender_given(report: InsatsRapport) -> Iterator[Finding]:
    """Kvinnor and Män are filled in wherever Antal is more than zero on the rows that need the split
    (a warning: Uppföljning Finsam needs it; never for a strukturövergripande insats)."""
    if report.strukturovergripande:
        return
    for a, akt in enumerate(report.aktiviteter, 1):
        for row in ROWS_WITH_KON:
            count = akt.row(row)
            missing = [col for col in ("kvinnor", "man") if count.get(col) is None]
            if not count.antal or not missing:
                continue
            what = " och ".join(_COLUMN_WORD[col] for col in missing)
            where = (places.span(*(tally_name(a, row, col) for col in missing)) if len(missing) == 2
                     else places.where(tally_name(a, row, missing[0])))
            yield finding("kon-saknas", {"aktivitet": _name(akt, a), "rad": tally_rows()[row].lower(),
                                         "antal": count.antal, "saknas": what}, **where)


def check_under_30(report: InsatsRapport) -> Iterator[Finding]:
    """Under 30 år is a part of Antal on every row."""
    for a, akt in enumerate(report.aktiviteter, 1):
        for row, title in tally_rows().items():
            count = akt.row(row)
            if count.antal is not None and count.under_30 is not None and count.under_30 > count.antal:
                yield finding("under-30-over-antal", {"aktivitet": _name(akt, a), "rad": title.lower(),
                                                      "under_30": count.under_30, "antal": count.antal},
                              **places.where(tally_name(a, row, "under_30")), expected=f"högst {count.antal}",
                              actual=count.under_30)


def check_flows(report: InsatsRapport) -> Iterator[Finding]:
    """Nya ≤ Inskrivna and Avslutade ≤ Inskrivna (inskrivna is everyone enrolled during the period, so more
    exits than new starts is normal); går vidare, uppnått mål and prövotid ≤ Avslutade; per column."""
    for a, akt in enumerate(report.aktiviteter, 1):
        for column in TALLY_COLUMNS:
            enrolled, exited = akt.inskrivna.get(column), akt.avslutade.get(column)
            which = {"aktivitet": _name(akt, a), "kolumn": _COLUMN_WORD[column]}
            new = akt.nya.get(column)
            if enrolled is not None and new is not None and new > enrolled:
                yield finding("nya-over-inskrivna", {**which, "nya": new, "inskrivna": enrolled},
                              **places.where(tally_name(a, "nya", column)), expected=f"högst {enrolled}", actual=new)
            if enrolled is not None and exited is not None and exited > enrolled:
                yield finding("avslutade-over-inskrivna", {**which, "avslutade": exited, "inskrivna": enrolled},
                              **places.where(tally_name(a, "avslutade", column)), expected=f"högst {enrolled}",
                              actual=exited)
            if exited is None:
                continue
            for row in SUBSETS_OF_AVSLUTADE:
                part = akt.row(row).get(column)
                if part is not None and part > exited:
                    yield finding("delmangd-over-avslutade",
                                  {**which, "rad": tally_rows()[row], "delmangd": part, "avslutade": exited},
                                  **places.where(tally_name(a, row, column)), expected=f"högst {exited}", actual=part)


def check_typed_total(report: InsatsRapport) -> Iterator[Finding]:
    """The typed total of enrolled participants equals the sum over the aktiviteter."""
    summed = report.total("inskrivna").antal
    if report.totalt_inskrivna is None or summed is None or report.totalt_inskrivna == summed:
        return
    yield finding("aktiviteter-summa", {"totalt": report.totalt_inskrivna, "summa": summed},
                  **places.where("totalt_inskrivna"), expected=summed, actual=report.totalt_inskrivna)


def check_remittenter(report: InsatsRapport) -> Iterator[Finding]:
    """Participants by remittent add up to their base (`remittenter_avser`: inskrivna, nya or avslutade)
    when any remittent is given."""
    if all(v is None for v in report.remittenter.values()):
        return
    base = report.remittenter_bas
    whole = report.total(base).antal
    summed = report.remittenter_summa()
    if whole is None or summed == whole:
        return
    keys = list(REMITTENTER)
    word = REMITTENTER_AVSER.get(base, base)
    yield finding("remittenter-summa", {"summa": summed, "bas": word, "antal": whole},
                  **places.span(f"rem_{keys[0]}", f"rem_{keys[-1]}"), expected=whole, actual=summed)


def check_avslutsanledningar(report: InsatsRapport) -> Iterator[Finding]:
    """Exit reasons add up to the exits, or to the resultatunderlag when some left within prövotid
    (not for a strukturövergripande insats)."""
    if report.strukturovergripande or all(v is None for v in report.avslutsanledningar.values()):
        return
    exited, underlag = report.total("avslutade").antal, report.resultatunderlag()
    summed = report.avslut_summa()
    if exited is None or summed in (exited, underlag):
        return
    keys = list(AVSLUTSANLEDNINGAR)
    provotid = exited - (underlag or 0)
    where = places.span(f"avslut_{keys[0]}", f"avslut_{keys[-1]}")
    if not provotid:
        yield finding("avslut-summa", {"summa": summed, "avslutade": exited}, **where, expected=exited, actual=summed)
        return
    yield finding("avslut-summa", {"summa": summed, "avslutade": exited, "underlag": underlag, "provotid": provotid},
                  "provotid", **where, expected=f"{exited} eller {underlag}", actual=summed)


def check_volume_targets(report: InsatsRapport) -> Iterator[Finding]:
    """Enrolled per aktivitet against its yearly volume target prorated to the period.

    Only when the Avvikelser text is empty: a written explanation answers the warning.
    """
    period = report.period
    if period is None or report.texter.get("avvikelser"):
        return
    share = period.year_share(report.ackumulerad)
    for a, akt in enumerate(report.aktiviteter, 1):
        target, enrolled = akt.volymmal_per_ar, akt.inskrivna.antal
        if not target or enrolled is None:
            continue
        prorated = target * share
        if enrolled < VOLUME_TOLERANCE * prorated:
            yield finding("volymmal-efter", {"aktivitet": _name(akt, a), "inskrivna": enrolled, "malvarde": target,
                                             "motsvarar": number(prorated), "period": period.label},
                          **places.where(tally_name(a, "inskrivna", "antal")), expected=rounded(prorated),
                          actual=enrolled)


CHECKS = (check_gender_sums, check_gender_given, check_under_30, check_flows, check_typed_total,
          check_remittenter, check_avslutsanledningar, check_volume_targets)
