"""Which span keys the gazetteer knows as names, remembered across articles.

The layers' answers cannot change while they are open, so for every article read
without corrections they are kept (bounded, per open layers, as the spotter's prefix
answers and :class:`~conflictmap.recognize.base.Prominence` are): names recur from
article to article, and a trie lookup costs several dictionary lookups (issue 19).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from itertools import filterfalse

from conflictmap.store.gazetteer import Gazetteer

__all__ = ["KEPT", "knowing"]

#: answers kept per open layers (the memo is cleared when it would hold more)
KEPT = 1 << 16


def knowing(gaz: Gazetteer) -> Callable[[set[str]], set[str]]:
    """``gaz.known_keys``, its answers remembered across articles while no correction
    applies (a name a layer knows stays known while the layers are open; a trie lookup
    costs several dictionary lookups, and names recur from article to article)."""
    if not gaz.overrides.empty:
        return gaz.known_keys
    memo = _KNOWN.get(gaz.data_layers)
    if memo is None:
        memo = _KNOWN.setdefault(gaz.data_layers, {})

    def known_keys(keys: set[str]) -> set[str]:
        known = set(filter(memo.get, keys))  # remembered as known
        asked = list(filterfalse(memo.__contains__, keys))  # never asked
        if asked:
            found = gaz.known_keys(asked)
            known |= found
            if len(memo) + len(asked) > KEPT:
                memo.clear()
            memo.update(dict.fromkeys(asked, False))
            memo.update(dict.fromkeys(found, True))
        return known

    return known_keys


#: :func:`knowing`'s answers, per open layers
_KNOWN: weakref.WeakKeyDictionary[object, dict[str, bool]] = weakref.WeakKeyDictionary()
