"""Throughput: ``conflictmap extract --jsonl`` on the 588 LGL articles against flashgeotext.

Both run as whole processes on the same JSON Lines file in the same run (a temp
file converted from ``../shared/data/corpora/LGL/lgl.xml``, deleted afterwards);
the runs are interleaved so that a change in machine load hits both. Reports the
median wall time and CPU time (user + system, the process and its workers) of each,
peak memory, and the ratios conflictmap / flashgeotext (floor: at most 3x in wall
time; issue 19's target: one worker at most 1.5x flashgeotext's CPU time, stretch 1.0x).

Usage::

    python bench/throughput.py [--reps 5] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import _perf

FLOOR_RATIO = 3.0
#: issue 19: one worker's CPU time against flashgeotext's, same run
TARGET_CPU_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions (median reported)")
    parser.add_argument("--home", type=Path, help="conflictmap home (default: the usual one)")
    args = parser.parse_args()
    _perf.need(_perf.LGL_XML, "the LGL corpus")
    home, info = _perf.prepare(args.home)
    env = _perf.env_with_home(home)
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        corpus = Path(tmp) / "lgl.jsonl"
        n = _perf.write_jsonl(_perf.lgl_records(), corpus)
        size = corpus.stat().st_size
        print(f"# LGL: {n} articles, {size / 1e6:.2f} MB of JSON Lines; {args.reps} repetitions")
        commands = {
            "flashgeotext": [
                _perf.PYTHON,
                str(_perf.BENCH / "flashgeotext_driver.py"),
                str(corpus),
            ],
            "conflictmap --workers 1": _perf.conflictmap_cmd(
                "extract", "--jsonl", str(corpus), "--workers", "1"
            ),
            f"conflictmap (default: {cores} workers)": _perf.conflictmap_cmd(
                "extract", "--jsonl", str(corpus)
            ),
        }
        # One untimed run each: warms the page cache and checks the outputs.
        for name, cmd in commands.items():
            out = Path(tmp) / "out.jsonl"
            _perf.run(cmd, env=env, stdout=out, sample_tree=False)
            lines = out.read_text(encoding="utf-8").split("\n")[
                :-1
            ]  # not splitlines: U+2028 is text
            errors = sum(1 for line in lines if '"error"' in line and "error" in json.loads(line))
            if len(lines) != n or errors:
                raise SystemExit(f"{name}: {len(lines)} lines for {n} articles, {errors} errors")
        runs: dict[str, list[_perf.Run]] = {name: [] for name in commands}
        for _ in range(args.reps):
            for name, cmd in commands.items():
                runs[name].append(_perf.run(cmd, env=env))

    results = {name: _perf.summary(rs) for name, rs in runs.items()}
    peer = results["flashgeotext"]["median_s"]
    peer_cpu = results["flashgeotext"]["median_cpu_s"]
    print(
        f"{'':34} {'median s':>9} {'min':>7} {'max':>7} {'x peer':>7} "
        f"{'CPU s':>7} {'x peer':>7} {'RSS MB':>7} {'tree MB':>8}"
    )
    for name, r in results.items():
        r["ratio_to_flashgeotext"] = _perf.ratio(r["median_s"], peer)
        r["cpu_ratio_to_flashgeotext"] = _perf.ratio(r["median_cpu_s"], peer_cpu)
        r["articles_per_s"] = round(n / r["median_s"], 1)
        print(
            f"{name:34} {r['median_s']:9.3f} {r['min_s']:7.3f} {r['max_s']:7.3f} "
            f"{r['ratio_to_flashgeotext']:7.2f} {r['median_cpu_s']:7.2f} "
            f"{r['cpu_ratio_to_flashgeotext']:7.2f} {r['max_rss_mb']:7.1f} "
            f"{r['tree_peak_mb'] or 0:8.1f}"
        )
    single = results["conflictmap --workers 1"]["ratio_to_flashgeotext"]
    single_cpu = results["conflictmap --workers 1"]["cpu_ratio_to_flashgeotext"]
    best = min(r["ratio_to_flashgeotext"] for k, r in results.items() if k != "flashgeotext")
    print(
        f"floor (conflictmap <= {FLOOR_RATIO:g}x flashgeotext): "
        f"{'met' if best <= FLOOR_RATIO else 'NOT MET'} (best {best}x; one worker {single}x)"
    )
    print(
        f"target (one worker CPU <= {TARGET_CPU_RATIO:g}x flashgeotext's): "
        f"{'met' if single_cpu <= TARGET_CPU_RATIO else 'NOT MET'} ({single_cpu}x)"
    )
    _perf.save(
        "throughput",
        {
            "machine": info,
            "articles": n,
            "jsonl_bytes": size,
            "reps": args.reps,
            "results": results,
            "floor_ratio": FLOOR_RATIO,
            "floor_met": best <= FLOOR_RATIO,
            "target_cpu_ratio": TARGET_CPU_RATIO,
            "target_cpu_met": single_cpu <= TARGET_CPU_RATIO,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
