#!/usr/bin/env python3
"""Statement re-ranking against article length: linear, measured against the parser.

Usage::

    python bench/rerank_scaling.py [--sizes 25,50,100,200] [--home HOME]

Repeated prose (the same report of an attack, a distance, a direction and a border,
over and over) is the worst case issue 20 found for ``statements/evidence.py``: every
repeat adds statements about the same ambiguous names. For each size (KB) the script
spots, resolves and parses once, then times, in CPU seconds of this process,
``rerank`` and its named peer, the statement parser (``statements.parse.parse``) on
the same text. Linear work shows as a flat "ms/KB" column; the last line prints the
ratio of rerank's ms/KB at the largest size to that at the smallest (1.0 is linear;
before the re-scoring was done once per name it grew with the size: 2.6 s at 25 KB
and 21 s at 100 KB in issue 20).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.statements.assemble import Assembler  # noqa: E402
from conflictmap.statements.evidence import rerank  # noqa: E402
from conflictmap.statements.parse import parse  # noqa: E402

REPORT = (
    "Rebels attacked Gao, some 300 km north-east of Mopti, and then moved towards Kidal, "
    "near the Algerian border. "
)


def _cpu(work, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="25,50,100,200", help="KB, comma-separated")
    parser.add_argument("--home", default=None)
    args = parser.parse_args()
    gaz = open_gazetteer(args.home)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'KB':>5s} {'statements':>10s} {'rerank s':>9s} {'ms/KB':>7s} "
          f"{'parse s':>8s} {'ms/KB':>7s} {'rerank/parse':>12s}")  # fmt: skip
    per_kb = []
    for kb in sizes:
        text = REPORT * max(1, kb * 1000 // len(REPORT))
        resolution = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text))
        parsed = parse(text, resolution.mentions)
        verdict_of = Assembler(gaz, resolution).verdict_of
        moved = rerank(parsed, resolution, verdict_of)  # and warm the caches
        t_rerank = _cpu(lambda: rerank(parsed, resolution, verdict_of))  # noqa: B023
        t_parse = _cpu(lambda: parse(text, resolution.mentions))  # noqa: B023
        size = len(text) / 1000
        per_kb.append(t_rerank * 1000 / size)
        print(f"{size:5.0f} {len(parsed):10d} {t_rerank:9.3f} {per_kb[-1]:7.2f} {t_parse:8.3f} "
              f"{t_parse * 1000 / size:7.2f} {t_rerank / t_parse:12.2f}"
              f"{'' if moved is not None else '  (nothing moved)'}")  # fmt: skip
    print(f"rerank ms/KB at {sizes[-1]} KB / at {sizes[0]} KB: {per_kb[-1] / per_kb[0]:.2f}")


if __name__ == "__main__":
    main()
