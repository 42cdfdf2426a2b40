"""The resolver's per-round arithmetic written out for speed gives what the plain forms give.

Issue 19 made the sum of the terms, the focus shares and the proximity scan faster; each
fast form must give the very same floats (outputs are compared byte for byte), so each
is checked here against the form it replaced.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.resolve.evidence.proximity import Proximity
from conflictmap.resolve.resolver import _sum, _sum_rows
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
