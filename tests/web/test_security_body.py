"""The guard's body limit: a declared length and a streamed body past it get the same 413."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

from showmeter.web.limits import Limits
from showmeter.web.security import Guard

LIMIT = 10


async def _reads_the_body(scope: object, receive: object, send: object) -> None:
    """An app that reads the whole body, then answers 200 with its length."""
    size = 0
    while True:
        message = await receive()  # type: ignore[operator]
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": body})  # type: ignore[operator]


def _post(chunks: list[bytes], length: int | None) -> tuple[int, dict[str, object]]:
    """POST ``chunks`` through the guard (with a Content-Length header when ``length``)."""
    headers = [(b"host", b"127.0.0.1"), (b"accept", b"application/json")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/metrics",
        "raw_path": b"/api/metrics",
        "query_string": b"",
        "headers": headers,
    }
    messages: Iterator[bytes] = iter(chunks)
    answer: dict[str, object] = {"body": b""}

    async def receive() -> dict[str, object]:
        chunk = next(messages, None)
        if chunk is None:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] = bytes(answer["body"]) + bytes(message.get("body", b""))  # type: ignore[arg-type]

    guard = Guard(_reads_the_body, limits=Limits(max_request_bytes=LIMIT))
    asyncio.run(guard(scope, receive, send))
    return int(answer["status"]), json.loads(bytes(answer["body"]))  # type: ignore[call-overload]


REFUSAL = {
    "error": f"the request body is larger than the limit of {LIMIT} bytes",
    "expected": None,
    "remedy": "The dashboard takes GET requests with query parameters; send no body.",
}


def test_a_declared_length_past_the_limit_is_refused_before_the_app_reads() -> None:
    assert _post([b"x" * 11], 11) == (413, REFUSAL)


def test_a_streamed_body_past_the_limit_is_refused_alike() -> None:
    # no Content-Length: 6 + 6 bytes, the second chunk passes the limit of 10
    assert _post([b"x" * 6, b"y" * 6], None) == (413, REFUSAL)


def test_a_body_within_the_limit_reaches_the_app() -> None:
    assert _post([b"x" * 6, b"y" * 4], 10) == (200, 10)
    assert _post([b"x" * 6, b"y" * 4], None) == (200, 10)
