"""The exported corrections file: writing it from the state, checking and applying one.

An exported file is a JSON object ``{"format": "conflictmap-corrections",
"version": 1, "places": [...], "aliases": [...], "prefer": [...], "reject": [...]}``;
version 2 (issue 17) lets an alias, preference or rejection carry a ``"scope"``
(``country:CC``, ``region:CC.ADMIN1``, ``article:<id>``; a region by its code).
:func:`parse_bundle` checks all of it before anything is applied (every problem
names its entry); :func:`apply_bundle` plans its changes inside the import's
transaction, matching added places to ones already held by ``uid`` (or name and
coordinates) so that a replay adds nothing.

Examples
--------
>>> bundle = parse_bundle({"format": EXPORT_FORMAT, "version": 1,
...                        "reject": [{"name": "Hagel"}]}, "file.json")
>>> bundle.reject
({'name': 'Hagel', 'key': 'hagel', 'scope': Scope(kind=<ScopeKind.EVERYWHERE: 'everywhere'>, value='')},)
>>> parse_bundle({"format": EXPORT_FORMAT, "version": 1, "reject": [{}]}, "file.json")
Traceback (most recent call last):
...
conflictmap.errors.CorrectionError: file.json: reject[0]: the name must be text, not NoneType
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections.base import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MAX_IMPORT_ALIASES,
    MAX_UID,
    USER_KINDS,
    PlaceLookup,
)
from conflictmap.store.corrections.scoped import cell, check_scope
from conflictmap.store.corrections.state import (
    PlaceIndex,
    Plan,
    State,
    new_place_id,
    pid_order,
    place_value,
)
from conflictmap.store.corrections.validate import (
    check_coordinates,
    check_country,
    check_pid,
    clean_name,
)

__all__ = [
    "Bundle",
    "apply_bundle",
    "check_bundle_refs",
    "check_countries",
    "load_json",
    "parse_bundle",
    "read_file",
    "to_bundle",
]

#: the largest corrections file an import reads
MAX_IMPORT_BYTES = 64 * 1024**2

_SECTIONS = ("places", "aliases", "prefer", "reject")
_LABELS = (
    ("places", "place", "places"),
    ("aliases", "alias", "aliases"),
    ("prefer", "preference", "preferences"),
    ("reject", "rejection", "rejections"),
    ("scoped_prefer", "scoped preference", "scoped preferences"),
    ("scoped_reject", "scoped rejection", "scoped rejections"),
    ("scoped_aliases", "scoped alias", "scoped aliases"),
    ("lifted", "rejection lifted", "rejections lifted"),
)


@dataclass(frozen=True, slots=True)
class Bundle:
    """The checked entries of a corrections file, each with its folded ``key``."""

    places: tuple[dict[str, Any], ...] = ()
    aliases: tuple[dict[str, Any], ...] = ()
    prefer: tuple[dict[str, Any], ...] = ()
    reject: tuple[dict[str, Any], ...] = ()


def to_bundle(state: State, exported_at: str) -> dict[str, Any]:
    """The state as a shareable JSON-ready object."""
    places = []
    for (pid,), value in sorted(state["places"].items(), key=lambda kv: pid_order(kv[0][0])):
        places.append(
            {
                "id": pid,
                "uid": value.get("uid"),
                "name": value["name"],
                "lat": value["lat"],
                "lon": value["lon"],
                "country": value.get("country"),
                "kind": value.get("kind", "village"),
            }
        )
    scoped_prefer = [
        {"name": value["name"], "place": value["place"], "scope": scope}
        for (scope, _key), value in sorted(state.get("scoped_prefer", {}).items())
    ]
    scoped_reject = [
        {"name": value["name"], "scope": scope}
        for (scope, _key), value in sorted(state.get("scoped_reject", {}).items())
    ]
    scoped_aliases = [
        {"name": value["name"], "place": pid, "scope": scope}
        for (scope, _key, pid), value in sorted(state.get("scoped_aliases", {}).items())
    ]
    return {
        "format": EXPORT_FORMAT,
        # version 1 readers know no scopes: a file holding one says version 2
        "version": EXPORT_VERSION if scoped_prefer or scoped_reject or scoped_aliases else 1,
        "exported_at": exported_at,
        "places": places,
        "aliases": [
            {"name": value["name"], "place": pid}
            for (_key, pid), value in sorted(state["aliases"].items())
        ]
        + scoped_aliases,
        "prefer": [
            {"name": value["name"], "place": value["place"]}
            for _key, value in sorted(state["prefer"].items())
        ]
        + scoped_prefer,
        "reject": [{"name": value["name"]} for _key, value in sorted(state["reject"].items())]
        + scoped_reject,
    }


def read_file(source: Path) -> bytes:
    """The bytes of a corrections file, or one clear error (missing, too large)."""
    try:
        size = source.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise CorrectionError(f"{source}: larger than {MAX_IMPORT_BYTES // 1024**2} MB")
        return source.read_bytes()
    except OSError as error:
        raise CorrectionError(f"{source}: cannot read ({error.strerror or error})") from None


def load_json(raw: bytes, source: str) -> object:
    """The JSON value of a corrections file's bytes, or one clear error."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CorrectionError(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise CorrectionError(
            f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise CorrectionError(f"{source}: not valid JSON (nested too deeply)") from None
    except ValueError:  # an integer over Python's digit limit (4,300 digits)
        raise CorrectionError(f"{source}: not valid JSON (a number too long to read)") from None


def parse_bundle(data: object, source: str) -> Bundle:
    """Check an exported corrections object; every problem names its entry."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise CorrectionError(
            f'{source}: not a conflictmap corrections file (no "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CorrectionError(f"{source}: bad version {version!r}")
    if version > EXPORT_VERSION:
        raise CorrectionError(
            f"{source}: written by a newer conflictmap (version {version}); upgrade to read it"
        )
    named = sum(
        len(items)
        for s in ("places", "aliases", "prefer")
        if isinstance(items := data.get(s), list)
    )
    if named > MAX_IMPORT_ALIASES:
        raise CorrectionError(
            f"{source}: more than {MAX_IMPORT_ALIASES:,} aliases in one file ({named:,} places, "
            "aliases and preferences): import it in smaller parts"
        )
    sections = {section: _parse_section(data, section, source) for section in _SECTIONS}
    ids = [p["id"] for p in sections["places"]]
    if len(set(ids)) != len(ids):
        raise CorrectionError(f"{source}: places: an id appears twice")
    return Bundle(
        places=tuple(sections["places"]),
        aliases=tuple(sections["aliases"]),
        prefer=tuple(sections["prefer"]),
        reject=tuple(sections["reject"]),
    )


def _parse_section(data: Mapping[str, Any], section: str, source: str) -> list[dict[str, Any]]:
    items = data.get(section, [])
    if not isinstance(items, list):
        raise CorrectionError(f"{source}: {section} must be a list")
    out = []
    for i, item in enumerate(items):
        where = f"{section}[{i}]"
        if not isinstance(item, dict):
            raise CorrectionError(f"{source}: {where}: must be an object")
        try:
            out.append(_parse_entry(section, item))
        except CorrectionError as error:
            raise CorrectionError(f"{source}: {where}: {error}") from None
    return out


def _parse_entry(section: str, item: Mapping[str, Any]) -> dict[str, Any]:
    name, key = clean_name(item.get("name"))
    entry: dict[str, Any] = {"name": name, "key": key}
    if section == "places":
        pid = check_pid(item.get("id"))
        if not pid.startswith("user:"):
            raise CorrectionError(f"place id {pid!r}: added places have user:<n> ids")
        lat, lon = check_coordinates(item.get("lat"), item.get("lon"))
        kind = item.get("kind") or "village"
        if kind not in USER_KINDS:
            raise CorrectionError(f"unknown kind {kind!r}")
        country = item.get("country")
        if country is not None and not isinstance(country, str):
            raise CorrectionError(f"country {country!r} is not a two-letter ISO code (e.g. ML)")
        entry.update(
            id=pid, lat=lat, lon=lon, kind=kind, uid=_check_uid(item.get("uid")),
            country=check_country(country, lat, lon, None),
        )  # fmt: skip
    elif section in ("aliases", "prefer"):
        entry["place"] = check_pid(item.get("place"))
    if section != "places":
        entry["scope"] = check_scope(item.get("scope"), None)
    elif item.get("scope") is not None:
        raise CorrectionError("places hold no scope (their names, aliases and preferences do)")
    return entry


def _check_uid(uid: object) -> str | None:
    if uid is None:
        return None
    if not isinstance(uid, str) or not uid.strip():
        raise CorrectionError(f"uid {str(uid)[:40]!r} is not a string")
    if len(uid) > MAX_UID:
        raise CorrectionError(f"uid is longer than {MAX_UID} characters")
    return uid


def check_countries(bundle: Bundle, source: str, lookup: PlaceLookup) -> None:
    """Refuse an added place whose country code the gazetteer does not know, and a scope
    naming a country or region it does not know (as add, alias, prefer and reject do)."""
    for i, entry in enumerate(bundle.places):
        if entry["country"] is not None and lookup.country(entry["country"]) is None:
            raise CorrectionError(
                f"{source}: places[{i}]: unknown country code {entry['country']!r}"
            )
    for section in ("aliases", "prefer", "reject"):
        for i, entry in enumerate(getattr(bundle, section)):
            try:
                check_scope(entry["scope"], lookup)
            except CorrectionError as error:
                raise CorrectionError(f"{source}: {section}[{i}]: {error}") from None


def check_bundle_refs(bundle: Bundle, source: str, check_known: Callable[[str], None]) -> None:
    """Refuse aliases and preferences naming a place neither the file nor the gazetteer has."""
    defined = {p["id"] for p in bundle.places}
    for section, entries in (("aliases", bundle.aliases), ("prefer", bundle.prefer)):
        for i, entry in enumerate(entries):
            ref = entry["place"]
            if ref in defined:
                continue
            if ref.startswith("user:"):
                raise CorrectionError(
                    f"{source}: {section}[{i}]: {ref} is not one of the places in the file"
                )
            try:
                check_known(ref)
            except CorrectionError as error:
                raise CorrectionError(f"{source}: {section}[{i}]: {error}") from None


def apply_bundle(plan: Plan, bundle: Bundle, source: str) -> str:
    """Plan every change the bundle makes; the summary counts them by kind."""
    local = _plan_places(plan, bundle)
    for entry in bundle.aliases:
        pid = local.get(entry["place"], entry["place"])
        plan.ensure(*cell("aliases", entry["scope"], entry["key"], pid), {"name": entry["name"]})
        plan.set(*cell("reject", entry["scope"], entry["key"]), None)
    for entry in bundle.prefer:
        pid = local.get(entry["place"], entry["place"])
        table, key = cell("prefer", entry["scope"], entry["key"])
        current = plan.get(table, key)
        if current is None or current.get("place") != pid:
            plan.set(table, key, {"name": entry["name"], "place": pid})
        plan.set(*cell("reject", entry["scope"], entry["key"]), None)
    for entry in bundle.reject:
        plan.ensure(*cell("reject", entry["scope"], entry["key"]), {"name": entry["name"]})
    counts: dict[str, int] = {}
    for change in plan.changes():
        table = change.table if change.after is not None else "lifted"
        counts[table] = counts.get(table, 0) + 1
    parts = [
        f"{counts[t]} {one if counts[t] == 1 else many}"
        for t, one, many in _LABELS
        if counts.get(t)
    ]
    return f"import {Path(source).name}: " + ", ".join(parts)


def _plan_places(plan: Plan, bundle: Bundle) -> dict[str, str]:
    """Add the file's places not held yet; the file's id of each place -> its id here."""
    local: dict[str, str] = {}
    stored = PlaceIndex(plan.conn)  # the places held before this import
    for entry in bundle.places:
        pid = stored.same_uid(entry["uid"]) if entry.get("uid") else None
        if pid is None:
            pid = stored.same_place(entry["key"], entry["lat"], entry["lon"])
        if pid is None:
            pid = new_place_id(plan.conn)
            value = place_value(name=entry["name"], lat=entry["lat"], lon=entry["lon"],
                                country=entry["country"], kind=entry["kind"], uid=entry.get("uid"))  # fmt: skip
            plan.set("places", (pid,), value)
        local[entry["id"]] = pid
        plan.ensure("aliases", (entry["key"], pid), {"name": entry["name"]})
        plan.set("reject", (entry["key"],), None)
    return local
