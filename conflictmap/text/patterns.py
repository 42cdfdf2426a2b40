"""Regular expressions compiled the first time they are used, not at import.

Compiling the events and statements patterns took about a third of the package's
import (issue 19: start-up): Python's :mod:`re` parses and compiles a pattern in
Python code, and a large alternation of words costs milliseconds. A module defines
its patterns with :func:`lazy` instead of :func:`re.compile`; each is compiled at
its first search, so an article, a command or a test that never needs a pattern
never pays for it. A :class:`LazyPattern` answers like the compiled pattern
(``search``, ``match``, ``finditer``, ...; the same matches, since it *is* that
pattern once compiled).

Examples
--------
>>> import re
>>> near = lazy(r"\\bnear\\s+(?P<name>\\w+)", re.IGNORECASE)
>>> near.compiled_yet
False
>>> near.search("Fighting NEAR Gao.").group("name")
'Gao'
>>> near.compiled_yet, near.compiled == re.compile(near.pattern, re.IGNORECASE)
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from conflictmap.text import regexmemo

__all__ = ["LazyPattern", "Pattern", "compiled", "lazy", "source", "word_trie"]


#: the methods of a compiled pattern a :class:`LazyPattern` hands out
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


class LazyPattern:
    """A regular expression compiled on first use (see the module's docstring).

    Parameters
    ----------
    pattern : str
        The expression.
    flags : int or re.RegexFlag
        Its flags, as for :func:`re.compile`.

    The first use of a method compiles the pattern and keeps the compiled pattern's
    own bound methods in the instance: later calls go straight to them (no Python
    frame in between, which a hot scanner would feel).
    """

    __slots__ = ("_compiled", "_flags", "pattern", *_METHODS)

    search: Callable[..., re.Match[str] | None]
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    split: Callable[..., list[str | Any]]
    sub: Callable[..., str]

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self._flags = int(flags)
        self._compiled: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"

    def __getattr__(self, name: str) -> Any:
        # only reached while a method's slot is empty: before the first compile
        if name not in _METHODS:
            raise AttributeError(f"'LazyPattern' object has no attribute {name!r}")
        return getattr(self.compiled, name)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            found = regexmemo.compile(self.pattern, self._flags)  # re.compile's pattern
            for name in _METHODS:
                setattr(self, name, getattr(found, name))
            self._compiled = found
        return self._compiled

    @property
    def compiled_yet(self) -> bool:
        """Whether the pattern was compiled already."""
        return self._compiled is not None

    @property
    def flags(self) -> int:
        """The compiled pattern's flags (with the ``re.UNICODE`` that ``re`` adds)."""
        return self.compiled.flags

    @property
    def groupindex(self) -> Any:
        """The names of the groups and their numbers."""
        return self.compiled.groupindex


#: a compiled pattern or one compiled on first use
Pattern = re.Pattern[str] | LazyPattern


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> LazyPattern:
    """``pattern`` with ``flags``, compiled at its first use (:class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)


def compiled(pattern: Pattern) -> re.Pattern[str]:
    """The compiled form of ``pattern`` (compiling a lazy one now)."""
    return pattern.compiled if isinstance(pattern, LazyPattern) else pattern


def source(pattern: Pattern) -> tuple[str, int]:
    """The expression and flags of ``pattern``, compiling nothing: what a reader of its
    syntax tree needs (text/gates.py), for a pattern that may never be searched.

    >>> source(lazy("a+", re.I)) == (r"a+", int(re.I))
    True
    """
    if isinstance(pattern, LazyPattern):
        return pattern.pattern, pattern._flags
    return pattern.pattern, pattern.flags


def word_trie(words: Iterable[str]) -> str:
    """A regular expression for ``words`` as a trie: at a position it matches exactly
    where one of them starts, and the longest one there.

    >>> word_trie(["near", "north", "no"])
    'n(?:ear|o(?:rth)?)'
    """
    children: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            children.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if not children:
        return ""
    parts = [re.escape(c) + word_trie(rest) for c, rest in sorted(children.items())]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body
