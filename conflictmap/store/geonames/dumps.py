"""Place dumps (19 columns: ``allCountries``, ``ML.txt``, ``cities500``) into the layer.

A dump row brings its own names (name, ASCII name, alternate names); importing
the row again replaces them, and keeps the names that came from
``alternateNamesV2`` and the admin-code files (flag :data:`~.base.AUX_NAME`).
Rows are checked here and staged for one sorted merge (:mod:`.bulk`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from conflictmap.store.basebuild.writer import keep_alternate
from conflictmap.store.geonames.base import DUMP_COLUMNS, FileReport
from conflictmap.store.geonames.fields import coordinate, geoname_id
from conflictmap.store.geonames.fields import population as population_of
from conflictmap.store.geonames.layer import Layer, name_keys
from conflictmap.store.geonames.reader import Source, chain
from conflictmap.store.kinds import kind_of
from conflictmap.tuning.imports import IMPORT

__all__ = ["import_dump", "keys_of_row"]


#: kinds of (feature class, feature code, population) seen (:func:`kind_of` is pure)
_KINDS: dict[tuple[str | None, str | None, int], str] = {}


def _kind(fclass: str | None, feature: str | None, population: int) -> str:
    key = (fclass, feature, population)
    kind = _KINDS.get(key)
    if kind is None:
        kind = kind_of(fclass, feature, population)
        if len(_KINDS) >= IMPORT.name_cache:
            _KINDS.clear()
        _KINDS[key] = kind
    return kind


def _id(source: Source, text: str) -> int:
    """The row's geonameid: the usual value checked inline, anything else by
    :mod:`.fields` (which gives the same value, or the error)."""
    if text.isdigit() and len(text) <= 18 and text.isascii() and text[0] != "0":
        return int(text)
    return geoname_id(source, text)


def _numbers(source: Source, cols: list[str]) -> tuple[float, float, int]:
    """Latitude, longitude and population of a row, checked as :func:`_id` is."""
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        lat = lon = math.nan
    if not -90.0 <= lat <= 90.0:
        lat = coordinate(source, cols[4], "latitude", 90.0)
    if not -180.0 <= lon <= 180.0:
        lon = coordinate(source, cols[5], "longitude", 180.0)
    text = cols[14]
    if text.isdigit() and len(text) <= 9 and text.isascii():
        population = int(text)
    else:
        population = population_of(source, text.strip())
    return lat, lon, population


def keys_of_row(name: str, ascii_name: str, alternates: str) -> tuple[list[str], list[str]]:
    """The own name keys (name and ASCII name) and the other keys (alternate names)."""
    own = name_keys(name)
    if ascii_name and ascii_name != name:
        more = [k for k in name_keys(ascii_name) if k not in own]
        own = (*own, *more) if more else own
    alt: list[str] = []
    if alternates:
        for other in alternates.split(","):
            if keep_alternate(other, name):
                for key in name_keys(other.strip()):
                    if key not in own and key not in alt:
                        alt.append(key)
    return list(own), alt


def _row(
    layer: Layer, source: Source, cols: list[str], fclass: str | None, label: str, *, keys: bool
) -> tuple[tuple[Any, ...], list[str], list[str]]:
    """The place row, its own name keys and its other keys, of one dump row (checked;
    no keys unless ``keys``: a :class:`~.worker.Worker` stages them)."""
    rid = _id(source, cols[0])
    name = cols[1].strip()
    if not name:
        raise source.error("the name column is empty")
    lat, lon, population = _numbers(source, cols)
    feature = cols[7].strip() or None
    country = cols[8].strip().upper() or None
    admin1 = cols[10].strip() or None
    admin2 = cols[11].strip() or None
    admin1_name = layer.admin1_names.get((country or "", admin1)) if admin1 else None
    kind = _kind(fclass, feature, population)
    shown = layer.country_name(rid) if kind == "country" else None
    place = (
        rid, f"geonames:{rid}", shown or name, lat, lon, country, fclass, feature,
        kind, admin1, admin1_name, population, "imported", label, admin2,
    )  # fmt: skip
    if not keys:
        return place, [], []
    own, alt = keys_of_row(name, cols[2].strip(), cols[3])
    return place, own, alt


def import_dump(
    layer: Layer,
    source: Source,
    first: list[str],
    rows: Iterator[list[str]],
    *,
    classes: frozenset[str] | None,
) -> FileReport:
    """Stage every row of a place dump (of feature ``classes`` only, when given).

    The rows reach the layer when the transaction merges the staged dumps
    (:meth:`~.bulk.BulkLoad.merge`).
    """
    bulk = layer.bulk
    if bulk is None:
        raise RuntimeError("the layer has no staging file attached")
    keys = bulk.worker is None
    label = f"GeoNames {source.path.name}"
    n_rows = n_places = n_names = skipped = 0
    for cols in chain(first, rows):
        n_rows += 1
        if len(cols) != DUMP_COLUMNS:
            raise source.error(f"{len(cols)} columns, a GeoNames dump row has {DUMP_COLUMNS}")
        fclass = cols[6].strip() or None
        if classes is not None and (fclass or "") not in classes:
            skipped += 1
            continue
        place, own, alt = _row(layer, source, cols, fclass, label, keys=keys)
        bulk.add(place, own, alt)
        n_places += 1
        n_names += len(own) + len(alt)
    return FileReport(
        file=source.name,
        format="dump",
        rows=n_rows,
        places=n_places,
        names=n_names,
        skipped=skipped,
    )
