"""The template variables as a reference (`finsam mall exempel`) and the check of an own template.

`DESCRIPTIONS` names every variable the context holds, as a dotted path (`aktiviteter[].namn` is a
field of each item of a list); a test keeps it equal to what `build_context` returns. Example values
come from the demo insats, so the reference always shows what a real report would get.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterator

from jinja2 import TemplateSyntaxError

from .. import swedish
from ..errors import FinsamError
from ..findings import VARNING, Finding
from ..model import InsatsRapport
from ..periods import Period
from .context import build_context
from .filters import FILTER_HELP
from .render import add_charts, environment, load_template, render_template

DESCRIPTIONS: dict[str, str] = {
    "forbund": "Samordningsförbundets namn",
    "insats": "Insatsens namn",
    "huvudman": "Huvudman (insatsägare)",
    "samverkansparter": "Samverkansparter (lista; skriv ut med filtret lista)",
    "malgrupp": "Målgrupp",
    "rapporttyp": "Rapportens namn, t.ex. Tertialrapport",
    "period": "Perioden i ord, t.ex. tertial 2 2017",
    "period_kod": "Perioden som kod, t.ex. 2017-T2",
    "period_start": "Första dagen uppgifterna avser (datum; filtret datum)",
    "period_slut": "Sista dagen uppgifterna avser (datum; filtret datum)",
    "ackumulerad": "Sant när siffrorna gäller från årets början",
    "omfattning": "Vad siffrorna omfattar i ord",
    "avser": "Datum och omfattning i ord, t.ex. 2017-01-01–2017-08-31 (från årets början till och med perioden)",
    "diarienummer": "Diarienummer",
    "registreringsdatum": "Registreringsdatum (datum)",
    "rapportdatum": "Datum för rapporten (datum)",
    "uppgiftslamnare": "Uppgiftslämnare (lista)",
    "kontakt": "Kontaktuppgift",
    "arsplatser": "Antal årsplatser",
    "deltagare": "Sant när någon deltagarsiffra är ifylld (annars utelämnas avsnittet Deltagare)",
    "aktiviteter": "Aktiviteterna med ifyllda siffror (lista), var och en med egen tabell",
    "aktiviteter[].namn": "Aktivitetens namn",
    "aktiviteter[].volymmal_per_ar": "Volymmål per år",
    "aktiviteter[].volymmal_period": "Volymmålet omräknat till den del av året rapporten avser",
    "aktiviteter[].utanfor_uppfoljning": "Deltagare utanför uppföljningssystemet",
    "aktiviteter[].rader": "Tabellrader som är ifyllda (inskrivna, avslutade, går vidare, …)",
    "aktiviteter[].rader[].namn": "Radens rubrik",
    "aktiviteter[].rader[].nyckel": "Radens nyckel (inskrivna, avslutade, gar_vidare, uppnatt_mal, provotid)",
    "aktiviteter[].rader[].antal": "Antal",
    "aktiviteter[].rader[].kvinnor": "Kvinnor",
    "aktiviteter[].rader[].man": "Män",
    "aktiviteter[].rader[].under_30": "Under 30 år",
    "aktiviteter[].rader[].markering": "Per kolumn: ” (!)” i ett utkast när kontrollen pekar på siffran, annars tomt",
    "aktiviteter[].meningar": "Färdiga meningar om volymmål, andelar, prövotid och deltagare utanför uppföljningen",
    "flera_aktiviteter": "Sant när insatsen har mer än en aktivitet",
    "totalt": "Summan över alla aktiviteter",
    "inriktning": "Individinriktad eller Strukturövergripande (tomt om det inte är angivet)",
    "deltagare_meningar": "Meningar om deltagarna (”Under perioden har 59 deltagare varit inskrivna, varav 12 nya.”)",
    "totalt.rader": "Tabellrader som för en aktivitet",
    "totalt.rader[].namn": "Radens rubrik",
    "totalt.rader[].nyckel": "Radens nyckel",
    "totalt.rader[].antal": "Antal",
    "totalt.rader[].kvinnor": "Kvinnor",
    "totalt.rader[].man": "Män",
    "totalt.rader[].under_30": "Under 30 år",
    "totalt.rader[].markering": "Per kolumn: ” (!)” i ett utkast när kontrollen pekar på summan, annars tomt",
    "totalt.meningar": "Färdiga meningar för hela insatsen",
    "utanfor_uppfoljning": "Deltagare utanför uppföljningssystemet, alla aktiviteter",
    "avslut": "Avslut och resultat (tomt när varken avslutsanledningar eller prövotid är ifyllda)",
    "avslut.rader": "Avslutsanledningar som är ifyllda",
    "avslut.rader[].namn": "Avslutsanledning",
    "avslut.rader[].antal": "Antal",
    "avslut.rader[].andel": "Andel av resultatunderlaget",
    "avslut.rader[].markering": "” (!)” i ett utkast när kontrollen pekar på siffran, annars tomt",
    "avslut.summa": "Summa avslutsanledningar",
    "avslut.avslutade": "Antal avslutade",
    "avslut.provotid": "Avslutade inom prövotiden (räknas inte i resultaten)",
    "avslut.resultatunderlag": "Avslutade minus prövotid: underlaget för resultatandelar",
    "avslut.resultat": "Resultaten: arbete, studier, aktivt arbetssökande (tomt utan avslutsanledningar)",
    "avslut.resultat[].namn": "T.ex. I arbete efter avslut",
    "avslut.resultat[].antal": "Antal",
    "avslut.resultat[].andel": "Andel av resultatunderlaget (filtret procent)",
    "avslut.resultat_totalt": "Alla resultat tillsammans",
    "avslut.resultat_totalt.antal": "Antal",
    "avslut.resultat_totalt.andel": "Andel av resultatunderlaget",
    "avslut.meningar": "Färdiga meningar om resultatunderlaget och resultaten",
    "remittenter": "Remittenter (tomt när inget är ifyllt)",
    "remittenter.rader": "Ifyllda remittenter",
    "remittenter.rader[].namn": "Remittent",
    "remittenter.rader[].antal": "Antal",
    "remittenter.rader[].andel": "Andel av summan",
    "remittenter.rader[].markering": "” (!)” i ett utkast när kontrollen pekar på siffran, annars tomt",
    "remittenter.summa": "Summa remitterade",
    "remittenter.avser": "Vilka remittenterna räknar: inskrivna, nya eller avslutade",
    "remittenter.meningar": "Meningar om remittenterna (”Av de 24 avslutade kom 12 från Arbetsförmedlingen …”)",
    "mal": "Målen (lista)",
    "mal[].typ": "Måltyp, t.ex. Effektmål",
    "mal[].beskrivning": "Målet i ord",
    "mal[].andel": "Sant när målvärdet är en andel, falskt för ett antal",
    "mal[].malvarde": "Målvärde för perioden (antal är omräknade till periodens del av året)",
    "mal[].utfall": "Utfall",
    "mal[].bedomning": "Uppfyllt, Delvis uppfyllt, Ej uppfyllt eller Kan inte bedömas (den ifyllda, annars den beräknade)",
    "mal[].kommentar": "Kommentar",
    "mal[].berakad_bedomning": "Bedömningen som målvärdet och utfallet ger",
    "mal[].not_text": "Vad målet gäller utöver beskrivningen, t.ex. gäller Arbetsträning; målvärdet avser hela insatsen",
    "mal[].markering": "Målvärde och utfall: ” (!)” i ett utkast när kontrollen pekar på värdet, annars tomt",
    "mal[].malvarde_text": "Målvärdet färdigformaterat (70 % eller 80)",
    "mal[].utfall_text": "Utfallet färdigformaterat",
    "ekonomi": "Ekonomin (tomt när inget är ifyllt på bladet Ekonomi)",
    "ekonomi.rader": "Budgetrader",
    "ekonomi.plan": "Sant när bara budget är ifylld (inget utfall eller prognos)",
    "ekonomi.rader[].kategori": "Kostnadsslag",
    "ekonomi.rader[].budget": "Budget (filtret kronor)",
    "ekonomi.rader[].utfall_period": "Utfall för perioden",
    "ekonomi.rader[].utfall_ackumulerat": "Utfall sedan 1 januari (slutrapport: totalt)",
    "ekonomi.rader[].prognos": "Prognos för året",
    "ekonomi.rader[].avvikelse": "Budget minus prognos",
    "ekonomi.rader[].forbrukat": "Utfall i år som andel av budget",
    "ekonomi.rader[].markering": "Per kolumn (budget, utfall, prognos): ” (!)” i ett utkast när kontrollen pekar på beloppet",
    "ekonomi.summa": "Summor över budgetraderna",
    "ekonomi.summa.budget": "Summa budget",
    "ekonomi.summa.utfall_period": "Summa utfall perioden",
    "ekonomi.summa.utfall_ackumulerat": "Summa utfall i år",
    "ekonomi.summa.prognos": "Summa prognos",
    "ekonomi.summa.avvikelse": "Budget minus prognos",
    "ekonomi.summa.forbrukat": "Förbrukningstakt",
    "ekonomi.summa.markering": "Per kolumn: ” (!)” i ett utkast när kontrollen pekar på summan",
    "ekonomi.budget": "Total budget (angiven, annars summan av raderna)",
    "ekonomi.utfall": "Utfall i år (slutrapport: totalt)",
    "ekonomi.prognos": "Prognos",
    "ekonomi.avvikelse": "Total budget minus prognos",
    "ekonomi.forbrukningstakt": "Utfall i år som andel av total budget",
    "ekonomi.andel_av_aret": "Andel av året som har gått vid periodens slut",
    "ekonomi.finansiering": "Finansiering per källa (ifyllda)",
    "ekonomi.finansiering[].namn": "Finansiär",
    "ekonomi.finansiering[].belopp": "Belopp",
    "ekonomi.finansiering_summa": "Summa finansiering",
    "ekonomi.kommentar": "Kommentar till ekonomin",
    "ekonomi.meningar": "Färdiga meningar om förbrukning och prognos",
    "kapacitet": "Årsplatser mot deltagare (tomt utan årsplatser)",
    "kapacitet.arsplatser": "Årsplatser",
    "kapacitet.inskrivna": "Inskrivna",
    "kapacitet.andel": "Inskrivna som andel av årsplatserna",
    "kapacitet.kostnad_per_deltagare": "Utfall i år per inskriven deltagare",
    "kapacitet.kostnad_per_arsplats": "Budget per årsplats (slutrapport: per årsplats och år)",
    "kapacitet.meningar": "Färdiga meningar om årsplatserna",
    "jamforelse": "Jämförelse med samma period året före (tomt utan --jamfor)",
    "jamforelse.period": "Jämförelseperioden i ord",
    "jamforelse.rader": "Nyckeltal",
    "jamforelse.rader[].namn": "Nyckeltalets namn",
    "jamforelse.rader[].nu": "Värdet nu (formaterat)",
    "jamforelse.rader[].tidigare": "Värdet året före (formaterat)",
    "jamforelse.rader[].forandring": "Förändringen (formaterad, med tecken)",
    "texter": "Ifyllda textavsnitt i rapporttypens ordning (tomma utelämnas)",
    "texter[].nyckel": "Avsnittets nyckel, t.ex. sammanfattning",
    "texter[].rubrik": "Avsnittets rubrik",
    "texter[].stycken": "Avsnittets stycken (lista)",
    "utkast": "Sant när rapporten är ett utkast",
    "utkast_text": "”UTKAST – innehåller fel” för ett utkast, annars tomt",
    "fynd": "Kontrollens fel och varningar (lista)",
    "fynd[].allvar": "Fel eller Varning",
    "fynd[].plats": "Blad och cell, t.ex. Deltagare!C7",
    "fynd[].meddelande": "Vad som är fel",
    "diagram_deltagare": "Diagram: inskrivna per aktivitet och kön (bild; tomt utan siffror)",
    "diagram_ekonomi": "Diagram: budget och utfall per kostnadsslag (bild; tomt utan budget)",
}
#: A draft's marks, one per marked column (`{{ r.markering.antal }}` after `{{ r.antal|tal }}`).
for _prefix, _columns in (("aktiviteter[].rader[]", ("antal", "kvinnor", "man", "under_30")),
                          ("totalt.rader[]", ("antal", "kvinnor", "man", "under_30")),
                          ("ekonomi.rader[]", ("budget", "utfall_period", "utfall_ackumulerat", "prognos")),
                          ("ekonomi.summa", ("budget", "utfall_period", "utfall_ackumulerat", "prognos")),
                          ("mal[]", ("malvarde", "utfall"))):
    for _column in _columns:
        DESCRIPTIONS[f"{_prefix}.markering.{_column}"] = f"” (!)” när kontrollen pekar på {_column}, annars tomt"
TOP_LEVEL = frozenset(name for name in DESCRIPTIONS if "." not in name and "[" not in name)


def example_report() -> InsatsRapport:
    """The demo insats's report that the examples and the template check use."""
    from ..demo import INSATSER, demo_report

    return demo_report(INSATSER[0], Period.parse("2025-Q2"))


def example_context(report: InsatsRapport | None = None) -> dict[str, Any]:
    """A full context from the demo insats: every optional part present (comparison, findings, draft)."""
    from ..demo import INSATSER, demo_report

    previous = demo_report(INSATSER[0], Period.parse("2024-Q2"))
    sample = Finding("sum-kon", "Kvinnor + män stämmer inte med antal.", VARNING, sheet="Deltagare", cell="C20")
    return build_context(report or example_report(), findings=[sample], draft=True, previous=previous)


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) of a context, lists described by their first item."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value, path = value[0], f"{path}[]"
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            yield name, item
            yield from walk(item, name)


def _example(value: Any) -> str:
    if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return ""  # described field by field below
    if isinstance(value, bool):
        return "sant" if value else "falskt"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return swedish.number(value, 3)
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = text.replace("\u00a0", " ").replace("|", "/")
    return text if len(text) <= 60 else text[:57] + "…"


def reference() -> str:
    """The variable reference in Markdown: every variable with a description and an example."""
    context = example_context()
    context["diagram_deltagare"] = context["diagram_ekonomi"] = "(bild)"
    values = dict(walk(context))
    lines = ["# Variabler i rapportmallarna", "",
             "Alla variabler som finsam-toolkit ger en Word-mall (docxtpl/Jinja). Exemplen kommer från demoinsatsen.",
             "Skriv `{{ variabel }}` i texten, `{%p for x in lista %}` … `{%p endfor %}` för stycken och "
             "`{%tr for x in lista %}` … `{%tr endfor %}` för tabellrader.", "",
             "| Variabel | Beskrivning | Exempel |", "| --- | --- | --- |"]
    for name, description in DESCRIPTIONS.items():
        lines.append(f"| `{name}` | {description.replace('|', chr(92) + '|')} | {_example(values.get(name))} |")
    lines += ["", "## Filter", "", "| Filter | Beskrivning | Exempel |", "| --- | --- | --- |"]
    env = environment()
    for name, (description, tag) in FILTER_HELP.items():
        shown = env.from_string(tag).render(context).replace("\u00a0", " ")
        lines.append(f"| `{name}` | {description} | `{tag.replace('|', chr(92) + '|')}` → {shown} |")
    return "\n".join(lines) + "\n"


def check_template(path: Path) -> list[str]:
    """The variables an own template uses that the toolkit does not provide (empty: all good).

    Top-level names are found by parsing every tag; fields of variables (`ekonomi.foo`) by rendering
    the template once with the demo context and recording each name that does not resolve.
    """
    tpl = load_template(path)
    env = environment()
    try:
        used = tpl.get_undeclared_template_variables(jinja_env=env)
    except TemplateSyntaxError as exc:
        raise FinsamError(f"Mallen {Path(path).name} har ett fel i en malltagg: {exc.message}.") from exc
    unknown = sorted(used - TOP_LEVEL - set(env.globals))
    report = example_report()
    render_tpl = load_template(path)
    context = example_context(report)
    add_charts(render_tpl, report, context)
    missing = render_template(render_tpl, context, Path(path).name, limited=True)
    return unknown + [name for name in missing if name not in unknown]
