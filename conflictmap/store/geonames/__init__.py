"""Import GeoNames dumps into the imported gazetteer layer (``imported.sqlite``).

Village-level coverage comes from GeoNames' own files, which the user downloads
(or fetches with :mod:`conflictmap.store.download`):

* place dumps in the 19-column format: ``allCountries.zip``/``.txt``, country
  files (``ML.txt``, ``ML.zip``), ``cities500.txt``/``.zip`` and the other
  ``cities*`` files;
* ``alternateNamesV2.zip``/``.txt`` (or a country's ``alternatenames/ML.zip``):
  more names for places the gazetteer already holds;
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt``: region names, which become the
  ``admin1_name`` of imported places (also of places imported later) and names of
  the region entries a layer holds (ADM1/ADM2 rows of a dump, US states). A region
  no layer holds is not added: the codes have no coordinates, and the base already
  has every first-level region as ``admin1:<CC>.<code>``.

A dump row brings its own names (name, ASCII name, alternate names); importing the
row again replaces them. Names from ``alternateNamesV2`` and the admin-code files
are kept when the row is re-imported.

The format of each file is recognised from its first row (19, 10 or 8, or 4
tab-separated columns), so renamed files work too.

How the layer is written:

* **streaming, constant memory**: files are read in 1 MiB chunks and written in
  batches, never loaded whole (``allCountries.txt`` is 1.5 GB);
* **one transaction**: the previous ``imported.sqlite`` is copied to a temporary
  file, every file of one call is applied there inside a single SQLite
  transaction, and the result is renamed over ``imported.sqlite`` only when
  complete. An exception, Ctrl-C or a killed process leaves the previous layer as
  it was (a stale temporary file is removed by the next import);
* **merged by GeoNames id**: every row becomes place ``geonames:<id>`` (row id =
  the GeoNames id), which replaces the base row with the same id when the
  gazetteer is read; a later import of the same id replaces the earlier one
  (a country keeps its bundled short name, "Mali", as the name shown; the dump's
  "Republic of Mali" stays a name it is found by);
* **idempotent**: importing the same file again leaves the same places and names.

Bad input raises :class:`~conflictmap.errors.ImportFormatError` with one line that
names the file and the line.

The modules: :mod:`.base` (reports and constants), :mod:`.reader` (files and zip
members, streamed; the format of a table), :mod:`.fields` (checked numbers),
:mod:`.layer` (the layer being written), :mod:`.dumps` (place dumps),
:mod:`.names` (alternate names and admin codes), :mod:`.transaction` (one call,
one transaction).

GeoNames data is licensed CC BY 4.0 (credit: GeoNames, geonames.org).

Examples
--------
>>> import contextlib, sqlite3, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> dump = folder / "XX.txt"
>>> _ = dump.write_text("2454857\\tKona\\tKona\\tKonna,Kɔnna\\t14.94329\\t-3.89474\\tP\\tPPL\\t"
...                     "ML\\t\\t04\\t\\t\\t\\t0\\t\\t266\\tAfrica/Bamako\\t2021-03-09\\n",
...                     encoding="utf-8")
>>> report = import_files([dump], home=folder / "home")
>>> report.files[0].format, report.files[0].places, report.places
('dump', 1, 1)
>>> with contextlib.closing(sqlite3.connect(report.path)) as db:
...     db.execute("SELECT pid, kind, admin1_name, layer FROM places").fetchall()
...     sorted(key for key, in db.execute("SELECT key FROM names"))
[('geonames:2454857', 'village', 'Mopti', 'imported')]
['kona', 'konna', 'kɔnna']
"""

from __future__ import annotations

from conflictmap.store.geonames.base import (
    AUX_NAME,
    IMPORT_SCHEMA_VERSION,
    FileReport,
    ImportReport,
    ProgressFn,
)
from conflictmap.store.geonames.reader import detect_format
from conflictmap.store.geonames.transaction import import_files

__all__ = [
    "AUX_NAME",
    "IMPORT_SCHEMA_VERSION",
    "FileReport",
    "ImportReport",
    "ProgressFn",
    "detect_format",
    "import_files",
]
