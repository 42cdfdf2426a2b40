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
from typing import NamedTuple

__all__ = ["Token", "sentence_spans", "tokenize"]

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


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word and number tokens with their character offsets."""
    tokens: list[Token] = []
    append = tokens.append
    previous_end = -1
    previous_word = ""
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        if start > 0 and text[start - 1] in "'’ʼ" and word.lower() in _CLITICS:
            continue  # the possessive 's or a clitic ('ve, 'd, 'll) of the previous word
        if previous_end < 0:
            is_start = True
        elif start - previous_end == 1 and text[previous_end] == " ":
            is_start = False  # the common case: one space between two words
        else:
            gap = text[previous_end:start]
            if previous_word in _ABBREVIATIONS and gap.startswith("."):
                gap = gap[1:]
            is_start = bool(_BOUNDARY.search(gap))
        upper = word[:1].isupper()
        append(Token(start, end, word, is_start, upper, upper and _all_caps(word)))
        previous_end = end
        previous_word = word
    return tokens


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
