"""The text memos a run of the CLI keeps in its home, loaded and saved together.

:mod:`~conflictmap.text.gatememo` (what the word gates read from patterns) and
:mod:`~conflictmap.text.regexmemo` (the compiled patterns) are consulted only by a
process that loaded them; the CLI loads both before its work and saves both after it
(issue 19: start-up).
"""

from __future__ import annotations

from pathlib import Path

from conflictmap.text import gatememo, regexmemo

__all__ = ["load", "save"]


def load(home: Path) -> None:
    """Consult the memos of ``home`` from now on."""
    gatememo.load(home)
    regexmemo.load(home)


def save() -> None:
    """Write back what this run added to the memos (nothing when it added nothing, or
    when the home cannot be written)."""
    gatememo.save()
    regexmemo.save()
