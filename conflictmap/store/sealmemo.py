"""A derived file's CRC check, remembered beside it until the file changes (issue 19).

Two kinds of derived file are checked against a CRC-32 their header holds when a process
opens them: the transliteration index (:func:`~conflictmap.resolve.variantstore.sealed`
reads and CRCs the whole file: 28.9 MB for the base, ~17 ms at every start that looks a
variant up) and each layer's name index (:class:`~conflictmap.store.nameindex.NameIndex`
CRCs its trie, which marisa must never read damaged: 8-12 ms per process after a
3M-row import, 35-47 ms after a 13M-row one). The file's name, size, modification and
change times (nanoseconds), inode and device, and the CRC its header holds, are kept in
``<family>-checked.txt`` in the same folder once the CRC matched (:func:`memo_of`: one
memo per kind of file, ``translit-checked.txt``, ``base-names-checked.txt``,
``imported-names-checked.txt``). A later open whose file has all of these unchanged skips
the read (:func:`checked`).

Anything written to the file, a rename over it, a copy or a restore moves its change
time (``st_ctime``, which no call can set back) or its inode, so the check runs again
and a byte changed anywhere is still found. A file is remembered only when its last
change is at least :data:`SETTLED_S` old, so that a write in the same tick of the
file system's clock as the check (which could leave every time as it was) cannot be
hidden by it. What no file time can show (the disk itself changing a byte) is found
at the first open after the file changes or after the memo is removed.

Only a process that called :func:`use` consults and writes the memos (``extract``,
``extract --jsonl`` and ``map`` of the CLI): the library and the tests check the file at
every open, as before. The workers of ``extract --jsonl --workers N`` (forked after the
parent checked the files) consult the memos and write none (:func:`keep_none`). A memo that cannot be read, names another file or holds anything else is not trusted
(the file is checked and the memo written again); a folder that cannot be
written keeps no memo.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from conflictmap.errors import OutputError
from conflictmap.files import atomic_write

__all__ = ["SETTLED_S", "checked", "identity", "keep_none", "memo_of", "recall", "remember", "use"]

#: a file whose last change is younger than this (seconds) is not remembered: file
#: times come from a coarse clock (one tick is 1-10 ms on Linux), so a write right after
#: the check could leave them unchanged; 2 s is far beyond any tick
SETTLED_S = 2.0
#: the first word of the memo (another format is not trusted)
_FORMAT = "checked-1"
#: whether this process consults the memo (:func:`use`)
_USED = False
#: whether it may write one (not in a ``--jsonl`` worker: :func:`keep_none`)
_KEEPS = True


def use() -> None:
    """Consult and write the memo from now on (the CLI's ``extract`` and ``map``)."""
    global _USED
    _USED = True


def keep_none() -> None:
    """Write no memo from now on, whether or not they are consulted (a ``--jsonl``
    worker, forked from a CLI process that called :func:`use`, writes nothing in the
    home: the parent checked and remembered the files before starting it)."""
    global _KEEPS
    _KEEPS = False


def memo_of(path: Path) -> Path:
    """The memo of the files named as ``path`` is, whatever their stamp: beside it.

    >>> memo_of(Path("/h/translit-0123.sqlite")), memo_of(Path("/h/base-names-ab.idx"))
    (PosixPath('/h/translit-checked.txt'), PosixPath('/h/base-names-checked.txt'))
    """
    return path.with_name(path.name.rsplit("-", 1)[0] + "-checked.txt")


def identity(path: Path, info: os.stat_result, crc: int) -> str:
    """The memo's line for ``path`` (whose ``stat`` is ``info``) holding ``crc``.

    >>> info = os.stat_result((0, 7, 3, 1, 0, 0, 4096, 0, 0, 0, 0.0, 0.0, 0.0, 0, 5, 8))
    >>> identity(Path("/h/translit-ab.sqlite"), info, 42)
    'checked-1 translit-ab.sqlite 4096 5 8 7 3 42\\n'
    """
    fields = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, crc)
    return " ".join((_FORMAT, path.name, *map(str, fields))) + "\n"


def recall(path: Path, line: str) -> bool:
    """True when the memo beside ``path`` holds exactly ``line`` (see :func:`identity`)."""
    if not _USED:
        return False
    try:
        with open(memo_of(path), "rb") as file:
            held = file.read(len(line) + 1)
    except OSError:
        return False
    return held == line.encode()


def remember(path: Path, info: os.stat_result, line: str, now: float | None = None) -> None:
    """Keep ``line`` as the memo beside ``path`` when ``info`` shows a settled file."""
    now = time.time() if now is None else now
    if not (_USED and _KEEPS) or now - max(info.st_mtime, info.st_ctime) < SETTLED_S:
        return
    with contextlib.suppress(OSError, OutputError):
        atomic_write(memo_of(path), line)


def checked(path: Path, info: os.stat_result, crc: int, compute: Callable[[], int]) -> bool:
    """True when ``compute()``, the CRC-32 of what ``path`` (whose ``stat`` is ``info``)
    holds, is ``crc``: not computed when the memo holds that check of the file as ``info``
    shows it; a match is remembered (:func:`remember`)."""
    line = identity(path, info, crc)
    if recall(path, line):  # checked since it last changed
        return True
    if compute() != crc:
        return False
    remember(path, info, line)
    return True
