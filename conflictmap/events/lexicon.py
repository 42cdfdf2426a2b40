"""The events lexicons compiled once: :class:`Lexicon`, and the trigger families.

A *trigger* is a word that asserts an incident ("stormed", "shelled", "abducted"); its
:class:`Family` says what kind. The other lexicons of
:class:`~conflictmap.tuning.events.EventWords` (weapons, targets, sides) only decide
the sub-event type.

Examples
--------
>>> lex = lexicon()
>>> [(h.family.value, h.text) for h in lex.triggers("Jets struck Gao and rebels fled.")]
[('strike', 'struck')]
>>> bool(lex.has("air", "French warplanes"))
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from conflictmap.events.presence import lowered
from conflictmap.model.direct import direct
from conflictmap.text.gates import StartScan, Words, needed
from conflictmap.text.patterns import LazyPattern, compiled, lazy
from conflictmap.tuning.events import DEFAULT, EventsTuning, EventWords

__all__ = ["Family", "Hit", "Lexicon", "Piece", "lexicon"]


class Family(Enum):
    """What kind of incident a trigger word asserts (checked in this order)."""

    SUICIDE = "suicide"
    PROTEST = "protest"
    TAKEOVER = "takeover"
    CHANGE = "change"
    BASE = "base"
    DISRUPTED = "disrupted"
    AGREEMENT = "agreement"
    STRIKE = "strike"
    #: "fired", "launched", "exploded": a strike only with a weapon word in the clause
    WEAK_STRIKE = "weak-strike"
    IED = "ied"
    ABDUCTION = "abduction"
    SEXUAL = "sexual"
    ARREST = "arrest"
    CLASH = "clash"
    ATTACK = "attack"
    KILL = "kill"
    LOOTING = "looting"


#: Which lexicon (an :class:`EventWords` field) finds each family's triggers.
_FIELDS = {
    Family.SUICIDE: "suicide",
    Family.PROTEST: "protest",
    Family.TAKEOVER: "takeover",
    Family.CHANGE: "change",
    Family.BASE: "base",
    Family.DISRUPTED: "disrupted",
    Family.STRIKE: "strike",
    Family.WEAK_STRIKE: "weak_strike",
    Family.IED: "ied",
    Family.ABDUCTION: "abduction",
    Family.SEXUAL: "sexual",
    Family.ARREST: "arrest",
    Family.CLASH: "clash",
    Family.ATTACK: "attack",
    Family.KILL: "kill",
    Family.LOOTING: "looting",
}

#: The families of the patterns :meth:`Lexicon.triggers` scans, in order.
_FAMILIES = (*_FIELDS, Family.AGREEMENT)

#: The weapon lexicons: with one of them in the clause a weak strike verb is a strike.
_WEAPONS = ("air", "shelling", "ied", "grenade", "suicide")

#: The lexicons looked up in stretches of an article (:class:`Piece`): one scan of the
#: article finds where each can start (the others are looked up in actors, or are triggers).
_LOOKED_UP = (
    "violent_protest", "lethal", "intervention", "transfer", "fighting", "ied", "grenade",
    "air", "shelling", "armed", "civilian", "looting",
)  # fmt: skip

#: Each family's place in :class:`Family` (hits at one position are ordered so).
_ORDER = {family: index for index, family in enumerate(Family)}

_LOOKED_UP_INDEX = {name: index for index, name in enumerate(_LOOKED_UP)}

#: Irrealis words that count only right before the trigger ("vowed to strike").
_ADJACENT = frozenset({"to", "about"})

#: Families a plain "to" before the word does not cancel ("blocked the road to protest").
_TO_IS_FINE = frozenset({Family.PROTEST})


class Piece(NamedTuple):
    """``text[start:end]``, a stretch of an article, for :meth:`Lexicon.has`.

    With ``indexed`` (the article's, not a short string's) a lexicon is tried only
    where one of its words starts, found in one scan of the article.
    """

    text: str
    start: int
    end: int
    indexed: bool = False

    def __str__(self) -> str:
        return self.text[self.start : self.end]

    def cut(self, start: int | None = None, end: int | None = None) -> Piece:
        """The piece ``str(self)[start:end]`` (Python's slice rules) would be.

        >>> p = Piece("Rebels took Gao.", 7, 15)
        >>> str(p.cut(-3)), str(p.cut(2, 1)), str(p.cut(None, 4))
        ('Gao', '', 'took')
        """
        low, high, _ = slice(start, end).indices(self.end - self.start)
        return Piece(self.text, self.start + low, self.start + max(low, high), self.indexed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One trigger word in the text."""

    start: int
    end: int
    text: str
    family: Family


#: a :class:`Hit` from ``start, end, text, family`` (no keyword parsing: one per trigger)
new_hit = direct(Hit)


class Lexicon:
    """The compiled lexicons of one :class:`EventsTuning`."""

    def __init__(self, tuning: EventsTuning = DEFAULT) -> None:
        self.tuning = tuning
        words = tuning.words
        # compiled at first use, each (text/patterns.py): most texts need few of them
        self._patterns = {
            name: _compile(getattr(words, name)) for name in EventWords.__dataclass_fields__
        }
        self._agreement = lazy(
            rf"\b(?:{words.agree})\b(?:[^.;]{{0,60}}?)\b(?:{words.accord})\b", re.IGNORECASE
        )
        self._irrealis = _compile(words.irrealis)
        self.verbs = lazy(
            "|".join(rf"(?:{getattr(words, f)})\b" for f in _FIELDS.values()), re.IGNORECASE
        )
        self._scan: StartScan | None = None
        #: words one of which each scanned pattern's matches hold, as one expression
        #: for the lowered text (``None``: cannot tell)
        self._needed: list[re.Pattern[str] | None] = []
        self._positions = _Positions("", None, [])
        #: the trigger patterns' scan and the looked-up lexicons' together (:meth:`_at`)
        self._both: StartScan | None = None
        self._looked_up_at = _Positions("", None, [])
        #: the text and sentence :meth:`may_trigger` last let through, and the bounds of
        #: its positions in the merged ones (one bisection per sentence, issue 20)
        self._last: tuple[str, int, int, int, int] = ("", 0, 0, 0, 0)

    def pattern(self, name: str) -> LazyPattern:
        """The compiled lexicon ``name`` (a field of :class:`EventWords`)."""
        return self._patterns[name]

    def has(self, name: str, text: str | Piece) -> re.Match[str] | None:
        """The first word of lexicon ``name`` in ``text``, or ``None`` (a match in
        ``str(text)`` for a :class:`Piece`)."""
        if isinstance(text, str):
            return self._patterns[name].search(text)
        whole, start, end, indexed = text
        where = self._starts(name, whole) if indexed else None
        if where is None:
            return self._patterns[name].search(whole[start:end])
        # ``search`` tried only where it can find something: where a lexicon word starts
        # (the scan found each such word start of the article), and at the piece's start
        # when a word goes on before it (nothing precedes it in the piece)
        k = bisect_left(where, start)
        inside = k < len(where) and where[k] < end
        cut = start > 0 and (whole[start - 1].isalnum() or whole[start - 1] == "_")
        if not inside and not cut:
            return None
        pattern = self._patterns[name]
        piece = whole[start:end]
        found = pattern.match(piece) if cut else None
        while found is None and k < len(where) and where[k] < end:
            found = pattern.match(piece, where[k] - start)
            k += 1
        return found

    def triggers(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The asserted trigger words of ``text[start:end]``, in text order."""
        stop = len(text) if end is None else end
        hits: list[Hit] = []
        for index, match in self._matches(text, start, stop):
            family = _FAMILIES[index]
            if not self._irrealis_before(text, start, match.start(), family):
                hits.append(_hit(match, family))
        if any(h.family is Family.WEAK_STRIKE for h in hits):
            armed = any(self._patterns[n].search(text, start, stop) for n in _WEAPONS)
            hits = [
                replace(h, family=Family.STRIKE) if h.family is Family.WEAK_STRIKE else h
                for h in hits
                if armed or h.family is not Family.WEAK_STRIKE
            ]
        return sorted(hits, key=lambda h: (h.start, _ORDER[h.family]))

    def _matches(self, text: str, start: int, stop: int) -> list[tuple[int, re.Match[str]]]:
        """``(pattern index, match)`` of each trigger pattern in ``text[start:stop]``, as
        :meth:`StartScan.find_all <conflictmap.text.gates.StartScan.find_all>` gives
        them, from one bisection of all the patterns' start positions."""
        scan, positions = self._where(text)
        at = self._positions
        if at.low is None or None in positions:
            return scan.find_all(text, positions, start, stop)
        starts, families = at.merged
        by_pattern: dict[int, list[int]] = {}
        for k in range(bisect_left(starts, start), len(starts)):
            if starts[k] >= stop:
                break
            by_pattern.setdefault(families[k], []).append(starts[k])
        out: list[tuple[int, re.Match[str]]] = []
        for index in sorted(by_pattern):
            pattern = compiled(scan.patterns[index])
            done = start  # each pattern's matches do not overlap, as finditer's
            for position in by_pattern[index]:
                if position < done:
                    continue
                match = pattern.match(text, position, stop)
                if match is not None:
                    out.append((index, match))
                    done = max(match.end(), position + 1)
        return out

    def marks(self, text: str, start: int, end: int) -> tuple[tuple[int, ...], ...] | None:
        """Where trigger patterns may start in ``text[start:end]``, relative to ``start``,
        and which; ``None`` when the text is not scanned (then they are tried everywhere)."""
        last = self._last
        if last[0] is text and last[1] == start and last[2] == end and self._positions.text is text:
            low, high = last[3], last[4]  # the sentence :meth:`may_trigger` just let through
            starts, families = self._positions.merged
        else:
            at = self._at(text)
            if not at.scanned:
                return None
            starts, families = at.merged
            low = bisect_left(starts, start)
            high = bisect_left(starts, end, low)
        return tuple([p - start for p in starts[low:high]]), tuple(families[low:high])

    def may_trigger(self, text: str, start: int, end: int) -> bool:
        """Whether some stretch of ``text[start:end]`` can hold a trigger word.

        A gate for a whole sentence (issue 19: one keyword pass per article instead of
        every clause of every sentence): ``False`` only when :meth:`triggers` finds
        nothing in any part of it, because no pattern can start there, or because
        the words every match of the patterns that can start there holds are absent.
        """
        at = self._at(text)
        if at.low is None or not at.scanned:
            return True
        starts, families = at.merged
        low = bisect_left(starts, start)
        high = bisect_left(starts, end, low)
        seen: set[int] = set()
        for k in range(low, high):
            family = families[k]
            if family in seen:
                continue
            seen.add(family)
            words = self._needed[family]
            if words is None or words.search(at.low, start, end):
                # :meth:`marks` of the sentence, asked next, reads the bisection
                self._last = (text, start, end, low, high)
                return True
        return False

    def _where(self, text: str) -> tuple[StartScan, list[list[int] | None]]:
        """Where each family's pattern (then the agreements') can start in ``text``:
        found in one scan per text (text/gates.py), kept for the clauses of the text."""
        at = self._at(text)
        assert self._scan is not None
        return self._scan, at.positions

    def _at(self, text: str) -> _Positions:
        if self._scan is None or self._both is None:
            found = [self._patterns[name] for name in _FIELDS.values()]
            self._scan = StartScan([*found, self._agreement])
            self._needed = [_any_of(needed(p)) for p in self._scan.patterns]
            # one scan of a text finds where the triggers and the looked-up lexicons
            # may start: a pattern's positions are those a scan of its own finds (word
            # starts where one of its start words begins; tests/test_events_memo.py)
            looked_up = [self._patterns[n] for n in _LOOKED_UP]
            self._both = StartScan([*self._scan.patterns, *looked_up])
        if self._positions.text is not text:
            low = lowered(text)
            both = self._both.positions(low)
            split = len(self._scan.patterns)
            self._positions = _Positions(text, low, both[:split])
            self._looked_up_at = _Positions(text, low, both[split:])
        return self._positions

    def _starts(self, name: str, text: str) -> list[int] | None:
        """Where lexicon ``name`` may start in ``text`` (``None``: anywhere)."""
        index = _LOOKED_UP_INDEX.get(name)
        if index is None:
            return None
        if self._looked_up_at.text is not text:
            self._at(text)
        return self._looked_up_at.positions[index]

    def _irrealis_before(self, text: str, floor: int, position: int, family: Family) -> bool:
        before = text[max(floor, position - 60) : position].split()
        window = before[-self.tuning.irrealis_window :]
        for index, word in enumerate(window):
            bare = word.strip(",.;:\"'“”()").lower().replace("’", "'")
            if bare in _ADJACENT and index < len(window) - 1:
                continue  # "loyal to the warlord seized": "to" counts only right before
            if (family in _TO_IS_FINE and bare == "to") or (word[:1].isupper() and bare == "may"):
                continue  # "blocked the road to protest"; "28 May 2024" is a date
            if self._irrealis.fullmatch(bare) or bare.endswith("n't"):
                return True
        return False


class _Positions:
    """One text's scan: its lowered copy, each pattern's start positions, all merged."""

    __slots__ = ("_merged", "low", "positions", "scanned", "text")

    def __init__(self, text: str, low: str | None, positions: list[list[int] | None]) -> None:
        self.text = text
        self.low = low
        self.positions = positions
        #: every pattern's positions are known (none is tried everywhere)
        self.scanned = low is not None and None not in positions
        self._merged: tuple[list[int], list[int]] | None = None

    @property
    def merged(self) -> tuple[list[int], list[int]]:
        """Every position of every pattern in text order, and the pattern's index."""
        if self._merged is None:
            pairs = sorted((p, i) for i, ps in enumerate(self.positions) for p in ps or ())
            self._merged = ([p for p, _ in pairs], [i for _, i in pairs])
        return self._merged


def _any_of(words: Words | None) -> re.Pattern[str] | None:
    """``words`` as one case-sensitive alternation (``search`` finds one of them)."""
    return None if words is None else re.compile("|".join(map(re.escape, sorted(words))))


def _compile(words: str) -> LazyPattern:
    return lazy(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def _hit(match: re.Match[str], family: Family) -> Hit:
    return new_hit(match.start(), match.end(), match.group(0), family)


@lru_cache(maxsize=8)
def lexicon(tuning: EventsTuning = DEFAULT) -> Lexicon:
    """The :class:`Lexicon` of ``tuning``, compiled once."""
    return Lexicon(tuning)
