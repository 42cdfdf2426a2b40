"""Where the time goes: sample ``conflictmap extract --jsonl`` on LGL and one cold start.

Runs the whole process under py-spy (sampling, low overhead; ``pip install
py-spy``, part of the ``bench`` extra) with one worker, and prints the share of
samples per pipeline stage and the functions with the largest inclusive and self
time. Also prints the slowest imports of a cold ``conflictmap extract``
(``python -X importtime``).

Usage::

    python bench/hotspots.py [--corpus lgl|mali] [--top 30] [--rate 250]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import _perf

#: pipeline stages, by the function that runs each (first match on the stack wins)
STAGES = (
    ("startup imports", re.compile(r"^_find_and_load ")),
    (
        "reading/JSON in/out",
        re.compile(r"^(parse_record|_records|_encode|JSONEncoder|dumps|loads)"),
    ),
    ("statements", re.compile(r"^find_statements ")),
    ("events", re.compile(r"^find_events ")),
    ("resolution", re.compile(r"^GazetteerResolver\.resolve ")),
    ("tokenize", re.compile(r"^tokenize ")),
    ("spotting (other)", re.compile(r"^Spotter\.spot ")),
    ("result to dict", re.compile(r"^Result\.to_dict ")),
)
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]*)(?::(?P<line>\d+))?\)$")


def _short(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return frame
    return f"{match['func']} ({Path(match['file']).name})"


def summarise(raw: Path, top: int) -> dict[str, object]:
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short(f) for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] += n
        own[frames[-1]] += n
        stage = "other"
        for label, pattern in STAGES:  # the first stage in STAGES on the stack wins
            if any(pattern.search(f) for f in frames):
                stage = label
                break
        stages[stage] += n
    if not total:
        raise SystemExit("py-spy recorded no samples")

    def table(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)]

    return {
        "samples": total,
        "stages_pct": {k: round(100 * v / total, 1) for k, v in stages.most_common()},
        "inclusive_pct": table(inclusive),
        "self_pct": table(own),
    }


def import_times(env: dict[str, str], article: Path, top: int) -> list[tuple[str, float]]:
    proc = subprocess.run(
        [_perf.PYTHON, "-X", "importtime", "-m", "conflictmap", "extract", str(article)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[1]) / 1000))
    rows.sort(key=lambda r: -r[1])
    return [(name, round(ms, 1)) for name, ms in rows[:top]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=["lgl", "mali"], default="lgl")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--rate", type=int, default=250, help="samples per second")
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home, info = _perf.prepare(args.home)
    env = _perf.env_with_home(home)
    with tempfile.TemporaryDirectory(prefix="cm-prof-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        if args.corpus == "lgl":
            _perf.need(_perf.LGL_XML, "the LGL corpus")
            _perf.write_jsonl(_perf.lgl_records(), corpus)
        else:
            _perf.need(_perf.MALI, "the Mali article")
            text = _perf.MALI.read_text(encoding="utf-8")
            _perf.write_jsonl([{"id": str(i), "text": text} for i in range(200)], corpus)
        cmd = _perf.conflictmap_cmd("extract", "--jsonl", str(corpus), "--workers", "1")
        raw = Path(tmp) / "profile.txt"
        spy = shutil.which("py-spy")
        if spy is None:
            raise SystemExit("py-spy is not installed (pip install py-spy)")
        subprocess.run(
            [spy, "record", "-r", str(args.rate), "-f", "raw", "--nonblocking", "-o", str(raw),
             "--", *cmd],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
        )  # fmt: skip
        report = summarise(raw, args.top)
    print(f"\n## {args.corpus}: {report['samples']} samples at {args.rate}/s")
    print("\nstage                      share")
    for stage, pct in report["stages_pct"].items():  # type: ignore[attr-defined]
        print(f"  {stage:24} {pct:5.1f}%")
    for title, key in (("inclusive", "inclusive_pct"), ("self", "self_pct")):
        print(f"\ntop functions by {title} time")
        for name, pct in report[key]:  # type: ignore[attr-defined]
            print(f"  {pct:5.1f}%  {name}")
    article = _perf.MALI if _perf.MALI.exists() else next(_perf.EXAMPLES.glob("*.txt"))
    slow = import_times(env, article, 15)
    print(f"\nslowest imports of a cold 'extract {article.name}' (cumulative ms)")
    for name, ms in slow:
        print(f"  {ms:7.1f}  {name}")
    _perf.save(
        f"profile-{args.corpus}",
        {"machine": info, "rate": args.rate, **report, "imports_ms": slow},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
