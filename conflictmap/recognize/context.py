"""What the words around a span say: cues, neighbours, title runs.

Every function here reads tokens only; none asks the gazetteer.

Examples
--------
>>> from conflictmap.text.tokens import tokenize
>>> tokens = tokenize("Fighting in the town of Diabili.")
>>> cue(tokens, 1), strong_cue(tokens, 5)
(None, 'town of')
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, State
from conflictmap.recognize.datelines import DATELINE
from conflictmap.recognize.lexicon import ORG_HEADS, PLACE_CUES, PLACE_HEADS, STRONG_CUES
from conflictmap.text.tokens import Token
from conflictmap.tuning.recognize import DEFAULT, RecognizeTuning

__all__ = [
    "adjacent",
    "caps_context",
    "coordinated",
    "cue",
    "cue_of",
    "followed_by_region",
    "in_title_run",
    "joinable",
    "place_cue",
    "strong_cue",
    "title_run_is_org",
]

NAME = MentionKind.NAME
#: what may stand between the words of one name
JOINERS = (" ", "-", "‐", " - ")
_DETERMINERS = frozenset("the a an this that these those its his her their our my".split())
#: abbreviated first words followed by a dot inside a name ("St. Louis", "Mt. Kenya")
ABBREVIATED_FIRST = frozenset({"st", "ste", "mt", "ft", "pt"})


def joinable(gap: str, previous: Token) -> bool:
    """True when ``gap`` may join two words of one name."""
    if gap in JOINERS:
        return True
    return gap == ". " and previous.text.lower() in ABBREVIATED_FIRST


def adjacent(text: str, a: Token, b: Token, *, initials: bool = False) -> bool:
    """True when tokens ``a`` and ``b`` are neighbours within one name."""
    gap = text[a.end : b.start]
    if gap in JOINERS:
        return True
    # "George W. Bush": an initial with its dot.
    return initials and gap == ". " and len(a.text) == 1 and a.text.isupper()


def caps_context(tokens: Sequence[Token], span: Span, tuning: RecognizeTuning = DEFAULT) -> bool:
    """True when the neighbourhood is all capitals too (a headline or a dateline)."""
    reach = tuning.caps_window
    window = [t for t in tokens[max(0, span.i - reach) : span.j + reach + 1] if t.text.isalpha()]
    caps = sum(1 for t in window if t.all_caps or len(t.text) == 1)
    return len(window) >= tuning.caps_min_words and caps >= len(window) - 1


def in_title_run(tokens: Sequence[Token], span: Span) -> bool:
    """True when a capitalised word touches the span on either side (a longer name)."""
    before = tokens[span.i - 1] if span.i > 0 else None
    after = tokens[span.j + 1] if span.j + 1 < len(tokens) else None
    if (
        before is not None
        and before.capitalised
        and not tokens[span.i].sentence_start
        and before.end + 1 >= tokens[span.i].start
        and before.text.lower() not in PLACE_CUES
        and before.text.lower() not in _DETERMINERS
    ):
        return True
    if (
        after is not None
        and after.capitalised
        and not after.sentence_start
        and tokens[span.j].end + 1 >= after.start
    ):
        return after.text.lower() not in PLACE_HEADS
    return False


def coordinated(state: State, span: Span) -> str | None:
    """ "Gainesville and Lindsay": a name listed with a place just found is a place too."""
    tokens = state.tokens
    if span.i < 2 or not state.spots:
        return None
    link = tokens[span.i - 1].text.lower()
    last = state.spots[-1]
    if link in ("and", "or") and last.end == tokens[span.i - 2].end and last.kind is NAME:
        return "in"
    if state.text[last.end : tokens[span.i].start] == ", " and last.kind is NAME and span.i >= 1:
        return "in"
    return None


def title_run_is_org(tokens: Sequence[Token], span: Span) -> bool:
    """True when the capitalised run around the span ends in an organisation word."""
    k = span.j + 1
    while k < len(tokens) and tokens[k].capitalised and not tokens[k].sentence_start:
        if tokens[k].text.lower() in ORG_HEADS:
            return True
        k += 1
    return False


def followed_by_region(text: str, span: Span) -> bool:
    """ "Middleton, Wis." / "Paris, Texas": a name followed by a comma and a capital."""
    return text.startswith(", ", span.end) and text[span.end + 2 : span.end + 3].isupper()


def cue(tokens: Sequence[Token], i: int) -> str | None:
    """The place cue just before token ``i`` ("in", "north of the"), if any."""
    if i == 0:
        return None
    prev = tokens[i - 1].text.lower()
    if prev in PLACE_CUES or prev in STRONG_CUES:
        return prev
    if prev == "the" and i >= 2 and tokens[i - 2].text.lower() in PLACE_CUES:
        return tokens[i - 2].text.lower()
    return None


def cue_of(state: State, i: int) -> str | None:
    """:func:`cue`, read from the piece's lower cases (:attr:`State.lowers`)."""
    if i == 0:
        return None
    lowers = state.lowers
    prev = lowers[i - 1]
    if prev in PLACE_CUES or prev in STRONG_CUES:
        return prev
    if prev == "the" and i >= 2 and lowers[i - 2] in PLACE_CUES:
        return lowers[i - 2]
    return None


def place_cue(state: State, i: int) -> str | None:
    """The cue of a name at token ``i``: "dateline" inside a dateline, else :func:`cue`."""
    if i in state.datelines:
        return DATELINE
    return cue_of(state, i)


def strong_cue(tokens: Sequence[Token], i: int) -> str | None:
    """A cue that makes an unknown capitalised word a place: "town of X", "X village"."""
    if i >= 2 and tokens[i - 1].text.lower() == "of" and tokens[i - 2].text.lower() in STRONG_CUES:
        return f"{tokens[i - 2].text.lower()} of"
    if i + 1 < len(tokens) and tokens[i + 1].text.lower() in (
        "village", "town", "district", "region", "province", "commune",
    ):  # fmt: skip
        return tokens[i + 1].text.lower()
    if (
        i >= 1
        and tokens[i - 1].text.lower() in ("in", "near", "outside")
        and not tokens[i].sentence_start
    ):
        return tokens[i - 1].text.lower()
    return None
