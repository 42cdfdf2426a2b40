"""Batch mode: speed-up with worker processes, and memory that stays flat with input length.

1. Speed-up: ``conflictmap extract --jsonl`` on the LGL articles (repeated ``--copies``
   times) with 1, 2, ... up to all cores; speed-up and efficiency against one worker
   (the peer is conflictmap itself with ``--workers 1``, in the same run).
2. Constant memory: JSON Lines of many small articles (the first sentences of LGL
   articles, each with its own id), a small and a large file (10x the lines), all
   cores. Peak memory of the whole process tree (sampled) and of the largest single
   process must not grow with the number of lines.

Usage::

    python bench/batch_scaling.py [--copies 2] [--lines 2000] [--reps 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import _perf

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def small_records(n: int, texts: list[str]) -> list[dict[str, str]]:
    """``n`` short articles: the first one or two sentences of each source text."""
    snippets = []
    for text in texts:
        parts = _SENTENCE_END.split(text.strip(), maxsplit=2)
        snippet = " ".join(parts[:2])[:400].strip()
        if snippet:
            snippets.append(snippet)
    return [{"id": f"s{i}", "text": snippets[i % len(snippets)]} for i in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=2, help="LGL copies for the speed-up")
    parser.add_argument("--lines", type=int, default=2000, help="lines of the small file")
    parser.add_argument("--factor", type=int, default=10, help="large file = factor x lines")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    _perf.need(_perf.LGL_XML, "the LGL corpus")
    home, info = _perf.prepare(args.home)
    env = _perf.env_with_home(home)
    cores = os.cpu_count() or 1
    out: dict[str, object] = {"machine": info}
    records = list(_perf.lgl_records())
    with tempfile.TemporaryDirectory(prefix="cm-batch-") as tmpdir:
        tmp = Path(tmpdir)
        corpus = tmp / "lgl.jsonl"
        n = _perf.write_jsonl(
            [
                {"id": f"{r['id']}-{c}", "text": r["text"]}
                for c in range(args.copies)
                for r in records
            ],
            corpus,
        )
        worker_counts = sorted({1, *range(2, cores + 1)})
        commands = {
            w: _perf.conflictmap_cmd("extract", "--jsonl", str(corpus), "--workers", str(w))
            for w in worker_counts
        }
        outputs = {}
        for w, cmd in commands.items():  # warm-up, and the outputs must be identical
            target = tmp / f"out-{w}.jsonl"
            _perf.run(cmd, env=env, stdout=target, sample_tree=False)
            outputs[w] = target.read_bytes()
        same = all(o == outputs[1] for o in outputs.values())
        runs: dict[int, list[_perf.Run]] = {w: [] for w in commands}
        for _ in range(args.reps):
            for w, cmd in commands.items():
                runs[w].append(_perf.run(cmd, env=env))
        print(f"\n## speed-up: {n} LGL articles ({args.copies} copies), {args.reps} reps")
        print(f"{'workers':>7} {'median s':>9} {'speed-up':>9} {'efficiency':>10} {'tree MB':>8}")
        speed: list[dict[str, object]] = []
        one = _perf.summary(runs[1])["median_s"]
        for w in commands:
            s = _perf.summary(runs[w])
            up = one / s["median_s"]
            speed.append(
                {"workers": w, **s, "speedup": round(up, 2), "efficiency": round(up / w, 2)}
            )
            print(
                f"{w:>7} {s['median_s']:>9.3f} {up:>9.2f} {up / w:>10.2f} {s['tree_peak_mb'] or 0:>8.1f}"
            )
        print(f"outputs identical for every worker count: {same}")
        out["speedup"] = {"articles": n, "rows": speed, "identical_outputs": same}

        texts = [r["text"] for r in records if r["text"].strip()]
        print(f"\n## memory against input length (all {cores} cores)")
        print(
            f"{'lines':>8} {'MB in':>7} {'median s':>9} {'lines/s':>8} {'tree peak MB':>13} "
            f"{'largest process MB':>19}"
        )
        mem = []
        for lines in (args.lines, args.lines * args.factor):
            path = tmp / f"small-{lines}.jsonl"
            _perf.write_jsonl(small_records(lines, texts), path)
            cmd = _perf.conflictmap_cmd("extract", "--jsonl", str(path))
            target = tmp / "small-out.jsonl"
            rs = [_perf.run(cmd, env=env, stdout=target) for _ in range(max(1, args.reps - 1))]
            written = sum(1 for _ in target.open("rb"))
            errors = sum(
                1
                for line in target.open("rb")
                if b'"error"' in line and "error" in json.loads(line)
            )
            s = _perf.summary(rs)
            row = {
                "lines": lines,
                "bytes": path.stat().st_size,
                **s,
                "lines_per_s": round(lines / s["median_s"]),
                "written": written,
                "errors": errors,
            }
            mem.append(row)
            print(
                f"{lines:>8} {path.stat().st_size / 1e6:>7.2f} {s['median_s']:>9.2f} "
                f"{row['lines_per_s']:>8} {s['tree_peak_mb'] or 0:>13.1f} {s['max_rss_mb']:>19.1f}"
            )
        growth_tree = _perf.ratio(mem[1]["tree_peak_mb"] or 0, mem[0]["tree_peak_mb"] or 1)
        growth_one = _perf.ratio(mem[1]["max_rss_mb"], mem[0]["max_rss_mb"])
        print(
            f"peak memory, {args.factor}x the lines: tree {growth_tree}x, largest process "
            f"{growth_one}x (1.0 = flat)"
        )
        out["memory"] = {"rows": mem, "tree_growth": growth_tree, "process_growth": growth_one}
    _perf.save("batch_scaling", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
