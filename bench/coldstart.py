"""Cold start and peak memory: one article to JSON, and to an HTML map, whole process.

Each run is a fresh ``python -m conflictmap ...`` process with the gazetteer already
built (the page cache is warm: "cold" means a new process, not an empty disk cache).
Peers in the same run: flashgeotext loading and extracting the same article, and a
bare Folium map rendered to HTML (what any Folium-based tool pays at least).

Measured twice: with the default gazetteer, and with the Mali GeoNames dump
(``../shared/data/geonames/ML.txt``) imported into a temporary home.

Floors: JSON < 1.0 s, HTML map < 2.0 s, peak RSS < 300 MB with the default gazetteer.
Issue 19's target: one article to JSON in at most 0.3 s of CPU time (user + system of
the whole process; on a busy machine wall time mostly measures the queue).

Usage::

    python bench/coldstart.py [--reps 5] [--home DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import _perf

FLOORS = {"extract": 1.0, "map": 2.0}
RSS_FLOOR_MB = 300.0
#: issue 19: CPU seconds of the whole ``extract`` process, one article to JSON
TARGET_CPU_S = 0.3

FGT_ONE = (
    "import sys, json\n"
    "from flashgeotext.geotext import GeoText\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "print(json.dumps(GeoText().extract(input_text=text)))\n"
)
FOLIUM_BARE = (
    "import sys, folium\n"
    "m = folium.Map(tiles=None)\n"
    "folium.Marker([12.6, -8.0], popup='x').add_to(m)\n"
    "open(sys.argv[1], 'w', encoding='utf-8').write(m.get_root().render())\n"
)


def article_path() -> Path:
    if _perf.MALI.exists():
        return _perf.MALI
    found = sorted(_perf.EXAMPLES.glob("*.txt"))
    if not found:
        raise SystemExit("skipped: no article (../shared absent and examples/ empty)")
    return found[0]


def measure(home: Path, article: Path, reps: int, tmp: Path) -> dict[str, dict[str, object]]:
    env = _perf.env_with_home(home)
    html = tmp / "map.html"
    commands = {
        "python (empty interpreter)": [_perf.PYTHON, "-c", "pass"],
        "import conflictmap": [_perf.PYTHON, "-c", "import conflictmap.cli"],
        "extract (JSON)": _perf.conflictmap_cmd("extract", str(article)),
        "map (HTML)": _perf.conflictmap_cmd("map", str(article), "-o", str(html)),
        "peer: flashgeotext, one article": [_perf.PYTHON, "-c", FGT_ONE, str(article)],
        "peer: bare folium map": [_perf.PYTHON, "-c", FOLIUM_BARE, str(tmp / "bare.html")],
    }
    for cmd in commands.values():  # warm the page cache; fail early
        _perf.run(cmd, env=env, sample_tree=False)
    runs: dict[str, list[_perf.Run]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, cmd in commands.items():
            runs[name].append(_perf.run(cmd, env=env, sample_tree=False))
    return {name: _perf.summary(rs) for name, rs in runs.items()}


def print_table(title: str, results: dict[str, dict[str, object]]) -> None:
    print(f"\n## {title}")
    print(f"{'':34} {'median s':>9} {'min':>7} {'max':>7} {'CPU s':>7} {'peak RSS MB':>12}")
    for name, r in results.items():
        print(
            f"{name:34} {r['median_s']:9.3f} {r['min_s']:7.3f} {r['max_s']:7.3f} "
            f"{r['median_cpu_s']:7.3f} {r['max_rss_mb']:12.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home, info = _perf.prepare(args.home)
    article = article_path()
    print(f"# article: {article.name} ({article.stat().st_size:,} bytes); {args.reps} reps")
    out: dict[str, object] = {"machine": info, "article": article.name, "reps": args.reps}
    with tempfile.TemporaryDirectory(prefix="cm-cold-") as tmpdir:
        tmp = Path(tmpdir)
        default = measure(home, article, args.reps, tmp)
        print_table("default gazetteer", default)
        out["default"] = default
        verdicts = {}
        for key, name in (("extract", "extract (JSON)"), ("map", "map (HTML)")):
            verdicts[key] = default[name]["median_s"] < FLOORS[key]  # type: ignore[operator]
        rss = max(default[n]["max_rss_mb"] for n in ("extract (JSON)", "map (HTML)"))  # type: ignore[type-var]
        verdicts["rss"] = rss < RSS_FLOOR_MB  # type: ignore[operator]
        peer = default["peer: flashgeotext, one article"]["median_s"]
        print(
            f"extract / flashgeotext: "
            f"{_perf.ratio(default['extract (JSON)']['median_s'], peer)}x; "  # type: ignore[arg-type]
            f"map / bare folium: "
            f"{_perf.ratio(default['map (HTML)']['median_s'], default['peer: bare folium map']['median_s'])}x"  # type: ignore[arg-type]
        )
        print(
            f"floors: JSON < {FLOORS['extract']} s {'met' if verdicts['extract'] else 'NOT MET'}; "
            f"map < {FLOORS['map']} s {'met' if verdicts['map'] else 'NOT MET'}; "
            f"RSS < {RSS_FLOOR_MB:g} MB {'met' if verdicts['rss'] else 'NOT MET'} ({rss} MB)"
        )
        cpu = default["extract (JSON)"]["median_cpu_s"]
        verdicts["cpu"] = cpu <= TARGET_CPU_S  # type: ignore[operator]
        print(
            f"target: JSON in <= {TARGET_CPU_S:g} s CPU "
            f"{'met' if verdicts['cpu'] else 'NOT MET'} ({cpu} s)"
        )
        out["floors_met"] = verdicts

        ml = _perf.GEONAMES / "ML.txt"
        if not ml.exists():
            print(
                "\n# skipped the imported-Mali measurement: ../shared/data/geonames/ML.txt absent"
            )
        elif not _perf.importer_available():
            print("\n# skipped the imported-Mali measurement: no 'gazetteer import' command")
        else:
            mali_home = tmp / "home-ml"
            mali_home.mkdir()
            shutil.copy2(home / "base.sqlite", mali_home / "base.sqlite")
            imported = _perf.run(
                _perf.conflictmap_cmd("gazetteer", "import", "--quiet", str(ml)),
                env=_perf.env_with_home(mali_home),
            )
            with_ml = measure(mali_home, article, args.reps, tmp)
            print_table(f"with ML.txt imported (import took {imported.wall_s:.2f} s)", with_ml)
            out["with_ML_imported"] = with_ml
            out["ML_import"] = _perf.summary([imported])
    _perf.save("coldstart", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
