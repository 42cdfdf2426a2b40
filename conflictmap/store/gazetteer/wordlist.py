"""A word list of the base (``english``, ``first_name``, ``last_name``), read key by key
until enough keys were asked, then whole (issue 19: start-up).

Reading the three lists whole (20,000 rows) cost about 14 ms of a start, while one
article asks some 150 distinct words of them (the Mali article: 53, 74 and 21); one
key costs about 14 µs. So a list answers each key from its own query (and remembers
the answer) until :data:`WHOLE_AFTER` distinct keys were asked, then reads the whole
list once; :meth:`~conflictmap.store.gazetteer.layers.Layers.words` hands out the
plain dict from then on, so a long run looks words up at dict speed. The answers are
those of the whole list in every case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["WHOLE_AFTER", "WordList"]

#: distinct keys asked one by one before the whole list is read: so many queries cost
#: about what reading a short list whole does (150 × 14 µs ≈ 2.1 ms; the 5,000 surnames
#: 2.7 ms, the 10,000 English words 8 ms; measured at load 2.7, 2026-12-03)
WHOLE_AFTER = 150
_SQL_ONE = "SELECT value FROM words WHERE list = ? AND key = ?"
_SQL_ALL = "SELECT key, value FROM words WHERE list = ?"


class WordList(Mapping[str, float]):
    """The word list ``name`` of the base that ``query`` reads.

    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("CREATE TABLE words (list TEXT, key TEXT, value REAL)")
    >>> _ = conn.execute("INSERT INTO words VALUES ('english', 'well', 3.0)")
    >>> words = WordList(lambda sql, params: conn.execute(sql, params).fetchall(), "english")
    >>> "well" in words, "wells" in words, words.get("well"), words.whole is None
    (True, False, 3.0, True)
    >>> dict(words), words.whole
    ({'well': 3.0}, {'well': 3.0})
    """

    def __init__(self, query: Callable[[str, Sequence[Any]], list[Any]], name: str) -> None:
        self._query = query
        self._name = name
        self._asked: dict[str, float | None] = {}
        #: the whole list, once read
        self.whole: dict[str, float] | None = None

    def _read(self) -> dict[str, float]:
        if self.whole is None:
            self.whole = dict(self._query(_SQL_ALL, (self._name,)))
        return self.whole

    def get(self, key: object, default: Any = None) -> Any:
        if self.whole is not None:
            return self.whole.get(key, default)  # type: ignore[call-overload]
        if not isinstance(key, str):
            return default
        if key in self._asked:
            found = self._asked[key]
        elif len(self._asked) >= WHOLE_AFTER:
            return self._read().get(key, default)
        else:
            rows = self._query(_SQL_ONE, (self._name, key))
            found = self._asked[key] = rows[0][0] if rows else None
        return default if found is None else found

    def __getitem__(self, key: str) -> float:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return float(found)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())
