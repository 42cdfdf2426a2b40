"""Run every speed and memory benchmark, then print the headline figures and the floors.

Runs, one after another (each prints its own tables and writes
``bench/results/<name>.json``): ``throughput.py``, ``coldstart.py``,
``batch_scaling.py``, ``scaling.py``, ``build_import.py``, and ``gazetteer.py``
(lookup latency) when it exists. Then writes ``bench/results/all.json``.

Timings on a shared machine are noisy: every result records the load average at
its start; compare figures only within one run.

Usage::

    python bench/run_all.py            # the full set (about 15-30 minutes)
    python bench/run_all.py --quick    # fewer repetitions, sizes up to 1 MB
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import _perf

FULL = {
    "throughput": ["--reps", "5"],
    "coldstart": ["--reps", "5"],
    "batch_scaling": ["--reps", "3"],
    "scaling": ["--reps", "3"],
    "build_import": ["--reps", "3"],
    "gazetteer": ["--skip-build"],  # build_import.py times the build
}
QUICK = {
    "throughput": ["--reps", "3"],
    "coldstart": ["--reps", "3"],
    "batch_scaling": ["--reps", "2", "--copies", "1", "--lines", "1000"],
    "scaling": ["--reps", "1", "--sizes", "1K,10K,100K,1M"],
    "build_import": ["--reps", "1"],
    "gazetteer": ["--skip-build", "--synthetic-rows", "200000"],
}


def load(name: str) -> dict[str, object] | None:
    path = _perf.RESULTS / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def headline(results: dict[str, dict[str, object] | None]) -> list[str]:
    lines = []
    t = results.get("throughput")
    if t:
        r = t["results"]  # type: ignore[index]
        for name, row in r.items():  # type: ignore[attr-defined]
            lines.append(
                f"LGL {t['articles']} articles, {name}: {row['median_s']} s "
                f"({row['ratio_to_flashgeotext']}x flashgeotext)"
            )
        lines.append(f"floor LGL <= 3x flashgeotext: {'met' if t['floor_met'] else 'NOT MET'}")
    c = results.get("coldstart")
    if c:
        d = c["default"]  # type: ignore[index]
        lines.append(
            f"cold start: extract {d['extract (JSON)']['median_s']} s, map "  # type: ignore[index]
            f"{d['map (HTML)']['median_s']} s; peak RSS {d['extract (JSON)']['max_rss_mb']} / "  # type: ignore[index]
            f"{d['map (HTML)']['max_rss_mb']} MB; floors {c['floors_met']}"  # type: ignore[index]
        )
        if "with_ML_imported" in c:
            m = c["with_ML_imported"]  # type: ignore[index]
            lines.append(
                f"with ML imported: extract {m['extract (JSON)']['median_s']} s, peak RSS "  # type: ignore[index]
                f"{m['map (HTML)']['max_rss_mb']} MB"  # type: ignore[index]
            )
    b = results.get("batch_scaling")
    if b:
        rows = b["speedup"]["rows"]  # type: ignore[index]
        best = rows[-1]
        lines.append(
            f"batch: {best['workers']} workers {best['speedup']}x one worker "
            f"(efficiency {best['efficiency']}); memory growth at 10x lines: tree "
            f"{b['memory']['tree_growth']}x, largest process {b['memory']['process_growth']}x"  # type: ignore[index]
        )
    s = results.get("scaling")
    if s and "length" in s:
        lines.append(
            f"length scaling: per-KB time largest/10 KB = {s['length']['linearity_ratio']}"  # type: ignore[index]
        )
    g = results.get("build_import")
    if g:
        lines.append(f"base build: {g['base_build']['median_s']} s")  # type: ignore[index]
        for row in g.get("imports", []):  # type: ignore[attr-defined]
            if str(row["file"]).startswith("all"):
                lines.append(f"import {row['file']} files: {row['rows_per_s']:,} rows/s")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and sizes")
    parser.add_argument("--only", help="comma-separated subset, e.g. throughput,coldstart")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.only:
        wanted = {x.strip() for x in args.only.split(",")}
        plan = {k: v for k, v in plan.items() if k in wanted}
    info = _perf.machine()
    _perf.print_machine(info)
    status = {}
    for name, extra in plan.items():
        script = _perf.BENCH / f"{name}.py"
        if not script.exists():
            print(f"\n=== {name}: skipped ({script.name} does not exist)")
            status[name] = "missing"
            continue
        print(f"\n=== {name} {' '.join(extra)}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([_perf.PYTHON, str(script), *extra], check=False)
        status[name] = f"exit {proc.returncode} after {time.perf_counter() - start:.0f} s"
    results = {name: load(name) for name in plan}
    print("\n=== headline figures")
    lines = headline(results)
    for line in lines:
        print(line)
    _perf.save("all", {"machine": info, "status": status, "headline": lines, "results": results})
    return 0 if all(s.startswith("exit 0") or s == "missing" for s in status.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
