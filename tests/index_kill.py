"""SIGKILL trials of a real process while it rebuilds a derived index of the home (issue 20).

The home keeps indexes derived from its gazetteer layers, built on first use
(:data:`FAMILIES`): the transliteration index (``translit-<stamp>.sqlite``,
:mod:`conflictmap.resolve.variants`) and the precompiled name index of the base
(``base-names-<stamp>.idx``, :mod:`conflictmap.store.nameindex`). Each trial leaves
each index unusable, in one of the states a crash, an older version or a change of
layers leaves it in (:data:`STATES`), runs ``conflictmap extract`` on an article that
needs both, and SIGKILLs it at a random moment: anywhere from start-up to exit, or
once a temporary index file exists (while it is written and renamed). Then, every
trial:

* each index file, if there is one, is the state the trial began with or the whole
  index (never a partial one);
* a next run (not killed) exits 0, prints what the reference run printed, and leaves
  each whole index (the reference's content), no temporary file, no index of another
  stamp and no older-format file;
* every correction committed (some by a ``gazetteer alias`` run alongside the
  killed one) is still there, and the corrections file is intact.

Starting Python and importing the pipeline costs more than a small index, so the
campaign forks each process from itself after importing once (the forked process
opens the home and builds the index as ``conflictmap extract`` does; it is the process
killed). By default the home is the base gazetteer cut to a few countries
(:func:`campaign_home`: the index holds about a tenth of the names, so 500 trials
fit in a CI-sized budget); ``--full`` uses the whole base.

Run ``python -m tests.index_kill TRIALS [SEED] [--full]`` (the base of
``$CONFLICTMAP_HOME``; bench/kill_campaign.py runs 500), or tests/test_index_kill.py.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

__all__ = ["Campaign", "campaign_home", "run_campaign", "summary_line"]

GAO = "geonames:2457163"
#: countries whose places the cut home keeps (the article's), besides every country
KEPT = ("ML", "SY", "TD")
#: variant spellings (looked up in the index) and a name only a correction knows
ARTICLE = (
    "Troops entered the town of Tumbuktoo on Monday. Clashes were reported in Maiadeen "
    "and near Ouaddaii. Fighters later reached Zzcampville.\n"
)


@dataclass
class Campaign:
    """What the trials did and found."""

    trials: int = 0
    killed: int = 0
    killed_writing: int = 0
    completed: int = 0
    rebuilt: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    corrections: int = 0
    partial_indexes: int = 0
    wrong_outputs: int = 0
    files_left: int = 0
    lost: int = 0
    problems: list[str] = field(default_factory=list)


# -- the home ---------------------------------------------------------------------------


def campaign_home(base_home: Path, folder: Path, *, full: bool = False) -> Path:
    """A home with the base of ``base_home`` (built first if stale), cut to :data:`KEPT`
    unless ``full``."""
    from conflictmap.store.build import build_base, needs_rebuild

    if needs_rebuild(base_home / "base.sqlite"):  # else the first run would rebuild it whole
        build_base(base_home)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "base.sqlite"
    shutil.copyfile(base_home / "base.sqlite", target)
    if full:
        return folder
    marks = ",".join("?" * len(KEPT))
    with closing(sqlite3.connect(target)) as conn:
        conn.execute(
            "CREATE TEMP TABLE gone AS SELECT rid FROM places WHERE NOT ("
            f"country IN ({marks}) OR kind = 'country' OR layer = 'curated' "
            "OR pid IN (SELECT place FROM demonyms) OR pid IN (SELECT place FROM abbreviations))",
            KEPT,
        )
        conn.execute("DELETE FROM names WHERE rid IN (SELECT rid FROM gone)")
        conn.execute("DELETE FROM places WHERE rid IN (SELECT rid FROM gone)")
        conn.execute("UPDATE meta SET value = 'cut for the kill campaign' WHERE key = 'names'")
        conn.commit()
        conn.execute("VACUUM")
    assert not needs_rebuild(target), "the cut base must still be current"
    return folder


@dataclass(frozen=True)
class Family:
    """One kind of derived index: its files are ``<prefix><stamp><suffix>`` in the home."""

    name: str
    prefix: str
    suffix: str
    states: tuple[str, ...]

    def index(self, home: Path) -> Path:
        """The index of the home's current layers (after a run)."""
        found = sorted(home.glob(f"{self.prefix}*{self.suffix}"))
        assert len(found) == 1, found
        return found[0]

    def digest(self, path: Path) -> str | None:
        """The content of the index at ``path`` (``None``: absent or not a whole index)."""
        if self.suffix != ".sqlite":
            return _file_sum(path)
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                sql = "SELECT skeleton, names, spelled FROM skeletons ORDER BY skeleton"
                out = hashlib.sha256()
                for skeleton, names, spelled in conn.execute(sql):
                    out.update(f"{skeleton}\t{names}\t{spelled}\n".encode())
                return out.hexdigest()
        except sqlite3.Error:
            return None

    def leftovers(self, home: Path, index: Path) -> list[str]:
        """Files a finished run must not leave: temporaries, other stamps, old formats."""
        names = [p.name for p in home.glob(f".{self.prefix}*")]
        names += [p.name for p in home.glob(f"{self.prefix}*") if p.name != index.name]
        return sorted(names)


def _file_sum(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# -- the states a trial starts from -------------------------------------------------------


def _absent(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    index.unlink(missing_ok=True)


def _torn(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    """The index as a crash mid-write leaves it (on a filesystem without ordering)."""
    data = ref.read_bytes()
    index.write_bytes(data[: rng.randrange(0, len(data))])


def _garbage(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    index.write_bytes(rng.randbytes(rng.choice([0, 100, 4096, 50_000])))


def _other_stamp(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    """The index of the layers before an import (another stamp): never used, removed."""
    index.unlink(missing_ok=True)
    stale = home / f"{fam.prefix}{rng.getrandbits(64):016x}{fam.suffix}"
    shutil.copyfile(ref, stale)
    os.utime(stale, (time.time() - 3600, time.time() - 3600))


def _random_temp(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    """What an earlier version's killed build left (a temporary name without a pid)."""
    index.unlink(missing_ok=True)
    left = home / f".{index.name}.{rng.getrandbits(32):08x}x.tmp"
    shutil.copyfile(ref, left)
    os.utime(left, (time.time() - 3600, time.time() - 3600))


def _marshalled(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    """The index in the format an earlier version kept (converted, then removed)."""
    index.unlink(missing_ok=True)
    with closing(sqlite3.connect(f"file:{ref}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT skeleton, names FROM skeletons").fetchall()
    index.with_suffix(".marshal").write_bytes(marshal.dumps({k: v.split("\n") for k, v in rows}))


def _first_format(home: Path, fam: Family, index: Path, ref: Path, rng: random.Random) -> None:
    """The index as format 1 stored it (names only, sealed as "CMT1"): rebuilt."""
    from conflictmap.resolve.variantstore import _seal

    index.unlink(missing_ok=True)
    with closing(sqlite3.connect(f"file:{ref}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT skeleton, names FROM skeletons").fetchall()
    with closing(sqlite3.connect(index)) as conn:
        conn.execute(f"PRAGMA application_id = {int.from_bytes(b'CMT1', 'big')}")
        conn.execute("CREATE TABLE skeletons (skeleton TEXT PRIMARY KEY, names TEXT NOT NULL)")
        conn.executemany("INSERT INTO skeletons VALUES (?, ?)", rows)
        conn.commit()
    _seal(index)


STATES: dict[str, Callable[[Path, Family, Path, Path, random.Random], None]] = {
    "absent": _absent,
    "torn": _torn,
    "garbage": _garbage,
    "other stamp": _other_stamp,
    "random temp": _random_temp,
    "marshal": _marshalled,
    "format 1": _first_format,
}
WEIGHTS = {"absent": 40, "torn": 20, "garbage": 10, "other stamp": 10, "random temp": 10,
           "marshal": 10, "format 1": 10}  # fmt: skip
#: the states only the transliteration index has
_TRANSLIT_ONLY = ("marshal", "format 1")
FAMILIES = (
    Family("translit", "translit-", ".sqlite", tuple(STATES)),
    Family("names", "base-names-", ".idx", tuple(s for s in STATES if s not in _TRANSLIT_ONLY)),
)


# -- processes --------------------------------------------------------------------------


def spawn(home: Path, argv: list[str], out: Path) -> int:
    """Fork a process that runs ``conflictmap ARGV`` in ``home``, stdout/stderr to ``out``."""
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(out.with_suffix(".err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(err, 2)
        # under pytest sys.stdout is its capture, not fd 1
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        os.environ["CONFLICTMAP_HOME"] = str(home)
        os.environ.pop("CONFLICTMAP_DEBUG", None)
        from conflictmap.cli import main

        try:
            main(argv)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def finish(pid: int, timeout: float = 600.0) -> int:
    """Wait for a forked process; its exit status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"conflictmap took over {timeout} s")


def _writing(home: Path) -> bool:
    """True while some index's temporary file exists."""
    return any(p.name.endswith(".tmp") for f in FAMILIES for p in home.glob(f".{f.prefix}*"))


def run_and_kill(
    home: Path, argv: list[str], out: Path, delay: float, *, armed: bool
) -> int | None:
    """Run ARGV and SIGKILL it ``delay`` s after it starts (or, ``armed``, after its
    temporary index appears); its exit status, or ``None`` when it was killed."""
    pid = spawn(home, argv, out)
    started = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if armed and _writing(home):
            armed, started = False, time.monotonic()
        if not armed and time.monotonic() - started >= delay:
            break
        time.sleep(0.001)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


# -- the campaign -----------------------------------------------------------------------


@dataclass
class Built:
    """One family's index in the campaign home, and a copy of it as the reference run left it."""

    family: Family
    index: Path
    reference: Path
    content: str


@dataclass
class Setup:
    """The campaign's home and what a run must give."""

    home: Path
    article: Path
    output: bytes
    built: list[Built]
    span: float
    aliases: set[str] = field(default_factory=set)


def committed_aliases(home: Path) -> set[str] | None:
    """The alias keys in the corrections file (``None``: it fails its integrity check)."""
    with closing(sqlite3.connect(home / "corrections.sqlite")) as conn:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return None
        return {row[0] for row in conn.execute("SELECT key FROM aliases")}


def prepare(base_home: Path, folder: Path, *, full: bool) -> Setup:
    """The home (one correction committed), the reference run and its indexes."""
    home = campaign_home(base_home, folder / "home", full=full)
    article = folder / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = folder / "run.out"
    alias = ["gazetteer", "alias", "Zzcampville", GAO]
    assert finish(spawn(home, alias, out)) == 0, out.with_suffix(".err").read_text()
    started = time.monotonic()
    code = finish(spawn(home, ["extract", str(article)], out))
    span = time.monotonic() - started
    assert code == 0, out.with_suffix(".err").read_text()
    assert b"Zzcampville" in out.read_bytes(), "the correction applies"
    built = []
    for family in FAMILIES:
        index = family.index(home)
        reference = folder / f"reference-{family.name}{family.suffix}"
        shutil.copyfile(index, reference)
        content = family.digest(reference)
        assert content is not None
        built.append(Built(family, index, reference, content))
    return Setup(home, article, out.read_bytes(), built, span, {"zzcampville"})


def _killed_run(setup: Setup, trial: int, rng: random.Random, found: Campaign) -> None:
    """The run killed (with, sometimes, a correction written alongside it)."""
    from conflictmap.text.folding import fold

    folder = setup.article.parent
    writer = None
    if rng.random() < 0.3:
        name = f"Zzidx{trial}"
        argv = ["gazetteer", "alias", name, GAO]
        writer = (spawn(setup.home, argv, folder / "alias.out"), fold(name))
    armed = rng.random() < 0.5
    span = setup.span
    delay = rng.uniform(0, 0.3 * span) if armed else rng.uniform(0.05 * span, 1.1 * span)
    code = run_and_kill(setup.home, ["extract", str(setup.article)], folder / "killed.out",
                        delay, armed=armed)  # fmt: skip
    if code is None:
        found.killed += 1
        found.killed_writing += _writing(setup.home)
    else:
        found.completed += 1
        if code != 0:
            found.problems.append(f"trial {trial}: a run not killed exited {code}")
    if writer is not None and finish(writer[0]) == 0:
        setup.aliases.add(writer[1])
        found.corrections += 1


def _check_index(built: Built, label: str, setup: Setup, found: Campaign) -> None:
    """After the next run: the whole index, and nothing else of its family."""
    if built.family.digest(built.index) != built.content:
        found.partial_indexes += 1
        found.problems.append(f"{label}: the next run left no whole {built.family.name} index")
    left = built.family.leftovers(setup.home, built.index)
    if left:
        found.files_left += len(left)
        found.problems.append(f"{label}: left {left}")
        for name in left:
            (setup.home / name).unlink(missing_ok=True)


def run_trial(setup: Setup, trial: int, rng: random.Random, found: Campaign) -> None:
    """One trial: a state per index, a killed run, a next run, the checks."""
    states = {}
    for built in setup.built:
        state = rng.choices(built.family.states, [WEIGHTS[s] for s in built.family.states])[0]
        key = f"{built.family.name} {state}"
        found.states[key] = found.states.get(key, 0) + 1
        STATES[state](setup.home, built.family, built.index, built.reference, rng)
        states[built.family.name] = (state, _file_sum(built.index))
    _killed_run(setup, trial, rng, found)
    found.trials += 1
    after = {}
    for built in setup.built:
        state, before = states[built.family.name]
        after[built.family.name] = now = _file_sum(built.index)
        if now != before and built.family.digest(built.index) != built.content:
            found.partial_indexes += 1
            found.problems.append(f"trial {trial} ({state}): a partial {built.index.name}")
    out = setup.article.parent / "next.out"
    code = finish(spawn(setup.home, ["extract", str(setup.article)], out))
    err = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
    label = f"trial {trial} ({', '.join(f'{k} {v[0]}' for k, v in states.items())})"
    if code != 0 or out.read_bytes() != setup.output or "Traceback" in err:
        found.wrong_outputs += 1
        found.problems.append(f"{label}: next run exited {code}: {err[-300:]}")
    for built in setup.built:
        name = built.family.name
        found.rebuilt[name] = found.rebuilt.get(name, 0) + (_file_sum(built.index) != after[name])
        _check_index(built, label, setup, found)
    aliases = committed_aliases(setup.home)
    missing = setup.aliases - (aliases or set())
    if aliases is None or missing:
        found.lost += len(missing) or 1
        found.problems.append(f"trial {trial}: corrections lost {sorted(missing)[:5]}")


def run_campaign(
    base_home: Path, trials: int, seed: int, *, full: bool = False, folder: Path | None = None
) -> Campaign:
    """``trials`` trials on a home made from ``base_home``'s base."""
    import conflictmap.cli
    import conflictmap.pipeline
    import conflictmap.resolve.variants  # noqa: F401

    own = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="cm-kill-index-"))
    try:
        setup = prepare(base_home, folder, full=full)
        rng = random.Random(seed)
        found = Campaign()
        for trial in range(trials):
            run_trial(setup, trial, rng, found)
        return found
    finally:
        if own:
            shutil.rmtree(folder, ignore_errors=True)


def summary_line(found: Campaign) -> str:
    return (
        f"kill campaign index: {found.trials} trials, {found.killed} killed mid-run "
        f"({found.killed_writing} with the temporary index open), {found.completed} completed, "
        f"rebuilt by the next run: {found.rebuilt}, {found.corrections} corrections written "
        f"alongside, {found.partial_indexes} partial indexes, {found.wrong_outputs} wrong "
        f"outputs, {found.files_left} files left, {found.lost} committed corrections lost"
    )


def _main(argv: list[str], out: TextIO) -> int:
    args = [a for a in argv if not a.startswith("--")]
    trials = int(args[0]) if args else 20
    seed = int(args[1]) if len(args) > 1 else 20130114
    home = Path(os.environ.get("CONFLICTMAP_HOME") or Path.home() / ".local/share/conflictmap")
    started = time.process_time()
    found = run_campaign(home, trials, seed, full="--full" in argv)
    for problem in found.problems[:20]:
        out.write(f"problem: {problem}\n")
    out.write(summary_line(found) + "\n")
    result = {**asdict(found), "cpu_s_driver": round(time.process_time() - started, 1)}
    out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:], sys.stdout))
