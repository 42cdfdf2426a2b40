"""The review app's API under generated requests (issue 20): no 5xx, no traceback,
every refusal a 4xx with a one-line JSON error (tests/serve_fuzz.py).

CI runs a few hundred cases; ``python bench/fuzz_campaign.py --only app-api`` runs
tens of thousands. The app runs for real (uvicorn in a thread) over a fresh home
sharing the session's base gazetteer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conflictmap.paths import CORRECTIONS_DB
from conflictmap.store.corrections import CorrectionStore

from ._geonames import make_home
from .serve_fuzz import ARTICLE, ApiFuzzer, Call, requests
from .serve_harness import running_app

#: cases per CI run (CONFLICTMAP_FUZZ_API overrides)
CASES = int(os.environ.get("CONFLICTMAP_FUZZ_API", "300"))


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory, base_home: Path) -> Iterator[ApiFuzzer]:
    home = make_home(base_home, tmp_path_factory.mktemp("fuzz") / "home")
    article = home / "cabo.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with running_app(home, str(article)) as app:
        fuzz = ApiFuzzer(app)
        try:
            yield fuzz
        finally:
            fuzz.close()
    assert CorrectionStore(home / CORRECTIONS_DB).verify().ok


@settings(max_examples=CASES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(call=requests)
def test_every_generated_request_gets_a_clear_answer(fuzzer: ApiFuzzer, call: Call) -> None:
    fuzzer.check(call)


def test_the_fuzzer_reaches_the_writes_and_the_refusals(fuzzer: ApiFuzzer) -> None:
    """The generated requests are not all refused at the door: some write, some are 4xx."""
    good = Call("POST", "/api/reject", b'{"mention": 0, "scope": "region"}')
    fuzzer.check(good)
    fuzzer.check(Call("GET", "/nowhere"))
    fuzzer.check(Call("DELETE", "/api/choose"))
    assert fuzzer.statuses.get(200, 0) >= 1 and fuzzer.statuses.get(404, 0) >= 1
    assert fuzzer.statuses.get(405, 0) >= 1
