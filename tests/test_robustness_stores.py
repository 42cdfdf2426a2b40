"""Stored data: the base is only ever read; damaged files get a clear answer (issue 9).

* The base gazetteer is opened read-only: every SQLite connection to it (seen
  through Python's audit hooks) asks for ``mode=ro``, and a run against a base
  whose file and folder modes forbid writing works and leaves its bytes alone.
* A damaged base, imported layer or corrections file gives one clear line (or a
  rebuild, for the base), never a traceback or an "internal error"; a damaged
  corrections file is kept aside under a new name, byte for byte, and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from .test_robustness_inputs import as_user  # noqa: F401 - a fixture

ARTICLE = "Fighting resumed in Ségou and Ménaka, north-east of Bamako, on Monday."

AUDIT = r"""
import json, os, sys
events = []
def hook(event, args):
    if event == "sqlite3.connect":
        events.append(["connect", str(args[0])])
    elif event == "open" and isinstance(args[0], str) and "base.sqlite" in args[0]:
        mode, flags = str(args[1] or ""), args[2] or 0
        if any(c in mode for c in "wa+x") or flags & (os.O_WRONLY | os.O_RDWR):
            events.append(["open-for-writing", args[0]])
sys.addaudithook(hook)
from conflictmap.cli import main
try:
    main(sys.argv[1:])
finally:
    with open(os.environ["AUDIT_LOG"], "w") as log:
        json.dump(events, log)
"""


def run(
    args: list[str],
    home: Path,
    *,
    preexec: Callable[[], None] | None = None,
    audit: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)
    command = [sys.executable, "-m", "conflictmap", *args]
    if audit is not None:
        env["AUDIT_LOG"] = str(audit)
        command = [sys.executable, "-c", AUDIT, *args]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, preexec_fn=preexec
    )


def one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not line.startswith("building gazetteer")
    ]
    assert len(lines) == 1, proc.stderr
    assert "internal error" not in lines[0], lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def places_of(proc: subprocess.CompletedProcess[str]) -> set[str]:
    assert proc.returncode == 0, proc.stderr
    return {p["name"] for p in json.loads(proc.stdout)["places"].values()}


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    """A private home with its own copy of the session's base (so it may be damaged)."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copyfile(base_home / "base.sqlite", folder / "base.sqlite")
    return folder


@pytest.fixture
def indexed_home(home: Path, base_home: Path) -> Path:
    """:func:`home` with the base's derived indexes (the name and transliteration indexes,
    hard links: never written in place), for the tests of other files than the base: its
    first run need not build them again (seconds of CPU)."""
    for pattern in ("base-names-*.idx", "translit-*.sqlite"):
        for path in base_home.glob(pattern):
            os.link(path, home / path.name)
    return home


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# -- the base is read-only -------------------------------------------------------------------


def test_base_is_only_opened_read_only(home: Path, article: Path, tmp_path: Path) -> None:
    before = sha256(home / "base.sqlite")
    log = tmp_path / "audit.json"
    proc = run(["extract", str(article)], home, audit=log)
    assert {"Ségou", "Ménaka", "Bamako"} <= places_of(proc)
    events = json.loads(log.read_text())
    base_connects = [e for e in events if e[0] == "connect" and "base.sqlite" in e[1]]
    assert base_connects, events  # the hook saw the base being opened
    assert all("mode=ro" in e[1] for e in base_connects), base_connects
    assert not [e for e in events if e[0] == "open-for-writing"], events
    assert sha256(home / "base.sqlite") == before


def test_extract_works_on_an_unwritable_base(
    home: Path,
    article: Path,
    as_user: Callable[[], None] | None,  # noqa: F811
) -> None:
    base = home / "base.sqlite"
    before = sha256(base)
    mtime = base.stat().st_mtime_ns
    base.chmod(0o444)
    home.chmod(0o555)  # no journal, lock or temporary file could be created either
    try:
        proc = run(["extract", str(article)], home, preexec=as_user)
        assert {"Ségou", "Ménaka", "Bamako"} <= places_of(proc)
    finally:
        home.chmod(0o755)
        base.chmod(0o644)
    assert sha256(base) == before and base.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in home.iterdir()) == ["base.sqlite"]


# -- damaged files -------------------------------------------------------------------------


def truncate_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def garbage_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"\xde\xad\xbe\xef" * 25)


def garbage_pages(path: Path) -> None:
    rng = random.Random(11)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096 * 2, size, 4096 * 5):
            handle.seek(offset)
            handle.write(rng.randbytes(4096))


DAMAGE = {"truncated": truncate_half, "header": garbage_header, "pages": garbage_pages}


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["header", "pages"])  # a rebuild takes ~30 s: two kinds
def test_damaged_base_is_rebuilt_or_reported(
    damage: str, home: Path, article: Path, tmp_path: Path
) -> None:
    DAMAGE[damage](home / "base.sqlite")
    proc = run(["extract", str(article)], home)
    if proc.returncode == 0:  # rebuilt from the installed data
        assert {"Ségou", "Ménaka", "Bamako"} <= places_of(proc)
        with closing(sqlite3.connect(f"file:{home / 'base.sqlite'}?mode=ro", uri=True)) as db:
            assert db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    else:
        line = one_line_error(proc, "base.sqlite")
        assert "damaged" in line or "corrupt" in line
        assert "build" in line  # says how to repair it


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_imported_layer_is_reported_and_kept(
    damage: str, home: Path, article: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "ML.txt"
    rows = [
        "\t".join([str(97_000_000 + i), f"Zzdamage{i}", f"Zzdamage{i}", "", "14.5", "-4.2", "P",
                   "PPL", "ML", "", "04", "", "", "", "0", "", "", "Africa/Bamako", "2024-01-01"])
        for i in range(20_000)
    ]  # fmt: skip
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = run(["gazetteer", "import", "-q", str(dump)], home)
    assert done.returncode == 0, done.stderr
    imported = home / "imported.sqlite"
    DAMAGE[damage](imported)
    damaged = sha256(imported)
    text = tmp_path / "zz.txt"
    text.write_text("Rebels reached Zzdamage5 and Zzdamage19999 near Bamako.", encoding="utf-8")
    proc = run(["extract", str(text)], home)
    if proc.returncode != 0:
        one_line_error(proc, "imported.sqlite")
    # Reading never rewrites the file: it stays as it was for the user to look at.
    assert sha256(imported) == damaged


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_corrections_are_kept_aside_and_reported(
    damage: str, indexed_home: Path, article: Path, tmp_path: Path
) -> None:
    home = indexed_home
    for name in ("Zzone", "Zztwo", "Zzthree"):
        assert run(["gazetteer", "reject", name], home).returncode == 0
    bundle = {
        "format": "conflictmap-corrections",
        "version": 1,
        "reject": [{"name": f"Zzmany{i}"} for i in range(3000)],
    }
    (tmp_path / "bundle.json").write_text(json.dumps(bundle))
    assert (
        run(["gazetteer", "import-corrections", str(tmp_path / "bundle.json")], home).returncode
        == 0
    )
    store = home / "corrections.sqlite"
    DAMAGE[damage](store)
    damaged = store.read_bytes()

    line = one_line_error(run(["extract", str(article)], home), "corrections.sqlite")
    assert "corrupt" in line or "damaged" in line
    aside = [p for p in home.iterdir() if p.name.startswith("corrections.sqlite.corrupt")]
    assert len(aside) == 1, sorted(p.name for p in home.iterdir())
    assert aside[0].name in line
    assert aside[0].read_bytes() == damaged  # kept byte for byte, never overwritten
    # The next run starts a new store and works; the damaged one stays where it was put.
    assert {"Ségou", "Ménaka", "Bamako"} <= places_of(run(["extract", str(article)], home))
    assert run(["gazetteer", "reject", "Zzafter"], home).returncode == 0
    assert aside[0].read_bytes() == damaged
