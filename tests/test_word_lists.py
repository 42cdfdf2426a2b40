"""The base's word lists read key by key until enough keys were asked, then whole (issue
19, start-up): every answer is the whole list's, an article's few words cost a query
each, and a long run gets the plain dict."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from conflictmap.store.gazetteer import Gazetteer, wordlist
from conflictmap.store.gazetteer.wordlist import WHOLE_AFTER, WordList

ROWS = [("english", f"w{n}", float(n)) for n in range(400)] + [("last_name", "w1", 0.5)]


class _Counted:
    """A words table in memory, and the queries asked of it."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(
            "CREATE TABLE words (list TEXT, key TEXT, value REAL NOT NULL, PRIMARY KEY (list, key))"
        )
        self.conn.executemany("INSERT INTO words VALUES (?, ?, ?)", ROWS)
        self.asked: list[tuple[Any, ...]] = []

    def __call__(self, sql: str, params: Sequence[Any]) -> list[Any]:
        self.asked.append(tuple(params))
        return self.conn.execute(sql, params).fetchall()


def test_a_few_keys_cost_a_query_each_and_answer_as_the_whole_list() -> None:
    query = _Counted()
    words = WordList(query, "english")
    whole = {k: v for name, k, v in ROWS if name == "english"}
    probes = ["w1", "w399", "nope", "w1", "", "W1", "nope"]
    assert [words.get(p) for p in probes] == [whole.get(p) for p in probes]
    assert [p in words for p in probes] == [p in whole for p in probes]
    assert words["w5"] == 5.0 and words.get("nope", -1.0) == -1.0
    with pytest.raises(KeyError):
        words["nope"]
    assert len(query.asked) == 6 and words.whole is None  # w1, w399, nope, "", W1, w5
    assert 3 not in words and words.get(None) is None  # type: ignore[operator]


def test_the_whole_list_is_read_after_enough_keys() -> None:
    query = _Counted()
    words = WordList(query, "english")
    whole = {k: v for name, k, v in ROWS if name == "english"}
    probes = [f"w{n}" for n in range(0, 800, 2)]
    assert [words.get(p) for p in probes] == [whole.get(p) for p in probes]
    assert len(query.asked) == WHOLE_AFTER + 1 and words.whole == whole
    assert dict(words) == whole and len(words) == len(whole) and len(query.asked) == WHOLE_AFTER + 1


def test_len_and_iteration_read_the_whole_list() -> None:
    query = _Counted()
    words = WordList(query, "last_name")
    assert list(words) == ["w1"] and len(words) == 1 and words == {"w1": 0.5}
    assert query.asked == [("last_name",)]


def test_the_gazetteer_s_lists_answer_as_the_table_and_become_dicts(
    base_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wordlist, "WHOLE_AFTER", 50)
    gaz = Gazetteer(base_home, progress=False)  # its own: the lists read anew
    try:
        query = gaz._layers.query
        for name in ("english", "first_name", "last_name"):
            whole = dict(query("SELECT key, value FROM words WHERE list = ?", (name,)))
            probes = [*sorted(whole)[::97], "qqqq", "timbuktu", "ahmed", "the", "well"]
            words = gaz.words(name)
            assert isinstance(words, WordList)
            assert [words.get(p) for p in probes[:40]] == [whole.get(p) for p in probes[:40]]
            assert [p in words for p in probes] == [p in whole for p in probes]
            assert gaz.words(name) is words.whole == whole  # the plain dict from then on
            assert type(gaz.words(name)) is dict
    finally:
        gaz.close()
