"""Measurements are kept per (anchor, shape, subject): a repeated statement is measured
once, and a kept answer is never handed to another shape (statements/judge/measure.py)."""

from __future__ import annotations

import sys

from conflictmap.geo.shapes import line_through
from conflictmap.model import LatLon, Place
from conflictmap.statements.geometry import Anchor
from conflictmap.statements.judge import measure

MEASURE = sys.modules["conflictmap.statements.judge.measure"]
BAMAKO = Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, kind="capital")
DIABALY = Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197)
BORDER = Place(id="border:ML-MR", name="Mali-Mauritania border", lat=15.0, lon=-5.0)


def test_a_repeated_measurement_is_kept_and_equal_to_a_fresh_one() -> None:
    MEASURE._MEMO.clear()
    first = measure(Anchor(place=BAMAKO), DIABALY)
    assert len(MEASURE._MEMO) == 1
    assert measure(Anchor(place=BAMAKO), DIABALY) is first
    assert first == MEASURE._measure(Anchor(place=BAMAKO), DIABALY)


def test_another_shape_of_the_same_place_is_measured_again() -> None:
    MEASURE._MEMO.clear()
    west = Anchor(place=BORDER, shape=line_through([LatLon(14.0, -7.0), LatLon(16.0, -7.0)]))
    east = Anchor(place=BORDER, shape=line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)]))
    near_west = measure(west, DIABALY)
    near_east = measure(east, DIABALY)
    assert near_west == MEASURE._measure(west, DIABALY)
    assert near_east == MEASURE._measure(east, DIABALY)
    assert round(near_west[0]) != round(near_east[0])
