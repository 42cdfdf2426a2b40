"""The names of a big layer's index, in several tries (see :mod:`conflictmap.store.nameindex`).

A layer of more names than one trie is built with (``name_index_shard_keys``) has its
names split in key order; each trie holds a range of them, and a name's trie id in
the whole index is its id in its trie plus the trie's ``base``.

>>> import marisa_trie
>>> from conflictmap.store.nameindex.layout import Shard, read_shard_table, shard_table
>>> a, m = marisa_trie.Trie(["gao", "bamako"]), marisa_trie.Trie(["mopti", "timbuktu"])
>>> parts = [a.tobytes(), m.tobytes()]
>>> rows = [Shard("bamako", 0, len(parts[0]), 0, 2),
...         Shard("mopti", len(parts[0]), len(parts[1]), 2, 2)]
>>> section = memoryview(shard_table(rows) + b"".join(parts))  # the tries map it
>>> trie = ShardedTrie(section, read_shard_table(section, 2))
>>> len(trie), "mopti" in trie, "kidal" in trie, trie.get("timbuktu") >= 2
(4, True, False, True)
>>> trie.has_prefix("mop"), trie.has_prefix("ti"), trie.has_prefix("c"), trie.has_prefix("bamakox")
(True, True, False, False)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import marisa_trie

from conflictmap.store.nameindex.layout import Shard

__all__ = ["ShardedTrie"]


class ShardedTrie:
    """The tries of ``shards``, mapped from ``section`` (their offsets in it), read as one.

    Raises
    ------
    ValueError
        When a trie's bytes do not read, or its size is not what the table says.
    """

    def __init__(self, section: bytes | memoryview, shards: Sequence[Shard]) -> None:
        self._firsts = [shard.first for shard in shards]
        self._bases = [shard.base for shard in shards]
        self._tries: list[marisa_trie.Trie] = []
        expected = 0
        for shard in shards:
            trie = marisa_trie.Trie()
            trie.map(section[shard.offset : shard.offset + shard.length])
            if len(trie) != shard.names or shard.base != expected or shard.names == 0:
                raise ValueError(f"a trie of {len(trie)} names, not {shard.names}")
            expected += shard.names
            self._tries.append(trie)
        if self._firsts != sorted(self._firsts):
            raise ValueError("the tries are not in key order")
        self._length = expected

    def __len__(self) -> int:
        return self._length

    def _shard(self, key: str) -> int:
        return bisect_right(self._firsts, key) - 1

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        at = bisect_right(self._firsts, key) - 1  # self._shard, inline: asked per span
        return at >= 0 and key in self._tries[at]

    def has_prefix(self, prefix: str) -> bool:
        """True when some name starts with ``prefix``: in the trie whose range holds
        ``prefix``, or else as the first name of the next trie (the names that start
        with ``prefix`` are one run in key order, beginning at or after ``prefix``)."""
        at = self._shard(prefix)
        if at >= 0 and next(self._tries[at].iterkeys(prefix), None) is not None:
            return True
        return at + 1 < len(self._firsts) and self._firsts[at + 1].startswith(prefix)

    def get(self, key: str) -> int | None:
        """The id of ``key`` in the whole index (``None``: not a name of it)."""
        at = bisect_right(self._firsts, key) - 1  # self._shard, inline: asked per lookup
        if at < 0:
            return None
        tid = self._tries[at].get(key)
        return None if tid is None else self._bases[at] + tid

    def keys(self) -> list[str]:
        """Every name, trie after trie."""
        return [key for trie in self._tries for key in trie.iterkeys()]
