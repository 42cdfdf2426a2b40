"""Which date phrase dates an event, and whether the event is background.

A clause's own date words win (the weekday over a clock time: "after 20:00 on
Sunday" is Sunday), except those inside a relative clause the trigger is not in
("jets from France, which arrived on Friday, hit Gao") and those right after a verb of
saying ("officials said on Monday" dates the report). Then the date words earlier in
the sentence, then the event before (a report's later sentences carry its date), and
last the report's date.

Examples
--------
>>> import datetime as dt
>>> from conflictmap.events.dates import find_dates
>>> t = "Gunmen who stormed a school late on Friday took 300 boys, officials said on Monday."
>>> when = When(text=t, phrases=find_dates(t), anchor=dt.date(2020, 12, 14))
>>> d = when.date_of(0, len(t), trigger=11, sentence=(0, len(t)), previous=None)
>>> d.date, d.text
(datetime.date(2020, 12, 11), 'late on Friday')
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from conflictmap.events.base import TimePrecision
from conflictmap.events.clauses import Span, inside, relative_clauses
from conflictmap.events.dates import DatePhrase, Rule, find_dates, resolve
from conflictmap.model.direct import direct
from conflictmap.tuning.events import DEFAULT, EventsTuning

__all__ = ["Dated", "When"]

#: Words that name a day themselves: what "by the afternoon" refers back to.
_NAMING = frozenset(
    {Rule.EXPLICIT, Rule.MONTH_DAY, Rule.WEEKDAY, Rule.LAST_WEEKDAY, Rule.HOLIDAY, Rule.TODAY}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dated:
    """An event's date, precision and the words giving it (all ``None`` when undated)."""

    date: dt.date | None = None
    precision: TimePrecision | None = None
    text: str | None = None
    #: the words are in the event's own clause
    own: bool = False


#: a :class:`Dated` from ``date, precision, text, own`` (no keyword parsing: one per event)
_DATED = direct(Dated)


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """The date phrases of one text and the article date they resolve against.

    ``phrases=None``: the phrases of ``text`` (:func:`~conflictmap.events.dates.find_dates`),
    found when first needed; most articles report no incident and need none.
    """

    text: str
    phrases: Sequence[DatePhrase] | None
    anchor: dt.date | None
    tuning: EventsTuning = DEFAULT
    _report: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _phrases: list[DatePhrase] | None = field(init=False, repr=False, compare=False)
    #: the phrases' starts when they are in text order (``within`` bisects them), else ``None``
    _starts: list[int] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = re.compile(rf"\b(?:{self.tuning.words.report})\s+$", re.IGNORECASE)
        object.__setattr__(self, "_report", pattern)
        object.__setattr__(self, "_phrases", None)
        object.__setattr__(self, "_starts", None)
        if self.phrases is not None:
            self._keep(list(self.phrases))

    def _keep(self, phrases: list[DatePhrase]) -> None:
        starts = [p.start for p in phrases]
        ordered = starts == sorted(starts)
        object.__setattr__(self, "_phrases", phrases)
        object.__setattr__(self, "_starts", starts if ordered else None)

    def all(self) -> list[DatePhrase]:
        """Every date phrase of the text, in text order."""
        if self._phrases is None:
            self._keep(find_dates(self.text, self.tuning))
        return self._phrases  # type: ignore[return-value]

    def anchored(self, anchor: dt.date | None) -> When:
        """The same phrases (found once) resolved against ``anchor``."""
        return When(text=self.text, phrases=self._phrases, anchor=anchor, tuning=self.tuning)

    def is_report(self, phrase: DatePhrase) -> bool:
        """The phrase comes right after a verb of saying ("said on Monday")."""
        before = self.text[max(0, phrase.start - self.tuning.report_reach) : phrase.start]
        return bool(self._report.search(before))

    def within(self, start: int, end: int) -> list[DatePhrase]:
        """The phrases inside ``text[start:end]``."""
        phrases = self.all()
        starts = self._starts
        if starts is None:
            return [p for p in phrases if start <= p.start and p.end <= end]
        # a bisection of the starts, not a scan of every phrase per clause (issue 20)
        low, high = bisect_left(starts, start), bisect_right(starts, end)
        return [p for p in phrases[low:high] if p.end <= end]

    def _own(self, start: int, end: int, trigger: int) -> list[DatePhrase]:
        relatives = relative_clauses(self.text, start, end)
        home = inside(trigger, relatives)
        mine = [
            p
            for p in self.within(start, end)
            if not self.is_report(p) and inside(p.start, relatives) in (None, home)
        ]
        return sorted(mine, key=lambda p: (p.rule is Rule.CLOCK, abs(p.start - trigger)))

    def _named_day(self, position: int) -> dt.date | None:
        """The last day named before ``position`` ("on Monday"), for "by the afternoon"."""
        for phrase in reversed(self._ending_by(position)):
            if phrase.rule in _NAMING:
                found = resolve(phrase, self.anchor)
                if found is not None:
                    return found[0]
        return None

    def _ending_by(self, position: int) -> list[DatePhrase]:
        """The phrases that end by ``position``, in text order."""
        phrases = self.all()
        if self._starts is None:
            return [p for p in phrases if p.end <= position]
        return [p for p in phrases[: bisect_right(self._starts, position)] if p.end <= position]

    def _dated(self, phrase: DatePhrase, previous: dt.date | None, own: bool) -> Dated | None:
        if phrase.rule is Rule.PART_OF_DAY:
            previous = self._named_day(phrase.start) or previous
        found = resolve(phrase, self.anchor, previous)
        if found is None:
            return None
        return _DATED(found[0], found[1], phrase.text, own)

    def _claimed(self, start: int, trigger: int) -> list[DatePhrase]:
        """ "said on Monday they had taken the city": the claim's date, nearest first."""
        return [p for p in reversed(self.within(start, trigger)) if self.is_report(p)]

    def date_of(
        self,
        start: int,
        end: int,
        *,
        trigger: int,
        sentence: Span,
        previous: Dated | None,
        claim: int | None = None,
    ) -> Dated:
        """The date of the event of clause ``text[start:end]`` (trigger at ``trigger``).

        ``claim``: where the capture word of a takeover is; a claim before it dates it
        (the dev set's guidelines: an entry overnight claimed on Monday is Monday's).
        """
        if not self.within(min(sentence[0], start), max(sentence[1], end)):
            return _carried(previous)  # every phrase looked at below is in the sentence
        before = previous.date if previous is not None else None
        claimed = self._claimed(start, claim) if claim is not None else []
        for phrase in [*claimed, *self._own(start, end, trigger)]:
            dated = self._dated(phrase, before, own=True)
            if dated is not None:
                return dated
        earlier = [p for p in self.within(sentence[0], start) if not self.is_report(p)]
        for phrase in reversed(earlier):
            dated = self._dated(phrase, before, own=False)
            if dated is not None:
                return dated
        if previous is not None and previous.date is not None:
            return _carried(previous)
        for phrase in self.within(start, sentence[1]):
            dated = self._dated(phrase, before, own=False)
            if dated is not None:
                return dated
        return Dated()

    def background(self, start: int, end: int, dated: Dated) -> bool:
        """The clause reports something long past ("which the rebels overran in 2012")."""
        if self.anchor is None:
            return False
        oldest = self.anchor.year - self.tuning.background_years
        if dated.own and dated.date is not None and dated.date.year < oldest:
            return True
        years = [p for p in self.within(start, end) if p.rule is Rule.YEAR]
        return any(int(str(p.field("year"))) <= oldest for p in years)


def _carried(previous: Dated | None) -> Dated:
    """The date of the event before, carried to the next (not its own words), else none."""
    if previous is not None and previous.date is not None:
        return _DATED(previous.date, previous.precision, previous.text, False)
    return Dated()
