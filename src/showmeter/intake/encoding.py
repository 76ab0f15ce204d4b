r"""Text that is not valid UTF-8: found row by row, never silently replaced.

Input files are read as UTF-8. A byte that is not part of valid UTF-8 is decoded to a *mark*:
the private-use character ``U+10FF80 + (byte - 0x80)``, so that the reader can go on, find the
rows that hold a mark, and quarantine them as ``invalid_utf8`` with their line and their text,
each bad byte shown as ``\\xNN`` (see :func:`unmark`). Files that are valid UTF-8 throughout are
checked once (:func:`is_utf8`) and read on the fast path, without marks.

A file holding one of the 128 private-use characters U+10FF80–U+10FFFF as valid UTF-8 would
see the rows holding them quarantined too when read with marks; Unicode assigns them no
meaning.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from typing import TYPE_CHECKING

from showmeter.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from typing_extensions import Buffer

__all__ = [
    "CODEC",
    "ERRORS",
    "MARK_PATTERN",
    "check_names",
    "has_mark",
    "is_utf8",
    "open_binary",
    "unmark",
]

_BASE = 0x10FF00
ERRORS = "showmeter-mark"
"""The decoding error handler that turns each invalid byte into its mark."""

CODEC = "showmeter_utf8"
"""UTF-8 (a byte-order mark skipped) with invalid bytes decoded to marks, for Arrow's reader."""

MARK_PATTERN = "[\U0010ff80-\U0010ffff]"
"""A regular expression (Python and RE2) that matches a mark."""

_MARKS = re.compile(MARK_PATTERN)


def _mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(_BASE + byte) for byte in bad), error.end


class _Decoder(codecs.BufferedIncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._first = True

    def _buffer_decode(self, input: Buffer, errors: str, final: bool) -> tuple[str, int]:
        text, used = codecs.utf_8_decode(input, ERRORS, final)
        if self._first and (text or final):
            self._first = False
            text = text.removeprefix("\ufeff")
        return text, used


def _decode(data: Buffer, errors: str = "strict", /) -> tuple[str, int]:
    text, used = codecs.utf_8_decode(data, ERRORS, True)
    return text.removeprefix("\ufeff"), used


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        utf8.encode,
        _decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_Decoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
        name=CODEC,
    )


codecs.register_error(ERRORS, _mark)
codecs.register(_search)


def has_mark(text: str) -> bool:
    """Whether ``text`` holds a mark, i.e. its source bytes were not valid UTF-8."""
    return _MARKS.search(text) is not None


def unmark(text: str) -> str:
    r"""``text`` with every mark written back as the byte it stands for, e.g. ``\\xff``."""
    return _MARKS.sub(lambda m: f"\\x{ord(m.group()) - _BASE:02x}", text)


def open_binary(path: Path) -> object:
    """Open ``path`` for reading bytes, decompressing a ``.gz`` file."""
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")


def corrupt(path: Path, error: BaseException) -> InputError:
    """The error for a compressed file that is truncated or corrupt."""
    return InputError(
        f"cannot read the compressed file: {error}",
        file=str(path),
        expected="a complete gzip file",
        remedy="The file is truncated or corrupt: download or compress it again.",
    )


READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a truncated or corrupt gzip file raises."""


def is_utf8(path: Path, chunk: int = 16 << 20) -> bool:
    """Whether the whole file (decompressed) is valid UTF-8.

    Raises:
        InputError: A ``.gz`` file that is truncated or corrupt.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open_binary(path) as handle:  # type: ignore[attr-defined]
            while data := handle.read(chunk):
                decoder.decode(data)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except READ_ERRORS as error:
        raise corrupt(path, error) from error
    return True


def check_names(names: list[str], path: Path, line: int | None = 1) -> None:
    """Refuse column names that cannot be told apart: an empty one, or one named twice.

    Names are compared without case and outer spaces, as the ingest matches them.

    Args:
        names: The column names, in file order.
        path: The file, for the message.
        line: The line of the header (None for Parquet).

    Raises:
        InputError: An empty name, a name given twice, or a name that is not valid UTF-8.
    """
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        key = name.strip().casefold()
        if has_mark(name):
            raise InputError(
                f"the name of column {position} is not valid UTF-8",
                file=str(path),
                line=line,
                column=unmark(name),
                remedy="Save the file as UTF-8.",
            )
        if not key:
            raise InputError(
                f"column {position} of the header has no name",
                file=str(path),
                line=line,
                column=f"#{position}",
                expected="a name for every column",
                remedy="Name the column, or remove it (a trailing delimiter makes an empty one).",
            )
        if key in seen:
            raise InputError(
                f"the header names the same column twice (columns {seen[key]} and {position}; "
                "names are compared without case)",
                file=str(path),
                line=line,
                column=name,
                expected="each column named once",
                remedy="Rename or remove one of the two columns.",
            )
        seen[key] = position
