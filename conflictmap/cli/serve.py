"""``conflictmap serve``: review and correct an article's places in the browser."""

from __future__ import annotations

from pathlib import Path

import click

from conflictmap.cli.app import State, cli, pass_state


@cli.command()
@click.argument("article", required=False, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token.")  # fmt: skip
@click.option("--token", metavar="TOKEN",
              help="Access token (16+ letters and digits) the URL must carry.")  # fmt: skip
@click.option("--home", "serve_home", metavar="DIR",
              help="The conflictmap home whose corrections the app edits.")  # fmt: skip
@pass_state
def serve(
    state: State,
    article: str | None,
    port: int,
    host: str,
    token: str | None,
    serve_home: str | None,
) -> None:
    """Open a local web app to review ARTICLE's places and correct them.

    The page shows the article's map next to its text; click a name or a pin to
    see its candidates, choose one, search the gazetteer, add a place or mark the
    name as not a place, for this article, its region, its country or everywhere. The
    corrections go to the home's corrections file, like 'conflictmap gazetteer'.

    \b
    Examples:
      conflictmap serve article.txt
      conflictmap serve --port 9000 --home ~/cm-home
    """
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise click.ClickException(
            "the review app needs Starlette and uvicorn: pip install 'conflictmap[serve]'"
        ) from None
    from conflictmap.serve.run import serve as run_app

    home = Path(serve_home).expanduser() if serve_home else state.home
    run_app(home=home, host=host, port=port, token=token, article=article)
