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

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from conflictmap.model import Layer, Place, PlaceKind
from conflictmap.store.overrides import Overrides

if TYPE_CHECKING:
    from conflictmap.store.corrections.state import State

__all__ = ["overrides_of", "read_overrides"]

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
    # the store's modules only when there is a file to read (issue 19: start-up)
    from conflictmap.store.corrections.opening import open_store
    from conflictmap.store.corrections.state import read_state

    with open_store(path, _TIMEOUT, check=True, write=False) as conn:
        state = read_state(conn)
    return overrides_of(state, known)


def overrides_of(state: State, known: Callable[[str], bool] | None) -> Overrides:
    """The snapshot the resolver applies; references to places ``known`` lacks are skipped."""
    places = {cell[0]: _place_of(cell[0], value) for cell, value in state["places"].items()}

    def usable(pid: str) -> bool:
        if pid in places:
            return True
        if pid.startswith("user:"):
            return False
        return known is None or known(pid)

    aliases: dict[str, list[str]] = {}
    for key, pid in sorted(state["aliases"]):
        if usable(pid):
            aliases.setdefault(key, []).append(pid)
    prefer = {
        key[0]: value["place"] for key, value in state["prefer"].items() if usable(value["place"])
    }
    return Overrides(
        places=MappingProxyType(places),
        aliases=MappingProxyType({k: tuple(v) for k, v in aliases.items()}),
        prefer=MappingProxyType(prefer),
        reject=frozenset(k[0] for k in state["reject"]),
        scoped=MappingProxyType(_scoped(state, usable)),
    )


def _scoped(state: State, usable: Callable[[str], bool]) -> dict[str, Overrides]:
    """The preferences, rejections and aliases of each scope (issue 17), by scope text."""
    prefer: dict[str, dict[str, str]] = {}
    reject: dict[str, set[str]] = {}
    aliases: dict[str, dict[str, list[str]]] = {}
    for (scope, key), value in sorted(state.get("scoped_prefer", {}).items()):
        if usable(value["place"]):
            prefer.setdefault(scope, {})[key] = value["place"]
    for scope, key in sorted(state.get("scoped_reject", {})):
        reject.setdefault(scope, set()).add(key)
    for scope, key, pid in sorted(state.get("scoped_aliases", {})):
        if usable(pid):
            aliases.setdefault(scope, {}).setdefault(key, []).append(pid)
    return {
        scope: Overrides(
            prefer=MappingProxyType(prefer.get(scope, {})),
            reject=frozenset(reject.get(scope, ())),
            aliases=MappingProxyType({k: tuple(v) for k, v in aliases.get(scope, {}).items()}),
        )
        for scope in sorted(set(prefer) | set(reject) | set(aliases))
    }


def _place_of(pid: str, value: Mapping[str, Any]) -> Place:
    return Place(
        id=pid,
        name=value["name"],
        lat=value["lat"],
        lon=value["lon"],
        country=value.get("country"),
        feature=value.get("feature"),
        kind=PlaceKind(value.get("kind", "village")),
        layer=Layer.CORRECTIONS,
        source="added by the user (conflictmap gazetteer add)",
    )
