"""The Store: articles and their coded events in DuckDB or PostgreSQL (contract: docs/store-api.md).

The store owns one connection and the transaction boundaries. Writes go through :meth:`Store.save_article`, which
replaces all of an article's events in one transaction so a re-coded article never shows old and new events mixed;
:meth:`Store.transaction` groups many saves into one transaction (nested calls join the outer one), which is what
makes batch ingest all-or-nothing. Saves are buffered until the transaction ends (or a read needs them) and then
written with three set-based statements for the whole batch, because per-article statements made DuckDB the
bottleneck (about 10 ms per article, slower than coding it). Reads are in :mod:`khabar.store.queries`, clustering in
:mod:`khabar.store.dedup`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence, Sized
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from khabar.store import queries
from khabar.store.db import Backend, connect
from khabar.store.migrations import check_readable, current_version, migrate
from khabar.store.recluster import recluster
from khabar.store.rows import EVENT_COLUMNS, PART_CHARS, ArticleRecord, article_rows, as_date, text_parts

_ARTICLE_COLUMNS = ("article_id", "title", "url", "outlet", "published", "language", "text", "source_path",
                    "lexicon_version", "ingested_at")
_INSERT_ARTICLES = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) SELECT {', '.join(_ARTICLE_COLUMNS)} "
    "FROM khabar_stage_articles ON CONFLICT (article_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ARTICLE_COLUMNS[1:])
)
_DELETE_EVENTS = "DELETE FROM events WHERE article_id IN (SELECT article_id FROM khabar_stage_articles)"
SENTENCE_COLUMNS = ("article_id", "sentence_index", "start_offset", "end_offset", "text")
MENTION_COLUMNS = ("article_id", "sentence_index", "kind", "start_offset", "end_offset", "text", "code", "name",
                   "rule")
# Sentences and mentions are replaced with the events: delete by article, insert the staged rows.
_STRUCTURE = tuple(
    (table, columns,
     f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM khabar_stage_articles)",
     f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM khabar_stage_{table}")
    for table, columns in (("sentences", SENTENCE_COLUMNS), ("mentions", MENTION_COLUMNS))
)
# A text longer than PART_CHARS is stored in article_parts (articles.text is NULL): replaced with the article.
_PARTS = ("article_parts", ("article_id", "part", "text"),
          "DELETE FROM article_parts WHERE article_id IN (SELECT article_id FROM khabar_stage_articles)",
          "INSERT INTO article_parts (article_id, part, text) SELECT article_id, part, text FROM khabar_stage_parts")
_TEXT = _ARTICLE_COLUMNS.index("text")
_INSERT_EVENTS = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT {', '.join(EVENT_COLUMNS)} FROM khabar_stage_events"
)
#: Pending saves are written when a transaction ends or when this many rows (events, sentences and mentions) are
#: waiting: memory stays bounded however many articles one transaction saves.
FLUSH_ROWS = 20_000
_RUN_COUNTS = ("read", "coded", "skipped", "failed")
_RUN_ALIASES = {"skipped_duplicates": "skipped"}


def _utcnow() -> datetime:
    """Naive UTC: both databases store TIMESTAMP without a zone, so we never let a server zone shift it."""
    return datetime.now(UTC).replace(tzinfo=None)


def _count(value: Any) -> int | None:
    """Run counts may be given as numbers or as the lists they count (ingest's ``failed`` is a list)."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Sized):
        return len(value)
    return int(value)


class Store:
    """Articles, events, clusters and runs in one database; migrated to the current schema when opened."""

    def __init__(self, db: Backend, read_only: bool = False) -> None:
        self._db = db
        self._depth = 0
        self.read_only = read_only
        # article_id -> (article row, event rows, sentence rows, mention rows) saved but not yet written
        self._pending: dict[str, tuple[list[Any], list[list[Any]], list[list[Any]], list[list[Any]]]] = {}
        self._pending_rows = 0
        try:
            # versions applied by this open ([] when already current); a reader cannot migrate, only check
            self.applied_migrations = [] if read_only else migrate(db)
            if read_only:
                check_readable(db)
        except BaseException:
            db.close()
            raise

    @property
    def backend(self) -> str:
        """'duckdb' or 'postgres'."""
        return self._db.kind

    def schema_version(self) -> int:
        return current_version(self._db)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction for everything inside; nested uses join the outermost (an error anywhere rolls back)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._db.begin()
        self._depth = 1
        try:
            yield self
            self._flush()
        except BaseException:
            self._pending.clear()
            self._pending_rows = 0
            self._db.rollback()
            raise
        else:
            self._db.commit()
        finally:
            self._depth = 0

    # --- writing -----------------------------------------------------------------------------------------------

    def has_article(self, article_id: str, lexicon_version: str | None = None) -> bool:
        """Is the article stored (and, when ``lexicon_version`` is given, coded with that lexicon version)?"""
        if article_id in self._pending:
            stored = self._pending[article_id][0][_ARTICLE_COLUMNS.index("lexicon_version")]
            return lexicon_version is None or stored == lexicon_version
        rows = self._db.query("SELECT lexicon_version FROM articles WHERE article_id = ?", [article_id])
        return bool(rows) and (lexicon_version is None or rows[0][0] == lexicon_version)

    def same_text(self, article_id: str, text: str) -> bool | None:
        """None when no article has this id; else whether the stored one has exactly ``text`` (an id reused for
        another text is a conflict the caller reports, not a duplicate to skip silently)."""
        if article_id in self._pending:
            return bool(self._pending[article_id][0][_TEXT] == text)
        rows = self._db.query("SELECT text FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            return None
        return rows[0][0] == text if rows[0][0] is not None else self._same_parts(article_id, text)

    def _same_parts(self, article_id: str, text: str) -> bool:
        """Whether a text stored in parts is ``text``, read one part at a time (a long text is not held twice)."""
        lengths = self._db.query("SELECT part, length(text) FROM article_parts WHERE article_id = ? ORDER BY part",
                                 [article_id])
        if sum(n for _, n in lengths) != len(text):
            return False
        start = 0
        for part, n in lengths:
            piece = self._db.query("SELECT text FROM article_parts WHERE article_id = ? AND part = ?",
                                   [article_id, part])[0][0]
            if piece != text[start:start + n]:
                return False
            start += n
        return True

    def _text(self, article_id: str) -> str:
        """The text of an article stored in parts, joined."""
        rows = self._db.query("SELECT text FROM article_parts WHERE article_id = ? ORDER BY part", [article_id])
        return "".join(r[0] for r in rows)

    def save_article(self, record: ArticleRecord, events: Sequence[dict[str, Any]], lexicon_version: str, *,
                     sentences: Sequence[dict[str, Any]] = (), mentions: Sequence[dict[str, Any]] = ()) -> None:
        """Upsert the article and replace all its events, atomically (events are ``Event.to_dict()`` dicts).

        Inside :meth:`transaction` the rows are buffered and written in bulk when the transaction ends (reads in
        between see them: every read writes pending rows first), so a batch costs a few statements, not a few per
        article.
        """
        rows, sentence_rows, mention_rows = article_rows(record, events, sentences, mentions)
        article = [record.article_id, record.title, record.url, record.outlet, as_date(record.published),
                   record.language, record.text, record.source_path, lexicon_version, _utcnow()]
        with self.transaction():
            previous = self._pending.pop(record.article_id, None)
            if previous:
                self._pending_rows -= sum(map(len, previous[1:]))
            self._pending_rows += len(rows) + len(sentence_rows) + len(mention_rows)
            self._pending[record.article_id] = (article, rows, sentence_rows, mention_rows)
            if self._pending_rows >= FLUSH_ROWS:
                self._flush()

    def append_rows(self, record: ArticleRecord, events: Sequence[dict[str, Any]], *,
                    sentences: Sequence[dict[str, Any]] = (), mentions: Sequence[dict[str, Any]] = ()) -> None:
        """Add events, sentences and mentions to an article already saved (a long article, window by window).

        Call it inside the :meth:`transaction` that saved the article, so the article is stored all or nothing;
        nothing is replaced, so the rows must be new (event ids and sentence indexes not used before).
        """
        rows, sentence_rows, mention_rows = article_rows(record, events, sentences, mentions)
        with self.transaction():
            self._flush()  # the article row and its earlier windows first
            staged = (("events", EVENT_COLUMNS, rows), *((t, c, r) for (t, c, _, _), r
                                                         in zip(_STRUCTURE, (sentence_rows, mention_rows),
                                                                strict=True)))
            for table, columns, table_rows in staged:
                if not table_rows:
                    continue
                self._db.stage(f"khabar_stage_{table}", table, columns, table_rows)
                try:
                    self._db.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                                     f"SELECT {', '.join(columns)} FROM khabar_stage_{table}")
                finally:
                    self._db.unstage(f"khabar_stage_{table}")

    def _flush(self) -> None:
        """Write pending saves: upsert their articles, delete their old events, insert the new ones."""
        if not self._pending:
            return
        pending, self._pending, self._pending_rows = self._pending, {}, 0
        articles = [p[0] for p in pending.values()]
        self._db.stage("khabar_stage_articles", "articles", _ARTICLE_COLUMNS,
                       [a if len(a[_TEXT]) <= PART_CHARS else [*a[:_TEXT], None, *a[_TEXT + 1:]] for a in articles])
        # the parts are cut as they are written, so a long text is not copied whole
        self._db.stage("khabar_stage_parts", _PARTS[0], _PARTS[1], (row for a in articles if len(a[_TEXT]) > PART_CHARS
                                                                for row in text_parts(a[0], a[_TEXT], PART_CHARS)))
        self._db.stage("khabar_stage_events", "events", EVENT_COLUMNS,
                       [row for p in pending.values() for row in p[1]])
        for k, (table, columns, _, _) in enumerate(_STRUCTURE, start=2):
            self._db.stage(f"khabar_stage_{table}", table, columns, [row for p in pending.values() for row in p[k]])
        try:
            self._db.execute(_INSERT_ARTICLES)
            self._db.execute(_DELETE_EVENTS)
            self._db.execute(_INSERT_EVENTS)
            for _, _, delete, insert in (*_STRUCTURE, _PARTS):
                self._db.execute(delete)
                self._db.execute(insert)
        finally:
            for name in ("articles", "parts", "events", *(t for t, *_ in _STRUCTURE)):
                self._db.unstage(f"khabar_stage_{name}")

    def set_version(self, article_id: str, lexicon_version: str) -> None:
        """Record the lexicon version an article was coded with (a long article, once its last window is saved)."""
        with self.transaction():
            self._flush()
            self._db.execute("UPDATE articles SET lexicon_version = ? WHERE article_id = ?",
                             [lexicon_version, article_id])

    def recluster(self) -> int:
        """Recompute all cross-article clusters (deterministic); returns how many there are."""
        with self.transaction():
            self._flush()
            return recluster(self._db)

    def start_run(self, lexicon_version: str | None = None) -> int:
        """Record the start of an ingest run; returns its id for :meth:`finish_run`."""
        rows = self._db.query("INSERT INTO runs (run_id, started_at, lexicon_version) "
                              "VALUES (nextval('runs_seq'), ?, ?) RETURNING run_id", [_utcnow(), lexicon_version])
        return int(rows[0][0])

    def finish_run(self, run_id: int, **counts: Any) -> None:
        """Record the end of a run with its counts: read, coded, skipped (or skipped_duplicates), failed."""
        values: dict[str, int | None] = dict.fromkeys(_RUN_COUNTS)
        for key, value in counts.items():
            name = _RUN_ALIASES.get(key, key)
            if name not in values:
                raise TypeError(f"unknown run count {key!r} (known: {', '.join(_RUN_COUNTS)}, skipped_duplicates)")
            values[name] = _count(value)
        self._db.execute("UPDATE runs SET finished_at = ?, read = COALESCE(?, read), coded = COALESCE(?, coded), "
                         "skipped = COALESCE(?, skipped), failed = COALESCE(?, failed) WHERE run_id = ?",
                         [_utcnow(), *(values[k] for k in _RUN_COUNTS), run_id])

    # --- reading -----------------------------------------------------------------------------------------------

    def events(self, limit: int | None = None, offset: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Event dicts plus outlet, url, published, title, cluster_id; filters as in docs/store-api.md."""
        self._flush()
        return queries.select_events(self._db, filters, limit, offset)

    def clusters(self, limit: int | None = None, offset: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Clusters (most mentions first) with their event ids; call :meth:`recluster` after ingesting."""
        self._flush()
        return queries.select_clusters(self._db, filters, limit, offset)

    def dyad(self, a: str, b: str, by: str = "month", asserted_only: bool = False) -> list[dict[str, Any]]:
        """Per-period activity between actor-code prefixes ``a`` and ``b`` (both directions)."""
        self._flush()
        return queries.dyad(self._db, a, b, by, asserted_only)

    def actors(self, limit: int = 20, role: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Top actor codes by participation; accepts the event filters (since, until, root, …)."""
        self._flush()
        return queries.actors(self._db, limit, role, **filters)

    def network(self, since: Any = None, until: Any = None, root: Any = None, **filters: Any) -> list[dict[str, Any]]:
        """Directed source → target edges; accepts the event filters."""
        self._flush()
        return queries.network(self._db, since=since, until=until, root=root, **filters)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored article (published as ISO text) with its events, or None."""
        self._flush()
        rows = self._db.query(f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE article_id = ?",
                              [article_id])
        if not rows:
            return None
        out = dict(zip(_ARTICLE_COLUMNS, rows[0], strict=True))
        if out["text"] is None:
            out["text"] = self._text(article_id)
        out["published"] = out["published"].isoformat() if out["published"] else None
        out["ingested_at"] = out["ingested_at"].isoformat() if out["ingested_at"] else None
        out["events"] = self.events(article_id=article_id)
        for table, columns, _, _ in _STRUCTURE:
            rows = self._db.query(f"SELECT {', '.join(columns)} FROM {table} WHERE article_id = ? "
                                  "ORDER BY sentence_index, start_offset", [article_id])
            out[table] = [dict(zip(columns[1:], r[1:], strict=True)) for r in rows]
        return out

    def articles(self, limit: int | None = 20, offset: int | None = None) -> list[dict[str, Any]]:
        """Stored articles without their text, newest first: by publication date (undated last), then by when they
        were ingested. Keys: article_id, title, url, outlet, published (ISO), language, source_path, ingested_at."""
        self._flush()
        keys = ("article_id", "title", "url", "outlet", "published", "language", "source_path", "ingested_at")
        page, params = queries.page(limit, offset)
        rows = self._db.query(f"SELECT {', '.join(keys)} FROM articles "
                              "ORDER BY published DESC NULLS LAST, ingested_at DESC, article_id" + page, params)
        out = [dict(zip(keys, row, strict=True)) for row in rows]
        for a in out:
            for key in ("published", "ingested_at"):
                a[key] = a[key].isoformat() if a[key] else None
        return out

    def find_article_id(self, prefix: str) -> str | None:
        """The full id of the one stored article whose id starts with ``prefix`` (as git resolves a short hash);
        None when none does; :class:`khabar.errors.KhabarError` E501 when several do."""
        from khabar.errors import E_NO_ARTICLE, KhabarError

        self._flush()
        if not prefix:
            return None
        rows = self._db.query("SELECT article_id FROM articles WHERE starts_with(article_id, ?) "
                              "ORDER BY article_id LIMIT 3", [prefix])
        if len(rows) > 1:
            shown = ", ".join(r[0][:16] for r in rows[:2])
            raise KhabarError(E_NO_ARTICLE, f"article id prefix {prefix!r} is ambiguous ({shown}, …): give more "
                              "characters")
        return str(rows[0][0]) if rows else None

    def runs(self) -> list[dict[str, Any]]:
        """All ingest runs, oldest first."""
        keys = ("run_id", "started_at", "finished_at", "lexicon_version", *_RUN_COUNTS)
        rows = self._db.query(f"SELECT {', '.join(keys)} FROM runs ORDER BY run_id")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def stats(self) -> dict[str, int]:
        """How many articles, events and clusters are stored."""
        self._flush()
        return {table: int(self._db.query(f"SELECT COUNT(*) FROM {table}")[0][0])
                for table in ("articles", "events", "clusters")}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(target: str | os.PathLike[str] = "khabar.duckdb", *, read_only: bool = False,
               wait: float = 0.0) -> Store:
    """Open (creating and migrating as needed) a DuckDB file, ``:memory:``, or a ``postgresql://`` URL.

    ``read_only=True`` opens an existing store for reading only, so other processes can read the same DuckDB file at
    the same time (a missing file is an error, not a new empty store). ``wait`` is how many seconds to wait for a
    DuckDB file another process holds before raising :class:`khabar.store.db.StoreBusy`.
    """
    return Store(connect(target, read_only=read_only, wait=wait), read_only=read_only)
