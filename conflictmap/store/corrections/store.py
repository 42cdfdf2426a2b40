"""The :class:`CorrectionStore`: the user's corrections file and every operation on it.

See :mod:`conflictmap.store.corrections` for what the store keeps and guarantees.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections import bundle as bundles
from conflictmap.store.corrections.base import (
    TABLES,
    USER_KINDS,
    Applied,
    Correction,
    PlaceLookup,
    StoreCheck,
)
from conflictmap.store.corrections.connection import now, snapshot, transaction
from conflictmap.store.corrections.migrations import schema_of
from conflictmap.store.corrections.opening import open_store
from conflictmap.store.corrections.reading import overrides_of
from conflictmap.store.corrections.scoped import cell, check_scope, with_scope
from conflictmap.store.corrections.state import (
    PlaceIndex,
    Plan,
    append_history,
    check_references,
    history,
    new_place_id,
    place_value,
    plan_undo,
    read_state,
    replay_problems,
    require_user_place,
    write_cell,
)
from conflictmap.store.corrections.validate import (
    check_coordinates,
    check_country,
    check_pid,
    clean_name,
)
from conflictmap.store.overrides import Overrides
from conflictmap.store.scopes import RegionSource, Scope, find_regions

__all__ = ["CorrectionStore"]


class CorrectionStore:
    """The corrections file of a conflictmap home.

    Every method opens the file, does one short transaction and closes it, so a
    store object is cheap and safe to use from several processes at once.

    Parameters
    ----------
    path : path
        The corrections file (``$CONFLICTMAP_HOME/corrections.sqlite``).
    gazetteer : Gazetteer, optional
        Used to check place ids (and the country of an added place). Default:
        the gazetteer of the folder holding ``path``, from the process's registry
        (:mod:`conflictmap.store.registry`) when first needed.
    timeout : float
        Seconds to wait for another process's write to finish.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        gazetteer: PlaceLookup | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._gazetteer = gazetteer
        self._checked = False

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r})"

    # -- opening ----------------------------------------------------------------

    @contextmanager
    def _open(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A checked, migrated connection; corruption is moved aside and reported.

        ``write=False``: nothing will be written (read-only where the file cannot be).
        """
        with open_store(self.path, self.timeout, check=not self._checked, write=write) as conn:
            self._checked = True
            yield conn

    def _gaz(self) -> PlaceLookup:
        """The gazetteer that checks place ids: the one given, or the process's
        gazetteer of the folder holding the file (from the registry)."""
        if self._gazetteer is None:
            from conflictmap.store.registry import open_gazetteer

            self._gazetteer = open_gazetteer(self.path.parent, build=False, progress=False)
        return self._gazetteer

    def _scope(self, scope: Scope | str | None) -> Scope:
        """The checked scope (a region given by its name is found in the gazetteer)."""

        def regions(name: str) -> list[tuple[str, str]]:
            gaz = self._gaz()
            return find_regions(gaz, name) if isinstance(gaz, RegionSource) else []

        return check_scope(scope, self._gazetteer, regions)

    # -- reading ------------------------------------------------------------------

    def exists(self) -> bool:
        """True when the corrections file exists."""
        return self.path.exists()

    def overrides(self, *, known: Callable[[str], bool] | None = None) -> Overrides:
        """The current corrections as the snapshot the resolver applies.

        Parameters
        ----------
        known : callable, optional
            ``known(place_id)`` tells whether the gazetteer holds a place; aliases and
            preferences pointing at places it no longer holds (say, after removing
            an imported layer) are skipped, not lost: they apply again once the
            place is back.
        """
        if not self.path.exists():
            return Overrides()
        with self._open() as conn:
            state = read_state(conn)
        return overrides_of(state, known)

    def history(self) -> list[Correction]:
        """Every correction, oldest first, with its status (active or undone)."""
        if not self.path.exists():
            return []
        with self._open() as conn:
            return history(conn)

    def get(self, correction_id: int) -> Correction:
        """One history row, by id."""
        for row in self.history():
            if row.id == correction_id:
                return row
        raise CorrectionError(f"there is no correction #{correction_id}")

    def schema(self) -> dict[str, Any]:
        """The schema version and the migrations recorded in the file."""
        if not self.path.exists():
            return {"user_version": 0, "migrations": []}
        with self._open() as conn:
            return schema_of(conn)

    def verify(self) -> StoreCheck:
        """Check the file: SQLite's integrity check, and that replaying the history
        from nothing gives exactly the current state."""
        if not self.path.exists():
            return StoreCheck("ok", 0)
        with self._open() as conn, snapshot(conn):
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows)
            problems: list[str] = []
            done = history(conn, damaged=problems)
            problems += replay_problems(conn, done)
        return StoreCheck(integrity, len(done), tuple(problems))

    # -- writing ------------------------------------------------------------------

    def _write(
        self,
        action: str,
        args: Mapping[str, Any],
        plan_fn: Callable[[Plan], str],
    ) -> tuple[Correction | None, str]:
        """Run ``plan_fn`` in one ``BEGIN IMMEDIATE`` transaction and log what changed."""
        with self._open(write=True) as conn, transaction(conn, self.timeout):
            plan = Plan(conn)
            summary = plan_fn(plan)
            changes = plan.changes()
            if not changes:
                return None, summary
            for change in changes:
                write_cell(conn, change.table, change.key, change.after)
            check_references(conn, changes)
            return append_history(conn, action, args, summary, changes, plan.undoes), summary

    def _check_known(self, pid: str) -> None:
        """Refuse a place id the gazetteer lacks (user ids are checked in the write)."""
        if pid.startswith("user:"):
            return
        if not self._gaz().exists(pid):
            raise CorrectionError(
                f"unknown place id {pid!r} (find ids with 'conflictmap gazetteer search NAME')"
            )

    def add(
        self,
        name: str,
        *,
        lat: float,
        lon: float,
        country: str | None = None,
        kind: str = "village",
        aliases: Iterable[str] = (),
        scope: Scope | str | None = None,
    ) -> Applied:
        """Add a place the gazetteer lacks; its name and ``aliases`` resolve to it.

        Adding the same name at the same coordinates again returns the existing
        place (with any new aliases added) instead of a duplicate. With a ``scope``
        the names resolve to it only there (scoped preferences; the place is kept).

        Returns
        -------
        Applied
            ``place_id`` is the new (or existing) ``user:<n>`` id.
        """
        name, key = clean_name(name)
        lat, lon = check_coordinates(lat, lon)
        if kind not in USER_KINDS:
            raise CorrectionError(f"unknown kind {kind!r} (one of {', '.join(USER_KINDS)})")
        cleaned_aliases = [clean_name(a, what="alias") for a in aliases]
        country = check_country(country, lat, lon, self._gazetteer)
        where = self._scope(scope)
        args = {
            "name": name,
            "lat": lat,
            "lon": lon,
            "country": country,
            "kind": kind,
            "aliases": [a for a, _ in cleaned_aliases],
        }
        args = with_scope(args, "", where)[0]
        found: list[str] = []

        def plan_fn(plan: Plan) -> str:
            pid = PlaceIndex(plan.conn).same_place(key, lat, lon)
            if pid is None:
                pid = new_place_id(plan.conn)
                value = place_value(name=name, lat=lat, lon=lon, country=country, kind=kind)
                plan.set("places", (pid,), value)
            found.append(pid)
            for text, alias_key in [(name, key), *cleaned_aliases]:
                if where.everywhere:
                    plan.ensure("aliases", (alias_key, pid), {"name": text})
                else:
                    plan.set(*cell("prefer", where, alias_key), {"name": text, "place": pid})
                plan.set(*cell("reject", where, alias_key), None)
            return with_scope(args, f"add {name!r} ({lat:g}, {lon:g}) as {pid}", where)[1]

        correction, summary = self._write("add", args, plan_fn)
        pid = found[-1]
        if correction is None:
            return Applied(None, f"{name} is already {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def alias(self, alias: str, place_id: str, *, scope: Scope | str | None = None) -> Applied:
        """Make ``alias`` resolve to ``place_id`` (a candidate of the name; in the
        articles of ``scope`` only, default every one)."""
        alias, key = clean_name(alias, what="alias")
        pid = check_pid(place_id)
        where = self._scope(scope)
        self._check_known(pid)
        args, said = with_scope({"alias": alias, "place": pid}, f"alias {alias!r} → {pid}", where)

        def plan_fn(plan: Plan) -> str:
            require_user_place(plan, pid)
            plan.ensure(*cell("aliases", where, key, pid), {"name": alias})
            plan.set(*cell("reject", where, key), None)
            return said

        correction, summary = self._write("alias", args, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {alias!r} already resolves to {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def prefer(self, name: str, place_id: str, *, scope: Scope | str | None = None) -> Applied:
        """When ``name`` is ambiguous, choose ``place_id`` over every heuristic.

        ``scope`` (``country:CC``, ``region:CC.ADMIN1`` or a region's name,
        ``article:<id>``; default everywhere) limits it to the articles of that scope
        (:mod:`conflictmap.store.scopes`).
        """
        name, key = clean_name(name)
        pid = check_pid(place_id)
        where = self._scope(scope)
        self._check_known(pid)
        table, cell_key = cell("prefer", where, key)
        args, said = with_scope({"name": name, "place": pid}, f"prefer {pid} for {name!r}", where)

        def plan_fn(plan: Plan) -> str:
            require_user_place(plan, pid)
            current = plan.get(table, cell_key)
            if current is None or current.get("place") != pid:
                plan.set(table, cell_key, {"name": name, "place": pid})
            plan.set(*cell("reject", where, key), None)
            return said

        correction, summary = self._write("prefer", args, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {name!r} already prefers {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def reject(self, name: str, *, scope: Scope | str | None = None) -> Applied:
        """``name`` is never a place (in the articles of ``scope``: default every one)."""
        name, key = clean_name(name)
        where = self._scope(scope)
        args, said = with_scope({"name": name}, f"reject {name!r}", where)

        def plan_fn(plan: Plan) -> str:
            plan.ensure(*cell("reject", where, key), {"name": name})
            return said

        correction, summary = self._write("reject", args, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {name!r} is already rejected")
        return Applied(correction, f"#{correction.id} {summary}")

    def undo(self, correction_id: int | None = None) -> Applied:
        """Revert a correction (default: the latest active one that is not an undo).

        The revert is a new history row holding the inverse changes; undoing that
        row re-applies the original. Cells a later correction changed again are
        left as they are (the later correction wins).
        """
        target_box: list[Correction] = []

        def plan_fn(plan: Plan) -> str:
            target, summary = plan_undo(plan, correction_id)
            target_box.append(target)
            return summary

        correction, summary = self._write("undo", {"id": correction_id}, plan_fn)
        target = target_box[-1]
        if correction is None:
            raise CorrectionError(
                f"correction #{target.id} ({target.summary}) has no effect left to undo: "
                "later corrections changed the same names"
            )
        return Applied(correction, f"#{correction.id} {summary}")

    # -- sharing ------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The current corrections as a shareable JSON-ready object (see :meth:`export`)."""
        if self.path.exists():
            with self._open() as conn:
                state = read_state(conn)
        else:
            state = {t: {} for t in TABLES}
        return bundles.to_bundle(state, now())

    def export(self, path: str | os.PathLike[str]) -> dict[str, int]:
        """Write the current corrections to a JSON file, atomically.

        Returns the number of entries of each section.
        """
        from conflictmap.files import atomic_write

        data = self.snapshot()
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return {k: len(data[k]) for k in ("places", "aliases", "prefer", "reject")}

    def import_file(self, path: str | os.PathLike[str]) -> Applied:
        """Apply an exported corrections file (idempotent: a replay adds nothing).

        The whole file is checked first; one bad entry rejects the file and
        changes nothing. Added places are matched to ones already here by their
        ``uid`` (or name and coordinates), so they are not duplicated.
        """
        source = Path(path)
        return self.import_bytes(bundles.read_file(source), source=str(source))

    def import_bytes(self, raw: bytes, *, source: str = "corrections") -> Applied:
        """Like :meth:`import_file`, for the bytes of such a file."""
        bundle = bundles.parse_bundle(bundles.load_json(raw, source), source)
        if self._gazetteer is not None:
            bundles.check_countries(bundle, source, self._gazetteer)
        bundles.check_bundle_refs(bundle, source, self._check_known)
        args = {"file": source, "sha256": hashlib.sha256(raw).hexdigest()}

        def plan_fn(plan: Plan) -> str:
            return bundles.apply_bundle(plan, bundle, source)

        correction, summary = self._write("import", args, plan_fn)
        if correction is None:
            return Applied(None, f"nothing new in {source}: every correction in it is here")
        return Applied(correction, f"#{correction.id} {summary}")
