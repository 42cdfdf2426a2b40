"""Spans are not lengthened past a key no name starts with, and nothing changes (issue 20).

The candidate spans stop growing from a word once the gazetteer says that no name
(nor demonym, nor never-place name) starts with the key so far
(:meth:`~conflictmap.store.gazetteer.Gazetteer.prefix_test`). That is right only
because a longer span's key starts with the shorter one's: checked here on arbitrary
text; then the pruned spans against every span, and the spotter's answers on the real
base with the test and without it, corrections included.
"""

from __future__ import annotations

import random
import string
from bisect import bisect_left
from pathlib import Path

import marisa_trie
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.recognize import spotter as spotter_module
from conflictmap.recognize.base import Span
from conflictmap.recognize.context import JOINERS
from conflictmap.recognize.spans import article_variant, candidate_spans, completions
from conflictmap.recognize.spotter import Spotter
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.nameindex.layout import Shard, read_shard_table, shard_table
from conflictmap.store.nameindex.shards import ShardedTrie
from conflictmap.store.overrides import Overrides
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token, tokenize
from tests.test_recognize_fast_paths import pieces

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30), st.sampled_from([*JOINERS, ". "]), st.text(max_size=30))
def test_a_longer_span_key_starts_with_the_shorter_one(a: str, gap: str, b: str) -> None:
    assert fold(a + gap + b).startswith(fold(a))


def _prefix_test(keys: set[str]) -> tuple[list[str], object]:
    ordered = sorted(keys)

    def test(prefix: str) -> bool:
        at = bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)

    return ordered, test


def _keys(text: str, tokens: list[Token], span: Span) -> set[str]:
    """What a span may be known as: its key, its article variant, a completion."""
    variant = article_variant(text, tokens, span)
    return {span.key, *completions(span.key), *([variant] if variant else [])}


@settings(max_examples=300, deadline=None)
@given(pieces, st.randoms(use_true_random=False))
def test_pruned_spans_keep_every_span_a_name_may_be(text: str, rng: random.Random) -> None:
    """The pruned spans are spans, and they hold every span that may be known as one of
    the names (a random tenth of what all the spans may be known as)."""
    tokens = tokenize(text)
    every = candidate_spans(text, tokens)
    names = {k for s in every for k in _keys(text, tokens, s) if rng.random() < 0.1}
    _, test = _prefix_test(names)
    pruned = candidate_spans(text, tokens, extends=test)  # type: ignore[arg-type]
    assert all(s in every for s in pruned)
    for span in every:
        if _keys(text, tokens, span) & names:
            assert span in pruned
    if not names:
        assert pruned == []


@settings(max_examples=200, deadline=None)
@given(st.sets(st.text(alphabet="abcé", min_size=1, max_size=5), min_size=2, max_size=30),
       st.data())  # fmt: skip
def test_sharded_tries_answer_prefixes_as_one(names: set[str], data: st.DataObject) -> None:
    ordered = sorted(names)
    cuts = sorted(data.draw(st.sets(st.integers(1, len(ordered) - 1), max_size=4)))
    groups = [ordered[a:b] for a, b in zip([0, *cuts], [*cuts, len(ordered)], strict=True)]
    parts = [marisa_trie.Trie(group).tobytes() for group in groups]
    rows, offset, base = [], 0, 0
    for group, part in zip(groups, parts, strict=True):
        rows.append(Shard(group[0], offset, len(part), base, len(group)))
        offset, base = offset + len(part), base + len(group)
    section = memoryview(shard_table(rows) + b"".join(parts))  # mapped: kept alive here
    trie = ShardedTrie(section, read_shard_table(section, len(rows)))
    for prefix in data.draw(st.lists(st.text(alphabet="abcé", max_size=4), max_size=20)):
        assert trie.has_prefix(prefix) == any(n.startswith(prefix) for n in names)


def _noise(rng: random.Random, words: int) -> str:
    return " ".join(
        rng.choice(string.ascii_uppercase)
        + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 8)))
        for _ in range(words)
    )


def _texts() -> list[str]:
    rng = random.Random(20)
    real = ("Rio de Janeiro", "Democratic Republic of Congo", "Lakes state", "Bosnia and "
            "Herzegovina", "St. Louis", "Sri Lankan", "President Traoré", "Qorvex Tand",
            "Kermanshah province", "Côte d'Ivoire", "Aguel-Hoc", "New York City")  # fmt: skip
    mixed = [f"{_noise(rng, 5)} {rng.choice(real)} {_noise(rng, 3)}." for _ in range(40)]
    return [*EXAMPLES, " ".join(mixed), _noise(rng, 3000)]


@pytest.mark.parametrize("corrected", [False, True])
def test_the_spotter_finds_the_same_with_and_without_the_prefix_test(
    base_gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch, corrected: bool
) -> None:
    gazetteer = base_gazetteer
    texts = _texts()
    if corrected:  # a name only the corrections know, which no stored name starts like
        fixes = Overrides.from_cli(fixes=["Qorvex Tand=14.12,-4.21"])
        gazetteer = gazetteer.with_overrides(fixes)
        assert not base_gazetteer.prefix_test()("qorvex")  # type: ignore[misc]
        Spotter(base_gazetteer).spot(texts[-2])  # the answers kept for uncorrected articles
    assert gazetteer.prefix_test() is not None
    spot = Spotter(gazetteer).spot
    pruned = [spot(text) for text in texts]
    monkeypatch.setattr(spotter_module, "_extends", lambda gaz: None)
    assert pruned == [spot(text) for text in texts]
    assert any(s.text == "Qorvex Tand" for found in pruned for s in found.spots) == corrected
