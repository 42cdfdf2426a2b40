"""GeoJSON (RFC 7946: ``[lon, lat]``) of places, statements and estimated spots.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", feature="PPL", kind="city")
>>> result = Result(id="a", places=(gao,), text="Gao fell.",
...                 mentions=(Mention(start=0, end=3, text="Gao", place=gao.id, confidence=0.9),))
>>> feature = to_geojson(result)["features"][0]
>>> feature["id"], feature["geometry"]
('a/geonames:2457163', {'type': 'Point', 'coordinates': [-0.04472, 16.27167]})
>>> feature["properties"]["feature_type"], feature["properties"]["confidence"]
('place', 0.9)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from conflictmap.geo.antimeridian import cut_line, cut_path
from conflictmap.geo.shapes import GeoJSONGeometry, geojson_geometry, geojson_position
from conflictmap.model import LatLon, Place, Result, Statement
from conflictmap.output.facts import best_confidence, corrected_ids

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["DIGITS", "Feature", "FeatureCollection", "to_geojson"]

#: Decimal places of exported coordinates (0.000001° is about 10 cm).
DIGITS = 6


class Feature(TypedDict):
    """A GeoJSON Feature (``geometry`` is ``None`` for a statement nothing locates)."""

    type: str
    id: str
    geometry: GeoJSONGeometry | None
    properties: dict[str, Any]


class FeatureCollection(TypedDict):
    """A GeoJSON FeatureCollection."""

    type: str
    features: list[Feature]


def to_geojson(
    results: Result | Sequence[Result], *, gazetteer: Gazetteer | None = None
) -> FeatureCollection:
    """A FeatureCollection (RFC 7946: ``[lon, lat]``) of places, statements and estimates.

    One feature per place (a Point; a shared border is its LineString when a
    ``gazetteer`` that has it is given) with the place's facts, confidence,
    mention count and whether the user corrected it; one feature per statement
    (the anchor-to-subject LineString, else the estimated Point, else no geometry)
    with what was stated, measured and judged. Lines that cross the antimeridian
    are cut there into a MultiLineString (RFC 7946 §3.1.9).

    Parameters
    ----------
    results : Result or sequence of Result
        One article or several (each feature carries its ``article_id``).
    gazetteer : Gazetteer, optional
        Supplies the lines of shared borders.
    """
    items = [results] if isinstance(results, Result) else list(results)
    features: list[Feature] = []
    for result in items:
        features += _place_features(result, gazetteer)
        places = result.place_by_id
        features += [
            _statement_feature(result, index, statement, places)
            for index, statement in enumerate(result.statements)
        ]
    return {"type": "FeatureCollection", "features": features}


def _place_features(result: Result, gazetteer: Gazetteer | None) -> list[Feature]:
    counts = result.mention_counts()
    confidence = best_confidence(result)
    corrected = corrected_ids(result)
    out: list[Feature] = []
    for place in result.places:
        properties = {
            "id": place.id,
            **place.to_dict(counts.get(place.id, 0)),
            "confidence": round(confidence.get(place.id, 0.0), 3),
            "corrected": place.id in corrected or place.corrected,
            "article_id": result.id,
            "feature_type": "place",
        }
        properties.pop("lat")
        properties.pop("lon")
        out.append(
            {
                "type": "Feature",
                "id": f"{result.id or 'article'}/{place.id}",
                "geometry": _border_line(place.id, gazetteer) or _point(place.lat, place.lon),
                "properties": properties,
            }
        )
    return out


def _statement_feature(
    result: Result, index: int, statement: Statement, places: Mapping[str, Place]
) -> Feature:
    return {
        "type": "Feature",
        "id": f"{result.id or 'article'}/statement/{index}",
        "geometry": _statement_geometry(statement, places),
        "properties": {
            **statement.to_dict(),
            "article_id": result.id,
            "feature_type": "statement",
        },
    }


def _statement_geometry(
    statement: Statement, places: Mapping[str, Place]
) -> GeoJSONGeometry | None:
    """The anchor-to-subject line, else the estimated spot, else nothing."""
    anchor = places.get(statement.anchor or "")
    subject = places.get(statement.subject or "")
    if anchor is not None and subject is not None:
        return _segment(LatLon(anchor.lat, anchor.lon), LatLon(subject.lat, subject.lon))
    if statement.estimate is not None:
        return _point(statement.estimate.lat, statement.estimate.lon)
    return None


def _segment(a: LatLon, b: LatLon) -> GeoJSONGeometry:
    """A LineString from ``a`` to ``b``, or a MultiLineString cut at 180° when the short
    way crosses it (RFC 7946 §3.1.9)."""
    parts = [[geojson_position(p.lat, p.lon, digits=DIGITS) for p in part]
             for part in cut_path([a, b])]  # fmt: skip
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _point(lat: float, lon: float) -> GeoJSONGeometry:
    return {"type": "Point", "coordinates": geojson_position(lat, lon, digits=DIGITS)}


def _border_line(place_id: str, gazetteer: Gazetteer | None) -> GeoJSONGeometry | None:
    """The GeoJSON line of a ``border:AA-BB`` place, if the gazetteer has it."""
    codes = place_id.removeprefix("border:").split("-") if place_id.startswith("border:") else []
    if gazetteer is None or len(codes) != 2:
        return None
    line = gazetteer.border(codes[0], codes[1])
    if line is None or line.is_empty:
        return None
    return geojson_geometry(cut_line(line), digits=DIGITS)
