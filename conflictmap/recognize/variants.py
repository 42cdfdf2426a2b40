"""Spelling variants: "Diabili" beside "Diabali", "Kidall" after "the town of".

A capitalised word of five letters or more, or a run of capitalised words ("Ma'arat
al-Numan", "Deir el-Zour": lower-case article particles and apostrophes inside it),
that no layer knows, that is no ordinary English word, given name, demonym or part of
a longer name becomes

* a ``variant`` of a name already found in the article when it is within one
  edit of it (two for names of eight letters or more), same first letter;
* else, after a strong place cue ("the town of X", "X village"), a ``variant`` of
  the one gazetteer name within one vowel edit or deletion of it (one word only), or
  an ``unknown`` spot when there is none;
* else an ``unknown`` spot with no cue: a *guess*
  (:func:`is_guess`; the spotter returns them apart, ``Spots.guesses``), which the resolver places only at a
  spelling variant in the article's focus country, and otherwise drops ("Hirbnafsah was
  shelled" in an Idlib story).

``RecognizeTuning.variant_runs`` and ``variant_guesses`` switch the last two off.

Edit distances are rapidfuzz's Levenshtein.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate

from rapidfuzz.distance import Levenshtein

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, Spot, State, fold_memo, is_strong_cue, make_spot
from conflictmap.recognize.context import in_title_run, place_cue, strong_cue
from conflictmap.recognize.lexicon import COMMON_WORDS, MONTHS_DAYS, PLACE_CUES
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token
from conflictmap.tuning.recognize import DEFAULT, RecognizeTuning

NAME, VARIANT = MentionKind.NAME, MentionKind.VARIANT

__all__ = ["closest", "fuzzy_gazetteer", "is_guess", "variants"]

#: lower-case particles inside a romanised name: Arabic articles, assimilated or not
#: ("Ma'arat al-Numan", "Deir ez-Zor", "Dar es Salaam"), "bin", "bani", "de", "du"
PARTICLES = frozenset(
    "al el ad ed as es ash esh ar er an en at et az ez adh ath ul il bin ibn bani beni de du".split()
)
#: what joins two words of one name: a space, a hyphen, an apostrophe or an ayn/hamza mark
_JOINS = frozenset({" ", "-", "‐", "'", "’", "‘", "ʿ", "ʾ", "`", "ʼ"})
_MARKS = frozenset({"'", "’", "‘", "ʿ", "ʾ", "`", "ʼ"})
#: the shortest lower-case rest of a word cut at a mark ("Ma‘arrat"); shorter is an
#: English ending ("Syria’s", "Wouldn’t", "they’re", "we’ll")
_MARKED_TAIL = 3


class _Covered:
    """Is a position inside a span already found or rejected? In O(log n).

    Sorted starts and the furthest end reached so far, not a scan of every span
    per token (a 1 MB article has tens of thousands of each).
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        covered = sorted(spans)
        self.starts = [s for s, _ in covered]
        self.reach = list(accumulate((e for _, e in covered), max))

    def __contains__(self, position: int) -> bool:
        inside = bisect_right(self.starts, position) - 1
        return inside >= 0 and self.reach[inside] > position


def is_guess(spot: Spot) -> bool:
    """An ``unknown`` spot that nothing backs: a word no layer knows, with no strong cue.

    The spotter proposes such words and runs ("Hirbnafsah was shelled") only for the
    resolver to try as spelling variants; one it does not place is not reported.

    >>> is_guess(Spot(start=0, end=10, text="Hirbnafsah", key="hirbnafsah", kind="unknown"))
    True
    >>> is_guess(Spot(start=0, end=7, text="Diabili", key="diabili", kind="unknown", cue="town of"))
    False
    """
    return spot.kind is MentionKind.UNKNOWN and not is_strong_cue(spot.cue)


def variants(state: State) -> None:
    """Add ``variant`` and ``unknown`` spots for the capitalised words nothing explains."""
    one_word = {s.start for s in state.spots if s.kind is NAME and " " not in s.text}
    blocked = _Covered(
        [(s.start, s.end) for s in state.spots if s.start not in one_word]
        + [(s, e) for s, e, _, _ in state.rejected]
    )
    free = _Free(one_word, blocked)
    shortest = state.tuning.variant_min_letters
    found_keys = {s.key for s in state.spots if s.kind is NAME and len(s.key) >= shortest}
    # by first letter, in the set's order (closest() keeps the first of equal distance)
    found: dict[str, list[str]] = {}
    for key in found_keys:
        found.setdefault(key[0], []).append(key)
    for i, j in _runs(state, free):
        if i == j:
            _word(state, i, found)
        else:
            _run(state, i, j, found)


class _Free:
    """Which tokens a run may take: free words, and one-word names inside it ("Numan")."""

    def __init__(self, names: set[int], blocked: _Covered) -> None:
        self.names = names
        self.blocked = blocked

    def takes(self, tok: Token) -> bool:
        return tok.start in self.names or tok.start not in self.blocked

    def free(self, tok: Token) -> bool:
        return tok.start not in self.names and tok.start not in self.blocked


def _word(state: State, idx: int, found: dict[str, list[str]]) -> None:
    """One capitalised word: a variant of a found name (``found``: their keys by first
    letter), a cued guess, or a plain guess."""
    tok = state.tokens[idx]
    if not _may_vary(state, idx, tok):
        return
    key = fold_memo[tok.text]
    best, score = closest(key, found.get(key[:1], ()), state.tuning)
    if best is not None:
        _add(state, tok, tok, best, VARIANT, place_cue(state, idx), score)
        return
    strong = strong_cue(state.tokens, idx)
    candidate = None
    if strong is not None:
        if key not in state.fuzzy:  # a word the piece repeats is looked up once
            state.fuzzy[key] = fuzzy_gazetteer(state.gazetteer, key)
        candidate = state.fuzzy[key]
    if candidate is not None:
        _add(state, tok, tok, candidate[0], VARIANT, strong, candidate[1])
    elif strong is not None or (state.tuning.variant_guesses and _may_guess(state, tok)):
        _add(state, tok, tok, key, MentionKind.UNKNOWN, strong, 0.0)  # no cue: a guess


def _run(state: State, i: int, j: int, found: dict[str, list[str]]) -> None:
    """Words ``i`` to ``j``: a variant of a found name, or a guess at the whole run.

    A run is always a guess, even after a strong cue: unplaced, it is no mention (it
    may hold a name the spotter found, "Kanawha" in "in Kanawha Magistrate Court").
    """
    tokens = state.tokens
    first, last = tokens[i], tokens[j]
    key = fold(state.text[first.start : last.end])
    gaz = state.gazetteer
    if key in state.known or gaz.known_keys([key]) or not _may_run(state, i, j):
        return
    best, score = closest(key, found.get(key[:1], ()), state.tuning)
    if best is not None:
        _add(state, first, last, best, VARIANT, place_cue(state, i), score)
        return
    if state.tuning.variant_runs and state.tuning.variant_guesses:
        _add(state, first, last, key, MentionKind.UNKNOWN, None, 0.0)  # a guess, cue or none


def _runs(state: State, free: _Free) -> Iterator[tuple[int, int]]:
    """Token ranges (inclusive) of capitalised words or runs that nothing else explains.

    A run goes on over a space, a hyphen or an apostrophe to a capitalised word, to
    a lower-case word after an apostrophe ("Ma‘arrat"), or over a particle to a
    capitalised word ("Ma'arat al-Numan"); it must hold a word nothing explains, and
    may take in a one-word name already spotted ("Numan") only when a particle or a
    mark joins it (:func:`_romanised`). Ordinary words at its ends are left out.
    """
    tokens, gaps = state.tokens, state.gaps
    names, starts, reach = free.names, free.blocked.starts, free.blocked.reach
    last = len(tokens) - 1
    resume = 0  # a run read ends before it
    for idx in state.worded:  # capitalised, not all capitals
        if idx < resume:
            continue
        tok = tokens[idx]
        named = tok.start in names  # a one-word name: taken, never free
        if not named:
            inside = bisect_right(starts, tok.start) - 1  # tok.start in free.blocked, inline
            if inside >= 0 and reach[inside] > tok.start:
                continue  # not free.takes(tok)
        if idx == last or gaps[idx + 1] not in _JOINS:  # _next would end the run at once
            if not named and not _ordinary(state, tok):
                yield idx, idx  # a free word alone: what _trimmed and the tests give
            resume = idx + 1
            continue
        end = idx
        while (step := _next(state, end, free)) is not None:
            end = step
        if end == idx and named:
            resume = end + 1
            continue  # a name alone: what _trimmed leaves of it holds no free word
        for i, j in _trimmed(state, idx, end):
            words = [t for t in tokens[i : j + 1] if t.capitalised]
            if any(free.free(t) for t in words) and (
                all(free.free(t) for t in words) or _romanised(state, i, j)
            ):
                yield i, j
        resume = end + 1


def _romanised(state: State, i: int, j: int) -> bool:
    """Does a particle or an ayn/hamza mark join the run's words ("Ma'arat al-Numan")?

    Only such a run may take in a name spotted inside it: "Boston Celtics" may not.
    """
    tokens, text = state.tokens, state.text
    if any(t.text in PARTICLES for t in tokens[i : j + 1]):
        return True
    return any(text[tokens[k].end : tokens[k + 1].start] in _MARKS for k in range(i, j))


def _next(state: State, j: int, free: _Free) -> int | None:
    """The last token of the next word of the run ending at ``j`` (``None``: the run ends)."""
    tokens, gaps = state.tokens, state.gaps
    if j + 1 >= len(tokens):
        return None
    nxt = tokens[j + 1]
    gap = gaps[j + 1]
    if gap not in _JOINS or nxt.all_caps or not free.takes(nxt):
        return None
    if gap in _MARKS and nxt.text.isalpha() and len(nxt.text) >= _MARKED_TAIL:
        return j + 1  # "Ma‘arrat", "Nu‘man": one word the tokenizer cut at its mark
    if nxt.capitalised and not nxt.sentence_start:
        return j + 1
    if nxt.text in PARTICLES and j + 2 < len(tokens):
        after = tokens[j + 2]
        joined = gaps[j + 2] in _JOINS
        if joined and after.capitalised and not after.all_caps and free.takes(after):
            return j + 2
    return None


def _trimmed(state: State, i: int, j: int) -> Iterator[tuple[int, int]]:
    """The run ``i``..``j`` without ordinary words at its ends; each word alone if too short."""
    tokens = state.tokens
    while i <= j and _ordinary(state, tokens[i]):
        i += 1
    while j >= i and (_ordinary(state, tokens[j]) or tokens[j].text in PARTICLES):
        j -= 1
    if i > j:
        return
    if i == j or tokens[i].text in PARTICLES:
        yield from ((k, k) for k in range(i, j + 1) if tokens[k].capitalised)
        return
    yield i, j


def _ordinary(state: State, tok: Token) -> bool:
    """An ordinary word, a month or day, a cue, or a sentence's first word seen in lower case."""
    key = fold_memo[tok.text]
    lower = tok.text.lower()
    if key in COMMON_WORDS or key in MONTHS_DAYS or lower in PLACE_CUES:
        return True
    if key in state.english:
        return True
    return tok.sentence_start and lower in state.lower_words


def _may_run(state: State, i: int, j: int) -> bool:
    """A run may be a name: long enough, and opening with no given name or known person."""
    tokens = state.tokens
    key = fold(state.text[tokens[i].start : tokens[j].end])
    if len(key) < state.tuning.variant_min_letters:
        return False
    gaz = state.gazetteer
    words = [fold_memo[t.text] for t in tokens[i : j + 1] if t.text not in PARTICLES]
    if words[0] in state.first_names or any(w in state.person_keys for w in words):
        return False
    if words[-1] in state.last_names:
        return False  # "Joris van Gennip", "Basheer & Edgemoore": a person's name
    return not any(w in gaz.demonym_keys for w in words)


def _may_guess(state: State, tok: Token) -> bool:
    """A word with no cue may be guessed at: no surname, no capital inside ("UConn")."""
    if any(c.isupper() for c in tok.text[1:]):
        return False
    return fold_memo[tok.text] not in state.last_names


def _may_vary(state: State, idx: int, tok: Token) -> bool:
    """True when token ``idx`` is a capitalised word nothing else explains."""
    if not tok.capitalised or tok.all_caps or len(tok.text) < state.tuning.variant_min_letters:
        return False
    key = fold_memo[tok.text]
    if key in state.known or key in state.person_keys or key in COMMON_WORDS or key in MONTHS_DAYS:
        return False
    gaz = state.gazetteer
    if key in state.english or key in state.first_names or key in gaz.demonym_keys:
        return False
    if tok.sentence_start and tok.text.lower() in state.lower_words:
        return False
    # Part of a longer capitalised name ("Le Drian", "Jean-Yves"): not a variant.
    return not in_title_run(state.tokens, Span(idx, idx, tok.start, tok.end, key))


def _add(
    state: State, first: Token, last: Token, key: str, kind: MentionKind, cue: str | None,
    score: float,
) -> None:  # fmt: skip
    state.spots.append(
        make_spot(first.start, last.end, state.text[first.start : last.end], key, kind, (),
                  first.sentence_start, cue, score, None)
    )  # fmt: skip


def fuzzy_gazetteer(gazetteer: Gazetteer, key: str) -> tuple[str, float] | None:
    """A known name within one edit of ``key``, if exactly one is."""
    probes = {key[:i] + key[i + 1 :] for i in range(len(key))}  # deletions
    probes |= {key[:i] + c + key[i + 1 :] for i in range(len(key)) for c in "aeiouy"}
    probes |= {key[:i] + c + key[i:] for i in range(len(key) + 1) for c in "aeiouhy"}
    probes.discard(key)
    hits = sorted(gazetteer.known_keys(probes))
    if len(hits) != 1:
        return None
    return hits[0], 1.0 - Levenshtein.normalized_distance(key, hits[0])


def closest(
    key: str, keys: Iterable[str], tuning: RecognizeTuning = DEFAULT
) -> tuple[str | None, float]:
    """A known key within one edit (two for long names) with the same first letter (the
    first of ``keys`` at the least distance).

    >>> best, score = closest("diabili", {"diabali", "gao"})
    >>> best, round(score, 3)
    ('diabali', 0.857)
    """
    best = None
    best_distance = 99
    limit = tuning.variant_edits(key)
    for other in keys:
        if other[0] != key[0] or abs(len(other) - len(key)) > limit:
            continue
        distance = Levenshtein.distance(key, other, score_cutoff=limit)
        if distance <= limit and distance < best_distance:
            best, best_distance = other, distance
    if best is None:
        return None, 0.0
    return best, 1.0 - best_distance / max(len(key), len(best))
