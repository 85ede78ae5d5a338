"""Database backends: DuckDB (embedded, the default) and PostgreSQL (psycopg 3) behind one tiny interface.

The store writes its SQL once, with ``?`` placeholders, and both backends run exactly that text (PostgreSQL's
driver wants ``%s``, so its backend rewrites). Values always travel as parameters, never inside the SQL string.
Transactions are explicit (``begin``/``commit``/``rollback``) on autocommitting connections, so a statement outside
a transaction is committed at once on both backends, and the store decides where a transaction starts and ends.

Sharing a DuckDB file: DuckDB lets one process write a file, or many processes read it, never both at once. Readers
open with ``read_only=True``; both kinds of open wait up to ``wait`` seconds for a conflicting process to let go
(``khabar serve`` only holds the file while it answers a request), then fail with :class:`StoreBusy` naming the
file. PostgreSQL has no such limit; a read-only connection there only refuses writes.

Bulk writes go through :meth:`Backend.stage`: the rows become a temporary relation (a view over a temporary CSV
file on DuckDB, a ``COPY``-filled temp table on PostgreSQL) and shared set-based SQL (``INSERT … SELECT``,
``UPDATE … FROM``) moves them. Why not ``executemany`` or multi-row ``VALUES``: DuckDB binds parameters one Python
value at a time, which cost ~1 ms per event row (100k events took 100 s). Why a CSV file and not an Arrow table (as
before): building the Arrow columns copied every staged value, article texts included, while Python still held
them, and importing pyarrow (and the pandas DuckDB then imports) cost ~100 MB of resident memory in every process
that writes; the csv module streams rows to the file in C and DuckDB's reader streams them into the table.

Concurrency: a DuckDB file has one writing process (a second one cannot open it and gets E601). A PostgreSQL
database can be written by several ingests at once, and was not safe: two reclusters both rebuilt the clusters
table (UniqueViolation on its key), and two batches deleting and inserting the same articles' rows deadlocked.
Every PostgreSQL write transaction therefore takes one advisory lock (:data:`WRITE_LOCK`) when it begins, so
writes take turns while coding, the slow part, still runs in parallel; migrations take another
(:data:`MIGRATION_LOCK`, see :mod:`khabar.store.migrations`).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from khabar.errors import E_STORE, KhabarError

#: PostgreSQL advisory lock keys (any two fixed numbers; these spell "khab" and "khac").
WRITE_LOCK = 0x6B686162
MIGRATION_LOCK = 0x6B686163

#: Seconds between attempts to open a DuckDB file another process holds.
_RETRY_EVERY = 0.1
#: DuckDB's memory limit for a connection writing a file: what its buffer pool may cache (blocks just written, the
#: text of a long article among them: 115 MB more for a 45 MB article without a limit) ...
WRITE_MEMORY = 64_000_000
#: ... plus, for each row of an indexed table, about twice what its index entries take in memory (measured on DuckDB
#: 2.0: 124 bytes per article id, 66 per event id, 28 per sentence key, 6 per mention). Inserting into an index
#: loads it, and a commit that cannot pin it fails fatally (a fixed 64 MB failed at about 900,000 events), so the
#: limit grows with the store: the cache stays bounded, the indexes are what a bigger store costs.
INDEX_BYTES = {"articles": 256, "events": 160, "clusters": 128, "article_parts": 64, "sentences": 64, "mentions": 16}

class StoreBusy(KhabarError):
    """Another process holds the DuckDB file (a writer while we read, or any reader/writer while we write)."""


class Backend(Protocol):
    """What the store needs from a database connection."""

    kind: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def stage(self, name: str, like: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Make ``rows`` queryable as relation ``name``, typed like ``columns`` of table ``like``, until
        :meth:`unstage`. Call inside a transaction. ``name``/``like``/``columns`` are the store's identifiers."""

    def unstage(self, name: str) -> None: ...

    def begin(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


class DuckDBBackend:
    """An embedded DuckDB file (or ``:memory:``)."""

    kind = "duckdb"

    def __init__(self, path: str, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = path
        self.read_only = read_only
        self._con = _open_duckdb(path, read_only, wait)
        self._con.execute("SET enable_progress_bar = false")  # long statements must not draw on the user's terminal
        self._types_cache: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}
        self._staged: dict[str, str] = {}  # staged relation -> its temporary CSV file
        # A file opened for writing gets a memory limit; a reader, or :memory: (whose data lives in the buffer pool,
        # with no file to evict it to), keeps DuckDB's default.
        self._limited = not read_only and path != ":memory:"
        self._set_limit()

    def _set_limit(self, like: str = "", rows: int = 0) -> None:
        """Set the memory limit for the store's rows as they are, plus ``rows`` about to be inserted into ``like``."""
        if not self._limited:
            return
        names = ", ".join(f"'{t}'" for t in INDEX_BYTES)
        stored = self._con.execute("SELECT table_name, estimated_size FROM duckdb_tables() "
                                   "WHERE database_name = current_database() AND schema_name = 'main' "
                                   f"AND table_name IN ({names})").fetchall()
        index = sum(INDEX_BYTES[t] * int(n or 0) for t, n in stored) + INDEX_BYTES.get(like, 0) * rows
        self._con.execute(f"SET memory_limit = '{(WRITE_MEMORY + index) // 1000}KB'")

    def memory_limit(self) -> int:
        """DuckDB's memory limit for this connection, in bytes (to the precision DuckDB shows it: 0.1 of its unit)."""
        number, unit = str(self._con.execute("SELECT current_setting('memory_limit')").fetchone()[0]).split()
        return int(float(number) * 1024 ** ("bytes", "KiB", "MiB", "GiB", "TiB").index(unit))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def _types(self, like: str, columns: tuple[str, ...]) -> dict[str, str]:
        """Column name -> DuckDB type of ``columns`` in table ``like`` (cached: types only change by migration)."""
        key = (like, columns)
        if key not in self._types_cache:
            described = self._con.execute(f"DESCRIBE SELECT {', '.join(columns)} FROM {like}").fetchall()
            self._types_cache[key] = {row[0]: row[1] for row in described}
        return self._types_cache[key]

    def stage(self, name: str, like: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Write ``rows`` to a temporary CSV file and make ``name`` a temporary view reading it.

        Every field is quoted; None is written as a random token (new for each file) that the reader takes for
        NULL, because the csv module cannot tell None from an empty string otherwise (a random 128-bit token is
        never a real value). Dates and timestamps are written as their ISO text, which DuckDB casts back exactly.
        """
        types = self._types(like, tuple(columns))
        null = f"khabar-null-{uuid.uuid4().hex}"
        fd, path = tempfile.mkstemp(prefix="khabar-stage-", suffix=".csv")
        self._staged[name] = path
        with os.fdopen(fd, "wb") as fh:
            lines = _Lines(fh)
            writer = csv.writer(lines, quoting=csv.QUOTE_ALL, lineterminator="\n")
            count = 0
            for row in rows:
                writer.writerow([null if v is None else v for v in row])
                count += 1
        self._set_limit(like, count)  # before the rows are inserted
        spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        self._con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_csv({_literal(path)}, header = false, "
            f"auto_detect = false, columns = {spec}, delim = ',', quote = '\"', escape = '\"', "
            f"new_line = '\\n', nullstr = {_literal(null)}, max_line_size = {max(lines.longest + 1, 2_097_152)})"
        )

    def unstage(self, name: str) -> None:
        import duckdb

        path = self._staged.pop(name, None)
        try:
            # in an aborted transaction DROP fails, and the rollback that follows drops the view anyway
            with contextlib.suppress(duckdb.TransactionException):
                self._con.execute(f"DROP VIEW IF EXISTS {name}")
        finally:
            if path is not None:
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def begin(self) -> None:
        self._con.begin()

    def commit(self) -> None:
        self._con.commit()

    def rollback(self) -> None:
        self._con.rollback()

    def close(self) -> None:
        self._con.close()


class PostgresBackend:
    """A PostgreSQL database reached with a ``postgresql://`` URL (any libpq connection string works)."""

    kind = "postgres"

    def __init__(self, url: str, read_only: bool = False) -> None:
        import psycopg

        self.url = url
        self.read_only = read_only
        self._con = psycopg.connect(url, autocommit=True)
        # Dates come back as ISO text whatever the server's default DateStyle is.
        self._con.execute("SET DateStyle TO ISO")
        if read_only:  # the server refuses any write on this connection, as DuckDB does for a read-only file
            self._con.execute("SET default_transaction_read_only TO on")

    @staticmethod
    def _sql(sql: str) -> str:
        # The shared SQL has no literal '%' or '?' inside strings, so this rewrite is exact.
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(self._sql(sql), list(params))  # type: ignore[arg-type]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(self._sql(sql), list(params)).fetchall()  # type: ignore[arg-type]

    def stage(self, name: str, like: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        cols = ", ".join(columns)
        self._con.execute(f"DROP TABLE IF EXISTS {name}")  # type: ignore[arg-type]
        self._con.execute(  # type: ignore[arg-type]
            f"CREATE TEMP TABLE {name} ON COMMIT DROP AS SELECT {cols} FROM {like} WITH NO DATA"
        )
        with self._con.cursor() as cursor, cursor.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:  # type: ignore[arg-type]
            for row in rows:
                copy.write_row(row)

    def unstage(self, name: str) -> None:
        from psycopg.pq import TransactionStatus

        if self._con.info.transaction_status == TransactionStatus.INERROR:
            return  # the rollback that follows removes the temp table (created in this transaction) anyway
        self._con.execute(f"DROP TABLE IF EXISTS {name}")  # type: ignore[arg-type]

    def begin(self) -> None:
        self._con.execute("BEGIN")
        # Held until COMMIT/ROLLBACK: write transactions of concurrent processes run one at a time.
        self._con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])

    def commit(self) -> None:
        self._con.execute("COMMIT")

    def rollback(self) -> None:
        self._con.execute("ROLLBACK")

    def close(self) -> None:
        self._con.close()


class _Lines:
    """What the csv writer writes to: each line UTF-8 encoded into ``fh``, the longest one's length kept (DuckDB's
    reader must be told the longest line it will meet; the file's size would do, but makes it buffer that much)."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self.longest = 0

    def write(self, line: str) -> None:
        data = line.encode("utf-8")
        self.longest = max(self.longest, len(data))
        self._fh.write(data)


def _literal(text: str) -> str:
    """A SQL string literal (DuckDB views cannot take parameters)."""
    return "'" + text.replace("'", "''") + "'"


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def _open_duckdb(path: str, read_only: bool, wait: float) -> Any:
    """A DuckDB connection; waits up to ``wait`` seconds while another process holds the file."""
    import duckdb

    if read_only and path != ":memory:" and not os.path.exists(path):
        # DuckDB would say so too, but a typo in --db deserves the file's name and what to do about it
        raise KhabarError(E_STORE, "no store here: the file does not exist (ingest into it first, or check --db)",
                          path=path)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(path, read_only=read_only and path != ":memory:")
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                holder = "a process writing it" if read_only else "another process (reading or writing it)"
                raise StoreBusy(E_STORE, f"the store is in use by {holder}; DuckDB allows one writer or many "
                                f"readers at a time: try again when it finishes ({_lock_holder(str(exc))})",
                                path=path) from exc
            time.sleep(_RETRY_EVERY)


def _lock_holder(message: str) -> str:
    """The 'held in PROGRAM (PID n)' part of DuckDB's lock error, for the user to find the other process."""
    start = message.find("held in")
    if start < 0:
        return "lock held"
    end = message.find(")", start)
    return message[start:end + 1] if end > 0 else message[start:]


def connect(target: str | os.PathLike[str], *, read_only: bool = False, wait: float = 0.0) -> Backend:
    """A backend for a DuckDB path (``:memory:`` included) or a ``postgresql://`` URL; ``read_only`` opens a DuckDB
    file so that other processes may read it too, ``wait`` is how long to wait for a file another process holds."""
    text = os.fspath(target)
    if is_postgres_url(text):
        return PostgresBackend(text, read_only=read_only)
    return DuckDBBackend(text, read_only=read_only, wait=wait)
