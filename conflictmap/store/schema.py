"""SQLite schema shared by the base and imported gazetteer layers.

Both ``base.sqlite`` and ``imported.sqlite`` hold the same three tables, so a
lookup is one query per layer and a later layer's row replaces an earlier one
with the same ``pid``. ``base.sqlite`` also holds the country shapes and borders.
"""

from __future__ import annotations

import sqlite3
from enum import IntEnum

__all__ = ["BASE_SCHEMA_VERSION", "LAYER_SCHEMA", "SHAPES_SCHEMA", "BasemapKind", "create_layer"]

#: Bump when the base build changes in a way that needs a rebuild.
BASE_SCHEMA_VERSION = 11


class BasemapKind(IntEnum):
    """What a row of the base layer's ``basemap`` table holds (its ``kind`` column)."""

    #: first-level boundary lines (1:10m; key: the country)
    ADMIN1 = 0
    #: rivers (1:50m)
    RIVER = 1
    #: lakes (1:50m)
    LAKE = 2
    #: land: country polygons (1:10m; key: the country)
    LAND = 3


LAYER_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    rid          INTEGER PRIMARY KEY,
    pid          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    country      TEXT,
    fclass       TEXT,
    feature      TEXT,
    kind         TEXT NOT NULL,
    admin1       TEXT,
    admin1_name  TEXT,
    population   INTEGER NOT NULL DEFAULT 0,
    layer        TEXT NOT NULL,
    source       TEXT,
    admin2       TEXT
);
-- flags: 1 = the place's own (primary or ASCII) name, 0 = an alternate name
CREATE TABLE IF NOT EXISTS names (
    key    TEXT NOT NULL,
    rid    INTEGER NOT NULL REFERENCES places(rid) ON DELETE CASCADE,
    flags  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_rid ON names(rid);
CREATE INDEX IF NOT EXISTS places_country_kind ON places(country, kind);
CREATE INDEX IF NOT EXISTS places_country_admin1 ON places(country, admin1);
CREATE TABLE IF NOT EXISTS never_places (
    key    TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    source TEXT
);
"""

SHAPES_SCHEMA = """
-- area_km2 and length_km are geodesic (WGS84), measured once at build time
CREATE TABLE IF NOT EXISTS shapes (
    country  TEXT PRIMARY KEY,
    name     TEXT,
    wkb      BLOB NOT NULL,
    simple   BLOB NOT NULL,
    area_km2 REAL
);
CREATE TABLE IF NOT EXISTS borders (
    a         TEXT NOT NULL,
    b         TEXT NOT NULL,
    wkb       BLOB NOT NULL,
    length_km REAL,
    PRIMARY KEY (a, b)
);
-- the basemap's detail layers in small pieces read by box (store/basebuild/basemap.py):
-- kind is a BasemapKind, key the country code ('' for water), wkb a piece in (lon, lat)
CREATE TABLE IF NOT EXISTS basemap (
    kind   INTEGER NOT NULL,
    key    TEXT NOT NULL,
    south  REAL NOT NULL,
    west   REAL NOT NULL,
    north  REAL NOT NULL,
    east   REAL NOT NULL,
    wkb    BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS basemap_kind_west ON basemap(kind, west);
-- word lists the spotter consults: list in ('first_name', 'last_name', 'english');
-- value is a population share in percent for names, a frequency rank for words
CREATE TABLE IF NOT EXISTS words (
    list   TEXT NOT NULL,
    key    TEXT NOT NULL,
    value  REAL NOT NULL,
    PRIMARY KEY (list, key)
) WITHOUT ROWID;
-- demonyms: "Malian" -> the place id of Mali; an empty place is regional evidence only
CREATE TABLE IF NOT EXISTS demonyms (
    key      TEXT NOT NULL,
    name     TEXT NOT NULL,
    place    TEXT NOT NULL,
    source   TEXT,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
-- abbreviations matched case-sensitively after "City, " ("Ky.", "W.Va.")
CREATE TABLE IF NOT EXISTS abbreviations (
    surface  TEXT PRIMARY KEY,
    place    TEXT NOT NULL,
    source   TEXT
) WITHOUT ROWID;
"""


def create_layer(conn: sqlite3.Connection, *, shapes: bool = False) -> None:
    """Create the layer tables (and the shape tables for the base layer)."""
    conn.executescript(LAYER_SCHEMA)
    if shapes:
        conn.executescript(SHAPES_SCHEMA)
