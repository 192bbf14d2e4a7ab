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


def _insatser(sel: Selection, pub: Selection, m: Masker) -> list[dict[str, Any]]:
    table = overview(pub, m)
    labels = [c.label for c in table.columns]
    by_insats: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in goals(sel, m, pub).rows:
        by_insats.setdefault((row[0], row[1]), []).append(
            {"typ": row[2], "beskrivning": row[3].rstrip(".") + ".", "malvarde": row[4], "utfall": row[5],
             "bedomning": row[6]})
    result = []
    for row in table.rows:
        v = dict(zip(labels, row))
        result.append({
            "namn": v["Insats"], "huvudman": swedish.EMPTY if not v["Huvudman"] else v["Huvudman"],
            "perioder": v["Perioder"], "deltagare": _count(v["Deltagare"]), "kvinnor": _count(v["Kvinnor"]),
            "man": _count(v["Män"]), "under_30": _count(v["Under 30 år"]), "avslutade": _count(v["Avslutade"]),
            "gar_vidare": _count(v["Går vidare"]), "andel_gar_vidare": swedish.percent(v["Andel går vidare"]),
            "budget": swedish.kronor(v["Budget"]), "utfall": swedish.kronor(v["Utfall"]),
            "forbrukat": swedish.percent(v["Förbrukat"]), "mal": by_insats.get((v["Förbund"], v["Insats"]), []),
        })
    return result


def _totals(sel: Selection, m: Masker) -> list[dict[str, str]]:
    t = forbund_totals(sel)
    rows = [("Insatser som räknats in", swedish.number(len(sel.insatser))),
            ("Deltagare", _count(m.count(t["deltagare"]))), ("Kvinnor", _count(m.count(t["kvinnor"]))),
            ("Män", _count(m.count(t["man"]))), ("Under 30 år", _count(m.count(t["under_30"]))),
            ("Avslutade", _count(m.count(t["avslutade"]))), ("Går vidare", _count(m.count(t["gar_vidare"]))),
            ("Andel som går vidare", swedish.percent(m.share(t["gar_vidare"], t["avslutade"]))),
            ("Budget", swedish.kronor(t["budget"])), ("Utfall", swedish.kronor(t["utfall"])),
            ("Förbrukat av budget", swedish.percent(t["utfall"] / t["budget"] if t["budget"] else None))]
    return [{"namn": n, "varde": v} for n, v in rows]


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
        return 0.0 if value is None or isinstance(value, str) else float(value)

    def image(fig: Any) -> Any:
        buffer = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=150)
        plt.close(fig)
        buffer.seek(0)
        return InlineImage(template, buffer, width=Cm(16))

    height = 1.2 + 0.45 * max(1, len(rows))
    fig, ax = plt.subplots(figsize=(8, height))
    women, men = [number(r[7]) for r in rows], [number(r[8]) for r in rows]
    ax.barh(names, women, color="#2E75B6", label="Kvinnor")
    ax.barh(names, men, left=women, color="#F4B183", label="Män")
    ax.invert_yaxis()
    ax.set_title("Deltagare per insats och kön")
    ax.legend()
    people = image(fig)
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
    return people, image(fig)


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
                    for i in insatser],
        "finansiering": [{"part": r[0], "totalt": swedish.kronor(r[3]), "andel": swedish.percent(r[4]),
                          "lag": swedish.percent(r[5])} for r in fin.rows],
        "utanfor_text": "Alla rapporter räknades in." if not left else
                        f"{len(left)} rapporter räknades inte in. Se även bladet Kontroll i sammanstallning.xlsx.",
        "utanfor": left,
    }


def write_docx(path: Path, sel: Selection, m: Masker, heading: str, template: Path = TEMPLATE) -> Path:
    """Render the board summary atomically."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template))
    values = context(sel, m, heading)
    values["diagram_deltagare"], values["diagram_ekonomi"] = _charts(tpl, sel, m)
    tpl.render(values, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    return write_atomic(path, lambda tmp: tpl.save(str(tmp)))
