"""The template context: every variable a report template can use, built from the model.

Numbers stay numbers (templates format them with the filters in `filters.py`); sentences that the
reports share ("93 % av de avslutade går vidare …") are built here, once, so every template says the
same thing. Values are plain dicts, lists, strings, numbers and dates: safe in a sandbox.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .. import swedish
from ..catalog import (
    AVSLUTSANLEDNINGAR,
    INRIKTNINGAR,
    REMITTENT_FRASER,
    REMITTENTER,
    REMITTENTER_AVSER,
    REPORT_KINDS,
    REPORT_TYPES,
    RESULTAT,
    RESULTAT_LABELS,
    TALLY_COLUMNS,
    TEXTER,
)
from ..findings import FEL, Finding
from ..layout import mal_name, tally_name
from ..model import Aktivitet, Count, InsatsRapport
from ..schema import tally_rows
from .economy import capacity_context, comparison_context, economy_context, share
from .goals import assess
from .marks import Marks

#: Narrative sections per report type (catalog.REPORT_KINDS), in the order the report shows them. Sections a
#: workbook fills in beyond its type's list follow in catalogue order, so no text is ever dropped.
SECTIONS: dict[str, tuple[str, ...]] = {key: t.sections for key, t in REPORT_KINDS.items()}
UTKAST_TEXT = "UTKAST – innehåller fel"
#: Characters XML 1.0 cannot hold (control characters, lone surrogates); a cell may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _tally(rows: dict[str, Count], marks: Marks, cell: Callable[[str, str], str]) -> list[dict[str, Any]]:
    """The table rows with any figure given: a row nobody filled in is left out, never shown as zeros.
    `cell(row, column)` names the workbook cell of each figure, for a draft's marks."""
    return [
        {"namn": tally_rows()[key], "nyckel": key, **{c: count.get(c) for c in TALLY_COLUMNS},
         "markering": marks.row({c: cell(key, c) for c in TALLY_COLUMNS})}
        for key, count in rows.items()
        if not count.is_empty()
    ]


def _sentences(rows: dict[str, Count], outside: int | None) -> list[str]:
    avslutade = rows["avslutade"].antal
    found = []
    gar_vidare = share(rows["gar_vidare"].antal, avslutade)
    if gar_vidare is not None:
        found.append(f"{swedish.percent(gar_vidare)} av de avslutade går vidare till arbete, studier eller "
                     "andra insatser.")
    uppnatt = share(rows["uppnatt_mal"].antal, avslutade)
    if uppnatt is not None:
        found.append(f"{swedish.percent(uppnatt)} av de avslutade har uppnått sitt individuella mål.")
    if rows["provotid"].antal:
        found.append(f"{swedish.number(rows['provotid'].antal)} deltagare avslutades inom prövotiden och räknas "
                     "inte med i resultaten.")
    if outside:
        found.append(f"Därutöver har {swedish.number(outside)} deltagare tagit del av insatsen utanför "
                     "uppföljningssystemet.")
    return found


def _volume(akt: Aktivitet, report: InsatsRapport) -> tuple[float | None, list[str]]:
    """The aktivitet's volymmål prorated to the period, and the sentence stating both."""
    if akt.volymmal_per_ar is None:
        return None, []
    share = report.year_share()
    prorated = None if share is None else akt.volymmal_per_ar * share
    sentence = f"Volymmålet är {swedish.number(akt.volymmal_per_ar)} deltagare per år"
    if prorated is not None and share != 1:
        sentence += f", vilket motsvarar {swedish.number(prorated)} {_span_words(report)}"
    return prorated, [sentence + "."]


def _span_words(report: InsatsRapport) -> str:
    """What the figures cover, after a figure: "för hela insatstiden", "från 1 januari till och med tertial 2 2017"."""
    assert report.period is not None
    if report.period.kind == "slut":
        return "för hela insatstiden"
    return f"från 1 januari till och med {report.period.label}" if report.ackumulerad else f"för {report.period.label}"


def _aktivitet(akt: Aktivitet, number: int, report: InsatsRapport, marks: Marks) -> dict[str, Any]:
    rows = {key: akt.row(key) for key in tally_rows()}
    prorated, volume = _volume(akt, report)
    return {
        "namn": akt.namn or f"Aktivitet {number}",
        "volymmal_per_ar": akt.volymmal_per_ar,
        "volymmal_period": prorated,
        "utanfor_uppfoljning": akt.utanfor_uppfoljning,
        "rader": _tally(rows, marks, lambda row, column: tally_name(number, row, column)),
        "meningar": volume + _sentences(rows, akt.utanfor_uppfoljning),
    }


def _has_figures(akt: dict[str, Any]) -> bool:
    return bool(akt["rader"] or akt["meningar"])


def _avslut(report: InsatsRapport, marks: Marks) -> dict[str, Any] | None:
    """Exits, exit reasons and results; None when neither reasons nor prövotid are given (the number of
    exits alone stands in the Deltagare table, and restating it as a results base says nothing new)."""
    underlag = report.resultatunderlag()
    avslutade = report.total("avslutade").antal
    summa = report.avslut_summa()
    provotid = report.total("provotid").antal
    if summa is None and provotid is None:
        return None
    reasons = [{"namn": label, "antal": report.avslutsanledningar.get(key),
                "andel": share(report.avslutsanledningar.get(key), underlag), "markering": marks.at(f"avslut_{key}")}
               for key, label in AVSLUTSANLEDNINGAR.items() if report.avslutsanledningar.get(key) is not None]
    results = [] if summa is None else [
        {"namn": RESULTAT_LABELS[key], "antal": report.avslut_antal(key), "andel": share(report.avslut_antal(key), underlag)}
        for key in RESULTAT]
    sentences = []
    if underlag is not None:
        sentences.append(
            f"Resultatunderlaget är {swedish.number(underlag)} deltagare: {swedish.number(avslutade)} avslutade "
            f"minus {swedish.number(provotid)} som avslutades inom prövotiden och därför inte räknas med."
            if provotid else f"Resultatunderlaget är de {swedish.number(underlag)} avslutade deltagarna.")
    total = share(report.resultat_antal(), underlag)
    if total is not None:
        sentences.append(f"{swedish.percent(total)} av resultatunderlaget har gått till arbete, studier eller "
                         "aktivt arbetssökande.")
    return {
        "rader": reasons, "summa": summa, "avslutade": avslutade, "provotid": provotid,
        "resultatunderlag": underlag, "resultat": results,
        "resultat_totalt": {"antal": report.resultat_antal(), "andel": total}, "meningar": sentences,
    }


def _remittenter(report: InsatsRapport, marks: Marks) -> dict[str, Any] | None:
    if all(v is None for v in report.remittenter.values()):
        return None
    summa = report.remittenter_summa()
    rows = [{"namn": label, "antal": report.remittenter.get(key), "andel": share(report.remittenter.get(key), summa),
             "markering": marks.at(f"rem_{key}")} for key, label in REMITTENTER.items() if report.remittenter.get(key) is not None]
    base = report.remittenter_bas
    whole = report.total(base).antal
    parts = [f"{swedish.number(n)} {REMITTENT_FRASER[key]}" for key in REMITTENTER
             if (n := report.remittenter.get(key))]
    sentences = []
    if whole is not None and parts:
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
        sentences.append(f"Av de {swedish.number(whole)} {REMITTENTER_AVSER.get(base, base)} kom {listed}.")
    return {"rader": rows, "summa": summa, "avser": REMITTENTER_AVSER.get(base, base), "meningar": sentences}


def _during(report: InsatsRapport) -> str:
    if report.period is not None and report.period.kind == "slut":
        return "Under insatstiden"
    return "Från årets början" if report.ackumulerad else "Under perioden"


def _participant_sentences(report: InsatsRapport) -> list[str]:
    """The insats's participants in words: its kind, the ledger (inskrivna, varav nya), a missing split by kön."""
    found = []
    if report.strukturovergripande:
        found.append("Strukturövergripande insats: deltagarna räknas i antal, utan fördelning på kön.")
    ins, nya = report.total("inskrivna"), report.total("nya")
    if ins.antal is not None:
        sentence = f"{_during(report)} har {swedish.number(ins.antal)} deltagare varit inskrivna"
        found.append(sentence + (f", varav {swedish.number(nya.antal)} nya." if nya.antal is not None else "."))
        if not report.strukturovergripande and ins.antal and (ins.kvinnor is None or ins.man is None):
            found.append("Fördelningen på kön är inte ifylld, så siffrorna visas utan den.")
    return found


def _texter(report: InsatsRapport) -> list[dict[str, Any]]:
    order = SECTIONS.get(report.rapporttyp, tuple(TEXTER))
    keys = [*order, *(k for k in TEXTER if k not in order)]
    sections = []
    for key in keys:
        paragraphs = [line.strip() for line in (report.texter.get(key) or "").splitlines() if line.strip()]
        if paragraphs:
            sections.append({"nyckel": key, "rubrik": TEXTER[key], "stycken": paragraphs})
    return sections


def _period_label(report: InsatsRapport) -> str:
    if report.period is not None:
        return report.period.label
    return "hela insatstiden" if report.rapporttyp == "slut" else swedish.EMPTY


def _omfattning(report: InsatsRapport) -> str:
    if report.rapporttyp == "slut":
        return "Hela insatstiden"
    return "Från årets början till och med perioden" if report.ackumulerad else "Perioden"


def _avser(report: InsatsRapport) -> str:
    """"2017-01-01–2017-08-31 (från årets början till och med perioden)", the dates left out when unknown."""
    what = _omfattning(report).lower()
    if report.start is None and report.slut is None:
        return what
    return f"{swedish.iso_date(report.start)}–{swedish.iso_date(report.slut)} ({what})"


def _finding(f: Finding) -> dict[str, str]:
    return {"allvar": "Fel" if f.severity == FEL else "Varning", "plats": f.place or swedish.EMPTY,
            "meddelande": f.message}


def xml_safe(value: Any) -> Any:
    """The value with every string stripped of characters a Word document cannot hold."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    return value


def build_context(report: InsatsRapport, *, findings: list[Finding] | None = None, draft: bool = False,
                  previous: InsatsRapport | None = None) -> dict[str, Any]:
    """Every template variable for one report (charts are added by the renderer)."""
    return xml_safe(_context(report, findings, draft, previous))


def _context(report: InsatsRapport, findings: list[Finding] | None, draft: bool,
             previous: InsatsRapport | None) -> dict[str, Any]:
    title = REPORT_TYPES.get(report.rapporttyp, ("Rapport", ""))[0]
    total_rows = {key: report.total(key) for key in tally_rows()}
    outside = report.utanfor_uppfoljning()
    marks = Marks(findings, draft)
    aktiviteter = [a for a in (_aktivitet(a, i, report, marks) for i, a in enumerate(report.aktiviteter, 1))
                   if _has_figures(a)]
    totalt = {"rader": _tally(total_rows, marks, lambda row, column: f"summa_{row}_{column}"),
              "meningar": _sentences(total_rows, outside)}
    return {
        "forbund": report.forbund,
        "insats": report.insats,
        "huvudman": report.huvudman,
        "samverkansparter": list(report.samverkansparter),
        "malgrupp": report.malgrupp,
        "rapporttyp": title,
        "period": _period_label(report),
        "period_kod": report.period.code if report.period else "",
        "period_start": report.start,
        "period_slut": report.slut,
        "ackumulerad": report.ackumulerad,
        "omfattning": _omfattning(report),
        "avser": _avser(report),
        "diarienummer": report.diarienummer,
        "registreringsdatum": report.registreringsdatum,
        "rapportdatum": report.rapportdatum,
        "uppgiftslamnare": list(report.uppgiftslamnare),
        "kontakt": report.kontakt,
        "arsplatser": report.arsplatser,
        "deltagare": bool(aktiviteter),
        "aktiviteter": aktiviteter,
        "flera_aktiviteter": len(aktiviteter) > 1,
        "totalt": totalt,
        "inriktning": INRIKTNINGAR.get(report.inriktning, ""),
        "deltagare_meningar": _participant_sentences(report),
        "utanfor_uppfoljning": outside,
        "avslut": _avslut(report, marks),
        "remittenter": _remittenter(report, marks),
        "mal": [{**vars_of(assess(report, g)), "markering": marks.row(
            {"malvarde": mal_name(i, "malvarde"), "utfall": mal_name(i, "utfall")})}
            for i, g in enumerate(report.mal, 1) if not g.is_empty()],
        "ekonomi": None if report.ekonomi.is_empty() else economy_context(report, marks),
        "kapacitet": capacity_context(report),
        "jamforelse": comparison_context(report, previous) if previous is not None else None,
        "texter": _texter(report),
        "utkast": draft,
        "utkast_text": UTKAST_TEXT if draft else "",
        "fynd": [_finding(f) for f in findings or []],
    }


def vars_of(goal: Any) -> dict[str, Any]:
    """A goal assessment as a plain dict, with its shown texts."""
    return {**goal.__dict__, "malvarde_text": goal.malvarde_text, "utfall_text": goal.utfall_text}
