"""Place dumps (19 columns: ``allCountries``, ``ML.txt``, ``cities500``) into the layer.

A dump row brings its own names (name, ASCII name, alternate names); importing
the row again replaces them, and keeps the names that came from
``alternateNamesV2`` and the admin-code files (flag :data:`~.base.AUX_NAME`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conflictmap.store.basebuild.writer import OWN_NAME, keep_alternate
from conflictmap.store.geonames.base import AUX_NAME, DUMP_COLUMNS, FileReport
from conflictmap.store.geonames.fields import coordinate, geoname_id
from conflictmap.store.geonames.fields import population as population_of
from conflictmap.store.geonames.layer import PLACE_SQL, Layer
from conflictmap.store.geonames.reader import Source, chain
from conflictmap.store.kinds import kind_of

__all__ = ["import_dump"]

_BATCH = 5000

Names = list[tuple[int, str, int]]


class _Batch:
    """Dump rows waiting to be written, and what was written so far."""

    def __init__(self, layer: Layer) -> None:
        self.layer = layer
        self.places: list[tuple[Any, ...]] = []
        self.names: Names = []
        self.n_places = 0
        self.n_names = 0

    def add(self, place: tuple[Any, ...], names: Names) -> None:
        self.places.append(place)
        self.names += names
        self.n_places += 1
        if len(self.places) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.places:
            return
        conn = self.layer.conn
        old = self.layer.existing(p[0] for p in self.places)
        if old:
            # The dump row defines its own names: drop the ones an earlier import of
            # this row wrote, keep those from alternateNames and admin-code files.
            conn.executemany(
                f"DELETE FROM names WHERE rid = ? AND (flags & {AUX_NAME}) = 0",
                ((rid,) for rid in old),
            )
            conn.executemany(
                f"UPDATE names SET flags = {AUX_NAME} WHERE rid = ? AND flags <> {AUX_NAME}",
                ((rid,) for rid in old),
            )
        conn.executemany(PLACE_SQL, self.places)
        self.n_names += self.layer.add_names(self.names)
        self.places.clear()
        self.names.clear()


def _row(
    layer: Layer, source: Source, cols: list[str], fclass: str | None
) -> tuple[tuple[Any, ...], Names]:
    """The place row and the names of one dump row (checked)."""
    rid = geoname_id(source, cols[0])
    name = cols[1].strip()
    if not name:
        raise source.error("the name column is empty")
    lat = coordinate(source, cols[4], "latitude", 90.0)
    lon = coordinate(source, cols[5], "longitude", 180.0)
    feature = cols[7].strip() or None
    country = cols[8].strip().upper() or None
    admin1 = cols[10].strip() or None
    population = population_of(source, cols[14].strip())
    admin1_name = layer.admin1_names.get((country or "", admin1 or "")) if admin1 else None
    kind = kind_of(fclass, feature, population)
    shown = layer.country_name(rid) if kind == "country" else None
    place = (
        rid, f"geonames:{rid}", shown or name, lat, lon, country, fclass, feature,
        kind, admin1, admin1_name, population, "imported", f"GeoNames {source.path.name}",
    )  # fmt: skip
    names = [(rid, name, int(OWN_NAME))]
    ascii_name = cols[2].strip()
    if ascii_name and ascii_name != name:
        names.append((rid, ascii_name, int(OWN_NAME)))
    names += [(rid, alt.strip(), 0) for alt in cols[3].split(",") if keep_alternate(alt, name)]
    return place, names


def import_dump(
    layer: Layer,
    source: Source,
    first: list[str],
    rows: Iterator[list[str]],
    *,
    classes: frozenset[str] | None,
) -> FileReport:
    """Write every row of a place dump (of feature ``classes`` only, when given)."""
    batch = _Batch(layer)
    n_rows = skipped = 0
    for cols in chain(first, rows):
        n_rows += 1
        if len(cols) != DUMP_COLUMNS:
            raise source.error(f"{len(cols)} columns, a GeoNames dump row has {DUMP_COLUMNS}")
        fclass = cols[6].strip() or None
        if classes is not None and (fclass or "") not in classes:
            skipped += 1
            continue
        batch.add(*_row(layer, source, cols, fclass))
    batch.flush()
    return FileReport(
        file=source.name,
        format="dump",
        rows=n_rows,
        places=batch.n_places,
        names=batch.n_names,
        skipped=skipped,
    )
