"""The cyclic garbage collector paused while a long text is read.

Reading a long article makes hundreds of thousands of small objects (tokens, spans,
spots) that live until the reading ends and never form a reference cycle. The
collector still walks them again and again as they accumulate: on 1 MB of text that
was a fifth of the spotter's CPU time (issue 20). Reference counting frees everything
the reading drops either way; pausing only defers the search for cycles, of which the
spotter makes none (``tests/test_recognize_pause.py`` checks it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block, if it is running.

    A collector already paused (by the caller, or by an enclosing block) is left as it
    is; one that was running runs again when the block ends, however it ends.

    >>> import gc
    >>> with collection_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
