"""What one map costs: CPU and peak memory of ``conflictmap map`` on one article (issue 18).

Not a test. Each run is a whole ``python -m conflictmap map ARTICLE -o map.html``
process with the gazetteer already built (page cache warm). Rows, all in the same run:

* ``map``: this tree, as a user runs it;
* ``map, no orientation layers``: this tree with the orientation layers, the
  unnamed towns and the 1:10m outlines in view switched off (``orientation``
  returns nothing, ``coast`` draws no detail): what the map cost before those layers (issue 18's "old figure", 1.03 s
  CPU / 82 MB), measured here on the same machine at the same time: the peer;
* ``peer tree`` (with ``--peer-src DIR --peer-home DIR``): another checkout of the
  library (e.g. ``git archive`` of main before a change) with a home built by it.

Ratios are CPU (user + system) over the no-orientation peer's. Figures are medians
of ``--reps`` runs after one warm-up run per row (which also compiles bytecode).

Usage::

    python bench/map_cost.py [--reps 5] [--home DIR] [--article FILE]
                             [--peer-src DIR --peer-home DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import _perf

#: ``conflictmap`` from the source folder given first (``python -c DRIVER SRC ARGS``;
#: the folder replaces the working directory at the head of ``sys.path``, so a peer's
#: tree is imported even when the benchmark runs from this one)
DRIVER = (
    "import sys\n"
    "sys.path[0] = sys.argv.pop(1)\n"
    "{patch}"
    "from conflictmap.cli.run import main\n"
    "sys.argv = ['conflictmap', *sys.argv[1:]]\n"
    "main()\n"
)
#: the orientation layers, the unnamed towns and the 1:10m outlines switched off
NO_ORIENTATION = (
    "import conflictmap.mapping.coast as coast\n"
    "coast.DETAIL_MAX_SPAN = -1.0\n"
    "import conflictmap.mapping.layers as layers\n"
    "layers.orientation = lambda *args, **kwargs: None\n"
    "layers.towns = lambda *args, **kwargs: []\n"
)


def article_path(given: Path | None) -> Path:
    if given is not None:
        return given
    if _perf.MALI.exists():
        return _perf.MALI
    found = sorted(_perf.EXAMPLES.glob("*.txt"))
    if not found:
        raise SystemExit("skipped: no article (../shared absent and examples/ empty)")
    return found[0]


def _row(cmd: list[str], env: dict[str, str], reps: int) -> dict[str, Any]:
    _perf.run(cmd, env=env, sample_tree=False)  # warm-up: bytecode, page cache
    return _perf.summary(_perf.repeat(reps, cmd, env=env, sample_tree=False))


def measure(args: argparse.Namespace, home: Path, tmp: Path) -> dict[str, dict[str, Any]]:
    tail = ["map", str(article_path(args.article)), "-o", str(tmp / "map.html")]
    env = _perf.env_with_home(home)
    here = str(_perf.ROOT)
    rows = {
        "map": _row([_perf.PYTHON, "-c", DRIVER.format(patch=""), here, *tail], env, args.reps),
        "map, no orientation layers": _row(
            [_perf.PYTHON, "-c", DRIVER.format(patch=NO_ORIENTATION), here, *tail], env, args.reps
        ),
    }
    if args.peer_src is not None:
        peer_env = _perf.env_with_home(args.peer_home)
        peer_env["PYTHONPYCACHEPREFIX"] = str(tmp / "peer-pycache")
        cmd = [_perf.PYTHON, "-c", DRIVER.format(patch=""), str(args.peer_src), *tail]
        rows[f"peer tree {args.peer_src}"] = _row(cmd, peer_env, args.reps)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--article", type=Path, default=None)
    parser.add_argument("--peer-src", type=Path, default=None)
    parser.add_argument("--peer-home", type=Path, default=None)
    args = parser.parse_args()
    if (args.peer_src is None) != (args.peer_home is None):
        parser.error("--peer-src and --peer-home go together")
    home, info = _perf.prepare(args.home)
    with tempfile.TemporaryDirectory(prefix="cm-map-cost-") as tmp:
        rows = measure(args, home, Path(tmp))
    peer = rows["map, no orientation layers"]["median_cpu_s"]
    print(f"# article: {article_path(args.article).name}, {args.reps} runs per row")
    print("row\tcpu_s (median)\twall_s (median)\tmax_rss_mb\tcpu vs no-orientation peer")
    for name, row in rows.items():
        print(f"{name}\t{row['median_cpu_s']:.2f}\t{row['median_s']:.2f}\t"
              f"{row['max_rss_mb']:.0f}\t{_perf.ratio(row['median_cpu_s'], peer):.2f}")  # fmt: skip
    _perf.save("map_cost", {"machine": info, "rows": rows})


if __name__ == "__main__":
    sys.exit(main())
