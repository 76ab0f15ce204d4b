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

TOKEN_VARIABLE = "SHOWMETER_TOKEN"
"""The environment variable that gives the token (so that it is not on the command line)."""


def read_token(token: str | None, token_file: Path | None) -> str | None:
    """The token from ``--token``, else ``--token-file``, else ``$SHOWMETER_TOKEN``.

    Args:
        token: ``--token`` (visible to every user of the machine in ``ps``; prefer the others).
        token_file: ``--token-file``: a file whose first line is the token.

    Returns:
        The token, or ``None`` when none is given.

    Raises:
        UsageError: Both ``--token`` and ``--token-file``, or an empty file.
        MissingFileError: The token file does not exist.
    """
    import os

    from showmeter.errors import MissingFileError

    if token is not None and token_file is not None:
        raise UsageError(
            "--token and --token-file both give the token",
            remedy="Give one of them (--token-file, or $SHOWMETER_TOKEN, keeps it out of `ps`).",
        )
    if token_file is not None:
        try:
            lines = token_file.read_text("utf-8").splitlines()
        except FileNotFoundError as error:
            raise MissingFileError(
                "the token file does not exist",
                file=str(token_file),
                remedy='Write the token into it, e.g. `python -c "import secrets; '
                f'print(secrets.token_urlsafe())" > {token_file}`.',
            ) from error
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                f"cannot read the token file: {error}",
                file=str(token_file),
                remedy="Give a readable text file whose first line is the token.",
            ) from error
        if not lines or not lines[0].strip():
            raise UsageError(
                "the token file is empty",
                file=str(token_file),
                expected="the token on its first line",
                remedy="Write a token into it (at least 16 URL-safe characters).",
            )
        return lines[0].strip()
    if token is not None:
        return token
    return os.environ.get(TOKEN_VARIABLE) or None


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
    store: Annotated[
        Path,
        typer.Option(
            "--store",
            help="The store to show (opened read-only), or lake:PATH (each request reads the "
            "lake's last committed version).",
        ),
    ],
    host: Annotated[
        str, typer.Option(help="The address to listen on; beyond 127.0.0.1 needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Every request must carry it (Bearer header or ?token= once). Visible in "
            "`ps`: prefer --token-file or $SHOWMETER_TOKEN."
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file", help="A file whose first line is the token (instead of --token)."
        ),
    ] = None,
    query_timeout: Annotated[
        float,
        typer.Option(
            help="Seconds a request may take, all its computations and its wait included.",
            min=0.01,
        ),
    ] = 30.0,
    computations: Annotated[
        int, typer.Option(help="Requests that may compute at the same time.", min=1)
    ] = 2,
    queue: Annotated[
        int,
        typer.Option(
            help="Requests that may wait for a turn; beyond, 503 with Retry-After.", min=0
        ),
    ] = 8,
    max_request_bytes: Annotated[
        int, typer.Option(help="The largest request body accepted.", min=0)
    ] = 64 * 1024,
    warm_pages: Annotated[
        int,
        typer.Option(
            help="Season pages computed in the background at start, most wanted first "
            "(the featured season, its reference and peers, then the latest launches); "
            "visitors go first; 0: none.",
            min=0,
        ),
    ] = 64,
) -> None:
    """Start the local dashboard: pages and a JSON API over a store, on 127.0.0.1.

    The store is opened read-only for each request that computes, so `showmeter ingest`
    can load it while the dashboard runs; the memory of all computations together is capped
    by `showmeter --memory-limit`.
    """
    token = read_token(token, token_file)
    check_serve_options(host, token)
    import os

    import uvicorn

    from showmeter.store import MEMORY_LIMIT_VARIABLE
    from showmeter.web.app import create_app
    from showmeter.web.limits import Limits

    limits = Limits(
        query_timeout=query_timeout,
        max_request_bytes=max_request_bytes,
        computations=computations,
        queue=queue,
        memory_limit=os.environ.get(MEMORY_LIMIT_VARIABLE) or None,
    )
    web = create_app(store, token=token, host=host, limits=limits, warm_pages=warm_pages)
    shown = f"[{host}]" if ":" in host else host
    stderr().print(
        f"Serving [bold]{store}[/] (read-only, opened per request) at http://{shown}:{port}/"
        + (" — every request needs the token" if token else "")
        + ". Press Ctrl+C to stop.",
        highlight=False,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
