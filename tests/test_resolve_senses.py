"""One sense per article: a name is one place everywhere; so is a name spelled two ways."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.evidence.base import Article
from conflictmap.resolve.evidence.senses import NamedElsewhere, _Alike, spelled_alike
from conflictmap.resolve.groups import Group, groups_of
from conflictmap.store.build import UPPER_ONLY
from conflictmap.store.gazetteer import Candidate
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, believe, by_place, case, gazetteer, ranked_first, resolve

TUNED = ResolveTuning()


def test_spellings_alike() -> None:
    assert spelled_alike("diabali", "diabal", edits=2)
    assert spelled_alike("diabali", "diabaly", edits=2)
    assert not spelled_alike("diabali", "diabali", edits=2)  # the same name is one group already
    assert not spelled_alike("gao", "kao", edits=2)  # another first letter
    assert not spelled_alike("kidal", "kidalabougou", edits=2)


def test_every_mention_of_a_name_gets_the_same_place() -> None:
    gaz = gazetteer()
    text = "Burkinabe troops entered Gao. Gao was calm by night."
    (group,) = [g for g in article(gaz, text).groups if g.key == "gao"]
    assert len(group.indexes) == 2
    resolution = resolve(gaz, text)
    assert {m.place for m in resolution.mentions if m.text == "Gao"} == {"geonames:2360626"}


def test_another_spelling_of_a_placed_name_is_that_place() -> None:
    found = case("named_elsewhere")
    gaz = gazetteer()
    read = article(gaz, found.text)
    (terms,) = NamedElsewhere(TUNED).start(read)(believe(gaz, found.text))
    assert by_place(read, "diabal", terms) == {
        "geonames:2458187": TUNED.named_elsewhere,  # Diabali, named in the same article
        "geonames:6687536": 0.0,  # the village of Diabal, 76 km away
    }
    assert ranked_first(resolve(gaz, found.text), found.name) == found.want
    zeroed = replace(TUNED, named_elsewhere=0.0)
    assert ranked_first(resolve(gaz, found.text, zeroed), found.name) == "geonames:6687536"


class _OneCandidate:
    """A gazetteer whose every name has one all-capitals-only candidate."""

    def __init__(self, place: Place) -> None:
        self.place = place

    def candidates(self, key: str) -> list[Candidate]:
        return [Candidate(place=self.place, flags=UPPER_ONLY)]


def test_all_capitals_candidates_need_a_name_written_in_capitals() -> None:
    usa = Place(id="t:us", name="United States", lat=39.76, lon=-98.5, country="US", kind="country")
    gaz = _OneCandidate(usa)
    spots = [Spot(start=0, end=2, text="Us", key="us"), Spot(start=9, end=13, text="U.S.", key="us"),
             Spot(start=20, end=22, text="Us", key="usx")]  # fmt: skip
    candidates = {g.key: [c.place.id for c in g.candidates] for g in groups_of(spots, gaz)}  # type: ignore[arg-type]
    assert candidates == {"us": ["t:us"], "usx": []}


_KEY = st.text(alphabet="abdk", max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    keys=st.lists(_KEY, min_size=1, max_size=8),
    anchored=st.lists(st.tuples(_KEY, st.sampled_from(["p:1", "p:2", "p:3"])), max_size=10),
    edits=st.integers(-1, 3),
)
def test_the_anchors_by_first_letter_and_length_are_all_that_can_be_alike(
    keys: list[str], anchored: list[tuple[str, str]], edits: int
) -> None:
    # _terms compares a name only with the anchors of its first letter and lengths
    # within the edits: it must find what comparing every anchor finds
    ids = ["p:1", "p:2", "p:3"]
    groups = tuple(
        Group(key=key, indexes=(n,), candidates=tuple(
            Candidate(place=Place(id=pid, name="X", lat=0.0, lon=0.0)) for pid in ids))
        for n, key in enumerate(keys)
    )  # fmt: skip
    read = Article(spots=(), groups=groups, fixed={}, demonyms={}, gazetteer=gazetteer())
    tuned = replace(TUNED, spelling_edits=edits)
    found = NamedElsewhere(tuned)._terms(read, anchored)
    every = [
        [
            tuned.named_elsewhere
            if any(p == pid and spelled_alike(k, key, edits=edits) for k, p in anchored)
            else 0.0
            for pid in ids
        ]
        for key in keys
    ]
    assert found == every


@settings(max_examples=100, deadline=None)
@given(
    keys=st.lists(_KEY, min_size=1, max_size=8),
    rounds=st.lists(
        st.lists(st.tuples(_KEY, st.sampled_from(["p:1", "p:2", "p:3"])), max_size=6),
        min_size=1,
        max_size=4,
    ),
)
def test_the_names_alike_kept_across_rounds_give_each_rounds_terms(
    keys: list[str], rounds: list[list[tuple[str, str]]]
) -> None:
    ids = ["p:1", "p:2", "p:3"]
    groups = tuple(
        Group(key=key, indexes=(n,), candidates=tuple(
            Candidate(place=Place(id=pid, name="X", lat=0.0, lon=0.0)) for pid in ids))
        for n, key in enumerate(keys)
    )  # fmt: skip
    read = Article(spots=(), groups=groups, fixed={}, demonyms={}, gazetteer=gazetteer())
    unit = NamedElsewhere(TUNED)
    kept = _Alike(groups, TUNED.spelling_edits)
    for anchored in rounds:
        assert unit._terms(read, anchored, kept) == unit._terms(read, anchored)
