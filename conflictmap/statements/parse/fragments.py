"""Pattern pieces more than one phrase family uses: spaces, border words, the pair dash.

Examples
--------
>>> bool(BORDER_AFTER.match(" border areas")), bool(PAIR_DASH.match(" – "))
(True, True)
"""

from __future__ import annotations

import re

from conflictmap.text.patterns import lazy

__all__ = ["BORDER_AFTER", "BORDER_BEFORE", "BORDER_WORD", "PAIR_DASH", "SPACE", "squeeze_spaces"]

#: a run of whitespace
SPACE = lazy(r"\s+")
#: "border", "frontier", "border areas", "borderlands" (a fragment without groups)
BORDER_WORD = r"(?:border\s+(?:areas?|regions?|zones?|towns?)|borders?|frontiers?|borderlands?)"
#: a border word right after a mention: "Algeria border"
BORDER_AFTER = lazy(rf"\s+{BORDER_WORD}\b", re.IGNORECASE)
#: a border word ending right before a position: "the border between"
BORDER_BEFORE = lazy(rf"\b{BORDER_WORD}\s+\Z", re.IGNORECASE)
#: the dash or slash of a pair: "Mali-Niger", "Gao–Ansongo", "Mali/Niger"
PAIR_DASH = lazy(r"\s*[-–—/]\s*", re.IGNORECASE)


def squeeze_spaces(words: str) -> str:
    """Lower-case ``words`` with each run of spaces as one space.

    Examples
    --------
    >>> squeeze_spaces("Close \\n to")
    'close to'
    """
    return SPACE.sub(" ", words.lower())
