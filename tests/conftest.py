"""Shared fixtures: a tiny real gazetteer, the built base (once per run), ../shared."""

from __future__ import annotations

import csv
import fcntl
import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictmap.model import Place
from conflictmap.store.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
MALI = SHARED / "data" / "articles" / "mali-2013-01-14.txt"
MALI_GOLD = SHARED / "data" / "articles" / "mali-2013-01-14.gold.json"
GEONAMES = SHARED / "data" / "geonames"

needs_shared = pytest.mark.skipif(
    not MALI.exists(), reason=f"../shared is absent ({SHARED}); the article tier needs it"
)


@pytest.fixture(autouse=True)
def _memos_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test as a library caller: the home memos off until ``use()``.

    The CLI's ``extract`` and ``map`` switch them on for the rest of the process, so an
    in-process CLI test would otherwise leave them on for the tests that follow it on the
    same xdist worker.
    """
    from conflictmap.store import sealmemo, stamps

    monkeypatch.setattr(sealmemo, "_USED", False)
    monkeypatch.setattr(sealmemo, "_KEEPS", True)
    monkeypatch.setattr(stamps, "_USED", False)
    monkeypatch.setattr(stamps, "_KEEPS", True)


def cli_exit_code(argv: list[str]) -> int:
    """Run the ``conflictmap`` CLI in-process; its exit status (0 when it returns)."""
    from conflictmap.cli import main

    try:
        main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def tiny_places() -> tuple[list[Place], list[tuple[str, str]]]:
    places, aliases = [], []
    with (FIXTURES / "tiny_places.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            places.append(
                Place(
                    id=row["id"],
                    name=row["name"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    country=row["country"],
                    kind=row["kind"],
                    feature=row["feature"],
                    admin1=row["admin1"] or None,
                    population=int(row["population"] or 0),
                )
            )
            aliases += [
                (alias, row["id"]) for alias in (row.get("aliases") or "").split("|") if alias
            ]
    return places, aliases


@pytest.fixture
def tiny_gazetteer() -> Gazetteer:
    places, aliases = tiny_places()
    return Gazetteer.from_places(
        places,
        aliases=aliases,
        demonyms=[("Malian", "geonames:2453866"), ("Mauritanian", "geonames:2378080")],
    )


def _build_locked(home: Path, lock_path: Path) -> Path:
    """Build the base in ``home`` unless it is there, one process at a time.

    The transliteration index the home caches on first use (``translit-*.sqlite``,
    seconds of CPU) and the base's name index (``base-names-*.idx``) are built here too,
    so no test process and no CLI run in a test builds them again.
    """
    home.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_in(home)  # the name index built here once, not in each test home
    return home


def _base_paths(root: Path) -> tuple[Path, Path]:
    """Where a run whose base temp folder is ``root`` keeps its one built base, and its lock."""
    from conflictmap.store.schema import BASE_SCHEMA_VERSION

    name = f"base-v{BASE_SCHEMA_VERSION}"
    return root / name, root / f"{name}.lock"


def _shared_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding the built base, built once per run however many xdist workers ask.

    The workers of one run share the parent of their base temp folders; the first to take
    the lock builds (or the builder :func:`pytest_sessionstart` started does), the others
    wait for it and then find the base complete.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    return _build_locked(*_base_paths(root))


#: the process building the run's base (:func:`pytest_sessionstart`)
_BUILD_PROCESS = pytest.StashKey["subprocess.Popen[bytes]"]()
_BUILDER = (
    "import sys; from pathlib import Path; from tests.conftest import _build_in; "
    "_build_in(Path(sys.argv[1]))"
)


def _build_in(home: Path) -> None:
    """Build the base and its derived indexes in ``home`` (the caller holds the lock)."""
    from conflictmap.resolve.variants import VariantIndex

    home.mkdir(parents=True, exist_ok=True)
    with Gazetteer(home, progress=False) as gazetteer:
        VariantIndex.of(gazetteer)
        gazetteer.check_name_indexes()


def pytest_sessionstart(session: pytest.Session) -> None:
    """With xdist, over the whole suite: build the base in a process of its own from the start.

    The build (about 40 s of CPU) then runs while the workers start and collect, and while
    they run the tests that need no base, instead of holding one worker while the other
    waits for it. The builder holds the lock the workers take (:func:`_build_locked`) from
    before they start until the base is complete; if it fails, the first worker to need
    the base builds it as without xdist (and its error fails that test).
    """
    config = session.config
    if (
        hasattr(config, "workerinput")  # an xdist worker: the controller starts the build
        or not config.pluginmanager.has_plugin("dsession")  # no xdist: built on first use
        or config.args_source is not pytest.Config.ArgsSource.TESTPATHS  # chosen tests
        or os.environ.get("CONFLICTMAP_TEST_HOME")
    ):
        return
    import subprocess
    import sys

    home, lock_path = _base_paths(config._tmp_path_factory.getbasetemp())
    home.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock, (home.parent / f"{home.name}.log").open("wb") as log:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held by the builder (the same open file) until it ends
        config.stash[_BUILD_PROCESS] = subprocess.Popen(
            [sys.executable, "-c", _BUILDER, str(home)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(lock.fileno(),),
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop a base build still running when the run ends (interrupted, or needing no base)."""
    builder = config.stash.get(_BUILD_PROCESS, None)
    if builder is not None and builder.poll() is None:
        builder.kill()
        builder.wait()


@pytest.fixture(scope="session")
def base_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A conflictmap home with the real base gazetteer, built once per test run.

    Each session (each xdist worker) gets its own folder whose files are hard links to
    the run's one build. Set CONFLICTMAP_TEST_HOME to reuse an already built home
    between runs.
    """
    reuse = os.environ.get("CONFLICTMAP_TEST_HOME")
    if reuse:
        return _build_locked(Path(reuse), Path(reuse) / ".test-build.lock")
    shared = _shared_base(tmp_path_factory)
    home = tmp_path_factory.mktemp("home")
    for path in shared.iterdir():
        if path.is_file() and not path.name.startswith("."):
            try:
                os.link(path, home / path.name)
            except OSError:
                shutil.copy2(path, home / path.name)
    Gazetteer(home, progress=False, build=False).close()
    return home


@pytest.fixture(scope="session")
def base_gazetteer(base_home: Path) -> Gazetteer:
    return Gazetteer(base_home, progress=False)


@pytest.fixture
def collector_running() -> Iterator[None]:
    """The cyclic collector running when the test starts, and as it was after it
    (for the tests of the stages that pause it)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()
