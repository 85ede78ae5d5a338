"""Make decoded text storable, one record at a time: stray NULs removed, lone surrogates replaced.

Why here and not in the coder: a NUL character is legal in a Python string and in DuckDB but PostgreSQL refuses it
in ``text``; a lone surrogate (from a JSON escape such as ``"\\ud800"`` or from bytes that were not UTF-8) cannot
even be encoded to UTF-8, so hashing the article id or writing it anywhere raises. Either one must cost only its own
record, so the readers clean every string field of a record here and attach a warning saying what was changed.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` without NUL characters and with lone surrogates replaced by U+FFFD, plus what was changed.

    A high and a low surrogate side by side (a pair written as two JSON escapes) are joined into their character.

    >>> clean_text("a\\x00b\\ud800c")
    ('ab\\ufffdc', ['1 NUL character(s) removed', '1 undecodable character(s) replaced with U+FFFD'])
    >>> clean_text("\\ud83d\\ude00")
    ('😀', [])
    """
    notes: list[str] = []
    if "\x00" in text:
        notes.append(f"{text.count(chr(0))} NUL character(s) removed")
        text = text.replace("\x00", "")
    if _SURROGATE.search(text):
        # utf-16 with surrogatepass joins valid pairs; decoding with "replace" turns each lone one into U+FFFD
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        replaced = joined.count(REPLACEMENT) - text.count(REPLACEMENT)
        if replaced:
            notes.append(f"{replaced} undecodable character(s) replaced with U+FFFD")
        text = joined
    return text, notes


def clean_field(value: str | None) -> str | None:
    """A metadata field (title, url, outlet, id) cleaned the same way; changes there are not worth a warning."""
    if value is None:
        return None
    return clean_text(value)[0].strip() or None
