"""Facilities read only at their marks (issue 19) find what reading every run found.

``reference_facilities`` is the earlier loop, kept as the definition: every run of
capitalised words read left to right. The spotter is run with it and with the
current rule on the repository's examples, on texts built from the pieces the rule
turns on (facility words, prefixes, connectors, sentence openings, house numbers,
a prominent place inside a facility) and on arbitrary text.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import attrgetter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.recognize import facilities as module
from conflictmap.recognize import spotter
from conflictmap.recognize.base import State
from conflictmap.recognize.context import adjacent
from conflictmap.recognize.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    FACILITY_HEADS,
    FACILITY_PREFIXES,
)

from .recognize_gazetteer import gazetteer, place

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
_HOUSE_NUMBER = re.compile(r"\d[\w-]*\s*$")
_CAPITALISED = attrgetter("capitalised")


def reference_facilities(state: State) -> None:
    text, tokens = state.text, state.tokens
    n = len(tokens)
    resume = 0
    for i in compress(count(), map(_CAPITALISED, tokens)):
        if i < resume or (tokens[i].sentence_start and state.lowers[i] in COMMON_WORDS):
            continue
        j = i
        while (
            j + 1 < n
            and adjacent(text, tokens[j], tokens[j + 1])
            and (tokens[j + 1].capitalised or tokens[j + 1].text.lower() in CONNECTORS)
        ):
            j += 1
        while j > i and not tokens[j].capitalised:
            j -= 1
        lowers = state.lowers
        if j > i and (lowers[j].rstrip(".") in FACILITY_HEADS or lowers[i] in FACILITY_PREFIXES):
            lookback = max(0, tokens[i].start - state.tuning.house_number_lookback)
            if not _HOUSE_NUMBER.search(text[lookback : tokens[i].start]):
                module._add(state, i, j)
        resume = j + 1


GAZ = gazetteer(
    [place("London", "capital", population=9_000_000), place("Gao"), place("Royal")],
    english={"the": 1, "school": 900},
)

_PIECES = [
    "Royal", "Street", "St.", "St", "Rue", "Casa", "Calvo", "of", "de", "the", "The", "School",
    "London", "Bridge", "Gao", "Hospital", "Park", "park", "1935", "Orchard", "U.S.", "Place",
    "place", "Via", " ", " ", "-", " - ", ", ", ". ", "\n\n", "in", "Main", "Way", "ST.",
]  # fmt: skip
pieces = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    new = spotter.Spotter(GAZ).spot(text)
    with monkeypatch.context() as m:
        m.setattr(spotter, "facilities", reference_facilities)
        old = spotter.Spotter(GAZ).spot(text)
    assert new == old


def test_the_examples_read_as_defined(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in EXAMPLES:
        _same(text, monkeypatch)
    _same("He lives at 1935 Orchard St. near the Royal Street. The School Park.", monkeypatch)


@settings(max_examples=400, deadline=None)
@given(pieces)
def test_rule_pieces_read_as_defined(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        _same(text, m)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_reads_as_defined(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        _same(text, m)


def test_a_facility_is_still_found() -> None:
    found = spotter.Spotter(GAZ).spot("Shots were fired on Royal Street.")
    assert [(s.text, s.kind.value) for s in found.spots] == [("Royal Street", "facility")]
