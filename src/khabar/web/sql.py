"""Read-only SQL over the store, for the SQL page (``khabar serve --sql``), like datasette's.

Every query gets its own read-only connection: DuckDB opened with ``read_only=True`` and external access (files,
URLs, extensions) switched off; PostgreSQL in a ``READ ONLY`` transaction with ``default_transaction_read_only``,
rolled back afterwards. One statement only (a second one is refused: PostgreSQL prepares it, DuckDB parses it),
stopped after ``timeout`` seconds, at most ``max_rows`` rows returned. On PostgreSQL, serve with a role that is not a
superuser (superusers may read server files with SELECT).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from khabar.store.db import is_postgres_url


class SQLError(ValueError):
    """A query refused or failed; the message is shown to the user."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows than max_rows existed


def _duckdb(path: str, query: str, max_rows: int, timeout: float) -> Result:
    import duckdb

    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise SQLError(f"cannot open the store read-only: {exc}") from None
    try:
        con.execute("SET enable_external_access = false")
        try:
            statements = con.extract_statements(query)
        except duckdb.Error as exc:
            raise SQLError(str(exc)) from None
        if len(statements) != 1 or statements[0].type not in (duckdb.StatementType.SELECT,
                                                              duckdb.StatementType.EXPLAIN):
            raise SQLError("one SELECT statement only")
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            cursor = con.execute(query)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException:
            raise SQLError(f"the query was stopped after {timeout:g} s") from None
        except duckdb.Error as exc:
            raise SQLError(str(exc)) from None
        finally:
            timer.cancel()
    finally:
        con.close()
    return Result(columns, rows[:max_rows], len(rows) > max_rows)


def _postgres(url: str, query: str, max_rows: int, timeout: float) -> Result:
    import psycopg

    ms = max(1, int(timeout * 1000))
    try:
        con = psycopg.connect(url, options=f"-c default_transaction_read_only=on -c statement_timeout={ms}")
    except psycopg.Error as exc:
        raise SQLError(f"cannot connect: {exc}") from None
    try:
        con.read_only = True
        cursor = con.cursor()
        try:
            cursor.execute(query, prepare=True)  # prepared: a second statement is a syntax error
            columns = [d.name for d in cursor.description or []]
            rows = cursor.fetchmany(max_rows + 1) if cursor.description else []
        except psycopg.errors.QueryCanceled:
            raise SQLError(f"the query was stopped after {timeout:g} s") from None
        except psycopg.Error as exc:
            raise SQLError(str(exc).strip()) from None
        finally:
            con.rollback()
    finally:
        con.close()
    return Result(columns, rows[:max_rows], len(rows) > max_rows)


def run_readonly(db: str, query: str, max_rows: int, timeout: float) -> Result:
    """Run one read-only query against the store ``db`` (DuckDB path or PostgreSQL URL)."""
    if not query.strip():
        raise SQLError("empty query")
    if is_postgres_url(db):
        return _postgres(db, query, max_rows, timeout)
    return _duckdb(db, query, max_rows, timeout)
