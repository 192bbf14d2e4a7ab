"""Report charts drawn with Pillow: the right size, both series, gaps for figures not given, round ticks."""

from __future__ import annotations

import copy
import io

from PIL import Image

from toolkit.model import Aktivitet, Count
from toolkit.report import charts


def _colours(png: bytes, height: int = charts.HEIGHT) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (charts.WIDTH, height)
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_participants_chart_has_both_series_and_needs_two_aktiviteter(example):
    example.aktiviteter.append(copy.deepcopy(example.aktiviteter[0]))
    colours = _colours(charts.participants_chart(example))
    assert _rgb(charts.WOMEN) in colours and _rgb(charts.MEN) in colours
    example.aktiviteter[1].inskrivna = Count(antal=5)  # kvinnor and män unknown: not a bar of 0
    assert charts.participants_chart(example) is None


def test_many_long_aktivitet_names_make_the_chart_taller_not_overlapping(example):
    names = ["Individuellt stöd och coachning mot arbete", "Arbetsträning i kommunens verksamheter",
             "Hälsa och friskvård för deltagare", "Uppföljning efter avslut hos arbetsgivare"] * 2
    example.aktiviteter = [Aktivitet(namn=n, inskrivna=Count(antal=5, kvinnor=2, man=3)) for n in names]
    height = Image.open(io.BytesIO(charts.participants_chart(example))).height
    assert (height - charts._TOP - charts._BOTTOM) / len(names) >= charts.label_height(2) > charts.HEIGHT / 20
    assert height > charts.HEIGHT
    example.aktiviteter = example.aktiviteter[:3]  # room enough: the usual size
    assert Image.open(io.BytesIO(charts.participants_chart(example))).height == charts.HEIGHT


def test_budget_chart_draws_utfall_only_where_it_is_given(example):
    with_utfall = _colours(charts.budget_chart(example))
    assert _rgb(charts.BUDGET) in with_utfall and _rgb(charts.UTFALL) in with_utfall
    for row in example.ekonomi.rader:
        row.utfall_ackumulerat = None
    budget_only = _colours(charts.budget_chart(example))
    assert _rgb(charts.BUDGET) in budget_only and _rgb(charts.UTFALL) not in budget_only
    example.ekonomi.rader = []
    assert charts.budget_chart(example) is None


def test_ticks_are_round_and_whole_for_people():
    assert charts._ticks(11, whole=True) == [0, 5, 10, 15]
    assert charts._ticks(3, whole=True) == [0, 1, 2, 3]
    assert charts._ticks(3_560_000) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]
    assert charts._ticks(0) == [0.0, 1.0]


def test_horizontal_money_chart_keeps_every_label_within_the_image():
    """The board summary's chart: long names, millions in "tkr" and a gap where a figure is not given;
    nothing drawn touches the image's edge (no label cut), each series has its colour."""
    names = ["Kompetensutvecklingsinsats för handläggare i samverkan", "Unga vuxna", "Trädgårdsrehabilitering"]
    png = charts.horizontal_chart("Budget och utfall per insats", names,
                                  [charts.Series("Budget", charts.BUDGET, False, [9_870_000, 120_000, None]),
                                   charts.Series("Utfall", charts.UTFALL, False, [10_450_000, None, 55_000])],
                                  stacked=False, money=True, name_width=28, height=400)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (charts.WIDTH, 400)
    width, height = image.size
    edge = [image.getpixel((x, y)) for x in (0, width - 1) for y in range(height)] + \
           [image.getpixel((x, y)) for y in (0, height - 1) for x in range(width)]
    assert set(edge) == {(255, 255, 255)}
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    assert _rgb(charts.BUDGET) in colours and _rgb(charts.UTFALL) in colours
    assert charts.kronor_tick(10_000_000) == "10\u00a0000 tkr"


def _runs(image: Image.Image, colour: tuple[int, int, int]) -> list[tuple[int, int, int]]:
    """The bars of `colour`, top to bottom: (first row, last row, pixels of the colour in the bar's middle row)."""
    width, height = image.size
    rows = [sum(image.getpixel((x, y)) == colour for x in range(width)) for y in range(height)]
    runs, start = [], None
    for y, count in enumerate([*rows, 0]):
        if count and start is None:
            start = y
        elif not count and start is not None:
            runs.append((start, y - 1, rows[(start + y - 1) // 2]))
            start = None
    return runs


def test_stacked_bars_are_as_long_as_their_figures_and_a_figure_not_given_is_no_bar():
    """Kvinnor 10, 20 and not given beside män 5 each: the second bar twice the first, none in the third row
    (its män start at the axis); the hatched män show white stripes through their colour."""
    png = charts.horizontal_chart("Deltagare", ["A", "B", "C"],
                                  [charts.Series("Kvinnor", charts.WOMEN, False, [10, 20, None]),
                                   charts.Series("Män", charts.MEN, True, [5, 5, 5])],
                                  stacked=True, axis_label="Inskrivna deltagare", height=400)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    women = [run for run in _runs(image, _rgb(charts.WOMEN)) if run[1] - run[0] > 20]  # not the legend's swatch
    men = [run for run in _runs(image, _rgb(charts.MEN)) if run[1] - run[0] > 20]
    assert len(women) == 2 and len(men) == 3
    assert abs(women[1][2] / women[0][2] - 2) < 0.02  # within the pixels the axis line covers
    assert women[0][0] == men[0][0] and women[1][0] == men[1][0]  # each row's parts side by side
    third = (men[2][0] + men[2][1]) // 2
    first_men = min(x for x in range(image.width) for y in range(men[2][0], men[2][1] + 1)
                    if image.getpixel((x, y)) == _rgb(charts.MEN))
    axis = max(x for x in range(image.width) if image.getpixel((x, third)) == _rgb(charts._AXIS))
    assert first_men == axis + 1  # the third row's män start at the axis, not after a bar of 0
    stripes = {image.getpixel((x, third)) for x in range(first_men, first_men + 30)}
    assert (255, 255, 255) in stripes


def _on_white(colour: tuple[int, int, int], ink: tuple[int, int, int]) -> bool:
    """Whether `colour` is the ink smoothed onto white (a shade on the line from white to ink)."""
    k = (255 - colour[0]) / (255 - ink[0])
    return all(abs(255 + (i - 255) * k - c) <= 2 for c, i in zip(colour, ink))


def test_charts_draw_only_their_colours_and_text_smoothed_in_shades_of_ink(example):
    """Every pixel is white, the axis, a series' colour or ink on white; the text's edges are smoothed
    (shades between white and ink, not only the two)."""
    png = charts.horizontal_chart("Budget och utfall per insats", ["Kompetensutveckling i samverkan", "Unga"],
                                  [charts.Series("Budget", charts.BUDGET, False, [9_870_000, 120_000]),
                                   charts.Series("Utfall", charts.UTFALL, False, [None, 55_000])],
                                  stacked=False, money=True, name_width=28, height=400)
    ink = _rgb(charts._INK)
    drawn = {_rgb(c) for c in (charts._AXIS, charts.WOMEN, charts.MEN, charts.BUDGET, charts.UTFALL)}
    for chart in (png, charts.budget_chart(example)):
        colours = _colours(chart, Image.open(io.BytesIO(chart)).height) - drawn
        assert all(_on_white(c, ink) for c in colours), sorted(c for c in colours if not _on_white(c, ink))
        assert len(colours - {(255, 255, 255), ink}) >= 8

