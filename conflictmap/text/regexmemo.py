"""Compiled regular expressions, kept in the home between runs.

Python's :mod:`re` parses a pattern and generates its matching code in Python; only
the last step, :func:`_sre.compile`, is C. The events, statements and spotting
patterns (word tries of hundreds of words among them) took about 0.11 s of CPU of a
one-article ``extract`` of 0.33-0.43 s (issue 19: start-up), every run, for the same
patterns. The CLI keeps what the slow steps produce for each pattern (its flags, its
code, its groups) in the home (``regex-<version>.json``, ``<version>`` a hash of
``sys.version`` and of the regular expression engine's magic number and code size,
so another Python starts a new file), and hands it straight to ``_sre.compile`` in
later runs: reading the file and rebuilding 180 patterns takes under 10 ms.

A pattern not in the memo is parsed and its code generated as :func:`re.compile`
does it, then built by ``_sre.compile``: no extra work on a first run. The first
pattern built so in a process is compared with :func:`re.compile`'s (a compiled
pattern's ``==`` compares its flags, its source and its whole code); if they differ,
the process keeps no memo. ``tests/test_regex_memo.py`` compares every pattern of the
package so.
``_sre.compile`` checks the code it is handed (``invalid SRE code``); an entry that
cannot be used, a file that cannot be read or holds anything but what :func:`save`
writes, is ignored (and replaced at the next save), and a Python whose ``re`` does
not work as described here gets no memo: :func:`compile` is then :func:`re.compile`.

Only a process that called :func:`load` consults the memo (the CLI does): the library
and the tests compile as before.

Examples
--------
>>> import re
>>> compile(r"\\bnear\\s+(?P<name>\\w+)", re.I) == re.compile(r"\\bnear\\s+(?P<name>\\w+)", re.I)
True
"""

from __future__ import annotations

import contextlib
import importlib
import re
import sys
from pathlib import Path
from typing import Any

from conflictmap.text import memofile
from conflictmap.text.memofile import MemoFile, rows

__all__ = ["compile", "load", "save"]

#: the format of the file (a change of what it holds starts a new file)
_FORMAT = b"1"

#: what rebuilds a pattern: its final flags, code, last group number, group names
#: (name to number) and the name of each group number (``None``: unnamed)
Parts = tuple[int, list[int], int, dict[str, int], list[str | None]]

try:  # the engine's internals this memo relies on (CPython 3.11-3.13)
    import _sre

    _compiler: Any = importlib.import_module("re._compiler")  # typeshed hides them
    _parser: Any = importlib.import_module("re._parser")

    _ENGINE = f"{_sre.MAGIC}:{_sre.CODESIZE}:{_sre.MAXREPEAT}:{_sre.MAXGROUPS}"
    _USABLE = callable(getattr(_compiler, "_code", None)) and callable(_parser.parse)
except (ImportError, AttributeError):  # pragma: no cover - another Python
    _ENGINE, _USABLE = "", False


class _Memo:
    """The parts of this process's home: ``(source, flags)`` → :data:`Parts`."""

    def __init__(self, file: MemoFile | None = None) -> None:
        self.file = file
        self.parts: dict[tuple[str, int], Parts] = {}
        self.new = False
        #: whether a pattern built from its parts was compared with re.compile's
        self.checked = False


_MEMO = _Memo()


def version(python: str = sys.version, engine: str = _ENGINE) -> str:
    """The name part of the memo file for this Python and regular expression engine.

    >>> version("3.11.7") == version("3.11.7") != version("3.12.1")
    True
    """
    return memofile.version(_FORMAT, python.encode(), engine.encode())


def load(home: Path) -> None:
    """Consult the memo of ``home`` from now on (read it now, if there is one)."""
    if not _USABLE:
        return
    file = MemoFile(path=home / f"regex-{version()}.json", prefix="regex")
    memo = _Memo(file)
    read = file.read(_entry)
    if read is not None:
        memo.parts = dict(read)  # all of the file or nothing of it
    global _MEMO
    _MEMO = memo


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``: from the memo when it holds the pattern (and a
    memo is loaded), else compiled (and kept for :func:`save`)."""
    memo = _MEMO
    if memo.file is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    parts = memo.parts.get(key)
    if parts is not None:
        with contextlib.suppress(RuntimeError, TypeError, ValueError, OverflowError):
            return _build(pattern, parts)
        del memo.parts[key]  # not usable: compiled again below, and replaced
    parts = _parts(pattern, int(flags))
    if parts is None:
        return re.compile(pattern, flags)
    built = _build(pattern, parts)
    if not memo.checked:  # once a process: the parts rebuild what re.compile makes
        memo.checked = True
        if built != re.compile(pattern, flags):
            memo.file = None  # this Python's re works otherwise: no memo
            return re.compile(pattern, flags)
    memo.parts[key] = parts
    memo.new = True
    return built


def save() -> None:
    """Write the memo back when this run compiled a pattern it did not hold; remove
    the files of other versions. Nothing when it cannot be written."""
    memo = _MEMO
    if memo.file is None or not memo.new:
        return
    content = [[source, flags, *parts] for (source, flags), parts in sorted(memo.parts.items())]
    if memo.file.write(content):
        memo.new = False


def _parts(pattern: str, flags: int) -> Parts | None:
    """What :func:`re.compile` hands ``_sre.compile`` for ``pattern`` (as
    ``re._compiler.compile`` makes it); ``None`` if this Python's ``re`` differs."""
    try:
        tree = _parser.parse(pattern, flags)
        code = _compiler._code(tree, flags)
        state = tree.state
        names = dict(state.groupdict)
        numbered: list[str | None] = [None] * state.groups
        for name, index in names.items():
            numbered[index] = name
        return int(flags | state.flags), list(code), state.groups - 1, names, numbered
    except (AttributeError, TypeError, IndexError):
        return None


def _build(pattern: str, parts: Parts) -> re.Pattern[str]:
    final, code, last, names, numbered = parts
    built: re.Pattern[str] = _sre.compile(pattern, final, code, last, names, tuple(numbered))
    return built


def _entry(row: Any) -> tuple[tuple[str, int], Parts]:
    """One row of the file, checked for its types (``TypeError`` if it is not a row)."""
    source, flags, final, code, last, names, numbered = rows(row)
    if not (type(source) is str and all(type(n) is int for n in (flags, final, last))):
        raise TypeError("not a pattern")
    if any(type(n) is not int for n in rows(code)):
        raise TypeError("not code")
    if type(names) is not dict or any(
        type(k) is not str or type(v) is not int for k, v in names.items()
    ):
        raise TypeError("not group names")
    if any(n is not None and type(n) is not str for n in rows(numbered)):
        raise TypeError("not group names")
    return (source, flags), (final, code, last, names, numbered)
