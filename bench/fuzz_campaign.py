#!/usr/bin/env python3
"""A long fuzz campaign: the properties of ``tests/test_robustness_fuzz.py`` at scale.

Usage::

    python bench/fuzz_campaign.py                   # about 115,000 cases
    python bench/fuzz_campaign.py --scale 0.05      # a quick smoke run
    python bench/fuzz_campaign.py --seed 7 --only pipeline-tiny

Each property runs under Hypothesis with many examples (no example database, no
deadline, a fixed seed so a run can be repeated). Every executed case is counted,
including the replays Hypothesis makes while shrinking a failure. A property that
fails prints its smallest failing input and the campaign goes on with the next.

Besides the text parsers, three properties hold the review app and the scoped
corrections to the same bar (issue 20): ``app-api`` sends generated requests to
a real ``conflictmap serve`` app (uvicorn in a thread; tests/serve_fuzz.py: no 5xx,
no traceback, every refusal a 4xx with a one-line JSON error), ``corrections-import``
imports generated corrections files and ``scope-parse`` checks generated scopes
(each a clean result or one :class:`~conflictmap.errors.ConflictmapError` line).

The figures (cases per property, failures, seconds) are printed as a table and
written to ``bench/results/fuzz_campaign.json``. The real base gazetteer is
opened from ``$CONFLICTMAP_HOME`` (built on first use if missing); the app and
the imports write to a fresh home sharing it.
"""

from __future__ import annotations

import argparse
import atexit
import json
import sys
import tempfile
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

from conflictmap.errors import ConflictmapError  # noqa: E402
from conflictmap.paths import CORRECTIONS_DB  # noqa: E402
from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.store.corrections import EXPORT_FORMAT, CorrectionStore  # noqa: E402
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
        props.update(correction_properties(real))
    return props


def correction_properties(real: Gazetteer) -> dict[str, tuple[int, Any, Callable[..., object]]]:
    """The review app's API, corrections files and scopes, over a fresh home."""
    from tests.serve_fuzz import ApiFuzzer, requests

    home = _fresh_home(real.home)
    store = CorrectionStore(home / CORRECTIONS_DB, gazetteer=real)
    fuzzer = ApiFuzzer(_app(home))

    def one_line(error: ConflictmapError) -> None:
        assert str(error).strip() and "\n" not in str(error), repr(error)

    def import_check(raw: bytes) -> None:
        try:
            store.import_bytes(raw, source="fuzz.json")
        except ConflictmapError as error:
            one_line(error)

    def scope_check(text: str, action: str) -> None:
        try:
            if action == "reject":
                store.reject("Pemba", scope=text)
            else:
                store.alias("Mossimboa", "geonames:1024699", scope=text)
        except ConflictmapError as error:
            one_line(error)

    return {
        "app-api": (40_000, st.tuples(requests), fuzzer.check),
        "corrections-import": (8_000, st.tuples(bundles()), import_check),
        "scope-parse": (
            4_000,
            st.tuples(scopes(), st.sampled_from(["reject", "alias"])),
            scope_check,
        ),
    }


def _fresh_home(base: Path) -> Path:
    from tests._geonames import make_home

    return make_home(base, Path(tempfile.mkdtemp(prefix="cm-fuzz-")) / "home")


def _app(home: Path) -> Any:
    """A running review app over ``home`` (stopped when the campaign's process ends)."""
    from tests.serve_fuzz import ARTICLE
    from tests.serve_harness import running_app

    article = home / "cabo.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    running = running_app(home, str(article))
    app = running.__enter__()
    atexit.register(running.__exit__, None, None, None)
    return app


def scopes() -> Any:
    """Scope texts: well-formed, nearly so, and anything."""
    kinds = st.sampled_from(["article", "region", "country", "everywhere", "Region", "", "x"])
    values = st.one_of(
        st.sampled_from(["MZ.01", "mz.06", "ML.99", "Cabo Delgado", "Punjab", "Punjab, PK",
                         "Punjab (IN)", "MZ", "ZZ", "Atlantis", " ", "sha256:0"]),
        st.sampled_from(PAYLOADS), st.text(max_size=60),
    )  # fmt: skip
    return st.one_of(
        st.tuples(kinds, st.sampled_from([":", "", "::"]), values).map("".join), st.text()
    )


def bundles() -> Any:
    """Corrections files: nearly valid JSON objects, broken JSON, and any bytes."""
    from tests.serve_fuzz import fuzz_json, fuzz_text

    name = st.one_of(st.sampled_from(["Pemba", "Mossimboa", "Gao", ""]), fuzz_text)
    place = st.one_of(st.sampled_from(["geonames:1028918", "user:1", "user:2", "x"]), fuzz_text)
    scope = st.one_of(st.none(), scopes())
    number = st.one_of(st.floats(-200, 200), fuzz_json)
    entry = st.fixed_dictionaries(
        {"name": name},
        optional={"place": place, "scope": scope, "id": place, "lat": number, "lon": number,
                  "uid": fuzz_text, "kind": st.sampled_from(["village", "town", "border", "x"]),
                  "country": st.sampled_from(["MZ", "ZZ", "éé", None])},
    )  # fmt: skip
    sections = {s: st.lists(st.one_of(entry, fuzz_json), max_size=4)
                for s in ("places", "aliases", "prefer", "reject")}  # fmt: skip
    document = st.fixed_dictionaries(
        {"format": st.sampled_from([EXPORT_FORMAT, EXPORT_FORMAT, "x"]),
         "version": st.one_of(st.sampled_from([1, 2, 2, 3, 0]), fuzz_json)},
        optional=sections,
    )  # fmt: skip
    encoded = document.map(lambda d: json.dumps(d, allow_nan=True).encode("utf-8", "surrogatepass"))
    return st.one_of(encoded, encoded, st.binary(max_size=300))


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
