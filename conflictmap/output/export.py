"""Exports: the JSON contract, GeoJSON (RFC 7946) and CSV for conflict-data coders.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", feature="PPL", kind="city")
>>> result = Result(id="a", mentions=(Mention(start=0, end=3, text="Gao", place=gao.id, confidence=0.9),), places=(gao,),
...                 text="Gao fell.")
>>> to_geojson(result)["features"][0]["geometry"]
{'type': 'Point', 'coordinates': [-0.04472, 16.27167]}
>>> print(to_csv(result).splitlines()[1])
Gao,16.27167,-0.04472,ML,,city,1,0.9,1,Gao fell.,geonames:2457163,2457163,PPL,base,a

Article text can hold spreadsheet formulas; CSV cells that a spreadsheet would
evaluate are made inert with a leading apostrophe:

>>> spreadsheet_safe("=1+2"), spreadsheet_safe("Gao"), spreadsheet_safe(-0.5)
("'=1+2", 'Gao', -0.5)
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conflictmap.errors import OutputError
from conflictmap.model import Result

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.tokens import sentence_spans

__all__ = [
    "CSV_COLUMNS",
    "spreadsheet_safe",
    "to_csv",
    "to_geojson",
    "to_json",
]

#: One row per place; names a conflict-data coder recognises (ACLED uses
#: latitude/longitude/geo_precision; we add the evidence).
CSV_COLUMNS = (
    "name",
    "latitude",
    "longitude",
    "country",
    "admin1",
    "kind",
    "geo_precision",
    "confidence",
    "mentions",
    "first_sentence",
    "place_id",
    "geonames_id",
    "feature_code",
    "layer",
    "article_id",
)


def to_json(result: Result, *, indent: int | None = 2) -> str:
    """The JSON output contract as a string."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)


def _first_sentences(result: Result) -> dict[str, str]:
    spans = sentence_spans(result.text) if result.text else []
    out: dict[str, str] = {}
    for mention in result.mentions:
        if mention.place is None or mention.place in out:
            continue
        for start, end in spans:
            if start <= mention.start < end:
                out[mention.place] = result.text[start:end]
                break
    return out


def _best_confidence(result: Result) -> dict[str, float]:
    best: dict[str, float] = {}
    for m in result.mentions:
        if m.place is not None:
            best[m.place] = max(best.get(m.place, 0.0), m.confidence)
    return best


def csv_rows(result: Result) -> Iterable[dict[str, Any]]:
    counts = result.mention_counts()
    sentences = _first_sentences(result)
    confidence = _best_confidence(result)
    for place in result.places:
        yield {
            "name": place.name,
            "latitude": round(place.lat, 5),
            "longitude": round(place.lon, 5),
            "country": place.country or "",
            "admin1": place.admin1_name or "",
            "kind": place.kind,
            "geo_precision": place.precision,
            "confidence": round(confidence.get(place.id, 0.0), 3),
            "mentions": counts.get(place.id, 0),
            "first_sentence": " ".join(sentences.get(place.id, "").split()),
            "place_id": place.id,
            "geonames_id": place.geonames_id or "",
            "feature_code": place.feature or "",
            "layer": place.layer,
            "article_id": result.id or "",
        }


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that spreadsheets will not run as a formula (numbers pass through)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(results: Result | Sequence[Result]) -> str:
    """One row per place (per article) with :data:`CSV_COLUMNS`.

    Text cells are passed through :func:`spreadsheet_safe`.
    """
    items = [results] if isinstance(results, Result) else list(results)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in items:
        for row in csv_rows(result):
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def to_geojson(
    results: Result | Sequence[Result], *, gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """A FeatureCollection (RFC 7946: ``[lon, lat]``) of places, statements and estimates.

    One feature per place (a Point; a shared border is its LineString when a
    ``gazetteer`` that has it is given) with the place's facts, confidence,
    mention count and whether the user corrected it; one feature per statement
    (the anchor-to-subject LineString, else the estimated Point, else no geometry)
    with what was stated, measured and judged.
    """
    items = [results] if isinstance(results, Result) else list(results)
    features: list[dict[str, Any]] = []
    for result in items:
        counts = result.mention_counts()
        confidence = _best_confidence(result)
        places = result.place_by_id
        corrected = {m.place for m in result.mentions if m.reason == "correction"}
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
            features.append(
                {
                    "type": "Feature",
                    "id": f"{result.id or 'article'}/{place.id}",
                    "geometry": _border_line(place.id, gazetteer)
                    or {
                        "type": "Point",
                        "coordinates": [round(place.lon, 6), round(place.lat, 6)],
                    },
                    "properties": properties,
                }
            )
        for index, statement in enumerate(result.statements):
            properties = {
                **statement.to_dict(),
                "article_id": result.id,
                "feature_type": "statement",
            }
            anchor = places.get(statement.anchor or "")
            subject = places.get(statement.subject or "")
            geometry: dict[str, Any] | None = None
            if anchor is not None and subject is not None:
                geometry = {
                    "type": "LineString",
                    "coordinates": [
                        [round(anchor.lon, 6), round(anchor.lat, 6)],
                        [round(subject.lon, 6), round(subject.lat, 6)],
                    ],
                }
            elif statement.estimate is not None:
                geometry = {
                    "type": "Point",
                    "coordinates": [
                        round(statement.estimate.lon, 6),
                        round(statement.estimate.lat, 6),
                    ],
                }
            features.append(
                {
                    "type": "Feature",
                    "id": f"{result.id or 'article'}/statement/{index}",
                    "geometry": geometry,
                    "properties": properties,
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _border_line(place_id: str, gazetteer: Gazetteer | None) -> dict[str, Any] | None:
    """The GeoJSON line of a ``border:AA-BB`` place, if the gazetteer has it."""
    codes = place_id.removeprefix("border:").split("-") if place_id.startswith("border:") else []
    if gazetteer is None or len(codes) != 2:
        return None
    line = gazetteer.border(codes[0], codes[1])
    if line is None or line.is_empty:
        return None
    from shapely.geometry import mapping

    geo = mapping(line)  # shapely is (lon, lat): already GeoJSON's order

    def rounded(coords: Any) -> Any:
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), 6) for c in coords]
        return [rounded(c) for c in coords]

    return {"type": geo["type"], "coordinates": rounded(geo["coordinates"])}
