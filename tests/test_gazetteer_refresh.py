"""A long-running process follows the user's corrections: nothing derived from them
outlives a change (issue 13: ``never_place_keys`` used to be cached past ``refresh()``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictmap.paths import CORRECTIONS_DB
from conflictmap.pipeline import geoparse
from conflictmap.store.corrections import CorrectionStore
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides

from ._geonames import make_home

TEXT = "Fighting spread from Gao to Timbuktu, officials in Mali said."


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


def places(gaz: Gazetteer) -> set[str]:
    result = geoparse(TEXT, gazetteer=gaz, statements=False)
    return {m.text for m in result.mentions if m.place is not None}


def test_never_place_keys_follow_reject_and_undo(home: Path) -> None:
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.reject("Timbuktu")
    with Gazetteer(home, progress=False, build=False) as gaz:
        assert "timbuktu" in gaz.never_place_keys
        store.undo()
        assert gaz.refresh()
        assert "timbuktu" not in gaz.never_place_keys
        store.reject("Gao")
        assert gaz.refresh()
        assert "gao" in gaz.never_place_keys


def test_an_un_rejected_name_is_a_place_again_in_the_same_process(home: Path) -> None:
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.reject("Timbuktu")
    with Gazetteer(home, progress=False, build=False) as gaz:
        assert "Timbuktu" not in places(gaz)
        store.undo()
        gaz.refresh()
        assert places(gaz) >= {"Gao", "Timbuktu"}


def test_a_view_with_run_overrides_keeps_them_across_a_refresh(home: Path) -> None:
    store = CorrectionStore(home / CORRECTIONS_DB)
    with Gazetteer(home, progress=False, build=False) as gaz:
        view = gaz.with_overrides(Overrides.from_cli(no_place=["Gao"]))
        assert "gao" in view.never_place_keys and "gao" not in gaz.never_place_keys
        store.reject("Timbuktu")
        assert view.refresh()
        assert {"gao", "timbuktu"} <= view.never_place_keys
        assert "gao" not in gaz.never_place_keys
