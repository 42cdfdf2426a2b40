"""Whether the bundled tables changed since a base was built: a stamp and a fingerprint.

Kept apart from :mod:`conflictmap.store.curated` (which reads the tables' rows for
the build) because every start checks the stamp: it needs neither the readers nor
their dataclasses (issue 19: start-up).

A start whose stamp differs from the base's (the tables were checked out or copied
again since the base was built, with the same contents) hashes the tables
(:func:`data_fingerprint`, 15-40 ms). A process that called :func:`use` (the CLI)
remembers that hash in the home (``tables-checked.txt``) under a stricter stamp of the
tables (their names, sizes, modification and change times in nanoseconds, inodes and
folder), written only when the newest of those times is :data:`SETTLED_S` old, so
that a later start with the same tables reads it instead (:func:`checked_fingerprint`).
Any write, copy, rename or ``utime`` of a table moves its change time (which no call
can set back) or its inode, and the tables are hashed again. A memo that cannot be
read or holds anything else is not trusted (and replaced); a home that cannot be
written keeps none.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path

from conflictmap.paths import data_dir

__all__ = [
    "MEMO",
    "SETTLED_S",
    "checked_fingerprint",
    "data_fingerprint",
    "data_stamp",
    "keep_none",
    "use",
]

#: the memo's file name in the home
MEMO = "tables-checked.txt"
#: tables changed more recently than this (seconds) are not remembered: file times come
#: from a coarse clock (a tick is 1-10 ms on Linux), so a write right after the hash
#: could leave them as they were; 2 s is far beyond any tick
SETTLED_S = 2.0
#: the memo's first field (another format is not trusted)
_FORMAT = "tables-checked-1"
#: whether this process consults the memo (:func:`use`)
_USED = False
#: whether it may write one (not in a ``--jsonl`` worker: :func:`keep_none`)
_KEEPS = True


def use() -> None:
    """Consult and write the memo from now on (the CLI)."""
    global _USED
    _USED = True


def keep_none() -> None:
    """Write no memo from now on, whether or not it is consulted (a ``--jsonl`` worker,
    forked from a CLI process that called :func:`use`, writes nothing in the home)."""
    global _KEEPS
    _KEEPS = False


def _data_files(base: Path) -> list[Path]:
    return [
        path
        for path in sorted(base.glob("*/*"))
        if path.suffix in (".tsv", ".json") and path.is_file()
    ]


def data_fingerprint(root: Path | None = None) -> str:
    """A hash of every curated and derived table: the base is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in _data_files(root or data_dir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_stamp(root: Path | None = None) -> str:
    """A hash of the tables' names, sizes and modification times (no contents).

    Equal stamps mean the tables were not touched since the stamp was taken, so a
    start need not read and hash their 11 MB (:func:`data_fingerprint`, ~40 ms);
    a different stamp only means the contents must be hashed again.
    """
    digest = hashlib.sha256()
    for path in _data_files(root or data_dir()):
        info = path.stat()
        digest.update(f"{path.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def _strict_stamp(root: Path) -> tuple[str, float]:
    """The tables' stamp with their change times, inodes and folder; their newest time."""
    digest = hashlib.sha256(str(root).encode() + b"\0")
    newest = 0.0
    for path in _data_files(root):
        info = path.stat()
        fields = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        digest.update(f"{path.name}\0{fields}\0".encode())
        newest = max(newest, info.st_mtime, info.st_ctime)
    return digest.hexdigest()[:32], newest


def checked_fingerprint(home: Path, root: Path | None = None) -> str:
    """:func:`data_fingerprint`, read from ``home``'s memo when the tables are unchanged
    since it was written (see the module's text; without :func:`use`, always hashed)."""
    root = root or data_dir()
    if not _USED:
        return data_fingerprint(root)
    stamp, newest = _strict_stamp(root)
    memo = home / MEMO
    with contextlib.suppress(OSError, UnicodeDecodeError):
        fields = memo.read_text(encoding="utf-8").split("\t")
        if len(fields) == 3 and fields[:2] == [_FORMAT, stamp] and _is_hash(fields[2]):
            return fields[2]
    fingerprint = data_fingerprint(root)
    if _KEEPS and time.time() - newest >= SETTLED_S:
        from conflictmap.errors import OutputError
        from conflictmap.files import atomic_write

        with contextlib.suppress(OSError, OutputError):
            atomic_write(memo, f"{_FORMAT}\t{stamp}\t{fingerprint}")
    return fingerprint


def _is_hash(text: str) -> bool:
    """True for what :func:`data_fingerprint` returns: 16 lowercase hex digits.

    >>> _is_hash("0123456789abcdef"), _is_hash("0123456789abcdef\\n"), _is_hash("xyz")
    (True, False, False)
    """
    return len(text) == 16 and all(c in "0123456789abcdef" for c in text)
