"""Demonyms and borders: "Malian" is evidence for Mali, "the Mauritanian border" a place.

A demonym is never a pin of its own: it counts towards the article's focus
(:attr:`~conflictmap.recognize.base.Spots.demonyms`) and is reported as a
``demonym`` spot naming its country. A demonym followed by "border" or
"frontier" is a ``border`` spot.
"""

from __future__ import annotations

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, State, make_spot
from conflictmap.recognize.context import JOINERS, cue_of
from conflictmap.recognize.lexicon import FORCE_HEADS
from conflictmap.store.gazetteer import Gazetteer

__all__ = ["demonym"]

_BORDER_WORDS = ("border", "frontier", "borders")
_BORDER, _DEMONYM = MentionKind.BORDER, MentionKind.DEMONYM


def _opens_a_name(state: State, span: Span) -> bool:
    """True when the demonym opens the name of a force or a body: "Syrian Democratic
    Forces", "African Union", "Palestinian Red Crescent" (a
    :data:`~conflictmap.recognize.lexicon.FORCE_HEADS` word in the capitalised run
    after it). It still counts for the article's focus.
    """
    text, tokens = state.text, state.tokens
    k = span.j
    while (
        k + 1 < len(tokens)
        and text[tokens[k].end : tokens[k + 1].start] == " "
        and not tokens[k + 1].sentence_start
        and (tokens[k + 1].capitalised or tokens[k + 1].text in ("of", "for"))
    ):
        k += 1
        if tokens[k].text.lower() in FORCE_HEADS:
            return True
    return False


def _places(gaz: Gazetteer, key: str) -> tuple[str, ...]:
    """The places of the demonym ``key``, most populous first ("American": the United
    States before American Samoa)."""
    return tuple(
        sorted(gaz.demonym(key), key=lambda pid: -gaz.get(pid).population if gaz.exists(pid) else 0)
    )


def demonym(state: State, span: Span) -> None:
    """Record the demonym ``span``; :attr:`State.resume` says where reading goes on."""
    tokens, text = state.tokens, state.text
    places = state.demonym_places.get(span.key)
    if places is None:
        places = state.demonym_places[span.key] = _places(state.gazetteer, span.key)
    if places:  # "French": France, not every French territory
        state.demonyms[places[0]] += 1
    nxt = span.j + 1
    sentence_start = tokens[span.i].sentence_start
    if (
        nxt < len(tokens)
        and state.lowers[nxt] in _BORDER_WORDS
        and state.gaps[nxt] in JOINERS  # adjacent
        and places
    ):
        end = tokens[nxt].end
        state.spots.append(
            make_spot(span.start, end, text[span.start : end], span.key, _BORDER, places,
                      sentence_start, None, 1.0, None)
        )  # fmt: skip
        state.resume = nxt + 1
        return
    if places and not (state.tuning.demonym_names and _opens_a_name(state, span)):
        state.spots.append(
            make_spot(span.start, span.end, text[span.start : span.end], span.key, _DEMONYM,
                      places, sentence_start, cue_of(state, span.i), 1.0, None)
        )  # fmt: skip
    state.resume = span.j + 1
