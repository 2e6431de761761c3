"""Turn raw bytes into checked text: size limit, binary data and encoding errors become clear errors."""
from __future__ import annotations

import gzip
import os
import re
import sys
import zlib
from pathlib import Path

from ..errors import EmptyInputError, InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than tab, newlines and form feed

STDIN = "-"

# What reading a damaged or unreadable file raises part way: an I/O error or a bad gzip CRC (OSError), a
# gzip stream cut short (EOFError), a deflate stream that turns invalid (zlib.error, which is neither).
DAMAGED: tuple[type[Exception], ...] = (OSError, EOFError, zlib.error)


def display_name(path: str | os.PathLike) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


def reason(exc: BaseException) -> str:
    """What went wrong, on one line: an OSError's own words ("Permission denied"), else its message with
    the line breaks folded (pyarrow's run over several lines), so that a report stays one line."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


def read_bytes(path: str | os.PathLike, *, max_bytes: int) -> bytes:
    """The bytes of a file (or stdin for ``-``), refusing anything over ``max_bytes``."""
    name = display_name(path)
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError("no such file or directory; check the path", source=name)
        if p.is_dir():
            raise InputError("is a directory; pass the files in it or the directory to `summarize`", source=name)
        try:
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc}); check its permissions", source=name) from None
    if len(data) > max_bytes:
        raise InputError(
            f"is larger than the size limit of {max_bytes:,} bytes; raise it with --max-bytes", source=name
        )
    return data


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 text from ``data``; binary data and invalid UTF-8 are refused with the offending line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"looks like binary data (NUL byte at offset {nul}); expected UTF-8 text", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"line {line}: invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "expected UTF-8 text — convert it first, e.g. with iconv",
            source=source,
        ) from None
    controls = len(_CONTROL.findall(text, 0, 4096))
    if controls > 8 and controls > len(text[:4096]) // 50:
        raise InputError("looks like binary data (many control characters); expected UTF-8 text", source=source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def require_text(text: str, *, source: str) -> str:
    if not text.strip():
        raise EmptyInputError("is empty or holds only whitespace; nothing to summarize", source=source)
    return text


def maybe_gunzip(data: bytes, *, source: str, max_bytes: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise InputError(f"is not a valid gzip file ({exc})", source=source) from None
