"""Reading JSON Lines: one :class:`Record` per non-blank line, parsed but not geoparsed.

A line that is not JSON, not an object, has no text or is over the size limit is a
record with an ``error``: one bad line never stops a run.

Examples
--------
>>> import io
>>> data = b'{"id": "a", "text": "Gao"}\\n\\n{oops}\\n'
>>> [(r.line, r.id, r.text, r.error) for r in read_records(io.BytesIO(data))]
[(1, 'a', 'Gao', None), (3, None, None, 'line 3: invalid JSON (Expecting property name enclosed in double quotes)')]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from conflictmap.errors import ArticleFileError
from conflictmap.text.article import DEFAULT_MAX_BYTES

__all__ = ["SURROGATES", "JsonValue", "Record", "parse_record", "read_records"]

#: Any value a JSON document can hold (a record's ``id`` may be any of them).
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

#: bytes read at a time while skipping the rest of an over-long line (1 MiB)
_SKIP_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Record:
    """One input line: an article to geoparse, or the reason it cannot be.

    Parameters
    ----------
    line : int
        The 1-based line number in the input.
    id : JSON value
        The line's ``"id"`` (any JSON value; the line number when absent).
    text : str or None
        The article; ``None`` when the line is unusable.
    error : str or None
        Why the line is unusable (``"line n: ..."``).
    date : str or None
        The line's ``"date"`` (``YYYY-MM-DD``): the article's date, against which
        "on Monday" or "yesterday" in its events resolve.

    Examples
    --------
    >>> Record(1, "a", "Gao").size
    3
    """

    line: int
    id: JsonValue
    text: str | None
    error: str | None = None
    date: str | None = None

    @property
    def size(self) -> int:
        """Characters of text (0 for an unusable line)."""
        return len(self.text) if self.text is not None else 0


def read_records(
    source: str | os.PathLike[str] | IO[bytes], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Record]:
    """Yield a :class:`Record` for every non-blank line of ``source``, lazily.

    Parameters
    ----------
    source : path, ``"-"`` or binary stream
        Where to read: a file, stdin, or an open binary stream.
    max_bytes : int
        A line longer than this is skipped without being held in memory and yields
        an error record.

    Raises
    ------
    ArticleFileError
        When the file is missing, a directory, or unreadable.
    """
    if not isinstance(source, (str, os.PathLike)):
        yield from _records(source, max_bytes)
        return
    if str(source) == "-":
        yield from _stdin_records(max_bytes)
        return
    with _open(Path(source)) as stream:
        yield from _records(stream, max_bytes)


def _stdin_records(max_bytes: int) -> Iterator[Record]:
    """The records of stdin, read through a stream of their own on a copy of its
    descriptor.

    The batch reads on a daemon thread, which sits inside a read while a live feed is
    idle. Had it read ``sys.stdin.buffer``, it would hold that stream's lock, and a run
    ending meanwhile (Ctrl-C, an error, a closed output) died at interpreter shutdown
    with "Fatal Python error: _enter_buffered_busy" (SIGABRT) when Python closed
    ``sys.stdin``. A stdin without a descriptor (a test runner's) is read as it is.
    """
    try:
        fd = os.dup(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation: no descriptor
        yield from _records(sys.stdin.buffer, max_bytes)
        return
    with open(fd, "rb") as stream:
        yield from _records(stream, max_bytes)


def _open(path: Path) -> IO[bytes]:
    if path.is_dir():
        raise ArticleFileError(f"{path}: is a directory, not a JSON Lines file")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ArticleFileError(f"{path}: no such file") from None
    except PermissionError:
        raise ArticleFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise ArticleFileError(f"{path}: cannot read ({error.strerror or error})") from None


def _records(stream: IO[bytes], max_bytes: int) -> Iterator[Record]:
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of an over-long line without holding it in memory.
            while True:
                rest = stream.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Record(number, None, None, f"line {number}: larger than the size limit")
            continue
        if raw.strip():
            yield parse_record(number, raw.decode("utf-8", errors="replace"))


def parse_record(number: int, raw: str) -> Record:
    """Parse one JSON line into a :class:`Record` (never raises).

    Examples
    --------
    >>> parse_record(3, '{"id": "x", "text": "Gao"}')
    Record(line=3, id='x', text='Gao', error=None, date=None)
    >>> parse_record(4, '["Gao"]').error
    'line 4: expected a JSON object with "text"'
    >>> parse_record(5, '{"text": "Gao"}').id
    5

    Ids that JSON cannot write back (``1e999``, ``NaN``) stay as written; a text with
    a lone surrogate (which no UTF-8 output can hold) is refused for its line:

    >>> parse_record(6, '{"id": 1e999, "text": "Gao"}').id
    '1e999'
    >>> parse_record(7, '{"id": NaN, "text": "Gao\\ud800"}').error
    'line 7: the text is not valid Unicode (a lone surrogate)'
    >>> parse_record(8, '{"id": NaN, "text": "Gao"}').id
    'NaN'
    >>> parse_record(9, '{"text": "Gao fell on Monday.", "date": "2013-01-14"}').date
    '2013-01-14'
    >>> parse_record(10, '{"text": "Gao", "date": "14/01/2013"}').error
    'line 10: "date" must be a YYYY-MM-DD date'
    """
    try:
        item = json.loads(raw, parse_float=_finite_or_literal, parse_constant=str)
    except json.JSONDecodeError as error:
        return Record(number, None, None, f"line {number}: invalid JSON ({error.msg})")
    except (ValueError, RecursionError) as error:  # huge numbers, absurd nesting
        return Record(number, None, None, f"line {number}: invalid JSON ({error})")
    if not isinstance(item, dict):
        return Record(number, None, None, f'line {number}: expected a JSON object with "text"')
    ident = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str):
        return Record(number, ident, None, f'line {number}: no "text" string')
    if not text.strip():
        return Record(number, ident, None, f"line {number}: the text is empty")
    if SURROGATES.search(text):
        return Record(
            number, ident, None, f"line {number}: the text is not valid Unicode (a lone surrogate)"
        )
    date = item.get("date")
    if date is not None and not _is_date(date):
        return Record(number, ident, None, f'line {number}: "date" must be a YYYY-MM-DD date')
    return Record(number, ident, text, date=date)


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


#: UTF-16 halves that JSON's ``\\uXXXX`` escapes can produce alone.
SURROGATES = re.compile("[\ud800-\udfff]")


def _finite_or_literal(literal: str) -> float | str:
    """A JSON number as a float, or as its own text when no float holds it."""
    value = float(literal)
    return value if math.isfinite(value) else literal
