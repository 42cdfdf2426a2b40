"""One import call as one transaction on a private copy of ``imported.sqlite``.

The previous layer is copied to a temporary file, every file of the call is
applied there inside a single SQLite transaction, and the result is renamed over
``imported.sqlite`` only when complete. An exception, Ctrl-C or a killed process
leaves the previous layer as it was (a stale temporary file is removed by the
next import).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from conflictmap.errors import GazetteerCorruptError, GazetteerError, ImportFormatError
from conflictmap.paths import BASE_DB, IMPORTED_DB, resolve_home
from conflictmap.store.geonames.base import (
    IMPORT_SCHEMA_VERSION,
    FileReport,
    ImportReport,
    ProgressFn,
)
from conflictmap.store.geonames.bulk import (
    LOAD_ROWS,
    NAMES_RID,
    SORTED_DONE,
    SORTED_NAMES,
    BulkLoad,
)
from conflictmap.store.geonames.dumps import import_dump
from conflictmap.store.geonames.layer import EXTRA_SCHEMA, Layer
from conflictmap.store.geonames.names import import_admin, import_alternate_names
from conflictmap.store.geonames.reader import check_regular, first_row, lines, open_source, sniff
from conflictmap.store.geonames.worker import RESULT_TABLE, FileCount, Worker
from conflictmap.store.schema import LAYER_SCHEMA
from conflictmap.tuning.imports import IMPORT

__all__ = ["import_files"]

#: the order files are applied in: places before the names that refer to them
_ORDER = {"dump": 0, "admin1": 1, "admin2": 2, "alternate_names": 3}


def _import_one(
    layer: Layer,
    path: Path,
    fmt: str,
    *,
    classes: frozenset[str] | None,
    progress: ProgressFn | None,
) -> FileReport:
    """Import ``path``, whose format :func:`~.reader.sniff` found to be ``fmt``."""
    with open_source(path) as source:
        rows = lines(source, progress)
        first, found = first_row(path, source, rows)
        if found != fmt:
            raise ImportFormatError(f"{source.label}: the file changed during the import")
        if fmt == "dump":
            report = import_dump(layer, source, first, rows, classes=classes)
        elif fmt == "alternate_names":
            report = import_alternate_names(layer, source, first, rows)
        else:
            report = import_admin(layer, source, first, rows, fmt)
        if progress is not None:
            progress(path.name, source.total, source.total)
        return replace(report, size=path.stat().st_size)


@contextlib.contextmanager
def _import_lock(home: Path) -> Iterator[None]:
    """One import at a time per home (an advisory lock, released if the process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    with (home / ".imported.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise GazetteerError(
                f"another import into {home} is running; try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - e.g. directories on some file systems
        pass
    finally:
        os.close(fd)


def _check_paths(files: list[Path]) -> None:
    if not files:
        raise ImportFormatError("no files to import")
    for path in files:
        check_regular(path, path.stat().st_mode)


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    home: str | os.PathLike[str] | None = None,
    classes: str | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import GeoNames files into ``home/imported.sqlite`` in one transaction.

    Parameters
    ----------
    paths : iterable of paths
        Place dumps (``allCountries``, ``ML``, ``cities500``; ``.txt`` or ``.zip``),
        ``alternateNamesV2``, ``admin1CodesASCII.txt``, ``admin2Codes.txt``. Place
        dumps are applied first, alternate names last, whatever the order given.
    home : path, optional
        The conflictmap home (default ``$CONFLICTMAP_HOME``).
    classes : str, optional
        Only place-dump rows of these GeoNames feature classes, e.g. ``"PA"``
        (populated places and administrative areas). Default: every class.
    progress : callable, optional
        Called as ``progress(stage, done, total)``; while reading a file, ``stage``
        is its name and ``done``/``total`` count bytes.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportFormatError
        A file is not a GeoNames table, a zip file is corrupt, a row has the wrong
        number of columns or a bad value, or the bytes are not UTF-8. The previous
        imported layer is left untouched.
    GazetteerError
        Another import into the same home is running.
    """
    started = time.perf_counter()
    files = [Path(p) for p in paths]
    _check_paths(files)
    wanted = frozenset(classes.upper()) if classes else None
    home_path = resolve_home(home)
    home_path.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda stage, done, total: None)
    # The format of each file decides the order: places before the names that refer to them.
    formats = [sniff(path) for path in files]
    ordered = sorted(zip(files, formats, strict=True), key=lambda item: _ORDER[item[1]])
    target = home_path / IMPORTED_DB
    with _import_lock(home_path):
        for stale in home_path.glob(f".{IMPORTED_DB}.*.tmp"):
            stale.unlink(missing_ok=True)
        tmp = home_path / f".{IMPORTED_DB}.{os.getpid()}.tmp"
        try:
            if target.exists():
                _set_aside_if_damaged(target)
                report("copying the previous imported layer", 0, 0)
                shutil.copyfile(target, tmp)
            result = _write(tmp, home_path, ordered, classes=wanted, progress=progress)
            report("committing", 0, 0)
            _fsync(tmp)
            os.replace(tmp, target)
            _fsync(home_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return replace(result, path=target, seconds=time.perf_counter() - started)


def _set_aside_if_damaged(target: Path) -> None:
    """Keep a damaged imported layer aside (never overwrite it) and say what to do."""
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    if verdict == "ok":
        return
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = target.with_name(f"{target.name}.corrupt-{stamp}")
    os.replace(target, aside)
    raise GazetteerCorruptError(
        f"{target} was damaged ({verdict}); it is kept as {aside.name}: "
        "import your GeoNames files again to rebuild the imported layer"
    )


def _load_path(tmp: Path) -> Path:
    """The staging file of the temporary layer ``tmp`` (removed with it)."""
    return tmp.with_name(tmp.name.removesuffix(".tmp") + ".load.tmp")


def _open_layer(tmp: Path, home: Path) -> tuple[sqlite3.Connection, bool]:
    """The temporary layer opened for the load, with the base attached when there is one
    and the staging file of :mod:`.bulk` attached as ``load``."""
    conn = sqlite3.connect(tmp, isolation_level=None)
    _load_path(tmp).unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS load", (str(_load_path(tmp)),))
    # The files are private until the rename: no journal is needed for safety.
    for schema in ("main", "load"):
        conn.execute(f"PRAGMA {schema}.journal_mode=OFF")
        conn.execute(f"PRAGMA {schema}.synchronous=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA temp_store=FILE")
    # sorting the names and building the indexes on a second core when there is one
    conn.execute(f"PRAGMA threads={IMPORT.sort_threads}")
    base = home / BASE_DB
    has_base = base.exists()
    if has_base:
        conn.execute("ATTACH DATABASE ? AS base", (f"file:{base}?mode=ro",))
    # names_rid is left out: only an import that replaces rows needs it (:mod:`.bulk`)
    conn.executescript(LAYER_SCHEMA.replace(NAMES_RID + ";", "") + EXTRA_SCHEMA)
    if not any(row[1] == "admin2" for row in conn.execute("PRAGMA table_info(places)")):
        # a layer imported before districts were stored: its rows' districts stay
        # unknown until their dumps are imported again
        conn.execute("ALTER TABLE places ADD COLUMN admin2 TEXT")
    return conn, has_base


def _write_meta(conn: sqlite3.Connection, reports: list[FileReport], now: str) -> tuple[int, int]:
    """The layer's metadata (with every file imported so far); returns places, names."""
    places = int(conn.execute("SELECT COUNT(*) FROM places").fetchone()[0])
    names = int(conn.execute("SELECT COUNT(*) FROM names").fetchone()[0])
    previous = dict(conn.execute("SELECT key, value FROM meta"))
    history = {entry["file"]: entry for entry in json.loads(previous.get("files", "[]"))}
    for file_report in reports:
        history[file_report.file] = file_report.to_dict()
    meta = {
        "layer": "imported",
        "schema_version": str(IMPORT_SCHEMA_VERSION),
        "updated_at": now,
        "files": json.dumps(list(history.values()), ensure_ascii=False),
        "places": str(places),
        "names": str(names),
        "credits": "GeoNames (geonames.org), CC BY 4.0",
        "complete": "1",
    }
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
    return places, names


def _start_worker(
    conn: sqlite3.Connection, tmp: Path, dumps: list[Path], classes: frozenset[str] | None
) -> Worker | None:
    """The process staging the dumps' name keys, when they are big enough to gain by it."""
    size = sum(path.stat().st_size for path in dumps)
    if size < IMPORT.worker_min_bytes or (os.cpu_count() or 1) < 2:
        return None
    conn.execute(LOAD_ROWS)
    conn.execute(RESULT_TABLE)
    conn.execute(SORTED_DONE)
    # into a layer with no place yet, the child also sorts the names it staged
    fresh = bool(
        conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM places) AND NOT EXISTS (SELECT 1 FROM names)"
        ).fetchone()[0]
    )
    if fresh:
        conn.execute(SORTED_NAMES)
    return Worker(_load_path(tmp), dumps, classes, seq=0, presort=fresh)


def _checked(
    reports: list[FileReport], ids: list[int], counted: list[FileCount]
) -> list[FileReport]:
    """The dumps' reports with the names the worker staged, if it staged the same rows."""
    out = list(reports)
    for index, count in enumerate(counted):
        report = out[index]
        if (count.rows, count.ids) != (report.places, ids[index]):
            raise ImportFormatError(f"{report.file}: the file changed during the import")
        out[index] = replace(report, names=count.names)
    return out


def _write(
    tmp: Path,
    home: Path,
    ordered: Sequence[tuple[Path, str]],
    *,
    classes: frozenset[str] | None,
    progress: ProgressFn | None,
) -> ImportReport:
    conn: sqlite3.Connection | None = None
    worker: Worker | None = None
    try:
        conn, has_base = _open_layer(tmp, home)
        worker = _start_worker(conn, tmp, [p for p, fmt in ordered if fmt == "dump"], classes)
        conn.execute("BEGIN")
        layer = Layer(conn, has_base=has_base)
        layer.bulk = bulk = BulkLoad(conn, layer.existing, worker)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        reports, ids = [], []
        for path, fmt in ordered:
            if fmt != "dump":  # the names of the other tables refer to the places
                bulk.merge(progress)
            before = bulk.ids
            file_report = _import_one(layer, path, fmt, classes=classes, progress=progress)
            reports.append(replace(file_report, imported_at=now))
            ids.append(bulk.ids - before)
        bulk.merge(progress)
        reports = _checked(reports, ids, bulk.counted)
        places, names = _write_meta(conn, reports, now)
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        raise GazetteerError(f"{tmp}: {error}") from error
    finally:
        if worker is not None:
            worker.stop()
        if conn is not None:
            conn.close()
        _load_path(tmp).unlink(missing_ok=True)
    return ImportReport(path=tmp, files=tuple(reports), places=places, names=names)
