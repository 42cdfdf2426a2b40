"""The transliteration index's whole-file check is remembered until the file changes
(issue 19, start-up): a settled, unchanged file is not read again, and a file changed in
any way is checked again, so a flipped bit is still found. Only a process that asked for
the memo (the CLI's ``extract`` and ``map``) keeps one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conflictmap.resolve import variants, variantstore
from conflictmap.resolve.variants import VariantIndex
from conflictmap.store import sealmemo

from ._sealmemo import COUNTING_RUN, crcs, memo_events, next_tick, settled
from .conftest import ROOT

KEYS = {f"{stem}{n}" for stem in ("kupiansk", "mayadin", "tombouctou") for n in range(200)}


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "translit-0123456789abcdef.sqlite"
    variants._write(path, VariantIndex.build(KEYS), time.time())
    return path


def test_a_settled_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and variantstore.sealed(path)
    assert read == [path]
    assert sealmemo.memo_of(path).read_text().split()[1] == path.name


def test_a_fresh_file_is_read_at_every_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _index(tmp_path)  # changed less than SETTLED_S ago
    monkeypatch.setattr(sealmemo, "_USED", True)
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and variantstore.sealed(path)
    assert read == [path, path]
    assert not sealmemo.memo_of(path).exists()


def test_a_bit_flipped_after_the_check_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    assert variantstore.sealed(path)
    whole = path.read_bytes()
    for offset in (200, len(whole) // 2, len(whole) - 3):
        next_tick()
        damaged = bytearray(whole)
        damaged[offset] ^= 4
        path.write_bytes(bytes(damaged))
        assert not variantstore.sealed(path), offset
    next_tick()
    path.write_bytes(whole)
    assert variantstore.sealed(path)


def test_times_set_back_do_not_hide_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    assert variantstore.sealed(path)
    before = path.stat()
    whole = bytearray(path.read_bytes())
    whole[len(whole) // 2] ^= 1
    next_tick()
    path.write_bytes(bytes(whole))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime moved
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert not variantstore.sealed(path)


@pytest.mark.parametrize(
    "memo",
    ["", "garbage\n", "checked-1 other.sqlite 1 2 3 4 5 6\n", "\x00" * 300],
)
def test_a_damaged_or_foreign_memo_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo: str
) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    sealmemo.memo_of(path).write_text(memo)
    read = crcs(monkeypatch)
    assert variantstore.sealed(path)
    assert read == [path]
    assert sealmemo.memo_of(path).read_text() != memo  # replaced by the check's
    assert variantstore.sealed(path) and read == [path]


def test_a_memo_of_the_file_s_times_with_another_crc_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    assert variantstore.sealed(path)
    memo = sealmemo.memo_of(path)
    words = memo.read_text().split()
    memo.write_text(" ".join([*words[:-1], str(int(words[-1]) ^ 1)]) + "\n")
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and read == [path]


def test_an_unwritable_folder_keeps_no_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _index(tmp_path)
    settled(monkeypatch)
    sealmemo.memo_of(path).mkdir()  # the memo's name taken by a folder
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and variantstore.sealed(path)
    assert read == [path, path]


def test_without_use_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _index(tmp_path)
    monkeypatch.setattr(sealmemo, "SETTLED_S", 0.0)
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and variantstore.sealed(path)
    assert read == [path, path]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_jsonl_worker_consults_the_memo_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictmap.batch import pool

    path = _index(tmp_path)
    settled(monkeypatch)  # as forked from the CLI's parent process
    monkeypatch.setattr(pool.signal, "signal", lambda *args: None)  # not this process's
    monkeypatch.setattr(pool._Worker, "gazetteer", lambda self: None)
    monkeypatch.setattr(pool, "_worker", [])
    pool._init_worker(None, None, True, 0.0, threading.Event())  # type: ignore[arg-type]
    read = crcs(monkeypatch)
    assert variantstore.sealed(path) and variantstore.sealed(path)
    assert read == [path, path] and not sealmemo.memo_of(path).exists()  # none written
    monkeypatch.setattr(sealmemo, "_KEEPS", True)  # the parent remembers the check
    assert variantstore.sealed(path) and sealmemo.memo_of(path).exists()
    monkeypatch.setattr(sealmemo, "_KEEPS", False)
    read.clear()
    assert variantstore.sealed(path) and read == []  # the worker trusts it


def _linked_home(base_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for built in base_home.iterdir():  # the built files (links), not other tests' memos
        if built.suffix in (".sqlite", ".idx"):
            try:
                os.link(built, home / built.name)
            except OSError:
                shutil.copy2(built, home / built.name)
    return home


def _cli(home: Path, log: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", COUNTING_RUN, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_HOME": str(home), "CM_MEMO_LOG": str(log)},
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def _feed(folder: Path) -> str:
    path = folder / "feed.jsonl"
    text = Path(write_article(folder)).read_text(encoding="utf-8")
    path.write_text(
        "".join(json.dumps({"id": f"a{n}", "text": text}) + "\n" for n in range(4)),
        encoding="utf-8",
    )
    return str(path)


CHECKED = {"crc translit": 1, "crc base-names": 1, "write translit": 1, "write base-names": 1}
TRUSTED = {"trusted translit": 1, "trusted base-names": 1}


def test_the_cli_s_later_runs_read_the_indexes_no_more(base_home: Path, tmp_path: Path) -> None:
    home, log = _linked_home(base_home, tmp_path), tmp_path / "memo.log"
    article, feed = write_article(tmp_path), _feed(tmp_path)
    _cli(home, log, "extract", "--jsonl", feed, "--workers", "1")
    assert memo_events(log) == (CHECKED, {})  # checked whole and trie, remembered
    proc = _cli(home, log, "extract", article)
    assert memo_events(log) == (TRUSTED, {})
    placed = {m["text"] for m in json.loads(proc.stdout)["mentions"] if m["place"]}
    assert "Kidall" in placed  # placed through its transliteration
    _cli(home, log, "map", article, "-o", str(tmp_path / "map.html"))
    assert memo_events(log) == (TRUSTED, {})
    for kind in ("translit", "base-names"):
        held = (home / f"{kind}-checked.txt").read_text()
        assert held.split()[1].startswith(f"{kind}-")


def test_jsonl_workers_trust_the_parent_s_checks_and_write_nothing(
    base_home: Path, tmp_path: Path
) -> None:
    home, log = _linked_home(base_home, tmp_path), tmp_path / "memo.log"
    _cli(home, log, "extract", "--jsonl", _feed(tmp_path), "--workers", "2")
    parent, workers = memo_events(log)
    assert parent == CHECKED  # the parent's preparation checked and remembered both
    assert workers["trusted base-names"] >= 1
    assert not [event for event in workers if not event.startswith("trusted ")]


def write_article(folder: Path) -> str:
    """An article with a name found only through its transliteration (Kidal's variant)."""
    path = folder / "article.txt"
    path.write_text(
        "Fighting was reported near Tombouctou and in Kidall, in northern Mali, on Monday.\n",
        encoding="utf-8",
    )
    return str(path)
