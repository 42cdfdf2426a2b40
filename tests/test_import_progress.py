"""The import's progress bar tells the time left (issue 14: a progress bar with an ETA)."""

from __future__ import annotations

import io
import time

import pytest

from conflictmap.cli.imports import ProgressBar


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


def test_a_log_line_gives_the_time_left_at_the_rate_so_far(clock: _Clock) -> None:
    out = io.StringIO()
    bar = ProgressBar("importing", stream=out)
    bar("allCountries.txt", 0, 1000)
    clock.now += 30.0
    bar("allCountries.txt", 250, 1000)  # a quarter in 30 s: 90 s left
    clock.now += 150.0
    bar("allCountries.txt", 1000, 1000)
    lines = out.getvalue().splitlines()
    assert lines == [
        "importing allCountries.txt 0% (0.0 MB)",
        "importing allCountries.txt 20% (0.0 MB) ETA 1:30",
        "importing allCountries.txt 100% (0.0 MB)",
    ]


def test_each_file_is_timed_from_its_own_start(clock: _Clock) -> None:
    out = io.StringIO()
    bar = ProgressBar("importing", stream=out)
    bar("ML.txt", 0, 100)
    clock.now += 600.0
    bar("NE.txt", 0, 100)
    clock.now += 2.0
    bar("NE.txt", 50, 100)
    assert out.getvalue().splitlines()[-1] == "importing NE.txt 50% (0.0 MB) ETA 0:02"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_line_is_redrawn_with_the_time_left(clock: _Clock) -> None:
    out = _Terminal()
    bar = ProgressBar("importing", stream=out)
    bar("ML.txt", 0, 4_000_000)
    clock.now += 65.0
    bar("ML.txt", 1_000_000, 4_000_000)
    assert out.getvalue().rsplit("\r", 1)[-1].rstrip() == (
        "importing ML.txt [#####...............]  25% 1.0 MB ETA 3:15"
    )
