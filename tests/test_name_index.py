"""The precompiled name index (issue 19): the same answers as SQLite, rebuilt when stale
or damaged, written atomically; its trie's check at opening remembered until the file
changes (a settled, unchanged index is not CRC'd again; a changed one is checked again,
so a flipped bit is still found; only a process that asked for the memo keeps one)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.store import sealmemo
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.gazetteer.base import PLACE_COLUMNS
from conflictmap.store.gazetteer.layers import Layers
from conflictmap.store.geonames_import import import_files
from conflictmap.store.nameindex import (
    IndexDamagedError,
    NameIndex,
    ensure_index,
    index_path,
    layer_stamp,
    rebuild_index,
)
from conflictmap.store.nameindex.layout import HEADER

from ._geonames import dump_row, make_home, write_dump
from ._sealmemo import crcs, next_tick, settled


def _same_answers(gaz: Gazetteer, keys: list[str]) -> None:
    layers = gaz._layers
    indexes = layers.name_indexes()
    assert indexes is not None
    for key in keys:
        indexed = layers._merged([hit for index in indexes for hit in index.candidates(key)])
        layers._indexes = None  # SQLite alone (which imported ids there are, too)
        queried = layers._queried_candidates(key)
        layers._indexes = indexes
        assert list(indexed) == list(queried), key
        assert [repr(c) for c in indexed.values()] == [repr(c) for c in queried.values()], key
    probe = keys + [key + "qx" for key in keys]
    asked = {k for k in probe for t in layers._tables("names")
             if layers.query(f"SELECT 1 FROM {t} WHERE key = ?", (k,))}  # fmt: skip
    assert layers.known_keys(probe) == asked


def test_the_base_index_answers_as_sqlite_does(base_gazetteer: Gazetteer) -> None:
    index = base_gazetteer._layers.name_indexes()
    assert index is not None
    keys = index[0].keys()
    assert len(keys) > 100_000
    chosen = [*random.Random(19).sample(keys, 1500), "gao", "mali", "newyork", "paris"]
    _same_answers(base_gazetteer, chosen)


@pytest.fixture
def imported_home(tmp_path: Path, base_home: Path) -> Path:
    """A home whose imported layer repeats base places (Gao) and adds new ones."""
    home = make_home(base_home, tmp_path / "home")
    rows = [
        dump_row(2457163, "Gao", 16.27167, -0.04472, admin1="09", population=86633),
        dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Konna,Gao"),
        dump_row(6906555, "Kona", 13.076, -7.71113, admin1="07", alt="Konna"),
        dump_row(9000001, "Zzyzxville", 12.5, -8.0, alt="Zzyzx Town"),
    ]
    import_files([write_dump(tmp_path / "XX.txt", rows)], home=home)
    return home


def test_imported_rows_merge_as_they_do_in_sqlite(imported_home: Path) -> None:
    with Gazetteer(imported_home, progress=False) as gaz:
        indexes = gaz._layers.name_indexes()
        assert indexes is not None and len(indexes) == 2
        keys = [*indexes[1].keys(), "gao", "konna", "mali", "diabaly"]
        _same_answers(gaz, keys)
        assert gaz.candidates("zzyzxtown")[0].place.layer == "imported"
        assert indexes[1].path.parent == imported_home
        assert indexes[1].path.name.startswith("imported-names-")


def _base_conn(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{home / BASE_DB}?mode=ro", uri=True)


@pytest.fixture
def small_home(tmp_path: Path) -> Path:
    """A home whose base file is a tiny layer (cheap to index again and again)."""
    from conflictmap.model import Place
    from conflictmap.store.gazetteer.opening import memory_layers

    layers = memory_layers(
        [Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city"),
         Place(id="t:2", name="Gao", lat=11.65, lon=-2.18, country="BF", kind="town",
               population=26453, admin1="06", admin1_name="Centre-Ouest")],
        aliases=[("Gao Town", "t:1")],
    )  # fmt: skip
    layers.conn.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', '1')")
    layers.conn.commit()
    home = tmp_path / "small"
    home.mkdir()
    layers.conn.execute("VACUUM INTO ?", (str(home / BASE_DB),))
    return home


def _layers(home: Path) -> Layers:
    return Layers(_base_conn(home), home, ["base"], indexed=True)


def _ensure(home: Path) -> NameIndex:
    return ensure_index(_base_conn(home), home / BASE_DB, schema="", columns=PLACE_COLUMNS)


def test_a_stale_index_is_replaced(small_home: Path) -> None:
    first = _ensure(small_home)
    assert [row[0] for row, _ in first.candidates("gao")] == ["t:1", "t:2"]
    conn = sqlite3.connect(small_home / BASE_DB)
    with conn:
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'built_at'")
    conn.close()
    second = _ensure(small_home)
    assert second.path != first.path
    assert sorted(p.name for p in small_home.glob("*.idx")) == [second.path.name]


@pytest.mark.parametrize("damage", ["truncate", "trie", "header", "empty"])
def test_a_damaged_index_is_rebuilt(small_home: Path, damage: str) -> None:
    path = _ensure(small_home).path
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 3]
    elif damage == "trie":
        data[HEADER.size + 40] ^= 0xFF
    elif damage == "header":
        data[:8] = b"NOTANIDX"
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    stamp = layer_stamp(_base_conn(small_home), "")
    with pytest.raises(IndexDamagedError):
        NameIndex(path, stamp)
    again = _ensure(small_home)
    assert again.path == path and [r[0] for r, _ in again.candidates("gaotown")] == ["t:1"]


def test_damage_past_the_trie_is_found_by_the_whole_check(small_home: Path) -> None:
    path = _ensure(small_home).path
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x01  # inside the strings: not read at opening
    path.write_bytes(bytes(data))
    stamp = layer_stamp(_base_conn(small_home), "")
    NameIndex(path, stamp).close()
    with pytest.raises(IndexDamagedError, match="CRC"):
        NameIndex(path, stamp, verify=True)
    layers = _layers(small_home)
    assert [problem is not None for _, problem in layers.check_name_indexes()] == [True]
    assert [problem for _, problem in layers.check_name_indexes()] == [None]


def test_a_rebuild_leaves_no_temporary_file_and_clears_old_ones(small_home: Path) -> None:
    stamp = layer_stamp(_base_conn(small_home), "")
    left = small_home / f".{index_path(small_home / BASE_DB, stamp).name}.abc.tmp"
    left.write_bytes(b"killed mid-write")
    os.utime(left, (1.0, 1.0))
    rebuild_index(_base_conn(small_home), small_home / BASE_DB, schema="", columns=PLACE_COLUMNS)
    assert [p.name for p in small_home.iterdir() if p.name.startswith(".")] == []


def test_a_home_that_cannot_hold_an_index_falls_back_to_sqlite(
    small_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only home")

    monkeypatch.setattr("conflictmap.store.nameindex.files._temporary", refuse)
    layers = _layers(small_home)
    assert list(layers.candidates("gao")) == ["t:1", "t:2"]
    assert layers.known_keys(["gao", "gaotown", "nowhere"]) == {"gao", "gaotown"}
    assert layers.name_indexes() is None


def test_the_imported_layer_file_is_where_its_index_is_named(tmp_path: Path) -> None:
    assert index_path(tmp_path / IMPORTED_DB, "ab").name == "imported-names-ab.idx"


# -- the trie's check, remembered -------------------------------------------------------


def _built(home: Path) -> tuple[Path, str]:
    """The home's base index, built; its path and stamp."""
    stamp = layer_stamp(_base_conn(home), "")
    index = ensure_index(_base_conn(home), home / BASE_DB, schema="", columns=PLACE_COLUMNS)
    index.close()
    return index.path, stamp


def _opens(path: Path, stamp: str, times: int = 2) -> None:
    for _ in range(times):
        index = NameIndex(path, stamp)
        assert [row[0] for row, _ in index.candidates("gao")] == ["t:1", "t:2"]
        index.close()


def test_a_settled_index_s_trie_is_read_once(
    small_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, stamp = _built(small_home)
    settled(monkeypatch)
    seen = crcs(monkeypatch)
    _opens(path, stamp, 3)
    assert seen == [path]
    assert sealmemo.memo_of(path) == small_home / "base-names-checked.txt"
    assert sealmemo.memo_of(path).read_text().split()[1] == path.name


def test_a_fresh_index_is_checked_at_every_opening(
    small_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, stamp = _built(small_home)  # changed less than SETTLED_S ago
    monkeypatch.setattr(sealmemo, "_USED", True)
    seen = crcs(monkeypatch)
    _opens(path, stamp)
    assert seen == [path, path]
    assert not sealmemo.memo_of(path).exists()


def test_without_use_the_trie_is_checked_at_every_opening(
    small_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, stamp = _built(small_home)
    monkeypatch.setattr(sealmemo, "SETTLED_S", 0.0)
    seen = crcs(monkeypatch)
    _opens(path, stamp)
    assert seen == [path, path]
    assert not sealmemo.memo_of(path).exists()


@pytest.mark.parametrize("set_back", [False, True])
def test_a_trie_changed_after_the_check_is_found_and_rebuilt(
    small_home: Path, monkeypatch: pytest.MonkeyPatch, set_back: bool
) -> None:
    path, stamp = _built(small_home)
    settled(monkeypatch)
    _opens(path, stamp, 1)
    assert sealmemo.memo_of(path).exists()
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[HEADER.size + 40] ^= 0xFF  # inside the trie
    next_tick()
    with path.open("r+b") as file:  # in place: the same inode
        file.write(bytes(data))
    if set_back:  # only the change time moved
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert path.stat().st_ino == before.st_ino and path.stat().st_size == before.st_size
    with pytest.raises(IndexDamagedError, match="CRC"):
        NameIndex(path, stamp)
    again = ensure_index(_base_conn(small_home), small_home / BASE_DB, schema="",
                         columns=PLACE_COLUMNS)  # fmt: skip
    assert [row[0] for row, _ in again.candidates("gaotown")] == ["t:1"]
    again.close()


def test_a_copy_over_the_index_is_checked_again(
    small_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, stamp = _built(small_home)
    settled(monkeypatch)
    _opens(path, stamp, 1)
    copy = path.with_name("copy.bin")
    shutil.copy2(path, copy)  # the same bytes and modification time, another inode
    os.replace(copy, path)
    seen = crcs(monkeypatch)
    _opens(path, stamp)
    assert seen == [path]  # checked once more, then remembered again


@pytest.mark.parametrize(
    "memo", ["", "garbage\n", "checked-1 other.idx 1 2 3 4 5 6\n", "\x00" * 300, "wrong crc"]
)
def test_a_damaged_or_foreign_memo_is_not_trusted(
    small_home: Path, monkeypatch: pytest.MonkeyPatch, memo: str
) -> None:
    path, stamp = _built(small_home)
    settled(monkeypatch)
    _opens(path, stamp, 1)
    held = sealmemo.memo_of(path)
    if memo == "wrong crc":  # the file's own times, another CRC
        words = held.read_text().split()
        memo = " ".join([*words[:-1], str(int(words[-1]) ^ 1)]) + "\n"
    held.write_text(memo)
    seen = crcs(monkeypatch)
    _opens(path, stamp)
    assert seen == [path]
    assert held.read_text() != memo  # replaced by the check's


def test_each_layer_s_index_keeps_its_own_memo(
    imported_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Gazetteer(imported_home, build=False, progress=False) as gaz:
        gaz.candidates("gao")  # both indexes built (the base's beside the base file)
        indexes = gaz._layers.name_indexes()
        assert indexes is not None
        # the base index is shared by the tests of this process: another test may have
        # left its memo, which would (rightly) spare it the check this test counts
        sealmemo.memo_of(indexes[0].path).unlink(missing_ok=True)
    settled(monkeypatch)
    seen = crcs(monkeypatch)
    for _ in range(3):
        with Gazetteer(imported_home, build=False, progress=False) as gaz:
            assert any(c.place.layer == "imported" for c in gaz.candidates("kona"))
    assert sorted(p.name.split("-names-")[0] for p in seen) == ["base", "imported"]
    imported = next(p for p in seen if p.name.startswith("imported-"))
    assert imported.parent == (imported_home / IMPORTED_DB).resolve().parent
    assert sealmemo.memo_of(imported).read_text().split()[1] == imported.name
