"""Checks of the participant tallies (Deltagare, Avslut): gender sums and splits given, under 30, the order
of flows (the ledger: nya and avslutade within inskrivna), aktiviteter against the typed total,
remittenter and avslutsanledningar against the tallies, volume targets.

A strukturövergripande insats needs a participant count only: it is not asked for the split by kön
nor checked for exit reasons. For an individinriktad insats a missing split by kön is a warning.
"""

from __future__ import annotations

from typing import Iterator

from ..catalog import AVSLUTSANLEDNINGAR, REMITTENTER, REMITTENTER_AVSER, SUBSETS_OF_AVSLUTADE, TALLY_COLUMNS
from ..findings import FEL, VARNING, Finding, finding, register
from ..layout import tally_name
from ..model import GOAL_PARTLY, Aktivitet, InsatsRapport
from ..schema import tally_rows
from . import places
from ..swedish import number, rounded

SUM_KON = register("sum-kon", FEL, "Kvinnor + Män är inte lika med Antal")
KON_SAKNAS = register("kon-saknas", VARNING, "Antal är ifyllt men fördelningen på kön saknas")
UNDER_30 = register("under-30-over-antal", FEL, "Fler under 30 år än antal på raden")
AVSLUTADE_OVER_INSKRIVNA = register("avslutade-over-inskrivna", FEL, "Fler avslutade än inskrivna")
NYA_OVER_INSKRIVNA = register("nya-over-inskrivna", FEL, "Fler nya än inskrivna")
OVER_AVSLUTADE = register("delmangd-over-avslutade", FEL,
                          "Fler som går vidare, uppnått mål eller avslutats inom prövotiden än avslutade")
AKTIVITETER_SUMMA = register("aktiviteter-summa", FEL, "Aktiviteterna summerar inte till det angivna totalet")
REMITTENTER_SUMMA = register("remittenter-summa", FEL, "Remittenterna summerar inte till antalet inskrivna")
AVSLUT_SUMMA = register("avslut-summa", FEL, "Avslutsanledningarna summerar inte till antalet avslutade")
VOLYMMAL_EFTER = register("volymmal-efter", VARNING,
                          "Antalet inskrivna ligger långt under volymmålet för perioden (utan kommentar)")

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
                yield finding(SUM_KON, f"{_name(akt, a)}, {title.lower()}: kvinnor ({count.kvinnor}) + män "
                                       f"({count.man}) = {count.kvinnor + count.man}, men antal är {count.antal}. "
                                       "Rätta antalet eller fördelningen på kön.",
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
            yield finding(KON_SAKNAS, f"{_name(akt, a)}, {tally_rows()[row].lower()}: antal är {count.antal}, men "
                                      f"antalet {what} saknas. Fördelningen på kön behövs till Uppföljning Finsam "
                                      "för en individinriktad insats: fyll i hur många av dem som är kvinnor och "
                                      "män (0 om det inte finns några). Rapporten visar annars bara totalen.",
                          **where)


def check_under_30(report: InsatsRapport) -> Iterator[Finding]:
    """Under 30 år is a part of Antal on every row."""
    for a, akt in enumerate(report.aktiviteter, 1):
        for row, title in tally_rows().items():
            count = akt.row(row)
            if count.antal is not None and count.under_30 is not None and count.under_30 > count.antal:
                yield finding(UNDER_30, f"{_name(akt, a)}, {title.lower()}: {count.under_30} under 30 år men bara "
                                        f"{count.antal} totalt. Under 30 år ingår i antalet och kan inte vara fler.",
                              **places.where(tally_name(a, row, "under_30")), expected=f"högst {count.antal}",
                              actual=count.under_30)


def check_flows(report: InsatsRapport) -> Iterator[Finding]:
    """Nya ≤ Inskrivna and Avslutade ≤ Inskrivna (inskrivna is everyone enrolled during the period, so more
    exits than new starts is normal); går vidare, uppnått mål and prövotid ≤ Avslutade; per column."""
    for a, akt in enumerate(report.aktiviteter, 1):
        for column in TALLY_COLUMNS:
            enrolled, exited = akt.inskrivna.get(column), akt.avslutade.get(column)
            word = _COLUMN_WORD[column]
            new = akt.nya.get(column)
            if enrolled is not None and new is not None and new > enrolled:
                yield finding(NYA_OVER_INSKRIVNA,
                              f"{_name(akt, a)}, {word}: {new} nya men bara {enrolled} inskrivna. Inskrivna är alla "
                              "som varit inskrivna under perioden, de nya inräknade.",
                              **places.where(tally_name(a, "nya", column)), expected=f"högst {enrolled}", actual=new)
            if enrolled is not None and exited is not None and exited > enrolled:
                yield finding(AVSLUTADE_OVER_INSKRIVNA,
                              f"{_name(akt, a)}, {word}: {exited} avslutade men bara {enrolled} inskrivna. Den som "
                              "avslutas ska också räknas som inskriven under perioden.",
                              **places.where(tally_name(a, "avslutade", column)), expected=f"högst {enrolled}",
                              actual=exited)
            if exited is None:
                continue
            for row in SUBSETS_OF_AVSLUTADE:
                part = akt.row(row).get(column)
                if part is not None and part > exited:
                    yield finding(OVER_AVSLUTADE,
                                  f"{_name(akt, a)}, {word}: ”{tally_rows()[row]}” är {part} men bara {exited} har "
                                  "avslutats. Raden räknar en del av de avslutade och kan inte vara större.",
                                  **places.where(tally_name(a, row, column)), expected=f"högst {exited}", actual=part)


def check_typed_total(report: InsatsRapport) -> Iterator[Finding]:
    """The typed total of enrolled participants equals the sum over the aktiviteter."""
    summed = report.total("inskrivna").antal
    if report.totalt_inskrivna is None or summed is None or report.totalt_inskrivna == summed:
        return
    yield finding(AKTIVITETER_SUMMA, f"Totalt antal inskrivna är {report.totalt_inskrivna}, men aktiviteterna "
                                     f"summerar till {summed}. Rätta totalet eller siffrorna per aktivitet.",
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
    yield finding(REMITTENTER_SUMMA, f"Remittenterna summerar till {summed}, men antalet {word} är {whole}. "
                                     f"Remittenterna avser de {word}: var och en av dem ska räknas under en "
                                     "remittent.",
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
    accepted = f"{exited} (alla avslutade)" + (f" eller {underlag} (avslutade utom de {provotid} inom prövotiden)"
                                               if provotid else "")
    yield finding(AVSLUT_SUMMA, f"Avslutsanledningarna summerar till {summed}, men ska vara {accepted}. Ange en "
                                "anledning för varje avslutad deltagare.",
                  **places.span(f"avslut_{keys[0]}", f"avslut_{keys[-1]}"), expected=exited if not provotid else
                  f"{exited} eller {underlag}", actual=summed)


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
            yield finding(VOLYMMAL_EFTER,
                          f"{_name(akt, a)}: {enrolled} inskrivna, men volymmålet {target} per år motsvarar "
                          f"{number(prorated)} för {period.label}. Förklara avvikelsen i avsnittet "
                          "”Avvikelser från planering och åtgärder” på bladet Texter.",
                          **places.where(tally_name(a, "inskrivna", "antal")), expected=rounded(prorated),
                          actual=enrolled)


CHECKS = (check_gender_sums, check_gender_given, check_under_30, check_flows, check_typed_total,
          check_remittenter, check_avslutsanledningar, check_volume_targets)
