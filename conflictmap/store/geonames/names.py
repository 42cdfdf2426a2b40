"""Name tables into the layer: ``alternateNamesV2`` and the admin-code files.

Their names are added to places a layer holds (a base row is copied into the
imported layer first) and flagged :data:`~.base.AUX_NAME`, so that they survive a
later import of the place's dump row. Region names from ``admin1CodesASCII``
become the ``admin1_name`` of every imported place in the region.
"""

from __future__ import annotations

from collections.abc import Iterator

from conflictmap.store.basebuild.writer import keep_alternate
from conflictmap.store.geonames.base import ADMIN_COLUMNS, ALT_COLUMNS, AUX_NAME, FileReport
from conflictmap.store.geonames.fields import geoname_id
from conflictmap.store.geonames.layer import Layer
from conflictmap.store.geonames.reader import Source, chain

__all__ = ["import_admin", "import_alternate_names"]

_BATCH = 5000

#: alternateNames "languages" that are not names a reporter writes
_NOT_NAMES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "tcid", "abbr", "fr_1793", "phon"}
)

_REGION_NAMES_SQL = (
    "UPDATE places SET admin1_name = (SELECT a.name FROM admin_codes a "
    "WHERE a.code = places.country || '.' || places.admin1) "
    "WHERE admin1 IS NOT NULL AND EXISTS (SELECT 1 FROM admin_codes a "
    "WHERE a.code = places.country || '.' || places.admin1 "
    "AND a.name IS NOT places.admin1_name)"
)


def _count_places(layer: Layer) -> int:
    return int(layer.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0])


def import_alternate_names(
    layer: Layer, source: Source, first: list[str], rows: Iterator[list[str]]
) -> FileReport:
    """Add the names of an ``alternateNamesV2`` (or older ``alternateNames``) table."""
    n_rows = n_names = skipped = 0
    pending: list[tuple[int, str]] = []
    places_before = _count_places(layer)
    note = f"GeoNames {source.path.name}"

    def flush() -> None:
        nonlocal n_names, skipped
        if not pending:
            return
        present = layer.ensure_present({rid for rid, _ in pending}, note)
        kept = [(rid, name, AUX_NAME) for rid, name in pending if rid in present]
        skipped += len(pending) - len(kept)
        n_names += layer.add_names(kept)
        pending.clear()

    for cols in chain(first, rows):
        n_rows += 1
        if len(cols) not in ALT_COLUMNS:
            raise source.error(f"{len(cols)} columns, an alternateNamesV2 row has {ALT_COLUMNS[0]}")
        rid = geoname_id(source, cols[1], optional=True)
        name = cols[3].strip()
        if cols[2].strip().lower() in _NOT_NAMES or not keep_alternate(name, ""):
            skipped += 1
            continue
        pending.append((rid, name))
        if len(pending) >= _BATCH * 4:
            flush()
    flush()
    return FileReport(
        file=source.name,
        format="alternate_names",
        rows=n_rows,
        places=_count_places(layer) - places_before,
        names=n_names,
        skipped=skipped,
    )


class _AdminBatch:
    """Admin-code rows waiting to be written, and what was written so far."""

    def __init__(self, layer: Layer, source: Source, fmt: str) -> None:
        self.layer = layer
        self.fmt = fmt
        self.note = f"GeoNames {source.path.name}"
        self.pending: list[tuple[str, str, str, int]] = []
        self.n_names = self.n_places = self.skipped = 0

    def add(self, code: str, name: str, ascii_name: str, rid: int) -> None:
        self.pending.append((code, name, ascii_name, rid))
        if self.fmt == "admin1":
            cc, _, admin1 = code.partition(".")
            self.layer.admin1_names[(cc, admin1)] = name
        if len(self.pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        conn = self.layer.conn
        conn.executemany(
            "INSERT OR REPLACE INTO admin_codes VALUES (?,?,?,?)",
            ((code, name, ascii_name, rid or None) for code, name, ascii_name, rid in self.pending),
        )
        present = self.layer.ensure_present({rid for *_, rid in self.pending if rid}, self.note)
        named = []
        for code, name, ascii_name, rid in self.pending:
            if rid not in present:
                self.skipped += 1
                continue
            self.n_places += 1
            named.append((rid, name, AUX_NAME))
            if ascii_name and ascii_name != name:
                named.append((rid, ascii_name, AUX_NAME))
            if self.fmt == "admin1":
                conn.execute(
                    "UPDATE places SET admin1 = ?, admin1_name = ? WHERE rid = ?",
                    (code.partition(".")[2], name, rid),
                )
        self.n_names += self.layer.add_names(named)
        self.pending.clear()


def import_admin(
    layer: Layer, source: Source, first: list[str], rows: Iterator[list[str]], fmt: str
) -> FileReport:
    """Write an ``admin1CodesASCII`` (``fmt`` ``admin1``) or ``admin2Codes`` table."""
    depth = 2 if fmt == "admin1" else 3
    batch = _AdminBatch(layer, source, fmt)
    n_rows = 0
    for cols in chain(first, rows):
        n_rows += 1
        if len(cols) != ADMIN_COLUMNS:
            raise source.error(f"{len(cols)} columns, an admin-codes row has {ADMIN_COLUMNS}")
        code, name = cols[0].strip(), cols[1].strip()
        if code.count(".") != depth - 1 or not name:
            raise source.error(
                f"code {code[:40]!r} is not an {fmt} code (like {'ML.05' if depth == 2 else 'ML.05.123'})"
            )
        rid = geoname_id(source, cols[3].strip(), optional=True)
        batch.add(code, name, cols[2].strip(), rid)
    batch.flush()
    if fmt == "admin1":
        # Region names become the admin1_name of every imported place in the region.
        layer.conn.execute(_REGION_NAMES_SQL)
    return FileReport(
        file=source.name,
        format=fmt,
        rows=n_rows,
        places=batch.n_places,
        names=batch.n_names,
        skipped=batch.skipped,
    )
