"""The child process of ``bench/throughput_split.py``: the work, timed part by part.

Kept apart so that the child imports nothing but what the CLI would (``time``, ``json``,
``os``, ``sys``): its "interpreter start" is the interpreter's and ``site``'s own.

Usage (by ``bench/throughput_split.py``)::

    python bench/_split_child.py FILE.jsonl
"""

from __future__ import annotations

import time

_STARTED = time.process_time()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

#: the parts, in the order printed
PARTS = (
    "interpreter start",
    "imports: CLI and batch",
    "imports: pipeline",
    "open gazetteer",
    "read and parse lines",
    "spot",
    "resolve",
    "statements",
    "events",
    "result to dict",
    "JSON line",
    "glue, collector, writing",
)


def _child(corpus: str) -> None:
    """Run the work in this process and print each part's CPU seconds as JSON."""
    clock = time.process_time
    spent: dict[str, float] = {"interpreter start": _STARTED}
    start = _STARTED  # this module's own imports are the CLI's too
    import conflictmap.batch.writer
    import conflictmap.cli.extract
    import conflictmap.cli.run

    spent["imports: CLI and batch"] = clock() - start
    start = clock()
    import conflictmap.pipeline as pipeline

    spent["imports: pipeline"] = clock() - start
    first = _instrument(pipeline, spent, clock)
    from conflictmap.store import sealmemo, stamps

    sealmemo.use()  # as the CLI's --jsonl branch
    stamps.use()
    with open(os.devnull, "wb") as out:
        start = clock()
        stats = conflictmap.batch.writer.extract_jsonl(corpus, out, workers=1, progress=False)
        run = clock() - start
    timed = sum(v for k, v in spent.items() if k in PARTS[3:])
    spent["glue, collector, writing"] = run - timed
    spent["total"] = clock()
    print(json.dumps({"parts": spent, "first": first, "lines": stats.lines}))


def _instrument(
    pipeline: Any, spent: dict[str, float], tick: Callable[[], float]
) -> dict[str, float]:
    """Wrap what each part runs so that it adds its own CPU time to ``spent``; the
    returned dict is filled with ``spent`` as it stood after the first article."""
    from conflictmap.batch import lines, pool, records
    from conflictmap.model import Result
    from conflictmap.recognize.spotter import Spotter
    from conflictmap.resolve import GazetteerResolver
    from conflictmap.store import registry

    inner: list[float] = []  # per open call: the time of the calls inside it

    def timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = tick()
            inner.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                took = tick() - start
                nested = inner.pop()
                spent[label] = spent.get(label, 0.0) + took - nested
                if inner:
                    inner[-1] += took

        return call

    first: dict[str, float] = {}
    real_line = pool.result_line

    def line(*args: Any, **kwargs: Any) -> Any:
        out = real_line(*args, **kwargs)
        if not first:
            first.update(spent)
        return out

    pool.result_line = line
    Spotter.spot = timed("spot", Spotter.spot)
    GazetteerResolver.resolve = timed("resolve", GazetteerResolver.resolve)
    pipeline.find_statements = timed("statements", pipeline.find_statements)
    pipeline.find_events = timed("events", pipeline.find_events)
    Result.to_dict = timed("result to dict", Result.to_dict)
    lines.encode = timed("JSON line", lines.encode)
    records.parse_record = timed("read and parse lines", records.parse_record)
    registry.open_gazetteer = timed("open gazetteer", registry.open_gazetteer)
    return first


if __name__ == "__main__":
    _child(sys.argv[1])
