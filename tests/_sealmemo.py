"""What the tests of the derived files' remembered checks share (:mod:`conflictmap.store.sealmemo`)."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conflictmap.store import sealmemo

#: the CLI with its arguments, files settled at once, each memo consulted, CRC computed
#: and memo written noted in the file ``$CM_MEMO_LOG`` by the process that did it
#: (:func:`memo_events`; forked workers inherit the notes)
COUNTING_RUN = (
    "import os, sys\n"
    "from conflictmap.store import sealmemo\n"
    "sealmemo.SETTLED_S = 0.0\n"
    "log = open(os.environ['CM_MEMO_LOG'], 'a', buffering=1)\n"
    "def note(event, memo):\n"
    "    log.write(f\"{os.getpid()} {event} {memo.name.removesuffix('-checked.txt')}\\n\")\n"
    "checked, recall, write = sealmemo.checked, sealmemo.recall, sealmemo.atomic_write\n"
    "def counted(path, info, crc, compute):\n"
    "    def computed():\n"
    "        note('crc', sealmemo.memo_of(path))\n"
    "        return compute()\n"
    "    return checked(path, info, crc, computed)\n"
    "def recalled(path, line):\n"
    "    found = recall(path, line)\n"
    "    if found:\n"
    "        note('trusted', sealmemo.memo_of(path))\n"
    "    return found\n"
    "def written(memo, text):\n"
    "    note('write', memo)\n"
    "    return write(memo, text)\n"
    "sealmemo.checked, sealmemo.recall, sealmemo.atomic_write = counted, recalled, written\n"
    "log.write(f'{os.getpid()} main -\\n')\n"
    "from conflictmap.cli import main\n"
    "main(sys.argv[1:])\n"
)


def memo_events(log: Path) -> tuple[Counter[str], Counter[str]]:
    """What :data:`COUNTING_RUN` noted in ``log`` (then emptied): the main process's
    events (``"crc translit"``, ``"write base-names"``, ``"trusted ..."``) and those of
    the others (its workers)."""
    lines = [line.split(" ", 1) for line in log.read_text().splitlines()]
    log.write_text("")
    main = {pid for pid, event in lines if event == "main -"}
    assert len(main) == 1, lines
    ours = Counter(event for pid, event in lines if pid in main and event != "main -")
    return ours, Counter(event for pid, event in lines if pid not in main)


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
