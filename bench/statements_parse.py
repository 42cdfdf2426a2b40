"""The statement parser on hostile repetitions: CPU per megabyte, and how it grows.

For each input family (dense distance keywords, dense "near", prose full of
statements, compass words with no anchor, nested "between"), the parser runs on
two sizes of the same repetition; a linear parser costs the same per byte at both
(``growth`` near 1.0). The peer is Python's own ``re.finditer`` of the offset
pattern over the same text, in the same run: ``vs finditer`` is the parser's whole
cost (every family, mentions, subjects) over that one plain scan.

Usage::

    python bench/statements_parse.py [--kb 200]

CPU seconds (``time.process_time``), one process, no gazetteer.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from conflictmap.model import Mention
from conflictmap.statements.parse import parse
from conflictmap.statements.parse.offsets import OFFSET
from conflictmap.statements.parse.squeeze import Squeezed

NAMES = re.compile(r"Gao|Bamako|Kidal|Ansongo")

FAMILIES: dict[str, Callable[[int], str]] = {
    "50 km repeated": lambda kb: "50 km " * (kb * 1024 // 6) + "from Gao.",
    "near Gao repeated": lambda kb: "near Gao " * (kb * 1024 // 9),
    "prose with statements": lambda kb: (
        (
            "Rebels attacked Gao, some 300 km north-east of Bamako, near Kidal on the road "
            "between Gao and Ansongo. "
        )
        * (kb * 1024 // 103)
    ),
    "compass words, one anchor": lambda kb: "north north of the " * (kb * 1024 // 19) + "Gao",
    "between between": lambda kb: "between Gao and between " * (kb * 1024 // 24),
}


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def _parse_cost(text: str) -> float:
    mentions = [Mention(start=m.start(), end=m.end(), text=m.group(), place=f"t:{m.group()}")
                for m in NAMES.finditer(text)]  # fmt: skip
    return _cpu(lambda: parse(text, mentions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=200, help="the smaller size, in KB")
    args = parser.parse_args()
    small, large = args.kb, args.kb * 4
    print(f"{'family':26} {'s/MB at ' + str(small) + ' KB':>14} {'s/MB at ' + str(large) + ' KB':>14}"
          f" {'growth':>7} {'vs finditer':>12}")  # fmt: skip
    for name, make in FAMILIES.items():
        per_mb = []
        for kb in (small, large):
            text = make(kb)
            per_mb.append(_parse_cost(text) / (len(text) / 1e6))
        text = make(large)
        squeezed = Squeezed(text).text
        peer = _cpu(lambda squeezed=squeezed: sum(1 for _ in OFFSET.finditer(squeezed)))
        ratio = per_mb[1] * (len(text) / 1e6) / peer if peer > 0 else float("nan")
        print(
            f"{name:26} {per_mb[0]:14.2f} {per_mb[1]:14.2f} {per_mb[1] / per_mb[0]:7.2f} {ratio:12.2f}"
        )


if __name__ == "__main__":
    main()
