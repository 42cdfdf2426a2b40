"""The precompiled name index: every folded name of a stored layer, memory-mapped.

SQLite stays the store of record; each layer file has an index derived from it, so
the spotter and the resolver need no query per name. The index of ``base.sqlite``
is ``base-names-<stamp>.idx`` beside it, that of ``imported.sqlite``
``imported-names-<stamp>.idx`` (the stamp hashes the layer's ``meta`` table, which
every build and import rewrites, and the format version: a changed layer names a
new file, and only that layer's index is rebuilt). An index holds:

* a marisa-trie of the layer's folded names (static and compact: the base's 760k
  names in 2.9 MB, mapped in well under a millisecond), so "is this a name?" is
  one lookup in C, and a name's trie id numbers it;
* for each name, by trie id, the range of its candidates in two packed arrays
  (place number, match flags), in the order a query by name returns the rows;
* the layer's places, packed: latitude and longitude (8-byte floats), population
  (8-byte integer) and ten string numbers (id, name, country, feature code, kind,
  admin1 code, admin1 name, layer, source, admin2 code) into a table of UTF-8
  strings.

The layers' rows are merged at lookup time exactly as the SQLite rows are
(:meth:`~conflictmap.store.gazetteer.layers.Layers.candidates`); the user's
corrections are laid over the answers at every lookup
(:class:`~conflictmap.store.gazetteer.Gazetteer`), so a correction never makes an
index stale.

The file is written all at once (a temporary file beside it, checked whole, then a
rename), so a reader, or a process killed meanwhile, sees the old index or the new
one, never a part. On opening, the header (magic, format version, stamp, section
sizes, the file's length) and the trie's CRC-32 are checked (the CRC's match kept in
``<layer>-names-checked.txt`` by a process of the CLI until the file changes:
:mod:`~conflictmap.store.sealmemo`), and every array read is bounds-checked; a file
that fails is rebuilt from SQLite. The CRC-32 of the
whole file is checked after a rebuild and by ``conflictmap gazetteer index --check``.

Entry points: :func:`ensure_index` (open, or rebuild when missing, stale or
damaged), :func:`rebuild_index` (always rebuild), and on the command line
``conflictmap gazetteer index`` (rebuild every layer's index) and
``conflictmap gazetteer index --check`` (verify, rebuilding what fails).
"""

from conflictmap.store.nameindex.files import (
    IndexDamagedError,
    check_index,
    ensure_index,
    index_path,
    layer_stamp,
    rebuild_index,
    too_big_to_index,
)
from conflictmap.store.nameindex.reader import NameIndex

__all__ = [
    "IndexDamagedError",
    "NameIndex",
    "check_index",
    "ensure_index",
    "index_path",
    "layer_stamp",
    "rebuild_index",
    "too_big_to_index",
]
