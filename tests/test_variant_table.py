"""The transliteration index is kept as a table in the home and looked up per skeleton
(a process no longer loads all 260,000 skeletons: 0.4 s and 110 MB each)."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from conflictmap.resolve import variants
from conflictmap.resolve.variants import VariantIndex
from conflictmap.store.gazetteer import Gazetteer

KEYS = {"deirezzor", "deirelzor", "kupyansk", "kupiansk", "gao", "horlivka", "gorlovka"}


def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(variants, "_BY_STAMP", {})


def _stub(monkeypatch: pytest.MonkeyPatch, home: Path, built: list[int]) -> Gazetteer:
    class _Gaz:
        def __init__(self) -> None:
            self.home = home

        def name_keys(self) -> set[str]:
            built.append(1)
            return set(KEYS)

    monkeypatch.setattr(variants, "_stamp", lambda gazetteer: "s1")
    return _Gaz()  # type: ignore[return-value]


def test_the_table_answers_as_the_built_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch)
    built: list[int] = []
    gaz = _stub(monkeypatch, tmp_path, built)
    first = VariantIndex.of(gaz)  # built, then stored
    assert built == [1]
    assert (tmp_path / "translit-s1.sqlite").is_file()
    _fresh(monkeypatch)
    stored = VariantIndex.of(gaz)  # a new process: the table, not a build
    assert built == [1]
    assert stored is not first and not stored.buckets
    memory = VariantIndex.build(KEYS)
    for probe in [*KEYS, "derezzor", "kupyansk", "nowhere", ""]:
        assert stored.lookup(probe) == memory.lookup(probe) == first.lookup(probe)


def test_an_earlier_marshal_file_is_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch)
    built: list[int] = []
    gaz = _stub(monkeypatch, tmp_path, built)
    old = VariantIndex.build(KEYS)
    (tmp_path / "translit-s1.marshal").write_bytes(marshal.dumps(old.buckets))
    assert VariantIndex.of(gaz).lookup("derezzor") == old.lookup("derezzor")
    assert built == []  # read, not rebuilt
    assert (tmp_path / "translit-s1.sqlite").is_file()


def test_a_damaged_table_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh(monkeypatch)
    built: list[int] = []
    gaz = _stub(monkeypatch, tmp_path, built)
    (tmp_path / "translit-s1.sqlite").write_bytes(b"not a database")
    assert VariantIndex.of(gaz).lookup("deirelzor") == VariantIndex.build(KEYS).lookup("deirelzor")
    assert built == [1]
    _fresh(monkeypatch)
    assert VariantIndex.of(gaz).buckets == {}  # the rebuilt table replaced it
