"""The name keys of big place dumps, staged by a second process while the import writes places.

Folding the names of a dump row (its name, ASCII name and alternate names) is most
of the import's Python work. For big dumps (together at least
:attr:`~conflictmap.tuning.imports.ImportTuning.worker_min_bytes`), a child process
(``python -m conflictmap.store.geonames.worker SPEC``) reads the same files, folds
the names and appends them to the staging table ``load.rows`` (:mod:`.bulk`), while
the import's own process checks every row and writes the places: on a machine with
two cores the two halves run side by side. The staged rows are the ones the
import would stage itself (the keys of :func:`~.dumps.keys_of_row`, found for a
batch of rows at once by :func:`~.rowkeys.keys_of_rows`; the same row numbers),
and the layer the same.

* The import's process checks every row, as without the child; the child only
  stops at a row it cannot read (the import then names that row). A child that
  failed, or staged other rows than the import read (a file changed under them:
  counts and the sum of the ids are compared), fails the import.
* The staging file is private to the import (created before the child starts and
  opened by it without creating: after the import is gone, the child cannot bring
  it back). The child stops when the import's process is gone, and the import
  stops the child when it fails or is interrupted. Nothing is written in the layer
  until the child has finished.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from conflictmap.errors import GazetteerError, ImportFormatError
from conflictmap.store.geonames.base import DUMP_COLUMNS
from conflictmap.store.geonames.bulk import staged_batch, staged_keys
from conflictmap.store.geonames.reader import lines, open_source
from conflictmap.store.geonames.rowkeys import keys_of_rows
from conflictmap.tuning.imports import IMPORT

__all__ = ["RESULT_TABLE", "FileCount", "Worker", "main"]

#: what the child staged of each file (in the staging database)
RESULT_TABLE = (
    "CREATE TABLE IF NOT EXISTS load.staged "
    "(file INTEGER PRIMARY KEY, rows INTEGER NOT NULL, ids INTEGER NOT NULL, names INTEGER NOT NULL)"
)
_BATCH = 20_000
#: SQLite virtual-machine steps between two checks, while the child sorts, that the
#: import still runs (a check is one system call: not tuned, any value this size works)
_CHECK_EVERY = 100_000
#: exit status of a child that met a row it cannot read (the import names the row)
_BAD_ROW = 3


@dataclass(frozen=True, slots=True)
class FileCount:
    """The rows of one dump staged by the child, the sum of their ids, and their name keys."""

    rows: int
    ids: int
    names: int


class Worker:
    """The child process staging the name keys of ``files`` into the staging file ``load``.

    Parameters
    ----------
    load : Path
        The staging database, already holding the ``rows`` and ``staged`` tables.
    files : sequence of Path
        The place dumps, in the order the import reads them.
    classes : frozenset of str, optional
        The feature classes kept (``None``: all).
    seq : int
        The number of the last row staged before these files.
    presort : bool
        Also sort the staged keys into ``load.sorted`` (:data:`~.bulk.SORTED_NAMES`)
        when the files' ids rise from row to row (then no row of the call replaces
        another, and the keys go into an empty ``names`` as they are).
    """

    def __init__(
        self,
        load: Path,
        files: Sequence[Path],
        classes: frozenset[str] | None,
        seq: int,
        presort: bool = False,
    ) -> None:
        self.load = load
        spec = {
            "load": str(load),
            "files": [str(path) for path in files],
            "classes": "".join(sorted(classes)) if classes is not None else None,
            "seq": seq,
            "parent": os.getpid(),
            "sort": presort,
        }
        package = Path(__file__).resolve().parents[3]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(package), env.get("PYTHONPATH"))))
        self.proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "conflictmap.store.geonames.worker", json.dumps(spec)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )

    def finish(self, conn: sqlite3.Connection) -> tuple[list[FileCount], bool]:
        """Wait for the child; what it staged of each file (read through ``conn``), and
        whether it sorted the keys into ``load.sorted``."""
        proc = self.proc
        if proc is None:
            raise GazetteerError("the name staging process was already stopped")
        _, err = proc.communicate()
        self.proc = None
        if proc.returncode == _BAD_ROW:
            raise ImportFormatError(
                "a place dump changed during the import (a row the import read was not readable)"
            )
        if proc.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise GazetteerError(
                f"the process staging the names failed (exit {proc.returncode}): {detail[0]}"
            )
        rows = conn.execute("SELECT rows, ids, names FROM load.staged ORDER BY file").fetchall()
        presorted = conn.execute("SELECT EXISTS (SELECT 1 FROM load.sorted_done)").fetchone()[0]
        return [FileCount(int(r), int(i), int(n)) for r, i, n in rows], bool(presorted)

    def stop(self) -> None:
        """Stop the child if it still runs (the import failed or was interrupted)."""
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()


def _stage_file(
    conn: sqlite3.Connection,
    path: Path,
    classes: frozenset[str] | None,
    seq: int,
    parent: int,
    rising: list[int],
) -> tuple[int, FileCount]:
    """Stage the name keys of one dump; the last row number and what was staged.

    ``rising`` holds the last id staged, or -1 once an id did not rise.
    """
    count = ids = 0
    last = rising[0]
    staged = _Staged(conn, parent, seq)
    with open_source(path) as source:
        for cols in lines(source, None):
            if len(cols) != DUMP_COLUMNS:
                raise SystemExit(_BAD_ROW)
            fclass = cols[6].strip()
            if classes is not None and fclass not in classes:
                continue
            name = cols[1].strip()
            if not name or not cols[0].isdigit():
                raise SystemExit(_BAD_ROW)
            rid = int(cols[0])
            last = rid if rid > last >= 0 else -1
            count += 1
            ids += rid
            staged.add(rid, name, cols[2].strip(), cols[3])
    staged.flush()
    rising[0] = last
    return staged.seq, FileCount(count, ids, staged.names)


class _Staged:
    """Rows whose keys are staged in batches (folded together: :mod:`.rowkeys`)."""

    def __init__(self, conn: sqlite3.Connection, parent: int, seq: int) -> None:
        self.conn = conn
        self.parent = parent
        self.rids: list[int] = []
        self.rows: list[tuple[str, str, str]] = []
        #: the number of the last row staged
        self.seq = seq
        #: the keys staged
        self.names = 0

    def add(self, rid: int, name: str, ascii_name: str, alternates: str) -> None:
        """One row (its name and ASCII name stripped)."""
        self.rids.append(rid)
        self.rows.append((name, ascii_name, alternates))
        if len(self.rows) >= _BATCH:
            if os.getppid() != self.parent:  # the import is gone
                raise SystemExit(1)
            self.flush()

    def flush(self) -> None:
        """Stage the rows held (numbered on from :attr:`seq`)."""
        if not self.rids:
            return
        keys = keys_of_rows(self.rows)
        self.names += sum(len(own) + len(alt) for own, alt in keys)
        staged = staged_batch(self.seq + 1, self.rids, keys)
        self.conn.executemany("INSERT INTO rows VALUES (?,?,?,?)", staged)
        self.seq += len(self.rids)
        self.rids.clear()
        self.rows.clear()


def _sort(conn: sqlite3.Connection, parent: int) -> None:
    """Sort the staged keys into ``sorted`` (no row replaced another: all are live).

    The sort is interrupted if the import's process goes away meanwhile.
    """
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA temp_store=FILE")
    conn.execute(f"PRAGMA threads={IMPORT.sort_threads}")
    conn.set_progress_handler(lambda: os.getppid() != parent, _CHECK_EVERY)
    try:
        conn.execute(
            "INSERT INTO sorted (key, rid, flags) SELECT key, rid, flags "
            f"FROM ({staged_keys('main')}) ORDER BY key, rid"
        )
    except sqlite3.OperationalError:
        if os.getppid() != parent:  # the import is gone
            raise SystemExit(1) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    conn.execute("INSERT INTO sorted_done SELECT COUNT(*) FROM sorted")


def main(argv: Sequence[str]) -> int:
    """The child: stage the name keys of the files ``argv[0]`` (a JSON spec) names."""
    spec = json.loads(argv[0])
    # mode=rw: never create the file (the import made it, and may have removed it)
    conn = sqlite3.connect(f"file:{spec['load']}?mode=rw", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        seq = int(spec["seq"])
        classes = None if spec["classes"] is None else frozenset(spec["classes"])
        rising = [0]
        for number, path in enumerate(spec["files"]):
            seq, counted = _stage_file(conn, Path(path), classes, seq, spec["parent"], rising)
            conn.execute(
                "INSERT INTO staged VALUES (?,?,?,?)",
                (number, counted.rows, counted.ids, counted.names),
            )
        if spec.get("sort") and rising[0] >= 0:
            _sort(conn, spec["parent"])
        conn.execute("COMMIT")
    finally:
        conn.close()
    return 0


if __name__ == "__main__":  # pragma: no cover - run as the child process
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
