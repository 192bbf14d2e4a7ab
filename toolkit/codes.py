"""Every finding code, declared once: its severity, Swedish title and Swedish message templates.

A message template is a `str.format` string with named parameters. A check creates a finding by code and
parameters (`toolkit.findings.finding`); the finding keeps them, so any rendering can word it again. A
code may have variants: other templates for other cases of the same fault (an empty file, a missing file).
The catalogue table of docs/checks.md is generated from this table: `python -m toolkit.codes`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

Severity = Literal["fel", "varning"]
FEL: Severity = "fel"
VARNING: Severity = "varning"


@dataclass(frozen=True)
class Code:
    """A finding code: severity, Swedish title, message template(s) and, for docs/checks.md, what to do."""

    code: str
    severity: Severity
    title: str
    message: str
    todo: str  # English, for the docs
    variants: Mapping[str, str] = field(default_factory=dict)

    def template(self, variant: str = "") -> str:
        return self.variants[variant] if variant else self.message

    def render(self, params: Mapping[str, Any], variant: str = "") -> str:
        """The message with `params`; they must be exactly the template's parameters (a mistake fails loudly)."""
        template = self.template(variant)
        wanted = parameters(template)
        if wanted != set(params):
            raise ValueError(f"{self.code}{'/' + variant if variant else ''}: the message takes {sorted(wanted)}, "
                             f"given {sorted(params)}")
        return template.format_map(params)


def parameters(template: str) -> set[str]:
    """The named parameters of a template: "{a} och {b}" -> {"a", "b"}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


_ASK = "Förklara avvikelsen i kommentaren till ekonomin."
_NYA_SAKNAS, _FYLL_I_NYA = "nya saknas i {filer}", "fyll i raden Nya i {rapporten}"
_RAPPORT_SAKNAS = "det saknas en rapport mellan {mellan}"
_LAGG_TILL = "lägg till den rapport som saknas, eller rätta den om den inte räknades in"


def _osakert(why: str, todo: str) -> str:
    return ("{insats}: antalet deltagare under {tid} kan inte räknas fram utan att samma personer räknas flera "
            "gånger, eftersom " + why + ". Det ligger mellan {lagst} och {hogst} och visas som osäkert. För ett exakt "
            "antal: " + todo + ".")


_INTE_TAL = "{falt}: ”{text}” är inget tal."
_PERIOD_DATUM = "{datumfalt} {datum} passar inte {period}: "
_INGA_PERSONUPPGIFTER = ": arbetsboken ska bara innehålla sammanställda siffror, inga personuppgifter."
_MAL_UNDER = "{mal}: utfallet {utfall} ligger långt under målet {malvarde} "
_KOMMENTERA = " Kommentera avvikelsen i kolumnen Kommentar."
_MAL_UTFALL = ("{mal}: utfallet är ifyllt som {ifyllt}, men {matt} blir {beraknat} enligt deltagarsiffrorna. Rätta "
               "utfallet eller töm cellen så räknas det ut.")

CATALOGUE: tuple[Code, ...] = (
    # Cell-level faults, found while reading a workbook.
    Code("text-i-talcell", FEL, "Text i en cell där ett tal ska stå", _INTE_TAL + " Skriv ett tal.",
         'Type the number alone ("5", not "ca 5" or "12 st").',
         {"tal-i-text": _INTE_TAL + " Skriv bara talet ({tal}) utan text.",
          "tal-som-text": _INTE_TAL + " Talet är lagrat som text: skriv in det på nytt som ett tal.",
          "andel-i-procent": _INTE_TAL + " En andel skrivs som procent: skriv {tal} % så att Excel lagrar {andel}, "
                                         "eller decimaltalet {andel}.",
          "andel-i-text": _INTE_TAL + " Skriv bara talet ({tal}) utan text. En andel skrivs som procent (70 %) eller "
                                      "som decimaltal (0,7).",
          "sanningsvarde": "{falt}: cellen innehåller sanningsvärdet {text}, inget tal. Skriv ett tal.",
          "ogiltigt": "{falt}: värdet är inget giltigt tal."}),
    Code("decimaltal", FEL, "Decimaltal där ett heltal ska stå",
         "{falt}: {varde} är inget heltal. Skriv ett helt antal.",
         "Type a whole number of participants or places."),
    Code("negativt-tal", FEL, "Negativt tal där bara noll eller mer är möjligt",
         "{falt}: {varde} är negativt. Antal och andelar kan inte vara mindre än noll.",
         "Counts and shares are 0 or more; correct the sign."),
    Code("datum-som-text", FEL, "Datum skrivet som text eller ogiltigt datum",
         "{falt}: datumet ”{text}” är skrivet som text. Skriv in det som ett datum (ÅÅÅÅ-MM-DD).",
         'Type the date as a date, YYYY-MM-DD (2023-01-04), not as text such as "2022123".',
         {"ogiltigt": "{falt}: ”{text}” är inget giltigt datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2023-01-04."}),
    Code("felvarde", FEL, "Excel-felvärde (#REF!, #DIV/0! …) i en inmatningscell",
         "{falt}: cellen innehåller felvärdet {varde}. Skriv in värdet igen eller rätta formeln.",
         "Type the value again; input cells hold values, not broken formulas."),
    Code("ogiltigt-val", FEL, "Värde som inte finns i listan för cellen",
         "{falt}: ”{text}” finns inte i listan. Välj något av: {val}.",
         "Choose a value from the cell's drop-down list."),
    # File-level faults.
    Code("inte-excel", FEL, "Filen är ingen Excel-arbetsbok",
         "Filen är ingen Excel-arbetsbok (.xlsx). Spara rapporten som Excel-arbetsbok från insatsmallen.",
         "Send the report as the .xlsx workbook made from the template.",
         {"mapp": "Det här är en mapp, inte en Excel-arbetsbok."}),
    Code("trasig-fil", FEL, "Filen är skadad eller ofullständig",
         "Filen är skadad eller ofullständig och kan inte läsas som Excel-arbetsbok. Hämta en ny kopia.",
         "Ask the sender for a new copy; the file is damaged or was cut off.",
         {"saknas": "Filen finns inte.",
          "last": "Filen kunde inte läsas. Är den öppen i ett annat program eller låst?",
          "tom": "Filen är tom (0 byte). Hämta en ny kopia från avsändaren.",
          "skadad": "Filen är skadad och kan inte öppnas som Excel-arbetsbok. Hämta en ny kopia från avsändaren."}),
    Code("krypterad-fil", FEL, "Filen är krypterad eller lösenordsskyddad",
         "Filen är lösenordsskyddad eller krypterad. Spara en kopia utan lösenord (Arkiv > Info > Skydda arbetsbok) "
         "och försök igen.",
         "Save a copy without a password (Arkiv > Info > Skydda arbetsbok)."),
    Code("xls-format", FEL, "Gammalt .xls-format",
         "Filen är i det gamla .xls-formatet. Öppna den i Excel och spara som Excel-arbetsbok (.xlsx) från "
         "insatsmallen.",
         "Open in Excel and move the figures to a new workbook from the template (`finsam new`)."),
    Code("blad-saknas", FEL, "Ett blad i mallen saknas eller har bytt namn",
         "Bladet {blad} saknas eller har bytt namn. Ge bladet tillbaka sitt namn eller utgå från en ny arbetsbok "
         "från mallen.",
         "Give the sheet its name back, or start from a new workbook from the template."),
    Code("fel-mall", FEL, "Arbetsboken är inte gjord från insatsmallen",
         "Arbetsboken är inte gjord från insatsmallen. Skapa en ny med `finsam new` och för över uppgifterna.",
         "Create a workbook with `finsam new` and move the figures over.",
         {"plan": "Arbetsboken är ingen förbundsplan. Skapa planen med `finsam plan new`."}),
    Code("for-stor-fil", FEL, "Filen är för stor eller packar upp till för mycket data",
         "Filen är för stor eller packar upp till för mycket data ({storlek}, gränsen är {grans}). En rapport är "
         "mycket mindre: spara om arbetsboken från mallen utan bilder och inklistrade data.",
         "Save the workbook again from the template without pictures or pasted data; the limits are in "
         "docs/security.md.",
         {"del": "Delen {del} i filen är för stor eller packar upp till för mycket data ({storlek}, gränsen är "
                 "{grans}). En rapport är mycket mindre: spara om arbetsboken från mallen utan bilder och "
                 "inklistrade data."}),
    # The workbook as a whole.
    Code("obligatoriskt-falt", FEL, "Ett obligatoriskt fält är tomt", "{falt} måste fyllas i.",
         "Fill in the field on Uppgifter.",
         {"for": "{falt} måste fyllas i för {vem}."}),
    Code("text-for-lang", FEL, "Texten är längre än en Excel-cell rymmer (32 767 tecken)",
         "{falt}: texten har {langd} tecken, men en Excel-cell rymmer högst {grans}. Korta texten eller lägg resten "
         "i en bilaga.",
         "Shorten the text or put the rest in an appendix."),
    Code("text-kapad", VARNING, "Texten är exakt så lång som en Excel-cell rymmer och har troligen kapats",
         "{falt}: texten har exakt {grans} tecken, så många som en Excel-cell rymmer, och har troligen kapats när "
         "arbetsboken sparades. Kontrollera att slutet av texten kom med; lägg det som inte får plats i en bilaga.",
         "Check that the end of the text is there; put what does not fit in an appendix."),
    Code("personnummer", FEL, "En text innehåller ett personnummer",
         "{falt}: texten innehåller ett personnummer ({nummer}). Ta bort personnumret" + _INGA_PERSONUPPGIFTER,
         "Remove the personnummer: the workbook holds aggregated figures only, never personal data.",
         {"flera": "{falt}: texten innehåller {antal} personnummer ({nummer}). Ta bort personnumren"
                   + _INGA_PERSONUPPGIFTER}),
    Code("aldre-mall", VARNING, "Arbetsboken är gjord från en äldre version av mallen",
         "Arbetsboken är gjord från version {version} av mallen; verktyget använder version {mallversion}. "
         "Kontrollera att alla uppgifter kom med, och använd en ny arbetsbok (finsam new) nästa period.",
         "Check that all figures came through; use a new workbook next period.",
         {"okand": "Arbetsboken är gjord från en okänd version av mallen; verktyget använder version {mallversion}. "
                   "Kontrollera att alla uppgifter kom med, och använd en ny arbetsbok (finsam new) nästa period."}),
    Code("tom-arbetsbok", FEL, "Arbetsboken har inga siffror och inga texter att rapportera",
         "Arbetsboken har inga deltagarsiffror, inget utfall och inga texter: det finns inget att rapportera. Fyll i "
         "periodens siffror på bladen Deltagare, Avslut och Ekonomi och texterna på bladet Texter.",
         "Fill in the period's figures (Deltagare, Avslut, Ekonomi) and texts; a rolled-forward workbook left as it "
         "came has nothing to report."),
    Code("nyare-mall", FEL, "Arbetsboken är gjord från en nyare mall än verktyget känner till",
         "Arbetsboken är gjord från mallversion {version}, men verktyget känner bara till version {mallversion}. "
         "Uppdatera finsam-toolkit innan du kontrollerar den.",
         "Update finsam-toolkit before checking the workbook."),
    # The period.
    Code("period-saknas", FEL, "År och period saknas eller är ogiltiga",
         "År och Period måste fyllas i: skriv året (till exempel 2025) och välj perioden i listan.",
         "Type the year and choose the period; a final report's end date must come after its start date.",
         {"slut-fore-start": "Slutrapporten gäller hela insatstiden, men slutdatum ligger före startdatum. Rätta "
                             "datumen, till exempel 2023-03-01 och 2025-12-31."}),
    Code("slut-utan-datum", VARNING, "Slutrapporten saknar start- eller slutdatum och kan inte placeras i ett år",
         "Slutrapporten saknar {saknas}, så den kan inte placeras i ett år och räknas inte med i sammanställningen. "
         "Skriv insatsens första och sista dag som ÅÅÅÅ-MM-DD, till exempel 2023-03-01 och 2025-12-31.",
         "Type the insats's first and last day; without them the report can be sent but is left out of the "
         "consolidation."),
    Code("rapporttyp-period", FEL, "Rapporttypen passar inte den valda perioden",
         "Rapporttypen är {rapporttyp}, men perioden är {periodslag} ({period}). Välj en period som passar "
         "rapporttypen, eller rätta rapporttypen.",
         "Choose a period of the report's kind (a quarter for a kvartalsrapport), or correct the report type."),
    Code("period-datum", FEL, "Periodens datum passar inte perioden och rapporttypen",
         _PERIOD_DATUM + "datumet ska vara {forvantat}. Rätta datumet eller töm cellen så räknas det från perioden.",
         "Correct the date, empty it to use the period's own dates, or correct Ja/Nej for cumulative figures.",
         {"ackumulerad": _PERIOD_DATUM + "siffrorna räknas från årets början (ackumulerade), så perioden börjar "
                         "{forvantat}. Rätta datumet, eller välj Nej om siffrorna bara gäller perioden.",
          "bara-perioden": _PERIOD_DATUM + "siffrorna gäller bara perioden, som börjar {forvantat}. Rätta datumet, "
                                           "eller välj Ja om siffrorna räknas från årets början."}),
    Code("period-ar", FEL, "Periodens datum ligger i ett annat år än rapporten",
         "{datumfalt} {datum} ligger i {ar}, men rapporten gäller {period}. Rätta datumet eller året.",
         "Correct the date or the year: the figures must be for the year reported."),
    # Participants.
    Code("sum-kon", FEL, "Kvinnor + Män är inte lika med Antal",
         "{aktivitet}, {rad}: kvinnor ({kvinnor}) + män ({man}) = {summa}, men antal är {antal}. Rätta antalet eller "
         "fördelningen på kön.",
         "Correct Antal or the split by kön on the row."),
    Code("kon-saknas", VARNING, "Antal är ifyllt men fördelningen på kön saknas",
         "{aktivitet}, {rad}: antal är {antal}, men antalet {saknas} saknas. Fördelningen på kön behövs till "
         "Uppföljning Finsam för en individinriktad insats: fyll i hur många av dem som är kvinnor och män (0 om det "
         "inte finns några). Rapporten visar annars bara totalen.",
         "For an individinriktad insats, fill in Kvinnor and Män (0 where there are none) on Inskrivna, Nya, "
         "Avslutade and Går vidare: Uppföljning Finsam needs them. Until then the report shows the totals only."),
    Code("under-30-over-antal", FEL, "Fler under 30 år än antal på raden",
         "{aktivitet}, {rad}: {under_30} under 30 år men bara {antal} totalt. Under 30 år ingår i antalet och kan "
         "inte vara fler.",
         "Under 30 år is part of Antal; correct one of them."),
    Code("nya-over-inskrivna", FEL, "Fler nya än inskrivna",
         "{aktivitet}, {kolumn}: {nya} nya men bara {inskrivna} inskrivna. Inskrivna är alla som varit inskrivna "
         "under perioden, de nya inräknade.",
         "Inskrivna counts everyone enrolled during the period, the nya included; correct one of them."),
    Code("avslutade-over-inskrivna", FEL, "Fler avslutade än inskrivna",
         "{aktivitet}, {kolumn}: {avslutade} avslutade men bara {inskrivna} inskrivna. Den som avslutas ska också "
         "räknas som inskriven under perioden.",
         "Everyone who left during the period was also enrolled; correct the figures."),
    Code("delmangd-over-avslutade", FEL,
         "Fler som går vidare, uppnått mål eller avslutats inom prövotiden än avslutade",
         "{aktivitet}, {kolumn}: ”{rad}” är {delmangd} men bara {avslutade} har avslutats. Raden räknar en del av "
         "de avslutade och kan inte vara större.",
         "These rows count some of the avslutade; correct the row or Avslutade."),
    Code("aktiviteter-summa", FEL, "Aktiviteterna summerar inte till det angivna totalet",
         "Totalt antal inskrivna är {totalt}, men aktiviteterna summerar till {summa}. Rätta totalet eller siffrorna "
         "per aktivitet.",
         "Correct the typed total or the figures per aktivitet."),
    Code("remittenter-summa", FEL, "Remittenterna summerar inte till antalet inskrivna",
         "Remittenterna summerar till {summa}, men antalet {bas} är {antal}. Remittenterna avser de {bas}: var och "
         "en av dem ska räknas under en remittent.",
         "Count every participant of the row the remittenter count (inskrivna, nya or avslutade, as chosen on "
         "Uppgifter) under one remittent."),
    Code("avslut-summa", FEL, "Avslutsanledningarna summerar inte till antalet avslutade",
         "Avslutsanledningarna summerar till {summa}, men ska vara {avslutade} (alla avslutade). Ange en anledning "
         "för varje avslutad deltagare.",
         "Give one reason for every participant who left.",
         {"provotid": "Avslutsanledningarna summerar till {summa}, men ska vara {avslutade} (alla avslutade) eller "
                      "{underlag} (avslutade utom de {provotid} inom prövotiden). Ange en anledning för varje avslutad "
                      "deltagare."}),
    Code("volymmal-efter", VARNING, "Antalet inskrivna ligger långt under volymmålet för perioden (utan kommentar)",
         "{aktivitet}: {inskrivna} inskrivna, men volymmålet {malvarde} per år motsvarar {motsvarar} för {period}. "
         "Förklara avvikelsen i avsnittet ”Avvikelser från planering och åtgärder” på bladet Texter.",
         "Explain the deviation: in the goal's comment, or in the Avvikelser text for an aktivitet.",
         {"mal-per-ar": _MAL_UNDER + "per år, som motsvarar {motsvarar} för {period}." + _KOMMENTERA,
          "mal": _MAL_UNDER + "för {avser}." + _KOMMENTERA}),
    # Goals.
    Code("mal-utfall", FEL, "Det angivna utfallet stämmer inte med deltagarsiffrorna", _MAL_UTFALL,
         "Correct the typed outcome, or empty it so it is computed from the tallies.",
         {"procent": _MAL_UTFALL + " Andelar skrivs som procent, till exempel 93 %."}),
    Code("mal-aktivitet-saknas", FEL, "Målet gäller en aktivitet som inte finns på bladet Deltagare",
         "{mal} gäller ”{aktivitet}”, men den aktiviteten finns inte på bladet Deltagare (där finns {finns}). Skriv "
         "namnen som på bladet Deltagare, åtskilda med semikolon.",
         "Type the aktiviteter's names as on Deltagare, separated by semicolons, or empty the cell for all."),
    Code("bedomning-avviker", VARNING, "Den ifyllda bedömningen skiljer sig från den som siffrorna ger",
         "{mal}: bedömningen är ifylld som {ifylld}, men målvärdet och utfallet ger {beraknad}. Kontrollera "
         "bedömningen, målvärdet och utfallet, eller förklara i kolumnen Kommentar varför bedömningen står.",
         "Check the verdict, the target and the outcome, or explain in the goal's comment why the verdict stands."),
    # Economy.
    Code("budget-summa", FEL, "Budgetraderna summerar inte till den angivna totala budgeten",
         "Budget totalt enligt beslut är {budget}, men budgetraderna summerar till {summa}. Rätta raderna eller "
         "totalen.",
         "Correct the budget lines or the decided total."),
    Code("finansiering-tacker-inte", FEL, "Finansieringen täcker inte budgeten",
         "Finansieringen är {finansiering}, men budgeten är {budget}: {saknas} saknar finansiering. Ange all "
         "finansiering eller rätta budgeten.",
         "Enter all financing (förbund and co-financing) or correct the budget."),
    Code("utfall-over-budget", VARNING, "Utfallet är större än budgeten (utan kommentar)",
         "{rad}: utfallet hittills i år är {utfall}, mer än budgeten {budget}. " + _ASK,
         "Explain the overrun in the economy comment."),
    Code("prognos-under-utfall", VARNING, "Prognosen för året är lägre än utfallet som redan är bokfört",
         "{rad}: prognosen för året är {prognos}, men utfallet hittills i år är redan {utfall}. Rätta prognosen: den "
         "ska vara minst det som redan är bokfört.",
         "Raise the forecast to at least the utfall booked so far this year, on each budget line.",
         {"totalt": "Prognosen för året är totalt {prognos}, men utfallet hittills i år är redan {utfall}. Rätta "
                    "prognosen på budgetraderna."}),
    Code("forbrukning-avviker", VARNING,
         "Förbrukad andel av budgeten skiljer sig mycket från den andel av året som gått (utan kommentar)",
         "{forbrukat} av årets budget är förbrukad vid slutet av {period}, där {gatt} av året har gått: betydligt "
         "{riktning} än väntat. " + _ASK,
         "Explain the spending pace in the economy comment."),
    # Across files.
    Code("dubbel-rapport", FEL, "Samma insats och period finns i flera arbetsböcker",
         "{insats}, {period}: samma insats och period finns också i {andra}. Ta bort eller rätta den rapport som inte "
         "gäller.",
         "Remove or correct the workbook that does not apply."),
    Code("ackumulerat-minskar", FEL, "Siffror från årets början minskar från en period till nästa",
         "{siffra}: {varde} för {period}, men {tidigare} för {tidigare_period} i {tidigare_fil}. Siffror från årets "
         "början kan inte minska; kontrollera båda rapporterna.",
         "Check both reports: cumulative figures can only grow through the year."),
    Code("deltagare-osakert", VARNING,
         "Antalet deltagare under hela tiden är osäkert: nya saknas i en rapport, eller en rapport saknas",
         _osakert(f"{_NYA_SAKNAS} och {_RAPPORT_SAKNAS}", f"{_FYLL_I_NYA} och {_LAGG_TILL}"),
         "Given by the consolidation, in each file to complete: fill in the row Nya (or add the missing report), so "
         "the participants over the year can be counted without counting anyone twice.",
         {"nya-saknas": _osakert(_NYA_SAKNAS, _FYLL_I_NYA), "rapport-saknas": _osakert(_RAPPORT_SAKNAS, _LAGG_TILL)}),
    Code("kedja-bruten", VARNING, "Pågående vid periodens slut stämmer inte med pågående vid nästa periods början",
         "{aktivitet}: pågående vid slutet av {period} i {fil} (Deltagare!{cell}, inskrivna − avslutade) ska vara "
         "lika med pågående vid början av {nasta_period} i {nasta_fil} (inskrivna − nya): {skillnader}. Kontrollera "
         "inskrivna, nya och avslutade i båda rapporterna.",
         "Check inskrivna, nya and avslutade in both reports: those still enrolled at the end of one period are the "
         "ones enrolled at the start of the next."),
    # The förbund's plan.
    Code("plan-dubblett", FEL, "Samma insats står på flera rader i planen",
         "Insatsen ”{insats}” står redan på rad {rad}. Varje insats har en rad; slå ihop raderna eller ge insatserna "
         "olika namn.",
         "Keep one row per insats in the plan's Insatser sheet, or give the insatser different names."),
    Code("plan-kommun-utan-namn", FEL, "Ett belopp för en kommun saknar kommunens namn",
         "Ett belopp för en kommun står utan kommunens namn. Skriv namnet i cellen till vänster om beloppet.",
         "Type the kommun's name beside its amount on the plan's Förbund sheet."),
    Code("plan-andel-avviker", VARNING, "En medlems andel av de tilldelade medlen avviker från lagens 50/25/25",
         "{medlem} står för {andel} av de tilldelade medlen ({belopp} av {totalt}), men lagen anger {lagens}. "
         "Kontrollera beloppen.",
         "Check the members' amounts: the state pays half, the region and the kommuner a quarter each."),
    Code("plan-budget-over-medel", VARNING, "Planens budget är större än de tilldelade medlen och det egna kapitalet",
         "Planens totala budget {budget} är större än de tilldelade medlen {medel}. Minska budgeten eller förklara "
         "finansieringen.",
         "Lower the budget or explain how the rest is financed.",
         {"eget-kapital": "Planens totala budget {budget} är större än de tilldelade medlen {medel} och eget kapital "
                          "{kapital}. Minska budgeten eller förklara finansieringen."}),
    Code("inte-i-planen", VARNING, "Insatsen finns inte i förbundets plan",
         "Insatsen ”{insats}” finns inte i förbundets plan. Kontrollera namnet mot planen, eller lägg till insatsen "
         "i planen.",
         "Check the insats's name against the plan (`consolidate --plan`), or add the insats to the plan."),
    Code("budget-skiljer-fran-planen", VARNING, "Insatsens budget skiljer sig från planens",
         "Budgeten för ”{insats}” är {budget}, men planen anger {planens}. Kontrollera budgeten eller förklara "
         "skillnaden i kommentaren till ekonomin.",
         "Correct the budget, or explain the difference from the plan in the economy comment."),
)

#: Every finding code by its code string.
CODES: dict[str, Code] = {c.code: c for c in CATALOGUE}

#: The cell-level codes: a cell with one of these is unusable, and checks over it are left out.
CELL_CODES = ("text-i-talcell", "decimaltal", "negativt-tal", "datum-som-text", "felvarde", "ogiltigt-val")


# --- docs/checks.md -------------------------------------------------------------------------------
DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
_BLOCK = re.compile(r"(<!-- codes -->\n).*?(<!-- /codes -->)", re.S)


def table() -> str:
    """The catalogue as the Markdown table of docs/checks.md."""
    rows = [f"| `{c.code}` | {c.severity} | {c.title} | {c.todo} |" for c in CATALOGUE]
    return "\n".join(["| code | severity | meaning | what to do |", "| --- | --- | --- | --- |", *rows]) + "\n"


def render_doc(text: str) -> str:
    """docs/checks.md with its catalogue table replaced by the one from this table."""
    return _BLOCK.sub(lambda m: m.group(1) + table() + m.group(2), text)


if __name__ == "__main__":  # pragma: no cover
    DOC_PATH.write_text(render_doc(DOC_PATH.read_text(encoding="utf-8")), encoding="utf-8")
