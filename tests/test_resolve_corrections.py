"""The user's corrections, above everything: a chosen place is pinned, an alias wins big."""

from __future__ import annotations

from conflictmap.resolve.evidence.corrections import Corrections, is_correction
from conflictmap.store.overrides import Overrides
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, by_place, gazetteer, ranked_first, resolve

TEXT = "Fighting was reported near Koro."
KORO_ML, KORO_CI = "geonames:2454674", "geonames:2286294"


def test_without_corrections_the_bigger_koro_wins() -> None:
    resolution = resolve(gazetteer(), TEXT)
    assert ranked_first(resolution, "Koro") == KORO_ML
    (koro,) = resolution.mentions
    assert koro.reason is None


def test_a_chosen_place_is_pinned_and_reported_as_a_correction() -> None:
    gaz = gazetteer().with_overrides(Overrides.from_cli(fixes=[f"Koro={KORO_CI}"]))
    resolution = resolve(gaz, TEXT)
    ranked = resolution.ranked[0]
    assert (ranked[0].place.id, ranked[0].score) == (KORO_CI, ResolveTuning().preferred_score)
    (koro,) = resolution.mentions
    assert (koro.place, koro.reason, koro.confidence) == (KORO_CI, "correction", 0.99)


def test_a_user_alias_adds_the_correction_bonus() -> None:
    gaz = gazetteer().with_overrides(Overrides(aliases={"koro": (KORO_CI,)}))
    read = article(gaz, TEXT)
    (terms,) = Corrections(ResolveTuning()).prior(read)
    assert by_place(read, "koro", terms) == {KORO_ML: 0.0, KORO_CI: 50.0}
    assert ranked_first(resolve(gaz, TEXT), "Koro") == KORO_CI
    candidates = {c.place.id: c for c in gaz.candidates("koro")}
    assert is_correction(candidates[KORO_CI]) and not is_correction(candidates[KORO_ML])


def test_a_correction_outranks_every_piece_of_evidence() -> None:
    # Mali's focus, a Malian demonym and Mopti nearby all argue for the Malian Koro.
    text = "Malian troops left Mopti for Koro, in Mali."
    gaz = gazetteer()
    assert ranked_first(resolve(gaz, text), "Koro") == KORO_ML
    fixed = gaz.with_overrides(Overrides(aliases={"koro": (KORO_CI,)}))
    assert ranked_first(resolve(fixed, text), "Koro") == KORO_CI
