"""Read articles from files, folders, globs and stdin, in many formats, without ever raising for bad input.

:func:`read_sources` yields a :class:`RawArticle` per article and a :class:`BadRecord` per file or record that
cannot be read, so one broken file never stops a long ingest. Formats are chosen by extension:

========================  ==========================================================================
``.txt .text`` / none     plain text; charset detected by :mod:`khabar.reader`
``.html .htm``            trafilatura main text (title, date and site name from the page metadata);
                          tag-stripped text when trafilatura finds nothing
``.jsonl .ndjson``        one JSON object per line: ``text`` (required), ``title``, ``date``/``published``,
                          ``url``, ``source``/``outlet``, ``id`` (the user's article id)
``.csv``                  a header row and the same columns
``.json``                 a list of such objects (or one object)
``.xml .rss .atom``       feedparser: entry title, summary or content (HTML stripped), link, published
``.parquet .pq``          a ``text`` column and the same columns (:mod:`khabar.ingest.parquet`)
========================  ==========================================================================

A plain-text title is the first line (a short headline above the story) else the file name; ``default_date`` and
``default_outlet`` fill in what a source does not give. Every accepted field: docs/ingest.md.

``source_path`` says where an item came from: the file, ``file:LINE`` for JSONL/CSV records (1-based physical
line) and ``file#N`` for the N-th entry of a JSON list or a feed. Reasons are one line and start with an error
code (see :mod:`khabar.errors`): E101 not found, E102 unreadable or unsupported, E103 empty (no bytes, no text,
no ``text`` field or column), E104 binary, E105 undecodable (bad encoding, invalid JSON, unparsable feed),
E106 too large.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

from khabar.errors import E_EMPTY, E_ENCODING, E_NOT_FOUND, E_UNREADABLE, KhabarError
from khabar.ingest.fields import dated, parse_date
from khabar.ingest.parquet import read_parquet_articles
from khabar.ingest.records import BadRecord, Item, RawArticle, clean_article, text_or_none
from khabar.reader import DEFAULT_MAX_BYTES, decode_lenient, read_file_bytes, read_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | {".csv", ".json"}

_GLOB_CHARS = re.compile(r"[*?\[]")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template")
_BOILERPLATE = re.compile(r"<(nav|footer|aside|script|style|noscript)\b.*?</\1\s*>|<!--.*?-->",
                          re.IGNORECASE | re.DOTALL)
_CSV_FIELD_LIMIT = 50_000_000


def read_sources(paths: Iterable[str | os.PathLike[str]], *, default_outlet: str | None = None,
                 default_date: date | None = None) -> Iterator[Item]:
    """Yield the articles (and bad records) of every path: files, folders (recursive), globs and ``-`` (stdin).

    A file named twice (``dir`` and ``dir/a.txt``, or a glob matching a folder and its files) is read once.
    """
    done: set[str] = set()
    for path in paths:
        for file, error in _expand(path):
            if error is not None:
                yield BadRecord(file, error)
            elif file == "-":
                yield from (_with_defaults(i, default_outlet, default_date) for i in _read_stdin())
            elif os.path.realpath(file) not in done:
                done.add(os.path.realpath(file))
                yield from read_file(file, default_outlet=default_outlet, default_date=default_date)


def read_file(path: str | os.PathLike[str], *, default_outlet: str | None = None,
              default_date: date | None = None) -> Iterator[Item]:
    """Yield the articles of one file, chosen by its extension (see the module docstring)."""
    label = os.fspath(path)
    suffix = Path(label).suffix.lower()
    if suffix in (".parquet", ".pq"):  # read in row batches from the file itself: Parquet may be large
        for item in read_parquet_articles(label):
            yield _with_defaults(item, default_outlet, default_date)
        return
    reader = _READERS.get(suffix)
    if reader is None:
        yield BadRecord(label, f"{E_UNREADABLE} unsupported file type {suffix!r}")
        return
    try:
        for item in reader(_read_bytes(label), label):  # the bytes live in the reader, which drops them once decoded
            yield _with_defaults(clean_article(item), default_outlet, default_date)
    except KhabarError as exc:
        yield BadRecord(label, _reason(exc))
    except Exception as exc:  # a parser bug on odd input: this file is reported, the next one is read
        yield BadRecord(label, f"{E_UNREADABLE} cannot read: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment: tags removed, entities decoded, block elements as line breaks.

    >>> strip_tags("<p>قال <b>الرئيس</b>&nbsp;إن</p><p>ثانيا</p>")
    'قال الرئيس إن\\n\\nثانيا'
    """
    text = _BLOCK_TAG.sub("\n\n", markup)
    text = unescape(_TAG.sub("", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# ---------------------------------------------------------------------------------------------------- paths


def _expand(path: str | os.PathLike[str]) -> Iterator[tuple[str, str | None]]:
    """(file, None) for each file a path stands for, or (path, reason) when it stands for nothing readable."""
    name = os.fspath(path)
    if name == "-":
        yield name, None
    elif os.path.isdir(name):
        yield from ((f, None) for f in _walk(name))
    elif os.path.exists(name):
        yield name, None
    elif _GLOB_CHARS.search(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield name, f"{E_NOT_FOUND} no file matches the pattern"
        for match in matches:
            yield from _expand(match) if os.path.isdir(match) else [(match, None)]
    else:
        yield name, f"{E_NOT_FOUND} file not found"


def _walk(folder: str) -> Iterator[str]:
    """Files under ``folder``, recursively, sorted, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def _read_bytes(path: str) -> bytes:
    data = read_file_bytes(path, path, DEFAULT_MAX_BYTES)  # E101/E102/E106 with the reader's wording
    if not data.strip():
        raise KhabarError(E_EMPTY, "input is empty" if not data else "input contains only whitespace", path=path)
    return data


def _read_stdin() -> Iterator[Item]:
    try:
        text = read_text("-")
    except KhabarError as exc:
        yield BadRecord("<stdin>", _reason(exc))
        return
    yield clean_article(RawArticle(text, title=plain_title(text, None), source_path="<stdin>"))


def _reason(exc: KhabarError) -> str:
    return f"{exc.code} {' '.join(exc.message.split())}"


def _with_defaults(item: Item, outlet: str | None, published: date | None) -> Item:
    """The item with the default outlet and date where its source gave none."""
    if not isinstance(item, RawArticle) or ((outlet is None or item.outlet) and
                                            (published is None or item.published)):
        return item
    return RawArticle(item.text, item.title, item.url, item.outlet or outlet, item.published or published,
                      item.source_path, item.article_id, item.warnings)


#: Longest first line taken as a plain-text article's headline.
TITLE_MAX = 150


def plain_title(text: str, path: str | None) -> str | None:
    """A plain-text article's title: its first line when short and followed by more text, else the file name.

    >>> plain_title("Troops enter a town\\n\\nTroops entered it.", "a.txt"), plain_title("No headline.", "n/raid.txt")
    ('Troops enter a town', 'raid')
    """
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.split())
    if first and rest.strip() and len(first) <= TITLE_MAX:
        return first
    return Path(path).stem or None if path else None


# ---------------------------------------------------------------------------------------------------- formats


def _read_plain(data: bytes, label: str) -> Iterator[Item]:
    text = decode_lenient(data, name=label)[0].strip()  # one copy kept: this frame lives while the article is coded
    del data  # a 45 MB file must not stay in memory twice while its article is coded
    yield RawArticle(text, title=plain_title(text, label), source_path=label)


def _read_html(data: bytes, label: str) -> Iterator[Item]:
    markup, _encoding = decode_lenient(data, name=label)
    text, meta = _extract_html(markup)
    if not text:
        raise KhabarError(E_EMPTY, "no article text in the page", path=label)
    yield RawArticle(text, meta.get("title"), meta.get("url"), meta.get("sitename"),
                     parse_date(meta.get("date")), label)


def _extract_html(markup: str) -> tuple[str, dict[str, Any]]:
    """(main text, metadata) of a page: trafilatura first, then the tag-stripped body."""
    import trafilatura

    markup = _BOILERPLATE.sub(" ", markup)  # never article text; trafilatura's fallbacks can let it through
    meta: dict[str, Any] = {}
    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura raises assorted errors on odd markup: fall back to stripping tags
        doc = None
    if doc is not None:
        meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").strip()
    title = (meta.get("title") or "").strip()
    if text and title and text.split("\n", 1)[0].strip() == title:  # the headline repeated as the first line
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    if not text:
        text = _fallback_html_text(markup)
    return text, meta


def _fallback_html_text(markup: str) -> str:
    body = re.sub(rf"<({'|'.join(_DROP_TAGS)})\b.*?</\1\s*>", " ", markup, flags=re.IGNORECASE | re.DOTALL)
    return strip_tags(re.sub(r"<head\b.*?</head\s*>", " ", body, flags=re.IGNORECASE | re.DOTALL))


def _read_jsonl(data: bytes, label: str) -> Iterator[Item]:
    text, _encoding = decode_lenient(data, name=label)
    del data
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            record = json.loads(line, strict=False)  # raw control characters in strings: cleaned later
        except json.JSONDecodeError as exc:
            yield BadRecord(where, f"{E_ENCODING} line is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting thousands deep
            yield BadRecord(where, f"{E_ENCODING} line cannot be read as JSON: {_short(exc)}")
            continue
        yield _guarded(_from_record, record, where)


def _read_json(data: bytes, label: str) -> Iterator[Item]:
    text, _encoding = decode_lenient(data, name=label)
    try:
        value = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise KhabarError(E_ENCODING, f"not valid JSON: {exc.msg} (line {exc.lineno})", path=label) from exc
    except (ValueError, RecursionError) as exc:
        raise KhabarError(E_ENCODING, f"cannot be read as JSON: {_short(exc)}", path=label) from exc
    records = value if isinstance(value, list) else [value]
    if not records:
        raise KhabarError(E_EMPTY, "the JSON list is empty", path=label)
    for number, record in enumerate(records, start=1):
        yield _guarded(_from_record, record, f"{label}#{number}")


def _read_csv(data: bytes, label: str) -> Iterator[Item]:
    text, _encoding = decode_lenient(data, name=label)
    del data
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    rows = csv.reader(_lines(text, keepends=True))
    try:
        header = [h.strip().lower().removeprefix("\ufeff") for h in next(rows)]
    except (StopIteration, csv.Error) as exc:
        raise KhabarError(E_ENCODING, f"no CSV header row: {exc}", path=label) from exc
    if "text" not in header:
        raise KhabarError(E_EMPTY, f"no 'text' column (columns: {', '.join(header) or 'none'})", path=label)
    line = rows.line_num
    while True:
        start = line + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRecord(f"{label}:{start}", f"{E_ENCODING} bad CSV row: {exc}")
            return
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):  # a broken quote or a stray line: its cells would land in the wrong columns
            yield BadRecord(f"{label}:{start}", f"{E_ENCODING} malformed CSV row: {len(row)} field(s) where the "
                            f"header has {len(header)}")
            continue
        yield _guarded(_from_record, dict(zip(header, row, strict=True)), f"{label}:{start}")


def _lines(text: str, keepends: bool = False) -> Iterator[str]:
    """The lines of ``text`` one at a time (``split`` or ``StringIO`` would copy the whole text at once)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end] if keepends else text[start:end].removesuffix("\n")
        start = end


def _guarded(make: Any, record: Any, where: str, *args: Any) -> Item:
    """``make(record, where, *args)``, or a BadRecord for this record alone when it raises on odd input."""
    try:
        return make(record, where, *args)  # type: ignore[no-any-return]
    except Exception as exc:
        return BadRecord(where, f"{E_ENCODING} cannot read the record: {_short(exc)}")


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


def _from_record(record: Any, where: str) -> Item:
    """A RawArticle from a JSON object or CSV row, or a BadRecord saying what is wrong with it."""
    if not isinstance(record, dict):
        return BadRecord(where, f"{E_ENCODING} expected a JSON object, got {type(record).__name__}")
    fields = {str(k).strip().lower(): v for k, v in record.items()}
    text = fields.get("text")
    if text is None:
        return BadRecord(where, f"{E_EMPTY} the record has no 'text' field")
    if not isinstance(text, str):
        return BadRecord(where, f"{E_ENCODING} 'text' is a {type(text).__name__}, not a string")
    if not text.strip():
        return BadRecord(where, f"{E_EMPTY} the text is empty")
    user_id = fields.get("id")
    published, warnings = dated(fields.get("date") or fields.get("published"))
    return RawArticle(
        text.replace("\r\n", "\n").replace("\r", "\n").strip(),
        title=text_or_none(fields.get("title")),
        url=text_or_none(fields.get("url") or fields.get("link")),
        outlet=text_or_none(fields.get("source") or fields.get("outlet")),
        published=published,
        source_path=where,
        article_id=None if user_id in (None, "") else str(user_id),
        warnings=warnings,
    )


def _read_feed(data: bytes, label: str) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        problem = getattr(feed, "bozo_exception", None)
        detail = f": {' '.join(str(problem).split())}" if problem else ""
        raise KhabarError(E_ENCODING if problem else E_EMPTY, f"no feed entries{detail}", path=label)
    outlet = text_or_none(strip_tags(feed.feed.get("title", "")))
    for number, entry in enumerate(feed.entries, start=1):
        yield _guarded(_from_entry, entry, f"{label}#{number}", outlet)


def _from_entry(entry: Any, where: str, outlet: str | None) -> Item:
    contents = [c.get("value", "") for c in entry.get("content", [])]
    body = max([entry.get("summary", ""), *contents], key=len)
    text = strip_tags(body)
    if not text:
        return BadRecord(where, f"{E_EMPTY} the feed entry has no text")
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    return RawArticle(text, text_or_none(strip_tags(entry.get("title", ""))), text_or_none(entry.get("link")), outlet,
                      published, where)


_READERS = {
    **dict.fromkeys(TEXT_SUFFIXES, _read_plain),
    **dict.fromkeys(HTML_SUFFIXES, _read_html),
    **dict.fromkeys(JSONL_SUFFIXES, _read_jsonl),
    **dict.fromkeys(FEED_SUFFIXES, _read_feed),
    ".csv": _read_csv,
    ".json": _read_json,
}
