"""The resolver's per-round arithmetic written out for speed gives what the plain forms give.

Issue 19 made the sum of the terms, the focus shares and the proximity scan faster, and
left out the rounds after one that moves no share; each fast form must give the very
same floats (outputs are compared byte for byte), so each is checked here against the
form it replaced.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.geo.geodesy import EARTH_RADIUS_KM
from conflictmap.model import Place
from conflictmap.resolve import GazetteerResolver
from conflictmap.resolve.base import softmax
from conflictmap.resolve.confidence import FEATURES, Calibrator
from conflictmap.resolve.evidence import SHARES_ONLY, default_evidence
from conflictmap.resolve.evidence.base import Article, Belief, Evidence, Scorer, Terms
from conflictmap.resolve.evidence.focus import Focus, Shares, Votes, votes_of
from conflictmap.resolve.evidence.proximity import Proximity, _Cut, anchors_of
from conflictmap.resolve.groups import Group
from conflictmap.resolve.resolver import _sum, _sum_rows
from conflictmap.store.gazetteer import Candidate
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, believe, gazetteer

_FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([0.0, -0.0, 1e-300, 0.1, 0.2, 0.3, 1e16]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=4), min_size=0, max_size=5).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes),
            st.lists(
                st.tuples(*[st.lists(_FLOATS, min_size=n, max_size=n) for n in sizes]),
                max_size=6,
            ),
            st.tuples(
                *[st.lists(st.one_of(st.none(), _FLOATS), min_size=n, max_size=n) for n in sizes]
            ),
        )
    )
)
def test_the_terms_summed_at_once_are_the_loop_sums(case: tuple) -> None:
    _, terms, pins = case
    fast = _sum(list(pins), [list(map(list, term)) for term in terms])
    slow = _sum_rows(list(pins), [list(map(list, term)) for term in terms])
    assert [[(v, math.copysign(1.0, v)) for v in row] for row in fast] == [
        [(v, math.copysign(1.0, v)) for v in row] for row in slow
    ]


def test_a_term_shaped_unlike_the_names_is_summed_one_candidate_at_a_time() -> None:
    pins: list[list[float | None]] = [[None, None], [None]]
    longer = [[1.0, 2.0, 9.0], [3.0]]  # the extra score is not any candidate's
    assert _sum(pins, [longer]) == _sum_rows(pins, [longer]) == [[1.0, 2.0], [3.0]]


class _General(Proximity):
    """Proximity through :meth:`Proximity.term` for every candidate (no written-out scan)."""


def test_the_written_out_scan_gives_the_terms_of_proximity_term() -> None:
    gaz = gazetteer()
    text = "Fighters moved from Mopti to Oualo and Niama, then Sevare, Djenne and Gao, in Mali."
    read = article(gaz, text)
    belief = believe(gaz, text)
    tuned = ResolveTuning()
    (fast,) = Proximity(tuned).start(read)(belief)
    (general,) = _General(tuned).start(read)(belief)
    assert fast == general
    assert any(v != 0.0 for row in fast for v in row)


def _on_the_cut(lat: float, lon: float, km: float, ulps: int, east: float) -> tuple[float, float]:
    """A point ``km`` north of ``(lat, lon)`` (on its meridian, to the last bit as far
    as floats go), moved ``ulps`` floats along it and ``east`` degrees east."""
    far = lat + math.degrees(km / EARTH_RADIUS_KM)
    step = math.inf if ulps > 0 else -math.inf
    for _ in range(abs(ulps)):
        far = math.nextafter(far, step)
    return far, lon + east


@settings(max_examples=80, deadline=None)
@given(
    anchors=st.lists(
        st.tuples(st.floats(-70.0, 60.0), st.floats(-179.0, 179.0)), min_size=1, max_size=6
    ),
    offsets=st.lists(
        st.tuples(
            st.sampled_from([100.0, 500.0, 99.9, 500.1, 250.0]),
            st.integers(-4, 4),
            st.sampled_from([0.0, 0.0, 1e-9, -1e-7, 0.5, 3.0]),
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_the_scan_decides_at_the_cuts_as_the_kilometres_do(anchors, offsets) -> None:  # type: ignore[no-untyped-def]
    # Candidates a few floats either side of near_km and far_km from an anchor: the
    # scan's bounds on the haversine term must leave these to the kilometres.
    def group(number: int, places: list[Place]) -> Group:
        return Group(
            key=f"g{number}",
            indexes=(number,),
            candidates=tuple(Candidate(place=p) for p in places),
        )

    groups = [
        group(n, [Place(id=f"a:{n}", name="A", lat=lat, lon=lon, kind="town")])
        for n, (lat, lon) in enumerate(anchors)
    ]
    places = []
    for m, (km, ulps, east) in enumerate(offsets):
        lat, lon = anchors[m % len(anchors)]
        at = _on_the_cut(lat, lon, km, ulps, east)
        places.append(Place(id=f"c:{m}", name="C", lat=at[0], lon=at[1], kind="village"))
    groups.append(group(len(groups), places))
    read = Article(spots=(), groups=tuple(groups), fixed={}, demonyms={}, gazetteer=gazetteer())
    shares = (*(((1.0,)) for _ in anchors), tuple(1.0 / len(places) for _ in places))
    belief = Belief(scores=tuple(tuple(0.0 for _ in row) for row in shares), shares=shares)
    tuned = ResolveTuning()
    (fast,) = Proximity(tuned).start(read)(belief)
    (general,) = _General(tuned).start(read)(belief)
    assert fast == general


def test_a_cut_of_a_quarter_globe_or_more_is_left_to_the_kilometres() -> None:
    assert (_Cut(30_000.0).low, _Cut(30_000.0).high) == (-1.0, math.inf)
    assert 0.0 < _Cut(500.0).low < _Cut(500.0).high < 1.0


class _Counted:
    """An evidence unit wrapped to count its rounds (not one of ``SHARES_ONLY``)."""

    def __init__(self, unit: Evidence, rounds: list[int]) -> None:
        self.unit, self.rounds, self.names = unit, rounds, unit.names

    def start(self, read: Article) -> Scorer:
        scorer = self.unit.start(read)

        def counted(belief: Belief) -> Sequence[Terms]:
            self.rounds.append(1)
            return scorer(belief)

        return counted


@pytest.mark.parametrize(
    "text",
    [
        "In Mali, rebels held Gao and Kidal.",  # Gao has two candidates: the shares move
        "Fighters moved from Mopti to Oualo and Niama, then Djenne and Gao, in Mali.",
        "Mopti and Bamako.",  # every name has one candidate: the first round settles it
    ],
)
def test_rounds_left_out_once_the_shares_hold_change_no_belief(text: str) -> None:
    gaz = gazetteer()
    tuned = ResolveTuning()
    read = article(gaz, text)
    rounds: list[int] = []
    every = [_Counted(unit, rounds) for unit in default_evidence(tuned)]
    kept = GazetteerResolver(gaz, evidence=every).believe(read)
    assert len(rounds) == len(every) * tuned.iterations  # a unit it does not know: all rounds
    settled = GazetteerResolver(gaz).believe(read)
    assert repr(settled) == repr(kept)


def test_a_settled_article_is_given_fewer_rounds() -> None:
    gaz = gazetteer()
    read = article(gaz, "Mopti and Bamako.")
    assert len(read.groups) == 2 and all(len(g.candidates) == 1 for g in read.groups)
    resolver = GazetteerResolver(gaz)
    made: list[Belief] = []
    plain = resolver._belief

    def counted(scores: Terms) -> Belief:
        made.append(plain(scores))
        return made[-1]

    resolver._belief = counted  # type: ignore[method-assign]
    assert resolver.believe(read) is made[-1]
    assert ResolveTuning().iterations > 1
    assert len(made) == 2  # the priors' belief, and one round that moves no share
    assert made[0].shares == made[1].shares == ((1.0,), (1.0,))
    assert Focus in SHARES_ONLY and _Counted not in SHARES_ONLY


def test_a_lone_candidate_has_the_share_softmax_gives_it() -> None:
    resolver = GazetteerResolver(gazetteer())
    rows = [[5.0], [-1e300], [math.inf], [math.nan], [1.0, 2.0], []]
    belief = resolver._belief([list(row) for row in rows])
    assert [list(map(repr, s)) for s in belief.shares] == [
        list(map(repr, softmax(row, resolver.config.temperature))) for row in rows
    ]


@settings(max_examples=60, deadline=None)
@given(
    places=st.lists(
        st.lists(
            st.tuples(
                st.floats(10.0, 16.0), st.floats(-6.0, 2.0), st.sampled_from(["town", "region"])
            ),
            min_size=1,
            max_size=3,
        ),
        min_size=2,
        max_size=8,
    ),
    rounds=st.lists(st.lists(st.integers(0, 3), min_size=8, max_size=8), min_size=1, max_size=4),
)
def test_what_an_anchor_reaches_is_kept_across_rounds(places, rounds) -> None:  # type: ignore[no-untyped-def]
    # Each round believes other candidates (a choice of 3 is no anchor), so the anchors
    # change from round to round; the terms must be what a fresh scan of each gives.
    groups = tuple(
        Group(
            key=f"g{n}",
            indexes=(n,),
            candidates=tuple(
                Candidate(place=Place(id=f"p:{n}:{m}", name="P", lat=lat, lon=lon, kind=kind))
                for m, (lat, lon, kind) in enumerate(row)
            ),
        )
        for n, row in enumerate(places)
    )
    read = Article(spots=(), groups=groups, fixed={}, demonyms={}, gazetteer=gazetteer())
    tuned = ResolveTuning()
    kept = Proximity(tuned).start(read)
    for chosen in rounds:
        shares = tuple(
            tuple(
                (1.0 if m == pick else 0.0) if pick < len(g.candidates) else 1.0 / len(g.candidates)
                for m in range(len(g.candidates))
            )
            for g, pick in zip(groups, chosen, strict=False)
        )
        belief = Belief(scores=shares, shares=shares)
        (fast,) = kept(belief)
        (general,) = _General(tuned).start(read)(belief)
        assert fast == general


#: shares as a belief may hold them, and a NaN (a share of no number is no vote's worth)
_SHARES = st.one_of(_FLOATS.map(abs), st.sampled_from([0.005, 0.01, 0.5, 1.0, math.nan]))


@settings(max_examples=150, deadline=None)
@given(
    groups=st.lists(
        st.tuples(
            st.lists(
                st.tuples(
                    st.sampled_from(["", "ML", "BF", "NE"]),
                    st.sampled_from([None, "01", "02"]),
                    st.sampled_from(["town", "region", "country"]),
                ),
                min_size=0,
                max_size=4,
            ),
            st.integers(1, 3),
            st.booleans(),
        ),
        max_size=6,
    ),
    data=st.data(),
)
def test_the_focus_terms_are_those_the_shares_of_the_votes_give(groups, data) -> None:  # type: ignore[no-untyped-def]
    made = tuple(
        Group(
            key=f"g{n}",
            indexes=tuple(range(10 * n, 10 * n + repeats)),
            candidates=tuple(
                Candidate(
                    place=Place(
                        id=f"p:{n}:{m}",
                        name="P",
                        lat=0.0,
                        lon=0.0,
                        country=cc or None,
                        admin1=a1,
                        kind=kind,
                    )
                )
                for m, (cc, a1, kind) in enumerate(row)
            ),
            variant=variant,
        )
        for n, (row, repeats, variant) in enumerate(groups)
    )
    shares = tuple(
        tuple(data.draw(st.lists(_SHARES, min_size=len(g.candidates), max_size=len(g.candidates))))
        for g in made
    )
    fixed = Votes()
    for code, weight in data.draw(
        st.lists(st.tuples(st.sampled_from(["ML", "NE"]), _FLOATS.map(abs)), max_size=2)
    ):
        fixed.add(code, weight, "01")
    tuned = ResolveTuning()
    read = Article(spots=(), groups=made, fixed={}, demonyms={}, gazetteer=gazetteer())
    belief = Belief(scores=shares, shares=shares)
    country, region = Focus(tuned).terms(read, belief, fixed)
    votes = votes_of(made, shares, tuned.min_vote_share)
    countries, regions = Shares(votes.country, fixed.country), Shares(votes.region, fixed.region)
    for group, believed, got_country, got_region in zip(made, shares, country, region, strict=True):
        own = votes_of([group], [believed], tuned.min_vote_share)
        want_country, want_region = [], []
        for c in group.candidates:
            place = c.place
            code = place.country or ""
            want_country.append(
                tuned.focus_country * countries.of(code, own.country, sum(own.country.values()))
                if code
                else 0.0
            )
            area = (
                (code, place.admin1) if code and place.admin1 and place.kind != "country" else None
            )
            want_region.append(
                tuned.focus_region * regions.of(area, own.region, sum(own.region.values()))
                if area
                else 0.0
            )
        assert list(map(repr, got_country)) == list(map(repr, want_country))
        assert list(map(repr, got_region)) == list(map(repr, want_region))


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(
        _FLOATS.filter(lambda w: abs(w) < 1e100), min_size=len(FEATURES), max_size=len(FEATURES)
    ),
    values=st.dictionaries(st.sampled_from(FEATURES), _FLOATS.filter(lambda v: abs(v) < 1e100)),
)
def test_the_probability_sums_the_products_in_order(
    weights: list[float], values: dict[str, float]
) -> None:
    model = Calibrator({"names": list(FEATURES), "weights": weights})
    z = sum(w * values.get(name, 0.0) for name, w in zip(FEATURES, weights, strict=True))
    want = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    assert repr(model.probability(values)) == repr(want)


def test_a_model_of_fewer_weights_than_inputs_is_refused() -> None:
    with pytest.raises(ValueError):
        Calibrator({"names": ["bias", "score"], "weights": [1.0]}).probability({"bias": 1.0})


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(
                st.tuples(_SHARES, st.sampled_from(["town", "region", "country"])), max_size=3
            ),
            st.booleans(),
        ),
        max_size=6,
    )
)
def test_the_anchors_are_each_names_best_candidate_believed_enough(rows) -> None:  # type: ignore[no-untyped-def]
    groups = tuple(
        Group(
            key=f"g{n}",
            indexes=(2 * n,),
            candidates=tuple(
                Candidate(place=Place(id=f"p:{n}:{m}", name="P", lat=1.0, lon=2.0, kind=kind))
                for m, (_, kind) in enumerate(row)
            ),
            variant=variant,
        )
        for n, (row, variant) in enumerate(rows)
    )
    shares = tuple(tuple(p for p, _ in row) for row, _ in rows)
    read = Article(spots=(), groups=groups, fixed={}, demonyms={}, gazetteer=gazetteer())
    belief = Belief(scores=shares, shares=shares)
    want = {}
    for number, group in enumerate(groups):
        best = belief.best(number)
        if group.variant or best is None:
            continue
        place = group.candidates[best].place
        if shares[number][best] >= 0.7 and place.kind in ("town", "region"):
            want[group.first] = place
    assert anchors_of(read, belief, 0.7) == want
