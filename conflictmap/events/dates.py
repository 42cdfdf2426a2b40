"""Dates of events: the words that give them, resolved against the article's date.

:func:`find_dates` lists the date phrases of a text (each a :class:`DatePhrase` with
its span and a :class:`Rule`); :func:`resolve` turns one into a date and ACLED's
time_precision against the article date and, for words that refer back ("the same
day", "the next day"), the date of the event before. :func:`article_date` reads the
article's own date line ("January 14, 2013", "14 Jan 2013", "2013-01-14") near its top.
The rules follow the dev set's guidelines (``tests/devset/events/README.md``, "Date").

Examples
--------
>>> import datetime as dt
>>> monday = dt.date(2013, 1, 14)
>>> [(p.text, resolve(p, monday)) for p in find_dates("They struck on Sunday and today.")]
[('on Sunday', (datetime.date(2013, 1, 13), <TimePrecision.DAY: 1>)), ('today', (datetime.date(2013, 1, 14), <TimePrecision.DAY: 1>))]
>>> resolve(find_dates("last week")[0], monday)
(datetime.date(2013, 1, 10), <TimePrecision.WEEK: 2>)
>>> article_date("Posted January 14, 2013 by a reporter")
datetime.date(2013, 1, 14)
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import Enum

from conflictmap.events.base import TimePrecision
from conflictmap.events.presence import holds, lowered, required
from conflictmap.events.wordscan import WordScan
from conflictmap.text.gates import folded
from conflictmap.text.patterns import lazy
from conflictmap.tuning.events import DEFAULT, EventsTuning

__all__ = ["DatePhrase", "Rule", "article_date", "find_dates", "resolve"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>{})\.?".format("|".join(sorted(_MONTHS, key=len, reverse=True)))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("day", "day2")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>{})".format("|".join(_WEEKDAYS))
_WD2 = _WD.replace("wd", "wd2")
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_ON = r"(?:(?:early|late|later)\s+)?(?:on\s+|this\s+)?"
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNT = r"a|one|two|three|four|five|six|seven|[1-9]"
_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
}


class Rule(Enum):
    """How a date phrase is resolved."""

    EXPLICIT = "explicit"
    DAY_SPAN = "day-span"
    MONTH_DAY = "month-day"
    WEEKDAY_SPAN = "weekday-span"
    LAST_WEEKDAY = "last-weekday"
    WEEKDAY = "weekday"
    HOLIDAY = "holiday"
    TODAY = "today"
    CLOCK = "clock"
    YESTERDAY = "yesterday"
    SAME_DAY = "same-day"
    PART_OF_DAY = "part-of-day"
    NEXT_DAY = "next-day"
    LAST_WEEK = "last-week"
    WEEKEND = "weekend"
    EARLIER_WEEK = "earlier-week"
    WEEKDAY_LAST_WEEK = "weekday-last-week"
    DAYS_AGO = "days-ago"
    DAYS_EARLIER = "days-earlier"
    LAST_MONTH = "last-month"
    EARLIER_MONTH = "earlier-month"
    MONTH = "month"
    YEAR = "year"


#: (rule, pattern), tried in this order; an earlier match wins where two overlap.
_PATTERNS: tuple[tuple[Rule, str], ...] = (
    (Rule.DAY_SPAN, rf"\bbetween\s+{_DAY}\s+and\s+{_DAY2}\s+{_MONTH}\s+{_YEAR}"),
    (Rule.DAY_SPAN, rf"\bbetween\s+{_MONTH}\s+{_DAY}\s+and\s+{_DAY2},?\s+{_YEAR}"),
    (Rule.EXPLICIT, rf"(?:\bon\s+)?\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}\b"),
    (Rule.EXPLICIT, rf"(?:\bon\s+)?\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    (Rule.EXPLICIT, rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    (Rule.MONTH_DAY, rf"\bon\s+{_MONTH}\s+{_DAY}\b"),
    (Rule.MONTH_DAY, rf"\bon\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}"),
    (Rule.WEEKDAY_SPAN, rf"\b{_ON}{_WD}\s+and\s+{_WD2}\b{_PART}"),
    (Rule.WEEKDAY_LAST_WEEK, rf"\b{_ON}{_WD}\b{_PART}\s+(?:of\s+)?last\s+week\b"),
    (Rule.LAST_WEEKDAY, rf"\blast\s+{_WD}\b{_PART}"),
    (Rule.WEEKDAY, rf"\b{_ON}{_WD}(?:'s)?\b{_PART}"),
    (
        Rule.HOLIDAY,
        r"\b(?:on\s+)?(?P<holiday>christmas eve|christmas day|new year's eve|new year's day)\b",
    ),
    (Rule.YESTERDAY, r"\b(?:yesterday|last\s+night|overnight|late\s+last\s+night)\b"),
    (
        Rule.TODAY,
        r"\b(?:(?:earlier\s+)?today|(?:earlier\s+)?this\s+(?:morning|afternoon|evening)|tonight)\b",
    ),
    (Rule.CLOCK, r"\b(?:at|after|before|around|shortly\s+after)\s+[0-2]?\d[:.h][0-5]\d\b"),
    (Rule.NEXT_DAY, r"\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|the\s+day\s+after)\b"),
    (
        Rule.SAME_DAY,
        r"\b(?:the\s+same\s+day|later\s+that\s+(?:day|night|evening)|hours\s+later"
        r"|that\s+(?:night|evening)|earlier\s+in\s+the\s+day|later\s+in\s+the\s+day)\b",
    ),
    (
        Rule.PART_OF_DAY,
        r"\b(?:during\s+the\s+day|(?:by|in)\s+the\s+(?:afternoon|evening|morning))\b",
    ),
    (Rule.DAYS_AGO, rf"\b(?P<count>{_COUNT})\s+days?\s+ago\b"),
    (
        Rule.DAYS_EARLIER,
        rf"\b(?:(?P<count>{_COUNT})\s+days?\s+(?:earlier|before)|the\s+previous\s+day"
        r"|the\s+day\s+before)\b",
    ),
    (Rule.LAST_MONTH, r"\blast\s+month\b"),
    (Rule.LAST_WEEK, r"\blast\s+week\b"),
    (Rule.WEEKEND, r"\b(?:over|at|during)\s+the\s+weekend\b|\bthis\s+weekend\b"),
    (Rule.EARLIER_WEEK, r"\b(?:(?:earlier\s+)?this\s+week)\b"),
    (Rule.EARLIER_MONTH, r"\b(?:earlier\s+this\s+month)\b"),
    (Rule.MONTH, rf"\b(?:in|since|during|early|late|mid-?)\s+{_MONTH}(?:\s+{_YEAR})?\b"),
    (Rule.YEAR, rf"\bin\s+{_YEAR}\b"),
)
_COMPILED = tuple((rule, lazy(pattern, re.IGNORECASE)) for rule, pattern in _PATTERNS)
_DATE_LINES = tuple(
    lazy(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
        rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b",
        rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b",
    )
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DatePhrase:
    """Words of the text that give a date, and how to read them."""

    start: int
    end: int
    text: str
    rule: Rule
    fields: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> str | None:
        """One named part of the match ("day", "month", "wd", ...), or ``None``."""
        return dict(self.fields).get(name)


@functools.cache
def _scan() -> WordScan:
    """Where the patterns can start: each is tried only there (events/wordscan.py)."""
    return WordScan([pattern for _rule, pattern in _COMPILED])


def find_dates(text: str, tuning: EventsTuning = DEFAULT) -> list[DatePhrase]:
    """Every date phrase of ``text``, in text order, none overlapping.

    The patterns are taken in :data:`_PATTERNS` order, each with the matches ``finditer``
    gives (tried only where one of its first words starts: :class:`~.wordscan.WordScan`,
    with the wanted patterns' own scanner from ``tuning.date_scan_own_chars`` characters
    on); a match overlapping a phrase taken before is left out.

    >>> [p.rule.value for p in find_dates("On 22 February 2024, and later that night")]
    ['explicit', 'same-day']
    """
    kept: list[DatePhrase] = []  # the phrases of the patterns before, in text order
    starts: list[int] = []
    scan = _scan()
    low = lowered(text)  # the copy the other events lookups share
    seen: dict[str, bool] = {}  # a pattern is skipped when a word each match holds is absent
    wanted = [i for i, words in enumerate(required(scan.patterns)) if holds(words, low, seen)]
    positions = scan.positions(low, wanted, own_from=tuning.date_scan_own_chars)
    for index, rule in ((i, _COMPILED[i][0]) for i in wanted):
        # a pattern's matches do not overlap (as finditer's): each is checked against the
        # phrases taken before, then all merged in (one insertion each was quadratic)
        mine: list[DatePhrase] = []
        for match in scan.finditer(index, text, positions):
            if _overlaps(kept, starts, match.start(), match.end()):
                continue
            fields = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            start, end, words = match.start(), match.end(), match.group(0)
            mine.append(DatePhrase(start=start, end=end, text=words, rule=rule, fields=fields))
        if mine:  # two runs in text order, merged
            kept = sorted([*kept, *mine], key=lambda p: p.start)
            starts = [p.start for p in kept]
    return kept


def _overlaps(kept: list[DatePhrase], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a phrase of ``kept`` (sorted by start).

    The kept phrases never overlap one another, so sorted by start they are sorted by
    end too: only the last one starting before ``end`` can reach past ``start`` (a
    bisection instead of a scan of every phrase, which was quadratic in long texts).
    An empty match, which no pattern makes, is checked against all of them.
    """
    if start == end:
        return any(p.start < end and start < p.end for p in kept)
    at = bisect.bisect_left(starts, end)
    return at > 0 and kept[at - 1].end > start


def _month(phrase: DatePhrase, name: str = "month") -> int:
    number = phrase.field("mnum")
    if number is not None and name == "month":
        return int(number)
    return _MONTHS[str(phrase.field(name)).lower().rstrip(".")]


def _on_or_before(month: int, day: int, anchor: dt.date) -> dt.date | None:
    for year in (anchor.year, anchor.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= anchor:
            return candidate
    return None


def _weekday_on_or_before(name: str, anchor: dt.date) -> dt.date:
    back = (anchor.weekday() - _WEEKDAYS.index(name.lower())) % 7
    return anchor - dt.timedelta(days=back)


def _span(first: dt.date, last: dt.date) -> tuple[dt.date, TimePrecision]:
    if last < first:
        first, last = last, first
    middle = first + dt.timedelta(days=(last - first).days // 2)
    precision = TimePrecision.WEEK if (last - first).days <= 7 else TimePrecision.MONTH
    return middle, precision


Resolved = tuple[dt.date, TimePrecision]


def _explicit(phrase: DatePhrase, anchor: dt.date | None) -> Resolved | None:
    day, year = int(str(phrase.field("day"))), phrase.field("year")
    month = _month(phrase)
    try:
        if phrase.rule is Rule.DAY_SPAN:
            last = dt.date(int(str(year)), month, int(str(phrase.field("day2"))))
            return _span(dt.date(int(str(year)), month, day), last)
        if year is not None:
            return dt.date(int(year), month, day), TimePrecision.DAY
    except ValueError:
        return None
    found = None if anchor is None else _on_or_before(month, day, anchor)
    return None if found is None else (found, TimePrecision.DAY)


def _weekdays(phrase: DatePhrase, anchor: dt.date) -> Resolved:
    wd = str(phrase.field("wd"))
    if phrase.rule is Rule.LAST_WEEKDAY:
        return _weekday_on_or_before(wd, anchor - dt.timedelta(days=1)), TimePrecision.DAY
    day = _weekday_on_or_before(wd, anchor)
    if phrase.rule is Rule.WEEKDAY_SPAN:
        last = _weekday_on_or_before(str(phrase.field("wd2")), anchor)
        first = day if day <= last else day - dt.timedelta(days=7)
        return _span(first, last)
    return day, TimePrecision.DAY


def _days(phrase: DatePhrase) -> dt.timedelta:
    """How many days "three days ago" / "the previous day" steps back."""
    count = str(phrase.field("count") or "1").lower()
    return dt.timedelta(days=int(count) if count.isdigit() else _COUNTS[count])


def _relative(phrase: DatePhrase, anchor: dt.date) -> Resolved | None:
    one = dt.timedelta(days=1)
    if phrase.rule in (Rule.TODAY, Rule.CLOCK):
        return anchor, TimePrecision.DAY
    if phrase.rule is Rule.YESTERDAY:
        return anchor - one, TimePrecision.DAY
    if phrase.rule is Rule.LAST_WEEK:
        monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
        return monday + dt.timedelta(days=3), TimePrecision.WEEK
    if phrase.rule is Rule.WEEKEND:
        return _weekday_on_or_before("saturday", anchor - one), TimePrecision.WEEK
    if phrase.rule is Rule.EARLIER_WEEK:
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return _span(monday, max(monday, anchor - one))[0], TimePrecision.WEEK
    if phrase.rule is Rule.EARLIER_MONTH:
        first = anchor.replace(day=1)
        return _span(first, max(first, anchor - one))[0], TimePrecision.MONTH
    if phrase.rule is Rule.WEEKDAY_LAST_WEEK:
        monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
        index = _WEEKDAYS.index(str(phrase.field("wd")).lower())
        return monday + dt.timedelta(days=index), TimePrecision.DAY
    if phrase.rule is Rule.DAYS_AGO:
        return anchor - _days(phrase), TimePrecision.DAY
    if phrase.rule is Rule.LAST_MONTH:
        last = anchor.replace(day=1) - one
        return last.replace(day=15), TimePrecision.MONTH
    if phrase.rule is Rule.HOLIDAY:
        month, day = _HOLIDAYS[str(phrase.field("holiday")).lower()]
        found = _on_or_before(month, day, anchor)
        return None if found is None else (found, TimePrecision.DAY)
    return None


def resolve(
    phrase: DatePhrase, anchor: dt.date | None, previous: dt.date | None = None
) -> Resolved | None:
    """The date and precision ``phrase`` gives, or ``None`` when it cannot be resolved.

    Parameters
    ----------
    phrase : DatePhrase
    anchor : datetime.date or None
        The article's date (relative words need it).
    previous : datetime.date or None
        The date of the event before ("the same day", "the next day"), or for a part
        of the day ("by the afternoon") the last day the text named.

    >>> friday = dt.date(2020, 12, 11)
    >>> resolve(find_dates("the next day")[0], None, friday)
    (datetime.date(2020, 12, 12), <TimePrecision.DAY: 1>)
    >>> resolve(find_dates("on December 30")[0], dt.date(2024, 1, 2))[0]
    datetime.date(2023, 12, 30)
    """
    rule = phrase.rule
    if rule in (Rule.EXPLICIT, Rule.DAY_SPAN, Rule.MONTH_DAY):
        return _explicit(phrase, anchor)
    if rule in (Rule.SAME_DAY, Rule.NEXT_DAY, Rule.PART_OF_DAY):
        if previous is None:
            return None if anchor is None or rule is Rule.NEXT_DAY else (anchor, TimePrecision.DAY)
        step = dt.timedelta(days=1 if rule is Rule.NEXT_DAY else 0)
        return previous + step, TimePrecision.DAY
    if rule is Rule.DAYS_EARLIER:
        base = previous or anchor
        return None if base is None else (base - _days(phrase), TimePrecision.DAY)
    if rule is Rule.MONTH:
        month, year = _month(phrase), phrase.field("year")
        if year is not None:
            return dt.date(int(year), month, 15), TimePrecision.MONTH
        found = None if anchor is None else _on_or_before(month, 1, anchor)
        return None if found is None else (found.replace(day=15), TimePrecision.MONTH)
    if anchor is None or rule is Rule.YEAR:
        return None
    if rule in (Rule.WEEKDAY, Rule.LAST_WEEKDAY, Rule.WEEKDAY_SPAN):
        return _weekdays(phrase, anchor)
    return _relative(phrase, anchor)


def article_date(text: str, *, within: int = 400) -> dt.date | None:
    """The date an article carries near its top ("January 14, 2013"), or ``None``.

    A dateline without a year ("BAMAKO, Jan 14 —") gives no date: the year is unknown.

    >>> article_date("BAMAKO, Jan 14 — Islamists attacked"), article_date("Gao, 3 May 2024: x")
    (None, datetime.date(2024, 5, 3))
    """
    head = text[:within]
    low, seen = folded(head), dict[str, bool]()
    wanted = zip(_DATE_LINES, required(_DATE_LINES), strict=True)
    lines = [p for p, words in wanted if holds(words, low, seen)]
    found = [m for m in (p.search(head) for p in lines) if m is not None]
    if not found:
        return None
    groups = min(found, key=lambda m: m.start()).groupdict()
    month = groups.get("mnum") or _MONTHS[str(groups["month"]).lower().rstrip(".")]
    try:
        return dt.date(int(groups["year"]), int(month), int(groups["day"]))
    except ValueError:
        return None
