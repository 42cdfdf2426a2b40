"""One definition of a strong place cue, used by the spotter and the resolver alike.

A strong cue ("in", "near", "the town of") keeps a one-word name that is also an
ordinary word as a place in the spotter, and makes the resolver count the spot as
supported. "to" is not one: "according to Hope" names no place.
"""

from __future__ import annotations

import pytest

from conflictmap.recognize.base import Spot, is_strong_cue
from conflictmap.resolve.groups import supported

from .recognize_gazetteer import found, gazetteer, place, reasons

HOPE = gazetteer([place("Hope")], english={"hope": 1086})


@pytest.mark.parametrize(
    ("cue", "strong"),
    [
        ("in", True),
        ("near", True),
        ("outside", True),
        ("from", True),
        ("town", True),
        ("town of", True),
        ("district of", True),
        ("to", False),
        ("and", False),
        ("between", False),
        (",", False),
        (None, False),
    ],
)
def test_strong_cues(cue: str | None, strong: bool) -> None:
    assert is_strong_cue(cue) is strong


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Shelling was reported in Hope on Monday.", True),
        ("Shelling was reported near Hope on Monday.", True),
        ("The grant went to Hope on Monday.", False),
        ("They talked about Hope on Monday.", False),
    ],
)
def test_spotter_keeps_an_ordinary_word_only_after_a_strong_cue(text: str, kept: bool) -> None:
    assert (("Hope", "name") in found(HOPE, text)) is kept
    if not kept:
        assert reasons(HOPE, text)["Hope"] == "ordinary word"


@pytest.mark.parametrize("cue", ["in", "near", "town of", "to", "and", None])
def test_resolver_support_is_the_spotter_cue(cue: str | None) -> None:
    spot = Spot(start=0, end=5, text="Titan", key="titan", cue=cue)
    assert supported(spot) is is_strong_cue(cue)
    assert supported(Spot(start=0, end=5, text="Titan", key="titan", cue=cue, container=1))
