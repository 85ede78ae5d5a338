"""Versioned schema migrations, shared by DuckDB and PostgreSQL.

Each migration is numbered and is a list of steps (SQL text, or a function of the backend for changes SQL alone
cannot express). Opening a store applies the pending ones in order, each inside its own transaction together with
its ``schema_version`` row, so a failed migration leaves the previous version intact; an up-to-date store applies
nothing. Never edit a released migration: add a new number. The DDL uses only types both databases share
(``VARCHAR``, ``INTEGER``, ``BIGINT``, ``DOUBLE PRECISION``, ``DATE``, ``TIMESTAMP``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from khabar.errors import E_STORE, KhabarError
from khabar.store.db import MIGRATION_LOCK, Backend

Step = str | Callable[[Backend], None]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    steps: Sequence[Step]


_ARTICLES = """
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    url VARCHAR,
    outlet VARCHAR,
    published DATE,
    language VARCHAR,
    text VARCHAR,
    source_path VARCHAR,
    lexicon_version VARCHAR,
    ingested_at TIMESTAMP
)"""

# effective_date = event_date, else the article's published date (ISO): what since/until and periods compare.
# extra = JSON object of any top-level event keys this schema does not know yet (the format may grow).
_EVENTS = """
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    language VARCHAR,
    sentence_index INTEGER, sentence_text VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
    trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    source_code VARCHAR, source_text VARCHAR, source_name VARCHAR, source_role VARCHAR,
    source_start INTEGER, source_end INTEGER,
    target_code VARCHAR, target_text VARCHAR, target_name VARCHAR, target_role VARCHAR,
    target_start INTEGER, target_end INTEGER,
    cameo VARCHAR, cameo_root VARCHAR, goldstein DOUBLE PRECISION, quad_class INTEGER,
    plover_type VARCHAR, plover_mode VARCHAR, modality VARCHAR,
    speaker_code VARCHAR, speaker_text VARCHAR, speaker_name VARCHAR, speaker_start INTEGER, speaker_end INTEGER,
    report_verb VARCHAR, attribution_rule VARCHAR,
    event_date VARCHAR, effective_date VARCHAR,
    place_name VARCHAR, place_country VARCHAR, lat DOUBLE PRECISION, lon DOUBLE PRECISION, geonames_id BIGINT,
    rule VARCHAR, confidence DOUBLE PRECISION, extra VARCHAR,
    cluster_id VARCHAR
)"""

_CLUSTERS = """
CREATE TABLE clusters (
    cluster_id VARCHAR PRIMARY KEY,
    source_code VARCHAR, target_code VARCHAR, cameo_base VARCHAR, event_date VARCHAR, place_country VARCHAR,
    modality VARCHAR, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER
)"""

_RUNS = """
CREATE TABLE runs (
    run_id BIGINT PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    lexicon_version VARCHAR,
    read INTEGER, coded INTEGER, skipped INTEGER, failed INTEGER
)"""

# The coded structure behind the events, kept for evidence views: every sentence, and every mention the coder found
# in it (actors, places, dates, triggers, reporting verbs, modality cues) with its code and the lexicon rule.
_SENTENCES = """
CREATE TABLE sentences (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    sentence_index INTEGER NOT NULL,
    start_offset INTEGER, end_offset INTEGER, text VARCHAR,
    PRIMARY KEY (article_id, sentence_index)
)"""

_MENTIONS = """
CREATE TABLE mentions (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    sentence_index INTEGER NOT NULL,
    kind VARCHAR, start_offset INTEGER, end_offset INTEGER, text VARCHAR, code VARCHAR, name VARCHAR, rule VARCHAR
)"""


# A long article text in pieces, in order (see khabar.store.rows.PART_CHARS): no value holds a 45 MB text whole.
_ARTICLE_PARTS = """
CREATE TABLE article_parts (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    part INTEGER NOT NULL,
    text VARCHAR,
    PRIMARY KEY (article_id, part)
)"""


def _postgres_only(sql: str) -> Callable[[Backend], None]:
    """A step only PostgreSQL runs. Secondary indexes help PostgreSQL's planner, but DuckDB scans columns fast
    without them and turns every UPDATE of an indexed column into delete + insert: with an index on cluster_id,
    recluster() of 100k events spent 11 s in index maintenance instead of 0.1 s."""

    def step(db: Backend) -> None:
        if db.kind == "postgres":
            db.execute(sql)

    step.__doc__ = f"PostgreSQL only: {sql}"
    return step


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, events, clusters, runs",
        (
            _ARTICLES,
            _EVENTS,
            _CLUSTERS,
            _RUNS,
            "CREATE SEQUENCE runs_seq",
            "CREATE INDEX events_article ON events (article_id)",
            _postgres_only("CREATE INDEX events_source ON events (source_code)"),
            _postgres_only("CREATE INDEX events_target ON events (target_code)"),
            _postgres_only("CREATE INDEX events_date ON events (effective_date)"),
            _postgres_only("CREATE INDEX events_cluster ON events (cluster_id)"),
        ),
    ),
    Migration(2, "sentences and mentions",
              (_SENTENCES, _MENTIONS, "CREATE INDEX mentions_article ON mentions (article_id)")),
    Migration(3, "long article texts in parts", (_ARTICLE_PARTS,)),
)

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)"""


def current_version(db: Backend) -> int:
    """The highest applied migration number (0 for an empty database)."""
    rows = db.query("SELECT MAX(version) FROM schema_version")
    return int(rows[0][0] or 0)


def migrate(db: Backend, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Apply pending migrations in order, one transaction each; returns the versions applied (empty if current).

    On PostgreSQL the whole check-and-apply runs under a session advisory lock: two processes opening a fresh
    database at once used to both create the tables, and the loser failed with a raw ``pg_type`` unique violation.
    """
    if db.kind != "postgres":
        return _migrate(db, migrations)
    db.execute("SELECT pg_advisory_lock(?)", [MIGRATION_LOCK])
    try:
        return _migrate(db, migrations)
    finally:
        db.execute("SELECT pg_advisory_unlock(?)", [MIGRATION_LOCK])


def _migrate(db: Backend, migrations: Sequence[Migration]) -> list[int]:
    db.execute(_VERSION_TABLE)
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= current_version(db):
            continue
        db.begin()
        try:
            for step in migration.steps:
                if callable(step):
                    step(db)
                else:
                    db.execute(step)
            db.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.description, datetime.now(UTC).replace(tzinfo=None)],
            )
        except BaseException:
            db.rollback()
            raise
        db.commit()
        applied.append(migration.version)
    return applied


def check_readable(db: Backend) -> None:
    """A store opened read-only must already be a khabar store at this version (a reader cannot migrate it)."""
    where = getattr(db, "path", None) or redacted(getattr(db, "url", "")) or "the database"
    try:
        version = current_version(db)
    except Exception as exc:  # no schema_version table: an empty database or some other one
        raise KhabarError(E_STORE, "not a khabar store (no schema_version table): ingest into it first, or check "
                          "--db", path=where) from exc
    latest = max(m.version for m in MIGRATIONS)
    if version < latest:
        raise KhabarError(E_STORE, f"the store has schema version {version}, this khabar reads {latest}: open it "
                          "once for writing (khabar ingest) to upgrade it", path=where)


def redacted(url: str) -> str:
    """A database URL fit for an error message: the password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
