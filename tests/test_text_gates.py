"""Keyword gates skip only patterns that would find nothing (text/gates.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events.clauses import clauses, sentences
from conflictmap.events.lexicon import _FIELDS, _WEAPONS, Family, Hit, Lexicon, _hit
from conflictmap.text import gates
from conflictmap.text.gates import folded, may_match, may_match_all, needed, needed_all
from conflictmap.text.patterns import compiled

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


def _patterns() -> list[re.Pattern[str]]:
    lex = Lexicon()
    found = [p for _rule, p in dates._COMPILED] + [lex.pattern(n) for n in _FIELDS.values()]
    return [compiled(p) for p in found]


def test_lookalikes_are_every_non_ascii_letter_re_folds_to_ascii() -> None:
    ascii_alnum = re.compile(r"[a-z0-9]", re.IGNORECASE)
    found = {chr(c) for c in range(0x80, 0x110000) if ascii_alnum.fullmatch(chr(c))}
    assert found == set(gates._ASCII_LOOKALIKES)
    # and the only letter whose lower case is longer (positions would shift) is among them
    longer = {chr(c) for c in range(0x110000) if len(chr(c).lower()) != 1}
    assert longer <= set(gates._ASCII_LOOKALIKES)


def test_needed_words() -> None:
    assert needed(re.compile(r"\blast\s+month\b", re.I)) in ({"last"}, {"month"})
    assert needed(re.compile(r"(?:a|b)?c")) == {"c"}
    assert needed(re.compile(r"x?")) is None
    assert needed(re.compile(r"(?:ab|[0-9])")) is None  # one branch needs no word
    assert needed(re.compile(r"(?:jan|january|feb)")) == {"jan", "feb"}
    assert needed(re.compile(r"(?:ab)+z")) in ({"ab"}, {"z"})
    assert needed(re.compile(r"é")) is None  # non-ASCII letters are never gate words
    assert needed_all(re.compile(r"\b(?:a|[1-9])\s+days?\s+ago\b")) == ({"day"}, {"ago"})
    assert needed_all(re.compile(r"[0-9]+")) == ()


def test_a_lookalike_disables_the_gate() -> None:
    assert folded("the \u017fame day") is None
    for char in gates._ASCII_LOOKALIKES:  # anywhere in a long text, which is not ASCII
        assert folded("é" + "x" * 5000 + char + "y") is None
    assert folded("é" + "x" * 5000) == "é" + "x" * 5000
    assert may_match(frozenset({"same"}), None)
    assert re.search("same", "the \u017fame day", re.I)


_VOCAB = sorted({w for p in _patterns() for w in (needed(p) or ())} | {"the", "on", "14", "2013"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_VOCAB, " ", "  ", "-", ",", ".", "X", "a"]), max_size=30))
def test_gate_never_hides_a_match(parts: list[str]) -> None:
    text = "".join(parts)
    for flip in (text, text.upper(), text.title()):
        low = folded(flip)
        for pattern in _patterns():
            if pattern.search(flip):
                assert may_match(needed(pattern), low), (pattern.pattern, flip)
                assert may_match_all(needed_all(pattern), low), (pattern.pattern, flip)


def _triggers_by_scan(lex: Lexicon, text: str, start: int, stop: int) -> list[Hit]:
    """Lexicon.triggers as it was: every family's pattern run over the clause."""
    hits = []
    families = [*_FIELDS.items(), (Family.AGREEMENT, "")]
    for family, name in families:
        pattern = lex.pattern(name) if name else lex._agreement
        for match in re.compile(pattern.pattern, re.IGNORECASE).finditer(text, start, stop):
            if not lex._irrealis_before(text, start, match.start(), family):
                hits.append(_hit(match, family))
    if any(h.family is Family.WEAK_STRIKE for h in hits):
        armed = any(lex.pattern(n).search(text, start, stop) for n in _WEAPONS)
        hits = [
            replace(h, family=Family.STRIKE) if h.family is Family.WEAK_STRIKE else h
            for h in hits
            if armed or h.family is not Family.WEAK_STRIKE
        ]
    return sorted(hits, key=lambda h: (h.start, list(Family).index(h.family)))


def test_triggers_found_from_start_positions_are_those_of_a_full_scan() -> None:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    assert texts
    lex = Lexicon()
    for text in [*texts, *(t.upper() for t in texts)]:
        for a, b in sentences(text):
            for start, end in clauses(text, a, b, lex.verbs):
                assert lex.triggers(text, start, end) == _triggers_by_scan(lex, text, start, end)


def _dates_by_scan(text: str) -> list[dates.DatePhrase]:
    """find_dates as it was: every pattern run over the whole text, every earlier phrase
    scanned for an overlap."""
    taken: list[dates.DatePhrase] = []
    for rule, pattern in dates._COMPILED:
        for match in re.compile(pattern.pattern, re.IGNORECASE).finditer(text):
            if any(p.start < match.end() and match.start() < p.end for p in taken):
                continue
            fields = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            taken.append(
                dates.DatePhrase(
                    start=match.start(), end=match.end(), text=match.group(0), rule=rule,
                    fields=fields,
                )
            )  # fmt: skip
    return sorted(taken, key=lambda p: p.start)


def test_overlap_bisection_keeps_the_phrases_of_the_scan() -> None:
    # every pattern needs a word, so none matches empty (the bisection relies on it)
    assert all(needed_all(p) for _rule, p in dates._COMPILED)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    long = "\n\n".join(texts * 3) + " between 3 and 5 May 2024, on Monday and Tuesday night"
    for text in [*texts, long]:
        assert dates.find_dates(text) == _dates_by_scan(text)
