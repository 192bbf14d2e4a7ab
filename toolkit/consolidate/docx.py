"""Write sammanstallning.docx, the board summary, from word_templates/sammanstallning.docx (docxtpl).

The template is rendered in a sandboxed, autoescaping Jinja environment; every value is formatted
here in Swedish (toolkit.swedish) and masked counts arrive as "<N", so the template only places text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from .. import swedish
from ..textio import write_atomic
from .figures import financing, forbund_totals, goals, overview, published
from .mask import Masker
from .select import Selection
from .template import TEMPLATE

#: Charts show at most this many insatser.
CHART_LIMIT = 25


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


def _goal_text(row: list[str]) -> str:
    """"Effektmål: 70 % går vidare. Mål 70 %, utfall 75 %: Uppfyllt." with only the parts given."""
    typ, beskrivning, malvarde, utfall, bedomning = row[2], row[3], row[4], row[5], row[6]
    head = f"{typ}: " if typ else ""
    figures = ", ".join(f"{label} {value}" for label, value in (("mål", malvarde), ("utfall", utfall))
                        if value and value != swedish.EMPTY)
    text = head + (beskrivning.rstrip(".") + "." if beskrivning else "")
    if figures:
        text += f" {figures[0].upper()}{figures[1:]}"
    return f"{text}: {bedomning}." if figures else f"{text} {bedomning}."


def _insatser(sel: Selection, pub: Selection, m: Masker) -> list[dict[str, Any]]:
    table = overview(pub, m)
    labels = [c.label for c in table.columns]
    by_insats: dict[tuple[str, str], list[str]] = {}
    for row in goals(sel, m, pub).rows:
        by_insats.setdefault((row[0], row[1]), []).append(_goal_text(row))
    result = []
    for row in table.rows:
        v = dict(zip(labels, row))
        head = f"Huvudman: {v['Huvudman']}. " if v["Huvudman"] else ""
        sentences = [f"{head}Perioder: {v['Perioder']}.", _participants_sentence(v), _economy_sentence(v)]
        result.append({
            "namn": v["Insats"], "meningar": [s for s in sentences if s],
            "budget": swedish.kronor(v["Budget"]), "utfall": swedish.kronor(v["Utfall"]),
            "forbrukat": swedish.percent(v["Förbrukat"]), "mal": by_insats.get((v["Förbund"], v["Insats"]), []),
            "har_ekonomi": v["Budget"] is not None or v["Utfall"] is not None,
        })
    return result


def _totals(sel: Selection, m: Masker) -> list[dict[str, str]]:
    """The förbund's figures; a figure no insats gives is left out, never shown as 0."""
    t = forbund_totals(sel)
    rows = [("Insatser som räknats in", swedish.number(len(sel.insatser))),
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


def _charts(template: Any, sel: Selection, m: Masker) -> tuple[Any, Any]:
    """Two PNG charts (matplotlib, imported only here): participants by kön and budget against utfall."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from docx.shared import Cm
    from docxtpl import InlineImage

    rows = overview(published(sel, m), m).rows[:CHART_LIMIT]
    names = [r[1] for r in rows]

    def number(value: Any) -> float:
        """A bar's length; NaN (no bar, never a bar of 0) for a figure not given or masked."""
        return float("nan") if value is None or isinstance(value, str) else float(value)

    def drawn(*columns: int) -> bool:
        return any(isinstance(r[c], (int, float)) and r[c] for r in rows for c in columns)

    def image(fig: Any) -> Any:
        buffer = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=150)
        plt.close(fig)
        buffer.seek(0)
        return InlineImage(template, buffer, width=Cm(16))

    height = 1.2 + 0.45 * max(1, len(rows))
    people = economy = None
    if drawn(7, 8):
        people = _people_chart(plt, rows, names, height, number, image)
    if drawn(15, 16):
        economy = _economy_chart(plt, rows, names, height, number, image)
    return people, economy


def _people_chart(plt: Any, rows: list[list[Any]], names: list[str], height: float, number: Any, image: Any) -> Any:
    fig, ax = plt.subplots(figsize=(8, height))
    women, men = [number(r[7]) for r in rows], [number(r[8]) for r in rows]
    ax.barh(names, women, color="#2E75B6", label="Kvinnor")
    ax.barh(names, men, left=women, color="#F4B183", label="Män")
    ax.invert_yaxis()
    ax.set_title("Deltagare per insats och kön")
    ax.legend()
    return image(fig)


def _economy_chart(plt: Any, rows: list[list[Any]], names: list[str], height: float, number: Any, image: Any) -> Any:
    fig, ax = plt.subplots(figsize=(8, height))
    positions = range(len(rows))
    ax.barh([p - 0.2 for p in positions], [number(r[15]) / 1000 for r in rows], height=0.4, color="#A9D18E",
            label="Budget")
    ax.barh([p + 0.2 for p in positions], [number(r[16]) / 1000 for r in rows], height=0.4, color="#548235",
            label="Utfall")
    ax.set_yticks(list(positions), names)
    ax.invert_yaxis()
    ax.set_xlabel("tusen kronor")
    ax.set_title("Budget och utfall per insats")
    ax.legend()
    return image(fig)


def context(sel: Selection, m: Masker, heading: str) -> dict[str, Any]:
    """Every variable of the template, as Swedish text."""
    fin = financing(sel)
    pub = published(sel, m)
    insatser = _insatser(sel, pub, m)
    left = [{"fil": o.path.name, "insats": o.insats or swedish.EMPTY, "period": o.period or swedish.EMPTY,
             "skal": f"{o.reason}. {o.detail}"} for o in sel.left_out]
    return {
        "rubrik": heading,
        "sammanfattning": f"{len(sel.files)} arbetsböcker lästes. {sel.counted_files} räknades in för "
                          f"{len(sel.insatser)} insatser och {len(sel.left_out)} lämnades utanför. "
                          f"Kontrollen fann {len(sel.errors)} fel och {len(sel.warnings)} varningar i filerna "
                          f"för {sel.label}.",
        "maskering": m.note(),
        "totaler": _totals(pub, m),
        "insatser": insatser,
        "ekonomi": [{"insats": i["namn"], "budget": i["budget"], "utfall": i["utfall"], "forbrukat": i["forbrukat"]}
                    for i in insatser if i["har_ekonomi"]],
        "finansiering": [{"part": r[0], "totalt": swedish.kronor(r[3]), "andel": swedish.percent(r[4]),
                          "lag": swedish.percent(r[5])} for r in fin.rows if r[3] is not None],
        "utanfor_text": "Alla inlästa rapporter räknades in." if not left else
                        f"{len(left)} rapporter räknades inte in. Se även bladet Kontroll i sammanstallning.xlsx.",
        "utanfor": left,
        **_plan_context(sel),
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


def write_docx(path: Path, sel: Selection, m: Masker, heading: str, template: Path = TEMPLATE) -> Path:
    """Render the board summary atomically."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    values = context(sel, m, heading)
    values["diagram_deltagare"], values["diagram_ekonomi"] = _charts(tpl, sel, m)
    tpl.render(values, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    return write_atomic(path, lambda tmp: tpl.save(str(tmp)))
