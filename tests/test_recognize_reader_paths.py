"""The reader's and the later rules' fast paths find exactly what the code they replaced
found (issue 20).

Each ``reference_*`` below is the earlier code, kept as the definition: the rejection
rules asked in full for every name (cue, following region and word list read before
they are needed; the organisation rules asked everywhere), the variant runs stepping
through every capitalised word, "Hama city" looked for after every spot, and the "A,
B" containers tried at every pair of spots. The
spotter is run with them patched in and without, on the repository's examples, on
texts built from the words the rules turn on, and on arbitrary text; ``closest`` is
asked of a set and of its keys grouped by first letter; a spot re-keyed by the
region rule's direct constructor is the one ``dataclasses.replace`` makes; and one read
of a name's candidates answers its prominence at every level and its curated flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import MentionKind
from conflictmap.recognize import organisations, regions, spans, spotter, variants
from conflictmap.recognize.base import Prominence, Span, Spot, State, prominence
from conflictmap.recognize.context import coordinated, cue_of, followed_by_region
from conflictmap.recognize.lexicon import MONTHS_DAYS
from conflictmap.recognize.reject import (
    _acronym_reason,
    _common_word_reason,
    _name_word_reason,
    _neighbour_reason,
)
from conflictmap.recognize.spotter import Spots, Spotter
from conflictmap.recognize.variants import closest
from conflictmap.store.overrides import Overrides
from conflictmap.tuning.recognize import RecognizeTuning

from .recognize_gazetteer import gazetteer, place

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]

GAZ = gazetteer(
    [
        place("Mali", "country", population=20_000_000),
        place("Gao", "city", population=130_000),
        place("Kidal"),
        place("Diabali"),
        place("Bamako", "capital", population=2_000_000),
        place("Texas", "region", population=29_000_000, country="US"),
        place("Hama"),
        place("Hama city"),
        place("Idlib"),
        place("Idlib province", "region"),
        place("Sweden", "country", population=10_000_000, country="SE"),
        place("Asia", "continent", population=4_000_000_000),
        place("May"),
        place("Ur"),
        place("Energy"),
        place("Austin"),
        place("Larison"),
        place("Reading"),
        place("US", "country", population=330_000_000, country="US"),
        place("NATO"),
        place("Numan"),
    ],
    english={"reading": 2000, "energy": 1500, "may": 20},
    first_names=["daniel", "austin"],
    last_names=["larison", "smith"],
    demonyms=[("algerian", "t:mali")],
)

_WORDS = [
    "Gao", "Kidal", "Diabali", "Diabaly", "Kidall", "Bamako", "Mali", "Texas", "Hama", "Idlib",
    "Sweden", "Asia", "May", "Ur", "Energy", "Austin", "Daniel", "Larison", "Reading", "US",
    "NATO", "Numan", "Algerian", "border", "city", "town", "province", "Radio", "Free", "Bank",
    "of", "the", "a", "for", "agreement", "peace", "deal", "A&M", "&", "M", "President", "Mr.",
    "minister", "said", "in", "near", "town", "village", "and", "Journal", "administration",
    "size", "Ma'arat", "al", "Numan", "Deir", "el", "Zour", "Hirbnafsah", "GAO", "KIDAL", "Smith",
]  # fmt: skip
_GAPS = [" ", " ", " ", ", ", ". ", "-", "'", "\n\n", " - ", " (", ") ", "; ", " , ", ",", ",\n"]

sentences = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=40).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)


def reference_organisation_reason(state: State, span: Span) -> str | None:
    if organisations._opened_by_organisation(state, span) or (
        organisations._ampersand_initialism(state, span)
    ):
        return "organisation"
    if organisations._agreement_follows(state, span):
        return "agreement"
    return None


def reference_word_reason(state: State, span: Span) -> str | None:
    tokens = state.tokens
    first = tokens[span.i]
    single = span.i == span.j
    if single and state.lowers[span.i] in MONTHS_DAYS:
        return "month or weekday"
    if span.key in state.person_keys and not state.prominent(span.key):
        return "person"
    if single and len(first.text) <= state.tuning.short_letters and not first.all_caps:
        return "too short"
    return _acronym_reason(state, span) if first.all_caps else None


def reference_reject_reason(state: State, span: Span) -> str | None:
    reason = (
        reference_word_reason(state, span)
        or _neighbour_reason(state, span)
        or (reference_organisation_reason(state, span) if state.tuning.organisation_names else None)
    )
    if reason is not None or span.i != span.j:
        return reason
    tokens, key = state.tokens, span.key
    first = tokens[span.i]
    place_cue = cue_of(state, span.i) or coordinated(state, span)
    contained = followed_by_region(state.text, span)
    lowered = first.text.lower()
    rank = state.english.get(key)
    if first.all_caps:
        lowered = "\x00"
        rank = None
    reason = _common_word_reason(state, span, lowered, rank)
    if reason is not None:
        return reason
    if contained or state.prominent(key):
        return None
    return _name_word_reason(state, span, place_cue, rank)


def reference_runs(state: State, free: variants._Free) -> Iterator[tuple[int, int]]:
    tokens = state.tokens
    resume = 0
    for idx in state.worded:
        tok = tokens[idx]
        if idx < resume or not free.takes(tok):
            continue
        end = idx
        while (step := variants._next(state, end, free)) is not None:
            end = step
        if end == idx and not free.free(tok):
            resume = end + 1
            continue
        for i, j in variants._trimmed(state, idx, end):
            words = [t for t in tokens[i : j + 1] if t.capitalised]
            if any(free.free(t) for t in words) and (
                all(free.free(t) for t in words) or variants._romanised(state, i, j)
            ):
                yield i, j
        resume = end + 1


def reference_town_words(state: State) -> None:
    text = state.text
    for number, spot in enumerate(state.spots):
        if (
            not text.startswith(regions._SPACED_TOWN_WORDS, spot.end)
            or spot.kind is not MentionKind.NAME
            or spot.text.rsplit(" ", 1)[-1] in regions.TOWN_WORDS
        ):
            continue
        for word in regions.TOWN_WORDS:
            end = spot.end + 1 + len(word)
            if text.startswith(" " + word, spot.end) and not text[end : end + 1].isalnum():
                state.spots[number] = replace(spot, end=end, text=text[spot.start : end])
                break


def reference_link_containers(text: str, spots: list[Spot]) -> list[Spot]:
    out = list(spots)
    for index in range(len(out) - 1):
        a, b = out[index], out[index + 1]
        if a.kind not in spans._CONTAINED or b.kind not in spans._CONTAINERS:
            continue
        gap = text[a.end : b.start]
        if (
            gap in spans._CONTAINER_GAPS
            or (gap in spans._IN_GAPS and spans._region_worded(b.text))
            or (gap[:1] == "," and spans._APPOSITION.fullmatch(gap))
        ):
            out[index] = replace(a, container=index + 1)
    return out


def _both(text: str) -> tuple[Spots, Spots]:
    """What the spotter finds with the fast paths, and with the references patched in."""
    fast = Spotter(GAZ).spot(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spotter, "reject_reason", reference_reject_reason)
        patch.setattr(spotter, "one_word_reason", reference_reject_reason)
        patch.setattr(variants, "_runs", reference_runs)
        patch.setattr(regions, "_town_words", reference_town_words)
        patch.setattr(spotter, "link_containers", reference_link_containers)
        slow = Spotter(GAZ).spot(text)
    return fast, slow


@pytest.mark.parametrize("text", EXAMPLES, ids=range(len(EXAMPLES)))
def test_examples_read_as_the_reference_reads_them(text: str) -> None:
    fast, slow = _both(text)
    assert fast == slow


def test_the_pieces_the_rules_turn_on_are_read_alike() -> None:
    text = (
        "Radio Free Asia said. The Sweden agreement held. Texas A&M won. Daniel Larison "
        "wrote that Larison and Gao, Texas, met in Hama city and Idlib province. MALI and "
        "GAO. Ur fell. In May the Algerian border shut. Ma'arat al-Numan and Diabaly."
    )
    fast, slow = _both(text)
    assert fast == slow
    assert fast.spots  # the text exercises the rules


@settings(max_examples=150, deadline=None)
@given(sentences)
def test_built_texts_are_read_alike(text: str) -> None:
    fast, slow = _both(text)
    assert fast == slow


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_texts_are_read_alike(text: str) -> None:
    fast, slow = _both(text)
    assert fast == slow


keys = st.text(alphabet="abdeik", min_size=1, max_size=9)


@settings(max_examples=300, deadline=None)
@given(keys, st.sets(keys, max_size=30))
def test_closest_of_the_first_letter_group_is_closest_of_all(key: str, found: set[str]) -> None:
    grouped: dict[str, list[str]] = {}
    for other in found:
        grouped.setdefault(other[0], []).append(other)
    assert closest(key, grouped.get(key[:1], ())) == closest(key, found)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(list(MentionKind)),
    st.tuples(st.integers(0, 50), st.integers(0, 50)),
    st.sampled_from([None, "in", "region"]),
    st.text(max_size=8),
)
def test_a_rekeyed_spot_is_the_replaced_spot(
    kind: MentionKind, span: tuple[int, int], cue: str | None, key: str
) -> None:
    spot = Spot(start=span[0], end=span[1], text="Idlib province", key="idlib", kind=kind,
                places=("t:x",), sentence_start=True, cue=cue, similarity=0.5, container=3)  # fmt: skip
    assert regions._rekeyed(spot, key) == replace(spot, key=key)
    assert type(regions._rekeyed(spot, key)) is Spot


_NAMES = ["mali", "gao", "kidal", "bamako", "texas", "us", "nato", "asia", "nowhere", "hama"]


@pytest.mark.parametrize("tuning", [RecognizeTuning(), RecognizeTuning(notable_population=10**9)])
def test_one_read_of_the_candidates_answers_every_level_and_the_curated_flag(
    tuning: RecognizeTuning,
) -> None:
    for gaz in (GAZ, GAZ.with_overrides(Overrides(reject=frozenset({"gao"})))):
        prominent = Prominence(gaz, tuning)
        for key in _NAMES:
            candidates = gaz.candidates(key)
            for level in (1, 2, 3):
                expected = any(prominence(c, tuning) >= level for c in candidates)
                assert prominent(key, level=level) is expected
            curated = any(c.upper_only or c.curated for c in candidates)
            assert prominent.curated(key) is curated
