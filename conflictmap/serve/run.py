"""Starting the review app: the address checks, the guard's configuration, uvicorn.

Examples
--------
>>> plan = plan_server(host="127.0.0.1", port=8765, token=None)
>>> plan.url, sorted(plan.guard.hosts)
('http://127.0.0.1:8765/', ['127.0.0.1:8765', 'localhost:8765'])
>>> plan_server(host="0.0.0.0", port=8765, token=None)
Traceback (most recent call last):
...
conflictmap.errors.ConflictmapError: --host 0.0.0.0 is reachable from other machines: give --token TOKEN (16 or more characters) so that only those who have the URL can use the app
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictmap.errors import ConflictmapError
from conflictmap.serve.guard import GuardConfig, is_loopback

__all__ = ["DEFAULT_PORT", "MIN_TOKEN", "ServerPlan", "free_port", "plan_server", "serve"]

#: the port the app listens on unless told otherwise
DEFAULT_PORT = 8765
#: the shortest access token accepted (a guessable token is no protection)
MIN_TOKEN = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerPlan:
    """Where the app listens, the URL to open, and what its guard checks."""

    host: str
    port: int
    url: str
    guard: GuardConfig


def plan_server(*, host: str, port: int, token: str | None) -> ServerPlan:
    """Check the address and token; the plan of a server on ``host:port``."""
    if not is_loopback(host) and token is None:
        raise ConflictmapError(
            f"--host {host} is reachable from other machines: give --token TOKEN "
            f"({MIN_TOKEN} or more characters) so that only those who have the URL can use the app"
        )
    if token is not None and (len(token) < MIN_TOKEN or not token.isascii() or not token.isalnum()):
        raise ConflictmapError(f"--token must be {MIN_TOKEN} or more letters and digits")
    shown = f"[{host}]" if ":" in host else host
    names = {shown, "localhost", "127.0.0.1"} if is_loopback(host) else {shown}
    hosts = frozenset(f"{name}:{port}" for name in names)
    guard = GuardConfig(
        hosts=hosts,
        origins=frozenset(f"http://{h}" for h in hosts),
        csrf=secrets.token_urlsafe(32),
        token=token,
    )
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    return ServerPlan(host=host, port=port, url=url, guard=guard)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def server_for(plan: ServerPlan, home: Path | None, article: str | None) -> Any:
    """A ``uvicorn.Server`` (not started) for the plan; ``article`` is opened first."""
    import uvicorn

    from conflictmap.serve.app import create_app
    from conflictmap.serve.workspace import Workspace

    workspace = Workspace(home)
    if article is not None:
        workspace.open_path(article)
    app = create_app(workspace, guard=plan.guard)
    config = uvicorn.Config(
        app, host=plan.host, port=plan.port, log_level="warning", server_header=False,
        date_header=False, limit_concurrency=64, timeout_keep_alive=5,
    )  # fmt: skip
    return uvicorn.Server(config)


def serve(
    *, home: Path | None, host: str, port: int, token: str | None, article: str | None
) -> None:
    """Run the app until interrupted, printing the URL to open."""
    plan = plan_server(host=host, port=port or free_port(host), token=token)
    server = server_for(plan, home, article)
    print(f"conflictmap: review app at {plan.url} (Ctrl-C stops it)", flush=True)
    server.run()
