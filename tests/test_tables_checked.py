"""The bundled tables' hash, remembered in the home while they are unchanged (issue 19,
start-up): a start whose base stamp differs (the tables checked out again, same
contents) hashes them once, not at every start; a table changed in any way is hashed
again. Only a process that asked for the memo (the CLI) keeps one."""

from __future__ import annotations

import io
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from conflictmap.store import build, stamps
from conflictmap.store.schema import BASE_SCHEMA_VERSION

from .conftest import cli_exit_code


def _tables(root: Path) -> Path:
    for folder, name, text in (("curated", "a.tsv", "x\ty\n"), ("derived", "b.json", "[1]")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")
    return root


def _hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The roots whose tables are hashed from now on."""
    seen: list[Path] = []
    real = stamps.data_fingerprint

    def counted(root: Path | None = None) -> str:
        seen.append(Path(root) if root else Path())
        return real(root)

    monkeypatch.setattr(stamps, "data_fingerprint", counted)
    return seen


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo used, and tables settled at once (the tests change them a tick later)."""
    monkeypatch.setattr(stamps, "_USED", True)
    monkeypatch.setattr(stamps, "SETTLED_S", 0.0)


def _next_tick() -> None:
    time.sleep(0.05)  # beyond one tick of the file times' clock (1-10 ms)


@pytest.mark.usefixtures("used")
def test_unchanged_tables_are_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tables(tmp_path / "data")
    expected = stamps.data_fingerprint(root)
    seen = _hashes(monkeypatch)
    assert stamps.checked_fingerprint(tmp_path, root) == expected
    assert stamps.checked_fingerprint(tmp_path, root) == expected
    assert seen == [root]


@pytest.mark.usefixtures("used")
def test_a_table_changed_after_the_hash_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tables(tmp_path / "data")
    first = stamps.checked_fingerprint(tmp_path, root)
    table = root / "curated" / "a.tsv"
    before, stamp = table.stat(), stamps.data_stamp(root)
    _next_tick()
    table.write_text("x\tz\n", encoding="utf-8")  # the same size
    os.utime(table, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime moved
    assert stamps.data_stamp(root) == stamp  # the base's stamp cannot see it
    seen = _hashes(monkeypatch)
    changed = stamps.checked_fingerprint(tmp_path, root)
    assert seen == [root] and changed == stamps.data_fingerprint(root) != first


@pytest.mark.usefixtures("used")
def test_a_table_renamed_or_added_is_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tables(tmp_path / "data")
    stamps.checked_fingerprint(tmp_path, root)
    seen = _hashes(monkeypatch)
    (root / "derived" / "b.json").rename(root / "derived" / "c.json")
    renamed = stamps.checked_fingerprint(tmp_path, root)
    (root / "derived" / "d.json").write_text("[]", encoding="utf-8")
    added = stamps.checked_fingerprint(tmp_path, root)
    assert seen == [root, root] and len({renamed, added}) == 2


def test_fresh_tables_are_not_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamps, "_USED", True)
    root = _tables(tmp_path / "data")  # changed less than SETTLED_S ago
    seen = _hashes(monkeypatch)
    assert stamps.checked_fingerprint(tmp_path, root) == stamps.checked_fingerprint(tmp_path, root)
    assert len(seen) == 2 and not (tmp_path / stamps.MEMO).exists()


def test_without_use_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamps, "SETTLED_S", 0.0)
    root = _tables(tmp_path / "data")
    seen = _hashes(monkeypatch)
    stamps.checked_fingerprint(tmp_path, root)
    stamps.checked_fingerprint(tmp_path, root)
    assert len(seen) == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.usefixtures("used")
@pytest.mark.parametrize(
    "memo",
    [
        "",
        "garbage",
        "\x00" * 100,
        b"\xff\xfe".decode("latin-1"),
        "tables-checked-1\tdeadbeef\t0123456789abcdef",
    ],
)
def test_a_damaged_or_foreign_memo_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo: str
) -> None:
    root = _tables(tmp_path / "data")
    (tmp_path / stamps.MEMO).write_text(memo, encoding="latin-1")
    seen = _hashes(monkeypatch)
    assert stamps.checked_fingerprint(tmp_path, root) == stamps.data_fingerprint(root)
    assert stamps.checked_fingerprint(tmp_path, root) == stamps.data_fingerprint(root)
    assert seen[0] == root and len(seen) == 3  # the memo replaced after the first hash


@pytest.mark.usefixtures("used")
def test_a_memo_of_these_tables_with_another_hash_is_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo is the home's own file: a well-formed one is believed (as the base's meta
    is), so a base whose hash differs from it is rebuilt, never used against it."""
    root = _tables(tmp_path / "data")
    stamps.checked_fingerprint(tmp_path, root)
    memo = tmp_path / stamps.MEMO
    fields = memo.read_text(encoding="utf-8").split("\t")
    memo.write_text("\t".join([*fields[:2], "f" * 16]), encoding="utf-8")
    assert stamps.checked_fingerprint(tmp_path, root) == "f" * 16


@pytest.mark.usefixtures("used")
def test_a_worker_reads_the_memo_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tables(tmp_path / "data")
    monkeypatch.setattr(stamps, "_KEEPS", False)  # as stamps.keep_none() in a --jsonl worker
    seen = _hashes(monkeypatch)
    expected = stamps.checked_fingerprint(tmp_path, root)
    assert seen == [root] and not (tmp_path / stamps.MEMO).exists()
    monkeypatch.setattr(stamps, "_KEEPS", True)
    stamps.checked_fingerprint(tmp_path, root)  # the parent remembers it
    monkeypatch.setattr(stamps, "_KEEPS", False)
    assert stamps.checked_fingerprint(tmp_path, root) == expected and len(seen) == 2


def test_json_lines_consult_the_memo(base_home: Path, tmp_path: Path) -> None:
    """``extract --jsonl`` reads the tables' hash from the memo, as one ARTICLE does."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Fighting near Gao."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["--home", str(base_home), "extract", "--jsonl", str(feed), "--workers", "1"]
    with out.open("wb") as sink, pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", io.TextIOWrapper(sink, encoding="utf-8"))
        assert not stamps._USED
        assert cli_exit_code(argv) == 0
        assert stamps._USED


@pytest.mark.usefixtures("used")
def test_an_unwritable_home_keeps_no_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tables(tmp_path / "data")
    (tmp_path / stamps.MEMO).mkdir()  # the memo's name taken by a folder
    seen = _hashes(monkeypatch)
    stamps.checked_fingerprint(tmp_path, root)
    stamps.checked_fingerprint(tmp_path, root)
    assert len(seen) == 2


@pytest.mark.usefixtures("used")
def test_a_base_with_another_stamp_is_checked_by_the_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled tables (checked out long ago: settled) with a base whose stamp is
    another's: the first check hashes them, the next reads the memo; a base built from
    other tables is still rebuilt."""
    base = tmp_path / "base.sqlite"
    meta = {
        "schema_version": str(BASE_SCHEMA_VERSION),
        "complete": "1",
        "data_stamp": "0000000000000000",
        "data_fingerprint": stamps.data_fingerprint(),
    }
    with closing(sqlite3.connect(base)) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.commit()
    seen = _hashes(monkeypatch)
    assert not build.needs_rebuild(base) and not build.needs_rebuild(base)
    assert len(seen) == 1
    with closing(sqlite3.connect(base)) as conn:
        conn.execute("UPDATE meta SET value = 'ffffffffffffffff' WHERE key = 'data_fingerprint'")
        conn.commit()
    assert build.needs_rebuild(base) and len(seen) == 1
