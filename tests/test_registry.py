"""One explicit gazetteer registry (issue 13): once per home and process, fork-safe,
thread-safe, injectable; the pipeline, Dask partitions and batch workers all use it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from conflictmap.errors import GazetteerNotBuiltError
from conflictmap.pipeline import geoparse
from conflictmap.store import registry
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.registry import GazetteerRegistry, use_gazetteer

from ._geonames import make_home


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


class Counting:
    """An opener that counts what it opens."""

    def __init__(self) -> None:
        self.opened: list[Path] = []
        self._lock = threading.Lock()

    def __call__(self, home: Path, **options: bool) -> Gazetteer:
        with self._lock:
            self.opened.append(home)
        return Gazetteer(home, **options)


def test_one_gazetteer_per_home_shared_by_threads(home: Path) -> None:
    opener = Counting()
    reg = GazetteerRegistry(opener)
    got: list[Gazetteer] = []
    threads = [threading.Thread(target=lambda: got.append(reg.get(home))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert opener.opened == [home.resolve()]
    assert len({id(g) for g in got}) == 1
    assert reg.opened() == [home.resolve()]
    reg.close()
    assert reg.opened() == []


def test_a_forked_child_opens_its_own_gazetteer(home: Path) -> None:
    reg = GazetteerRegistry()
    parent = reg.get(home)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running pytest's teardown
        try:
            fresh = reg.opened() == []
            mine = reg.get(home)
            ok = fresh and mine is not parent and bool(mine.candidates("bamako"))
            os.write(write, b"ok" if ok else b"shared")
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    assert answer == b"ok"
    assert reg.get(home) is parent  # the parent keeps its own
    reg.close()


def test_an_injected_gazetteer_answers_for_its_home(
    tiny_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    with use_gazetteer(tiny_gazetteer, home=tmp_path):
        assert registry.open_gazetteer(tmp_path) is tiny_gazetteer
        result = geoparse("Fighting near Gao.", home=tmp_path, statements=False)
        assert [m.place for m in result.mentions if m.place]
        assert tmp_path.resolve() not in registry.REGISTRY.opened()  # injected, not opened
    with pytest.raises(GazetteerNotBuiltError):
        registry.open_gazetteer(tmp_path, build=False)  # nothing built there


def test_close_leaves_an_injected_gazetteer_open(tiny_gazetteer: Gazetteer, home: Path) -> None:
    reg = GazetteerRegistry()
    with reg.injected(tiny_gazetteer, home=home):
        reg.close()
        assert tiny_gazetteer.candidates("gao")  # still usable
    assert reg.get(home) is not tiny_gazetteer
    reg.close()
