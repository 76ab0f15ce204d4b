"""``showmeter serve``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app, stderr
from showmeter.errors import UsageError

TOKEN = re.compile(r"[A-Za-z0-9._~-]{16,256}")
"""A token: at least 16 URL-safe characters (``secrets.token_urlsafe()`` makes one)."""


def check_serve_options(host: str, token: str | None) -> None:
    """Refuse a listening address beyond this machine without a token, and a weak token.

    Args:
        host: The address to bind.
        token: The token, if any.

    Raises:
        UsageError: A non-loopback ``host`` without ``token``, or a token that is too short or
            has characters a cookie cannot carry.
    """
    from showmeter.web.limits import is_loopback

    if token is not None and not TOKEN.fullmatch(token):
        raise UsageError(
            "the token must be 16 to 256 URL-safe characters (letters, digits, . _ ~ -)",
            remedy='Make one with `python -c "import secrets; print(secrets.token_urlsafe())"`.',
        )
    if not is_loopback(host) and token is None:
        raise UsageError(
            f"refusing to listen on {host}, beyond this machine, without a token: anyone who "
            "can reach it could read the store",
            remedy="Keep the default --host 127.0.0.1, or add --token TOKEN "
            '(make one with `python -c "import secrets; print(secrets.token_urlsafe())"`).',
        )


@app.command()
def serve(
    store: Annotated[Path, typer.Option("--store", help="The store to show (opened read-only).")],
    host: Annotated[
        str, typer.Option(help="The address to listen on; beyond 127.0.0.1 needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Every request must carry it (Bearer header or ?token= once)."),
    ] = None,
    query_timeout: Annotated[
        float, typer.Option(help="Seconds a computation may run before it is cut off.", min=0.01)
    ] = 30.0,
    max_request_bytes: Annotated[
        int, typer.Option(help="The largest request body accepted.", min=0)
    ] = 64 * 1024,
) -> None:
    """Start the local dashboard: pages and a JSON API over a store, on 127.0.0.1."""
    check_serve_options(host, token)
    import uvicorn

    from showmeter.web.app import create_app
    from showmeter.web.limits import Limits

    limits = Limits(query_timeout=query_timeout, max_request_bytes=max_request_bytes)
    web = create_app(store, token=token, host=host, limits=limits)
    shown = f"[{host}]" if ":" in host else host
    stderr().print(
        f"Serving [bold]{store}[/] (read-only) at http://{shown}:{port}/"
        + (" — every request needs the token" if token else "")
        + ". Press Ctrl+C to stop.",
        highlight=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
