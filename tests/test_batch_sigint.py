"""Ctrl-C and a batch run with workers (issue 20): the pool parent's own handler goes in
only over Python's default one. A run started with SIGINT ignored (a background job of a
script) keeps ignoring it to the end; a run started with the default disposition stops
on Ctrl-C with one line and exit 130; a caller's own handler is left in place.

The runs read a live stdin feed that stays open while the signal is sent, so the signal
always arrives mid-run, however fast or loaded the machine is. Each child's SIGINT
disposition is set explicitly, so the tests hold whatever the disposition of the process
running pytest (a background job ignores SIGINT and hands that on).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conflictmap.batch import Record, geoparse_records

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")

_TEXT = (
    "Gunmen attacked a convoy near Gao in northern Mali on Monday, and the army said "
    "it had sent troops from Timbuktu and Mopti."
)


def _line(ident: str) -> bytes:
    return json.dumps({"id": ident, "text": _TEXT}).encode() + b"\n"


def _spawn(home: Path, disposition: signal.Handlers) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)

    def child_setup() -> None:  # in the child, before exec: what it inherits
        signal.signal(signal.SIGINT, disposition)

    return subprocess.Popen(
        [sys.executable, "-m", "conflictmap", "extract", "--jsonl", "-", "--workers", "2"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
        start_new_session=True,  # its own process group, as a terminal would signal it
        preexec_fn=child_setup,
    )


def _feed_until_answered(proc: subprocess.Popen[bytes], idents: list[str]) -> list[str]:
    """Write ``idents`` and read their results: the pool is up and the parent's loop runs."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"".join(_line(i) for i in idents))
    proc.stdin.flush()
    got = []
    for _ in idents:
        ready, _, _ = select.select([proc.stdout], [], [], 300)
        assert ready, "no result within 300 s"
        got.append(json.loads(proc.stdout.readline())["id"])
    return got


def _ctrl_c(proc: subprocess.Popen[bytes], times: int = 3) -> None:
    for _ in range(times):  # the whole group, as a terminal's Ctrl-C: parent and workers
        os.killpg(proc.pid, signal.SIGINT)
        threading.Event().wait(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_a_run_started_with_ctrl_c_ignored_keeps_ignoring_it(base_home: Path) -> None:
    proc = _spawn(base_home, signal.SIG_IGN)
    try:
        assert _feed_until_answered(proc, ["a", "b"]) == ["a", "b"]
        _ctrl_c(proc)
        assert _feed_until_answered(proc, ["c", "d", "e"]) == ["c", "d", "e"]
        assert proc.poll() is None  # still running after Ctrl-C
        rest, err = proc.communicate(_line("f"), timeout=300)
    finally:
        _stop(proc)
    assert proc.returncode == 0, err
    assert [json.loads(x)["id"] for x in rest.splitlines()] == ["f"]
    assert err == b"", err


def test_a_run_with_the_default_handler_stops_on_ctrl_c(base_home: Path) -> None:
    proc = _spawn(base_home, signal.SIG_DFL)  # Python then installs its default handler
    try:
        assert _feed_until_answered(proc, ["a", "b"]) == ["a", "b"]
        _ctrl_c(proc, times=1)
        assert proc.stdout is not None and proc.stderr is not None
        # stdin stays open: nothing but the interrupt can end the run
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "the run did not react within 60 s of Ctrl-C"
        proc.wait(timeout=60)
        rest, err = proc.stdout.read(), proc.stderr.read()
    finally:
        _stop(proc)
    assert proc.returncode == 130, err
    assert err.decode().strip() == "conflictmap: interrupted"
    assert rest == b""


def test_a_callers_own_handler_is_left_in_place(base_home: Path) -> None:
    seen: list[int] = []
    handler: Callable[[int, object], None] = lambda signum, frame: seen.append(signum)  # noqa: E731

    def records() -> Iterator[Record]:
        for i in range(4):
            if i == 2:  # mid-run, with the pool up and results already out
                os.kill(os.getpid(), signal.SIGINT)
            yield Record(id=str(i), text=_TEXT, line=i + 1)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        try:
            lines = list(geoparse_records(records(), home=base_home, workers=2, chunk_lines=1))
        except KeyboardInterrupt:
            pytest.fail("the batch took Ctrl-C over from the caller's handler")
        assert signal.getsignal(signal.SIGINT) is handler
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIGINT]
    assert [json.loads(line)["id"] for line, _ in lines] == ["0", "1", "2", "3"]
