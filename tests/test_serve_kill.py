"""SIGKILL the review app while it writes scoped corrections (issue 20): nothing it
acknowledged is lost, the corrections file stays sound (tests/serve_kill.py).

CI runs a few trials (CONFLICTMAP_APP_KILL_TRIALS overrides);
``python bench/kill_campaign.py --app 500`` runs the long campaign.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .serve_kill import run_campaign, summary_line

pytest.importorskip("uvicorn", reason="the serve extra (uvicorn) is not installed")

TRIALS = int(os.environ.get("CONFLICTMAP_APP_KILL_TRIALS", "4"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the trials fork server processes")
def test_killing_the_app_mid_write_loses_nothing_it_acknowledged(
    base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = run_campaign(base_home, TRIALS, seed=TRIALS, folder=tmp_path)
    with capsys.disabled():
        print("\n" + summary_line(found))
    assert found.trials == TRIALS
    assert found.lost == 0 and found.integrity_failures == 0, found.problems
    assert found.acknowledged > 0  # the app did write before it was killed
