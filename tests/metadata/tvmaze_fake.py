"""A fake TVmaze API on 127.0.0.1, serving the hand-written answers of fixtures/tvmaze/.

`FakeTvmaze` runs a small HTTP server in a thread on a free port. Each request is recorded
(`requests`); `script` queues answers to give before the routed one (e.g. a 429 with
Retry-After). A request with no route answers 404, as TVmaze does for an unknown show.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "tvmaze"

ROUTES = {
    "/search/shows?q=dom z papieru": "search_dom_z_papieru.json",
    "/shows/27436": "show_27436.json",
    "/shows/1": "show_1.json",
    "/shows/150": "show_150.json",
    "/shows/27436/akas": "akas_27436.json",
    "/shows/51234/akas": "akas_51234.json",
    "/shows/27436/seasons": "seasons_27436.json",
    "/shows/27436/episodes": "episodes_27436.json",
    "/search/shows?q=under the dome": "search_under_the_dome.json",
    "/shows/1/seasons": "seasons_1.json",
    "/shows/1/episodes": "episodes_1.json",
    "/search/shows?q=shameless": "search_shameless.json",
    "/shows/150/seasons": "seasons_150.json",
    "/shows/150/episodes": "episodes_150.json",
    "/search/shows?q=the office": "search_the_office.json",
    "/shows/526/seasons": "seasons_526.json",
    "/shows/526/episodes": "episodes_526.json",
    "/shows/530/episodes": "episodes_530.json",
    "/search/shows?q=no such show": "search_empty.json",
    "/search/shows?q=marvel's the defenders": "search_the_defenders.json",
    "/shows/2031/seasons": "seasons_2031.json",
    "/shows/2031/episodes": "episodes_2031.json",
}
"""Request (path, and the search's query in lower case) -> answer file."""


def route(path: str) -> str:
    """The ROUTES key of a request path with its query."""
    parts = urlsplit(path)
    query = parse_qs(parts.query).get("q")
    return parts.path + (f"?q={query[0].lower()}" if query else "")


class FakeTvmaze:
    """The fake API: start() it, use `url`, stop() it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.script: deque[tuple[int, dict[str, str], str]] = deque()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append(self.path)
                if fake.script:
                    status, headers, body = fake.script.popleft()
                else:
                    name = ROUTES.get(route(self.path))
                    if name is None:
                        status, headers, body = 404, {}, '{"name":"Not Found","status":404}'
                    else:
                        status, headers = 200, {}
                        body = (FIXTURES / name).read_text(encoding="utf-8")
                        json.loads(body)  # a fixture must be JSON
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeTvmaze:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def calls_to(self, path: str) -> int:
        """How many requests had this route."""
        return sum(1 for request in self.requests if route(request) == path)
