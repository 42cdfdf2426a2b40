"""One memo file in the home: the file handling :mod:`gatememo` and :mod:`regexmemo` share.

A memo keeps, between runs of the CLI, what a slow step gave for inputs that do not
change (issue 19: start-up). Its file is ``<prefix>-<version>.json`` in the home, a
JSON list of rows; ``<version>`` hashes whatever the rows depend on (a module's code,
the Python), so a change starts a new file and the next save removes the old one.
A file is read whole or not at all: one row that is not what the memo writes (or a
file that cannot be read) gives no rows, and the next save replaces it. Saving is
atomic (a temporary file, then a rename); a home that cannot be written keeps no memo,
without an error.

Examples
--------
>>> import tempfile
>>> home = Path(tempfile.mkdtemp())
>>> memo = MemoFile.of(home, "demo", b"1", b"code")
>>> memo.path.name == "demo-" + version(b"1", b"code") + ".json"
True
>>> memo.read(int) is None  # no file yet
True
>>> memo.write([[1], [2]])
True
>>> memo.read(lambda row: rows(row)[0])
[1, 2]
>>> print(memo.read(lambda row: {1: "one"}[rows(row)[0]]))  # it refuses a row: nothing
None
>>> MemoFile.of(home, "demo", b"2", b"code").write([])  # another version: the old goes
True
>>> sorted(p.name.split("-")[0] for p in home.iterdir())
['demo']
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["MemoFile", "rows", "version"]

R = TypeVar("R")


def version(*parts: bytes) -> str:
    """The version part of a memo file's name: a hash of what its rows depend on.

    >>> version(b"1", b"a") == version(b"1", b"a") != version(b"1", b"b")
    True
    """
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def rows(value: Any) -> list[Any]:
    """``value`` if it is a JSON list, else ``TypeError`` (a file's rows, a row's fields).

    >>> rows([1, 2])
    [1, 2]
    >>> rows({"a": 1})
    Traceback (most recent call last):
    ...
    TypeError: not a list
    """
    if type(value) is not list:
        raise TypeError("not a list")
    return value


@dataclass(frozen=True, slots=True)
class MemoFile:
    """The memo file ``<prefix>-<version>.json`` of one home."""

    #: the file
    path: Path
    #: what names every version of this memo: ``gates``, ``regex``
    prefix: str

    @classmethod
    def of(cls, home: Path, prefix: str, *depends_on: bytes) -> MemoFile:
        """The file of ``home`` for the version that ``depends_on`` hashes to."""
        return cls(path=home / f"{prefix}-{version(*depends_on)}.json", prefix=prefix)

    def read(self, entry: Callable[[Any], R]) -> list[R] | None:
        """Each row of the file made into an entry by ``entry``; ``None`` when the file
        cannot be read, is not a JSON list, or ``entry`` refuses a row (it raises
        ``TypeError``, ``ValueError`` or ``KeyError``): all of the file or nothing."""
        try:
            return [entry(row) for row in rows(json.loads(self.path.read_bytes()))]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def write(self, content: list[Any]) -> bool:
        """Write ``content`` (a list of JSON rows) atomically, then remove the files of
        this memo's other versions; ``False`` (and nothing written) when the home
        cannot be written."""
        from conflictmap.errors import OutputError
        from conflictmap.files import atomic_write  # only when there is something to write

        try:
            atomic_write(self.path, json.dumps(content, separators=(",", ":")))
        except (OSError, OutputError):
            return False
        with contextlib.suppress(OSError):
            for other in self.path.parent.glob(f"{self.prefix}-*.json"):
                if other.name != self.path.name:
                    other.unlink(missing_ok=True)
        return True
