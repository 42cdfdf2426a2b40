"""The base is not rehashed at every start: a matching data stamp (sizes and times of
the tables) stands for the fingerprint; a stale stamp falls back to hashing contents."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conflictmap.store import build
from conflictmap.store.curated import data_fingerprint, data_stamp


def _set_meta(path: Path, **values: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", values.items())
    conn.close()


def _no_hashing() -> str:
    raise AssertionError("the tables were hashed although the stamp matched")


def test_matching_stamp_spares_the_hash(
    base_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "base.sqlite"
    shutil.copy2(base_home / "base.sqlite", base)
    _set_meta(base, data_stamp=data_stamp(), data_fingerprint="not-the-tables")
    with monkeypatch.context() as patch:
        patch.setattr(build, "data_fingerprint", _no_hashing)
        assert not build.needs_rebuild(base)
    _set_meta(base, data_stamp="stale")  # tables touched: their contents decide
    assert build.needs_rebuild(base)
    _set_meta(base, data_fingerprint=data_fingerprint())
    assert not build.needs_rebuild(base)


def test_stamp_follows_a_touched_table(tmp_path: Path) -> None:
    table = tmp_path / "curated" / "places.tsv"
    table.parent.mkdir()
    table.write_text("a\n", encoding="utf-8")
    before = data_stamp(tmp_path)
    table.write_text("ab\n", encoding="utf-8")
    assert data_stamp(tmp_path) != before
    assert data_fingerprint(tmp_path) != data_fingerprint(tmp_path / "none")
