"""Place dumps (19 columns: ``allCountries``, ``ML.txt``, ``cities500``) into the layer.

A dump row brings its own names (name, ASCII name, alternate names); importing
the row again replaces them, and keeps the names that came from
``alternateNamesV2`` and the admin-code files (flag :data:`~.base.AUX_NAME`).
Rows are checked here and staged for one sorted merge (:mod:`.bulk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conflictmap.store.basebuild.writer import OWN_NAME, keep_alternate
from conflictmap.store.geonames.base import DUMP_COLUMNS, FileReport
from conflictmap.store.geonames.fields import coordinate, geoname_id
from conflictmap.store.geonames.fields import population as population_of
from conflictmap.store.geonames.layer import Layer, name_keys
from conflictmap.store.geonames.reader import Source, chain
from conflictmap.store.kinds import kind_of

__all__ = ["import_dump"]

_OWN = int(OWN_NAME)  # stored as a plain integer


def _row(
    layer: Layer, source: Source, cols: list[str], fclass: str | None, label: str
) -> tuple[tuple[Any, ...], dict[str, int]]:
    """The place row and the name keys (with their flags) of one dump row (checked)."""
    rid = geoname_id(source, cols[0])
    name = cols[1].strip()
    if not name:
        raise source.error("the name column is empty")
    lat = coordinate(source, cols[4], "latitude", 90.0)
    lon = coordinate(source, cols[5], "longitude", 180.0)
    feature = cols[7].strip() or None
    country = cols[8].strip().upper() or None
    admin1 = cols[10].strip() or None
    admin2 = cols[11].strip() or None
    population = population_of(source, cols[14].strip())
    admin1_name = layer.admin1_names.get((country or "", admin1 or "")) if admin1 else None
    kind = kind_of(fclass, feature, population)
    shown = layer.country_name(rid) if kind == "country" else None
    place = (
        rid, f"geonames:{rid}", shown or name, lat, lon, country, fclass, feature,
        kind, admin1, admin1_name, population, "imported", label, admin2,
    )  # fmt: skip
    keys = dict.fromkeys(name_keys(name), _OWN)
    ascii_name = cols[2].strip()
    if ascii_name and ascii_name != name:
        keys.update(dict.fromkeys(name_keys(ascii_name), _OWN))
    for alt in cols[3].split(","):
        if keep_alternate(alt, name):
            for key in name_keys(alt.strip()):
                keys.setdefault(key, 0)
    return place, keys


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
        place, keys = _row(layer, source, cols, fclass, label)
        bulk.add(place, keys)
        n_places += 1
        n_names += len(keys)
    return FileReport(
        file=source.name,
        format="dump",
        rows=n_rows,
        places=n_places,
        names=n_names,
        skipped=skipped,
    )
