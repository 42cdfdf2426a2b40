"""Where one worker's CPU goes on the 588 LGL articles: start-up, each stage, the glue.

``bench/throughput.py`` times ``conflictmap extract --jsonl FILE --workers 1`` as a
whole process against flashgeotext. This runs the same work (the same JSON Lines file,
the same in-process path: the CLI's and the batch's imports, the gazetteer opened
once, each line read, geoparsed, turned into its JSON line) in a fresh child process
per repetition, with CPU time (``time.process_time``) taken around each part:

- the interpreter's own start, the imports of the CLI and the batch, of the pipeline;
- opening the gazetteer; reading and parsing the lines;
- each stage's own time (spotting, resolution, statements, events; a stage called
  from inside another counts for itself, not twice);
- the result's dict and its JSON line;
- the rest (the pipeline's and the batch's glue, the cyclic collector, writing).

The first article's share of each part (what is loaded or compiled on first use) is
shown apart. flashgeotext runs in the same run, alternated with the children, so the
budget of issue 19 (one worker at most 1.5x its CPU time) is printed beside the split.
Figures are medians over the repetitions.

Usage::

    python bench/throughput_split.py [--reps 3] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import _perf

#: issue 19: one worker's CPU time against flashgeotext's, same run
TARGET_CPU_RATIO = 1.5

from _split_child import PARTS  # noqa: E402  (bench/ is on the path, as for _perf)


def _peer(corpus: Path, env: dict[str, str]) -> float:
    cmd = [_perf.PYTHON, str(_perf.BENCH / "flashgeotext_driver.py"), str(corpus)]
    return _perf.run(cmd, env=env, sample_tree=False).cpu_s


def _split(corpus: Path, env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [_perf.PYTHON, str(_perf.BENCH / "_split_child.py"), str(corpus)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--home", type=Path, help="conflictmap home (default: the usual one)")
    args = parser.parse_args()
    _perf.need(_perf.LGL_XML, "the LGL corpus")
    home, info = _perf.prepare(args.home)
    env = _perf.env_with_home(home)
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        corpus = Path(tmp) / "lgl.jsonl"
        n = _perf.write_jsonl(_perf.lgl_records(), corpus)
        _split(corpus, env)  # warms the page cache and the bytecode
        _peer(corpus, env)
        splits, peers = [], []
        for _ in range(args.reps):
            splits.append(_split(corpus, env))
            peers.append(_peer(corpus, env))
    if any(s["lines"] != n for s in splits):
        raise SystemExit(f"a run wrote other than {n} lines")
    report = _report(splits, statistics.median(peers), n)
    _perf.save("throughput_split", {"machine": info, "reps": args.reps, **report})
    return 0


def _report(splits: list[dict[str, Any]], peer: float, n: int) -> dict[str, Any]:
    def median(key: str, label: str) -> float:
        return statistics.median(s[key].get(label, 0.0) for s in splits)

    total = median("parts", "total")
    print(f"# LGL: {n} articles, one worker in one process; CPU s, median of {len(splits)}")
    print(f"{'':28} {'CPU s':>7} {'share':>6} {'1st article':>12}")
    parts: dict[str, dict[str, float]] = {}
    for label in PARTS:
        value, first = median("parts", label), median("first", label)
        parts[label] = {"cpu_s": round(value, 4), "first_article_s": round(first, 4)}
        print(f"{label:28} {value:7.3f} {100 * value / total:5.1f}% {first:12.3f}")
    budget = TARGET_CPU_RATIO * peer
    print(f"{'total':28} {total:7.3f}")
    print(
        f"flashgeotext {peer:.3f} s CPU (same run); at {TARGET_CPU_RATIO:g}x the budget is "
        f"{budget:.3f} s: {total / peer:.2f}x now, {max(0.0, total - budget):.3f} s over"
    )
    return {"articles": n, "parts": parts, "total_cpu_s": total, "flashgeotext_cpu_s": peer}


if __name__ == "__main__":
    sys.exit(main())
