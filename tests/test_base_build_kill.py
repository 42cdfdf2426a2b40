"""A base build killed mid-way (SIGKILL: no cleanup runs) leaves its temporary file
``.base.sqlite.<pid>.tmp``; the next run that opens or builds the home removes it once
that process is gone, and never touches a live build's file (issue 20)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conflictmap.errors import GazetteerNotBuiltError
from conflictmap.paths import BASE_DB
from conflictmap.store.build import build_base, remove_killed_builds
from conflictmap.store.gazetteer import Gazetteer

_BUILD = "import sys; from pathlib import Path; from conflictmap.store.build import build_base; "
_BUILD += "build_base(Path(sys.argv[1]))"


def _dead_pid() -> int:
    """The id of a process that has ended (reaped, so nothing runs under it now)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temp(home: Path, pid: int) -> Path:
    return home / f".{BASE_DB}.{pid}.tmp"


def test_sigkilled_build_leaves_temp_the_next_run_removes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    build = subprocess.Popen([sys.executable, "-c", _BUILD, str(home)], env=env)
    temp = _temp(home, build.pid)
    deadline = time.monotonic() + 300  # the build's imports, under load
    try:
        while not (temp.exists() and temp.stat().st_size > 0):
            assert build.poll() is None, "the build ended before it was killed"
            assert time.monotonic() < deadline, "the build wrote no temporary file"
            time.sleep(0.02)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert temp.exists()  # SIGKILL: nothing of the build's own cleanup ran
    assert not (home / BASE_DB).exists()
    with pytest.raises(GazetteerNotBuiltError):
        Gazetteer(home, progress=False, build=False)
    assert not temp.exists()


def test_opening_a_built_home_removes_dead_builds_temps_only(
    base_home: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for name in (BASE_DB, *(p.name for p in base_home.glob("base-names-*.idx"))):
        os.link(base_home / name, home / name)
    dead = _temp(home, _dead_pid())
    journal = dead.with_name(dead.name + "-journal")
    live = _temp(home, os.getppid())  # the process that started this test runs
    other = home / ".base.sqlite.notes.tmp"  # no process id: not ours to judge
    for path in (dead, journal, live, other):
        path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with Gazetteer(home, progress=False, build=False) as gazetteer:
        assert gazetteer.candidates("gao")
    assert not dead.exists() and not journal.exists()
    assert live.exists() and other.exists()


def test_a_build_removes_dead_builds_temps_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    dead = _temp(home, _dead_pid())
    dead.write_bytes(bytes(4096))
    with pytest.raises(FileNotFoundError):  # no tables in an empty root: the build fails
        build_base(home, root=tmp_path / "empty")
    assert not dead.exists()
    assert sorted(p.name for p in home.iterdir()) == []


def test_a_missing_home_is_left_alone(tmp_path: Path) -> None:
    remove_killed_builds(tmp_path / "missing")  # no error
    assert not (tmp_path / "missing").exists()
