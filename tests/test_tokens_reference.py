"""The fast ``tokenize`` gives exactly the tokens of the loop it replaced (issue 19).

``reference_tokenize`` below is ``tokenize`` as it was before it was made fast (one
Python step per match of the token pattern); it stays here as the definition. The two
are compared on the repository's example articles, on text built from the characters
the rules turn on (apostrophes and clitics, "U.S.", abbreviations with their dot,
sentence ends, quotes, lists) and on arbitrary text.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.text import tokens as mod
from conflictmap.text.tokens import Token, tokenize

ROOT = Path(__file__).resolve().parents[1]


def reference_tokenize(text: str) -> list[Token]:
    """Tokens as defined: each match of the token pattern, in order, but a clitic."""
    out: list[Token] = []
    previous_end = -1
    previous_word = ""
    for match in mod._TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if start > 0 and text[start - 1] in "'’ʼ" and word.lower() in mod._CLITICS:
            continue
        if previous_end < 0:
            is_start = True
        else:
            gap = text[previous_end:start]
            if previous_word in mod._ABBREVIATIONS and gap.startswith("."):
                gap = gap[1:]
            is_start = bool(mod._BOUNDARY.search(gap))
        upper = word[:1].isupper()
        out.append(Token(start, end, word, is_start, upper, upper and mod._all_caps(word)))
        previous_end = end
        previous_word = word
    return out


#: pieces the tokenizer's rules turn on, to build texts that hit them often
_PIECES = [
    "Mali", "Gao", "'s", "’s", "ʼs", "'S", "'ve", "'VE", "'Ve", "'ll", "'re", "'d", "'m", "'t",
    "N'Djamena", "d'Ivoire", "O'", "U.S.", "S.D.", "U.", "St.", "Gen.", "Mr.", "No.", "vs.",
    "Dr", "1,200", "12.5", "400", "_", "x_y", "²", "ſ", "K", "İ", "ı", "É", "BAMAKO", "NATO",
    "A", "a", " ", "  ", ". ", "! ", "? ", "; ", "…", "\n", "\n\n", "\n- ", "\n• ", "\n* ",
    '"', "“", "‘", "(", "[", ": \n", ",", "-", "'", "’", "ʼ", "s", "S", "ve", "LL", "re",
]  # fmt: skip


def test_the_examples_tokenize_as_defined() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    assert texts
    for text in texts:
        assert tokenize(text) == reference_tokenize(text)


def test_edge_texts_tokenize_as_defined() -> None:
    for text in ["", " ", "'s", "’s Mali", "Mali's", "Mali's.", "St. Louis", "U.S. St. ."]:
        assert tokenize(text) == reference_tokenize(text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_rule_pieces_tokenize_as_defined(text: str) -> None:
    assert tokenize(text) == reference_tokenize(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_tokenizes_as_defined(text: str) -> None:
    assert tokenize(text) == reference_tokenize(text)


def test_tokens_are_tokens() -> None:
    found = tokenize("Gao fell.")
    assert all(type(t) is Token for t in found)
    assert found[0].text == "Gao" and found[0].sentence_start and found[0].capitalised


_ONE_GROUP = re.compile(f"({mod._TOKEN.pattern})", re.VERBOSE)
#: characters where the split pattern's first class and its branches could part ways:
#: letters that are not ASCII, digits of other scripts, numerics that are not digits
#: (², ½, Ⅻ), the underscore, combining marks, apostrophes
_CHARACTERS = [*"aAzZ.’'ʼ,;: _-\n\t²½éÉß٣Ⅻ\u0301ǅﬁℌＡ１sStdmMv", "ve", "VE", "ll", "U.", "1."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _CHARACTERS), max_size=40).map("".join))
def test_the_split_pattern_splits_as_the_token_pattern(text: str) -> None:
    """The split pattern (one opening class, for speed) matches what _TOKEN matches."""
    assert mod._SPLIT.split(text) == _ONE_GROUP.split(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_split_pattern_splits_arbitrary_text_as_the_token_pattern(text: str) -> None:
    assert mod._SPLIT.split(text) == _ONE_GROUP.split(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + _CHARACTERS), max_size=40).map("".join))
def test_the_columns_are_the_tokens_fields(text: str) -> None:
    found = mod.token_columns(text)
    assert found.tokens == tokenize(text)
    assert found.texts == [t.text for t in found.tokens]
    assert found.capitalised == [t.capitalised for t in found.tokens]
    assert found.all_caps == [t.all_caps for t in found.tokens]
    assert found.starts == [t.start for t in found.tokens]
    ends = [0, *(t.end for t in found.tokens)]
    assert found.gaps == [text[ends[k] : t.start] for k, t in enumerate(found.tokens)]
