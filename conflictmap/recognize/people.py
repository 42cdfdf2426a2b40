"""People's names, which hide place names: "President Traoré", "Daniel Larison".

A person found here is rejected as a whole span and its surnames are remembered,
so that "Larison" on its own later in the article is not a place either (unless
it names a prominent place: see :func:`drop_surnames`).
"""

from __future__ import annotations

from operator import attrgetter

from conflictmap.model import MentionKind
from conflictmap.recognize.base import PARTICLES, Prominence, Rejection, Spot, State, fold_memo
from conflictmap.recognize.context import adjacent
from conflictmap.recognize.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    MONTHS_DAYS,
    ORG_HEADS,
    PLACE_CUES,
    PLACE_HEADS,
    TITLES,
)

__all__ = ["drop_surnames", "person_after_title", "person_by_first_name"]

#: role nouns that introduce a person even in lower case ("defence minister Sylla")
_ROLE_NOUNS = frozenset(
    "president minister secretary spokesman spokeswoman spokesperson general commander "
    "governor mayor senator ambassador envoy leader chief director".split()
)


#: words that are given names somewhere ("In", "An") but open a sentence as function
#: words far more often: "In Cote d'Ivoire" is no person
_FUNCTION_WORDS = PLACE_CUES | CONNECTORS


def person_by_first_name(state: State, i: int) -> int | None:
    """If tokens[i] is a given name followed by a surname, the surname's index.

    "Daniel Larison", "Chuck Hagel", "Jean-Yves Le Drian" are people; "Austin,
    Texas" (a comma) and "Paris Monday" (a prominent place) are not.
    """
    text, tokens = state.text, state.tokens
    tok = tokens[i]
    if not tok.capitalised or tok.all_caps:
        return None
    key = fold_memo[tok.text]
    if key not in state.first_names or tok.text.lower() in _FUNCTION_WORDS:
        return None
    k = i
    while (
        k + 1 < len(tokens)
        and adjacent(text, tokens[k], tokens[k + 1], initials=True)
        and not tokens[k + 1].sentence_start
        and (tokens[k + 1].capitalised or tokens[k + 1].text.lower() in PARTICLES)
    ):
        word = tokens[k + 1].text.lower()
        if word in PLACE_HEADS or word in ORG_HEADS or word in COMMON_WORDS or word in MONTHS_DAYS:
            break
        k += 1
    if k == i or not tokens[k].capitalised:
        return None
    if key in state.known and state.prominent(key):
        return None  # asked once a surname follows: a cold name's places are read
    surname = fold_memo[tokens[k].text]
    if surname in state.known and state.prominent(surname):
        return None
    return k


def person_after_title(state: State, i: int) -> int | None:
    """If tokens[i] is a title followed by capitalised names, the last name's index."""
    text, tokens = state.text, state.tokens
    tok = tokens[i]
    if tok.text.lower().rstrip(".") not in TITLES:
        return None
    if not tok.capitalised and not (
        i + 1 < len(tokens) and tokens[i + 1].capitalised and tok.text.lower() in _ROLE_NOUNS
    ):
        return None
    j = i
    # Multi-word titles: "Prime Minister", "Defense Minister Jean-Yves Le Drian".
    while (
        j + 1 < len(tokens)
        and tokens[j + 1].text.lower() in TITLES
        and adjacent(text, tokens[j], tokens[j + 1])
    ):
        j += 1
    k = j
    while (
        k + 1 < len(tokens)
        and adjacent(text, tokens[k], tokens[k + 1], initials=True)
        and (tokens[k + 1].capitalised or tokens[k + 1].text.lower() in PARTICLES)
        and fold_memo[tokens[k + 1].text] not in COMMON_WORDS
        and not tokens[k + 1].sentence_start
    ):
        k += 1
    if k == j:
        return None
    # "Governor of Texas", "President of Mali": stop before a place.
    return k


def drop_surnames(
    spots: list[Spot], people: set[str], prominent: Prominence, rejected: list[Rejection]
) -> list[Spot]:
    """Spots left once the surnames of people found anywhere in the article are dropped.

    A dropped name is added to ``rejected``; a prominent place keeps its name.
    """
    if people.isdisjoint(map(_KEY, spots)):
        return spots  # no spot is keyed as a surname (the common case: one pass in C)
    kept = []
    for sp in spots:
        if sp.key in people and sp.kind is MentionKind.NAME and not prominent(sp.key):
            rejected.append((sp.start, sp.end, sp.text, "person"))
        else:
            kept.append(sp)
    return kept


_KEY = attrgetter("key")
