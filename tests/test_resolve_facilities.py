"""Buildings at their towns (issue 20): the bisected host is the one the scan found."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention, MentionKind, Place, PlaceKind
from conflictmap.resolve.facilities import FACILITY_IN_TOWN, place_facilities
from conflictmap.tuning.resolve import ResolveTuning

TUNED = ResolveTuning()
PLACES = {
    "t:koro": Place(
        id="t:koro", name="Koro", lat=14.06, lon=-3.08, country="ML", kind=PlaceKind.TOWN
    ),
    "t:gao": Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, country="ML", kind=PlaceKind.CITY),
    "t:mali": Place(
        id="t:mali", name="Mali", lat=17.0, lon=-4.0, country="ML", kind=PlaceKind.COUNTRY
    ),
    "t:niamey": Place(
        id="t:niamey", name="Niamey", lat=13.5, lon=2.1, country="NE", kind=PlaceKind.CITY
    ),
}


def _scanned(
    mentions: Sequence[Mention], places: Mapping[str, Place], config: ResolveTuning
) -> list[Mention]:
    """place_facilities as it was: every building scans all the towns."""
    countries: dict[str, int] = defaultdict(int)
    for m in mentions:
        if m.place is not None and places[m.place].country:
            countries[places[m.place].country or ""] += 1
    if not countries:
        return list(mentions)
    main = max(countries, key=countries.__getitem__)
    towns = [
        (m.start, m.place)
        for m in mentions
        if m.place is not None
        and m.kind in (MentionKind.NAME, MentionKind.VARIANT)
        and places[m.place].kind.is_settlement
        and m.confidence >= config.facility_host_confidence
        and places[m.place].country == main
    ]
    if not towns:
        return list(mentions)
    out = []
    for m in mentions:
        if m.kind is not MentionKind.FACILITY:
            out.append(m)
            continue
        before = [pid for start, pid in towns if start < m.start]
        out.append(
            replace(
                m,
                place=before[-1] if before else towns[0][1],
                confidence=config.facility_confidence,
                alternatives=(),
                reason=FACILITY_IN_TOWN,
            )
        )
    return out


_mention = st.builds(
    lambda start, pick, confidence: (
        Mention(start=start, end=start + 3, text="X", kind=MentionKind.FACILITY)
        if pick is None
        else Mention(start=start, end=start + 3, text="X", place=pick, confidence=confidence)
    ),
    start=st.integers(0, 60),
    pick=st.none() | st.sampled_from(sorted(PLACES)),
    confidence=st.sampled_from([0.1, 0.9]),
)


@settings(max_examples=300, deadline=None)
@given(mentions=st.lists(_mention, max_size=14), ordered=st.booleans())
def test_each_building_gets_the_town_the_scan_gave_it(
    mentions: list[Mention], ordered: bool
) -> None:
    if ordered:  # as the resolver gives them; else any order (the scan decides)
        mentions.sort(key=lambda m: m.start)
    assert place_facilities(mentions, PLACES, TUNED) == _scanned(mentions, PLACES, TUNED)


def test_an_article_without_buildings_is_left_as_it_is() -> None:
    named = [Mention(start=0, end=4, text="Koro", place="t:koro", confidence=0.9)]
    assert place_facilities(named, PLACES, TUNED) == named


def test_mentions_out_of_text_order_get_the_town_the_scan_gave() -> None:
    koro = Mention(start=5, end=9, text="Koro", place="t:koro", confidence=0.9)
    gao = Mention(start=40, end=43, text="Gao", place="t:gao", confidence=0.9)
    again = Mention(start=10, end=13, text="Gao", place="t:gao", confidence=0.9)
    mosque = Mention(start=30, end=42, text="Grand Mosque", kind=MentionKind.FACILITY)
    given_order = [koro, gao, again, mosque]
    placed = place_facilities(given_order, PLACES, TUNED)
    assert placed == _scanned(given_order, PLACES, TUNED)
    assert placed[3].place == "t:gao"  # the last town before it in the list, not Koro
