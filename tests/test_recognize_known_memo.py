"""The spotter remembers which keys the layers know, and answers as the gazetteer does.

``recognize.known.knowing`` keeps the layers' answers across articles read without corrections
(issue 19: names recur from article to article, and a trie lookup costs several dict
lookups). Checked against ``Gazetteer.known_keys`` itself: on keys known and unknown,
asked again and again, with the memo cleared as it fills, and with corrections (which
are never remembered).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conflictmap.recognize import known as known_module
from conflictmap.recognize import spotter as spotter_module
from conflictmap.recognize.known import knowing as _knowing
from conflictmap.recognize.spotter import Spotter
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.text.folding import fold

ROOT = Path(__file__).resolve().parents[1]
_NAMES = ["gao", "bamako", "kidal", "mali", "timbuktu", "newyorkcity", "kermanshahprovince"]


def _keys(rng: random.Random) -> set[str]:
    noise = {"".join(rng.choices("abcdeiklmnorstu", k=rng.randint(1, 9))) for _ in range(30)}
    return noise | set(rng.sample(_NAMES, 3))


def test_remembered_answers_are_the_gazetteers(
    base_gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(known_module, "KEPT", 50)  # cleared as it fills
    rng = random.Random(3)
    asked = [_keys(rng) for _ in range(20)]
    known_keys = _knowing(base_gazetteer)
    for keys in asked + asked[::-1]:  # asked, then remembered (or cleared and asked again)
        assert known_keys(keys) == base_gazetteer.known_keys(keys)
    assert known_keys({"gao"}) == {"gao"}


def test_corrected_names_are_never_remembered(base_gazetteer: Gazetteer) -> None:
    fixes = Overrides.from_cli(fixes=["Qorvex Tand=14.12,-4.21"])
    corrected = base_gazetteer.with_overrides(fixes)
    key = fold("Qorvex Tand")
    assert _knowing(base_gazetteer)({key}) == set()
    assert _knowing(corrected)({key}) == {key}
    assert _knowing(base_gazetteer)({key}) == set()


def test_the_spotter_finds_the_same_without_the_memo(
    base_gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    assert texts
    remembered = [Spotter(base_gazetteer).spot(text) for text in texts]
    monkeypatch.setattr(spotter_module, "_knowing", lambda gaz: gaz.known_keys)
    assert remembered == [Spotter(base_gazetteer).spot(text) for text in texts]
