"""How many died: the toll a clause reports, as ACLED counts fatalities.

The rules follow the dev set's guidelines (``tests/devset/events/README.md``,
"Fatalities"): all sides together ("two gendarmes; one assailant was also killed" is
3), a hedge keeps its number ("at least five" is 5), a vague toll is ``None`` with its
words kept ("dozens"), "no casualties" is 0, the wounded and the abducted are not dead.

Examples
--------
>>> toll("killing at least five").fatalities
5
>>> t = toll("killing dozens of people")
>>> t.fatalities, t.text
(None, 'dozens of people')
>>> toll("killing herself and four worshippers").fatalities
5
>>> toll("killing two gendarmes; one assailant was also killed").fatalities
3
>>> toll("No casualties were reported.").fatalities
0
>>> toll("wounding three people").fatalities is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from conflictmap.statements.numbers import NUMBER, parse_number
from conflictmap.text.gates import folded, may_match_all, needed_all
from conflictmap.text.patterns import lazy

__all__ = ["Toll", "toll"]

_HEDGE = r"(?:(?:at\s+least|more\s+than|over|about|around|some|nearly|almost|up\s+to|roughly|an\s+estimated)\s+)?"
_VAGUE = r"(?:dozens|scores|hundreds|many|several|numerous|a\s+number|tens|some|countless)"
_ONE = r"(?:a|an|one|herself|himself|themselves)"
_COUNT = rf"(?:{_HEDGE}(?P<n>{NUMBER})|(?P<one>\b{_ONE}\b)|(?P<vague>{_VAGUE}))"
_NOUN = r"(?:[\w'-]+\s+){0,3}?"
#: "<count> <noun words>" then more counted parts joined by "and" ("a woman and her two children")
_PART = rf"{_COUNT}(?:\s+of\s+(?:them|those|the\s+\w+))?"
_ACTIVE = lazy(
    rf"\b(?:kill(?:ing|ed|s)|shot\s+dead|shooting\s+dead|beheaded|beheading|beat\s+to\s+death"
    rf"|massacred|executed|claimed\s+the\s+lives\s+of)\s+(?P<np>{_PART}[^,;.]*)",
    re.IGNORECASE,
)
#: how a passive toll ends ("... were killed", "... died"); every match ends with one
_PASSIVE_END = (
    r"\s+(?:(?:were|was|had\s+been|have\s+been|has\s+been)\s+"
    r"(?:also\s+)?(?:killed|shot\s+dead|beheaded)|died|dead|lost\s+their\s+lives)\b"
)
_PASSIVE = lazy(rf"(?P<np>{_PART}\s+{_NOUN}[\w-]+){_PASSIVE_END}", re.IGNORECASE)
#: "the army reported five soldiers killed over the week": a number, then killed, no object
_REDUCED_END = r"\s+killed(?=\s+(?:in|on|over|during|at|near|since|by|last|this)\b|\s*[,.;]|$)"
_REDUCED = lazy(rf"(?P<np>{_HEDGE}(?P<n>{NUMBER})\s+{_NOUN}[\w-]+){_REDUCED_END}", re.IGNORECASE)
#: A pattern that opens with a counted phrase is tried at every position of the text;
#: the words it ends with are found much faster, and without them it cannot match.
_ENDS = {
    _PASSIVE: lazy(_PASSIVE_END, re.IGNORECASE),
    _REDUCED: lazy(_REDUCED_END, re.IGNORECASE),
}
_RISEN = lazy(
    rf"\bdeath\s+toll\b[^.;]*?\b(?:rose|risen|reached|climbed|stood\s+at|is|was)\s+(?:to\s+)?"
    rf"(?P<np>{_HEDGE}{NUMBER})",
    re.IGNORECASE,
)
_TO_DEATH = lazy(
    rf"\b(?:seized|beat|lynched|dragged)\s+(?P<np>{_PART}[^,;.]*?)\s+(?:and\s+)?"
    rf"(?:burned|beat|stoned|hacked)\s+(?:them|him|her)\s+to\s+death",
    re.IGNORECASE,
)
_NONE = lazy(
    r"\bno\s+(?:casualties|deaths|fatalities|one\s+was\s+(?:killed|hurt))\b"
    r"|\bnobody\s+was\s+(?:killed|hurt)|\bwithout\s+casualties\b",
    re.IGNORECASE,
)
_WORDS = lazy(r"\s*(?:(?!and\b|including\b)[\w'-]+\s*){0,4}", re.IGNORECASE)
_NEGATED = lazy(r"\bno\s+$", re.IGNORECASE)
_MORE = lazy(rf"\s*and\s+(?:(?:his|her|their|the)\s+)?{_PART}", re.IGNORECASE)
_STOP = lazy(r"\b(?:including|among\s+them|most\s+of|wounding|injuring|and\s+wound)", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Toll:
    """A reported death toll: a number or ``None``, and the words giving it."""

    fatalities: int | None
    text: str | None
    start: int = -1
    end: int = -1


def _value(match: re.Match[str]) -> tuple[int | None, bool]:
    """The number one counted part gives, and whether it was vague."""
    if match.group("n"):
        value = parse_number(match.group("n"))
        return (None if value is None else int(value)), False
    if match.group("one"):
        return 1, False
    return None, True


def _count(np: str) -> tuple[int | None, bool]:
    """The total of the counted parts of a victim phrase ("a woman and her two children")."""
    np = _STOP.split(np, maxsplit=1)[0]
    first = re.match(_PART, np, re.IGNORECASE)
    if first is None:
        return None, False
    total, vague = _value(first)
    rest = np[first.end() :]
    while True:
        noun = _WORDS.match(rest)
        rest = rest[noun.end() :] if noun else rest
        more = _MORE.match(rest)
        if more is None:
            break
        value, _ = _value(more)
        if value is not None:
            total = (total or 0) + value
        rest = rest[more.end() :]
    return total, vague and total is None


def _found(text: str, low: str | None) -> list[tuple[int, int, int | None, bool]]:
    found: list[tuple[int, int, int | None, bool]] = []
    for pattern in (_RISEN, _TO_DEATH, _ACTIVE, _PASSIVE, _REDUCED):
        if not may_match_all(needed_all(pattern), low):
            continue  # a word every match holds is missing: no "killed", no match
        ending = _ENDS.get(pattern)
        if ending is not None and ending.search(text) is None:
            continue  # its last words are not there ("... were killed")
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b, _, _ in found):
                continue
            if _NEGATED.search(text[max(0, match.start() - 8) : match.start()]):
                continue  # "no one was killed" is none
            if pattern is _RISEN or pattern is _REDUCED:
                number = match.group("n") if pattern is _REDUCED else match.group("np")
                value = parse_number(re.sub(_HEDGE, "", number, flags=re.I))
                count = None if value is None else int(value)
                found.append((match.start("np"), match.end("np"), count, False))
                continue
            value, vague = _count(match.group("np"))
            found.append((match.start("np"), match.end("np"), value, vague))
    return sorted(found)


@functools.cache
def _any_word() -> re.Pattern[str] | None:
    """One word of each pattern's first word set, as one expression: a lowered text
    without any of them can hold no toll (``None``: some pattern cannot be gated)."""
    sets = [needed_all(p) for p in (_RISEN, _TO_DEATH, _ACTIVE, _PASSIVE, _REDUCED, _NONE)]
    if not all(sets):
        return None
    words = sorted({word for found in sets for word in found[0]})
    return re.compile("|".join(map(re.escape, words)))


@functools.lru_cache(maxsize=1024)
def toll(text: str) -> Toll:
    """The death toll ``text`` reports (every counted part added up).

    Kept for the last texts asked for: an article that repeats a clause asks for its
    toll once (issue 20).
    """
    low = folded(text)
    gate = _any_word()
    if low is not None and gate is not None and gate.search(low) is None:
        return Toll(fatalities=None, text=None)  # one scan in C instead of six gates
    found = _found(text, low)
    counted = [f for f in found if f[2] is not None]
    if counted:
        start, end = counted[0][0], counted[-1][1]
        return Toll(
            fatalities=sum(int(f[2] or 0) for f in counted),
            text=text[start:end].strip(" ,;"),
            start=start,
            end=end,
        )
    none = _NONE.search(text) if may_match_all(needed_all(_NONE), low) else None
    if none is not None:
        return Toll(fatalities=0, text=none.group(0), start=none.start(), end=none.end())
    vague = next((f for f in found if f[3]), None)
    if vague is not None:
        words = text[vague[0] : vague[1]].strip(" ,;")
        return Toll(fatalities=None, text=words, start=vague[0], end=vague[1])
    return Toll(fatalities=None, text=None)
