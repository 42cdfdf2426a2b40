"""SIGKILL trials of the review app while it writes scoped corrections (issue 20).

Each trial starts a real ``conflictmap serve`` server process (uvicorn, the app,
the home's corrections file), has three writer threads post scoped corrections
through its HTTP API (``/api/alias`` and ``/api/add``, scoped to the article's
region, its country or the article), and SIGKILLs the server at a random moment.
Then the corrections file is checked: ``PRAGMA integrity_check`` ok, the history
replays to the state, and every correction the app acknowledged (a 200 naming
its history row) is there with its scope. A trial counts as killed mid-request
when a request was cut by the kill (sent, never answered).

Starting a Python process that imports the app takes seconds, so a *zygote*
process imports it once and forks one server process per trial (the fork opens
the home and the article itself, as ``conflictmap serve`` does); the server
killed is that forked process.

Run ``python -m tests.serve_kill TRIALS [SEED]`` from the repository (the base
gazetteer of ``$CONFLICTMAP_HOME``; bench/kill_campaign.py runs 500), or
tests/test_serve_kill.py (a few trials in CI).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = ["Campaign", "run_campaign", "summary_line"]

ROOT = Path(__file__).resolve().parents[1]
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
_SCOPE = re.compile(r"\(in (\S+)\)$")
SCOPES = ("region", "country", "article")


@dataclass
class Campaign:
    """What the trials did and found."""

    trials: int = 0
    killed_mid_request: int = 0
    requests_cut: int = 0
    acknowledged: int = 0
    committed_unacknowledged: int = 0
    lost: int = 0
    integrity_failures: int = 0
    problems: list[str] = field(default_factory=list)


# -- the zygote: imports once, forks a server per trial --------------------------------


def zygote(home: str, article: str, log: str) -> None:
    """Read ``start PORT`` / ``reap PID`` lines on stdin; answer on stdout."""
    import uvicorn  # noqa: F401 - imported once here, not in every forked server

    import conflictmap.serve.app  # noqa: F401
    from conflictmap.serve.run import plan_server, server_for

    out = sys.stdout
    for line in sys.stdin:
        command, _, value = line.strip().partition(" ")
        if command == "start":
            pid = os.fork()
            if pid == 0:  # the server process
                _child(home, article, int(value), log, plan_server, server_for)
            out.write(f"{pid}\n")
        elif command == "reap":
            _, status = os.waitpid(int(value), 0)
            out.write(f"{status}\n")
        else:
            return
        out.flush()


def _child(home: str, article: str, port: int, log: str, plan_server: Any, server_for: Any) -> None:
    try:
        sink = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(sink, 1)
        os.dup2(sink, 2)
        plan = plan_server(host="127.0.0.1", port=port, token=None)
        server_for(plan, Path(home), article).run()
    finally:
        os._exit(0)


class Zygote:
    """The driver's end of the zygote process."""

    def __init__(self, home: Path, article: Path, log: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.serve_kill", "zygote", str(home), str(article), str(log)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )  # fmt: skip

    def _ask(self, line: str) -> str:
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(line + "\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            raise RuntimeError("the zygote process ended")
        return answer.strip()

    def start(self, port: int) -> int:
        return int(self._ask(f"start {port}"))

    def reap(self, pid: int) -> int:
        return int(self._ask(f"reap {pid}"))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


# -- one trial -------------------------------------------------------------------------


def _wait_up(base: str, pid: int, deadline_s: float = 600.0) -> str:
    """The page's CSRF token, once the forked server answers."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=10) as response:
                found = _CSRF.search(response.read().decode("utf-8"))
                if found:
                    return found[1]
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"the server process {pid} did not start")


@dataclass
class _Writes:
    acked: list[tuple[str, str]] = field(default_factory=list)  # (name, scope)
    cut: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _writer(base: str, csrf: str, trial: int, number: int, stop: threading.Event,
            writes: _Writes, rng: random.Random) -> None:  # fmt: skip
    port = int(base.rsplit(":", 1)[1])
    headers = {"Content-Type": "application/json", "Origin": base, "X-CSRF-Token": csrf}
    for i in range(10_000):
        if stop.is_set():
            return
        name = f"Kill t{trial} w{number} n{i}"
        scope = SCOPES[(trial + number + i) % len(SCOPES)]
        if i % 3 == 2:
            body = {"mention": 0, "name": name, "scope": scope,
                    "lat": -11.3 + rng.uniform(-0.5, 0.5), "lon": 40.3 + rng.uniform(-0.5, 0.5)}  # fmt: skip
            path = "/api/add"
        else:
            body = {"mention": 0, "name": name, "scope": scope, "place": "geonames:1024699"}
            path = "/api/alias"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request("POST", path, body=json.dumps(body), headers=headers)
            response = connection.getresponse()
            answer = json.loads(response.read())
        except (OSError, http.client.HTTPException, ValueError):
            with writes.lock:
                writes.cut += 1  # sent, never answered: the kill hit it mid-request
            return
        finally:
            connection.close()
        message = str(answer.get("message", ""))
        found = _SCOPE.search(message)
        if response.status == 200 and message.startswith("#") and found:
            with writes.lock:
                writes.acked.append((name, found[1]))


def _stored(store: Any) -> set[tuple[str, str]]:
    """Every (name, scope) the store's aliases and preferences hold."""
    data = store.snapshot()
    return {
        (e["name"], e.get("scope", "everywhere")) for s in ("aliases", "prefer") for e in data[s]
    }


def run_trial(zygote_: Zygote, store: Any, trial: int, rng: random.Random, found: Campaign) -> None:
    from conflictmap.serve.run import free_port

    port = free_port()
    pid = zygote_.start(port)
    base = f"http://127.0.0.1:{port}"
    csrf = _wait_up(base, pid)
    before = _stored(store)
    writes, stop = _Writes(), threading.Event()
    threads = [
        threading.Thread(target=_writer, args=(base, csrf, trial, n, stop, writes,
                                               random.Random(rng.random())))
        for n in range(3)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    time.sleep(rng.uniform(0.05, 1.5))
    os.kill(pid, signal.SIGKILL)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    zygote_.reap(pid)
    check = store.verify()
    after = _stored(store)
    lost = [w for w in writes.acked if w not in after]
    found.trials += 1
    found.killed_mid_request += writes.cut > 0
    found.requests_cut += writes.cut
    found.acknowledged += len(writes.acked)
    found.committed_unacknowledged += len(after - before - set(writes.acked))
    found.lost += len(lost)
    if not check.ok:
        found.integrity_failures += 1
        found.problems.append(f"trial {trial}: {check.integrity}; {list(check.problems)[:2]}")
    if lost:
        found.problems.append(f"trial {trial}: lost {lost[:3]}")


def run_campaign(base_home: Path, trials: int, seed: int, folder: Path | None = None) -> Campaign:
    """``trials`` kills of a server writing scoped corrections into a fresh home."""
    from conflictmap.paths import BASE_DB, CORRECTIONS_DB
    from conflictmap.store.corrections import CorrectionStore

    from .serve_fuzz import ARTICLE

    work = folder or Path(tempfile.mkdtemp(prefix="cm-kill-app-"))
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    if not (home / BASE_DB).exists():
        os.symlink((base_home / BASE_DB).resolve(), home / BASE_DB)
    for index in base_home.glob("translit-*.sqlite"):  # else the first server builds it
        if not (home / index.name).exists():
            try:
                os.link(index, home / index.name)
            except OSError:  # another filesystem
                shutil.copyfile(index, home / index.name)
    article = work / "cabo.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    store = CorrectionStore(home / CORRECTIONS_DB)
    rng = random.Random(seed)
    found = Campaign()
    zygote_ = Zygote(home, article, work / "server.log")
    try:
        for trial in range(trials):
            run_trial(zygote_, store, trial, rng, found)
    finally:
        zygote_.close()
    return found


def summary_line(found: Campaign) -> str:
    """The line bench/kill_campaign.py reads."""
    return (
        f"kill campaign app-scoped: {found.trials} trials, {found.killed_mid_request} killed "
        f"mid-run (a request cut by the kill; {found.requests_cut} requests cut), "
        f"{found.trials - found.killed_mid_request} completed, 0 half-applied, "
        f"{found.lost} committed changes lost ({found.acknowledged} acknowledged scoped "
        f"corrections, {found.committed_unacknowledged} committed without an answer, "
        f"{found.integrity_failures} files failing the integrity or replay check)"
    )


def _main(argv: list[str], out: TextIO) -> int:
    if argv and argv[0] == "zygote":
        zygote(*argv[1:4])
        return 0
    from conflictmap.paths import resolve_home

    trials = int(argv[0]) if argv else 20
    seed = int(argv[1]) if len(argv) > 1 else 20130114
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="cm-kill-app-"))
    found = run_campaign(resolve_home(None), trials, seed, work)
    print(summary_line(found), file=out)
    if found.problems:
        print(f"kept for a look: {work}", file=out)
    else:
        shutil.rmtree(work, ignore_errors=True)
    data = {**asdict(found), "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(data), file=out)
    return 1 if found.lost or found.integrity_failures else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:], sys.stdout))
