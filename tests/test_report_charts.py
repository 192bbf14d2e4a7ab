"""Report charts drawn with Pillow: the right size, both series, gaps for figures not given, round ticks."""

from __future__ import annotations

import copy
import io

from PIL import Image

from toolkit.model import Count
from toolkit.report import charts


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (charts.WIDTH, charts.HEIGHT)
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_participants_chart_has_both_series_and_needs_two_aktiviteter(example):
    example.aktiviteter.append(copy.deepcopy(example.aktiviteter[0]))
    colours = _colours(charts.participants_chart(example))
    assert _rgb(charts.WOMEN) in colours and _rgb(charts.MEN) in colours
    example.aktiviteter[1].inskrivna = Count(antal=5)  # kvinnor and män unknown: not a bar of 0
    assert charts.participants_chart(example) is None


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
