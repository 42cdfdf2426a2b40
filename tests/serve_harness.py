"""A review app (``conflictmap serve``) running in a thread, and plain HTTP calls to it."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra (starlette) is not installed")
pytest.importorskip("uvicorn", reason="the serve extra (uvicorn) is not installed")

from conflictmap.serve.run import ServerPlan, free_port, plan_server, server_for


@dataclass
class Running:
    plan: ServerPlan

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.plan.port}"

    def call(
        self,
        method: str,
        path: str,
        body: object | None = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        """``(status, decoded JSON or bytes)``; POSTs carry the page's origin and CSRF
        token unless ``headers`` replaces them."""
        sent = {"Content-Type": "application/json"}
        if method != "GET":
            sent |= {"Origin": self.base, "X-CSRF-Token": self.plan.guard.csrf}
        sent |= headers or {}
        sent = {k: v for k, v in sent.items() if v is not None}
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, content, kind = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, content, kind = error.code, error.read(), error.headers
        if "json" in (kind.get("content-type") or ""):
            return status, json.loads(content)
        return status, content


@contextmanager
def running_app(
    home: Path, article: str | None = None, *, token: str | None = None
) -> Iterator[Running]:
    plan = plan_server(host="127.0.0.1", port=free_port(), token=token)
    server = server_for(plan, home, article)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review app did not start")
        time.sleep(0.05)
    try:
        yield Running(plan)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
