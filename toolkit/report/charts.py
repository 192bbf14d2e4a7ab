"""Report charts as PNG bytes: participants per aktivitet by kön, and budget against utfall.

matplotlib is imported on first use (it takes a few hundred milliseconds) and each chart reuses one
Figure with the Agg canvas, cleared between reports, so a batch of reports pays the setup once.
Colours are chosen to stay distinguishable in black-and-white print.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from .. import swedish
from ..model import InsatsRapport
from .context import xml_safe

WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.2, 150
WOMEN, MEN = "#1f4e79", "#9dc3e6"
BUDGET, UTFALL = "#7f7f7f", "#1f4e79"


@lru_cache(maxsize=None)
def _figure(name: str) -> Any:
    """One reusable figure per chart (the name keeps them apart)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    # Low zlib effort: the PNG is a little larger but written several times faster.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _axes(name: str, margins: dict[str, float]) -> tuple[Any, Any]:
    """The chart's figure with fresh axes; fixed margins instead of tight_layout, which draws twice."""
    figure = _figure(name)
    figure.clear()
    ax = figure.add_subplot()
    figure.subplots_adjust(**margins)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    return figure, ax


def participants_chart(report: InsatsRapport) -> bytes | None:
    """Horizontal stacked bars: inskrivna per aktivitet, kvinnor and män.

    Only aktiviteter with both figures given are drawn (an unknown is never a bar of 0), and only
    when there are at least two: one bar says nothing the table does not.
    """
    rows = [(a.namn or f"Aktivitet {i}", a.inskrivna.kvinnor, a.inskrivna.man)
            for i, a in enumerate(report.aktiviteter, 1)
            if a.inskrivna.kvinnor is not None and a.inskrivna.man is not None]
    if len(rows) < 2 or not any(w or m for _, w, m in rows):
        return None
    figure, ax = _axes("deltagare", {"left": 0.3, "right": 0.95, "top": 0.84, "bottom": 0.15})
    names = [wrap(name) for name, _, _ in rows][::-1]
    women = [w for _, w, _ in rows][::-1]
    men = [m for _, _, m in rows][::-1]
    y = list(range(len(rows)))  # positions, not names: two aktiviteter may share a name
    ax.barh(y, women, color=WOMEN, label="Kvinnor")
    ax.barh(y, men, left=women, color=MEN, label="Män", hatch="//", edgecolor="white")
    ax.set_yticks(y, names)
    for pos, (w, m) in enumerate(zip(women, men)):
        ax.text(w + m, pos, f" {w + m}", va="center", fontsize=9)
    ax.set_xlabel("Inskrivna deltagare", fontsize=9)
    title_and_legend(ax, "Inskrivna per aktivitet och kön")
    ax.margins(x=0.12)
    return _png(figure)


def budget_chart(report: InsatsRapport) -> bytes | None:
    """Grouped bars per cost category: budget and utfall so far; None without budget lines.

    A figure not given is a gap, never a bar of 0; without any utfall only the budget is drawn.
    """
    rows = [r for r in report.ekonomi.rader if r.budget is not None or r.utfall_ackumulerat is not None]
    if not rows:
        return None
    figure, ax = _axes("ekonomi", {"left": 0.14, "right": 0.98, "top": 0.84, "bottom": 0.12})
    positions = range(len(rows))
    has_utfall = any(r.utfall_ackumulerat is not None for r in rows)
    width = 0.38 if has_utfall else 0.6
    shift = width / 2 if has_utfall else 0
    ax.bar([p - shift for p in positions], [_gap(r.budget) for r in rows], width, color=BUDGET, label="Budget")
    if has_utfall:
        ax.bar([p + shift for p in positions], [_gap(r.utfall_ackumulerat) for r in rows], width, color=UTFALL,
               label="Utfall" if report.period is not None and report.period.kind == "slut" else "Utfall i år")
    ax.set_xticks(list(positions), [wrap(r.kategori or "–", 12) for r in rows])
    ax.yaxis.set_major_formatter(kronor_axis())
    title_and_legend(ax, "Budget och utfall per kostnadsslag" if has_utfall else "Budget per kostnadsslag")
    return _png(figure)


def _gap(value: float | int | None) -> float:
    """A bar height; NaN (no bar) for a figure not given."""
    return float("nan") if value is None else value


def title_and_legend(ax: Any, title: str) -> None:
    """Title on the left and legend on the right above the plot, so neither hides a bar."""
    ax.figure.suptitle(title, x=0.02, y=0.97, ha="left", fontsize=11)
    ax.legend(fontsize=9, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)


def kronor_axis() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{swedish.number(value / 1000)} tkr")


def wrap(text: str, width: int = 22) -> str:
    """Break long labels on spaces so they fit beside the bars (control characters dropped)."""
    lines, line = [], ""
    for word in xml_safe(text).split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])
