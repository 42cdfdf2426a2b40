"""Scaling: time against article length (1 KB to 10 MB) and against gazetteer size.

Length: news text of each size is built by joining real articles (LGL, else the
repository's examples) end to end. Each size runs in a fresh process that opens
the gazetteer, then times ``geoparse`` + JSON of the result (startup excluded;
the median of several calls for short texts). flashgeotext runs on the same texts
in the same run as the peer. Linear scaling shows as a flat "us per KB" column;
the script prints the ratio of the per-KB time at the largest size to that at 10 KB.

Gazetteer size: the base, then the base plus each GeoNames country file of
``../shared/data/geonames/`` imported (temporary homes); for each, the LGL
throughput with one worker (whole process) and the Mali article's geoparse time.

Usage::

    python bench/scaling.py [--sizes 1K,10K,100K,1M,10M] [--skip-length] [--skip-gazetteer]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import _perf

CHILD = r"""
import json, statistics, sys, time
path, reps, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path, encoding="utf-8").read()
if mode == "conflictmap":
    from conflictmap.pipeline import geoparse, open_gazetteer
    gaz = open_gazetteer(progress=False)
    def work():
        return json.dumps(geoparse(text, gazetteer=gaz).to_dict())
else:
    from flashgeotext.geotext import GeoText
    geotext = GeoText()
    def work():
        return json.dumps(geotext.extract(input_text=text))
times = []
for _ in range(reps):
    start = time.perf_counter()
    work()
    times.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(times), "min_s": min(times), "reps": reps}))
"""

COUNTRY_FILES = ("ML", "SN", "BF", "CI", "GN", "MR", "NE")


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for suffix, factor in (("K", 1024), ("M", 1024**2)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


def reps_for(size: int) -> int:
    return max(1, min(20, (256 * 1024) // max(size, 1)))


def length_scaling(home: Path, sizes: list[int], tmp: Path, budget: float) -> dict[str, object]:
    env = _perf.env_with_home(home)
    texts = _perf.news_texts()
    rows = []
    print(f"\n## article length ({len(texts)} source articles)")
    print(
        f"{'size':>8} {'reps':>5} {'conflictmap s':>14} {'us/KB':>8} {'RSS MB':>7} "
        f"{'flashgeotext s':>15} {'us/KB':>8} {'x peer':>7}"
    )
    stopped = None
    for size in sizes:
        if stopped is not None:
            print(f"{size:>8}  not run: {stopped}")
            rows.append({"bytes": size, "not_run": stopped})
            continue
        path = tmp / f"text-{size}.txt"
        path.write_text(_perf.news_of_size(size, texts), encoding="utf-8")
        reps = reps_for(size)
        row: dict[str, object] = {"bytes": size, "reps": reps}
        for mode in ("conflictmap", "flashgeotext"):
            out = tmp / "child.json"
            measured = _perf.run(
                [_perf.PYTHON, "-c", CHILD, str(path), str(reps), mode],
                env=env,
                stdout=out,
                sample_tree=False,
                timeout=budget,
            )
            if measured.timed_out:
                row[mode] = {"timed_out_after_s": budget}
                stopped = f"{mode} took more than {budget:g} s at {size:,} B"
                break
            figures = json.loads(out.read_text())
            row[mode] = {
                "median_s": round(figures["median_s"], 5),
                "us_per_kb": round(1e6 * figures["median_s"] / (size / 1024), 1),
                "max_rss_mb": round(measured.max_rss_mb, 1),
            }
        if stopped is not None:
            print(f"{size:>8}  timed out: {stopped}")
            rows.append(row)
            continue
        cm, peer = row["conflictmap"], row["flashgeotext"]
        row["ratio_to_flashgeotext"] = _perf.ratio(cm["median_s"], peer["median_s"])  # type: ignore[index]
        print(
            f"{size:>8} {reps:>5} {cm['median_s']:>14.4f} {cm['us_per_kb']:>8.1f} "  # type: ignore[index]
            f"{cm['max_rss_mb']:>7.1f} {peer['median_s']:>15.4f} {peer['us_per_kb']:>8.1f} "  # type: ignore[index]
            f"{row['ratio_to_flashgeotext']:>7.2f}"
        )
        rows.append(row)
    done = [r for r in rows if "conflictmap" in r and "median_s" in r["conflictmap"]]  # type: ignore[operator]
    if not done:
        return {"rows": rows, "linearity_ratio": None}
    reference = next((r for r in done if r["bytes"] >= 10 * 1024), done[0])  # type: ignore[operator]
    largest = done[-1]
    linearity = _perf.ratio(
        largest["conflictmap"]["us_per_kb"],  # type: ignore[index]
        reference["conflictmap"]["us_per_kb"],  # type: ignore[index]
    )
    print(
        f"per-KB time at {largest['bytes']:,} B / at {reference['bytes']:,} B: {linearity} "
        "(1.0 = perfectly linear)"
    )
    return {"rows": rows, "linearity_ratio": linearity}


def gazetteer_scaling(home: Path, tmp: Path, reps: int) -> dict[str, object]:
    available = [c for c in COUNTRY_FILES if (_perf.GEONAMES / f"{c}.txt").exists()]
    if not available:
        print("\n# skipped gazetteer-size scaling: ../shared/data/geonames/ is absent")
        return {"skipped": "no GeoNames country files"}
    if not _perf.importer_available():
        print("\n# skipped gazetteer-size scaling: no 'gazetteer import' command")
        return {"skipped": "no importer"}
    _perf.need(_perf.LGL_XML, "the LGL corpus")
    corpus = tmp / "lgl.jsonl"
    n = _perf.write_jsonl(_perf.lgl_records(), corpus)
    article = _perf.MALI if _perf.MALI.exists() else None
    steps: list[tuple[str, list[str]]] = [("base", [])]
    if "ML" in available:
        steps.append(("base + ML", ["ML"]))
    steps.append((f"base + {len(available)} countries", available))
    print(f"\n## gazetteer size (LGL: {n} articles, --workers 1; {reps} reps)")
    print(
        f"{'gazetteer':28} {'imported rows':>13} {'import s':>9} {'LGL s':>7} "
        f"{'RSS MB':>7} {'Mali article s':>15}"
    )
    rows = []
    for label, codes in steps:
        step_home = tmp / f"home-{len(codes)}"
        step_home.mkdir()
        shutil.copy2(home / "base.sqlite", step_home / "base.sqlite")
        env = _perf.env_with_home(step_home)
        imported_rows = 0
        import_s = 0.0
        if codes:
            files = [str(_perf.GEONAMES / f"{c}.txt") for c in codes]
            imported_rows = sum(_count_rows(Path(f)) for f in files)
            import_s = _perf.run(
                _perf.conflictmap_cmd("gazetteer", "import", "--quiet", *files), env=env
            ).wall_s
        cmd = _perf.conflictmap_cmd("extract", "--jsonl", str(corpus), "--workers", "1")
        _perf.run(cmd, env=env, sample_tree=False)  # warm-up
        lgl = _perf.summary(_perf.repeat(reps, cmd, env=env, sample_tree=False))
        mali_s = None
        if article is not None:
            out = tmp / "child.json"
            _perf.run(
                [_perf.PYTHON, "-c", CHILD, str(article), "20", "conflictmap"],
                env=env,
                stdout=out,
                sample_tree=False,
            )
            mali_s = round(json.loads(out.read_text())["median_s"], 4)
        row = {
            "gazetteer": label,
            "imported_rows": imported_rows,
            "import_s": round(import_s, 2),
            "lgl": lgl,
            "mali_article_s": mali_s,
        }
        rows.append(row)
        print(
            f"{label:28} {imported_rows:>13,} {import_s:>9.2f} {lgl['median_s']:>7.3f} "
            f"{lgl['max_rss_mb']:>7.1f} {mali_s if mali_s is not None else '-':>15}"
        )
        shutil.rmtree(step_home)
    base_s = rows[0]["lgl"]["median_s"]  # type: ignore[index]
    for row in rows:
        row["lgl_ratio_to_base"] = _perf.ratio(row["lgl"]["median_s"], base_s)  # type: ignore[index]
    return {"rows": rows}


def _count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1K,10K,100K,1M,10M")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of the LGL runs")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds allowed per article size; larger sizes are not run once one exceeds it",
    )
    parser.add_argument("--skip-length", action="store_true")
    parser.add_argument("--skip-gazetteer", action="store_true")
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home, info = _perf.prepare(args.home)
    out: dict[str, object] = {"machine": info}
    with tempfile.TemporaryDirectory(prefix="cm-scale-") as tmpdir:
        tmp = Path(tmpdir)
        if not args.skip_length:
            sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
            out["length"] = length_scaling(home, sizes, tmp, args.budget)
        if not args.skip_gazetteer:
            out["gazetteer"] = gazetteer_scaling(home, tmp, args.reps)
    _perf.save("scaling", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
