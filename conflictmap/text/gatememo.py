"""What the word gates read from patterns, kept in the home between runs.

The gates of :mod:`conflictmap.text.gates` read the syntax tree of each pattern they
guard (:func:`~conflictmap.text.gates.needed`, ``needed_all``, ``starts``): the Mali
article's run parsed about a hundred patterns for them, some 15-25 ms of a start of
0.3 s (issue 19: start-up). What they read depends only on the pattern's source and
flags, on the code of ``gates.py`` and on Python's parser; the CLI keeps it in the home
(``gates-<version>.json``, ``<version>`` a hash of ``gates.py`` and of ``sys.version``,
so editing the gates or changing Python starts a new file), loaded once per process.

Only a process that called :func:`load` consults the memo: the library and the tests
read the patterns as before. A file that cannot be read or holds anything but what
:func:`save` writes is ignored (and replaced at the next save); a home that cannot be
written keeps no memo. Two processes saving at once lose at most each other's new
entries, which the next run reads again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from conflictmap.text import memofile
from conflictmap.text.memofile import MemoFile, rows

__all__ = ["load", "recall", "save"]

#: what a gate's reading is: a word set, ``None`` (it cannot tell) or word sets
Reading = frozenset[str] | tuple[frozenset[str], ...] | None
T = TypeVar("T", bound=Reading)

#: the format of the file (a change of what it holds starts a new file)
_FORMAT = b"1"
#: the kinds of reading, each with how its value is made from the file's JSON
_KINDS: dict[str, Callable[[Any], Reading]] = {
    "needed": lambda v: None if v is None else frozenset(_words(v)),
    "starts": lambda v: None if v is None else frozenset(_words(v)),
    "needed_all": lambda v: tuple(frozenset(_words(s)) for s in rows(v)),
    "whole_starts": lambda v: frozenset(_words(v)),  # events/wordscan.py
}


class _Memo:
    """The readings of this process's home: ``(kind, source, flags)`` → reading."""

    def __init__(self, file: MemoFile | None = None) -> None:
        self.file = file
        self.readings: dict[tuple[str, str, int], Reading] = {}
        self.new = False


_MEMO = _Memo()


def version(gates_code: bytes, python: str = sys.version) -> str:
    """The name part of the memo file for this code of ``gates.py`` and this Python.

    >>> version(b"a") == version(b"a") != version(b"b")
    True
    """
    return memofile.version(_FORMAT, python.encode(), gates_code)


def load(home: Path) -> None:
    """Consult the memo of ``home`` from now on (read it now, if there is one)."""
    try:
        code = Path(__file__).with_name("gates.py").read_bytes()
    except OSError:
        return  # no source to name the file by: no memo
    file = MemoFile(path=home / f"gates-{version(code)}.json", prefix="gates")
    memo = _Memo(file)
    read = file.read(_entry)
    if read is not None:
        memo.readings = dict(read)  # all of the file or nothing of it
    global _MEMO
    _MEMO = memo


def recall(kind: str, pattern: tuple[str, int], read: Callable[[str, int], T]) -> T:
    """``read(source, flags)``, or what it gave before in this process or (when a memo
    is loaded) in an earlier run: each pattern is read once, so callers need no cache."""
    memo = _MEMO
    key = (kind, *pattern)
    if key in memo.readings:
        return memo.readings[key]  # type: ignore[return-value]
    found = memo.readings[key] = read(*pattern)
    memo.new = True
    return found


def save() -> None:
    """Write the memo back when this run read a pattern it did not hold; remove the
    files of other versions. Nothing when it cannot be written."""
    memo = _MEMO
    if memo.file is None or not memo.new:
        return
    content = [
        [kind, flags, source, _plain(value)]
        for (kind, source, flags), value in sorted(memo.readings.items(), key=repr)
    ]
    if memo.file.write(content):
        memo.new = False


def _entry(row: Any) -> tuple[tuple[str, str, int], Reading]:
    """One row of the file, checked (``TypeError``, ``ValueError`` or ``KeyError`` if it
    is not one of :func:`save`'s rows)."""
    kind, flags, source, value = rows(row)
    if type(flags) is not int or type(source) is not str:
        raise TypeError("not a pattern")
    return (kind, source, flags), _KINDS[kind](value)


def _plain(value: Reading) -> Any:
    if value is None:
        return None
    if isinstance(value, frozenset):
        return sorted(value)
    return [sorted(words) for words in value]


def _words(value: Any) -> list[str]:
    if any(type(word) is not str for word in rows(value)):
        raise TypeError("not a word")
    return value  # type: ignore[no-any-return]
