"""Show metadata looked up on public services, to fill in a catalog (opt-in, network).

Nothing here runs unless a command names a service (``--metadata tvmaze``): showmeter does
not contact the network otherwise.

- :mod:`~showmeter.intake.metadata.client`: a JSON-over-HTTP client with an on-disk cache keyed
  by URL, a rate limiter and retries with backoff;
- :mod:`~showmeter.intake.metadata.tvmaze`: TVmaze's public API (shows, AKAs, seasons, episodes)
  as small typed records;
- :mod:`~showmeter.intake.metadata.matching`: which TVmaze show a catalog title is;
- :mod:`~showmeter.intake.metadata.enrich`: writing what was found into a catalog, each value
  marked with its origin;
- :mod:`~showmeter.intake.metadata.document`: editing the catalog's YAML (comments, order and
  quoting kept) or JSON in place.
"""

from __future__ import annotations
