"""Reading the stored corrections for a gazetteer, without the writing side.

The gazetteer reads the user's corrections through :func:`read_overrides`; this
module needs nothing of the gazetteer, so the store (which checks place ids
against a gazetteer) and the gazetteer (which applies the corrections) do not
import each other.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> read_overrides(Path(tempfile.mkdtemp()) / "corrections.sqlite").empty
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conflictmap.store.corrections.opening import open_store
from conflictmap.store.corrections.state import overrides_of, read_state
from conflictmap.store.overrides import Overrides

__all__ = ["read_overrides"]

#: seconds to wait for another process's write to finish
_TIMEOUT = 30.0


def read_overrides(path: Path, *, known: Callable[[str], bool] | None = None) -> Overrides:
    """The corrections in the file at ``path`` (none when it does not exist).

    ``known(place_id)`` tells whether the gazetteer holds a place; aliases and
    preferences naming places it lacks are skipped (see
    :meth:`~conflictmap.store.corrections.CorrectionStore.overrides`).
    """
    if not path.exists():
        return Overrides()
    with open_store(path, _TIMEOUT, check=True) as conn:
        state = read_state(conn)
    return overrides_of(state, known)
