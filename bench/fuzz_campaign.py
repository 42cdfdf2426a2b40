#!/usr/bin/env python3
"""A long fuzz campaign: the properties of ``tests/test_robustness_fuzz.py`` at scale.

Usage::

    python bench/fuzz_campaign.py                   # about 60,000 cases, ~15 minutes
    python bench/fuzz_campaign.py --scale 0.05      # a quick smoke run
    python bench/fuzz_campaign.py --seed 7 --only pipeline-tiny

Each property runs under Hypothesis with many examples (no example database, no
deadline, a fixed seed so a run can be repeated). Every executed case is counted,
including the replays Hypothesis makes while shrinking a failure. A property that
fails prints its smallest failing input and the campaign goes on with the next.

The figures (cases per property, failures, seconds) are printed as a table and
written to ``bench/results/fuzz_campaign.json``. The real base gazetteer is
opened from ``$CONFLICTMAP_HOME`` (built on first use if missing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.store.gazetteer import Gazetteer  # noqa: E402
from conflictmap.text import decode_bytes, html_to_text, read_article  # noqa: E402
from tests.conftest import tiny_places  # noqa: E402
from tests.test_robustness_fuzz import (  # noqa: E402
    MARKUP,
    PATHOLOGICAL,
    PAYLOADS,
    PLACES,
    article,
    check_map,
    check_spotter,
    pipeline,
)


@dataclass
class Outcome:
    name: str
    target: int
    cases: int = 0
    failures: int = 0
    seconds: float = 0.0
    failure: str | None = None


def tiny() -> Gazetteer:
    places, aliases = tiny_places()
    return Gazetteer.from_places(
        places, aliases=aliases, demonyms=[("Malian", "ML"), ("Mauritanian", "MR")]
    )


def properties(real: Gazetteer | None) -> dict[str, tuple[int, Any, Callable[..., object]]]:
    """name -> (examples at scale 1, strategy, check)."""
    gaz = tiny()
    markup = st.lists(
        st.one_of(st.sampled_from(MARKUP), st.sampled_from(PLACES), st.text(max_size=10)),
        max_size=80,
    ).map("".join)

    def bytes_check(data: bytes) -> None:
        from conflictmap.errors import InputError

        try:
            decoded = decode_bytes(data)
        except InputError:
            return
        decoded.text.encode("utf-8")
        assert "\r" not in decoded.text

    def stdin_check(data: bytes) -> None:
        import io

        from conflictmap.errors import InputError

        try:
            loaded = read_article("-", stdin=io.BytesIO(data), max_bytes=64 * 1024)
        except InputError:
            return
        loaded.text.encode("utf-8")
        pipeline(gaz, loaded.text)

    def html_check(html: str) -> None:
        text = html_to_text(html)
        text.encode("utf-8")
        if text.strip():
            pipeline(gaz, text)

    def map_check(text: str, payload: str) -> None:
        result = pipeline(gaz, f"{payload} {text} Gao {payload} Kidal, near Bamako. {payload}")
        if result is not None:
            check_map(result)

    props: dict[str, tuple[int, Any, Callable[..., object]]] = {
        "spotter+resolver-tiny": (20_000, st.tuples(article), lambda t: check_spotter(gaz, t)),
        "spotter-any-unicode": (
            8_000,
            st.tuples(st.text(max_size=400)),
            lambda t: check_spotter(gaz, t),
        ),
        "pipeline-tiny": (15_000, st.tuples(article), lambda t: pipeline(gaz, t)),
        "decode-bytes": (8_000, st.tuples(st.binary(max_size=4000)), bytes_check),
        "read-stdin+pipeline": (3_000, st.tuples(st.binary(max_size=4000)), stdin_check),
        "html-to-text+pipeline": (4_000, st.tuples(markup), html_check),
        "map-writer-tiny": (2_000, st.tuples(article, st.sampled_from(PAYLOADS)), map_check),
    }
    if real is not None:

        def real_check(text: str) -> None:
            check_spotter(real, text)
            pipeline(real, text)

        def real_map(text: str, payload: str) -> None:
            result = pipeline(real, f"Bamako {payload} {text} Gao {payload} Timbuktu")
            if result is not None:
                check_map(result)

        props["pipeline-base"] = (3_000, st.tuples(article), real_check)
        props["map-writer-base"] = (300, st.tuples(article, st.sampled_from(PAYLOADS)), real_map)
    return props


def run_property(
    name: str, target: int, strategy: Any, check: Callable[..., object], run_seed: int
) -> Outcome:
    outcome = Outcome(name, target)

    @seed(run_seed)
    @settings(
        max_examples=target,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(args=strategy)
    def prop(args: tuple[Any, ...]) -> None:
        outcome.cases += 1
        check(*args)

    started = time.perf_counter()
    try:
        prop()
    except Exception:  # noqa: BLE001 - a campaign reports failures and goes on
        outcome.failures += 1
        outcome.failure = traceback.format_exc(limit=6)[-3000:]
    outcome.seconds = round(time.perf_counter() - started, 1)
    return outcome


def run_pathological(gaz: Gazetteer) -> Outcome:
    outcome = Outcome("pathological-texts", len(PATHOLOGICAL))
    started = time.perf_counter()
    for text in PATHOLOGICAL:
        outcome.cases += 1
        try:
            check_spotter(gaz, text)
            result = pipeline(gaz, text)
            if result is not None:
                check_map(result)
        except Exception:  # noqa: BLE001 - a campaign reports failures and goes on
            outcome.failures += 1
            outcome.failure = traceback.format_exc(limit=6)[-3000:]
    outcome.seconds = round(time.perf_counter() - started, 1)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every example count")
    parser.add_argument("--seed", type=int, default=20130114, help="Hypothesis seed")
    parser.add_argument("--only", action="append", help="run only these properties")
    parser.add_argument("--no-base", action="store_true", help="skip the real base gazetteer")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "fuzz_campaign.json"
    )
    args = parser.parse_args(argv)

    real = None if args.no_base else open_gazetteer(progress=False)
    outcomes = [run_pathological(tiny())]
    for name, (count, strategy, check) in properties(real).items():
        if args.only and name not in args.only:
            continue
        target = max(1, int(count * args.scale))
        print(f"{name}: {target} examples ...", file=sys.stderr, flush=True)
        outcomes.append(run_property(name, target, strategy, check, args.seed))

    width = max(len(o.name) for o in outcomes)
    print(f"{'property':<{width}}  {'cases':>8}  {'failures':>8}  {'seconds':>8}")
    for o in outcomes:
        print(f"{o.name:<{width}}  {o.cases:>8}  {o.failures:>8}  {o.seconds:>8}")
    total = sum(o.cases for o in outcomes)
    failures = sum(o.failures for o in outcomes)
    print(
        f"{'total':<{width}}  {total:>8}  {failures:>8}  {sum(o.seconds for o in outcomes):>8.1f}"
    )
    for o in outcomes:
        if o.failure:
            print(f"\n--- {o.name} failed:\n{o.failure}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "seed": args.seed,
                "scale": args.scale,
                "total_cases": total,
                "failures": failures,
                "properties": [asdict(o) for o in outcomes],
            },
            indent=2,
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
