"""The name index is built streaming (issue 19): the file of the in-memory builder it
replaced, byte for byte, and a layer of more names than one trie holds is split into
tries whose answers are the same; an imported layer's index says which places it holds
(the ``ids`` section) as SQLite does."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.store.gazetteer.base import PLACE_COLUMNS
from conflictmap.store.geonames_import import import_files
from conflictmap.store.nameindex import IndexDamagedError, NameIndex, layer_stamp
from conflictmap.store.nameindex import build as nameindex_build
from conflictmap.store.nameindex.build import write_index
from conflictmap.store.nameindex.layout import HEADER, IDS, SHARDED, VERSION
from conflictmap.tuning.imports import ImportTuning

from . import _nameindex_reference
from ._geonames import make_home, synthetic_dump


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory: pytest.TempPathFactory, base_home: Path) -> Path:
    folder = tmp_path_factory.mktemp("stream")
    home = make_home(base_home, folder / "home")
    import_files([synthetic_dump(folder / "XX.txt", 3000)], home=home)
    return home


def _conn(home: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{home / BASE_DB}?mode=ro", uri=True)
    conn.execute("ATTACH ? AS imp", (f"file:{home / IMPORTED_DB}?mode=ro",))
    return conn


def _build(home: Path, out: Path, *, reference: bool = False) -> Path:
    conn = _conn(home)
    write = _nameindex_reference.write_index if reference else write_index
    with out.open("w+b") as file:
        write(conn, file, stamp=layer_stamp(conn, "imp."), schema="imp.", columns=PLACE_COLUMNS)
    conn.close()
    return out


def test_the_streamed_file_is_the_in_memory_builders(imported_home: Path, tmp_path: Path) -> None:
    streamed = _build(imported_home, tmp_path / "streamed.idx")
    reference = _build(imported_home, tmp_path / "reference.idx", reference=True)
    assert streamed.read_bytes() == reference.read_bytes()
    assert HEADER.unpack_from(streamed.read_bytes())[1] == VERSION | IDS


@pytest.mark.slow
def test_the_base_index_is_the_in_memory_builders(base_home: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(f"file:{base_home / BASE_DB}?mode=ro", uri=True)
    files = []
    for name, write in (("s", write_index), ("r", _nameindex_reference.write_index)):
        with (tmp_path / name).open("w+b") as out:
            write(conn, out, stamp=layer_stamp(conn, ""), schema="", columns=PLACE_COLUMNS)
        files.append((tmp_path / name).read_bytes())
    assert files[0] == files[1]


@pytest.mark.parametrize("shard_keys", [1, 7, 500])
def test_a_sharded_index_answers_as_one_trie(
    imported_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shard_keys: int
) -> None:
    whole = NameIndex(_build(imported_home, tmp_path / "one.idx"), _stamp(imported_home))
    monkeypatch.setattr(nameindex_build, "IMPORT", ImportTuning(name_index_shard_keys=shard_keys))
    path = _build(imported_home, tmp_path / "sharded.idx")
    header = HEADER.unpack_from(path.read_bytes())
    assert header[1] == SHARDED | IDS and header[4] == -(-len(whole) // shard_keys)
    sharded = NameIndex(path, _stamp(imported_home), verify=True)
    keys = whole.keys()
    assert sorted(sharded.keys()) == sorted(keys) and len(sharded) == len(whole)
    for key in [*keys, "", "a", "zzzzzz", "\uffff", keys[0] + "x"]:
        assert sharded.candidates(key) == whole.candidates(key), key
        assert sharded.contains(key) == whole.contains(key) == (key in sharded), key


def _stamp(home: Path) -> str:
    conn = _conn(home)
    try:
        return layer_stamp(conn, "imp.")
    finally:
        conn.close()


def test_a_damaged_shard_table_is_refused(
    imported_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nameindex_build, "IMPORT", ImportTuning(name_index_shard_keys=100))
    path = _build(imported_home, tmp_path / "sharded.idx")
    data = bytearray(path.read_bytes())
    data[HEADER.size + 8] ^= 0x40  # the first trie's offset, in the shard table
    path.write_bytes(bytes(data))
    with pytest.raises(IndexDamagedError):
        NameIndex(path, _stamp(imported_home))


def _rows_in_sqlite(conn: sqlite3.Connection, pids: list[str]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for start in range(0, len(pids), 500):
        chunk = pids[start : start + 500]
        sql = f"SELECT {PLACE_COLUMNS} FROM imp.places p WHERE p.pid IN ({','.join('?' * len(chunk))})"
        out += conn.execute(sql, chunk).fetchall()
    return out


@pytest.mark.parametrize("shard_keys", [100, 1 << 21])
def test_the_ids_section_says_which_places_the_layer_holds(
    imported_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shard_keys: int
) -> None:
    monkeypatch.setattr(nameindex_build, "IMPORT", ImportTuning(name_index_shard_keys=shard_keys))
    index = NameIndex(_build(imported_home, tmp_path / "i.idx"), _stamp(imported_home), verify=True)
    conn = _conn(imported_home)
    held = [r[0] for r in conn.execute("SELECT pid FROM imp.places ORDER BY random()")]
    base = [r[0] for r in conn.execute("SELECT pid FROM places ORDER BY rid LIMIT 3000")]
    near = [f"geonames:{int(pid[9:]) + step}" for pid in held[:300] for step in (-1, 1)]
    odd = ["geonames:0" + held[0][9:], "geonames:+" + held[1][9:], f"geonames: {held[2][9:]}",
           "", "geonames:", "geonames:-1", "user:1", "geonames:" + "9" * 5000]  # fmt: skip
    pids = list(dict.fromkeys([*held, *base, *near, *odd]))
    rows, unknown = index.rows_of(pids)
    expected = _rows_in_sqlite(conn, pids)
    assert unknown == [] and len(rows) == len(expected) >= len(held)
    assert {row[0]: row for row in rows} == {row[0]: row for row in expected}
    conn.close()


def test_a_layer_of_other_ids_has_no_ids_section(imported_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / BASE_DB).symlink_to(imported_home / BASE_DB)
    shutil.copy(imported_home / IMPORTED_DB, home / IMPORTED_DB)
    with sqlite3.connect(home / IMPORTED_DB) as conn:
        conn.execute("UPDATE places SET pid = 'user:1' WHERE rid = (SELECT max(rid) FROM places)")
    conn.close()
    path = _build(home, tmp_path / "i.idx")
    assert HEADER.unpack_from(path.read_bytes())[1] == VERSION
    index = NameIndex(path, _stamp(home), verify=True)
    assert index.rows_of(["geonames:1", "user:1"]) == ([], ["geonames:1", "user:1"])
