"""Transliteration-aware lookup: the gazetteer places a spelling variant may mean.

A name the gazetteer does not know ("Deir el-Zour", "Kupyansk") is looked up by its
:func:`~conflictmap.text.translit.skeleton` in an index of the skeletons of every
name the gazetteer holds; the names found are ranked by how alike their spelling is
(:func:`~conflictmap.text.translit.similarity`), and only close ones are kept, so
the resolver then chooses among their places by prominence and the article's
context as for any name.

The index is built on first use (about 7 s of CPU over the 640,000 names of the
base gazetteer, ``python bench/translit.py``) and kept in the home
(``translit-<stamp>.marshal``), so later processes only read it.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place(id="t:1", name="Deir ez-Zor", lat=35.3, lon=40.1, country="SY", kind="city"),
...     Place(id="t:2", name="Java", lat=42.4, lon=44.0, country="GE", kind="town")])
>>> variant_keys(gaz, "deirelzor")  # "Deir el-Zor"
[('deirezzor', 0.889)]
>>> variant_keys(gaz, "jawa")  # too short to guess at
[]
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import threading
import weakref
from collections import defaultdict
from pathlib import Path

from conflictmap.files import atomic_write
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.translit import similarity, skeleton, ukrainian_h
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["VariantIndex", "variant_candidates", "variant_keys"]

_LOCK = threading.Lock()
_BY_STAMP: dict[str, VariantIndex] = {}
_BY_GAZETTEER: weakref.WeakKeyDictionary[Gazetteer, VariantIndex] = weakref.WeakKeyDictionary()


class VariantIndex:
    """Skeleton → the folded names that have it."""

    def __init__(self, buckets: dict[str, list[str]]) -> None:
        self.buckets = buckets

    @classmethod
    def build(cls, keys: set[str]) -> VariantIndex:
        """The index of ``keys`` (sorted within each skeleton, so it is reproducible)."""
        buckets: defaultdict[str, list[str]] = defaultdict(list)
        for key in sorted(keys):
            buckets[skeleton(key)].append(key)
        return cls(dict(buckets))

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> VariantIndex:
        """The index of ``gazetteer``'s names: from memory, the home's cache, or built."""
        stamp = _stamp(gazetteer)
        with _LOCK:
            found = _BY_STAMP.get(stamp) if stamp else _BY_GAZETTEER.get(gazetteer)
        if found is not None:
            return found
        path = Path(gazetteer.home) / f"translit-{stamp}.marshal" if stamp else None
        index = _read(path) if path is not None else None
        if index is None:
            index = cls.build(gazetteer.name_keys())
            if path is not None:
                _write(path, index)
        with _LOCK:
            if stamp:
                _BY_STAMP[stamp] = index
            else:
                _BY_GAZETTEER[gazetteer] = index
        return index

    def lookup(self, key: str) -> list[str]:
        """The names sharing ``key``'s skeleton."""
        return self.buckets.get(skeleton(key), [])


def _stamp(gazetteer: Gazetteer) -> str:
    """What identifies the stored names ("" for an in-memory gazetteer)."""
    if not (Path(gazetteer.home) / "base.sqlite").exists():
        return ""
    parts = [str(sorted(gazetteer.meta(layer).items())) for layer in gazetteer.layers]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _read(path: Path) -> VariantIndex | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return VariantIndex(data) if isinstance(data, dict) else None


def _write(path: Path, index: VariantIndex) -> None:
    with contextlib.suppress(OSError):  # a read-only home: kept in memory only
        atomic_write(path, marshal.dumps(index.buckets))


def variant_keys(
    gazetteer: Gazetteer, key: str, config: ResolveTuning | None = None
) -> list[tuple[str, float]]:
    """Known names ``key`` may be a spelling of, most alike first, with their similarity.

    A Russian ``g`` is tried as the Ukrainian ``h`` too ("Gorlovka", "Horlivka").
    Only names of at least ``config.variant_min_letters`` letters are guessed at, and
    only names at least ``config.variant_similarity`` alike are kept (at most
    ``config.variant_keys``).
    """
    config = config or ResolveTuning()
    if len(key) < config.variant_min_letters:
        return []
    index = VariantIndex.of(gazetteer)
    best: dict[str, float] = {}
    for probe in dict.fromkeys((key, ukrainian_h(key))):
        for other in index.lookup(probe):
            if other != key:
                best[other] = max(best.get(other, 0.0), similarity(probe, other))
    close = [(k, s) for k, s in best.items() if s >= config.variant_similarity]
    close.sort(key=lambda item: (-item[1], item[0]))
    return close[: config.variant_keys]


def variant_candidates(
    gazetteer: Gazetteer, key: str, config: ResolveTuning | None = None
) -> list[Candidate]:
    """The candidate places of the names ``key`` may be a spelling of (none: ``[]``)."""
    found: dict[str, Candidate] = {}
    for other, _ in variant_keys(gazetteer, key, config):
        for candidate in gazetteer.candidates(other):
            found.setdefault(candidate.place.id, candidate)
    return list(found.values())
