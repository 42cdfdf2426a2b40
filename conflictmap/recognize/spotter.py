"""Toponym recognition: find the spans of an article that name places.

The spotter proposes every capitalised span of up to seven words (with lower-case
connectors such as "of", "de", "el" inside), asks the gazetteer which of them are
names, and keeps the longest match at each position. Rules then remove what a
careful reader would: people ("President Traoré", "Daniel Larison", a surname on
its own after the full name), organisations ("Wall Street Journal"), comparisons
("Texas-size"), ordinary words that are capitalised only because they open a
sentence or a title ("Energy Agency"), months and weekdays, and names the user
rejected.

Besides names, it reports:

* demonyms ("Malian", "Sri Lankan") as ``kind="demonym"`` spots: evidence of the
  article's focus, mapped to the country, never a pin of their own;
* "the Mauritanian border" as a ``kind="border"`` spot;
* US state abbreviations after a city ("Louisville, Ky.") as ``kind="abbreviation"``;
* county lists ("Jackson and Barrow counties") as county names;
* spelling variants of a name already found ("Diabili" beside "Diabali") and
  unknown capitalised words next to a strong place cue ("the town of X"), matched
  by edit distance (rapidfuzz), never ordinary words.

Each rule family is a module of this package (``reject``, ``people``,
``demonyms``, ``counties``, ``facilities``, ``abbreviations``, ``variants``);
this one reads the article and calls them in order.

Recognition is separate from resolution: anything with a ``spot(text)`` method
returning :class:`Spots` can replace :class:`Spotter`.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress
from operator import attrgetter

from conflictmap.model import MentionKind
from conflictmap.recognize.abbreviations import abbreviations
from conflictmap.recognize.base import (
    Prominence,
    Recognizer,
    Rejection,
    Span,
    Spot,
    Spots,
    State,
    fold_memo,
    make_spot,
    shift,
)
from conflictmap.recognize.context import cue_of
from conflictmap.recognize.counties import MARKS as COUNTY_MARKS
from conflictmap.recognize.counties import county_lists
from conflictmap.recognize.datelines import DATELINE, dateline_tokens
from conflictmap.recognize.demonyms import demonym
from conflictmap.recognize.facilities import MARKS as FACILITY_MARKS
from conflictmap.recognize.facilities import facilities
from conflictmap.recognize.known import knowing as _knowing
from conflictmap.recognize.lexicon import COMMON_WORDS, TITLES
from conflictmap.recognize.pause import collection_paused
from conflictmap.recognize.people import drop_surnames, person_after_title, person_by_first_name
from conflictmap.recognize.regions import MARKS as REGION_MARKS
from conflictmap.recognize.regions import region_words
from conflictmap.recognize.reject import one_word_reason, reject_reason
from conflictmap.recognize.spans import (
    article_variant,
    candidate_spans,
    chunks,
    completions,
    link_containers,
)
from conflictmap.recognize.variants import is_guess, variants
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.tokens import Columns, Token, gaps_of, token_columns
from conflictmap.tuning.recognize import RecognizeTuning

__all__ = ["Recognizer", "Spot", "Spots", "Spotter"]


class Spotter:
    """The default recognizer, backed by a :class:`~conflictmap.store.gazetteer.Gazetteer`.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city"),
    ...     Place(id="t:2", name="Texas", lat=31.0, lon=-99.0, country="US", kind="region"),
    ... ])
    >>> found = Spotter(gaz).spot("Jets struck Gao in a Texas-size desert.")
    >>> [(s.text, s.kind.value) for s in found.spots]
    [('Gao', 'name')]
    """

    def __init__(
        self, gazetteer: Gazetteer, *, fuzzy: bool = True, config: RecognizeTuning | None = None
    ) -> None:
        self.gazetteer = gazetteer
        self.fuzzy = fuzzy
        self.config = config if config is not None else RecognizeTuning()

    def spot(self, text: str, tokens: Sequence[Token] | None = None) -> Spots:
        """Find the place mentions of ``text``.

        Long texts are read in pieces of about ``config.chunk_chars`` characters cut
        at paragraph or sentence ends, so memory stays bounded and time linear; what one piece
        learns (people's surnames, demonyms) carries into the next.
        """
        with collection_paused():  # many small objects, no cycles (see the module)
            return self._spot(text, tokens)

    def _spot(self, text: str, tokens: Sequence[Token] | None) -> Spots:
        """:meth:`spot` with the collector paused."""
        prominent = Prominence(self.gazetteer, self.config)  # per article: corrections change
        extends = _extends(self.gazetteer)
        people: set[str] = set()
        demonyms: Counter[str] = Counter()
        spots: list[Spot] = []
        rejected: list[Rejection] = []
        for start, end in chunks(text, self.config.chunk_chars):
            piece = text[start:end]
            columns = (
                _columns_of(tokens, text)
                if tokens is not None and start == 0 and end == len(text)
                else token_columns(piece)
            )
            state = self._spot_piece(piece, columns, people, demonyms, prominent, extends)
            found, dropped = state.spots, state.rejected
            if start:
                found = shift(found, start)
                dropped = [(a + start, b + start, t, why) for a, b, t, why in dropped]
            spots.extend(found)
            rejected.extend(dropped)
        spots.sort(key=_START)
        if people:
            spots = drop_surnames(spots, people, prominent, rejected)
        guesses = tuple(sp for sp in spots if sp.kind is _UNKNOWN and is_guess(sp))
        if guesses:
            spots = [sp for sp in spots if not is_guess(sp)]
        spots = link_containers(text, spots)
        return Spots(tuple(spots), demonyms, tuple(sorted(rejected)), guesses)

    def _spot_piece(
        self,
        text: str,
        columns: Columns,
        people: set[str],
        demonyms: Counter[str],
        prominent: Prominence,
        extends: Callable[[str], bool] | None,
    ) -> State:
        gaz = self.gazetteer
        tokens = columns.tokens
        spans = candidate_spans(text, tokens, self.config.max_words, extends, columns)
        known = self._known_keys(text, tokens, spans)
        keys = {s.key for s in spans}
        state = State(
            text,
            tokens,
            gazetteer=gaz,
            prominent=prominent,
            known=known,
            people=people,
            demonyms=demonyms,
            marks=_MARKS,
            columns=columns,
        )
        if self.config.datelines:
            state.datelines = dateline_tokens(text, tokens, state.starts)
        _Reader(state, spans, never=keys & gaz.never_place_keys, demonyms=keys & gaz.demonym_keys)()
        county_lists(state)
        region_words(state)
        facilities(state)
        abbreviations(state)
        if self.fuzzy:
            variants(state)
        return state

    def _known_keys(self, text: str, tokens: list[Token], spans: list[Span]) -> set[str]:
        """The span keys the gazetteer knows, each span keyed as the gazetteer spells it.

        A span unknown as written is looked up with its article put in or taken out
        ("Democratic Republic of Congo") and then with an administrative word added
        ("Rakhine" -> "Rakhine State", when exactly one such completion is known; one
        word only, and no English word, given name or common word: not "Free State").
        """
        gaz = self.gazetteer
        known_keys = _knowing(gaz)
        alternates = {
            id(s): v
            for s in spans
            if self.config.official_names
            and s.j - s.i >= 2
            and not _OF.isdisjoint(map(_TEXT, tokens[s.i + 1 : s.j]))  # an "of" inside
            and (v := article_variant(text, tokens, s))
        }
        known = known_keys({s.key for s in spans} | set(alternates.values()))
        for span in spans:
            # "Republic of Congo" is known as "Republic of the Congo"
            variant = alternates.get(id(span))
            if variant is not None and span.key not in known and variant in known:
                span.key = variant
            # "Kermanshah province": the name's own key where it is known
            if span.bare is not None and span.key in known and span.bare in known:
                span.key = span.bare
        english, given = gaz.words("english"), gaz.first_names
        bare = {
            s.key
            for s in spans
            if s.i == s.j
            and s.bare is None
            and s.key not in known
            and s.key not in english
            and s.key not in given
            and s.key not in COMMON_WORDS
        }
        completed = {key: completions(key) for key in bare if self.config.bare_regions}
        known_completions = known_keys({k for keys in completed.values() for k in keys})
        chosen = {}
        for key, keys in completed.items():
            hits = [k for k in keys if k in known_completions]
            if len(hits) == 1:
                chosen[key] = hits[0]
        for span in spans:
            if span.i == span.j and span.key in chosen:
                span.key = chosen[span.key]
                known.add(span.key)
        return known


def _columns_of(tokens: Sequence[Token], text: str) -> Columns:
    """The columns of tokens given by the caller (the tokenizer makes them on the way)."""
    found = list(tokens)
    return Columns(found, list(map(_TEXT, found)), list(map(_CAPITALISED, found)),
                   list(map(_ALL_CAPS, found)), [t.start for t in found], gaps_of(found, text))  # fmt: skip


def _extends(gaz: Gazetteer) -> Callable[[str], bool] | None:
    """``extends(key)``: may a name, a demonym or a never-place name start with ``key``?
    (memoised: for every article read without corrections, as :class:`Prominence`
    is, else for one; ``None`` when the gazetteer cannot say)"""
    names = gaz.prefix_test()
    if names is None:
        return None
    others = _prefixes(gaz.never_place_keys, gaz.demonym_keys)
    if not gaz.overrides.empty:
        return _Extends(others, names)
    # the stored layers' answers: shared by every article (a key not yet asked is
    # answered by this article's gazetteer)
    shared = _ANSWERS.get(gaz.data_layers)
    if shared is None:
        shared = _ANSWERS.setdefault(gaz.data_layers, _Extends(others, names))
    shared.others, shared.names = others, names
    return shared


class _Extends(dict[str, bool]):
    """:func:`_extends`'s test and memo in one: ``extends(key)`` is the memo's C-level
    ``__getitem__`` (issue 20: candidate_spans asks it of every capitalised word, by
    ``map``), a key not yet asked answered by ``__missing__`` (bounded: cleared when full)."""

    __slots__ = ("names", "others")

    def __init__(self, others: frozenset[str], names: Callable[[str], bool]) -> None:
        super().__init__()
        self.others = others
        self.names = names

    __call__ = dict.__getitem__

    def __missing__(self, key: str) -> bool:
        if len(self) >= _ANSWERS_KEPT:
            self.clear()
        found = self[key] = key in self.others or self.names(key)
        return found


#: :func:`_extends`'s answers for the articles read without corrections, per open layers
_ANSWERS: weakref.WeakKeyDictionary[object, _Extends] = weakref.WeakKeyDictionary()
_ANSWERS_KEPT = 1 << 16


def _prefixes(*keys: frozenset[str]) -> frozenset[str]:
    """Every prefix of the ``keys`` (the last few answers kept: the sets are shared)."""
    found = _PREFIXES.get(keys)
    if found is None:
        if len(_PREFIXES) >= 4:
            _PREFIXES.clear()
        found = _PREFIXES[keys] = frozenset(
            k[:n] for group in keys for k in group for n in range(1, len(k) + 1)
        )
    return found


_PREFIXES: dict[tuple[frozenset[str], ...], frozenset[str]] = {}

#: "of" as written in names, for the article variant's cheap test
_OF = frozenset({"of", "Of", "OF"})
_TEXT = attrgetter("text")
_CAPITALISED = attrgetter("capitalised")
_ALL_CAPS = attrgetter("all_caps")
_J = attrgetter("j")
_KEY = attrgetter("key")
_START = attrgetter("start")
_NAME = MentionKind.NAME
_UNKNOWN = MentionKind.UNKNOWN  # what every guess is (is_guess)
#: every word a rule looks up among a piece's tokens by its lower case (State.having)
_MARKS = TITLES | COUNTY_MARKS | FACILITY_MARKS | REGION_MARKS


class _Reader:
    """One pass over a piece: names, people and demonyms, left to right."""

    def __init__(
        self, state: State, spans: list[Span], *, never: set[str], demonyms: set[str]
    ) -> None:
        self.state = state
        self.never = never
        self.demonyms = demonyms
        known = state.known
        #: the spans a name, a demonym or a never-place name may be read at, by first
        #: token, longest first (read() chooses the first: no other span is ever chosen)
        self.by_start: dict[int, list[Span]] = {}
        wanted = known | never | demonyms
        for span in compress(spans, map(wanted.__contains__, map(_KEY, spans))):
            at = self.by_start.get(span.i)
            if at is None:
                self.by_start[span.i] = [span]
            else:
                at.append(span)
        for spans_at in self.by_start.values():
            if len(spans_at) > 1:
                spans_at.sort(key=_J, reverse=True)  # longest first
        texts, lowers = state.texts, state.lowers
        #: where person_after_title can find a title (it answers None everywhere else):
        #: TITLES are lower case without dots, as are lower-case tokens
        self.titled = set(state.having(TITLES))
        self.titled.update(
            i for i in state.dotted if not texts[i].islower() and lowers[i].rstrip(".") in TITLES
        )
        #: capitalised words, not all capitals, that are given names (person_by_first_name)
        #: (each distinct word asked once: the list may answer in Python, key by key)
        worded = state.worded
        keys = list(map(fold_memo.__getitem__, map(texts.__getitem__, worded)))
        given = set(filter(state.first_names.__contains__, set(keys)))
        self.given = set(compress(worded, map(given.__contains__, keys))) if given else set()
        # The reader acts only where a name may be read or a person's name may start;
        # at every other token it would find nothing and go on, so it steps over them.
        self.acting = sorted(self.by_start.keys() | self.titled | self.given)

    def __call__(self) -> None:
        acting = self.acting
        read = self.read
        count = len(acting)
        k = 0
        while k < count:
            to = read(acting[k])  # always past acting[k]
            k += 1
            if k < count and acting[k] < to:
                k = bisect_left(acting, to, k)  # the first token at or after ``to``

    def read(self, i: int) -> int:
        """Read at token ``i``; return where to go on (reading acts at the first of
        :attr:`acting` there or after)."""
        state = self.state
        at = self.by_start.get(i)
        chosen = at[0] if at is not None else None  # the longest name, demonym or never-place
        if chosen is not None and chosen.key in self.never:
            state.reject(chosen.start, chosen.end, "never a place")
            return chosen.j + 1
        if chosen is None or chosen.j == i or chosen.key not in state.known:
            person = person_after_title(state, i) if i in self.titled else None
            if person is None and (chosen is None or chosen.j == i) and i in self.given:
                person = person_by_first_name(state, i)
            if person is not None:
                state.person(i, person)
                return person + 1
        if chosen is None:
            return i + 1
        if chosen.key in self.demonyms:
            demonym(state, chosen)
            return state.resume
        reason = one_word_reason(state, chosen) if i == chosen.j else reject_reason(state, chosen)
        if reason is None:
            state.spots.append(
                make_spot(chosen.start, chosen.end, state.text[chosen.start : chosen.end],
                          chosen.key, _NAME, (), state.tokens[i].sentence_start,
                          DATELINE if i in state.datelines else cue_of(state, i), 1.0, None)
            )  # fmt: skip  # the cue: place_cue(state, i)
        else:
            state.reject(chosen.start, chosen.end, reason)
        return chosen.j + 1
