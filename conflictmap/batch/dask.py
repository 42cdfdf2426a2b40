"""Geoparsing inside Dask: a bag of articles in, a bag of results out.

Geoparsing is a pure function of the text and the read-only gazetteer, so it
scales out with any Dask scheduler (threads, processes, or a ``dask.distributed``
cluster you already run): conflictmap builds no cluster machinery of its own.
Each worker process opens the gazetteer once and reuses it for every article
it is given; threads of one process share it.

Install the optional extra with ``pip install "conflictmap[dask]"``. Every
machine that runs workers needs the built gazetteer in its conflictmap home
(``conflictmap gazetteer build``, plus any ``gazetteer import``); workers never
build it themselves.

Usage::

    import json
    import dask.bag as db
    from conflictmap.batch.dask import geoparse_bag

    feed = db.read_text("feed-*.jsonl").map(json.loads)     # {"id", "text"} records
    results = geoparse_bag(feed, as_dict=True, errors="record")
    results.map(json.dumps).to_textfiles("out/*.jsonl")     # one JSON object per line

    # or plain strings, keeping Result objects:
    bag = db.from_sequence(texts, npartitions=8)
    places = geoparse_bag(bag).map(lambda r: [p.name for p in r.places]).compute()

The output keeps the bag's order and partitioning.

Examples
--------
:func:`geoparse_partition` is what runs on each partition; it needs no Dask:

>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                     country="ML", kind="city")])
>>> out = geoparse_partition([{"id": "a", "text": "Fighting near Gao."}, "Calm in Gao."],
...                          gazetteer=gaz, as_dict=True)
>>> [(r["id"], [m["text"] for m in r["mentions"]]) for r in out]
[('a', ['Gao']), (None, ['Gao'])]
>>> geoparse_partition(["   "], gazetteer=gaz, as_dict=True, errors="record")
[{'id': None, 'error': 'the article is empty'}]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from conflictmap.errors import ConflictmapError, InputError
from conflictmap.model.kinds import WordEnum
from conflictmap.store.overrides import Overrides

if TYPE_CHECKING:
    import dask.bag

    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["ErrorPolicy", "geoparse_bag", "geoparse_partition"]


class ErrorPolicy(WordEnum):
    """What a bad article does in a bag (the words are accepted too)."""

    #: raise its :class:`~conflictmap.errors.ConflictmapError`
    RAISE = "raise"
    #: disappear from the output
    SKIP = "skip"
    #: become ``{"id", "error"}`` (needs ``as_dict``)
    RECORD = "record"


def _policy(errors: ErrorPolicy | str, *, as_dict: bool) -> ErrorPolicy:
    """``errors`` as an :class:`ErrorPolicy`, checked against ``as_dict``.

    Examples
    --------
    >>> _policy("skip", as_dict=False)
    <ErrorPolicy.SKIP: 'skip'>
    >>> _policy("record", as_dict=False)
    Traceback (most recent call last):
    ...
    ValueError: errors="record" needs as_dict=True
    """
    try:
        policy = ErrorPolicy(errors)
    except ValueError:
        words = ", ".join(p.value for p in ErrorPolicy)
        raise ValueError(f"errors must be one of {words}, not {errors!r}") from None
    if policy is ErrorPolicy.RECORD and not as_dict:
        raise ValueError('errors="record" needs as_dict=True')
    return policy


def _gazetteer(home: str | None) -> Gazetteer:
    """This process's gazetteer for ``home``, from the process's registry.

    The registry opens it once per process (threads share it) and never hands a
    forked worker the connection of its parent (SQLite connections must not cross
    fork); see :mod:`conflictmap.store.registry`.
    """
    from conflictmap.store.registry import open_gazetteer

    return open_gazetteer(home, build=False, progress=False)


def _split(item: Any) -> tuple[Any, Any]:
    if isinstance(item, str):
        return None, item
    if isinstance(item, Mapping):
        return item.get("id"), item.get("text")
    raise TypeError(f'expected a text or a {{"id", "text"}} mapping, got {type(item).__name__}')


def geoparse_partition(
    items: Iterable[Any],
    *,
    gazetteer: Gazetteer | None = None,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    statements: bool = True,
    as_dict: bool = False,
    errors: ErrorPolicy | str = ErrorPolicy.RAISE,
) -> list[Any]:
    """Geoparse every item of one partition: texts, or mappings with ``"text"`` and ``"id"``.

    Parameters
    ----------
    items : iterable
        ``str`` articles, or mappings such as ``{"id": "a1", "text": "..."}``.
    gazetteer : Gazetteer, optional
        Use this gazetteer (in-process only); default: this process's gazetteer of
        ``home``, opened once and reused.
    home : path, optional
        The conflictmap home on the worker (default: the worker's
        ``$CONFLICTMAP_HOME`` or user data folder).
    overrides : Overrides, optional
        Per-run corrections, as ``--fix``/``--no-place`` give them.
    statements : bool
        Parse and check stated distances and directions (default ``True``).
    as_dict : bool
        Return JSON-ready dicts (the JSON contract, with the item's ``id``)
        instead of :class:`~conflictmap.model.Result` objects.
    errors : ErrorPolicy or {"raise", "skip", "record"}
        What a bad article does: raise its :class:`~conflictmap.errors.ConflictmapError`,
        disappear from the output, or (with ``as_dict``) become ``{"id", "error"}``.

    Returns
    -------
    list
        One result per item (fewer with ``errors="skip"``), in order.
    """
    from conflictmap.pipeline import geoparse

    policy = _policy(errors, as_dict=as_dict)
    home_str = os.fspath(home) if home is not None else None
    gaz = (gazetteer if gazetteer is not None else _gazetteer(home_str)).with_overrides(overrides)
    out: list[Any] = []
    for item in items:
        ident, text = _split(item)
        try:
            if not isinstance(text, str):
                raise InputError('the record has no "text" string')
            result = geoparse(text, id=ident, gazetteer=gaz, statements=statements)
        except ConflictmapError as error:
            if policy is ErrorPolicy.RAISE:
                raise
            if policy is ErrorPolicy.RECORD:
                out.append({"id": ident, "error": str(error)})
            continue
        if as_dict:
            record = result.to_dict()
            record["id"] = ident
            out.append(record)
        else:
            out.append(result)
    return out


def _partition_task(
    items: Iterable[Any],
    home: str | None,
    overrides: Overrides | None,
    statements: bool,
    as_dict: bool,
    errors: ErrorPolicy,
) -> list[Any]:
    return geoparse_partition(
        items,
        home=home,
        overrides=overrides,
        statements=statements,
        as_dict=as_dict,
        errors=errors,
    )


def geoparse_bag(
    bag: dask.bag.Bag,
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    statements: bool = True,
    as_dict: bool = False,
    errors: ErrorPolicy | str = ErrorPolicy.RAISE,
) -> dask.bag.Bag:
    """A lazy bag of results for a bag of articles (see :func:`geoparse_partition`).

    Nothing runs until the bag is computed; each worker process opens the
    read-only gazetteer of ``home`` once. The options are those of
    :func:`geoparse_partition`, except that the gazetteer is always the
    worker's own.

    Raises
    ------
    ValueError
        For an unknown ``errors`` value, or ``errors="record"`` without ``as_dict``.
    ImportError
        When Dask is not installed (``pip install "conflictmap[dask]"``).
    """
    policy = _policy(errors, as_dict=as_dict)
    try:
        import dask.bag  # noqa: F401  (the optional extra)
    except ImportError as error:
        raise ImportError(
            'conflictmap.batch.dask needs Dask: pip install "conflictmap[dask]"'
        ) from error
    # A partial keeps the options opaque to Dask (it would look inside plain tuples).
    task = partial(
        _partition_task,
        home=os.fspath(home) if home is not None else None,
        overrides=overrides if overrides is not None and not overrides.empty else None,
        statements=statements,
        as_dict=as_dict,
        errors=policy,
    )
    # Dask is untyped: its map_partitions returns a Bag.
    lazy: dask.bag.Bag = bag.map_partitions(task)  # type: ignore[no-untyped-call]
    return lazy
