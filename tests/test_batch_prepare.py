"""A multi-worker run builds the derived indexes in its parent, never in a worker.

A worker ignores Ctrl-C (the parent stops it), so an index built in a worker held an
interrupted run for as long as the build took, and each worker built the same index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.batch import Record, geoparse_records


def _bare_home(base_home: Path, folder: Path) -> Path:
    """A home holding only the built base: no name index, no transliteration index."""
    home = folder / "home"
    home.mkdir()
    os.link(base_home / "base.sqlite", home / "base.sqlite")
    return home


def _prepare(home: Path) -> None:
    """The parent's preparation, in a process of its own (this one already holds the
    test base's transliteration index in memory, under the same stamp)."""
    code = (
        "import sys; from conflictmap.batch import pool; pool._prepare(sys.argv[1], progress=False)"
    )
    subprocess.run([sys.executable, "-c", code, str(home)], check=True, timeout=600)


def _files(home: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in home.iterdir()}


@pytest.fixture(scope="module")
def prepared(base_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare home the parent's preparation ran in, once for the module: it builds both
    derived indexes from the base (seconds of CPU), the same for every test here."""
    home = _bare_home(base_home, tmp_path_factory.mktemp("prepared"))
    _prepare(home)
    return home


def test_prepare_builds_both_derived_indexes(prepared: Path) -> None:
    names = set(_files(prepared))
    assert any(n.startswith("base-names-") and n.endswith(".idx") for n in names), names
    assert any(n.startswith("translit-") and n.endswith(".sqlite") for n in names), names


def test_workers_write_nothing_in_the_home(prepared: Path, tmp_path: Path) -> None:
    """Once the parent has prepared the home, the pool's workers only open it: had one
    derived index been left out of the preparation, a worker would build it here."""
    home = tmp_path / "home"
    shutil.copytree(prepared, home, copy_function=os.link)  # a home of its own, as prepared
    before = _files(home)
    texts = ["Shelling hit Kharkiv and Izium.", "Fighting near Maarat al-Numaan in Idlib."]
    records = [Record(line=i + 1, id=str(i), text=t) for i, t in enumerate(texts)]
    lines = list(geoparse_records(iter(records), home=home, workers=2, progress=False))
    assert [ok for _, ok in lines] == [True, True]
    assert _files(home) == before
