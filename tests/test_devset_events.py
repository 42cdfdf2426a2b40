"""The events dev set (tests/devset/events/) is well formed, and its scorer can fail.

The checks on the data keep the annotation honest: spans and places are what the
annotation script computes, taxonomy names are ACLED's, dates agree with the words
that give them, and the counts meet issue 16's floors (the helper's brief asks more).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from .devset.events_annotate import COMPASS, destination, stale_fields
from .devset.events_gold import (
    SUB_TYPES,
    EventType,
    GoldEvent,
    GoldRecord,
    Split,
    Style,
    SubEventType,
    TimePrecision,
    format_scores,
    load_events,
    score_events,
)
from .devset.events_score import EventScores, normalise_actor

RECORDS = load_events()
EVENTS = [(record, event) for record in RECORDS for event in record.events]

# ACLED Codebook, "Event Types and Sub-Event Types": the names, typed out a second time.
ACLED = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}

# --- the data -------------------------------------------------------------------------


def test_counts_meet_the_floors() -> None:
    conflicts = {r.conflict for r in RECORDS}
    assert len(EVENTS) >= 180
    assert len(conflicts) >= 12
    assert sum(r.negative for r in RECORDS) >= 30
    assert {r.style for r in RECORDS} == {Style.WIRE, Style.NOTE}
    for conflict in conflicts:
        styles = {r.style for r in RECORDS if r.conflict == conflict}
        assert styles == {Style.WIRE, Style.NOTE}, conflict
    assert sum(len(r.events) > 1 for r in RECORDS) >= 20, "several events in one record"
    assert sum(1 for _, e in EVENTS if e.estimate is not None) >= 10, "stated offsets"
    sub_types = {e.sub_type for _, e in EVENTS}
    missing = set(SubEventType) - sub_types - {SubEventType.CHEMICAL_WEAPON, SubEventType.OTHER}
    assert not missing, f"sub-event types with no example: {missing}"


def test_taxonomy_is_acleds() -> None:
    assert {t.value: {s.value for s in subs} for t, subs in SUB_TYPES.items()} == ACLED
    for _, event in EVENTS:
        assert event.sub_type.value in ACLED[event.type.value]


def test_computed_fields_are_current() -> None:
    assert stale_fields() == [], "run: python -m tests.devset.events_annotate"


def test_ids_are_well_formed_and_unique() -> None:
    ids = [r.id for r in RECORDS]
    assert len(ids) == len(set(ids))
    place_id = re.compile(r"geonames:\d+|admin1:[A-Z]{2}\.\w+|border:([A-Z]{2})-([A-Z]{2})")
    for record in RECORDS:
        assert re.fullmatch(rf"{record.conflict}-\d\d", record.id), record.id
        assert re.fullmatch(r"[A-Z]{2}", record.country)
        for event in record.events:
            if event.place is not None:
                found = place_id.fullmatch(event.place.id)
                assert found, event.place.id
                if found.group(1):
                    assert found.group(1) < found.group(2), "border codes are sorted"
                assert -90 <= event.place.lat <= 90 and -180 <= event.place.lon <= 180
            if event.estimate is not None:
                assert event.place is None, "an offset's place is its estimate"
                assert re.fullmatch(r"geonames:\d+", event.estimate.anchor)
                assert event.estimate.direction in COMPASS


def test_every_conflict_has_both_splits_alternating() -> None:
    by_conflict: dict[str, list[GoldRecord]] = {}
    for record in RECORDS:
        by_conflict.setdefault(record.conflict, []).append(record)
    for conflict, records in by_conflict.items():
        splits = [r.split for r in records]
        assert splits[0::2] == [Split.DEV] * len(splits[0::2]), conflict
        assert splits[1::2] == [Split.TEST] * len(splits[1::2]), conflict
        assert any(r.events for r in records[0::2]) and any(r.events for r in records[1::2])
    assert load_events(split="test") and all(
        r.split is Split.TEST for r in load_events(split="test")
    )


def test_texts_are_quoted_from_the_record() -> None:
    for record, event in EVENTS:
        text = record.text.casefold()
        for said in (event.date_text, event.fatalities_text, event.actor1, event.actor2):
            assert said is None or said.casefold() in text, (record.id, said)
        for also in event.actor1_also:
            assert also.casefold() in text, (record.id, also)


def test_fatalities_are_counts() -> None:
    for record, event in EVENTS:
        assert event.fatalities is None or event.fatalities >= 0, record.id
        if event.fatalities:
            assert event.fatalities_text, record.id
    counts = Counter(e.fatalities is None for _, e in EVENTS)
    assert counts[True] and counts[False]
    assert any(e.fatalities == 0 for _, e in EVENTS), "an explicit zero"
    assert any(e.fatalities is None and e.fatalities_text for _, e in EVENTS), "a vague toll"


def test_dump_places_are_marked() -> None:
    for record in RECORDS:
        dumps = {
            e.place.country
            for e in record.events
            if e.place is not None and e.place.source and "dump" in e.place.source
        }
        assert dumps == set(record.needs_dumps), record.id
    assert load_events(without_dumps=True) and all(
        not r.needs_dumps for r in load_events(without_dumps=True)
    )


def test_estimates_are_geodesic_destinations() -> None:
    # Gao 50 km west, by hand: 50 km is 0.45 degrees of longitude at 16.3 degrees N.
    lat, lon = destination((16.27167, -0.04472), 50, "W")
    assert lat == pytest.approx(16.27, abs=0.01) and lon == pytest.approx(-0.512, abs=0.002)


_WEEKDAYS = {name.casefold(): number for number, name in enumerate(calendar.day_name)}
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}


def _expected(text: str, article: dt.date) -> tuple[dt.date, int] | None:
    """The date and precision the guidelines give ``text``; None when context decides."""
    words = text.casefold()
    year = re.search(r"\b(19|20)\d\d\b", words)
    between = re.fullmatch(r"between (\d+) and (\d+) (\w+) (\d{4})", words)
    if between:
        month = _MONTHS[between.group(3)]
        start, end = int(between.group(1)), int(between.group(2))
        middle = dt.date(int(between.group(4)), month, start + (end - start) // 2)
        return middle, 2 if end - start < 7 else 3
    months = "|".join(_MONTHS)
    day_first = re.search(rf"\b(\d{{1,2}}) ({months})\b", words)
    month_first = re.search(rf"\b({months}) (\d{{1,2}})\b", words)
    if day_first or month_first:
        day, name = (
            (day_first.group(1), day_first.group(2))
            if day_first
            else (month_first.group(2), month_first.group(1))  # type: ignore[union-attr]
        )
        guess = dt.date(int(year.group(0)) if year else article.year, _MONTHS[name], int(day))
        if not year and guess > article:
            guess = guess.replace(year=guess.year - 1)
        return guess, 1
    if words == "last week":
        monday = article - dt.timedelta(days=article.weekday() + 7)
        return monday + dt.timedelta(days=3), 2
    if words == "over the weekend":
        return article - dt.timedelta(days=(article.weekday() - 5) % 7), 2
    if words == "earlier this week":
        monday = article - dt.timedelta(days=article.weekday())
        last = article - dt.timedelta(days=1)
        return monday + dt.timedelta(days=(last - monday).days // 2), 2
    two_days = re.fullmatch(r"on (\w+) and (\w+)", words)
    if two_days and {two_days.group(1), two_days.group(2)} <= set(_WEEKDAYS):
        first, second = (_WEEKDAYS[two_days.group(i)] for i in (1, 2))
        until = article - dt.timedelta(days=(article.weekday() - second) % 7)
        since = until - dt.timedelta(days=(second - first) % 7)
        return since + (until - since) // 2, 2
    if words in ("overnight", "yesterday", "last night"):
        return article - dt.timedelta(days=1), 1
    if words in ("today", "this morning") or re.fullmatch(r"at \d\d:\d\d", words):
        return article, 1
    if words == "earlier this month":
        last = article - dt.timedelta(days=1)
        return article.replace(day=1 + (last.day - 1) // 2), 3
    if words == "on christmas eve":
        eve = dt.date(article.year, 12, 24)
        return (eve if eve <= article else eve.replace(year=eve.year - 1)), 1
    for name, number in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", words):
            back = (article.weekday() - number) % 7
            if words.startswith("last ") and back == 0:
                back = 7
            return article - dt.timedelta(days=back), 1
    return None


def test_dates_agree_with_their_words() -> None:
    checked = 0
    for record, event in EVENTS:
        assert (event.date is None) == (event.time_precision is None), record.id
        if event.date is None:
            continue
        assert event.date_text, record.id
        assert event.date <= record.article_date, record.id
        assert (record.article_date - event.date).days <= 31, record.id
        expected = _expected(event.date_text, record.article_date)
        if expected is not None:
            checked += 1
            assert (event.date, int(event.time_precision or 0)) == expected, (
                record.id,
                event.date_text,
            )
    dated = sum(1 for _, e in EVENTS if e.date is not None)
    checked += _check_anaphoric_dates()
    assert checked >= 0.95 * dated, f"only {checked} of {dated} dates checked"
    assert set(TimePrecision) <= {e.time_precision for _, e in EVENTS}


_SAME_DAY = {
    "the same day",
    "later",
    "hours later",
    "later that night",
    "during the day",
    "by the afternoon",
}


def _check_anaphoric_dates() -> int:
    """Dates given by reference to an earlier event ("the same day") match that event."""
    checked = 0
    for record in RECORDS:
        for number, event in enumerate(record.events):
            words = (event.date_text or "").casefold()
            shift = 1 if words == "the next day" else 0 if words in _SAME_DAY else None
            if shift is None or event.date is None:
                continue
            earlier = {e.date for e in record.events[:number] if e.date is not None}
            assert event.date - dt.timedelta(days=shift) in earlier, (record.id, words)
            checked += 1
    return checked


def test_date_rules_themselves() -> None:
    monday = dt.date(2013, 1, 14)
    assert _expected("on Monday", monday) == (monday, 1)
    assert _expected("on Sunday", monday) == (dt.date(2013, 1, 13), 1)
    assert _expected("last Monday", monday) == (dt.date(2013, 1, 7), 1)
    assert _expected("last week", monday) == (dt.date(2013, 1, 10), 2)
    assert _expected("on December 30", dt.date(2024, 1, 5)) == (dt.date(2023, 12, 30), 1)
    assert _expected("earlier this week", dt.date(2024, 3, 8)) == (dt.date(2024, 3, 5), 2)
    assert _expected("on Saturday and Sunday", monday) == (dt.date(2013, 1, 12), 2)
    assert _expected("at 09:10", monday) == (monday, 1)
    assert _expected("earlier this month", dt.date(2024, 6, 20)) == (dt.date(2024, 6, 10), 3)
    assert _expected("the same day", monday) is None


# --- the scorer -----------------------------------------------------------------------


def _copy(event: GoldEvent, **changes: Any) -> SimpleNamespace:
    """A predicted event that repeats the gold one, with ``changes`` applied."""
    fields: dict[str, Any] = {
        "start": event.start,
        "end": event.end,
        "type": event.type,
        "sub_type": event.sub_type.value,
        "date": event.date,
        "time_precision": event.time_precision,
        "place": event.place.id if event.place else None,
        "estimate": event.estimate,
        "fatalities": event.fatalities,
        "actors": [event.actor1] if event.actor1 else [],
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def _perfect(records: tuple[GoldRecord, ...]) -> dict[str, list[SimpleNamespace]]:
    return {r.id: [_copy(e) for e in r.events] for r in records}


def test_a_perfect_prediction_scores_one() -> None:
    scores = score_events(_perfect(RECORDS), RECORDS)
    overall = scores.overall
    assert (overall.precision, overall.recall, overall.f1) == (1.0, 1.0, 1.0)
    for name in ("type", "sub_type", "date", "time_precision", "fatalities", "place", "actor1"):
        assert overall.field(name).accuracy == 1.0, name
    assert overall.negatives_flagged == 0 and not scores.mistakes and not scores.missed
    assert sum(s.gold for s in scores.by_conflict.values()) == overall.gold == len(EVENTS)
    assert "overall" in format_scores(scores)


def _one_changed(**changes: Any) -> tuple[int, EventScores]:
    records = load_events(conflict="mali")
    predicted = _perfect(records)
    first = records[0]
    predicted[first.id][0] = _copy(first.events[0], **changes)
    scores = score_events(predicted, records)
    return scores.overall.gold, scores


def test_a_wrong_type_lowers_type_accuracy_only() -> None:
    gold, scores = _one_changed(type="Riots", sub_type="Mob violence")
    assert scores.overall.type.accuracy == pytest.approx((gold - 1) / gold)
    assert scores.overall.sub_type.accuracy == pytest.approx((gold - 1) / gold)
    assert scores.overall.date.accuracy == 1.0 and scores.overall.f1 == 1.0
    assert scores.mistakes[0].wrong == ("type", "sub_type")


def test_a_day_off_lowers_date_accuracy() -> None:
    gold, scores = _one_changed(date=dt.date(2013, 1, 13))
    assert scores.overall.date.accuracy == pytest.approx((gold - 1) / gold)
    _, as_text = _one_changed(date="2013-01-14")
    assert as_text.overall.date.accuracy == 1.0, "an ISO string is as good as a date"


def test_fatalities_none_is_not_zero() -> None:
    gold, scores = _one_changed(fatalities=0)
    assert scores.overall.fatalities.accuracy == pytest.approx((gold - 1) / gold)


def test_place_within_25_km_or_same_id() -> None:
    records = load_events(conflict="mali")
    first = records[0].events[0]
    assert first.place is not None
    near = {"x:near": {"lat": first.place.lat + 0.09, "lon": first.place.lon}}  # 10 km
    far = {"x:far": {"lat": first.place.lat + 0.27, "lon": first.place.lon}}  # 30 km
    for pid, lookup, right in (("x:near", near, True), ("x:far", far, False)):
        predicted = _perfect(records)
        predicted[records[0].id][0] = _copy(first, place=pid)
        scores = score_events(predicted, records, places=lookup)
        wrong = "place" in (scores.mistakes[0].wrong if scores.mistakes else ())
        assert wrong is not right, pid
    # An offset event placed at its anchor (50 km away) is wrong; at the estimate, right.
    offset_record = next(r for r in records if any(e.estimate for e in r.events))
    offset = offset_record.events[0]
    assert offset.estimate is not None
    predicted = _perfect(records)
    predicted[offset_record.id] = [_copy(offset, place=offset.estimate.anchor, estimate=None)]
    gao = {offset.estimate.anchor: {"lat": 16.27167, "lon": -0.04472}}
    scores = score_events(predicted, records, places=gao)
    assert [m.wrong for m in scores.mistakes] == [("place",)]


def test_actor_containment_is_normalised() -> None:
    assert normalise_actor("the Islamists") in normalise_actor("Islamist forces")
    _, scores = _one_changed(actors=["the Islamist Fighters"])
    assert scores.overall.actor1.accuracy == 1.0
    gold, wrong = _one_changed(actors=["French army"])
    assert wrong.overall.actor1.accuracy == pytest.approx((gold - 1) / gold)


def test_negatives_and_misses_count() -> None:
    records = load_events(conflict="mali")
    negative = next(r for r in records if r.negative)
    predicted = _perfect(records)
    predicted[negative.id] = [_copy(EVENTS[0][1], start=0, end=10)]
    dropped = next(r for r in records if len(r.events) > 1)
    predicted[dropped.id] = predicted[dropped.id][:1]
    scores = score_events(predicted, records)
    overall = scores.overall
    assert overall.negatives_flagged == 1 and overall.negatives == sum(r.negative for r in records)
    assert overall.precision is not None and overall.precision < 1.0
    assert overall.recall == pytest.approx((overall.gold - len(dropped.events) + 1) / overall.gold)
    assert len(scores.spurious) == 1 and len(scores.missed) == len(dropped.events) - 1
    assert overall.type.end_to_end is not None and overall.type.end_to_end < 1.0


def test_spans_must_overlap() -> None:
    records = load_events(conflict="mali")[:1]
    event = records[0].events[0]
    moved = _copy(event, start=event.end + 500, end=event.end + 510)
    scores = score_events({records[0].id: [moved]}, records)
    assert scores.overall.matched == 0 and scores.overall.recall == 0.0


def test_same_span_events_pair_by_place() -> None:
    record = next(r for r in RECORDS if r.id == "myanmar-01")
    a, b = record.events[0], record.events[1]
    assert (a.start, a.end) == (b.start, b.end) and a.place != b.place
    predicted = {record.id: [_copy(e) for e in reversed(record.events)]}
    scores = score_events(predicted, (record,))
    assert scores.overall.place.accuracy == 1.0


def test_result_objects_and_enums_are_accepted() -> None:
    records = load_events(conflict="ukraine")
    result = {
        r.id: SimpleNamespace(
            events=[
                _copy(e, sub_type=e.sub_type, time_precision=e.time_precision) for e in r.events
            ],
            places={},
        )
        for r in records
    }
    assert score_events(result, records).overall.f1 == 1.0
    with pytest.raises(ValueError, match="not in the gold set"):
        score_events({"nope-01": []}, records)


def test_gold_objects_are_frozen_records() -> None:
    record = RECORDS[0]
    with pytest.raises(AttributeError):
        record.id = "x"  # type: ignore[misc]
    changed = replace(record.events[0], type=EventType.RIOTS)
    assert changed != record.events[0]
