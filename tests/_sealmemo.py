"""What the tests of the derived files' remembered checks share (:mod:`conflictmap.store.sealmemo`)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conflictmap.store import sealmemo

#: the CLI with its arguments, files settled at once; prints on its last line of stderr
#: how many CRCs it computed of each kind of file (``translit``, ``base-names``...)
COUNTING_RUN = (
    "import collections, json, sys\n"
    "from conflictmap.store import sealmemo\n"
    "sealmemo.SETTLED_S = 0.0\n"
    "seen = collections.Counter()\n"
    "real = sealmemo.checked\n"
    "def counted(path, info, crc, compute):\n"
    "    def computed():\n"
    "        seen[sealmemo.memo_of(path).name.removesuffix('-checked.txt')] += 1\n"
    "        return compute()\n"
    "    return real(path, info, crc, computed)\n"
    "sealmemo.checked = counted\n"
    "from conflictmap.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    print(json.dumps(seen), file=sys.stderr)\n"
)


def crcs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose CRC is computed from now on (in this process)."""
    seen: list[Path] = []
    real = sealmemo.checked

    def counted(path: Path, info: os.stat_result, crc: int, compute: Callable[[], int]) -> bool:
        def computed() -> int:
            seen.append(path)
            return compute()

        return real(path, info, crc, computed)

    monkeypatch.setattr(sealmemo, "checked", counted)
    return seen


def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo used, and files settled at once (the tests change them a tick later)."""
    monkeypatch.setattr(sealmemo, "_USED", True)
    monkeypatch.setattr(sealmemo, "SETTLED_S", 0.0)


def next_tick() -> None:
    time.sleep(0.05)  # beyond one tick of the file times' clock (1-10 ms)
