"""The squeezed text's offset map: bisection gives what the per-character table gave."""

from __future__ import annotations

import random

import pytest

from conflictmap.statements.parse.squeeze import Squeezed


def _table(squeezed: Squeezed, size: int) -> list[int]:
    to_orig, to_new, last, j = squeezed.to_orig, [0] * (size + 1), 0, 0
    for i in range(size + 1):
        if j < len(to_orig) and to_orig[j] == i:
            last = j
            j += 1
        to_new[i] = last
    return to_new


@pytest.mark.parametrize("seed", range(5))
def test_new_offsets_match_the_table(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = ["Gao", "near", "Kidal,", " ", "  ", "\n", "\n\n\n", "\t  \n ", "é"]
    text = "".join(rnd.choice(pieces) for _ in range(400))
    squeezed = Squeezed(text)
    if squeezed.identity:
        return
    table = _table(squeezed, len(text))
    assert [squeezed._new(i) for i in range(len(text) + 1)] == table
    assert all(
        squeezed.text[squeezed._new(i)] == text[i]
        for i in range(len(text))
        if not text[i].isspace()
    )
