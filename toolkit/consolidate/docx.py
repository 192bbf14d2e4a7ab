"""Write sammanstallning.docx, the board summary, from word_templates/sammanstallning.docx (docxtpl).

The template is rendered in a sandboxed, autoescaping Jinja environment, streamed into the file
(`docx_stream`); every value is formatted here in Swedish (toolkit.swedish) and masked counts arrive as
"<N", so the template only places text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import swedish
from ..model import known_sum
from ..report.charts import BUDGET, DPI, MEN, UTFALL, WIDTH_MM, WOMEN, Series, horizontal_chart
from ..textio import write_atomic
from .docx_stream import Picture, StreamedDocx
from .figures import Consolidation, uncertain_note
from .select import Selection
from .template import TEMPLATE

#: Insatser per chart: more are split over several charts, each legible and within its page.
CHART_ROWS = 20
#: From PARALLEL_CHARTS charts up to PARALLEL_CHARTS_UP_TO, half of them are drawn in a forked process side by
#: side (about 8 ms each): the Word file then takes longer to write than the workbook beside it, which would
#: leave a core idle at the end. Beyond that (about 1 100 insatser) the workbook is written streamed and takes
#: the longer (at 2 000 one-insats workbooks 4.0 s against 2.3 s), so a drawer would only take its core, and
#: it held 28 MiB of its own at the peak of 5 000 (bench/consolidate.py).
PARALLEL_CHARTS, PARALLEL_CHARTS_UP_TO = 20, 110
#: An insats name beside its bar: characters per line, and lines at most (a longer name is cut short with "…";
#: the tables name it in full).
NAME_WIDTH, NAME_LINES = 28, 3


def _count(value: Any) -> str:
    return value if isinstance(value, str) else swedish.number(value)


def _participants_sentence(v: dict[str, Any]) -> str | None:
    """"Deltagare: 40 (kvinnor 25, män 15, under 30 år 9). Avslutade: 30, varav 27 går vidare (90 %)." with
    only the figures given."""
    parts = []
    if v["Deltagare"] is not None:
        split = ", ".join(f"{label} {_count(v[key])}" for label, key in
                          (("kvinnor", "Kvinnor"), ("män", "Män"), ("under 30 år", "Under 30 år")) if v[key] is not None)
        parts.append(f"Deltagare: {_count(v['Deltagare'])}" + (f" ({split})" if split else "") + ".")
    if v["Avslutade"] is not None:
        onward = "" if v["Går vidare"] is None else f", varav {_count(v['Går vidare'])} går vidare" + (
            f" ({swedish.percent(v['Andel går vidare'])})" if v["Andel går vidare"] is not None else "")
        parts.append(f"Avslutade: {_count(v['Avslutade'])}{onward}.")
    return " ".join(parts) or None


def _economy_sentence(v: dict[str, Any]) -> str | None:
    """"Budget 2 400 000 kr, utfall 1 500 000 kr (63 % förbrukat)." or a plan: "Budget 640 000 kr (utfall ej
    redovisat)."; None when neither is given."""
    budget, utfall = v["Budget"], v["Utfall"]
    if budget is None and utfall is None:
        return None
    if utfall is None:
        return f"Budget {swedish.kronor(budget)} (utfall ej redovisat)."
    used = f" ({swedish.percent(v['Förbrukat'])} förbrukat)" if v["Förbrukat"] is not None else ""
    if budget is None:
        return f"Utfall {swedish.kronor(utfall)} (budget ej redovisad)."
    return f"Budget {swedish.kronor(budget)}, utfall {swedish.kronor(utfall)}{used}."


def _goal_text(row: dict[str, Any]) -> str:
    """"Effektmål: 70 % går vidare. Mål 70 %, utfall 75 %: Uppfyllt." with only the parts given."""
    typ, beskrivning, malvarde, utfall, bedomning = (row[k] for k in ("Måltyp", "Mål", "Målvärde", "Utfall",
                                                                       "Bedömning"))
    head = f"{typ}: " if typ else ""
    figures = ", ".join(f"{label} {value}" for label, value in (("mål", malvarde), ("utfall", utfall))
                        if value and value != swedish.EMPTY)
    text = head + (beskrivning.rstrip(".") + "." if beskrivning else "")
    if figures:
        text += f" {figures[0].upper()}{figures[1:]}"
    return f"{text}: {bedomning}." if figures else f"{text} {bedomning}."


def _insatser(c: Consolidation) -> list[dict[str, Any]]:
    by_insats: dict[tuple[str, str], list[str]] = {}
    for row in c.table("Mål").records():
        by_insats.setdefault((row["Förbund"], row["Insats"]), []).append(_goal_text(row))
    result = []
    for v, item in zip(c.table("Översikt").records(), c.pub.insatser):
        if item.osaker:  # only bounds are known: labelled wherever shown
            v["Deltagare"] = f"{_count(v['Deltagare'])} (osäkert)"
        head = f"Huvudman: {v['Huvudman']}. " if v["Huvudman"] else ""
        periods = v["Perioder"].replace("--", "–")  # a final report's code "2023-03-01--2025-12-31", read with a dash
        sentences = [f"{head}Perioder: {periods}.", _participants_sentence(v), _economy_sentence(v)]
        result.append({
            "namn": v["Insats"], "meningar": [s for s in sentences if s],
            "budget": swedish.kronor(v["Budget"]), "utfall": swedish.kronor(v["Utfall"]),
            "budget_kr": v["Budget"], "utfall_kr": v["Utfall"],
            "forbrukat": swedish.percent(v["Förbrukat"]), "mal": by_insats.get((v["Förbund"], v["Insats"]), []),
            "har_ekonomi": v["Budget"] is not None or v["Utfall"] is not None,
        })
    return result


def _totals(c: Consolidation) -> list[dict[str, str]]:
    """The förbund's figures; a figure no insats gives is left out, never shown as 0."""
    t, m = c.totals, c.masker
    rows = [("Insatser som räknats in", swedish.number(len(c.pub.insatser))),
            ("Deltagare", t["deltagare"], m.count), ("Kvinnor", t["kvinnor"], m.count), ("Män", t["man"], m.count),
            ("Under 30 år", t["under_30"], m.count), ("Avslutade", t["avslutade"], m.count),
            ("Går vidare", t["gar_vidare"], m.count),
            ("Andel som går vidare", m.share(t["gar_vidare"], t["avslutade"]), None),
            ("Budget", t["budget"], None), ("Utfall", t["utfall"], None), ("Förbrukat av budget", t["forbrukat"], None)]
    shown = {"Andel som går vidare": swedish.percent, "Förbrukat av budget": swedish.percent,
             "Budget": swedish.kronor, "Utfall": swedish.kronor}
    result = []
    for name, value, *mask in rows:
        if isinstance(value, str):
            result.append({"namn": name, "varde": value})
        elif value is not None:
            text = _count(mask[0](value)) if mask and mask[0] else shown[name](value)
            result.append({"namn": name, "varde": text})
    return result


def _charts(doc: StreamedDocx, c: Consolidation) -> tuple[list[Picture], list[Picture]]:
    """PNG charts (the insats reports' Pillow charts), `CHART_ROWS` insatser each so every chart stays legible
    and within the page: participants by kön, and budget against utfall, in the insats reports' colours. They
    go into the document's zip in the order they are placed."""
    from docx.shared import Mm

    rows = c.table("Översikt").records()
    chunks = [rows[i:i + CHART_ROWS] for i in range(0, len(rows), CHART_ROWS)]

    def drawn(part: list[dict[str, Any]], *columns: str) -> bool:
        return any(isinstance(r[col], (int, float)) and r[col] for r in part for col in columns)

    def chart(part: list[dict[str, Any]], title: str, first: int, columns: tuple[str, str], colours: tuple[str, str],
              people: bool) -> dict[str, Any]:
        """The arguments of one chart of `part`: the columns as series (legend = column label), stacked for people."""
        span = f" ({first}–{first + len(part) - 1} av {len(rows)})" if len(rows) > len(part) else ""
        series = [Series(col, colour, people and k == 1, [_number(r[col]) for r in part])
                  for k, (col, colour) in enumerate(zip(columns, colours))]
        names = [r["Insats"] for r in part]
        return {"title": title + span, "names": names, "series": series, "stacked": people,
                "axis_label": "Inskrivna deltagare" if people else "", "money": not people, "name_width": NAME_WIDTH,
                "name_lines": NAME_LINES, "height": _chart_height(len(names))}

    per_chunk: list[list[dict[str, Any]]] = []  # both charts of a chunk in turn; people's are stacked
    for n, part in enumerate(chunks):
        first = 1 + n * CHART_ROWS
        per_chunk.append(
            ([chart(part, "Deltagare per insats och kön", first, ("Kvinnor", "Män"), (WOMEN, MEN), True)]
             if drawn(part, "Kvinnor", "Män") else [])
            + ([chart(part, "Budget och utfall per insats", first, ("Budget", "Utfall"), (BUDGET, UTFALL), False)]
               if drawn(part, "Budget", "Utfall") else []))
    people = [a["stacked"] for charts in per_chunk for a in charts]
    pictures = [doc.picture(png, Mm(WIDTH_MM)) for png in _drawn(per_chunk)]
    return ([p for p, stacked in zip(pictures, people) if stacked],
            [p for p, stacked in zip(pictures, people) if not stacked])


def _drawn(chunks: list[list[dict[str, Any]]]) -> list[bytes]:
    """Each chart's PNG in order. From PARALLEL_CHARTS to PARALLEL_CHARTS_UP_TO charts, the later half of the
    chunks is drawn in a forked process meanwhile (a chunk's charts in one process: its names are drawn once,
    see charts._label)."""
    import multiprocessing

    count = sum(map(len, chunks))
    if not PARALLEL_CHARTS <= count <= PARALLEL_CHARTS_UP_TO or "fork" not in multiprocessing.get_all_start_methods():
        return _draw([chart for charts in chunks for chart in charts])
    from concurrent.futures import ProcessPoolExecutor

    half = len(chunks) // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        later = pool.submit(_draw, [chart for charts in chunks[half:] for chart in charts])
        return _draw([chart for charts in chunks[:half] for chart in charts]) + later.result()


def _draw(charts: list[dict[str, Any]]) -> list[bytes]:
    return [horizontal_chart(**arguments) for arguments in charts]


def _chart_height(bars: int) -> int:
    """A chart's height in pixels for its bars (it grows where long names need it, see `horizontal_chart`); at
    most CHART_ROWS bars of at most NAME_LINES lines keep it within the page."""
    return round((1.1 + 0.34 * bars) * DPI)


def _number(value: Any) -> float | None:
    """A bar's length; None (no bar, never a bar of 0) for a figure not given or masked."""
    return None if value is None or isinstance(value, str) else float(value)


def context(c: Consolidation, heading: str) -> dict[str, Any]:
    """Every variable of the template, as Swedish text, from the consolidation's tables."""
    sel, m, totals, fin = c.sel, c.masker, c.totals, c.table("Finansiering")
    insatser = _insatser(c)
    left = [{"fil": o.path.name, "insats": o.insats or swedish.EMPTY, "period": o.period or swedish.EMPTY,
             "skal": f"{o.reason}. {o.detail}"} for o in sel.left_out]
    return {
        "rubrik": heading,
        "sammanfattning": f"{len(sel.files)} arbetsböcker lästes. {sel.counted_files} räknades in för "
                          f"{len(sel.insatser)} insatser och {len(sel.left_out)} lämnades utanför. "
                          f"Kontrollen fann {len(sel.errors)} fel och {len(sel.warnings)} varningar i filerna "
                          f"för {sel.label}." + "".join(f" {note}" for note in uncertain_note(sel)),
        "maskering": m.note(),
        "totaler": _totals(c),
        "insatser": insatser,
        "ekonomi": [{"insats": i["namn"], "budget": _amount(i["budget_kr"]), "utfall": _amount(i["utfall_kr"]),
                     "forbrukat": i["forbrukat"]} for i in insatser if i["har_ekonomi"]],
        "ekonomi_summa": {"budget": _amount(totals["budget"]), "utfall": _amount(totals["utfall"]),
                          "forbrukat": swedish.percent(totals["forbrukat"])},
        "finansiering": [{"part": r["Part"], "totalt": _amount(r["Totalt"]),
                          "andel": swedish.percent(r["Andel av medlemmarnas finansiering"]),
                          "lag": swedish.percent(r["Lagstadgad andel"])} for r in fin.records() if r["Totalt"] is not None],
        "finansiering_summa": _amount(fin.total[[col.label for col in fin.columns].index("Totalt")] if fin.total
                                      else None),
        "diagram_text": f"Diagrammen visar {CHART_ROWS} insatser vardera, i samma ordning som ovan."
                        if len(sel.insatser) > CHART_ROWS else "",
        "utanfor_text": "Alla inlästa rapporter räknades in." if not left else
                        f"{len(left)} rapporter räknades inte in. Se även bladet Kontroll i sammanstallning.xlsx.",
        "utanfor": left,
        **_plan_context(sel),
        "arsredovisning": _annex(c),
    }


def _annex(c: Consolidation) -> dict[str, Any] | None:
    """Underlag till årsredovisningen (with `--ar` and `--plan`): budget against utfall per insats and for the
    förbund's own costs, participants and goal fulfilment per insats, financing per member."""
    match, m = c.sel.plan, c.masker
    if match is None or match.year is None:
        return None
    from ..catalog import FORBUNDSKOSTNADER, MEDLEMMAR
    from ..report.goals import DELVIS, EJ_UPPFYLLT, UPPFYLLT

    plan = match.plan
    rows = c.table("Översikt").records()
    planned = [plan.insats(v["Insats"]) for v in rows]
    economy = [{"insats": v["Insats"], "plan": _amount(p.budget if p else None), "budget": _amount(v["Budget"]),
                "utfall": _amount(v["Utfall"]), "forbrukat": swedish.percent(v["Förbrukat"])}
               for v, p in zip(rows, planned)]
    plan_sum = known_sum(p.budget for p in planned if p)
    totals = c.totals
    people = [{"insats": v["Insats"], **{k: _count(v[label]) if v[label] is not None else swedish.EMPTY
                                         for k, label in (("deltagare", "Deltagare"), ("kvinnor", "Kvinnor"),
                                                          ("man", "Män"), ("avslutade", "Avslutade"))}}
              for v in rows]
    verdicts: dict[str, list[str]] = {}
    for row in c.table("Mål").records():
        verdicts.setdefault(row["Insats"], []).append(row["Bedömning"])
    fulfilment = [{"insats": v["Insats"], "mal": swedish.number(len(verdicts.get(v["Insats"], []))),
                   **{key: swedish.number(verdicts.get(v["Insats"], []).count(label))
                      for key, label in (("uppfyllda", UPPFYLLT), ("delvis", DELVIS), ("ej", EJ_UPPFYLLT))}}
                  for v in rows if verdicts.get(v["Insats"])]
    members = plan.medlemmar
    whole = members.totalt()
    financing_rows = [{"medlem": MEDLEMMAR[key][0], "belopp": _amount(amount),
                       "andel": swedish.percent(amount / whole if amount is not None and whole else None, 1),
                       "lag": swedish.percent(MEDLEMMAR[key][1])} for key, amount in members.by_member().items()]
    return {
        "text": f"Underlaget gäller {plan.forbund or 'förbundet'} år {match.year}: budget enligt planen och "
                "rapporterna, utfall, deltagare och måluppfyllelse per insats, förbundets egna kostnader och "
                "medlemmarnas finansiering.",
        "ekonomi": economy,
        "ekonomi_summa": {"plan": _amount(plan_sum), "budget": _amount(totals["budget"]),
                          "utfall": _amount(totals["utfall"]), "forbrukat": swedish.percent(totals["forbrukat"])},
        "kostnader": [{"post": FORBUNDSKOSTNADER[k], "budget": _amount(cost.budget), "utfall": _amount(cost.utfall)}
                      for k, cost in plan.kostnader.items()],
        "kostnader_summa": {"budget": _amount(plan.egna_kostnader()), "utfall": _amount(plan.egna_kostnader("utfall"))},
        "deltagare": people,
        "deltagare_summa": {k: _count(m.count(totals[key])) if totals[key] is not None else swedish.EMPTY
                            for k, key in (("deltagare", "deltagare"), ("kvinnor", "kvinnor"), ("man", "man"),
                                           ("avslutade", "avslutade"))},
        "mal": fulfilment,
        "finansiering": financing_rows,
        "finansiering_summa": _amount(whole),
        "eget_kapital": f"Eget kapital enligt planen: {swedish.kronor(plan.eget_kapital)}."
                        if plan.eget_kapital is not None else "",
    }


def _plan_context(sel: Selection) -> dict[str, Any]:
    """The reports missing according to the plan, with contacts, and the insatser not in the plan."""
    match = sel.plan
    if match is None:
        return {"saknas": [], "saknas_text": "", "inte_i_planen": ""}
    missing = [{"insats": m.insats.namn, "period": m.period.code, "kontakt": m.insats.kontakt or swedish.EMPTY,
                "skal": m.reason} for m in match.missing]
    others = ", ".join(f"{i.report.insats} ({i.periods})" for i in match.not_in_plan)
    return {"saknas": missing,
            "saknas_text": f"Enligt förbundets plan för {match.plan.ar} saknas {len(missing)} "
                           f"{'rapport' if len(missing) == 1 else 'rapporter'} för {sel.label}:",
            "inte_i_planen": f"Dessa insatser finns inte i förbundets plan: {others}." if others else ""}


def write_docx(path: Path, c: Consolidation, heading: str, template: Path = TEMPLATE) -> Path:
    """Render the board summary atomically from the consolidation's tables, streamed into the file (memory
    stays flat however many insatser there are)."""
    def write(tmp: Path) -> None:
        with StreamedDocx(template, tmp) as doc:
            values = context(c, heading)
            values["diagram_deltagare"], values["diagram_ekonomi"] = _charts(doc, c)
            doc.render(values)

    return write_atomic(path, write)


def _amount(value: Any) -> str:
    """An amount in a table whose header says kr: Swedish digits only, so millions stay on one line."""
    return swedish.number(value) if value is not None else swedish.EMPTY
