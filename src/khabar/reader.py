"""Read article text from a file, stdin or bytes, whatever its encoding, and refuse what is not text.

Encoding detection (:func:`detect_encoding`) tries, in order:

1. a byte-order mark: UTF-32 LE/BE, UTF-8 (``utf-8-sig``), UTF-16 LE/BE;
2. UTF-16 without a BOM, when the bytes have the UTF-16 shape: one of the two byte columns (even/odd
   positions) is mostly NUL (Latin text) or mostly ``0x06``/NUL (Arabic text) and the other is not;
3. strict UTF-8;
4. Windows-1256 (legacy Arabic), accepted only if most non-ASCII characters it yields are Arabic;
5. charset-normalizer, as a last resort.

Data with NUL bytes that is not UTF-16/32, or with a high share of control characters, is rejected as binary
(E104); input that is empty or only whitespace is rejected with E103.

Offsets: :func:`read_text` returns the decoded text with a leading BOM removed and newlines normalized
(``\\r\\n`` and lone ``\\r`` become ``\\n``). Every character offset computed downstream is therefore an
offset into this decoded, newline-normalized string, not into the bytes on disk.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections import Counter

from khabar.errors import (
    E_BINARY,
    E_EMPTY,
    E_ENCODING,
    E_NOT_FOUND,
    E_TOO_LARGE,
    E_UNREADABLE,
    KhabarError,
)

DEFAULT_MAX_BYTES = 50_000_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE: same first two bytes
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Control characters that never occur in text (tab, newlines, form feed and vertical tab are allowed).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_ASCII_RUN = re.compile("[\x00-\x7f]+")
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")
_MAX_CONTROL_SHARE = 0.10  # more control characters than this and it is not text
_UTF16_SAMPLE = 64_000  # bytes examined when sniffing UTF-16 without a BOM
_ARABIC_SHARE = 0.6  # share of non-ASCII characters that must be Arabic to accept Windows-1256
_MAX_DAMAGED_SHARE = 0.02  # decode_lenient: more NULs/invalid bytes than this and the file is not damaged UTF-8
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape turns an invalid byte into


def read_text(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Return the text of ``source``: a path, ``"-"`` for stdin, or raw ``bytes``.

    ``name`` labels the input in error messages (defaults to the path, ``<stdin>`` or ``<bytes>``).
    The result has no BOM and only ``\\n`` newlines, so offsets into it differ from byte/raw offsets.
    Raises :class:`KhabarError` E101–E106.
    """
    data, label = _read_bytes(source, name=name, max_bytes=max_bytes)
    text, _encoding = decode_bytes(data, name=label)
    return text


def decode_bytes(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode ``data`` as :func:`read_text` does; return ``(text, encoding)``. ``name`` is used in errors."""
    if not data:
        raise KhabarError(E_EMPTY, "input is empty", path=name)
    encoding = _detect(data, name)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise KhabarError(E_ENCODING, f"cannot decode as {encoding}: {exc}", path=name) from exc
    return _checked(text, name), encoding


def _checked(text: str, name: str | None) -> str:
    """Decoded text without its BOM, with ``\n`` newlines, refused when blank or binary-looking."""
    text = normalize_newlines(text.removeprefix("\ufeff"))
    if not text or text.isspace():  # isspace, not strip: no copy of a 45 MB text
        raise KhabarError(E_EMPTY, "input contains only whitespace", path=name)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise KhabarError(E_BINARY, "input looks binary (many control characters), not text", path=name)
    return text


def decode_lenient(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode as :func:`decode_bytes`, but read UTF-8 with a few damaged bytes instead of refusing the whole file.

    Why: in a JSONL or CSV file of thousands of records, one raw NUL byte or one deleted byte inside a multi-byte
    character used to reject every record (E104/E105), or worse, let a charset guesser decode it all as mojibake.
    Damaged UTF-8 is recognised by its shape: at most 2% NULs and invalid bytes, and at least ten valid non-ASCII
    characters per invalid byte (a Windows-1252/1256 file has almost none). Such bytes survive as NUL characters
    and lone surrogates (``surrogateescape``), which the record readers clean or reject one record at a time.
    Valid UTF-8 is returned from the same decoding (the strict path would decode it twice more); anything else
    takes the strict path.
    """
    if not data or data.startswith(_UTF16_32_BOMS) or _sniff_utf16(data) is not None:
        return decode_bytes(data, name=name)
    text = data.decode("utf-8", "surrogateescape")
    nuls, invalid, limit = text.count("\x00"), 0, _MAX_DAMAGED_SHARE * len(text)
    for _ in _ESCAPED_BYTE.finditer(text):  # counted, not listed: a binary file has millions
        invalid += 1
        if invalid + nuls > limit:
            break
    if not invalid and not nuls:
        return _checked(text, name), "utf-8"
    if invalid + nuls <= limit and _control_share(text.replace("\x00", "")) <= _MAX_CONTROL_SHARE:
        valid_non_ascii = len(text) - len(text.encode("ascii", "ignore")) - invalid
        if valid_non_ascii >= 10 * invalid and text.strip():
            return normalize_newlines(text.removeprefix("\ufeff")), "utf-8"
    del text  # not damaged UTF-8: decode strictly, without a second copy of a large text alive
    return decode_bytes(data, name=name)


def detect_encoding(data: bytes) -> str:
    """Return the Python codec name to decode ``data`` with (see the module docstring for the order).

    The name is such that ``data.decode(name)`` yields the text without a BOM for BOM-marked input
    (``utf-8-sig``, ``utf-16``, ``utf-32``). Raises :class:`KhabarError` E104 for binary data and E105
    when no encoding fits.
    """
    return _detect(data, None)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` (this shifts offsets; see the module docstring)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect(data: bytes, name: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    utf16 = _sniff_utf16(data)
    if utf16:
        return utf16
    if b"\x00" in data:
        raise KhabarError(E_BINARY, "input looks binary (contains NUL bytes), not text", path=name)
    if _byte_control_share(data) > _MAX_CONTROL_SHARE:
        raise KhabarError(E_BINARY, "input looks binary (many control bytes), not text", path=name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if _looks_cp1256_arabic(data):
        return "cp1256"
    return _charset_normalizer_guess(data, name)


def _sniff_utf16(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` if ``data`` (no BOM) has the byte shape of UTF-16 text."""
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if _is_high_byte_column(high) and not _is_high_byte_column(low) and _decodes_as_text(data, encoding):
            return encoding
    return None


def _is_high_byte_column(column: bytes) -> bool:
    """True if ``column`` looks like the high bytes of UTF-16 text: many NULs, or mostly NUL/0x06 (Arabic)."""
    counts = Counter(column)
    nul, arabic = counts[0x00] / len(column), counts[0x06] / len(column)
    return nul >= 0.3 or (arabic >= 0.3 and nul + arabic >= 0.8)


def _decodes_as_text(data: bytes, encoding: str) -> bool:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return _control_share(text) <= _MAX_CONTROL_SHARE


def _looks_cp1256_arabic(data: bytes) -> bool:
    """True if decoding as Windows-1256 gives mostly Arabic characters among the non-ASCII ones."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return False
    non_ascii = _ASCII_RUN.sub("", text)
    arabic = len(non_ascii) - len(_ARABIC_CHAR.sub("", non_ascii))
    return bool(non_ascii) and arabic / len(non_ascii) >= _ARABIC_SHARE


def _charset_normalizer_guess(data: bytes, name: str | None) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        raise KhabarError(
            E_ENCODING, "cannot determine the text encoding (not UTF-8, UTF-16 or cp1256)", path=name
        )
    return str(best.encoding)


def _control_share(text: str) -> float:
    """Share of characters that are C0/C1 controls other than ordinary whitespace."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _byte_control_share(data: bytes) -> float:
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _read_bytes(
    source: str | os.PathLike[str] | bytes, *, name: str | None, max_bytes: int
) -> tuple[bytes, str]:
    """Return the raw bytes of ``source`` and the label to use for it in errors."""
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "<bytes>"
        data = bytes(source)
    elif isinstance(source, str) and source == "-":
        label = name or "<stdin>"
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        label = name or os.fspath(source)
        return read_file_bytes(os.fspath(source), label, max_bytes), label
    if len(data) > max_bytes:
        raise KhabarError(E_TOO_LARGE, _too_large(max_bytes), path=label)
    return data, label


def read_file_bytes(path: str, label: str, max_bytes: int) -> bytes:
    """Read a file with clear errors. FIFOs (e.g. ``<(cmd)``) are allowed; directories and devices are not."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        raise KhabarError(E_NOT_FOUND, "file not found", path=label) from exc
    except (OSError, ValueError) as exc:
        raise KhabarError(E_UNREADABLE, f"cannot access file: {_reason(exc)}", path=label) from exc
    if stat.S_ISDIR(mode):
        raise KhabarError(E_UNREADABLE, "is a directory, not a file", path=label)
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise KhabarError(E_UNREADABLE, "not a regular file", path=label)
    if stat.S_ISREG(mode) and os.stat(path).st_size > max_bytes:
        raise KhabarError(E_TOO_LARGE, _too_large(max_bytes), path=label)
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise KhabarError(E_UNREADABLE, f"cannot read file: {_reason(exc)}", path=label) from exc
    if len(data) > max_bytes:
        raise KhabarError(E_TOO_LARGE, _too_large(max_bytes), path=label)
    return data


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _too_large(max_bytes: int) -> str:
    return f"input is larger than the limit of {max_bytes:,} bytes"
