"""The derived indexes of a home built in bounded memory, and equal to the in-memory builds.

For a home (the base, or the base and an imported layer), each build runs in a
process of its own and prints its CPU seconds and peak RSS:

* ``translit``: the transliteration index as it is built now
  (:func:`conflictmap.resolve.variantstore.build_stored`, inside SQLite);
* ``translit-memory``: the in-memory build (``VariantIndex.build`` over every name,
  as every build was before), the peer; its rows are compared with the stored
  index's, row by row;
* ``names``: the name index of every layer, as :func:`conflictmap.store.nameindex.
  rebuild_index` builds it now;
* ``names-memory``: the same files written by the in-memory builder kept here
  (``tests/_nameindex_reference.py``, the builder as it was before it streamed), the
  peer; the files are compared byte for byte.

With ``--no-reference`` the peers are not run (an allCountries-sized layer: the
in-memory builds need gigabytes). The home's indexes are built in a scratch copy of
the home (its layer files linked), so the home itself is left as it is.

Usage::

    python bench/derived_indexes.py [--home DIR] [--no-reference] [--only translit|names]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _perf

sys.path.insert(0, str(_perf.ROOT))

from conflictmap.paths import BASE_DB, IMPORTED_DB


def _usage(started: float) -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu_s": round(usage.ru_utime + usage.ru_stime - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _gazetteer(home: Path):  # type: ignore[no-untyped-def]
    from conflictmap.store.gazetteer import Gazetteer

    return Gazetteer(home, build=False, progress=False)


def one_translit(home: Path, memory: bool) -> dict[str, object]:
    """Build the transliteration index of ``home`` (stored, or in memory)."""
    from conflictmap.resolve.variants import VariantIndex, _layer_files, _stamp
    from conflictmap.resolve.variantstore import build_stored

    with _gazetteer(home) as gaz:
        stamp = _stamp(gaz)
        path = home / f"translit-{stamp}.sqlite"
        started = _cpu()
        if memory:
            index = VariantIndex.build(gaz.name_keys())
            out = _usage(started)
            out["skeletons"] = len(index.buckets)
            out["different"] = _compare_translit(path, index.buckets)
            return out
        files = _layer_files(gaz)
        assert files, "no stored layers"
        stored = build_stored(path, files, stamp, time.time())
        out = _usage(started)
        out["stored"] = stored
        out["file_mb"] = round(path.stat().st_size / 1e6, 1)
        return out


def _compare_translit(path: Path, buckets: dict[str, list[str]]) -> int:
    """Rows of the stored index at ``path`` that differ from ``buckets`` (missing, extra
    or other names); -1 when there is no stored index to compare."""
    import sqlite3

    if not path.exists():
        return -1
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    different = 0
    seen = 0
    for skeleton, names in conn.execute("SELECT skeleton, names FROM skeletons"):
        seen += 1
        if buckets.get(skeleton) != names.split("\n"):
            different += 1
    conn.close()
    return different + abs(len(buckets) - seen)


def one_names(home: Path, memory: bool, out_dir: Path) -> dict[str, object]:
    """Build the name index of each layer of ``home`` into ``out_dir``."""
    import sqlite3

    from conflictmap.store.gazetteer.base import PLACE_COLUMNS
    from conflictmap.store.nameindex import layer_stamp
    from conflictmap.store.nameindex.build import write_index

    conn = sqlite3.connect(f"file:{home / BASE_DB}?mode=ro", uri=True)
    specs = [("base", "")]
    if (home / IMPORTED_DB).exists():
        conn.execute("ATTACH ? AS imp", (f"file:{home / IMPORTED_DB}?mode=ro",))
        specs.append(("imported", "imp."))
    started = _cpu()
    sizes = {}
    for name, schema in specs:
        stamp = layer_stamp(conn, schema)
        target = out_dir / f"{name}.idx"
        with target.open("w+b") as out:
            if memory:
                from tests import _nameindex_reference

                _nameindex_reference.write_index(
                    conn, out, stamp=stamp, schema=schema, columns=PLACE_COLUMNS
                )
            else:
                write_index(conn, out, stamp=stamp, schema=schema, columns=PLACE_COLUMNS)
        sizes[name] = round(target.stat().st_size / 1e6, 1)
    result = _usage(started)
    result["file_mb"] = sizes
    return result


def _child(args: list[str]) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise SystemExit(f"{args}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _scratch_home(home: Path, folder: Path) -> Path:
    copy = folder / "home"
    copy.mkdir()
    for name in (BASE_DB, IMPORTED_DB):
        if (home / name).exists():
            os.symlink((home / name).resolve(), copy / name)
    return copy


def _same_files(left: Path, right: Path) -> bool:
    with left.open("rb") as a, right.open("rb") as b:
        while True:
            x, y = a.read(1 << 20), b.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--only", choices=["translit", "names"], default=None)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, home, out_dir = args.one
        if kind.startswith("translit"):
            result = one_translit(Path(home), kind.endswith("memory"))
        else:
            result = one_names(Path(home), kind.endswith("memory"), Path(out_dir))
        print(json.dumps(result))
        return
    from conflictmap.paths import resolve_home

    home = resolve_home(args.home)
    print(_perf.machine_line() if hasattr(_perf, "machine_line") else "", f"load {os.getloadavg()}")
    folder = Path(tempfile.mkdtemp(prefix="cm-derived-", dir=home.parent))
    try:
        scratch = _scratch_home(home, folder)
        kinds = ["translit", "names"] if args.only is None else [args.only]
        for kind in kinds:
            runs = [kind] if args.no_reference else [kind, f"{kind}-memory"]
            for run in runs:
                out_dir = folder / run
                out_dir.mkdir()
                print(
                    run, json.dumps(_child(["--one", run, str(scratch), str(out_dir)])), flush=True
                )
            if kind == "names" and not args.no_reference:
                for name in sorted(p.name for p in (folder / "names").iterdir()):
                    same = _same_files(folder / "names" / name, folder / "names-memory" / name)
                    print(f"names {name}: byte-identical to the in-memory build: {same}")
        print(f"load {os.getloadavg()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
