"""Every number of ``tuning/statements.py`` is live: changing it changes what the stage says.

Each field has a probe (a small statement judged or parsed with a given tuning) and
a changed value; the probe must answer differently. A new field without a probe,
or a field the code stopped reading, fails here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import replace

import pytest
from geopy.distance import geodesic

from conflictmap.geo.shapes import box_of, line_through
from conflictmap.model import LatLon, Mention, Place, StatementKind
from conflictmap.statements import geometry
from conflictmap.statements.base import Parsed, Quantity
from conflictmap.statements.directions import Compass, parse_direction
from conflictmap.statements.geometry import Anchor, Geometries, extent_km
from conflictmap.statements.judge.bearings import judge_direction
from conflictmap.statements.judge.betweens import between
from conflictmap.statements.judge.distances import judge_distance
from conflictmap.statements.judge.nears import judge_near, near_radius_km, outskirts_radius_km
from conflictmap.statements.judge.parts import part_of, verdict_from_shares
from conflictmap.statements.judge.ranges import distance_range
from conflictmap.statements.parse import parse
from conflictmap.statements.parse.pieces import pieces
from conflictmap.statements.units import Unit
from conflictmap.tuning.statements import DEFAULT, ExtentTuning, StatementsTuning

T = StatementsTuning
ORIGIN = Place(id="t:o", name="Origin", lat=14.0, lon=-4.0, kind="village")


def _at(km: float, bearing: float, origin: Place = ORIGIN, kind: str = "village") -> Place:
    p = geodesic(kilometers=km).destination((origin.lat, origin.lon), bearing)
    return Place(id=f"t:{km}-{bearing}", name="P", lat=p.latitude, lon=p.longitude, kind=kind)


def _q(value: float, hedge: str | None = None, *, step: float = 1.0) -> Quantity:
    return Quantity(value_km=value, unit=Unit.KM, text="x", hedge=hedge, step_km=step)


def _item(kind: StatementKind, **fields: object) -> Parsed:
    return Parsed(kind=kind, start=0, end=1, anchor=0, anchor2=1, **fields)


def _parsed(text: str, names: tuple[str, ...], t: T) -> tuple[Parsed, ...]:
    mentions = [Mention(start=text.index(n), end=text.index(n) + len(n), text=n, place=f"t:{n}")
                for n in names]  # fmt: skip
    return parse(text, mentions, tuning=t)


def _between_verdict(kind: StatementKind, detour: float, t: T) -> object:
    east = _at(200.0, 90.0)
    mid = _at(100.0, 90.0)
    half = (detour * 200.0 + 4.0) / 2
    subject = _at(math.sqrt(half**2 - 100.0**2), 0.0, origin=mid)
    return between(_item(kind), subject, Anchor(place=ORIGIN), Anchor(place=east), t).verdict


def _region_verdict(km: float, bearing: float, t: T) -> object:
    region = Place(id="t:r", name="R", lat=14.0, lon=-4.0, kind="region")
    parsed = _item(StatementKind.PART_OF, direction=parse_direction("northern"), cue="northern")
    return part_of(parsed, _at(km, bearing, origin=region), Anchor(place=region), t).verdict


class _Borders:
    """A stand-in gazetteer with one border line per pair and no measured sizes."""

    def border(self, a: str, b: str) -> object:
        return line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)])

    border_outline = border  # what the statements measure (shapely's line here)

    def border_length_km(self, a: str, b: str) -> None:
        return None


def _sizes_kept(t: T) -> int:
    geometry._SIZES.clear()
    shapes = Geometries(_Borders(), tuning=t)
    for codes in ("AA-BB", "AA-CC", "AA-DD"):
        shapes.anchor(Place(id=f"border:{codes}", name=codes, lat=0, lon=0, kind="border"))
    return len(geometry._SIZES)


_NEAR = _item(StatementKind.NEAR, cue="near")
_COUNTRY = Place(id="t:k", name="K", lat=15.0, lon=0.0, kind="country")
_BORDER = Place(id="border:AA-BB", name="b", lat=15.0, lon=-5.0, kind="border")
_LINE = line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)])


def _place(kind: str, population: int = 0) -> Place:
    return Place(id=f"t:{kind}", name=kind, lat=0.0, lon=0.0, kind=kind, population=population)


#: field -> (changed value, probe)
PROBES: dict[str, tuple[object, Callable[[T], object]]] = {
    "exact_margin": (0.1, lambda t: distance_range(_q(100), t).high),
    "about_margin": (0.2, lambda t: distance_range(_q(100, "about"), t).high),
    "rounding_tolerance": (0.25, lambda t: distance_range(_q(400, step=100), t).high),
    "more_than_factor": (2.0, lambda t: distance_range(_q(100, "more than"), t).high),
    "approximate_widening": (1.5, lambda t: judge_distance(_q(100), 109.0, 0.0, "m", t)[0]),
    "road_factor": (1.2, lambda t: judge_distance(_q(100), 70.0, 0.0, "m", t)[0]),
    "approximate_arc_deg": (5.0, lambda t: judge_direction(parse_direction("N"), 30.0, 100.0, 0.0, t)[0]),
    "near_base_km": (5.0, lambda t: near_radius_km(Anchor(place=ORIGIN), t)),
    "near_extent_factor": (1.0, lambda t: near_radius_km(Anchor(place=ORIGIN), t)),
    "near_area_share": (0.3, lambda t: near_radius_km(
        Anchor(place=_COUNTRY, shape=box_of(south=10, west=-5, north=20, east=5), area_km2=1.2e6), t)),
    "near_area_min_km": (10.0, lambda t: near_radius_km(
        Anchor(place=_COUNTRY, shape=box_of(south=14, west=0, north=15, east=1), area_km2=1e4), t)),
    "outskirts_km": (5.0, lambda t: outskirts_radius_km(ORIGIN, t)),
    "near_approximate_factor": (1.5, lambda t: judge_near(_NEAR, Anchor(place=ORIGIN), 30.0, "m", t)[0]),
    "along_border_km": (20.0, lambda t: near_radius_km(Anchor(place=_BORDER, shape=_LINE), t)),
    "between_spot_max_km": (400.0, lambda t: between(
        _item(StatementKind.BETWEEN), None, Anchor(place=ORIGIN), Anchor(place=_at(300, 90)), t
    ).estimate is None),
    "road_spot_max_radius_km": (150.0, lambda t: between(
        _item(StatementKind.ROAD_BETWEEN, cue="road"), None, Anchor(place=ORIGIN),
        Anchor(place=_at(200, 90)), t
    ).estimate is None),
    "between_consistent_detour": (1.3, lambda t: _between_verdict(StatementKind.BETWEEN, 1.25, t)),
    "between_approximate_detour": (1.2, lambda t: _between_verdict(StatementKind.BETWEEN, 1.25, t)),
    "road_between_consistent_detour": (1.2, lambda t: _between_verdict(StatementKind.ROAD_BETWEEN, 1.25, t)),
    "road_between_approximate_detour": (1.4, lambda t: _between_verdict(StatementKind.ROAD_BETWEEN, 1.5, t)),
    "halfway_share": (0.1, lambda t: between(_item(StatementKind.BETWEEN, cue="halfway"), None,
        Anchor(place=ORIGIN), Anchor(place=_at(200, 90)), t).estimate),
    "halfway_approximate_share": (0.25, lambda t: between(_item(StatementKind.BETWEEN, cue="halfway"),
        _at(70, 90), Anchor(place=ORIGIN), Anchor(place=_at(200, 90)), t).verdict),
    "side_share": (0.3, lambda t: verdict_from_shares(Compass.N, south=0.35, west=0.5, tuning=t)),
    "side_approximate_share": (0.15, lambda t: verdict_from_shares(Compass.N, south=0.2, west=0.5, tuning=t)),
    "centre_offset": (0.2, lambda t: verdict_from_shares(Compass.CENTRE, south=0.25, west=0.5, tuning=t)),
    "centre_approximate_offset": (0.3, lambda t: verdict_from_shares(Compass.CENTRE, south=0.15, west=0.5, tuning=t)),
    "region_bearing_deg": (85.0, lambda t: _region_verdict(100.0, 80.0, t)),
    "region_approximate_bearing_deg": (110.0, lambda t: _region_verdict(100.0, 100.0, t)),
    "region_centre_share": (0.25, lambda t: _region_verdict(15.0, 180.0, t)),
    "a_few": ((3.0, 4.0), lambda t: _parsed("Shots a few km from Gao.", ("Gao",), t)[0].distance),
    "several": ((4.0, 8.0), lambda t: _parsed("Shots several km from Gao.", ("Gao",), t)[0].distance),
    "a_couple_of": ((1.0, 2.0), lambda t: _parsed("Shots a couple of km from Gao.", ("Gao",), t)[0].distance),
    "subject_gap_chars": (10, lambda t: _parsed(
        "They took Kona, a dusty market town, 50 km from Gao.", ("Kona", "Gao"), t)[0].subject),
    "descriptor_words": (1, lambda t: _parsed("Jets flew near the capital Bamako.", ("Bamako",), t)),
    "possessive_words": (1, lambda t: _parsed(
        "Jets flew near Mali's capital, Bamako.", ("Mali", "Bamako"), t)[0].anchor),
    "piece_chars": (20, lambda t: len(pieces("Rain fell near Gao. " * 20, [], least=t.piece_chars))),
    "size_cache_entries": (1, _sizes_kept),
    "extents": (ExtentTuning(town=2.5), lambda t: extent_km(_place("town"), t)),
}  # fmt: skip

#: ExtentTuning field -> (changed value, probe)
EXTENT_PROBES: dict[str, tuple[object, Callable[[T], object]]] = {
    **{kind: (7.0, lambda t, kind=kind: extent_km(_place(kind), t))
       for kind in ("capital", "city", "town", "village", "spot", "feature", "district", "region",
                    "country", "continent", "border")},
    "km_per_sqrt_thousand": (0.5, lambda t: extent_km(_place("city", 1_000_000), t)),
}  # fmt: skip


def test_every_field_has_a_probe() -> None:
    assert {f.name for f in dataclasses.fields(StatementsTuning)} == set(PROBES)
    assert {f.name for f in dataclasses.fields(ExtentTuning)} == set(EXTENT_PROBES)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_a_changed_number_changes_the_answer(name: str) -> None:
    value, probe = PROBES[name]
    assert probe(DEFAULT) != probe(replace(DEFAULT, **{name: value}))


@pytest.mark.parametrize("name", sorted(EXTENT_PROBES))
def test_a_changed_extent_changes_the_answer(name: str) -> None:
    value, probe = EXTENT_PROBES[name]
    changed = replace(DEFAULT, extents=replace(DEFAULT.extents, **{name: value}))
    assert probe(DEFAULT) != probe(changed)
