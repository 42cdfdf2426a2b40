"""The stored transliteration index: built inside SQLite in bounded memory with the rows of
the in-memory build, and sealed, so a byte changed anywhere in it is found at open (issues
19 and 20)."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from conflictmap.resolve import variants, variantstore
from conflictmap.resolve.variants import VariantIndex
from conflictmap.text.translit import RULES, Spellings, skeleton, spelling

KEYS = {
    f"{stem}{n}" for stem in ("kupiansk", "deirezzor", "mayadin", "tombouctou") for n in range(300)
}


def _rows(path: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        sql = "SELECT skeleton, names, spelled FROM skeletons ORDER BY skeleton"
        return conn.execute(sql).fetchall()


def _memory_rows(keys: set[str]) -> list[tuple[str, str, str]]:
    buckets = VariantIndex.build(keys).buckets.items()
    return sorted((s, "\n".join(n), "\n".join(spelling(k) for k in n)) for s, n in buckets)


def test_every_flipped_bit_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "translit-0123456789abcdef.sqlite"
    variants._write(path, VariantIndex.build(KEYS), time.time())
    assert variants._Table.readable(path)
    whole = path.read_bytes()
    assert len(whole) > 4 * 4096  # row pages and interior pages
    for offset in [*range(100), *range(100, len(whole), 61)]:
        damaged = bytearray(whole)
        damaged[offset] ^= 1 << (offset % 8)
        path.write_bytes(bytes(damaged))
        assert not variants._Table.readable(path), offset
    path.write_bytes(whole)
    assert variants._Table.readable(path)


def test_a_flipped_index_is_rebuilt_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(variants, "_BY_STAMP", {})
    layer = _layer(tmp_path / "base.sqlite", KEYS)
    gaz = _Stored(tmp_path, [layer])
    first = VariantIndex.of(gaz)  # type: ignore[arg-type]
    path = next(tmp_path.glob("translit-*.sqlite"))
    whole = path.read_bytes()
    rows = _rows(path)
    at = whole.rindex(b"kupiansk17")  # a name in a row of the last pages
    path.write_bytes(whole[:at] + b"kupiansk18" + whole[at + 10 :])
    assert _rows(path) != rows  # SQLite reads the damaged rows without a complaint
    variants._BY_STAMP.clear()
    again = VariantIndex.of(gaz)  # type: ignore[arg-type]
    assert path.read_bytes() == whole
    assert again.lookup("kupyansk17") == first.lookup("kupyansk17")


def _layer(path: Path, keys: set[str], meta: str = "1") -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('built', ?)", (meta,))
        conn.execute(
            "CREATE TABLE names (key TEXT NOT NULL, rid INTEGER NOT NULL, flags INTEGER, "
            "PRIMARY KEY (key, rid)) WITHOUT ROWID"
        )
        rows = [(key, rid, 0) for rid, key in enumerate(sorted(keys)) for rid in (rid, rid + 7)]
        conn.executemany("INSERT INTO names VALUES (?, ?, ?)", rows)
        conn.commit()
    return path


class _Stored:
    """The little of a gazetteer the index asks: its home, layers, their meta and names."""

    def __init__(self, home: Path, files: list[Path]) -> None:
        self.home = home
        self.layers = ["base", "imported"][: len(files)]
        self.files = files

    def meta(self, layer: str) -> dict[str, str]:
        path = self.files[self.layers.index(layer)]
        with closing(sqlite3.connect(path)) as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())

    def name_keys(self) -> set[str]:
        raise AssertionError("the stored layers are indexed inside SQLite")


def test_the_streamed_build_has_the_rows_of_the_in_memory_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(variants, "_BY_STAMP", {})
    base_keys = {*KEYS, "", "a", "aa", "ħalab", "halab", "aleppo", "ḥalab", "zürich", "日本"}
    imported_keys = {"deirezzor5", "deirezzor5000", "zurich", "zuerich", "ħalab", "xx"}
    base = _layer(tmp_path / "base.sqlite", base_keys)
    imported = _layer(tmp_path / "imported.sqlite", imported_keys, meta="2")
    gaz = _Stored(tmp_path, [base, imported])
    index = VariantIndex.of(gaz)  # type: ignore[arg-type]
    path = next(tmp_path.glob("translit-*.sqlite"))
    assert not index.buckets and variants._Table.readable(path)
    assert _rows(path) == _memory_rows(base_keys | imported_keys)
    for probe in ("deirelzor5", "halab", "zurich", "nowhere"):
        assert index.lookup(probe) == VariantIndex.build(base_keys | imported_keys).lookup(probe)


def test_a_layer_changed_meanwhile_is_not_stored_under_the_old_stamp(tmp_path: Path) -> None:
    base = _layer(tmp_path / "base.sqlite", KEYS)
    path = tmp_path / "translit-0123456789abcdef.sqlite"
    assert not variantstore.build_stored(path, [base], "0123456789abcdef", time.time())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.sqlite"]


def test_the_stored_spellings_are_read_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(variants, "_BY_STAMP", {})
    gaz = _Stored(tmp_path, [_layer(tmp_path / "base.sqlite", KEYS)])
    index = VariantIndex.of(gaz)  # type: ignore[arg-type]
    made = index.spellings("kupyansk17")
    assert made.spelled == Spellings(index.lookup("kupyansk17")).spelled
    assert made.spelled == tuple(spelling(n) for n in made.names) and made.names
    # what the table holds is what is compared: a changed row shows in the lookup
    path = next(tmp_path.glob("translit-*.sqlite"))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE skeletons SET spelled = upper(spelled)")
        conn.commit()
    read = variants._Table(path).row(skeleton("kupyansk17"))
    assert read is not None
    assert VariantIndex({}, path=path).spellings("kupyansk17").spelled == tuple(read[1].split("\n"))
    assert not variants._Table.readable(path)  # the seal no longer holds: rebuilt at open


def _reseal_as(path: Path, application_id: int) -> None:
    """Stamp ``path`` with ``application_id`` and seal it again (as that format would)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA application_id = {application_id}")
    variantstore._seal(path)


def test_an_index_of_other_rules_or_the_first_format_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(variants, "_BY_STAMP", {})
    gaz = _Stored(tmp_path, [_layer(tmp_path / "base.sqlite", KEYS)])
    VariantIndex.of(gaz)  # type: ignore[arg-type]
    path = next(tmp_path.glob("translit-*.sqlite"))
    whole = path.read_bytes()
    assert variants._Table.readable(path)
    with closing(sqlite3.connect(path)) as conn:  # spellings made by other rules
        conn.execute("UPDATE meta SET value = ? WHERE key = 'rules'", (RULES + "x",))
        conn.commit()
    _reseal_as(path, variantstore.APPLICATION_ID)
    assert variantstore.sealed(path) and not variants._Table.readable(path)
    variants._BY_STAMP.clear()
    VariantIndex.of(gaz)  # type: ignore[arg-type]
    assert path.read_bytes() == whole
    # format 1: names only, "CMT1"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE skeletons DROP COLUMN spelled")
        conn.execute("DROP TABLE meta")
        conn.commit()
    _reseal_as(path, int.from_bytes(b"CMT1", "big"))
    assert not variantstore.sealed(path)  # another format's file: not read
    variants._BY_STAMP.clear()
    VariantIndex.of(gaz)  # type: ignore[arg-type]
    assert path.read_bytes() == whole


def test_an_import_s_index_takes_the_base_s_rows_and_is_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the base's own index beside it, an imported layer's index makes only the
    imported names' skeletons, and is byte for byte the index made from every name; a
    base index that is damaged or of other rules is not read."""
    base_keys = {*KEYS, "", "a", "ħalab", "halab", "aleppo", "zürich", "日本"}
    imported_keys = {"deirezzor5", "deirezzor5000", "zurich", "zuerich", "ħalab", "日本", "zz"}
    made: list[str] = []
    monkeypatch.setattr(variantstore, "skeleton", lambda key: made.append(key) or skeleton(key))

    def built(folder: Path, base_index: str) -> bytes:
        monkeypatch.setattr(variants, "_BY_STAMP", {})
        base = _layer(folder / "base.sqlite", base_keys)
        if base_index:
            VariantIndex.of(_Stored(folder, [base]))  # type: ignore[arg-type]
            (alone,) = folder.glob("translit-*.sqlite")
            if base_index == "flipped":
                whole = alone.read_bytes()
                alone.write_bytes(whole[:-9] + bytes([whole[-9] ^ 1]) + whole[-8:])
            if base_index == "other rules":
                with closing(sqlite3.connect(alone)) as conn:
                    conn.execute("UPDATE meta SET value = 'x' WHERE key = 'rules'")
                    conn.commit()
                _reseal_as(alone, variantstore.APPLICATION_ID)
        made.clear()
        imported = _layer(folder / "imported.sqlite", imported_keys, meta="2")
        VariantIndex.of(_Stored(folder, [base, imported]))  # type: ignore[arg-type]
        (path,) = folder.glob("translit-*.sqlite")  # the base's own removed as before
        assert _rows(path) == _memory_rows(base_keys | imported_keys)
        return path.read_bytes()

    (tmp_path / "all").mkdir()
    whole = built(tmp_path / "all", "")
    assert sorted(made) == sorted([*base_keys, *imported_keys])  # each layer's keys
    (tmp_path / "reused").mkdir()
    assert built(tmp_path / "reused", "whole") == whole
    assert sorted(made) == sorted(imported_keys)
    for damage in ("flipped", "other rules"):
        (tmp_path / damage).mkdir()
        assert built(tmp_path / damage, damage) == whole
        assert sorted(made) == sorted([*base_keys, *imported_keys])
