"""Charts as PNG bytes, drawn directly with Pillow: the insats reports' (participants per aktivitet by
kön, budget against utfall) and the board summary's (participants and money per insats).

A chart takes a few milliseconds, against about 50 with matplotlib, which a batch of reports and a
board summary of hundreds of insatser would pay for every chart. The font is DejaVu Sans, shipped with
the package (toolkit/fonts). Colours and the hatching of the second series keep the bars apart in
black-and-white print.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, NamedTuple, Sequence

from .. import swedish
from ..model import InsatsRapport
from .context import xml_safe

#: Charts are placed 160 mm wide, the text width of the reports' page.
WIDTH_MM, HEIGHT_IN, DPI = 160, 3.2, 150
WIDTH, HEIGHT = round(WIDTH_MM / 25.4 * DPI), round(HEIGHT_IN * DPI)
WOMEN, MEN = "#1f4e79", "#9dc3e6"
BUDGET, UTFALL = "#7f7f7f", "#1f4e79"
_INK, _AXIS = "#262626", "#404040"
#: The charts' palette, 16 entries (4 bits a pixel): shades of ink on white (white first, ink last, so a
#: shade's index is the ink's coverage of the pixel, see _Canvas), then the axis' and the series' colours.
_COLOURS = tuple(dict.fromkeys((_AXIS, WOMEN, MEN, BUDGET, UTFALL)))
_SHADES = 16 - len(_COLOURS)
_INDEX = {"#ffffff": 0, _INK: _SHADES - 1, **{colour: _SHADES + k for k, colour in enumerate(_COLOURS)}}
_SMALL, _TITLE = 9, 11  # points
#: Lines of an aktivitet's name beside its bar in an insats report's chart (a longer one is cut short with "…").
_NAME_LINES = 2
_FONT = Path(__file__).resolve().parents[1] / "fonts" / "DejaVuSans.ttf"
#: Room above the plot for title and legend, and below it for tick labels and the axis label (pixels).
_TOP, _BOTTOM = round(0.16 * HEIGHT), round(0.15 * HEIGHT)


@lru_cache(maxsize=None)
def _font(points: int) -> Any:
    """DejaVu Sans at a size in points."""
    from PIL import ImageFont

    return ImageFont.truetype(str(_FONT), round(points * DPI / 72))


class _Canvas:
    """A white chart image with a plot area: left and right as fractions of the width, top and bottom
    margins in pixels.

    The image is drawn in the chart's palette (`_palette`), so it is written as a palette PNG as it is,
    with no colour reduction. Text is smoothed onto white (every label sits beside the bars, never on one):
    its shape's coverage picks a shade of ink, which Pillow's blend of the ink's index onto white's does."""

    def __init__(self, left: float, right: float, top: int = _TOP, bottom: int = _BOTTOM,
                 height: int = HEIGHT) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("P", (WIDTH, height), _INDEX["#ffffff"])
        self.image.putpalette(_palette())
        self.draw = ImageDraw.Draw(self.image)
        self.x0, self.x1 = round(left * WIDTH), round(right * WIDTH)
        self.y0, self.y1 = top, height - bottom

    def text(self, xy: tuple[float, float], text: str, points: int = _SMALL, anchor: str = "la") -> None:
        """Text in ink at `xy` by Pillow's anchor ("la": left, ascender; "rm": right, middle …)."""
        for mask, (dx, dy) in _label(text, points, anchor):
            left, top = round(xy[0] + dx), round(xy[1] + dy)
            self.image.im.paste(_INDEX[_INK], (left, top, left + mask.size[0], top + mask.size[1]), mask)

    def line(self, xy: tuple[float, float, float, float]) -> None:
        """An axis or tick line."""
        self.draw.line(xy, fill=_INDEX[_AXIS], width=2)

    def bar(self, box: tuple[float, float, float, float], colour: str, hatched: bool = False) -> None:
        """A filled rectangle (x0, y0, x1, y1); hatched with white diagonals when asked."""
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if x1 <= x0 or y1 <= y0:
            return
        if not hatched:
            self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=_INDEX[colour])
            return
        self.image.paste(_hatched(colour, y1 - y0).crop((0, 0, x1 - x0, y1 - y0)), (x0, y0))

    def title_and_legend(self, title: str, entries: Sequence[tuple[str, str, bool]]) -> None:
        """Title on the left and legend (label, colour, hatched) on the right above the plot."""
        self.text((0.02 * WIDTH, 0.03 * HEIGHT), title, _TITLE)
        x = self.x1
        y = self.y0 - 8
        for label, colour, hatched in reversed(entries):
            x -= _length(label)
            self.text((x, y), label, anchor="ld")
            x -= 34
            self.bar((x, y - 20, x + 26, y - 4), colour, hatched)
            x -= 18

    def axes(self, bottom: bool = True, left: bool = True) -> None:
        if left:
            self.line((self.x0, self.y0, self.x0, self.y1))
        if bottom:
            self.line((self.x0, self.y1, self.x1, self.y1))

    def png(self) -> bytes:
        """The image as a PNG of 4 bits a pixel (half the data to compress of 8), written here: Pillow's
        encoder spends twice the time on it. Each row is stored unfiltered (filter byte 0)."""
        packed = memoryview(self.image.tobytes("raw", "P;4"))
        stride = (self.image.width + 1) // 2
        rows = b"".join(part for y in range(0, len(packed), stride) for part in (b"\0", packed[y:y + stride]))
        ppm = round(DPI / 0.0254)  # pixels per metre
        return b"".join((b"\x89PNG\r\n\x1a\n",
                         _chunk(b"IHDR", struct.pack(">IIBBBBB", self.image.width, self.image.height, 4, 3, 0, 0, 0)),
                         _chunk(b"PLTE", bytes(_palette())), _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
                         _chunk(b"IDAT", zlib.compress(rows, 1)), _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, kind, data and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@lru_cache(maxsize=256)
def _label(text: str, points: int, anchor: str) -> tuple[tuple[Any, tuple[int, int]], ...]:
    """Each line's smoothed shape (a mask) and its offset from the anchor point, drawn once: tick labels,
    legends and the insats names a board summary repeats in two charts are not drawn again (the
    recent ones are kept: a summary of thousands of insatser must not keep every name's image).

    Lines are spaced and aligned as Pillow's multiline text: each line keeps the anchor's alignment."""
    font = _font(points)
    lines = text.split("\n")
    spacing = _line_height(points)
    top = -(len(lines) - 1) * spacing * {"m": 0.5, "d": 1.0}.get(anchor[1], 0.0)
    shapes = []
    for k, line in enumerate(lines):
        y = top + k * spacing
        mask, (dx, dy) = font.getmask2(line, mode="L", anchor=anchor, start=(0, y - int(y)))
        shapes.append((mask, (dx, int(y) + dy)))
    return tuple(shapes)


@lru_cache(maxsize=None)
def _line_height(points: int) -> int:
    """The distance of two lines' tops, as Pillow spaces multiline text (its "A"'s bottom, 2 pixels apart)."""
    return _font(points).getbbox("A")[3] + 2


@lru_cache(maxsize=512)
def _length(text: str) -> float:
    """A line's advance width in small type, measured once (a board summary measures each name twice)."""
    return _font(_SMALL).getlength(text)


@lru_cache(maxsize=1)
def _palette() -> list[int]:
    """The palette's entries (_INDEX), red, green and blue of each."""
    ink = _rgb(_INK)
    shades = [tuple(round(255 + (c - 255) * k / (_SHADES - 1)) for c in ink) for k in range(_SHADES)]
    return [v for colour in shades + [_rgb(c) for c in _COLOURS] for v in colour]


@lru_cache(maxsize=16)
def _hatched(colour: str, height: int) -> Any:
    """A chart-wide strip of `colour` with white diagonals, from which hatched bars are cut."""
    from PIL import Image, ImageDraw

    tile = Image.new("P", (WIDTH, height), _INDEX[colour])
    pen = ImageDraw.Draw(tile)
    for k in range(-height, WIDTH, 9):
        pen.line((k, height, k + height, 0), fill=_INDEX["#ffffff"], width=2)
    return tile


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _ticks(top: float, whole: bool = False, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten (whole
    numbers only for counts of people)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = max(top / count, 1.0) if whole else top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in ((1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _scale(lo: float, hi: float, a: float, b: float) -> Callable[[float], float]:
    """Map values lo..hi onto pixels a..b."""
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


class Series(NamedTuple):
    """One series of bars: its legend label, colour, hatching and a value per row (None: not given, no bar)."""

    label: str
    colour: str
    hatched: bool
    values: Sequence[float | None]


def kronor_tick(value: float) -> str:
    """A money axis in thousands of kronor: "1 200 tkr"."""
    return f"{swedish.number(value / 1000)} tkr"


def horizontal_chart(title: str, names: Sequence[str], series: Sequence[Series], *, stacked: bool,
                     axis_label: str = "", money: bool = False, name_width: int = 22, name_lines: int = 0,
                     height: int = HEIGHT) -> bytes:
    """Horizontal bars, the first row at the top: stacked (each row's sum at its end when every part is
    given) or grouped; whole-number ticks for people, "tkr" ticks for money. A value not given is a gap,
    never a bar of 0. Names wrap at `name_width` characters (`name_lines` lines at most, see `wrap`); the
    chart grows beyond `height` where its names' lines need it, so that no two names overlap."""
    labels = [wrap(name or "–", name_width, name_lines) for name in names]
    bottom = _BOTTOM if axis_label else _BOTTOM - 30
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    height = max(height, _TOP + bottom + len(labels) * (label_height(lines) + 2))
    if stacked:
        ends = [sum(v for v in row if v is not None) for row in zip(*(s.values for s in series))]
    else:
        ends = [v for s in series for v in s.values if v is not None]
    low, high = min([0.0, *ends]), max([0.0, *ends])
    ticks = _ticks(high, whole=not money)
    tick_labels = [kronor_tick(value) if money else swedish.number(value) for value in ticks]
    widest = max((_length(line) for label in labels for line in label.split("\n")), default=0)
    right = WIDTH - max(0.05 * WIDTH, _length(tick_labels[-1]) / 2 + 8)  # the last tick label within the image
    c = _Canvas(left=min(0.5, (widest + 24) / WIDTH), right=right / WIDTH, height=height, bottom=bottom)
    x = _scale(low, max(ticks[-1], high * (1.12 if stacked else 1.0)), c.x0, c.x1)
    for value, text in zip(ticks, tick_labels):
        c.line((x(value), c.y1, x(value), c.y1 + 6))
        c.text((x(value), c.y1 + 9), text, anchor="ma")
    slot = (c.y1 - c.y0) / max(len(labels), 1)
    for k, label in enumerate(labels):
        middle = c.y0 + (k + 0.5) * slot
        if stacked:
            start = 0.0
            for s in series:
                value = s.values[k]
                if value is not None:
                    c.bar((x(start), middle - slot * 0.4, x(start + value), middle + slot * 0.4), s.colour, s.hatched)
                    start += value
            if all(s.values[k] is not None for s in series):
                c.text((x(start) + 6, middle), swedish.number(start), anchor="lm")
        else:
            band = slot * 0.8 / len(series)
            for j, s in enumerate(series):
                value, top = s.values[k], middle - slot * 0.4 + j * band
                if value is not None:
                    c.bar((x(0), top, x(value), top + band), s.colour, s.hatched)
        c.text((c.x0 - 10, middle), label, anchor="rm")
    c.axes()
    if axis_label:
        c.text(((c.x0 + c.x1) / 2, height - 8), axis_label, anchor="md")
    c.title_and_legend(title, [(s.label, s.colour, s.hatched) for s in series])
    return c.png()


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
    return horizontal_chart("Inskrivna per aktivitet och kön", [name for name, _, _ in rows],
                            [Series("Kvinnor", WOMEN, False, [w for _, w, _ in rows]),
                             Series("Män", MEN, True, [m for _, _, m in rows])],
                            stacked=True, axis_label="Inskrivna deltagare", name_lines=_NAME_LINES)


def budget_chart(report: InsatsRapport) -> bytes | None:
    """Grouped bars per cost category: budget and utfall so far; None without budget lines.

    A figure not given is a gap, never a bar of 0; without any utfall only the budget is drawn.
    """
    rows = [r for r in report.ekonomi.rader if r.budget is not None or r.utfall_ackumulerat is not None]
    if not rows:
        return None
    labels = [wrap(r.kategori or "–", 12) for r in rows]
    lines = max(label.count("\n") + 1 for label in labels)  # room below the axis for the longest label
    c = _Canvas(left=0.14, right=0.98, bottom=max(round(0.12 * HEIGHT), 20 + 24 * lines))
    has_utfall = any(r.utfall_ackumulerat is not None for r in rows)
    values = [v for r in rows for v in (r.budget, r.utfall_ackumulerat) if v is not None]
    ticks = _ticks(max(max(values), 0))
    low = min(0.0, min(values))
    y = _scale(low, max(ticks[-1], max(values)), c.y1, c.y0)
    for value in ticks:
        c.line((c.x0 - 6, y(value), c.x0, y(value)))
        c.text((c.x0 - 10, y(value)), kronor_tick(value), anchor="rm")
    slot = (c.x1 - c.x0) / len(rows)
    width = slot * (0.38 if has_utfall else 0.6)
    for k, row in enumerate(rows):
        middle = c.x0 + (k + 0.5) * slot
        series = [(row.budget, BUDGET)] + ([(row.utfall_ackumulerat, UTFALL)] if has_utfall else [])
        for j, (value, colour) in enumerate(series):
            left = middle - width * len(series) / 2 + j * width
            if value is not None:
                c.bar((left, y(0), left + width, y(value)), colour)
        c.text((middle, c.y1 + 9), labels[k], anchor="ma")
    c.axes()
    utfall = "Utfall" if report.period is not None and report.period.kind == "slut" else "Utfall i år"
    c.title_and_legend("Budget och utfall per kostnadsslag" if has_utfall else "Budget per kostnadsslag",
                       [("Budget", BUDGET, False)] + ([(utfall, UTFALL, False)] if has_utfall else []))
    return c.png()


def wrap(text: str, width: int = 22, most: int = 0) -> str:
    """Break long labels on spaces so they fit beside the bars (control characters dropped); with `most`,
    a label of more lines keeps that many, the last cut short with "…"."""
    lines, line = [], ""
    for word in xml_safe(text).split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if most and len(lines) > most:
        lines[most - 1:] = [lines[most - 1][:width - 1].rstrip() + "…"]
    return "\n".join(lines)


def label_height(lines: int) -> int:
    """Pixels a label of `lines` lines of small type takes, from the top of its first to the bottom of its last."""
    return (lines - 1) * _line_height(_SMALL) + _font(_SMALL).getbbox("Ågj")[3]
