"""``conflictmap serve``: a local web app to review an article's places and correct them.

The app (Starlette on uvicorn) shows an article's map next to its text, every
mention linked to its pin; a click shows the candidates and lets the reviewer
choose one, search the gazetteer, drop a pin for a new place or mark the name as
not a place, for this article, its country or everywhere (scoped corrections,
:mod:`conflictmap.store.scopes`). Modules:

* ``guard``: host, origin, token, CSRF and body-size checks (ASGI middleware);
* ``workspace``: the open article and the corrections made through the store;
* ``views``: the JSON the page builds itself from (with ``textContent`` only);
* ``app``: the routes and exports; ``run``: address checks and uvicorn.

Starlette and uvicorn are the ``serve`` extra (``pip install 'conflictmap[serve]'``):
Starlette is a small, typed, well-kept ASGI toolkit with no template or ORM
layer to audit; uvicorn is the reference ASGI server, on h11 only.
"""

from __future__ import annotations

__all__: list[str] = []
