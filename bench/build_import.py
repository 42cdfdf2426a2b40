"""Gazetteer base build time, and GeoNames import rate (rows per second).

Whole processes in temporary homes:

* ``conflictmap gazetteer build --force`` (the offline base build);
* ``conflictmap gazetteer import XX.txt`` for each country file in
  ``../shared/data/geonames/`` into a fresh copy of the base, then all of them in
  one import;
* with ``--synthetic ROWS``, the import of a made-up dump of that many rows whose
  names are as diverse as the real ``allCountries`` (``bench/diverse_dump.py``);
* with ``--dump FILE`` (repeatable), the import of a dump already made (e.g. an
  allCountries-sized one: ``bench/diverse_dump.py OUT 13000000 --grow SMALL``).

Each import's layer size on disk (``imported.sqlite``) is printed with it, and the
load average (1 minute) when its first run started and when it ended (``load``:
``before>after``): on a shared machine the wall figures depend on it.

Peer in the same run: reading the same file with Python's ``csv`` module and
nothing else (the floor for any importer written in Python). Rates are given per
second of wall time and per second of CPU time (user + system, the figure to
compare on a shared machine).

(Lookup latency is measured by ``bench/gazetteer.py``.)

Usage::

    python bench/build_import.py [--reps 3] [--build-reps 1] [--home DIR]
                                 [--synthetic ROWS] [--no-build] [--no-country-files]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import _perf
from diverse_dump import diverse_dump

CSV_ONLY = (
    "import csv, sys\n"
    "csv.field_size_limit(1 << 24)\n"
    "n = 0\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, encoding='utf-8', newline='') as f:\n"
    "        for row in csv.reader(f, delimiter='\\t', quoting=csv.QUOTE_NONE):\n"
    "            n += 1\n"
    "print(n)\n"
)


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def _build(tmp: Path, reps: int) -> dict[str, object]:
    """``gazetteer build --force`` in a fresh home, ``reps`` times."""
    fresh = tmp / "fresh"
    builds = []
    for _ in range(reps):
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        builds.append(
            _perf.run(
                _perf.conflictmap_cmd("gazetteer", "build", "--force"),
                env=_perf.env_with_home(fresh),
            )
        )
    build = _perf.summary(builds)
    size_mb = (fresh / "base.sqlite").stat().st_size / 1e6
    print(
        f"\n## base build: median {build['median_s']:.2f} s over {len(builds)} run(s), "
        f"peak RSS {build['max_rss_mb']} MB, base.sqlite {size_mb:.1f} MB"
    )
    return {**build, "base_sqlite_mb": round(size_mb, 1)}


def _country_jobs() -> list[tuple[str, list[Path]]]:
    files = sorted(_perf.GEONAMES.glob("[A-Z][A-Z].txt")) if _perf.GEONAMES.exists() else []
    return [(f.stem, [f]) for f in files] + ([(f"all {len(files)}", files)] if files else [])


def _imports(
    tmp: Path, home: Path, jobs: list[tuple[str, list[Path]]], reps: int
) -> list[dict[str, object]]:
    """Each job imported ``reps`` times into a fresh copy of ``home``'s base."""
    print(f"\n## GeoNames import ({reps} reps; median)")
    print(
        f"{'file':16} {'rows':>10} {'import s':>9} {'rows/s':>8} {'cpu s':>8} {'rows/cpu-s':>10} "
        f"{'RSS MB':>7} {'disk MB':>8} {'csv-only s':>11} {'x peer':>7} {'load':>9}"
    )
    rows_out = []
    for label, paths in jobs:
        rows = sum(count_rows(p) for p in paths)
        runs, peers = [], []
        load_before = os.getloadavg()[0]
        for _ in range(reps):
            target = tmp / "imp"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            shutil.copy2(home / "base.sqlite", target / "base.sqlite")
            runs.append(
                _perf.run(
                    _perf.conflictmap_cmd("gazetteer", "import", "--quiet", *map(str, paths)),
                    env=_perf.env_with_home(target),
                    sample_tree=False,
                )
            )
            peers.append(
                _perf.run([_perf.PYTHON, "-c", CSV_ONLY, *map(str, paths)], sample_tree=False)
            )
        s, p = _perf.summary(runs), _perf.summary(peers)
        disk_mb = (tmp / "imp" / "imported.sqlite").stat().st_size / 1e6
        row = {
            "file": label,
            "rows": rows,
            "disk_mb": round(disk_mb, 1),
            "import": s,
            "rows_per_s": round(rows / s["median_s"]),
            "rows_per_cpu_s": round(rows / max(s["median_cpu_s"], 1e-9)),
            "csv_only": p,
            "ratio_to_csv_only": _perf.ratio(s["median_s"], p["median_s"]),
            "load_before": round(load_before, 2),
            "load_after": [round(x, 2) for x in os.getloadavg()],
        }
        rows_out.append(row)
        loads = f"{load_before:.1f}>{os.getloadavg()[0]:.1f}"
        print(
            f"{label:16} {rows:>10,} {s['median_s']:>9.2f} {row['rows_per_s']:>8,} "
            f"{s['median_cpu_s']:>8.2f} {row['rows_per_cpu_s']:>10,} {s['max_rss_mb']:>7.1f} "
            f"{disk_mb:>8.1f} "
            f"{p['median_s']:>11.2f} {row['ratio_to_csv_only']:>7.2f} {loads:>9}"
        )
    return rows_out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each import")
    parser.add_argument("--build-reps", type=int, default=1, help="repetitions of the build")
    parser.add_argument("--home", type=Path, help="home whose base is copied for imports")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="ROWS",
        help="also import a diverse made-up dump of ROWS rows",
    )
    parser.add_argument(
        "--dump", type=Path, action="append", default=[], help="also import this dump file"
    )
    parser.add_argument("--no-build", action="store_true", help="skip the base build")
    parser.add_argument(
        "--no-country-files",
        action="store_true",
        help="skip the imports of ../shared's country files",
    )
    args = parser.parse_args()
    home, info = _perf.prepare(args.home)
    out: dict[str, object] = {"machine": info}
    with tempfile.TemporaryDirectory(prefix="cm-build-") as tmpdir:
        tmp = Path(tmpdir)
        if not args.no_build:
            out["base_build"] = _build(tmp, args.build_reps)
        jobs = [] if args.no_country_files else _country_jobs()
        if args.synthetic:
            path = diverse_dump(tmp / "synthetic.txt", args.synthetic)
            jobs.append((f"diverse {args.synthetic:,}", [path]))
        jobs += [(dump.name, [dump]) for dump in args.dump]
        if not jobs:
            print("\n# skipped imports: ../shared/data/geonames/ is absent and no --synthetic")
        elif not _perf.importer_available():
            print("\n# skipped imports: no 'gazetteer import' command")
        else:
            out["imports"] = _imports(tmp, home, jobs, args.reps)
    _perf.save("build_import", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
