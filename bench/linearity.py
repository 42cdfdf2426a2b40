#!/usr/bin/env python3
"""Is every parser linear in its input? The worst case per MB, per input family.

Usage::

    python bench/linearity.py                      # every family at 0.25, 0.5, 1 and 2 MB
    python bench/linearity.py --sizes 0.5 1 --only html-nested statements-offsets
    python bench/linearity.py --sizes 0.5 1 --only pipeline-prose --reps 5
    python bench/linearity.py --list

Each family is an input shape an attacker (or an unlucky user) can send: deeply nested
or unclosed HTML, attribute and entity floods, a distance phrase repeated, dense place
lists, capitalised noise, JSON Lines, a corrections bundle with tens of thousands of
rejections (aliases are capped at 10,000 a file), a GeoNames dump. Every (family,
size) runs in a fresh child process, which reports the CPU time of the work alone (the
imports, the gazetteer opening and, for the pipeline, loading the home's memos of what
the word gates read and of the compiled patterns, as ``conflictmap extract`` does, are
not counted) and its peak resident memory.

Printed per family: CPU seconds per MB at the largest size, the growth of CPU time
when the input doubles (2.0 is linear, 4.0 quadratic) and the peak memory. The
budget (issue 20) is at most 2 s per MB for a parser; the whole pipeline on text
that is nothing but place names and distances is printed beside it as the peer
to compare with, and is measured against the same budget. Figures go to
``bench/results/linearity.json``. The real base gazetteer is opened from
``$CONFLICTMAP_HOME`` (built on first use if missing).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
#: CPU seconds per MB a parser may take (issue 20's budget).
BUDGET_S_PER_MB = 2.0
#: Growth on doubling above which a family is called superlinear (linear is 2.0;
#: the margin absorbs cache effects and a shared machine's noise).
SUPERLINEAR_GROWTH = 2.8


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _prose(size: int) -> str:
    text = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))
    )
    return _repeat(text + "\n\n", size)


def _capitalised(size: int) -> str:
    rng = random.Random(7)
    words = []
    total = 0
    while total < size:
        word = rng.choice(string.ascii_uppercase) + "".join(
            rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))
        )
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def _pipeline(text: str) -> Callable[[], object]:
    from conflictmap.pipeline import geoparse
    from conflictmap.store.registry import open_gazetteer
    from conflictmap.text import memos

    gazetteer = open_gazetteer(progress=False)
    # as `conflictmap extract` and `map` do: the gates' readings of the patterns and the
    # compiled patterns from the home's memos (kept by the CLI, written after the timed
    # work here, as the CLI does)
    memos.load(Path(gazetteer.home))

    def work() -> object:
        return geoparse(text, gazetteer=gazetteer)

    return work


def _html(text: str) -> Callable[[], object]:
    from conflictmap.text.html import html_to_text

    return lambda: html_to_text(text)


def _decode(data: bytes) -> Callable[[], object]:
    from conflictmap.text.decode import decode_bytes

    return lambda: decode_bytes(data)


def _jsonl(text: str) -> Callable[[], object]:
    from conflictmap.batch.records import parse_record

    lines = text.splitlines()
    return lambda: [parse_record(n, line) for n, line in enumerate(lines, 1)]


def _bundle(size: int) -> Callable[[], object]:
    from conflictmap.store.corrections.bundle import load_json, parse_bundle

    # Rejections: a file may hold at most 10,000 aliases (issue 20), rejections are uncapped.
    entry = {"name": "Gao town"}
    count = max(1, size // (len(json.dumps(entry)) + 2))
    raw = json.dumps({"format": "conflictmap-corrections", "version": 1, "reject": [entry] * count})
    return lambda: parse_bundle(load_json(raw.encode(), "bundle"), "bundle")


def _geonames(size: int) -> Callable[[], object]:
    from conflictmap.store.geonames import import_files

    folder = Path(tempfile.mkdtemp(prefix="cm-linearity-"))
    rows = []
    total = 0
    rng = random.Random(3)
    n = 0
    while total < size:
        n += 1
        name = "".join(rng.choices(string.ascii_lowercase, k=8)).title()
        row = "\t".join([
            str(9_000_000 + n), name, name, f"{name}a,{name}o", f"{rng.uniform(-60, 60):.5f}",
            f"{rng.uniform(-170, 170):.5f}", "P", "PPL", "ML", "", "05", "", "", "",
            str(rng.randint(0, 5000)), "", "300", "Africa/Bamako", "2024-01-01",
        ])  # fmt: skip
        rows.append(row)
        total += len(row) + 1
    dump = folder / "ZZ.txt"
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    home = folder / "home"
    home.mkdir()
    return lambda: import_files([dump], home=home)


#: family -> (what it exercises, a builder from a size in bytes to the work to time)
FAMILIES: dict[str, tuple[str, Callable[[int], Callable[[], object]]]] = {
    "pipeline-prose": ("the whole pipeline on the examples' prose", lambda n: _pipeline(_prose(n))),
    "pipeline-dense-places": (
        "the whole pipeline on nothing but places and distances",
        lambda n: _pipeline(
            _repeat(
                "Rebels attacked Gao, some 300 km north-east of Bamako, and fled towards "
                "Kidal near the Algerian border. ",
                n,
            )
        ),
    ),
    "statements-offsets": ("'50 km ' repeated", lambda n: _pipeline(_repeat("50 km ", n))),
    "spotter-capitalised": ("random capitalised words", lambda n: _pipeline(_capitalised(n))),
    "html-nested": (
        "nested divs",
        lambda n: _html("<div>" * (n // 11) + "Gao" + "</div>" * (n // 11)),
    ),
    "html-unclosed": ("unclosed spans", lambda n: _html(_repeat("<span>Gao ", n))),
    "html-attributes": (
        "one tag with a flood of attributes",
        lambda n: _html("<p " + " ".join(f"a{i}=1" for i in range(n // 8)) + ">Gao</p>"),
    ),
    "html-entities": (
        "an entity flood",
        lambda n: _html("<p>" + _repeat("&amp;&#x1b;", n) + "</p>"),
    ),
    "html-comments": ("a comment flood", lambda n: _html(_repeat("<!--x-->Gao ", n))),
    "decode-cp1252": (
        "Windows-1252 bytes",
        lambda n: _decode(_repeat("Ségou et Ménaka. ", n).encode("cp1252")),
    ),
    "jsonl-lines": (
        "short JSON Lines records",
        lambda n: _jsonl(_repeat(json.dumps({"id": "x", "text": "Gao fell."}) + "\n", n)),
    ),
    "jsonl-deep": ("one line nested 'n' deep", lambda n: _jsonl("[" * n)),
    "corrections-bundle": ("a bundle of rejections", _bundle),
    "geonames-dump": ("a GeoNames country dump imported", _geonames),
}


def _one(family: str, size: int) -> None:
    """Child process: build the input, run the work once, print the figures as JSON."""
    work = FAMILIES[family][1](size)
    start = time.process_time()
    work()
    cpu = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from conflictmap.text import memos

    memos.save()  # after the timed work, as the CLI does (nothing unless a pipeline loaded it)
    print(json.dumps({"family": family, "bytes": size, "cpu_s": cpu, "max_rss_mb": rss}))


def _measure(family: str, size: int, timeout: float) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, __file__, "--one", family, str(size)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        return {"family": family, "bytes": size, "error": proc.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _median(family: str, size: int, args: argparse.Namespace) -> dict[str, object]:
    """The run of median CPU time of ``args.reps`` fresh runs (a shared machine's CPU
    time moves by a third from one run to the next), with the peak memory of them all."""
    runs = [_measure(family, size, args.timeout) for _ in range(max(1, args.reps))]
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    cpus = [float(r["cpu_s"]) for r in runs]  # type: ignore[arg-type]
    chosen = dict(runs[cpus.index(statistics.median_low(cpus))])
    chosen["cpu_s_all"] = cpus
    chosen["max_rss_mb"] = max(float(r["max_rss_mb"]) for r in runs)  # type: ignore[arg-type]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 2], help="MB")
    parser.add_argument("--only", nargs="+", choices=sorted(FAMILIES), help="these families")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument(
        "--reps", type=int, default=1, help="runs per family and size (the median is printed)"
    )
    parser.add_argument("--list", action="store_true", help="list the families")
    parser.add_argument("--one", nargs=2, metavar=("FAMILY", "BYTES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return
    if args.list:
        for name, (what, _build) in FAMILIES.items():
            print(f"{name:24} {what}")
        return
    sizes = sorted(int(mb * MB) for mb in args.sizes)
    rows = []
    print(f"{'family':24} {'s/MB':>7} {'growth':>7} {'peak MB':>8}  verdict")
    for family in args.only or list(FAMILIES):
        runs = [_median(family, size, args) for size in sizes]
        rows.append(_summary(family, runs))
        row = rows[-1]
        print(
            f"{family:24} {row['s_per_mb']:>7} {row['growth']:>7} {row['peak_mb']:>8}  {row['verdict']}"
        )
    worst = max((r for r in rows if isinstance(r["s_per_mb"], float)), key=lambda r: r["s_per_mb"])
    print(f"worst: {worst['family']} at {worst['s_per_mb']} s/MB; "
          f"over budget: {sum(r['verdict'] != 'ok' for r in rows)} of {len(rows)} families")  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "linearity.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _summary(family: str, runs: list[dict[str, object]]) -> dict[str, object]:
    good = [r for r in runs if "error" not in r]
    if len(good) < len(runs) or not good:
        failed = next(r for r in runs if "error" in r)
        return {"family": family, "runs": runs, "s_per_mb": "-", "growth": "-", "peak_mb": "-",
                "verdict": f"error at {int(failed['bytes']) / MB:g} MB: {failed['error']}"}  # type: ignore[call-overload]  # fmt: skip
    last = good[-1]
    s_per_mb = round(float(last["cpu_s"]) / (int(last["bytes"]) / MB), 3)  # type: ignore[arg-type]
    growth: float | str = "-"
    if len(good) >= 2 and float(good[-2]["cpu_s"]) > 0:  # type: ignore[arg-type]
        ratio = int(good[-1]["bytes"]) / int(good[-2]["bytes"])  # type: ignore[call-overload]
        growth = round(float(good[-1]["cpu_s"]) / float(good[-2]["cpu_s"]) * 2 / ratio, 2)  # type: ignore[arg-type]
    verdict = "ok"
    if s_per_mb > BUDGET_S_PER_MB:
        verdict = f"over {BUDGET_S_PER_MB:g} s/MB"
    if isinstance(growth, float) and growth > SUPERLINEAR_GROWTH:
        verdict = f"superlinear (x{growth} on doubling)"
    peak = round(max(float(r["max_rss_mb"]) for r in good), 1)  # type: ignore[arg-type]
    return {"family": family, "runs": runs, "s_per_mb": s_per_mb, "growth": growth,
            "peak_mb": peak, "verdict": verdict}  # fmt: skip


if __name__ == "__main__":
    main()
