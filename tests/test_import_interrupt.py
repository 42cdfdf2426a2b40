"""A killed or interrupted import leaves the previous imported layer intact.

A real ``python -m conflictmap gazetteer import`` process imports a large
generated dump and is stopped at several points (SIGKILL, and Ctrl-C as SIGINT);
the layer must then be exactly the previous one, pass SQLite's integrity check,
and open for lookups. The next import cleans up what the killed one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.paths import IMPORTED_DB
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import import_files

from ._geonames import dump_row, integrity, layer_digest, make_home, synthetic_dump, write_dump

pytestmark = pytest.mark.slow

ROWS = 150_000
PREVIOUS = [dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Konna")]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_dump(tmp_path_factory.mktemp("big") / "big.txt", ROWS)


@pytest.fixture(scope="module")
def complete_digest(tmp_path_factory: pytest.TempPathFactory, base_home: Path, big: Path) -> str:
    """The layer an uninterrupted import of the same files produces."""
    home = make_home(base_home, tmp_path_factory.mktemp("complete"))
    previous = write_dump(home / "previous.txt", PREVIOUS)
    import_files([previous], home=home)
    import_files([big], home=home)
    digest = layer_digest(home)
    assert digest is not None
    return digest


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    home = make_home(base_home, tmp_path / "home")
    import_files([write_dump(tmp_path / "previous.txt", PREVIOUS)], home=home)
    return home


def _spawn(home: Path, *files: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "conflictmap", "gazetteer", "import", *map(str, files)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop_at(proc: subprocess.Popen[str], marker: str, sig: int) -> list[str]:
    """Read the progress lines until one contains ``marker``, then send ``sig``."""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line.rstrip("\n"))
        if marker in line:
            proc.send_signal(sig)
            break
    rest = proc.stderr.read()
    proc.wait(timeout=120)
    seen += rest.splitlines()
    assert any(marker in line for line in seen), seen
    return seen


def _assert_usable(home: Path) -> None:
    assert integrity(home) == "ok"
    with Gazetteer(home, progress=False) as gaz:
        kona = [c.place for c in gaz.candidates("konna") if c.place.id == "geonames:2454857"]
        assert kona and kona[0].layer == "imported"


@pytest.mark.parametrize(
    "marker",
    [
        "copying the previous imported layer",
        "big.txt 10%",
        "big.txt 50%",
        "big.txt 90%",
        "big.txt 100%",
    ],
)
def test_sigkill_leaves_the_previous_layer(home: Path, big: Path, marker: str) -> None:
    before = layer_digest(home)
    proc = _spawn(home, big)
    _stop_at(proc, marker, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert layer_digest(home) == before
    _assert_usable(home)
    # The next import removes the killed one's temporary file and works.
    import_files([write_dump(home / "more.txt", [dump_row(7, "Newtown", 1.0, 1.0)])], home=home)
    assert not list(home.glob(f".{IMPORTED_DB}.*.tmp"))
    with Gazetteer(home, progress=False) as gaz:
        assert gaz.get("geonames:7").name == "Newtown"


def test_sigkill_while_committing_gives_the_old_or_the_complete_layer(
    home: Path, big: Path, complete_digest: str
) -> None:
    before = layer_digest(home)
    proc = _spawn(home, big)
    _stop_at(proc, "committing", signal.SIGKILL)
    assert layer_digest(home) in (before, complete_digest)
    _assert_usable(home)


def test_ctrl_c_rolls_back_and_cleans_up(home: Path, big: Path) -> None:
    before = layer_digest(home)
    proc = _spawn(home, big)
    lines = _stop_at(proc, "big.txt 30%", signal.SIGINT)
    assert proc.returncode == 130, lines[-3:]
    assert lines[-1] == "conflictmap: interrupted", lines
    assert layer_digest(home) == before
    assert not list(home.glob(f".{IMPORTED_DB}.*.tmp"))
    _assert_usable(home)


def test_an_uninterrupted_import_completes(home: Path, big: Path, complete_digest: str) -> None:
    proc = _spawn(home, big)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert layer_digest(home) == complete_digest
    _assert_usable(home)
