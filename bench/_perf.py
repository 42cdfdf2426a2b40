"""Shared helpers for the speed and memory benchmarks (not a test; not imported by the library).

Every measurement runs a *whole process* (``python -m conflictmap ...`` or a peer's
driver) and records its wall time and peak resident memory:

* ``max_rss_mb``: the kernel's ``ru_maxrss`` from ``wait4`` (the largest single
  process of the tree: the parent or any worker it waited for). Commands are
  started by a small launcher process, because a child's ``ru_maxrss`` includes the
  memory of the process it was forked from;
* ``tree_peak_mb``: the largest *sum* of RSS over the process and all its
  descendants, sampled from ``/proc`` every 20 ms (Linux only; ``None`` elsewhere).
  With several workers this is the number that matters for the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
LGL_XML = SHARED / "data" / "corpora" / "LGL" / "lgl.xml"
MALI = SHARED / "data" / "articles" / "mali-2013-01-14.txt"
GEONAMES = SHARED / "data" / "geonames"
EXAMPLES = ROOT / "examples"
PYTHON = sys.executable


@dataclass(frozen=True)
class Run:
    """One whole-process run."""

    wall_s: float
    max_rss_mb: float
    tree_peak_mb: float | None
    returncode: int
    timed_out: bool = False
    #: user + system CPU seconds of the process and the children it waited for
    cpu_s: float = 0.0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(x) for x in path.read_text().split()]
    except (OSError, ValueError):
        return []


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        children = _children(stack.pop())
        found += children
        stack += children
    return found


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack.extend(_children(current))
    return total


# A small process that starts every measured command. ``ru_maxrss`` of a child counts
# the memory of the process it was forked from (the kernel keeps the pre-exec high
# water mark), so children must not be forked from this (larger) benchmark process.
_LAUNCHER = r"""
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            for fd, path, flags in ((0, job["stdin"], os.O_RDONLY),
                                    (1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                    (2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
                target = os.open(path, flags, 0o644)
                os.dup2(target, fd)
                os.close(target)
            os.execvpe(job["cmd"][0], job["cmd"], job["env"])
        finally:
            os._exit(127)
    sys.stdout.write(json.dumps({"pid": pid}) + "\n")
    sys.stdout.flush()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    sys.stdout.write(json.dumps({"wall": wall, "status": os.waitstatus_to_exitcode(status),
                                 "maxrss": usage.ru_maxrss,
                                 "cpu": usage.ru_utime + usage.ru_stime}) + "\n")
    sys.stdout.flush()
"""
_launcher: subprocess.Popen[str] | None = None
_launcher_lock = threading.Lock()


def _get_launcher() -> subprocess.Popen[str]:
    global _launcher
    if _launcher is None or _launcher.poll() is not None:
        _launcher = subprocess.Popen(
            [PYTHON, "-S", "-c", _LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    return _launcher


def run(
    cmd: Sequence[str],
    *,
    stdin: str | os.PathLike[str] = os.devnull,
    stdout: str | os.PathLike[str] = os.devnull,
    env: dict[str, str] | None = None,
    sample_tree: bool = True,
    check: bool = True,
    timeout: float | None = None,
) -> Run:
    """Run ``cmd`` to completion and measure it (see the module docstring).

    ``stdin`` and ``stdout`` are file paths (default: the null device). After
    ``timeout`` seconds the process and its descendants are killed and the run is
    marked ``timed_out``.
    """
    sampling = sample_tree and Path("/proc/self/status").exists()
    peak = [0]
    with _launcher_lock, tempfile.NamedTemporaryFile(prefix="cm-bench-err-") as err:
        launcher = _get_launcher()
        assert launcher.stdin is not None and launcher.stdout is not None
        job = {
            "cmd": list(cmd),
            "env": env if env is not None else dict(os.environ),
            "stdin": os.fspath(stdin),
            "stdout": os.fspath(stdout),
            "stderr": err.name,
        }
        launcher.stdin.write(json.dumps(job) + "\n")
        launcher.stdin.flush()
        pid = json.loads(launcher.stdout.readline())["pid"]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], _tree_rss_kb(pid))

        expired = threading.Event()

        def kill() -> None:
            expired.set()
            for target in [pid, *_descendants(pid)]:
                with contextlib.suppress(OSError):
                    os.kill(target, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        sampler = threading.Thread(target=sample, daemon=True) if sampling else None
        if sampler is not None:
            sampler.start()
        answer = json.loads(launcher.stdout.readline())
        if timer is not None:
            timer.cancel()
        done.set()
        if sampler is not None:
            sampler.join()
        message = Path(err.name).read_text(encoding="utf-8", errors="replace")
    if check and answer["status"] != 0 and not expired.is_set():
        raise SystemExit(f"command failed ({answer['status']}): {' '.join(cmd)}\n{message}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(
        wall_s=answer["wall"],
        max_rss_mb=answer["maxrss"] / scale,
        tree_peak_mb=peak[0] / 1024 if sampling else None,
        returncode=answer["status"],
        timed_out=expired.is_set(),
        cpu_s=answer.get("cpu", 0.0),
    )


def repeat(n: int, cmd: Sequence[str], **kwargs: Any) -> list[Run]:
    return [run(cmd, **kwargs) for _ in range(n)]


def summary(runs: Sequence[Run]) -> dict[str, Any]:
    """Median wall time and peak memory over repetitions, and every raw figure."""
    walls = [r.wall_s for r in runs]
    trees = [r.tree_peak_mb for r in runs if r.tree_peak_mb is not None]
    return {
        "median_s": round(statistics.median(walls), 4),
        "min_s": round(min(walls), 4),
        "max_s": round(max(walls), 4),
        "runs_s": [round(w, 4) for w in walls],
        "median_cpu_s": round(statistics.median(r.cpu_s for r in runs), 4),
        "max_rss_mb": round(max(r.max_rss_mb for r in runs), 1),
        "tree_peak_mb": round(max(trees), 1) if trees else None,
    }


def conflictmap_cmd(*args: str) -> list[str]:
    return [PYTHON, "-m", "conflictmap", *args]


def env_with_home(home: str | os.PathLike[str]) -> dict[str, str]:
    """The environment of a measured command: ``home``, and compiled bytecode kept.

    An installed package has its ``.pyc`` files; with ``PYTHONDONTWRITEBYTECODE`` set
    every measured process would compile each module from source again (about 0.2 s
    for the library), so it is dropped and the bytecode goes to
    ``bench/results/pycache`` (git-ignored), filled by each benchmark's warm-up run.
    """
    env = dict(os.environ)
    env["CONFLICTMAP_HOME"] = str(home)
    env.pop("CONFLICTMAP_DEBUG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(RESULTS / "pycache"))
    return env


def default_home() -> Path:
    """``$CONFLICTMAP_HOME`` if set, else the library's default home."""
    sys.path.insert(0, str(ROOT))
    from conflictmap.paths import resolve_home

    return resolve_home(None)


def ensure_base(home: Path) -> float:
    """Make sure ``home`` has an up-to-date base gazetteer; return seconds spent building."""
    start = time.perf_counter()
    run(conflictmap_cmd("gazetteer", "build"), env=env_with_home(home), sample_tree=False)
    return time.perf_counter() - start


def prepare(home: Path | None) -> tuple[Path, dict[str, Any]]:
    """A benchmark's start: the home (``home``, else the default) with its base built,
    and the machine's description, printed."""
    home = home or default_home()
    ensure_base(home)
    info = machine()
    print_machine(info)
    return home, info


def importer_available() -> bool:
    """True when ``conflictmap gazetteer import`` exists (issue: GeoNames import)."""
    proc = subprocess.run(
        conflictmap_cmd("gazetteer", "import", "--help"), capture_output=True, check=False
    )
    return proc.returncode == 0


def lgl_records() -> Iterator[dict[str, str]]:
    """``{"id", "text"}`` of each LGL article, read in place from ../shared."""
    for _event, element in ET.iterparse(LGL_XML):
        if element.tag == "article":
            yield {"id": element.get("docid") or "", "text": element.findtext("text") or ""}
            element.clear()


def write_jsonl(records: Iterator[dict[str, str]] | Sequence[dict[str, str]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def news_texts() -> list[str]:
    """Real news text to build long inputs from: LGL articles, else the repo's examples."""
    if LGL_XML.exists():
        return [r["text"] for r in lgl_records() if r["text"].strip()]
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if not texts:
        raise SystemExit("no news text: ../shared is absent and examples/ has no .txt")
    return texts


def news_of_size(n_bytes: int, texts: Sequence[str]) -> str:
    """About ``n_bytes`` of UTF-8 news text: whole articles, one after another."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < n_bytes:
        text = texts[i % len(texts)]
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        i += 1
    joined = "\n\n".join(parts).encode("utf-8")[:n_bytes]
    return joined.decode("utf-8", errors="ignore")


def machine() -> dict[str, Any]:
    """What the figures were measured on, including how busy the machine was."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    try:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        )
    except OSError:
        rev, dirty = "", False
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cpus": os.cpu_count(),
        "load_avg_1_5_15": [round(x, 2) for x in load] if load else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": rev + ("+dirty" if dirty else ""),
    }


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"# {info['when']}  {info['cpus']} cpus  load {info['load_avg_1_5_15']}  "
        f"python {info['python']}  git {info['git']}"
    )


def save(name: str, data: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` (git-ignored) atomically."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    fd, tmp = tempfile.mkstemp(dir=RESULTS, prefix=f".{name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, default=_default)
    os.replace(tmp, path)
    print(f"# results written to {path.relative_to(ROOT)}")
    return path


def _default(value: Any) -> Any:
    if isinstance(value, Run):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def need(path: Path, what: str) -> None:
    if not path.exists():
        raise SystemExit(f"skipped: {what} is absent ({path})")


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")
