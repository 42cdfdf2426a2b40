"""Numbers as reporters write them: "400", "1,200", "12.5", "two hundred", "a dozen".

:data:`NUMBER` is a regular-expression fragment (no groups) that matches one
number written in digits or in English words; :func:`parse_number` turns the
matched text into a value, and :func:`rounding_step` says how finely it was
rounded (a round "400" was rounded to the hundred, "37" to the unit).

Examples
--------
>>> parse_number("1,200"), parse_number("12.5"), parse_number("two hundred and fifty")
(1200.0, 12.5, 250.0)
>>> parse_number("twenty-five"), parse_number("a hundred"), parse_number("a dozen")
(25.0, 100.0, 12.0)
>>> parse_number("one and a half"), parse_number("half a")
(1.5, 0.5)
>>> rounding_step("400"), rounding_step("250"), rounding_step("37"), rounding_step("12.5")
(100.0, 50.0, 1.0, 0.5)
"""

from __future__ import annotations

import re

from conflictmap.text.patterns import lazy

__all__ = ["NUMBER", "NUMBER_FIRST_WORDS", "parse_number", "rounding_step"]

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}

_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_TERM = rf"(?:{_WORD}|hundred|thousand)"
_JOIN = r"(?:\s+and\s+|[\s-]+)"
_WORDS = (
    rf"(?:half\s+an?"
    rf"|an?\s+dozen"
    rf"|(?:an?\s+(?=hundred|thousand))?{_TERM}(?:{_JOIN}{_TERM}){{0,5}}(?:\s+and\s+a\s+half)?)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"

#: one number in digits or words (a regular-expression fragment without groups)
NUMBER = rf"(?:{_DIGITS}|\b{_WORDS}\b)"

#: the words a number of :data:`NUMBER` written in words can start with (it starts with
#: one of them or with a digit)
NUMBER_FIRST_WORDS = frozenset(("half", "a", "an", *_SMALL, *_SCALES))

_DIGITS_RE = lazy(rf"{_DIGITS}\Z")


def parse_number(text: str) -> float | None:
    """The value of a number in digits or English words, or ``None``.

    Examples
    --------
    >>> parse_number("three thousand two hundred"), parse_number("seventy"), parse_number("km")
    (3200.0, 70.0, None)
    """
    text = text.strip().lower()
    if not text:
        return None
    if _DIGITS_RE.match(text):
        return float(text.replace(",", ""))
    words = re.split(r"[\s-]+", text)
    if words[:1] == ["half"] and words[1:] in (["a"], ["an"]):
        return 0.5
    if words[-3:] == ["and", "a", "half"]:
        base = parse_number(" ".join(words[:-3]))
        return None if base is None else base + 0.5
    if len(words) == 2 and words[0] in ("a", "an") and words[1] == "dozen":
        return 12.0
    total = 0
    current = 0
    seen = False
    for index, word in enumerate(words):
        if word in ("a", "an") and index == 0:
            current = 1
            continue
        if word == "and":
            continue
        if word in _SMALL:
            current += _SMALL[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def rounding_step(text: str) -> float:
    """How finely a written number was rounded, in its own unit.

    Trailing zeros make a number round ("400": to the hundred); a last non-zero
    digit of 5 after another digit suggests rounding to fives ("250": to fifty,
    "15": to five, but "50": to ten). Decimals count their places ("12.5": to the half).
    Numbers in words are treated like the same value in digits.

    Examples
    --------
    >>> rounding_step("1,200"), rounding_step("15"), rounding_step("5"), rounding_step("fifty")
    (100.0, 5.0, 1.0, 10.0)
    """
    value = parse_number(text)
    if value is None:
        return 1.0
    raw = text.strip().replace(",", "")
    if _DIGITS_RE.match(raw) and "." in raw:
        decimals = raw.split(".", 1)[1]
        step = 10.0 ** -len(decimals)
        return step * 5 if decimals.endswith("5") else step
    if value != int(value):
        return 0.5
    number = int(value)
    if number == 0:
        return 1.0
    zeros = 0
    while number % 10 == 0:
        number //= 10
        zeros += 1
    step = 10.0**zeros
    if number % 10 == 5 and number >= 10:
        step *= 5
    return step
