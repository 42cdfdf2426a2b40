"""Small in-memory gazetteers for the recognizer's rule tests, word lists included.

``place(name, kind=..., population=...)`` makes a made-up place; ``gazetteer`` puts
places, word lists (``english`` ranks, ``first_name`` / ``last_name`` shares),
state abbreviations, demonyms and never-place names in one :class:`Gazetteer`. The
ids are made up (``t:`` prefix): these are rule tests, not geography.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spots, Spotter
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold
from conflictmap.tuning.recognize import RecognizeTuning


def place(name: str, kind: str = "town", *, population: int = 5_000, country: str = "ML") -> Place:
    """A made-up place named ``name``."""
    return Place(
        id=f"t:{fold(name)}", name=name, lat=14.0, lon=-4.0, country=country, kind=kind,
        population=population,
    )  # fmt: skip


class _ListsGazetteer(Gazetteer):
    """A gazetteer whose word lists and abbreviations are given, not read from its layer."""

    word_lists: dict[str, dict[str, float]]
    abbreviation_table: dict[str, str]

    def words(self, name: str) -> dict[str, float]:
        return self.word_lists.get(name, {})

    @property
    def abbreviations(self) -> dict[str, str]:
        return self.abbreviation_table


def gazetteer(
    places: Iterable[Place],
    *,
    english: Mapping[str, int] | None = None,
    first_names: Iterable[str] = (),
    last_names: Iterable[str] = (),
    abbreviations: Mapping[str, str] | None = None,
    aliases: Iterable[tuple[str, str]] = (),
    demonyms: Iterable[tuple[str, str]] = (),
    never: Iterable[str] = (),
) -> Gazetteer:
    """A gazetteer of ``places`` with the given word lists."""
    gaz = _ListsGazetteer.from_places(list(places), aliases=aliases, demonyms=demonyms, never=never)
    assert isinstance(gaz, _ListsGazetteer)
    gaz.word_lists = {
        "english": {fold(w): float(rank) for w, rank in (english or {}).items()},
        "first_name": dict.fromkeys(map(fold, first_names), 0.1),
        "last_name": dict.fromkeys(map(fold, last_names), 0.1),
    }
    gaz.abbreviation_table = dict(abbreviations or {})
    return gaz


def spot(gaz: Gazetteer, text: str, config: RecognizeTuning | None = None) -> Spots:
    """What the default spotter finds in ``text``."""
    return Spotter(gaz, config=config).spot(text)


def found(
    gaz: Gazetteer, text: str, config: RecognizeTuning | None = None
) -> list[tuple[str, str]]:
    """(text, kind) of each spot found in ``text``."""
    return [(s.text, s.kind.value) for s in spot(gaz, text, config).spots]


def reasons(gaz: Gazetteer, text: str, config: RecognizeTuning | None = None) -> dict[str, str]:
    """Why each rejected span of ``text`` was rejected, by its text."""
    return {t: why for _, _, t, why in spot(gaz, text, config).rejected}
