"""Events in ACLED's columns, as CSV and as GeoJSON features (issue 16).

``extract --format csv --events`` writes one row per event with the columns a coder
of ACLED-style data loads next to their own (:data:`ACLED_COLUMNS`): ``event_date``
(ISO), ``time_precision`` (1 day, 2 week, 3 month), ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``admin1``, ``admin2`` (empty: the
gazetteer has no second-level units), ``location``, ``latitude``, ``longitude``,
``geo_precision`` (1 a named town, 2 near a town, a border or a spot estimated from a stated
offset, whose ``location`` is the town it is measured from, 3 a region or country), ``notes`` (the sentence), ``fatalities`` (empty when the text gives
no number, where ACLED would write 0), ``source`` (the article's title or id). Every
cell goes through :func:`~conflictmap.output.csv.safe_row`: article text is untrusted.

Examples
--------
>>> import datetime as dt
>>> from conflictmap.events import Event, EventType, SubEventType, TimePrecision
>>> from conflictmap.model import Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", kind="city", admin1_name="Gao")
>>> e = Event(start=0, end=20, text="=cmd| jets struck Gao", type=EventType.EXPLOSIONS,
...           sub_type=SubEventType.AIR_DRONE_STRIKE, date=dt.date(2013, 1, 13),
...           time_precision=TimePrecision.DAY, place=gao.id, actor1="French jets")
>>> print(to_acled_csv(Result(id="mali", places=(gao,), events=(e,))).splitlines()[1])
2013-01-13,1,Explosions/Remote violence,Air/drone strike,French jets,,Gao,,Gao,16.27167,-0.04472,1,'=cmd| jets struck Gao,,mali
>>> event_features(Result(id="mali", places=(gao,), events=(e,)))[0]["geometry"]
{'type': 'Point', 'coordinates': [-0.04472, 16.27167]}
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass, fields
from typing import Any

from conflictmap.events import Event
from conflictmap.geo.shapes import geojson_position
from conflictmap.model import PRECISION_NEAR, Place, Result
from conflictmap.output.csv import safe_row
from conflictmap.output.geojson import Feature

__all__ = ["ACLED_COLUMNS", "AcledRow", "acled_rows", "event_features", "to_acled_csv"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledRow:
    """One event in ACLED's columns; field order is the column order."""

    event_date: str
    time_precision: int | str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    admin2: str
    location: str
    latitude: float | str
    longitude: float | str
    geo_precision: int | str
    notes: str
    fatalities: int | str
    source: str


#: ACLED's columns, in order (the fields of :class:`AcledRow`).
ACLED_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(AcledRow))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Where:
    location: str
    admin1: str
    lat: float | None
    lon: float | None
    precision: int | None


def _where(event: Event, places: dict[str, Place]) -> _Where:
    """Where the event is: its place, or its estimate (named after no place)."""
    place = places.get(event.place) if event.place else None
    if event.estimate is not None:
        anchor = places.get(event.anchor) if event.anchor else None
        return _Where(
            location=anchor.name if anchor else "",
            admin1=(anchor.admin1_name or "") if anchor else "",
            lat=event.estimate.lat,
            lon=event.estimate.lon,
            precision=PRECISION_NEAR,
        )
    if place is None:
        return _Where(location="", admin1="", lat=None, lon=None, precision=None)
    return _Where(
        location=place.name,
        admin1=place.admin1_name or "",
        lat=place.lat,
        lon=place.lon,
        precision=place.precision,
    )


def _events(result: Result) -> list[Event]:
    return [e for e in result.events if isinstance(e, Event)]


def acled_rows(result: Result) -> Iterator[AcledRow]:
    """One :class:`AcledRow` per event of ``result``, in text order."""
    places = {p.id: p for p in result.places}
    for event in _events(result):
        where = _where(event, places)
        yield AcledRow(
            event_date=event.date.isoformat() if event.date else "",
            time_precision=int(event.time_precision) if event.time_precision else "",
            event_type=event.type.value,
            sub_event_type=event.sub_type.value,
            actor1=event.actor1 or "",
            actor2=event.actor2 or "",
            admin1=where.admin1,
            admin2="",
            location=where.location,
            latitude="" if where.lat is None else round(where.lat, 5),
            longitude="" if where.lon is None else round(where.lon, 5),
            geo_precision="" if where.precision is None else where.precision,
            notes=" ".join(event.text.split()),
            fatalities="" if event.fatalities is None else event.fatalities,
            source=result.title or result.id or "",
        )


def to_acled_csv(results: Result | Sequence[Result]) -> str:
    """One row per event (per article) with :data:`ACLED_COLUMNS`, header first."""
    items = [results] if isinstance(results, Result) else list(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    for result in items:
        for row in acled_rows(result):
            writer.writerow(safe_row(astuple(row)))
    return buffer.getvalue()


def event_features(result: Result) -> list[Feature]:
    """GeoJSON Point features for the events of ``result`` that have a location.

    Each (id ``<article>/event/<n>``, n counting the article's events from 0) carries
    ``"feature": "event"`` and the event's fields of the JSON contract, with
    ``location`` and ``geo_precision`` as in the CSV.
    """
    places = {p.id: p for p in result.places}
    features: list[Feature] = []
    for number, event in enumerate(_events(result)):
        where = _where(event, places)
        if where.lat is None or where.lon is None:
            continue
        properties: dict[str, Any] = {"feature": "event", "article": result.id}
        properties.update(event.to_dict())
        properties.update(location=where.location, geo_precision=where.precision)
        features.append(
            {
                "type": "Feature",
                "id": f"{result.id or 'article'}/event/{number}",
                "geometry": {
                    "type": "Point",
                    "coordinates": geojson_position(where.lat, where.lon),
                },
                "properties": properties,
            }
        )
    return features
