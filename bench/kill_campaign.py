#!/usr/bin/env python3
"""The SIGKILL campaign: kill writers of the corrections store and of GeoNames imports.

Usage::

    python bench/kill_campaign.py          # 1,000 store, 100 + 100 CLI, 500 app, 500 index trials
    python bench/kill_campaign.py --store 500 --cli 50   # shorter
    python bench/kill_campaign.py --store 0 --cli 0 --app 500 --index 0   # the review app only
    python bench/kill_campaign.py --store 0 --cli 0 --app 0 --index 500 --index-full 20
    python bench/kill_campaign.py --seed 3

Campaigns from the test suite, at a size CI does not run:

- *store*: the driver of ``tests/test_corrections_concurrency.py`` starts writer
  processes on one corrections file and SIGKILLs them at chosen SQLite statements
  (inside the transaction, at its COMMIT) or after a random delay, then reopens the
  file: ``PRAGMA integrity_check`` must be ok, the history must replay to the state,
  and every correction a writer reported committed must be there;
- *cli*: ``tests/test_robustness_kill.py`` kills the real ``conflictmap gazetteer``
  commands (add, alias, reject, undo, import-corrections of 1,500 corrections,
  ``gazetteer import`` of 3,000 GeoNames rows) at random points and checks that no
  committed change is lost and no import is half-applied;
- *app* (issue 20): ``tests/serve_kill.py`` SIGKILLs a real ``conflictmap serve``
  server process (uvicorn) while three clients write scoped corrections through its
  API (aliases and added places for the article's region, country, or the article),
  then checks the file (integrity, replay) and that every correction the app
  acknowledged is there with its scope;
- *index* (issue 20): ``tests/index_kill.py`` SIGKILLs a real ``conflictmap extract``
  while it rebuilds the home's transliteration index, from a home left without a usable
  index (absent, torn, garbage, another stamp's, an earlier version's temporary file or
  format), then checks that the file is never a partial index, that the next run
  rebuilds it and prints the reference output, leaves no temporary or stale file, and
  that every committed correction (some written alongside the killed run) is there.
  The home is the base cut to three countries (a tenth of the names); ``--index-full``
  runs trials on the whole base too.

Printed: trials, kills and losses per campaign, and the totals (losses must be 0).
Figures go to ``bench/results/kill_campaign.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SUMMARY = re.compile(
    r"kill campaign (\S+): (\d+) trials, (\d+) killed mid-run .*?, (\d+) completed, "
    r"(\d+) half-applied, (\d+) committed changes lost"
)


def store_campaign(trials: int, seed: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="cm-kill-store-"))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "test_corrections_concurrency.py"), str(folder),
         str(trials), str(seed)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=7200,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"store campaign failed: {proc.stderr.strip()[-2000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def cli_campaign(trials: int, seed: int) -> list[dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONFLICTMAP_KILL_TRIALS": str(trials),
           "CONFLICTMAP_KILL_SEED": str(seed)}  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "test_robustness_kill.py")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=7200,
    )  # fmt: skip
    found = [
        {"campaign": m[1], "trials": int(m[2]), "killed": int(m[3]), "completed": int(m[4]),
         "half_applied": int(m[5]), "lost": int(m[6])}
        for m in _SUMMARY.finditer(proc.stdout)
    ]  # fmt: skip
    if proc.returncode != 0 or not found:
        tail = (proc.stdout + proc.stderr).strip()[-2000:]
        raise SystemExit(f"CLI campaign failed (exit {proc.returncode}): {tail}")
    return found


def app_campaign(trials: int, seed: int) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.serve_kill", str(trials), str(seed)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT, timeout=4 * 3600,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    if not lines or not lines[-1].startswith("{"):
        raise SystemExit(f"app campaign failed: {(proc.stdout + proc.stderr).strip()[-2000:]}")
    print("\n".join(line for line in lines[:-1] if line.startswith(("kill campaign", "kept"))))
    return dict(json.loads(lines[-1]))


def index_campaign(trials: int, seed: int, *, full: bool) -> dict[str, object]:
    command = [sys.executable, "-m", "tests.index_kill", str(trials), str(seed)]
    proc = subprocess.run(
        command + (["--full"] if full else []),
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT, timeout=4 * 3600,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines or not lines[-1].startswith("{"):
        raise SystemExit(f"index campaign failed: {(proc.stdout + proc.stderr).strip()[-2000:]}")
    print(("whole base: " if full else "") + "\n".join(lines[:-1]))
    found = dict(json.loads(lines[-1]))
    failures = ("partial_indexes", "wrong_outputs", "files_left", "lost")
    found["failures"] = sum(int(found[key]) for key in failures)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=int, default=1000, help="store trials")
    parser.add_argument("--cli", type=int, default=100, help="trials per CLI campaign")
    parser.add_argument("--app", type=int, default=500, help="review app trials")
    parser.add_argument("--index", type=int, default=500, help="index rebuild trials")
    parser.add_argument("--index-full", type=int, default=0,
                        help="index rebuild trials on the whole base")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20130114)
    args = parser.parse_args()
    store: dict[str, object] = {"trials": 0, "lost": 0}
    if args.store:
        store = store_campaign(args.store, args.seed)
        print(f"store: {store['trials']} trials, {store['killed_inside_a_transaction']} killed "
              f"inside a transaction (at {', '.join(store['kill_points_inside'])}), "  # type: ignore[arg-type]
              f"{store['committed']} corrections committed, {store['lost']} lost")  # fmt: skip
    cli = cli_campaign(args.cli, args.seed) if args.cli else []
    for row in cli:
        print(f"cli {row['campaign']}: {row['trials']} trials, {row['killed']} killed mid-run, "
              f"{row['completed']} completed, {row['half_applied']} half-applied, "
              f"{row['lost']} committed changes lost")  # fmt: skip
    app = app_campaign(args.app, args.seed) if args.app else {"trials": 0, "lost": 0}
    app_lost = int(app["lost"]) + int(app.get("integrity_failures", 0))  # type: ignore[call-overload]
    index = [index_campaign(n, args.seed, full=full)
             for n, full in ((args.index, False), (args.index_full, True)) if n]  # fmt: skip
    trials = int(store["trials"]) + int(app["trials"])  # type: ignore[call-overload]
    trials += sum(int(r["trials"]) for r in index)  # type: ignore[call-overload]
    trials += sum(int(r["trials"]) for r in cli)  # type: ignore[call-overload]
    lost = int(store["lost"]) + app_lost  # type: ignore[call-overload]
    lost += sum(int(r["lost"]) + int(r["half_applied"]) for r in cli)  # type: ignore[call-overload]
    lost += sum(int(r["failures"]) for r in index)  # type: ignore[call-overload]
    print(f"total: {trials} SIGKILL trials, {lost} corrections or imports lost or half-applied, "
          "or indexes partial, wrong or left behind")  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "kill_campaign.json").write_text(
        json.dumps(
            {
                "store": store,
                "cli": cli,
                "app": app,
                "index": index,
                "trials": trials,
                "lost": lost,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    if lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
