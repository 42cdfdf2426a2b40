"""Batch geoparsing of JSON Lines: one ``{"id", "text"}`` per line in, one result per line out.

Output keeps input order. Memory stays constant whatever the input length: at most
``workers × 4`` articles are in flight, and lines are read as they are needed.
A line that is not valid JSON, or has no text, yields ``{"id": ..., "error": "..."}``
on its line instead of stopping the run.
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any

from .errors import ArticleFileError, ConflictmapError
from .gazetteer.overrides import Overrides
from .text import DEFAULT_MAX_BYTES

__all__ = ["extract_jsonl", "iter_jsonl", "process_line"]

_worker_state: dict[str, Any] = {}


def iter_jsonl(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, raw_line)`` from a file or stdin (``-``), lazily."""
    if path == "-":
        stream: IO[bytes] = sys.stdin.buffer
        close = False
    else:
        p = Path(path)
        if p.is_dir():
            raise ArticleFileError(f"{path}: is a directory, not a JSON Lines file")
        try:
            stream = p.open("rb")
        except FileNotFoundError:
            raise ArticleFileError(f"{path}: no such file") from None
        except PermissionError:
            raise ArticleFileError(f"{path}: permission denied") from None
        close = True
    try:
        for number, raw in enumerate(_limited_lines(stream, max_bytes), start=1):
            if raw.strip():
                yield number, raw
    finally:
        if close:
            stream.close()


def _limited_lines(stream: IO[bytes], max_bytes: int) -> Iterator[str]:
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of an over-long line without holding it in memory.
            while True:
                rest = stream.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield json.dumps({"__too_large__": True})
            continue
        yield raw.decode("utf-8", errors="replace")


def _init_worker(home: str | None, overrides: Overrides | None) -> None:
    from .pipeline import open_gazetteer

    gaz = open_gazetteer(home, progress=False)
    _worker_state["gazetteer"] = gaz.with_overrides(overrides)


def process_line(number: int, raw: str) -> str:
    """Geoparse one JSON line and return the output line (without newline)."""
    from .pipeline import geoparse

    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        return json.dumps(
            {"id": None, "line": number, "error": f"line {number}: invalid JSON ({error.msg})"}
        )
    if not isinstance(item, dict):
        return json.dumps(
            {"id": None, "line": number, "error": f"line {number}: expected a JSON object"}
        )
    if item.get("__too_large__"):
        return json.dumps(
            {"id": None, "line": number, "error": f"line {number}: larger than the size limit"}
        )
    ident = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return json.dumps({"id": ident, "line": number, "error": f"line {number}: no text"})
    try:
        result = geoparse(text, id=ident, gazetteer=_worker_state["gazetteer"])
    except ConflictmapError as error:
        return json.dumps({"id": ident, "line": number, "error": f"line {number}: {error}"})
    out = result.to_dict()
    out["id"] = ident
    return json.dumps(out, ensure_ascii=False)


def _process_chunk(chunk: list[tuple[int, str]]) -> list[str]:
    return [process_line(number, raw) for number, raw in chunk]


def _chunks(items: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_jsonl(
    path: str,
    out: IO[str],
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = 8,
) -> int:
    """Geoparse every line of ``path`` into ``out``; return the number of lines written."""
    home_str = str(home) if home is not None else None
    workers = os.cpu_count() or 1 if workers in (None, 0) else workers
    lines = iter_jsonl(path, max_bytes=max_bytes)
    written = 0
    # Build the gazetteer once in this process, so workers only open it.
    _init_worker(home_str, overrides)
    if workers == 1:
        for number, raw in lines:
            out.write(process_line(number, raw) + "\n")
            written += 1
        out.flush()
        return written
    window: deque[Future[list[str]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(home_str, overrides)
    ) as pool:
        for chunk in _chunks(lines, chunk_size):
            window.append(pool.submit(_process_chunk, chunk))
            if len(window) >= workers * 4:
                for line in window.popleft().result():
                    out.write(line + "\n")
                    written += 1
        while window:
            for line in window.popleft().result():
                out.write(line + "\n")
                written += 1
    out.flush()
    return written
