"""Opening outputs and inputs: a path, a text stream or a binary stream, all treated alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

Target = str | os.PathLike[str] | IO[str] | IO[bytes]


def _is_binary(stream: Any) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


@contextmanager
def _text_stream(target: Target, mode: str, encoding: str) -> Iterator[IO[str]]:
    """A text stream over ``target``: paths are opened (and closed), binary streams wrapped (and left open, flushed
    when writing), text streams used as they are."""
    if isinstance(target, str | os.PathLike):
        with open(target, mode, encoding=encoding, newline="") as fh:
            yield fh
        return
    if _is_binary(target):
        wrapper = io.TextIOWrapper(target, encoding=encoding, newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            if mode == "w":
                wrapper.flush()
            wrapper.detach()
        return
    yield target  # type: ignore[misc]


def text_out(out: Target, encoding: str = "utf-8") -> contextlib.AbstractContextManager[IO[str]]:
    """A text stream writing to ``out``; paths are opened (and closed), streams are left open."""
    return _text_stream(out, "w", encoding)


def text_in(src: Target, encoding: str = "utf-8-sig") -> contextlib.AbstractContextManager[IO[str]]:
    """A text stream reading ``src`` (a leading BOM is dropped)."""
    return _text_stream(src, "r", encoding)


def json_default(value: Any) -> Any:
    """JSON for the non-JSON values store rows may carry: dates as ISO strings, anything else as text."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def as_date(value: Any) -> dt.date | None:
    """An article date as ``datetime.date`` (from a date, a datetime or an ISO string); None when not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def clean_cell(value: Any) -> str:
    """A value as one TSV cell: None → '', tabs and line breaks → spaces."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_tsv(out: Target, columns: Sequence[str], rows: Iterable[Sequence[str]], *, header: bool) -> int:
    """Write tab-separated rows (cells already cleaned of tabs/newlines), with an optional header; returns the count."""
    n = 0
    with text_out(out) as fh:
        if header:
            fh.write("\t".join(columns) + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
            n += 1
    return n
