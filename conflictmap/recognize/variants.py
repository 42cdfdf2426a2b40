"""Spelling variants: "Diabili" beside "Diabali", "Kidall" after "the town of".

A capitalised word of five letters or more that no layer knows, that is no
ordinary English word, given name, demonym or part of a longer name, becomes

* a ``variant`` of a name already found in the article when it is within one
  edit of it (two for names of eight letters or more), same first letter;
* else, after a strong place cue ("the town of X", "X village"), a ``variant`` of
  the one gazetteer name within one vowel edit or deletion of it, or an
  ``unknown`` spot when there is none.

Edit distances are rapidfuzz's Levenshtein.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from rapidfuzz.distance import Levenshtein

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, Spot, State
from conflictmap.recognize.context import in_title_run, place_cue, strong_cue
from conflictmap.recognize.lexicon import COMMON_WORDS, MONTHS_DAYS
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token
from conflictmap.tuning.recognize import DEFAULT, RecognizeTuning

NAME, VARIANT = MentionKind.NAME, MentionKind.VARIANT

__all__ = ["closest", "fuzzy_gazetteer", "variants"]


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


def variants(state: State) -> None:
    """Add ``variant`` and ``unknown`` spots for the capitalised words nothing explains."""
    covered = _Covered(
        [(s.start, s.end) for s in state.spots] + [(s, e) for s, e, _, _ in state.rejected]
    )
    shortest = state.tuning.variant_min_letters
    found_keys = {s.key for s in state.spots if s.kind is NAME and len(s.key) >= shortest}
    for idx, tok in enumerate(state.tokens):
        if not _may_vary(state, idx, tok, covered):
            continue
        key = fold(tok.text)
        best, score = closest(key, found_keys, state.tuning)
        if best is not None:
            _add(state, tok, best, VARIANT, place_cue(state, idx), score)
            continue
        strong = strong_cue(state.tokens, idx)
        if strong is None:
            continue
        candidate = fuzzy_gazetteer(state.gazetteer, key)
        if candidate is not None:
            _add(state, tok, candidate[0], VARIANT, strong, candidate[1])
        else:
            _add(state, tok, key, MentionKind.UNKNOWN, strong, 0.0)


def _may_vary(state: State, idx: int, tok: Token, covered: _Covered) -> bool:
    """True when token ``idx`` is a capitalised word nothing else explains."""
    if not tok.capitalised or tok.all_caps or len(tok.text) < state.tuning.variant_min_letters:
        return False
    key = fold(tok.text)
    if key in state.known or key in state.person_keys or key in COMMON_WORDS or key in MONTHS_DAYS:
        return False
    gaz = state.gazetteer
    if key in gaz.words("english") or key in gaz.first_names or key in gaz.demonym_keys:
        return False
    if tok.start in covered:
        return False
    if tok.sentence_start and tok.text.lower() in state.lower_words:
        return False
    # Part of a longer capitalised name ("Le Drian", "Jean-Yves"): not a variant.
    return not in_title_run(state.tokens, Span(idx, idx, tok.start, tok.end, key))


def _add(
    state: State, tok: Token, key: str, kind: MentionKind, cue: str | None, score: float
) -> None:
    state.spots.append(
        Spot(start=tok.start, end=tok.end, text=tok.text, key=key, kind=kind,
             sentence_start=tok.sentence_start, cue=cue, similarity=score)
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
    key: str, keys: set[str], tuning: RecognizeTuning = DEFAULT
) -> tuple[str | None, float]:
    """A known key within one edit (two for long names) with the same first letter.

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
