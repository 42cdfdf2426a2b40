"""The review app's state: the open article, its result, and the corrections made on it.

A :class:`Workspace` belongs to one conflictmap home. It holds the article being
reviewed and its :class:`~conflictmap.model.Result`; every correction goes through
the home's :class:`~conflictmap.store.corrections.CorrectionStore` (one short
transaction each, so two browser tabs or a CLI run at the same time lose
nothing), after which the article is parsed again with the corrections applied.

The scope a reviewer picks is one of :class:`Reach`: this article (its content
hash, the same one ``conflictmap extract`` computes for the same text), the
article's focus region or main country (as the resolver finds them:
:func:`~conflictmap.pipeline.article_focus`, what ``extract`` matches scoped
corrections against), or everywhere.
"""

from __future__ import annotations

import enum
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.model import Result
from conflictmap.paths import CORRECTIONS_DB, resolve_home
from conflictmap.pipeline import article_focus, geoparse
from conflictmap.serve.views import candidates_of, history_rows, result_view, search_rows
from conflictmap.store.corrections import CorrectionStore
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.registry import open_gazetteer
from conflictmap.store.scopes import article_hash
from conflictmap.text.load import read_article

__all__ = ["Opened", "Reach", "Workspace"]


class Reach(str, enum.Enum):
    """The scope choices the page offers."""

    ARTICLE = "article"
    REGION = "region"
    COUNTRY = "country"
    EVERYWHERE = "everywhere"


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    """The article under review."""

    text: str
    name: str
    result: Result
    #: the article's main focus country (``None``: no country stands out)
    focus: str | None
    #: the article's focus region: its code (``MZ.01``) and name (``None``: none)
    region: tuple[str, str] | None = None


class Workspace:
    """One home's review state; methods are safe to call from several threads."""

    def __init__(self, home: str | Path | None = None) -> None:
        self.home = resolve_home(home)
        self._lock = threading.RLock()
        self._opened: Opened | None = None

    # -- the article ----------------------------------------------------------------

    def gazetteer(self) -> Gazetteer:
        return open_gazetteer(self.home, progress=False)

    def store(self) -> CorrectionStore:
        return CorrectionStore(self.home / CORRECTIONS_DB, gazetteer=self.gazetteer())

    def open_path(self, path: str | Path) -> dict[str, Any]:
        article = read_article(path)
        return self.open_text(article.text, name=article.stem)

    def open_bytes(self, raw: bytes, *, name: str) -> dict[str, Any]:
        """Open an article from a file's bytes (decoded and, if HTML, reduced to text)."""
        html = True if name.lower().endswith((".html", ".htm", ".xhtml")) else None
        article = read_article("-", stdin=io.BytesIO(raw), html=html)
        return self.open_text(article.text, name=Path(name).stem or "article")

    def open_text(self, text: str, *, name: str = "article") -> dict[str, Any]:
        with self._lock:
            self._opened = self._parse(text, name)
            return self.view()

    def _parse(self, text: str, name: str) -> Opened:
        gaz = self.gazetteer()
        gaz.refresh()
        result = geoparse(text, id=name, gazetteer=gaz)
        focus = article_focus(gaz, text, name)
        region = None
        if focus.region is not None:
            place = gaz.region(*focus.region.split(".", 1))
            region = (focus.region, place.name if place is not None else focus.region)
        return Opened(text=text, name=name, result=result, focus=focus.country, region=region)

    @property
    def opened(self) -> Opened:
        if self._opened is None:
            raise CorrectionError("no article is open: paste one or pick a file first")
        return self._opened

    def view(self) -> dict[str, Any]:
        """The page's data: text, mentions, pins, scope choices (JSON-ready)."""
        with self._lock:
            if self._opened is None:
                return {"open": False}
            opened = self._opened
            return result_view(
                opened.result, name=opened.name, focus=opened.focus, region=opened.region
            )

    def candidates(self, index: int) -> dict[str, Any]:
        opened = self.opened
        return candidates_of(self.gazetteer(), opened.result, self._mention(index))

    def _mention(self, index: int) -> int:
        if not 0 <= index < len(self.opened.result.mentions):
            raise CorrectionError(f"there is no mention #{index}")
        return index

    # -- corrections --------------------------------------------------------------------

    def scope(self, reach: str) -> str:
        """The scope text of a choice on the page, for the open article."""
        try:
            chosen = Reach(reach)
        except ValueError:
            raise CorrectionError(f"unknown scope {reach[:40]!r}") from None
        if chosen is Reach.ARTICLE:
            return f"article:{article_hash(self.opened.text)}"
        if chosen is Reach.REGION:
            if self.opened.region is None:
                raise CorrectionError("this article has no focus region: choose another scope")
            return f"region:{self.opened.region[0]}"
        if chosen is Reach.COUNTRY:
            if self.opened.focus is None:
                raise CorrectionError("this article has no main country: choose another scope")
            return f"country:{self.opened.focus}"
        return "everywhere"

    def choose(self, index: int, place_id: str, reach: str) -> dict[str, Any]:
        """The mention's name resolves to ``place_id`` in the chosen scope."""
        with self._lock:
            name = self.opened.result.mentions[self._mention(index)].text
            done = self.store().prefer(name, place_id, scope=self.scope(reach))
            return self._reparsed(done.message)

    def alias(
        self, index: int, place_id: str, reach: str, name: str | None = None
    ) -> dict[str, Any]:
        """``name`` (default: the mention's text) becomes a name of ``place_id`` in the
        chosen scope: one more candidate for it, not a forced choice."""
        with self._lock:
            mention = self.opened.result.mentions[self._mention(index)].text
            alias = name if name and name.strip() else mention
            done = self.store().alias(alias, place_id, scope=self.scope(reach))
            return self._reparsed(done.message)

    def not_a_place(self, index: int, reach: str) -> dict[str, Any]:
        with self._lock:
            name = self.opened.result.mentions[self._mention(index)].text
            done = self.store().reject(name, scope=self.scope(reach))
            return self._reparsed(done.message)

    def add_place(
        self, index: int, *, lat: float, lon: float, name: str | None, reach: str
    ) -> dict[str, Any]:
        """Add a place at a dropped pin; the mention's name (and ``name``) resolve to it."""
        with self._lock:
            mention = self.opened.result.mentions[self._mention(index)].text
            names = [n for n in (name,) if n and n.strip() and n.strip() != mention]
            done = self.store().add(
                mention, lat=lat, lon=lon, aliases=names, scope=self.scope(reach)
            )
            return self._reparsed(done.message)

    def undo(self) -> dict[str, Any]:
        with self._lock:
            return self._reparsed(self.store().undo().message)

    def history(self) -> list[dict[str, Any]]:
        return history_rows(self.store().history())

    def search(self, query: str, country: str | None = None) -> list[dict[str, Any]]:
        return search_rows(self.gazetteer(), query, country)

    def _reparsed(self, message: str) -> dict[str, Any]:
        if self._opened is not None:
            self._opened = self._parse(self._opened.text, self._opened.name)
        return {"message": message, "view": self.view()}
