"""What the readers yield, one item per record: an article as read (:class:`RawArticle`) or a record that could not
be read (:class:`BadRecord`); and the cleaning every article goes through before it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from khabar.errors import E_EMPTY
from khabar.ingest.clean import clean_field, clean_text


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read from its source, before coding. ``article_id`` is the user's id, if the source gave one."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    source_path: str | None = None
    article_id: str | None = None
    warnings: tuple[str, ...] = ()  # what the reader changed or could not read (a bad date, NULs removed…)


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A file or record that could not be read; ``reason`` is one line starting with an error code."""

    source_path: str
    reason: str


Item = RawArticle | BadRecord


def clean_article(item: Item) -> Item:
    """The article with NULs and lone surrogates out of every field (see :mod:`khabar.ingest.clean`), a warning
    saying so, or a BadRecord when nothing of its text is left."""
    if not isinstance(item, RawArticle):
        return item
    text, notes = clean_text(item.text)
    if not notes and all(clean_field(v) == v for v in (item.title, item.url, item.outlet, item.article_id)):
        return item
    text = text.strip()
    if not text:
        return BadRecord(item.source_path or "<unknown>", f"{E_EMPTY} no text left once {', '.join(notes)}")
    return RawArticle(text, clean_field(item.title), clean_field(item.url), clean_field(item.outlet), item.published,
                      item.source_path, clean_field(item.article_id), (*item.warnings, *notes))


def text_or_none(value: object) -> str | None:
    """A record field as stripped text; None when missing or blank."""
    text = None if value is None else str(value).strip()
    return text or None
