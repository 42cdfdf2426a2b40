"""Hedges on a distance: "some", "about", "nearly", "more than", "up to", "within".

Each hedge has a *bound*: how it relates the true distance to the number.

========== ======================================== =================================
bound      hedges                                   meaning
========== ======================================== =================================
``about``  some, about, around, roughly, approx.,   within a relative margin either
           an estimated, circa, in the region of,   side (``about_margin``)
           "or so" after the unit
``nearly`` nearly, almost, close to, just under,    a little less than the number
           just short of
``min``    more than, over, at least, upwards of,   the number or more
           just over, beyond
``max``    less than, under, up to, within, no      the number or less
           more than, at most
``exact``  no hedge, "just", "only", "a mere"       the number, rounded as written
========== ======================================== =================================

The margins themselves are tuning (:class:`~conflictmap.tuning.statements.StatementsTuning`:
``about_margin``, ``exact_margin``, ``more_than_factor``).

Examples
--------
>>> [hedge_bound(h).value for h in ("Some", "more  than", None, "within")]
['about', 'min', 'exact', 'max']
>>> normalise_hedge("More  than")
'more than'
"""

from __future__ import annotations

import re

from conflictmap.model.kinds import WordEnum

__all__ = ["HEDGE", "HEDGE_FIRST_WORDS", "Bound", "hedge_bound", "normalise_hedge"]


class Bound(WordEnum):
    """How a hedge relates the true distance to the number written."""

    #: within a relative margin either side ("some", "about")
    ABOUT = "about"
    #: a little less than the number ("nearly", "almost")
    NEARLY = "nearly"
    #: the number or more ("more than", "at least")
    MIN = "min"
    #: the number or less ("up to", "within")
    MAX = "max"
    #: the number, rounded as written (no hedge, "just", "only")
    EXACT = "exact"


_BOUNDS = {
    Bound.ABOUT: (
        "some",
        "about",
        "around",
        "roughly",
        "approximately",
        "approx.",
        "approx",
        "an estimated",
        "estimated",
        "circa",
        "c.",
        "~",
        "in the region of",
        "in the order of",
        "on the order of",
        "or so",
        "some odd",
    ),
    Bound.NEARLY: ("nearly", "almost", "close to", "just under", "just short of", "a little under"),
    Bound.MIN: (
        "more than",
        "over",
        "at least",
        "upwards of",
        "just over",
        "a little over",
        "beyond",
        "well over",
        "further than",
        "farther than",
    ),
    Bound.MAX: (
        "less than",
        "under",
        "up to",
        "within",
        "no more than",
        "at most",
        "not more than",
        "fewer than",
        "barely",
    ),
    Bound.EXACT: ("just", "only", "a mere", "exactly", "precisely", "a full"),
}
_BOUND_OF = {hedge: bound for bound, hedges in _BOUNDS.items() for hedge in hedges}

_PREFIXES = sorted((h for h in _BOUND_OF if h not in ("or so", "some odd")), key=len, reverse=True)

#: a hedge before a number (regular-expression fragment without groups)
HEDGE = (
    "(?:"
    + "|".join(
        (r"\b" if h[0].isalpha() else "") + re.escape(h).replace(r"\ ", r"\s+") for h in _PREFIXES
    )
    + ")"
)
#: the first word of every hedge of :data:`HEDGE` (for a lookahead that passes over the
#: positions where no hedge can start)
HEDGE_FIRST_WORDS = frozenset(h.split(" ")[0] for h in _PREFIXES)


def normalise_hedge(text: str | None) -> str | None:
    """Lower-case a hedge and squeeze its spaces (``None`` stays ``None``).

    Examples
    --------
    >>> normalise_hedge("  Up\tto "), normalise_hedge(None)
    ('up to', None)
    """
    if text is None:
        return None
    return re.sub(r"\s+", " ", text.strip().lower()) or None


def hedge_bound(text: str | None) -> Bound:
    """The :class:`Bound` of a hedge (no hedge is exact; an unknown one is "about").

    Parameters
    ----------
    text : str or None
        The hedge as written ("some", "More than", "up to").

    Examples
    --------
    >>> hedge_bound("nearly"), hedge_bound("a full")
    (<Bound.NEARLY: 'nearly'>, <Bound.EXACT: 'exact'>)
    """
    hedge = normalise_hedge(text)
    if hedge is None:
        return Bound.EXACT
    return _BOUND_OF.get(hedge, Bound.ABOUT)
