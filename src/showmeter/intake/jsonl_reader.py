r"""Read a JSON Lines file (``.jsonl``, ``.ndjson``, ``.json``, also gzipped) as text columns.

One object per line; every value is kept as text (numbers as written, ``true``/``false``,
nested values as JSON). A line that is not a JSON object is ``malformed_json``; one that names a
key twice or an empty key (names compared without case) is ``bad_key``; one holding bytes that
are not UTF-8 is ``invalid_utf8``, the bytes shown as ``\\xNN``. A row's line is its physical
line (blank lines are skipped, not renumbered). Progress is counted in bytes of the file as
stored.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from showmeter.intake.batches import BATCH_ROWS, Batch, CountingFile, Malformed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["read_jsonl"]


class _DuplicateKey(ValueError):
    """A JSON object names a key twice."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) < len(pairs):
        raise _DuplicateKey
    return value


def _parse_line(number: int, data: bytes) -> dict[str, Any] | Malformed:
    """One line of JSON Lines: its object, or why it is quarantined."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        shown = data.decode("utf-8", "backslashreplace").rstrip("\r\n")
        return Malformed(number, shown, "invalid_utf8")
    try:
        value = json.loads(text, object_pairs_hook=_object)
    except _DuplicateKey:
        return Malformed(number, text.rstrip("\r\n"), "bad_key")
    except (ValueError, RecursionError):  # not JSON, or a number past Python's digit limit
        value = None
    if not isinstance(value, dict):
        return Malformed(number, text.rstrip("\r\n"), "malformed_json")
    keys = [str(k).strip().casefold() for k in value]
    if "" in keys or len(set(keys)) < len(keys):
        return Malformed(number, text.rstrip("\r\n"), "bad_key")
    return value


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Batch]:
    """Read a JSON Lines file in batches of at most :data:`~showmeter.intake.batches.BATCH_ROWS`.

    Args:
        path: The file (``.gz`` is decompressed).
        limit: Stop after this line (the header's column names are read from the first lines).

    Yields:
        Batches in file order: one text column per key (lower case, outer spaces trimmed) and
        ``_line``; the lines quarantined as :class:`~showmeter.intake.batches.Malformed`.

    Raises:
        InputError: A truncated or corrupt ``.gz``.
    """
    import gzip

    from showmeter.intake import encoding

    source = CountingFile(path)
    handle: Any = (
        gzip.GzipFile(fileobj=source, mode="rb") if path.suffix.lower() == ".gz" else source
    )
    records: list[dict[str, str | None]] = []
    lines: list[int] = []
    malformed: list[Malformed] = []
    try:
        for number, data in enumerate(io.BufferedReader(handle, 1 << 20), start=1):
            if number == 1:
                data = data.removeprefix(b"\xef\xbb\xbf")
            if not data.strip():
                continue
            value = _parse_line(number, data)
            if isinstance(value, Malformed):
                malformed.append(value)
            else:
                # Keys as the ingest matches them (no case, no outer spaces), so that `title`
                # in one line and `Title` in the next are one column.
                records.append({str(k).strip().lower(): _as_text(v) for k, v in value.items()})
                lines.append(number)
            if len(records) >= BATCH_ROWS or (limit and number >= limit):
                yield _json_batch(records, lines, malformed, source.position, source.total)
                records, lines, malformed = [], [], []
                if limit and number >= limit:
                    return
    except encoding.READ_ERRORS as error:
        raise encoding.corrupt(path, error) from error
    finally:
        source.close()
    if records or malformed:
        yield _json_batch(records, lines, malformed, source.position, source.total)


def _json_batch(
    records: list[dict[str, str | None]],
    lines: list[int],
    malformed: list[Malformed],
    done: int,
    total: int,
) -> Batch:
    import pyarrow as pa

    names: list[str] = []
    for record in records:
        names.extend(k for k in record if k not in names)
    columns = {n: pa.array([r.get(n) for r in records], pa.string()) for n in names}
    columns["_line"] = pa.array(lines, pa.int64())
    return Batch(pa.table(columns), malformed, done, total)


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return json.dumps(value, ensure_ascii=False)
