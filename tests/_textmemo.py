"""What the tests of the home's text memos share (:mod:`conflictmap.text.memos`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def home_beside(base_home: Path, tmp_path: Path) -> Path:
    """A home whose built files are the test base's (links): no memo of other tests."""
    home = tmp_path / "home"
    home.mkdir()
    for built in base_home.iterdir():
        if built.suffix in (".sqlite", ".idx"):
            (home / built.name).symlink_to(built)
    return home


def memo_file(home: Path, prefix: str) -> Path:
    """The one memo file ``<prefix>-*.json`` of ``home`` (fails if there is none or more)."""
    (found,) = home.glob(f"{prefix}-*.json")
    return found


def counting_run(count: str) -> str:
    """A script running the CLI on its arguments, then printing ``len(seen)`` on stderr;
    ``count`` is code that sets up ``seen`` (a list) and what appends to it."""
    return (
        "import sys\n"
        f"{count}"
        "from conflictmap.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    print(len(seen), file=sys.stderr)\n"
    )


def cli_twice(home: Path, script: str, args: list[str]) -> list[tuple[str, int]]:
    """Two runs of ``script`` (see :func:`counting_run`) with ``args`` on ``home``: each
    run's stdout and its count."""
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
            env={**os.environ, "CONFLICTMAP_HOME": str(home)},
        )
        assert proc.returncode == 0, proc.stderr
        runs.append((proc.stdout, int(proc.stderr.strip().splitlines()[-1])))
    return runs
