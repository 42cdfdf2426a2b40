"""The recognizer's data types and the state one article's reading shares.

:class:`Spot` is what recognition hands the resolver; :class:`Spots` adds the
evidence that is not a pin (demonyms, rejected spans). Anything with a
``spot(text)`` method returning :class:`Spots` is a :class:`Recognizer`.

The rule modules of this package (``reject``, ``people``, ``demonyms``,
``counties``, ``facilities``, ``abbreviations``, ``variants``) are functions of a
:class:`State`: the text and tokens being read, what is known about them, and what
has been found so far.

Examples
--------
>>> Spot(start=0, end=3, text="Gao", key="gao").kind.value
'name'
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from itertools import compress, count
from operator import attrgetter, gt
from typing import Protocol

from conflictmap.model import MentionKind, PlaceKind
from conflictmap.model.direct import direct
from conflictmap.recognize.lexicon import STRONG_PLACE_CUES
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Columns, Token, gaps_of
from conflictmap.tuning.recognize import DEFAULT, RecognizeTuning

__all__ = [
    "PARTICLES",
    "Prominence",
    "Recognizer",
    "Rejection",
    "Span",
    "Spot",
    "Spots",
    "State",
    "fold_memo",
    "is_strong_cue",
    "lower_memo",
    "make_spot",
    "prominence",
    "shift",
]

#: kinds of place that are prominent whatever their population
_PROMINENT_KINDS = frozenset({PlaceKind.COUNTRY, PlaceKind.CONTINENT, PlaceKind.CAPITAL})

#: (start, end, text, reason) of a span judged not to be a place
Rejection = tuple[int, int, str, str]

#: lower-case particles inside people's names ("Jean-Yves Le Drian", "bin Laden")
PARTICLES = frozenset("de da di du la le al el bin ibn van von der den ter dos das".split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Spot:
    """A span that names (or may name) a place.

    ``kind`` is ``"name"`` (a gazetteer name), ``"variant"`` (a spelling variant
    matched by edit distance: ``key`` is the known name it matched), ``"demonym"``
    and ``"border"`` (``places`` holds the place ids named), ``"abbreviation"`` (a
    US state after a city: ``places`` holds the state), or ``"unknown"`` (a
    capitalised word that a cue marks as a place but that no layer knows).
    ``container`` is the index of a following spot that contains this one
    ("Paris, Texas"), if any.
    """

    start: int
    end: int
    text: str
    key: str
    kind: MentionKind = MentionKind.NAME
    places: tuple[str, ...] = ()
    sentence_start: bool = False
    cue: str | None = None
    similarity: float = 1.0
    container: int | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not MentionKind:
            object.__setattr__(self, "kind", MentionKind(self.kind))

    def shifted(self, by: int) -> Spot:
        """This spot ``by`` characters further on (``dataclasses.replace`` of ``start`` and
        ``end``, at a third of its cost: a long text's pieces move every spot of theirs)."""
        return make_spot(self.start + by, self.end + by, self.text, self.key, self.kind,
                         self.places, self.sentence_start, self.cue, self.similarity,
                         self.container)  # fmt: skip


#: ``make_spot(start, end, text, key, kind, places, sentence_start, cue, similarity,
#: container)``: the spot ``Spot(...)`` makes, ``kind`` already a MentionKind, at about a
#: third of the keyword call's cost (issue 20: the reader makes one per name it finds)
make_spot = direct(Spot)


def shift(spots: list[Spot], by: int) -> list[Spot]:
    """``[s.shifted(by) for s in spots]``, one call fewer per spot (a long text's pieces
    move every spot of theirs)."""
    return [
        make_spot(s.start + by, s.end + by, s.text, s.key, s.kind, s.places, s.sentence_start,
                  s.cue, s.similarity, s.container)
        for s in spots
    ]  # fmt: skip


def is_strong_cue(cue: str | None) -> bool:
    """True when a spot's cue alone says that its name is a place.

    The cues are :data:`~conflictmap.recognize.lexicon.STRONG_PLACE_CUES`, alone or
    as "X of" (the variant rule's "the town of Diabili").

    >>> is_strong_cue("in"), is_strong_cue("town of"), is_strong_cue("to"), is_strong_cue(None)
    (True, True, False, False)
    """
    if cue is None:
        return False
    return cue in STRONG_PLACE_CUES or cue.removesuffix(" of") in STRONG_PLACE_CUES


@dataclass(frozen=True, slots=True)
class Spots:
    """What recognition found: place spans, plus evidence that is not a pin."""

    spots: tuple[Spot, ...] = ()
    #: place ids of demonyms and how often they occur ("Malian" → Mali)
    demonyms: Counter[str] = field(default_factory=Counter)
    #: spans recognised as people, organisations or ordinary words, with the reason
    rejected: tuple[Rejection, ...] = ()
    #: words and runs no layer knows, with no cue, for the resolver to try as spelling
    #: variants (:func:`~conflictmap.recognize.variants.is_guess`); not places unless placed
    guesses: tuple[Spot, ...] = ()


class Recognizer(Protocol):
    """What the pipeline needs of a recognizer."""

    def spot(self, text: str) -> Spots: ...


@dataclass(slots=True)
class Span:
    """A candidate span: tokens ``i`` to ``j`` (inclusive), characters, folded key."""

    i: int
    j: int
    start: int
    end: int
    key: str
    #: for "Lakes state" (a name and a lower-case administrative word), the name's key
    bare: str | None = None


def prominence(cand: Candidate, tuning: RecognizeTuning = DEFAULT) -> int:
    """How well known a candidate place is: 3, 2 or 1 (see :class:`Prominence`)."""
    place = cand.place
    million = place.population >= tuning.prominent_population
    if cand.curated or cand.corrected:
        return 3
    if place.kind in _PROMINENT_KINDS or million:
        return 3
    if place.kind is PlaceKind.REGION:
        return 3 if place.country == "US" else 2 if million else 1
    return 2 if place.population >= tuning.notable_population else 1


class Prominence:
    """Whether a name belongs to a well-known place, memoised for one article.

    Level 3: a country, continent, US state, national capital or city of a
    million; level 2 adds first-level regions of populous countries and cities
    of 100,000 (the populations are :class:`RecognizeTuning`'s). The memo lives
    for one article when corrections apply (they may change between articles), and
    is shared by every article read without any.
    """

    def __init__(self, gazetteer: Gazetteer, tuning: RecognizeTuning = DEFAULT) -> None:
        self.gazetteer = gazetteer
        self.tuning = tuning
        #: per name: the highest level of its candidates (None: it has none), and whether
        #: one is curated or a capitals-only name (one read of the candidates answers both)
        self._memo: dict[str, tuple[int | None, bool]] = {}
        if gazetteer.overrides.empty:  # the stored layers' answers: shared by every article
            self._memo = _shared_memo(gazetteer.data_layers, tuning)

    def __call__(self, key: str, *, level: int = 2) -> bool:
        found = self._memo.get(key)
        if found is None:
            found = self._read(key)
        top = found[0]
        return top is not None and top >= level

    def curated(self, key: str) -> bool:
        """True when a candidate of ``key`` is curated or a name written only in capitals
        ("US": the acronym rule keeps it), memoised with the name's prominence."""
        found = self._memo.get(key)
        if found is None:
            found = self._read(key)
        return found[1]

    def _read(self, key: str) -> tuple[int | None, bool]:
        candidates = self.gazetteer.candidates(key)
        tuning = self.tuning
        found = (
            max((prominence(c, tuning) for c in candidates), default=None),
            any(c.upper_only or c.curated for c in candidates),
        )
        if len(self._memo) >= _SHARED_KEYS:
            self._memo.clear()
        self._memo[key] = found
        return found


#: names whose prominence is remembered across articles (bounded: cleared when full)
_SHARED_KEYS = 1 << 15
_Memo = dict[str, tuple[int | None, bool]]
_SHARED: weakref.WeakKeyDictionary[object, dict[RecognizeTuning, _Memo]]
_SHARED = weakref.WeakKeyDictionary()


def _shared_memo(layers: object, tuning: RecognizeTuning) -> _Memo:
    """The memo of every article read with no corrections from ``layers`` and ``tuning``
    (what a name's stored candidates are cannot change while the layers are open)."""
    by_tuning = _SHARED.get(layers)
    if by_tuning is None:
        by_tuning = _SHARED.setdefault(layers, {})
    return by_tuning.setdefault(tuning, {})


_TEXT = attrgetter("text")
_CAPITALISED = attrgetter("capitalised")
_ALL_CAPS = attrgetter("all_caps")  # capitalised and not all capitals: True > False


class _Folded(dict[str, str]):
    """:func:`~conflictmap.text.folding.fold` memoised (``fold_memo[text]``): names and
    words repeat within and across articles. Bounded: texts of at most ``_FOLD_LENGTH``
    characters are kept, and the memo is cleared when it holds ``_FOLDS_KEPT``. A word
    of ASCII letters only folds to its lower case (nothing to drop or decompose), which
    is what fold would return, without its pattern.

    >>> fold_memo["Gao"], fold_memo["N'Djamena"], fold_memo["Ségou"]
    ('gao', 'ndjamena', 'segou')
    """

    def __missing__(self, text: str) -> str:
        key = text.lower() if text.isascii() and text.isalpha() else fold(text)
        if len(text) <= _FOLD_LENGTH:
            if len(self) >= _FOLDS_KEPT:
                self.clear()
            self[text] = key
        return key


_FOLDS_KEPT = 1 << 15
_FOLD_LENGTH = 200
fold_memo = _Folded()


class _Lowered(dict[str, str]):
    """``str.lower`` memoised (``lower_memo[word]``), bounded as :data:`fold_memo` is: a
    piece's words repeat, and a word's lower case then comes with its hash computed,
    which every set the rules look it up in reuses."""

    def __missing__(self, text: str) -> str:
        lower = text.lower()
        if len(text) <= _FOLD_LENGTH:
            if len(self) >= _FOLDS_KEPT:
                self.clear()
            self[text] = lower
        return lower


lower_memo = _Lowered()


def _dotted(text: str, tokens: Sequence[Token], starts: list[int]) -> list[int]:
    """The indexes of the tokens holding a dot, in order: each dot of ``text`` is looked
    up among the tokens (a text has far fewer dots than tokens, and most end sentences,
    outside every token)."""
    out: list[int] = []
    last = -1
    at = text.find(".")
    while at >= 0:
        k = bisect_right(starts, at) - 1
        if k > last and at < tokens[k].end:  # k >= 0: a token starts at or before the dot
            out.append(k)
            last = k
        at = text.find(".", at + 1)
    return out


class State:
    """Mutable bookkeeping of one piece of an article being read."""

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        *,
        gazetteer: Gazetteer,
        prominent: Prominence,
        known: set[str],
        people: set[str],
        demonyms: Counter[str],
        marks: Set[str] = frozenset(),
        columns: Columns | None = None,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.gazetteer = gazetteer
        self.prominent = prominent
        self.tuning = prominent.tuning
        #: the gazetteer's word lists (read once per piece)
        self.english = gazetteer.words("english")
        self.first_names = gazetteer.first_names
        self.last_names = gazetteer.words("last_name")
        #: candidate keys some gazetteer layer knows
        self.known = known
        #: each token's text, and in lower case (the rules read them often)
        #: (``columns``: the same fields of the same tokens, made by the tokenizer)
        if columns is None:
            columns = Columns(tokens, list(map(_TEXT, tokens)), list(map(_CAPITALISED, tokens)),
                              list(map(_ALL_CAPS, tokens)), [t.start for t in tokens],
                              gaps_of(tokens, text))  # fmt: skip
        self.texts: list[str] = columns.texts
        self.lowers: list[str] = list(map(lower_memo.__getitem__, self.texts))
        #: each token's start, and the text before it (:attr:`Columns.gaps`)
        self.starts: list[int] = columns.starts
        self.gaps: list[str] = columns.gaps
        #: each token's ``capitalised`` and ``all_caps``
        self.capitalised: list[bool] = columns.capitalised
        self.all_caps: list[bool] = columns.all_caps
        #: words that occur in lower case somewhere in the piece
        self.lower_words = set(compress(self.texts, map(str.islower, self.texts)))
        #: the capitalised tokens that are not all capitals (the reader's and the variant
        #: rule's words), and the tokens whose lower case holds a dot ("st.", "u.s.")
        self.worded: list[int] = list(
            compress(count(), map(gt, columns.capitalised, columns.all_caps))
        )
        self.dotted: list[int] = _dotted(text, tokens, self.starts)
        #: does the piece hold an "&" ("Texas A&M": the organisation rule looks for one)
        self.ampersand = "&" in text
        #: the tokens whose lower case is one of ``marks``, for :meth:`having` (one pass
        #: over the piece answers every rule that looks words up by their lower case)
        self.marks = marks
        self.marked: list[int] = (
            list(compress(count(), map(marks.__contains__, self.lowers))) if marks else []
        )
        self.spots: list[Spot] = []
        self.rejected: list[Rejection] = []
        #: surnames of people found so far (shared by the pieces of one article)
        self.person_keys = people
        self.demonyms = demonyms
        #: the places of each demonym read in the piece, most populous first
        self.demonym_places: dict[str, tuple[str, ...]] = {}
        #: the one gazetteer name within a vowel edit of each cued word read (variants)
        self.fuzzy: dict[str, tuple[str, float] | None] = {}
        #: the token index reading resumes at after a demonym
        self.resume = 0
        #: indexes of the tokens that name the places of a dateline ("GOMA, Congo (AP) —")
        self.datelines: frozenset[int] = frozenset()

    def having(self, words: Set[str]) -> list[int]:
        """The indexes of the tokens whose lower case is one of ``words``, in order (from
        :attr:`marked` when ``words`` are among the marks, else by a pass of their own)."""
        lowers = self.lowers
        if words <= self.marks:
            return [i for i in self.marked if lowers[i] in words]
        return list(compress(count(), map(words.__contains__, lowers)))

    def reject(self, start: int, end: int, reason: str) -> None:
        """Record ``text[start:end]`` as not a place, for ``reason``."""
        self.rejected.append((start, end, self.text[start:end], reason))

    def person(self, i: int, j: int) -> None:
        """Record tokens ``i`` to ``j`` as a person and remember their surnames."""
        tokens = self.tokens
        self.reject(tokens[i].start, tokens[j].end, "person")
        for t in tokens[i + 1 : j + 1]:
            if t.capitalised and t.text.lower() not in PARTICLES:
                self.person_keys.add(fold_memo[t.text])
