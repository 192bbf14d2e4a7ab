"""The domain's fixed lists, declared once: report types, tally rows, exit reasons, goals, sections.

Each list maps a stable key (used in data files, defined names and code) to its Swedish label
(shown in the workbook, reports and messages).
"""

from __future__ import annotations

from dataclasses import dataclass

@dataclass(frozen=True)
class ReportType:
    """One report type: its Swedish name, the period kind it covers, its Word template, the heading of its
    narrative chapter and the narrative sections (keys of TEXTER) it shows, in order."""

    name: str
    period_kind: str
    template: str
    narrative: str
    sections: tuple[str, ...]


_FULL = ("sammanfattning", "malgrupp", "aktiviteter", "implementering", "samverkan", "framgangsfaktorer",
         "avvikelser", "brukarmedverkan")
#: The report types, declared once.
REPORT_KINDS: dict[str, ReportType] = {
    "kvartal": ReportType("Kvartalsrapport", "kvartal", "kvartalsrapport.docx", "Kommentarer",
                          ("sammanfattning", "aktiviteter", "avvikelser")),
    "tertial": ReportType("Tertialrapport", "tertial", "tertialrapport.docx", "Verksamheten under perioden",
                          ("sammanfattning", "malgrupp", "aktiviteter", "samverkan", "avvikelser", "bedomning")),
    "halvar": ReportType("Halvårsrapport", "halvar", "halvarsrapport.docx", "Verksamheten under perioden",
                         (*_FULL, "bedomning")),
    "helar": ReportType("Årsrapport", "helar", "arsrapport.docx", "Verksamheten under året",
                        (*_FULL, "bedomning", "styrgruppens_analys", "bilagor")),
    "slut": ReportType("Slutrapport", "slut", "slutrapport.docx", "Insatsen i sin helhet",
                       (*_FULL, "utvardering", "bedomning", "styrgruppens_analys", "bilagor")),
}

#: Report type key -> (Swedish name of the report, period kind).
REPORT_TYPES: dict[str, tuple[str, str]] = {key: (t.name, t.period_kind) for key, t in REPORT_KINDS.items()}

#: Period kind -> the report type that covers such a period.
REPORT_TYPE_BY_KIND: dict[str, str] = {kind: key for key, (_, kind) in REPORT_TYPES.items()}

#: Period choice in the workbook's drop-down -> (period kind, number within the year).
PERIOD_CHOICES: dict[str, tuple[str, int]] = {
    "Kvartal 1": ("kvartal", 1),
    "Kvartal 2": ("kvartal", 2),
    "Kvartal 3": ("kvartal", 3),
    "Kvartal 4": ("kvartal", 4),
    "Tertial 1": ("tertial", 1),
    "Tertial 2": ("tertial", 2),
    "Tertial 3": ("tertial", 3),
    "Första halvåret": ("halvar", 1),
    "Andra halvåret": ("halvar", 2),
    "Helår": ("helar", 0),
    "Hela insatstiden": ("slut", 0),
}

#: Tally rows per aktivitet, in the order the workbook and the reports show them.
TALLY_ROWS: dict[str, str] = {
    "inskrivna": "Inskrivna",
    "nya": "Nya under perioden",
    "avslutade": "Avslutade",
    "gar_vidare": "Går vidare till arbete, studier eller andra insatser",
    "uppnatt_mal": "Har uppnått sitt individuella mål",
    "provotid": "Avslutade inom prövotiden",
}

#: The participant ledger's computed rows: key -> (Swedish title, minuend row, subtrahend row). Inskrivna is
#: everyone enrolled at some time during the period, so pågående vid början of the next period equals
#: pågående vid slut of this one.
LEDGER_ROWS: dict[str, tuple[str, str, str]] = {
    "pagaende_vid_borjan": ("Pågående vid periodens början (inskrivna − nya)", "inskrivna", "nya"),
    "pagaende_vid_slut": ("Pågående vid periodens slut (inskrivna − avslutade)", "inskrivna", "avslutade"),
}

#: Insats kinds in Uppföljning Finsam (inriktning): individinriktade insatser count participants by kön,
#: strukturövergripande ones (e.g. training for staff or employers) a participant count only.
INRIKTNINGAR: dict[str, str] = {
    "individ": "Individinriktad",
    "struktur": "Strukturövergripande",
}

#: Which participants the remittenter count (remittenter_avser): a tally row key -> Swedish words.
REMITTENTER_AVSER: dict[str, str] = {
    "inskrivna": "inskrivna",
    "nya": "nya",
    "avslutade": "avslutade",
}

#: Tally columns.
TALLY_COLUMNS: dict[str, str] = {
    "antal": "Antal",
    "kvinnor": "Kvinnor",
    "man": "Män",
    "under_30": "Under 30 år",
}

#: Rows that must not exceed Avslutade (per column).
SUBSETS_OF_AVSLUTADE = ("gar_vidare", "uppnatt_mal", "provotid")

#: Who referred the participants (remittenter).
REMITTENTER: dict[str, str] = {
    "arbetsformedlingen": "Arbetsförmedlingen",
    "forsakringskassan": "Försäkringskassan",
    "kommun": "Kommunen (socialtjänst, ekonomiskt bistånd)",
    "region": "Regionen (hälso- och sjukvård)",
    "egen": "Egen anmälan",
}

#: How a report says where participants came from: "12 från Arbetsförmedlingen", "3 på egen anmälan".
REMITTENT_FRASER: dict[str, str] = {
    "arbetsformedlingen": "från Arbetsförmedlingen",
    "forsakringskassan": "från Försäkringskassan",
    "kommun": "från kommunen",
    "region": "från regionen",
    "egen": "på egen anmälan",
}

#: Reasons for exit (avslutsanledningar), as the reports word them after SUS.
AVSLUTSANLEDNINGAR: dict[str, str] = {
    "arbete": "Arbete (med eller utan subvention, hel- eller deltid)",
    "studier": "Studier",
    "aktivt_arbetssokande": "Aktivt arbetssökande",
    "sjukdom": "Utskrivning på grund av sjukdom",
    "fortsatt_rehabilitering": "Utskrivning – fortsatt rehabilitering",
    "foraldraledighet": "Utskrivning på grund av föräldraledighet",
    "flytt": "Utskrivning på grund av flytt",
    "medgivande_ateraget": "Medgivande återtaget",
    "utan_matning": "Utskrivning utan mätning",
    "felregistrering": "Felregistrering",
    "ovrigt": "Övrigt",
}

#: The exit reasons that count as results (egen försörjning); the rest are "annat".
RESULTAT = ("arbete", "studier", "aktivt_arbetssokande")

#: Short labels for results, as in "I arbete efter avslut 5 %".
RESULTAT_LABELS: dict[str, str] = {
    "arbete": "I arbete efter avslut",
    "studier": "I studier efter avslut",
    "aktivt_arbetssokande": "Aktivt arbetssökande efter avslut",
}

#: Goal types.
MALTYPER: dict[str, str] = {
    "effektmal": "Effektmål",
    "insatsmal": "Insatsmål",
    "volymmal": "Volymmål",
    "organisationsmal": "Organisationsmål",
    "fokusomrade": "Fokusområde",
}

#: The span a goal's count target covers; only a yearly target is prorated to the period.
MAL_AVSER: dict[str, str] = {
    "ar": "Per år",
    "period": "För perioden",
    "hela_insatsen": "För hela insatsen",
}

#: Verdicts on a goal, as reports state them; staff may type one (a goal judged in words).
BEDOMNINGAR: dict[str, str] = {
    "uppfyllt": "Uppfyllt",
    "delvis": "Delvis uppfyllt",
    "ej_uppfyllt": "Ej uppfyllt",
    "kan_inte_bedomas": "Kan inte bedömas",
}

@dataclass(frozen=True)
class Measure:
    """A named measure whose outcome is computed from the tallies: a share (part / whole) or a count (part).

    Terms: "row.column" of the tally totals over all aktiviteter (e.g. "avslutade.antal"), "resultat"
    (exits to a result), "resultatunderlag", or "avslut.<reason>". The model gives the Python value
    (`InsatsRapport.measure`), the layout the live Excel formula, the consolidation the masked parts.
    """

    label: str
    kind: str  # "andel" (a share, 0–1) or "antal" (a count)
    part: str
    whole: str = ""

    @property
    def on_exit_reasons(self) -> bool:
        """Built on avslutsanledningar (not published under masking)."""
        return any(t.split(".")[0] in ("resultat", "resultatunderlag", "avslut") for t in (self.part, self.whole))


MEASURES: dict[str, Measure] = {
    "andel_gar_vidare": Measure("Andel avslutade som går vidare", "andel", "gar_vidare.antal", "avslutade.antal"),
    "andel_uppnatt_mal": Measure("Andel avslutade som uppnått sitt mål", "andel", "uppnatt_mal.antal",
                                 "avslutade.antal"),
    "andel_resultat": Measure("Andel med resultat (arbete, studier, arbetssökande)", "andel", "resultat",
                              "resultatunderlag"),
    "andel_arbete": Measure("Andel i arbete efter avslut", "andel", "avslut.arbete", "resultatunderlag"),
    "andel_kvinnor": Measure("Andel kvinnor bland inskrivna", "andel", "inskrivna.kvinnor", "inskrivna.antal"),
    "andel_under_30": Measure("Andel under 30 år bland inskrivna", "andel", "inskrivna.under_30", "inskrivna.antal"),
    "antal_inskrivna": Measure("Antal inskrivna", "antal", "inskrivna.antal"),
    "antal_avslutade": Measure("Antal avslutade", "antal", "avslutade.antal"),
}

#: Named measures: key -> (label, kind); kind "andel" is a share (0–1), "antal" a count.
MATT: dict[str, tuple[str, str]] = {key: (m.label, m.kind) for key, m in MEASURES.items()}

#: Narrative sections (Texter sheet), in the order of the full annual report.
TEXTER: dict[str, str] = {
    "sammanfattning": "Sammanfattning och slutsats",
    "malgrupp": "Målgruppen",
    "aktiviteter": "Aktiviteter",
    "implementering": "Implementering",
    "samverkan": "Samverkansprocessen",
    "framgangsfaktorer": "Framgångsfaktorer, hinder och utmaningar",
    "avvikelser": "Avvikelser från planering och åtgärder",
    "brukarmedverkan": "Brukarmedverkan",
    "bedomning": "Sammanfattande bedömning",
    "styrgruppens_analys": "Styrgruppens analys",
    "utvardering": "Utvärdering",
    "bilagor": "Bilagor",
}

#: Sources of financing.
FINANSIERING: dict[str, str] = {
    "samordningsforbundet": "Samordningsförbundet (beviljade medel)",
    "arbetsformedlingen": "Arbetsförmedlingen (medfinansiering)",
    "forsakringskassan": "Försäkringskassan (medfinansiering)",
    "region": "Regionen (medfinansiering)",
    "kommun": "Kommunen (medfinansiering)",
    "ovrigt": "Övrig finansiering",
}

#: Suggested budget categories (the cell accepts others too).
BUDGETKATEGORIER = ("Personal", "Lokaler", "Resor", "Utbildning", "Material", "Övrigt", "Overhead")

#: Capacity of the workbook.
MAX_AKTIVITETER = 8
MAX_MAL = 15
MAX_BUDGETRADER = 15
MAX_SAMVERKANSPARTER = 8
MAX_UPPGIFTSLAMNARE = 4

#: Excel's limit for the text in one cell.
EXCEL_CELL_LIMIT = 32_767

#: The förbund's own costs in its verksamhetsplan och budget.
FORBUNDSKOSTNADER: dict[str, str] = {
    "styrelse": "Styrelse",
    "administration": "Administration",
    "revision": "Revision",
}

#: The texts of one insats in the verksamhetsplan, in the plan's order.
PLANTEXTER: dict[str, str] = {
    "syfte": "Syfte",
    "mal": "Mål",
    "malgrupp": "Målgrupp",
    "metod": "Metod",
    "remittenter": "Remittenter",
    "resurser": "Resurser",
    "uppfoljning": "Uppföljning",
    "verksamhetsansvarig": "Verksamhetsansvarig",
}

#: The förbund's members -> (Swedish name, legal share of its funds, lag 2003:1210).
MEDLEMMAR: dict[str, tuple[str, float]] = {
    "staten": ("Staten (Försäkringskassan och Arbetsförmedlingen)", 0.5),
    "region": ("Regionen", 0.25),
    "kommuner": ("Kommunerna", 0.25),
}
