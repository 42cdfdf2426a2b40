"""The squeezed text's offset map: its stretches give what a per-character table gave."""

from __future__ import annotations

import bisect
import random

import pytest

from conflictmap.statements.parse.squeeze import Squeezed


def _table(text: str) -> tuple[str, list[int]]:
    """The squeezed text and, per squeezed offset (and its end), the original one: the
    per-character table the parser kept before (every run of two or more whitespace
    characters squeezed to a blank line, a line break or a space)."""
    pieces, to_orig, pos, i = [], [], 0, 0
    while i < len(text):
        if not text[i].isspace():
            i += 1
            continue
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        if j - i >= 2:
            newlines = text[i:j].count("\n")
            short = "\n\n" if newlines >= 2 else "\n" if newlines else " "
            pieces.append(text[pos:i] + short)
            to_orig.extend(range(pos, i + len(short)))
            pos = j
        i = j
    pieces.append(text[pos:])
    to_orig.extend(range(pos, len(text) + 1))
    return "".join(pieces), to_orig


@pytest.mark.parametrize("seed", range(8))
def test_offsets_match_the_table(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = ["Gao", "near", "Kidal,", " ", "  ", "\n", "\n\n", "\n\n\n", "\t  \n ", "é", "\r\n"]
    text = "".join(rnd.choice(pieces) for _ in range(400))
    squeezed = Squeezed(text)
    short, to_orig = _table(text)
    assert squeezed.text == short
    assert squeezed.identity == (short == text)
    assert [squeezed.original(i) for i in range(len(short) + 1)] == to_orig
    to_new = [bisect.bisect_right(to_orig, i) - 1 for i in range(len(text) + 1)]
    assert [squeezed._new(i) for i in range(len(text) + 1)] == to_new
    assert all(
        squeezed.text[squeezed._new(i)] == text[i]
        for i in range(len(text))
        if not text[i].isspace()
    )


@pytest.mark.parametrize("text", ["  Gao  ", "\n\n\nGao", "Gao\t\t", "Gao\n\nKidal", "Gao"])
def test_runs_at_the_ends_and_runs_that_stay(text: str) -> None:
    squeezed = Squeezed(text)
    short, to_orig = _table(text)
    assert squeezed.text == short
    assert [squeezed.original(i) for i in range(len(short) + 1)] == to_orig
    to_new = [bisect.bisect_right(to_orig, i) - 1 for i in range(len(text) + 1)]
    assert [squeezed._new(i) for i in range(len(text) + 1)] == to_new


def test_the_space_table_is_every_ascii_whitespace() -> None:
    import re

    squeeze = __import__("conflictmap.statements.parse.squeeze", fromlist=["_SPACES"])
    every = {chr(c) for c in range(128) if re.fullmatch(r"\s", chr(c))}
    assert {chr(c) for c in squeeze._SPACES} | {"\n"} == every


@pytest.mark.parametrize(
    "text",
    ["a\x0b\x0cb", "a\r\nb", "a\n\nb", "a\n\n\nb", "a\t b", "a\x1c\x1db", "a b\nc", "a\n \nb"],
)
def test_runs_found_or_ruled_out_like_the_pattern(text: str) -> None:
    squeezed = Squeezed(text)
    short, _ = _table(text)
    assert squeezed.text == short
    assert squeezed.identity == (short == text)
