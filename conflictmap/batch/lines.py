"""One record in, one output line out: the result's JSON, or ``{"id", "line", "error"}``.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> from conflictmap.batch.records import parse_record
>>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                     country="ML", kind="city")])
>>> line, ok = result_line(parse_record(1, '{"id": "a1", "text": "Fighting near Gao."}'), gaz)
>>> ok, json.loads(line)["mentions"][0]["text"]
(True, 'Gao')
>>> result_line(parse_record(2, "{oops"), gaz)
(b'{"id": null, "line": 2, "error": "line 2: invalid JSON (Expecting property name enclosed in double quotes)"}\\n', False)
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from conflictmap.batch.records import Record
from conflictmap.errors import ConflictmapError

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Line", "encode", "error_line", "result_line"]

#: An output line (UTF-8, newline-terminated) and whether it holds a result.
Line = tuple[bytes, bool]


def encode(payload: dict[str, Any]) -> bytes:
    """``payload`` as one line of UTF-8 JSON (ASCII escapes when it holds lone surrogates).

    Examples
    --------
    >>> encode({"name": "Ségou"})
    b'{"name": "S\\xc3\\xa9gou"}\\n'
    >>> encode({"id": "\\ud800"})
    b'{"id": "\\\\ud800"}\\n'
    """
    line = json.dumps(payload, ensure_ascii=False)
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \ud800-style escapes in the input
        return (json.dumps(payload, ensure_ascii=True) + "\n").encode("ascii")


def error_line(record: Record, message: str) -> bytes:
    """The line that reports ``message`` in place of ``record``'s result.

    Examples
    --------
    >>> error_line(Record(4, "x", None), "line 4: no text")
    b'{"id": "x", "line": 4, "error": "line 4: no text"}\\n'
    """
    return encode({"id": record.id, "line": record.line, "error": message})


def result_line(
    record: Record, gazetteer: Gazetteer, *, statements: bool = True, min_confidence: float = 0.0
) -> Line:
    """The output line for ``record``, and whether it succeeded.

    Never raises for a bad article: the error is reported on the line.

    Parameters
    ----------
    record : Record
        The parsed input line.
    gazetteer : Gazetteer
        The gazetteer to geoparse with (overrides already applied).
    statements : bool
        Parse and check stated distances and directions.
    min_confidence : float
        Leave out places resolved with less confidence (as ``geoparse`` does).

    Returns
    -------
    tuple of (bytes, bool)
        The UTF-8, newline-terminated line and ``True`` when it holds a result.
    """
    # Looked up on the module at each call (tests stand a broken pipeline in for it).
    from conflictmap import pipeline

    if record.error is not None or record.text is None:
        return error_line(record, record.error or f"line {record.line}: no text"), False
    try:
        result = pipeline.geoparse(
            record.text,
            id=record.id if isinstance(record.id, str) else None,
            gazetteer=gazetteer,
            statements=statements,
            date=record.date,
            min_confidence=min_confidence,
        )
        out = result.to_dict()
    except ConflictmapError as error:
        return error_line(record, f"line {record.line}: {error}"), False
    except RecursionError:
        return error_line(record, f"line {record.line}: the article is too deeply nested"), False
    except Exception as error:  # noqa: BLE001 - one article's bug must not end the feed
        message = " ".join(str(error).split()) or type(error).__name__
        return error_line(record, f"line {record.line}: internal error: {message}"), False
    out["id"] = record.id  # any JSON value, as the input line gave it
    return encode(out), True
