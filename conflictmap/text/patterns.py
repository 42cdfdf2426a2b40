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
>>> near.compiled_yet, near.compiled is re.compile(near.pattern, re.IGNORECASE)
(True, True)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["LazyPattern", "Pattern", "compiled", "lazy"]


class LazyPattern:
    """A regular expression compiled on first use (see the module's docstring).

    Parameters
    ----------
    pattern : str
        The expression.
    flags : int or re.RegexFlag
        Its flags, as for :func:`re.compile`.
    """

    __slots__ = ("_compiled", "_flags", "pattern")

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self._flags = int(flags)
        self._compiled: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
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

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As :meth:`re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As :meth:`re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """As :meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """As :meth:`re.Pattern.finditer`."""
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """As :meth:`re.Pattern.findall`."""
        return self.compiled.findall(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        """As :meth:`re.Pattern.split`."""
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """As :meth:`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count)


#: a compiled pattern or one compiled on first use
Pattern = re.Pattern[str] | LazyPattern


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> LazyPattern:
    """``pattern`` with ``flags``, compiled at its first use (:class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)


def compiled(pattern: Pattern) -> re.Pattern[str]:
    """The compiled form of ``pattern`` (compiling a lazy one now)."""
    return pattern.compiled if isinstance(pattern, LazyPattern) else pattern
