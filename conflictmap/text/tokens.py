"""Word tokens with their offsets, and the sentence each one starts or sits in.

Examples
--------
>>> toks = tokenize("Islamists attacked Mali’s south. U.S. officials met in N'Djamena.")
>>> [t.text for t in toks]
['Islamists', 'attacked', 'Mali', 'south', 'U.S.', 'officials', 'met', 'in', "N'Djamena"]
>>> [t.text for t in toks if t.sentence_start]
['Islamists', 'U.S.']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, compress, count, product, repeat
from operator import itemgetter
from typing import NamedTuple

__all__ = ["Columns", "Token", "gaps_of", "sentence_spans", "token_columns", "tokenize"]

_TOKEN = re.compile(
    r"""
    (?:[A-Z]\.){2,}                         # U.S., U.K., U.A.E.
  | [^\W\d_]+(?:['’ʼ](?!(?:[sSdDmMtT]|ve|ll|re|VE|LL|RE)\b)[^\W\d_]+)*   # words, N'Djamena
  | \d+(?:[.,]\d+)*                         # numbers: 400, 1,200, 12.5
    """,
    re.VERBOSE,
)
_BOUNDARY = re.compile(r"[.!?;…]|\n\s*\n|\n\s*[-*•]|[\"“‘(\[]\s*$|:\s*\n")
_CLITICS = frozenset({"s", "d", "m", "t", "ve", "ll", "re"})
_ABBREVIATIONS = frozenset(
    "St Ste Mt Ft Pt Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Sgt Capt Maj Prof No Jr Sr vs Co Inc Corp".split()
)


class Token(NamedTuple):
    """A word or number and where it is (a tuple: many are made, they must be cheap)."""

    start: int
    end: int
    text: str
    #: first word of a sentence (or of a quotation, a heading, a list item)
    sentence_start: bool = False
    #: the first letter is upper case ("Gao", "U.S.")
    capitalised: bool = False
    #: two or more letters, all upper case ("NATO", "U.S.", "BAMAKO")
    all_caps: bool = False


def _all_caps(word: str) -> bool:
    if not word.isupper():  # a lower-case letter, or no cased letter at all
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


#: the token pattern as one group of ``re.split``: gap, token, gap, token, ..., gap.
#: Written to open with one character class (a letter or a digit, what every branch of
#: :data:`_TOKEN` opens with), each branch then going on from what that character was:
#: the regular expression engine then skips the gaps with a fast class scan instead of
#: trying the three branches at every character of them (issue 20; the same matches,
#: tests/test_tokens_reference.py compares the two).
_SPLIT = re.compile(
    r"""(
    [^\W_]
    (?:
        (?<=[A-Z])\.(?:[A-Z]\.)+                                          # U.S., U.K.
      | (?<=[^\W\d_])[^\W\d_]*(?:['’ʼ](?!(?:[sSdDmMtT]|ve|ll|re|VE|LL|RE)\b)[^\W\d_]+)*
      | (?<=\d)\d*(?:[.,]\d+)*                                              # 400, 1,200
    ))""",
    re.VERBOSE,
)
#: every spelling whose lower case is in _CLITICS ("s", "S", "ve", "Ve", "vE", "VE", ...)
_CLITIC_FORMS = frozenset(
    "".join(chars) for clitic in _CLITICS for chars in product(*({c, c.upper()} for c in clitic))
)
_APOSTROPHES = ("'", "’", "ʼ")
#: the words token_columns looks at again: clitics and abbreviations (no word is both)
_SPECIAL = _CLITIC_FORMS | _ABBREVIATIONS
_first = itemgetter(0)


class _Boundaries(dict[str, bool]):
    """Does a gap between two tokens start a sentence? Memoised (gaps repeat: " ", ", ";
    at most ``_GAPS_KEPT`` gaps of at most ``_GAP_LENGTH`` characters are kept)."""

    def __missing__(self, gap: str) -> bool:
        found = _BOUNDARY.search(gap) is not None
        if len(gap) <= _GAP_LENGTH:
            if len(self) >= _GAPS_KEPT:
                self.clear()
            self[gap] = found
        return found


_GAPS_KEPT = 4096
_GAP_LENGTH = 64
_BOUNDS = _Boundaries()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word and number tokens with their character offsets.

    One ``re.split`` gives the gaps and the tokens; the offsets are their running
    lengths, and each field is computed for all tokens at once (issue 19: a Python
    loop per match cost several times the regular expression).
    """
    return token_columns(text).tokens


class Columns(NamedTuple):
    """The tokens of a text, and three of their fields as lists, made on the way
    (readers that pass over every token's text or case need not take them apart again)."""

    tokens: list[Token]
    #: each token's ``text``
    texts: list[str]
    #: each token's ``capitalised``
    capitalised: list[bool]
    #: each token's ``all_caps``
    all_caps: list[bool]
    #: each token's ``start`` (for bisection: no key function per probe)
    starts: list[int]
    #: ``gaps[k]``: the text between token ``k - 1`` and token ``k`` (``gaps[0]`` before
    #: the first); the rules' "are two tokens adjacent" reads it instead of slicing
    gaps: list[str]


def token_columns(text: str) -> Columns:
    """:func:`tokenize`, with the fields the spotter passes over as lists (issue 20).

    >>> found = token_columns("Gao and NATO")
    >>> found.texts, found.capitalised, found.all_caps
    (['Gao', 'and', 'NATO'], [True, False, True], [False, False, True])
    >>> found.starts, found.gaps
    ([0, 4, 8], ['', ' ', ' '])
    """
    parts = _SPLIT.split(text)
    words = parts[1::2]
    gaps = parts[0:-1:2]
    ends = list(accumulate(map(len, parts)))
    starts = ends[0:-1:2]
    ends = ends[1::2]
    # the clitics and the abbreviations, found by one pass over the words (issue 20)
    special = list(compress(count(), map(_SPECIAL.__contains__, words)))
    abbreviated = [k for k in special if words[k] in _ABBREVIATIONS]
    dropped: list[int] = []  # where the clitics taken out were, in order
    # the possessive 's or a clitic ('ve, 'd, 'll) of the previous word goes in the gap
    for k in reversed(special):
        if words[k] in _CLITIC_FORMS and gaps[k].endswith(_APOSTROPHES):
            if k + 1 < len(words):
                gaps[k + 1] = gaps[k] + words[k] + gaps[k + 1]
            del words[k], gaps[k], starts[k], ends[k]
            dropped.append(k)
    if not words:
        return Columns([], [], [], [], [], [])
    is_start = list(map(_BOUNDS.__getitem__, gaps))
    is_start[0] = True
    # "St. Louis": the dot after an abbreviation ends no sentence (``k``: the token after
    # it, once the clitics before it are out)
    dropped.reverse()
    for at in abbreviated:
        k = at + 1 - bisect_left(dropped, at)
        if k < len(words) and gaps[k].startswith("."):
            is_start[k] = _BOUNDS[gaps[k][1:]]
    upper = list(map(str.isupper, map(_first, words)))
    caps = list(map(str.isupper, words))
    for k in compress(count(), caps):
        caps[k] = upper[k] and _all_caps(words[k])
    tokens = list(
        map(_new, repeat(Token), zip(starts, ends, words, is_start, upper, caps, strict=True))
    )
    return Columns(tokens, words, upper, caps, starts, gaps)


def gaps_of(tokens: Sequence[Token], text: str) -> list[str]:
    """What :attr:`Columns.gaps` holds for ``tokens`` of ``text``.

    >>> gaps_of(tokenize("Gao, Mali"), "Gao, Mali")
    ['', ', ']
    """
    ends = [0, *(t.end for t in tokens)]
    return [text[ends[k] : t.start] for k, t in enumerate(tokens)]


#: ``Token`` from a 6-tuple without the Python-level ``__new__`` of a named tuple
_new = tuple.__new__


_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+['\"”’)\]]*|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, stripped of surrounding whitespace.

    Abbreviations such as "U.S." and "St." do not end a sentence.

    Examples
    --------
    >>> text = "Gao fell. The U.S. said so.\\nKidal next."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Gao fell.', 'The U.S. said so.', 'Kidal next.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    for match in re.finditer(r"[.!?]+['\"”’)\]]*(?=\s|$)|\n", text):
        end = match.end()
        if match.group() != "\n":
            word = (
                text[max(start, match.start() - 4) : match.start()].split()[-1:]
                if match.start() > start
                else []
            )
            before = word[0] if word else ""
            if re.fullmatch(
                r"(?:[A-Z]\.)*[A-Z]|St|Mt|Ft|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|No|vs",
                before.rstrip("."),
            ):
                continue
        _add(spans, text, start, end)
        start = end
    if start < length:
        _add(spans, text, start, length)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
