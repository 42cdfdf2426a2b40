"""SIGKILL the real CLI while it writes the corrections store or imports GeoNames (issue 9).

Each trial starts one ``conflictmap gazetteer ...`` command and kills it after a
random delay drawn around the command's own run time, so kills land while Python
starts, while the store opens and migrates, inside the SQLite transaction, at
the commit and after it. After every trial the store is reopened and checked:

* ``PRAGMA integrity_check`` is ``ok``;
* every change whose command exited 0 is there (a *loss* otherwise);
* every change seen in an earlier check is still there (a loss otherwise);
* a killed command's change is all there or not there at all (an import of
  1,500 corrections or of 3,000 GeoNames rows never half-applied);
* the corrections history and state agree, and the imported layer says it is
  complete.

Trials default to a CI-sized number; ``CONFLICTMAP_KILL_TRIALS=200`` runs a
longer campaign and ``CONFLICTMAP_KILL_SEED`` picks the random delays. Run with
``-s`` to see the summary line of each campaign.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conflictmap.text.folding import fold

TRIALS = int(os.environ.get("CONFLICTMAP_KILL_TRIALS", "24"))
SEED = int(os.environ.get("CONFLICTMAP_KILL_SEED", "9"))
#: campaigns of real CLI processes killed at random: CI's slow tier (-m slow)
pytestmark = pytest.mark.slow
GAO = "geonames:2457163"
BULK = 1500  # corrections in one import-corrections file
ROWS = 3000  # GeoNames rows in one dump


# -- running and killing -------------------------------------------------------------


@dataclass
class Campaign:
    name: str
    trials: int = 0
    completed: int = 0
    killed: int = 0
    #: killed commands whose change was nevertheless committed (killed after COMMIT)
    landed_anyway: int = 0
    #: kills that caught the store open (a WAL left behind, a half-written import file)
    mid_write: int = 0
    losses: list[str] = field(default_factory=list)
    half_applied: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"kill campaign {self.name}: {self.trials} trials, {self.killed} killed mid-run "
            f"({self.mid_write} with the store open, {self.landed_anyway} after their commit), "
            f"{self.completed} completed, "
            f"{len(self.half_applied)} half-applied, {len(self.losses)} committed changes lost"
        )


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)
    return env


def run_cli(
    args: list[str], home: Path, *, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "conflictmap", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_and_kill(
    args: list[str], home: Path, delay: float, *, armed: Callable[[], bool] | None = None
) -> int | None:
    """Run ``conflictmap ARGS`` and SIGKILL it ``delay`` s after it starts, or after
    ``armed()`` first holds (the store is open). Its exit code, or ``None`` if killed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "conflictmap", *args],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    if armed is not None:
        while proc.poll() is None and not armed():
            time.sleep(0.0005)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        return None
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert "Traceback" not in err, err
    assert proc.returncode == 0, err
    return proc.returncode


def timed(args: list[str], home: Path) -> float:
    started = time.perf_counter()
    proc = run_cli(args, home)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - started


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    """A fresh home sharing the session's base gazetteer (a hard link when possible)."""
    folder = tmp_path / "home"
    folder.mkdir()
    try:
        os.link(base_home / "base.sqlite", folder / "base.sqlite")
    except OSError:
        import shutil

        shutil.copyfile(base_home / "base.sqlite", folder / "base.sqlite")
    return folder


# -- the corrections store ----------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """One correction command and the state rows it must add, all or none."""

    args: tuple[str, ...]
    rejects: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return " ".join(self.args[:3])


def corrections_state(path: Path) -> tuple[set[str], set[str], int]:
    """Rejected keys, aliased keys and the history length; the file must be intact."""
    with closing(sqlite3.connect(path)) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)], check
        rejects = {r[0] for r in conn.execute("SELECT key FROM reject")}
        aliases = {r[0] for r in conn.execute("SELECT key FROM aliases")}
        history = conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    return rejects, aliases, history


def make_ops(folder: Path, rng: random.Random, count: int) -> list[Op]:
    ops = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.35:
            name = f"Zzreject{i}"
            ops.append(Op(("gazetteer", "reject", name), rejects=frozenset({fold(name)})))
        elif roll < 0.7:
            name = f"Zzalias{i}"
            ops.append(Op(("gazetteer", "alias", name, GAO), aliases=frozenset({fold(name)})))
        else:
            names = [f"Zzbulk{i}x{j}" for j in range(BULK)]
            bundle = {
                "format": "conflictmap-corrections",
                "version": 1,
                "reject": [{"name": n} for n in names],
            }
            path = folder / f"bulk{i}.json"
            path.write_text(json.dumps(bundle))
            ops.append(
                Op(
                    ("gazetteer", "import-corrections", str(path)),
                    rejects=frozenset(fold(n) for n in names),
                )
            )
    return ops


def test_sigkill_never_loses_a_correction(home: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    base_sum = sha256(home / "base.sqlite")
    # Warm up (creates and migrates the file) and measure one command and one bulk import.
    quick = timed(["gazetteer", "reject", "Zzwarmup"], home)
    bundle = tmp_path / "warm.json"
    bundle.write_text(
        json.dumps(
            {
                "format": "conflictmap-corrections",
                "version": 1,
                "reject": [{"name": f"Zzwarm{j}"} for j in range(BULK)],
            }
        )
    )
    slow = timed(["gazetteer", "import-corrections", str(bundle)], home)
    store = home / "corrections.sqlite"
    rejects, aliases, history = corrections_state(store)
    seen_rejects, seen_aliases, ops_present = set(rejects), set(aliases), history

    campaign = Campaign("corrections")
    for op in make_ops(tmp_path, rng, TRIALS):
        bulk = "import-corrections" in op.args
        if rng.random() < 0.5:  # anywhere: start-up, opening, migrating, writing, exiting
            span = slow if bulk else quick
            code = run_and_kill(list(op.args), home, rng.uniform(0.2 * span, 1.1 * span))
        else:  # once the store is open: inside the transaction, at the commit, just after
            wal = Path(f"{store}-wal")
            window = rng.uniform(0, 0.4 if bulk else 0.1)
            code = run_and_kill(list(op.args), home, window, armed=wal.exists)
        campaign.trials += 1
        campaign.mid_write += code is None and Path(f"{store}-wal").exists()
        rejects, aliases, history = corrections_state(store)
        lost = (seen_rejects - rejects) | (seen_aliases - aliases)
        campaign.losses += sorted(lost)
        present = len(op.rejects & rejects) + len(op.aliases & aliases)
        expected = len(op.rejects) + len(op.aliases)
        if present not in (0, expected):
            campaign.half_applied.append(f"{op.label}: {present} of {expected}")
        if code is None:
            campaign.killed += 1
            campaign.landed_anyway += present == expected
        else:
            campaign.completed += 1
            if present != expected:
                campaign.losses.append(f"{op.label} exited 0 but is missing")
        ops_present += present == expected
        assert history == ops_present, "history and state disagree"
        seen_rejects |= rejects
        seen_aliases |= aliases

    # The real command line reads the store back, and the base was never written.
    listing = run_cli(["gazetteer", "history", "--format", "nl"], home)
    assert listing.returncode == 0, listing.stderr
    assert len(listing.stdout.splitlines()) == ops_present
    assert sha256(home / "base.sqlite") == base_sum
    print(campaign.summary())
    assert campaign.killed > 0 and campaign.completed > 0, campaign.summary()
    assert not campaign.half_applied, campaign.half_applied
    assert not campaign.losses, campaign.losses


# -- the GeoNames import ------------------------------------------------------------------


def write_dump(path: Path, first_id: int, rows: int) -> set[str]:
    """A GeoNames place dump (19 columns) of ``rows`` made-up villages in Mali."""
    ids = set()
    lines = []
    for j in range(rows):
        gid = first_id + j
        ids.add(f"geonames:{gid}")
        name = f"Zzkill{gid}"
        lat, lon = 14 + j % 100 / 100, -4 - j % 50 / 100
        row = [str(gid), name, name, f"{name}a,{name}b", f"{lat:.5f}", f"{lon:.5f}", "P", "PPL",
               "ML", "", "04", "", "", "", "120", "", "266", "Africa/Bamako", "2024-01-01"]  # fmt: skip
        lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def imported_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)], check
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        assert meta.get("complete") == "1", meta
        return {r[0] for r in conn.execute("SELECT pid FROM places WHERE pid LIKE 'geonames:9%'")}


def test_sigkill_never_loses_an_import(home: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    base_sum = sha256(home / "base.sqlite")
    target = home / "imported.sqlite"
    dumps: list[tuple[Path, set[str]]] = []
    trials = max(4, TRIALS // 2)
    for i in range(trials + 1):
        path = tmp_path / f"dump{i}.txt"
        dumps.append((path, write_dump(path, 90_000_000 + i * 10_000, ROWS)))
    span = timed(["gazetteer", "import", "-q", str(dumps[0][0])], home)
    seen = imported_ids(target)
    assert seen == dumps[0][1]

    campaign = Campaign("import")
    for path, ids in dumps[1:]:
        args = ["gazetteer", "import", "-q", str(path)]
        if rng.random() < 0.4:  # anywhere from start-up to exit
            code = run_and_kill(args, home, rng.uniform(0.2 * span, 1.1 * span))
        else:  # once the new layer is being written: copying, inserting, renaming
            started = lambda: any(home.glob(".imported.sqlite.*.tmp"))  # noqa: E731
            code = run_and_kill(args, home, rng.uniform(0, 0.6), armed=started)
        campaign.trials += 1
        campaign.mid_write += code is None and any(home.glob(".imported.sqlite.*.tmp"))
        now = imported_ids(target)
        campaign.losses += sorted(seen - now)[:5]
        present = len(ids & now)
        if present not in (0, len(ids)):
            campaign.half_applied.append(f"{path.name}: {present} of {len(ids)} rows")
        if code is None:
            campaign.killed += 1
            campaign.landed_anyway += present == len(ids)
        else:
            campaign.completed += 1
            if present != len(ids):
                campaign.losses.append(f"{path.name} exited 0 but is missing")
        seen |= now

    # A killed import leaves no lock behind: the next one runs, and clears stale files.
    final = tmp_path / "final.txt"
    final_ids = write_dump(final, 99_000_000, 10)
    done = run_cli(["gazetteer", "import", "-q", str(final)], home)
    assert done.returncode == 0, done.stderr
    assert imported_ids(target) == seen | final_ids
    assert not list(home.glob(".imported.sqlite.*.tmp"))
    found = run_cli(["gazetteer", "search", "Zzkill99000003", "--no-fuzzy"], home)
    assert found.returncode == 0 and "geonames:99000003" in found.stdout, found.stderr
    assert sha256(home / "base.sqlite") == base_sum
    print(campaign.summary())
    assert campaign.killed > 0, campaign.summary()
    assert not campaign.half_applied, campaign.half_applied
    assert not campaign.losses, campaign.losses
