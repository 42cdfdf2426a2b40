"""Import GeoNames dumps into the imported gazetteer layer (``imported.sqlite``).

Village-level coverage comes from GeoNames' own files, which the user downloads
(or fetches with :mod:`conflictmap.store.download`):

* place dumps in the 19-column format: ``allCountries.zip``/``.txt``, country
  files (``ML.txt``, ``ML.zip``), ``cities500.txt``/``.zip`` and the other
  ``cities*`` files;
* ``alternateNamesV2.zip``/``.txt`` (or a country's ``alternatenames/ML.zip``):
  more names for places the gazetteer already holds;
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt``: region names, which become the
  ``admin1_name`` of imported places (also of places imported later) and names of
  the region entries a layer holds (ADM1/ADM2 rows of a dump, US states). A region
  no layer holds is not added: the codes have no coordinates, and the base already
  has every first-level region as ``admin1:<CC>.<code>``.

A dump row brings its own names (name, ASCII name, alternate names); importing the
row again replaces them. Names from ``alternateNamesV2`` and the admin-code files
are kept when the row is re-imported.

The format of each file is recognised from its first row (19, 10 or 8, or 4
tab-separated columns), so renamed files work too.

How the layer is written:

* **streaming, constant memory**: files are read in 1 MiB chunks and written in
  batches, never loaded whole (``allCountries.txt`` is 1.5 GB);
* **one transaction**: the previous ``imported.sqlite`` is copied to a temporary
  file, every file of one call is applied there inside a single SQLite
  transaction, and the result is renamed over ``imported.sqlite`` only when
  complete. An exception, Ctrl-C or a killed process leaves the previous layer as
  it was (a stale temporary file is removed by the next import);
* **merged by GeoNames id**: every row becomes place ``geonames:<id>`` (row id =
  the GeoNames id), which replaces the base row with the same id when the
  gazetteer is read; a later import of the same id replaces the earlier one
  (a country keeps its bundled short name, "Mali", as the name shown; the dump's
  "Republic of Mali" stays a name it is found by);
* **idempotent**: importing the same file again leaves the same places and names.

Bad input raises :class:`~conflictmap.errors.ImportFormatError` with one line that
names the file and the line.

GeoNames data is licensed CC BY 4.0 (credit: GeoNames, geonames.org).

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> dump = folder / "XX.txt"
>>> _ = dump.write_text("2454857\\tKona\\tKona\\tKonna,Kɔnna\\t14.94329\\t-3.89474\\tP\\tPPL\\t"
...                     "ML\\t\\t04\\t\\t\\t\\t0\\t\\t266\\tAfrica/Bamako\\t2021-03-09\\n",
...                     encoding="utf-8")
>>> report = import_files([dump], home=folder / "home")
>>> report.files[0].format, report.files[0].places, report.places
('dump', 1, 1)
>>> with contextlib.closing(sqlite3.connect(report.path)) as db:
...     db.execute("SELECT pid, kind, admin1_name, layer FROM places").fetchall()
...     sorted(key for key, in db.execute("SELECT key FROM names"))
[('geonames:2454857', 'village', 'Mopti', 'imported')]
['kona', 'konna', 'kɔnna']
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sqlite3
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from conflictmap.errors import GazetteerCorruptError, GazetteerError, ImportFormatError
from conflictmap.paths import BASE_DB, IMPORTED_DB, data_dir, resolve_home
from conflictmap.store.build import OWN_NAME, _keep_alternate
from conflictmap.store.curated import read_tsv
from conflictmap.store.kinds import kind_of
from conflictmap.store.schema import create_layer
from conflictmap.text.folding import fold_variants

__all__ = [
    "AUX_NAME",
    "IMPORT_SCHEMA_VERSION",
    "FileReport",
    "ImportReport",
    "detect_format",
    "import_files",
]

#: flag on a name that came from ``alternateNamesV2`` or an admin-codes file: such
#: names are kept when the place's dump row is imported again
AUX_NAME = 32

#: Bump when the imported layer's layout changes.
IMPORT_SCHEMA_VERSION = 1

ProgressFn = Callable[[str, int, int], None]

#: columns of each recognised format
_DUMP_COLUMNS = 19
_ALT_COLUMNS = (10, 8)  # alternateNamesV2, the older alternateNames
_ADMIN_COLUMNS = 4

#: alternateNames "languages" that are not names a reporter writes
_NOT_NAMES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "tcid", "abbr", "fr_1793", "phon"}
)

_CHUNK = 1 << 20
_MAX_LINE = 16 << 20
_BATCH = 5000
_SQL_VARS = 500
_EXTRA_SCHEMA = """
CREATE TABLE IF NOT EXISTS admin_codes (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    asciiname  TEXT,
    geonameid  INTEGER
);
"""
_PLACE_SQL = "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
_NAME_SQL = (
    "INSERT INTO names(key, rid, flags) VALUES (?,?,?) "
    "ON CONFLICT(key, rid) DO UPDATE SET flags = flags | excluded.flags"
)


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one imported file contributed.

    Attributes
    ----------
    file : str
        The file's name (with the zip member, e.g. ``ML.zip:ML.txt``).
    format : str
        ``dump``, ``alternate_names``, ``admin1`` or ``admin2``.
    rows : int
        Data rows read.
    places : int
        Places written (inserted or replaced).
    names : int
        Name keys written.
    skipped : int
        Rows left out (another feature class, an id no layer holds, not a name).
    """

    file: str
    format: str
    rows: int = 0
    places: int = 0
    names: int = 0
    skipped: int = 0
    size: int = 0
    imported_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "rows": self.rows,
            "places": self.places,
            "names": self.names,
            "skipped": self.skipped,
            "size": self.size,
            "imported_at": self.imported_at,
        }


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of :func:`import_files`.

    Attributes
    ----------
    path : Path
        The imported layer written (``imported.sqlite``).
    files : tuple of FileReport
        What each file contributed, in the order applied.
    places, names : int
        Places and (name key, place) pairs in the whole layer afterwards.
    seconds : float
        Wall time of the import.
    """

    path: Path
    files: tuple[FileReport, ...] = ()
    places: int = 0
    names: int = 0
    seconds: float = 0.0


# -- reading ----------------------------------------------------------------------


@dataclass
class _Source:
    """One file (or zip member) being read, with its position for messages."""

    path: Path
    label: str
    stream: IO[bytes]
    total: int
    line: int = 0
    done: int = 0

    @property
    def name(self) -> str:
        """The file's name as recorded in the layer's metadata (``ML.zip:ML.txt``)."""
        member = self.label[len(str(self.path)) + 1 :]
        return f"{self.path.name}:{member}" if member else self.path.name

    def error(self, message: str, line: int | None = None) -> ImportFormatError:
        where = self.line if line is None else line
        return ImportFormatError(f"{self.label}, line {where}: {message}")


def _pick_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    members = [i for i in archive.infolist() if not i.is_dir()]
    wanted = path.name[: -len(".zip")] + ".txt" if path.name.endswith(".zip") else ""
    for info in members:
        if Path(info.filename).name == wanted:
            return info
    texts = [
        i
        for i in members
        if i.filename.endswith(".txt")
        and Path(i.filename).name.lower() not in ("readme.txt", "iso-languagecodes.txt")
    ]
    if len(texts) == 1:
        return texts[0]
    raise ImportFormatError(
        f"{path}: the zip file holds no GeoNames table ({', '.join(i.filename for i in members) or 'nothing'})"
    )


@contextlib.contextmanager
def _open_source(path: Path) -> Iterator[_Source]:
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    with path.open("rb") as raw:
        if zipfile.is_zipfile(raw) or path.suffix.lower() == ".zip":
            raw.seek(0)
            try:
                archive = zipfile.ZipFile(raw)
                info = _pick_member(archive, path)
                stream = archive.open(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                raise ImportFormatError(f"{path}: not a readable zip file ({error})") from None
            with archive, stream:
                yield _Source(path, f"{path}:{info.filename}", stream, info.file_size)
        else:
            raw.seek(0)
            yield _Source(path, str(path), raw, path.stat().st_size)


def _lines(source: _Source, progress: ProgressFn | None) -> Iterator[list[str]]:
    """The source's rows as lists of columns; blank lines and ``#`` comments skipped."""
    name = source.path.name
    rest = b""
    while True:
        try:
            chunk = source.stream.read(_CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise source.error(f"corrupt zip data ({error})", source.line + 1) from None
        except OSError as error:
            raise source.error(f"cannot read ({error})", source.line + 1) from None
        if not chunk:
            break
        source.done += len(chunk)
        if progress is not None:
            progress(name, source.done, source.total)
        parts = (rest + chunk).split(b"\n")
        rest = parts.pop()
        if len(rest) > _MAX_LINE:
            raise source.error("line too long: not a GeoNames table", source.line + 1)
        for raw in parts:
            source.line += 1
            row = _decode(source, raw)
            if row is not None:
                yield row
    if rest:
        source.line += 1
        row = _decode(source, rest)
        if row is not None:
            yield row


def _decode(source: _Source, raw: bytes) -> list[str] | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise source.error(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at column {error.start + 1})"
        ) from None
    text = text.rstrip("\r")
    if not text.strip() or text.startswith("#"):
        return None
    return text.split("\t")


def detect_format(columns: Sequence[str]) -> str | None:
    """The GeoNames table a row belongs to, from its columns (``None`` if unknown).

    Examples
    --------
    >>> detect_format(["2454857", "Kona"] + [""] * 17)
    'dump'
    >>> detect_format(["ML.05", "Ségou", "Segou", "2451477"])
    'admin1'
    >>> detect_format(["ML.05.123", "Bla", "Bla", "1"]), detect_format(["a", "b"])
    ('admin2', None)
    """
    n = len(columns)
    if n == _DUMP_COLUMNS:
        return "dump"
    if n in _ALT_COLUMNS:
        return "alternate_names"
    if n == _ADMIN_COLUMNS:
        return "admin2" if columns[0].count(".") >= 2 else "admin1"
    return None


# -- writing ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def _name_keys(name: str) -> frozenset[str]:
    """Folded keys of a name, filtered like the base build (a key needs a Latin letter).

    Place names repeat a lot (Mali alone has 13 places called Kona): a bounded
    cache of recent names saves most of the folding work in constant memory.
    """
    return frozenset(k for k in fold_variants(name) if any("a" <= ch <= "z" for ch in k))


def _int(source: _Source, value: str, what: str) -> int:
    try:
        return int(value) if value else 0
    except ValueError:
        raise source.error(f"{what} {value[:40]!r} is not a whole number") from None


def _coordinate(source: _Source, value: str, what: str, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise source.error(f"{what} {value[:40]!r} is not a number") from None
    if not -limit <= number <= limit:
        raise source.error(f"{what} {value} is out of range")
    return number


class _Layer:
    """The temporary copy of ``imported.sqlite`` being written."""

    def __init__(self, conn: sqlite3.Connection, *, has_base: bool) -> None:
        self.conn = conn
        self.has_base = has_base
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.derived_admin1: dict[tuple[str, str], dict[str, str]] = {}
        derived = data_dir() / "derived" / "admin1.tsv"
        if derived.exists():
            for row in read_tsv(derived):
                key = (row["country"], row["admin1"])
                self.derived_admin1[key] = row
                self.admin1_names[key] = row["name"]
        for code, name in conn.execute("SELECT code, name FROM admin_codes"):
            cc, _, admin1 = code.partition(".")
            if "." not in admin1:
                self.admin1_names[(cc, admin1)] = name

    def existing(self, rids: Iterable[int]) -> set[int]:
        rids = list(rids)
        found: set[int] = set()
        for start in range(0, len(rids), _SQL_VARS):
            chunk = rids[start : start + _SQL_VARS]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(f"SELECT rid FROM places WHERE rid IN ({marks})", chunk)
            )
        return found

    def ensure_present(self, rids: Iterable[int], note: str) -> set[int]:
        """The ``rids`` the layer holds, copying base rows in for ids only the base has."""
        rids = set(rids)
        present = self.existing(rids)
        missing = sorted(rids - present)
        if missing and self.has_base:
            copied = []
            for start in range(0, len(missing), _SQL_VARS):
                chunk = [f"geonames:{rid}" for rid in missing[start : start + _SQL_VARS]]
                marks = ",".join("?" * len(chunk))
                copied += self.conn.execute(
                    "SELECT pid, name, lat, lon, country, fclass, feature, kind, admin1, "
                    f"admin1_name, population, source FROM base.places WHERE pid IN ({marks})",
                    chunk,
                ).fetchall()
            rows = []
            for pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop, src in copied:
                rid = int(pid.partition(":")[2])
                rows.append(
                    (rid, pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop,
                     "imported", f"{src}; names: {note}")
                )  # fmt: skip
                present.add(rid)
            self.conn.executemany(_PLACE_SQL, rows)
            self.conn.executemany(
                _NAME_SQL, ((key, row[0], OWN_NAME) for row in rows for key in _name_keys(row[2]))
            )
        return present

    def country_name(self, rid: int) -> str | None:
        """The bundled short name of a country ("Mali" where the dump says "Republic of Mali")."""
        if not self.has_base:
            return None
        row = self.conn.execute(
            "SELECT name FROM base.places WHERE pid = ? AND kind = 'country'", (f"geonames:{rid}",)
        ).fetchone()
        return row[0] if row else None

    def add_names(self, rows: Iterable[tuple[int, str, int]]) -> int:
        """Add ``(rid, name, flags)`` rows; returns how many (key, place) pairs were written."""
        keyed: dict[tuple[str, int], int] = {}
        for rid, name, flags in rows:
            for key in _name_keys(name):
                keyed[(key, rid)] = keyed.get((key, rid), 0) | flags
        self.conn.executemany(_NAME_SQL, ((k, r, f) for (k, r), f in keyed.items()))
        return len(keyed)


def _import_dump(
    layer: _Layer,
    source: _Source,
    first: list[str],
    rows: Iterator[list[str]],
    *,
    classes: frozenset[str] | None,
) -> FileReport:
    conn = layer.conn
    label = f"GeoNames {source.path.name}"
    n_rows = n_places = n_names = skipped = 0
    places: list[tuple[Any, ...]] = []
    names: list[tuple[int, str, int]] = []

    def flush() -> None:
        nonlocal n_names
        if not places:
            return
        old = layer.existing(p[0] for p in places)
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
        conn.executemany(_PLACE_SQL, places)
        n_names += layer.add_names(names)
        places.clear()
        names.clear()

    for cols in _chain(first, rows):
        n_rows += 1
        if len(cols) != _DUMP_COLUMNS:
            raise source.error(f"{len(cols)} columns, a GeoNames dump row has {_DUMP_COLUMNS}")
        fclass = cols[6].strip() or None
        if classes is not None and (fclass or "") not in classes:
            skipped += 1
            continue
        rid = _int(source, cols[0], "geonameid")
        if rid <= 0:
            raise source.error(f"geonameid {cols[0]!r} is not a positive number")
        name = cols[1].strip()
        if not name:
            raise source.error("the name column is empty")
        lat = _coordinate(source, cols[4], "latitude", 90.0)
        lon = _coordinate(source, cols[5], "longitude", 180.0)
        feature = cols[7].strip() or None
        country = cols[8].strip().upper() or None
        admin1 = cols[10].strip() or None
        population = _int(source, cols[14].strip(), "population")
        admin1_name = layer.admin1_names.get((country or "", admin1 or "")) if admin1 else None
        kind = kind_of(fclass, feature, population)
        shown = layer.country_name(rid) if kind == "country" else None
        places.append(
            (
                rid, f"geonames:{rid}", shown or name, lat, lon, country, fclass, feature,
                kind, admin1, admin1_name, population, "imported", label,
            )
        )  # fmt: skip
        names.append((rid, name, OWN_NAME))
        ascii_name = cols[2].strip()
        if ascii_name and ascii_name != name:
            names.append((rid, ascii_name, OWN_NAME))
        for alt in cols[3].split(","):
            if _keep_alternate(alt, name):
                names.append((rid, alt.strip(), 0))
        n_places += 1
        if len(places) >= _BATCH:
            flush()
    flush()
    return FileReport(source.name, "dump", n_rows, n_places, n_names, skipped)


def _import_alternate_names(
    layer: _Layer, source: _Source, first: list[str], rows: Iterator[list[str]]
) -> FileReport:
    n_rows = n_names = skipped = 0
    pending: list[tuple[int, str]] = []
    places_before = layer.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def flush() -> None:
        nonlocal n_names, skipped
        if not pending:
            return
        present = layer.ensure_present({rid for rid, _ in pending}, f"GeoNames {source.path.name}")
        kept = [(rid, name, AUX_NAME) for rid, name in pending if rid in present]
        skipped += len(pending) - len(kept)
        n_names += layer.add_names(kept)
        pending.clear()

    for cols in _chain(first, rows):
        n_rows += 1
        if len(cols) not in _ALT_COLUMNS:
            raise source.error(
                f"{len(cols)} columns, an alternateNamesV2 row has {_ALT_COLUMNS[0]}"
            )
        rid = _int(source, cols[1], "geonameid")
        name = cols[3].strip()
        if cols[2].strip().lower() in _NOT_NAMES or not _keep_alternate(name, ""):
            skipped += 1
            continue
        pending.append((rid, name))
        if len(pending) >= _BATCH * 4:
            flush()
    flush()
    places_after = layer.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    return FileReport(
        source.name, "alternate_names", n_rows, places_after - places_before, n_names, skipped
    )


def _import_admin(
    layer: _Layer, source: _Source, first: list[str], rows: Iterator[list[str]], fmt: str
) -> FileReport:
    conn = layer.conn
    depth = 2 if fmt == "admin1" else 3
    n_rows = n_names = n_places = skipped = 0
    pending: list[tuple[str, str, str, int]] = []

    def flush() -> None:
        nonlocal n_names, n_places, skipped
        if not pending:
            return
        conn.executemany(
            "INSERT OR REPLACE INTO admin_codes VALUES (?,?,?,?)",
            ((code, name, ascii_name, rid or None) for code, name, ascii_name, rid in pending),
        )
        present = layer.ensure_present(
            {rid for *_, rid in pending if rid}, f"GeoNames {source.path.name}"
        )
        named = []
        for code, name, ascii_name, rid in pending:
            if rid not in present:
                skipped += 1
                continue
            n_places += 1
            named.append((rid, name, AUX_NAME))
            if ascii_name and ascii_name != name:
                named.append((rid, ascii_name, AUX_NAME))
            if fmt == "admin1":
                admin1 = code.partition(".")[2]
                conn.execute(
                    "UPDATE places SET admin1 = ?, admin1_name = ? WHERE rid = ?",
                    (admin1, name, rid),
                )
        n_names += layer.add_names(named)
        pending.clear()

    for cols in _chain(first, rows):
        n_rows += 1
        if len(cols) != _ADMIN_COLUMNS:
            raise source.error(f"{len(cols)} columns, an admin-codes row has {_ADMIN_COLUMNS}")
        code, name = cols[0].strip(), cols[1].strip()
        if code.count(".") != depth - 1 or not name:
            raise source.error(
                f"code {code[:40]!r} is not an {fmt} code (like {'ML.05' if depth == 2 else 'ML.05.123'})"
            )
        rid = _int(source, cols[3].strip(), "geonameid")
        pending.append((code, name, cols[2].strip(), rid))
        if fmt == "admin1":
            cc, _, admin1 = code.partition(".")
            layer.admin1_names[(cc, admin1)] = name
        if len(pending) >= _BATCH:
            flush()
    flush()
    if fmt == "admin1":
        # Region names become the admin1_name of every imported place in the region.
        conn.execute(
            "UPDATE places SET admin1_name = (SELECT a.name FROM admin_codes a "
            "WHERE a.code = places.country || '.' || places.admin1) "
            "WHERE admin1 IS NOT NULL AND EXISTS (SELECT 1 FROM admin_codes a "
            "WHERE a.code = places.country || '.' || places.admin1 "
            "AND a.name IS NOT places.admin1_name)"
        )
    return FileReport(source.name, fmt, n_rows, n_places, n_names, skipped)


def _chain(first: list[str], rows: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rows


_ORDER = {"dump": 0, "admin1": 1, "admin2": 2, "alternate_names": 3}


_NOT_IMPORTED = ("countryinfo", "iso-languagecodes", "featurecodes", "readme")


def _first_row(path: Path, source: _Source, rows: Iterator[list[str]]) -> tuple[list[str], str]:
    """The first row of ``source`` and the table format it shows."""
    if path.name.lower().startswith(_NOT_IMPORTED):
        raise ImportFormatError(
            f"{path}: {path.name} is not a table the gazetteer imports "
            "(place dumps, alternateNamesV2, admin1CodesASCII and admin2Codes are)"
        )
    first = next(rows, None)
    if first is None:
        raise ImportFormatError(f"{source.label}: the file holds no rows")
    fmt = detect_format(first)
    if fmt is None:
        raise source.error(
            f"{len(first)} columns: not a GeoNames table (a place dump row has "
            f"{_DUMP_COLUMNS} columns, alternateNamesV2 {_ALT_COLUMNS[0]}, admin codes "
            f"{_ADMIN_COLUMNS})"
        )
    return first, fmt


def _sniff(path: Path) -> str:
    """The format of ``path`` from its first row (reads only the first chunk)."""
    with _open_source(path) as source:
        return _first_row(path, source, _lines(source, None))[1]


def _import_one(
    layer: _Layer,
    path: Path,
    fmt: str,
    *,
    classes: frozenset[str] | None,
    progress: ProgressFn | None,
) -> FileReport:
    """Import ``path``, whose format :func:`_sniff` found to be ``fmt``."""
    with _open_source(path) as source:
        rows = _lines(source, progress)
        first, found = _first_row(path, source, rows)
        if found != fmt:
            raise ImportFormatError(f"{source.label}: the file changed during the import")
        if fmt == "dump":
            report = _import_dump(layer, source, first, rows, classes=classes)
        elif fmt == "alternate_names":
            report = _import_alternate_names(layer, source, first, rows)
        else:
            report = _import_admin(layer, source, first, rows, fmt)
        if progress is not None:
            progress(path.name, source.total, source.total)
        return replace(report, size=path.stat().st_size)


# -- the transaction ----------------------------------------------------------------


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
    if not files:
        raise ImportFormatError("no files to import")
    wanted = frozenset(classes.upper()) if classes else None
    for path in files:
        if not path.exists():
            raise FileNotFoundError(2, "No such file or directory", str(path))
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
    home_path = resolve_home(home)
    home_path.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda stage, done, total: None)
    # The format of each file decides the order: places before the names that refer to them.
    formats = [_sniff(path) for path in files]
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


def _write(
    tmp: Path,
    home: Path,
    ordered: Sequence[tuple[Path, str]],
    *,
    classes: frozenset[str] | None,
    progress: ProgressFn | None,
) -> ImportReport:
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        # The file is private until the rename: no journal is needed for safety.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("PRAGMA temp_store=FILE")
        base = home / BASE_DB
        has_base = base.exists()
        if has_base:
            conn.execute("ATTACH DATABASE ? AS base", (f"file:{base}?mode=ro",))
        create_layer(conn)
        conn.executescript(_EXTRA_SCHEMA)
        conn.execute("BEGIN")
        layer = _Layer(conn, has_base=has_base)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        reports = []
        for path, fmt in ordered:
            file_report = _import_one(layer, path, fmt, classes=classes, progress=progress)
            reports.append(replace(file_report, imported_at=now))
        places = conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
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
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise GazetteerError(f"{tmp}: {error}") from error
    except BaseException:
        conn.close()
        raise
    conn.close()
    return ImportReport(tmp, tuple(reports), places, names)
