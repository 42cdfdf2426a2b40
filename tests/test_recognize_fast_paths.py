"""The spotter's fast paths give exactly what the code they replaced gave (issue 19).

Each ``reference_*`` below is the earlier, plainer code, kept as the definition: the
candidate spans (one step per token, the administrative word looked at after every
token), the state-abbreviation pattern as first written (``\\b[DRI]-``), and the
dateline pattern tried at every position. They are compared on the repository's
examples, on texts built from the pieces the rules turn on, and on arbitrary text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.recognize import abbreviations, datelines
from conflictmap.recognize.base import Span
from conflictmap.recognize.context import joinable
from conflictmap.recognize.lexicon import ADMIN_HEADS, CONNECTORS
from conflictmap.recognize.spans import candidate_spans, elided
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token, token_columns, tokenize

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]

_ABBREVIATION = re.compile(
    r"(?:,\s+|\b[DRI]-)((?:[A-Z][a-z]{0,4}\.\s?){1,2}|[A-Z]{2})(?=[\s,;:)\"”’]|$)"
)


def reference_spans(text: str, tokens: Sequence[Token], max_words: int = 7) -> list[Span]:
    spans = []
    n = len(tokens)
    heads: list[Token | None] = []
    for j in range(n):
        head = tokens[j + 1] if j + 1 < n else None
        ok = head is not None and head.text in ADMIN_HEADS
        heads.append(head if ok and text[tokens[j].end : head.start] == " " else None)  # type: ignore[union-attr]
    for i, tok in enumerate(tokens):
        if not tok.capitalised or tok.text.isdigit():
            continue
        j = i
        while j < n and j - i < max_words:
            cur = tokens[j]
            if j > i:
                if not joinable(text[tokens[j - 1].end : cur.start], tokens[j - 1]):
                    break
                if not (
                    cur.capitalised
                    or cur.text.lower() in CONNECTORS
                    or cur.text.isdigit()
                    or elided(cur.text)
                ):
                    break
            if cur.capitalised or (j > i and (cur.text.isdigit() or elided(cur.text))):
                spans.append(Span(i, j, tok.start, cur.end, fold(text[tok.start : cur.end])))
                head = heads[j]
                if head is not None:
                    key = fold(text[tok.start : head.end])
                    spans.append(Span(i, j + 1, tok.start, head.end, key, spans[-1].key))
            j += 1
    return spans


_PIECES = [
    "Gao", "Rio", "de", "Janeiro", "of", "the", "Lakes", "state", "province", "Saint", "St",
    "Mt", "d'Ivoire", "l’Aquila", "Louisville", "Ky.", "S.D.", "TX", "D-Ky.", "R-Texas",
    "I-Vt.", "XD-Ky.", "GOMA", "Congo", "(AP)", "EL", "FASHER", "/", "Jan.", "12", "2013",
    "—", "–", "--", " - ", "-", "‐", " ", " ", ", ", ",", ". ", ".", "! ", "? ", "\n", "\n\n",
    "\t", "1", "Ébolowa", "NATO", "and", "in", "é", "_",
]  # fmt: skip

pieces = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _check(text: str) -> None:
    tokens = tokenize(text)
    assert candidate_spans(text, tokens) == reference_spans(text, tokens)
    assert candidate_spans(text, tokens, 3) == reference_spans(text, tokens, 3)
    columns = token_columns(text)
    assert candidate_spans(text, columns.tokens, columns=columns) == reference_spans(text, tokens)
    new = [m.span(1) for m in abbreviations._ABBREVIATION.finditer(text)]
    assert new == [m.span(1) for m in _ABBREVIATION.finditer(text)]
    found = [m.span("head") for m in datelines._matches(text)]
    assert found == [m.span("head") for m in datelines._DATELINE.finditer(text)]


def test_the_examples_read_as_defined() -> None:
    assert EXAMPLES
    for text in EXAMPLES:
        _check(text)


def test_edge_texts_read_as_defined() -> None:
    for text in ["", "Gao", "\nGOMA, Congo (AP) — Rebels.", "Fell. GAO — x", "D-Ky.", "x, TX",
                 "Fell. L'AQUILA — x", "Fell. \tO’NEILL — x", "x.\n  U.S. — y", "x!\nA-B — y",
                 "x? GA — y", "x. Gao — y", "x.\n\nGAO — y", "x. \nGAO — y"]:  # fmt: skip
        _check(text)


@settings(max_examples=400, deadline=None)
@given(pieces)
def test_rule_pieces_read_as_defined(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_reads_as_defined(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20) | st.text(alphabet="abcXYZ", max_size=20))
def test_the_fold_memo_answers_as_fold(text: str) -> None:
    from conflictmap.recognize.base import fold_memo

    fold_memo.clear()
    assert fold_memo[text] == fold(text)


def test_the_memos_keep_short_texts_only() -> None:
    """A huge gap or word (a hostile article) is answered, not kept across articles."""
    from conflictmap.recognize.base import fold_memo
    from conflictmap.text import tokens as tokens_module

    word = "Gao" * 1000
    assert fold_memo[word] == fold(word) and word not in fold_memo
    assert fold_memo["Gao"] == "gao" and "Gao" in fold_memo
    gap = "," * 1000
    text = f"a{gap}b. c"
    assert tokenize(text) == [
        Token(0, 1, "a", True, False, False),
        Token(1001, 1002, "b", False, False, False),
        Token(1004, 1005, "c", True, False, False),
    ]
    assert gap not in tokens_module._BOUNDS and ". " in tokens_module._BOUNDS


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), max_size=12),
    st.integers(0, 45),
    st.integers(1, 6),  # a token: never empty, never before the text
)
def test_region_words_extents_answer_as_a_scan(
    extents: list[tuple[int, int]], at: int, width: int
) -> None:
    """regions._Extents answers what scanning every spot answered (issue 20)."""
    from conflictmap.recognize.base import Spot
    from conflictmap.recognize.regions import _Extents

    spots = [Spot(start=a, end=a + n, text="x", key="x") for a, n in extents]
    ext = _Extents(spots)
    covered = any(s.start <= at and at + width <= s.end for s in spots)
    assert (ext.reach(at, strict=False) >= at + width) is covered
    assert (ext.reach(at, strict=True) > at) is any(s.start < at < s.end for s in spots)


def test_a_shifted_spot_is_the_spot_replaced() -> None:
    """Spot.shifted copies every field (a new field must be added to it: this fails)."""
    import dataclasses

    from conflictmap.model import MentionKind
    from conflictmap.recognize.base import Spot, shift

    names = [f.name for f in dataclasses.fields(Spot)]
    assert names == ["start", "end", "text", "key", "kind", "places", "sentence_start",
                     "cue", "similarity", "container"]  # fmt: skip
    spot = Spot(start=3, end=9, text="Gao, x", key="gao", kind=MentionKind.BORDER,
                places=("a:1",), sentence_start=True, cue="in", similarity=0.5, container=4)  # fmt: skip
    assert spot.shifted(100) == dataclasses.replace(spot, start=103, end=109)
    assert shift([spot, spot], 100) == [spot.shifted(100)] * 2


def test_make_spot_is_the_spot_made_by_keywords() -> None:
    """make_spot sets every slot as Spot(...) does, in the order of the fields."""
    from conflictmap.model import MentionKind
    from conflictmap.recognize.base import Spot, make_spot

    full = dict(start=3, end=9, text="Gao, x", key="gao", kind=MentionKind.BORDER,
                places=("a:1",), sentence_start=True, cue="in", similarity=0.5, container=4)  # fmt: skip
    made = make_spot(*full.values())
    assert made == Spot(**full)  # type: ignore[arg-type]
    assert repr(made) == repr(Spot(**full))  # type: ignore[arg-type]
    assert hash(made) == hash(Spot(**full))  # type: ignore[arg-type]


_STATE_WORDS = ["Gen.", "gen", "President", "counties", "Counties", "Street", "st.", "U.S.",
                "province", "Province", "Gao", "GAO", "mr.", "Mr", "x", "camp", "12.5", "rue"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_STATE_WORDS), max_size=40))
def test_state_indexes_are_the_passes_they_replace(words: list[str]) -> None:
    """State.having, .worded and .dotted give what a pass over every token gives, for
    every rule's words (from the shared marks) and for words outside them."""
    from conflictmap.model import Place
    from conflictmap.recognize import counties, facilities, regions, spotter
    from conflictmap.recognize.base import Prominence, State
    from conflictmap.recognize.lexicon import TITLES
    from conflictmap.store.gazetteer import Gazetteer

    gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.0, lon=0.0, country="ML")])
    text = " ".join(words)
    tokens = tokenize(text)
    state = State(text, tokens, gazetteer=gaz, prominent=Prominence(gaz), known=set(),
                  people=set(), demonyms=Counter(), marks=spotter._MARKS)  # fmt: skip
    columns = token_columns(text)
    given = State(text, columns.tokens, gazetteer=gaz, prominent=Prominence(gaz), known=set(),
                  people=set(), demonyms=Counter(), columns=columns)  # fmt: skip
    assert (given.texts, given.worded, given.dotted) == (state.texts, state.worded, state.dotted)
    spotter_ = spotter.Spotter(gaz)
    assert spotter_.spot(text, tokens) == spotter_.spot(text)  # the caller's tokens
    lowers = [t.text.lower() for t in tokens]
    for asked in (TITLES, counties.MARKS, facilities.MARKS, regions.MARKS, frozenset({"gao"})):
        assert state.having(asked) == [i for i, w in enumerate(lowers) if w in asked]
    assert state.worded == [i for i, t in enumerate(tokens) if t.capitalised and not t.all_caps]
    assert state.dotted == [i for i, w in enumerate(lowers) if "." in w]
