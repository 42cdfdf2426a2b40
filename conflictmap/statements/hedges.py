"""Hedges on a distance: "some", "about", "nearly", "more than", "up to", "within".

Each hedge has a *bound*: how it relates the true distance to the number.

========== ======================================== =================================
bound      hedges                                   meaning
========== ======================================== =================================
``about``  some, about, around, roughly, approx.,   within a relative margin either
           an estimated, circa, in the region of,   side (:data:`ABOUT_MARGIN`)
           "or so" after the unit
``nearly`` nearly, almost, close to, just under,    a little less than the number
           just short of
``min``    more than, over, at least, upwards of,   the number or more
           just over, beyond
``max``    less than, under, up to, within, no      the number or less
           more than, at most
``exact``  no hedge, "just", "only", "a mere"       the number, rounded as written
========== ======================================== =================================

Examples
--------
>>> hedge_bound("Some"), hedge_bound("more  than"), hedge_bound(None), hedge_bound("within")
('about', 'min', 'exact', 'max')
>>> normalise_hedge("More  than")
'more than'
"""

from __future__ import annotations

import re

__all__ = ["ABOUT_MARGIN", "HEDGE", "hedge_bound", "normalise_hedge"]

#: relative margin of an "about" hedge, either side
ABOUT_MARGIN = 0.15

_BOUNDS = {
    "about": (
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
    "nearly": ("nearly", "almost", "close to", "just under", "just short of", "a little under"),
    "min": (
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
    "max": (
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
    "exact": ("just", "only", "a mere", "exactly", "precisely", "a full"),
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


def normalise_hedge(text: str | None) -> str | None:
    """Lower-case a hedge and squeeze its spaces (``None`` stays ``None``)."""
    if text is None:
        return None
    return re.sub(r"\s+", " ", text.strip().lower()) or None


def hedge_bound(text: str | None) -> str:
    """The bound of a hedge: ``about``, ``nearly``, ``min``, ``max`` or ``exact``."""
    hedge = normalise_hedge(text)
    if hedge is None:
        return "exact"
    return _BOUND_OF.get(hedge, "about")
