"""Pieces shared by the CLI commands: one-line errors with exit codes, date parsing, the --lexicon option."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date as Date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from khabar.errors import EXIT_INTERNAL, KhabarError


def fail(message: str, code: int) -> None:
    click.echo(f"khabar: {message}", err=True)
    sys.exit(code)


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn KhabarError into a one-line message and its exit code; never show a traceback for user errors."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KhabarError as exc:
            fail(str(exc), exc.exit_code)
        except (BrokenPipeError, KeyboardInterrupt):
            sys.exit(1)
        except MemoryError:
            fail("out of memory (input too large for this machine)", EXIT_INTERNAL)
        except Exception as exc:  # a bug: say so in one line, keep the exit code distinct
            fail(f"internal error: {type(exc).__name__}: {exc} (please report this with the input)", EXIT_INTERNAL)

    return wrapper


def parse_date(value: str | None, option: str = "--date") -> Date | None:
    """A YYYY-MM-DD option value as a date; E401 naming ``option`` when it is not one."""
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise KhabarError("E401", f"{option} {value!r} is not a date in YYYY-MM-DD form") from None


DEFAULT_DB = "khabar.duckdb"
#: Seconds a read command waits for a DuckDB file that another process (khabar ingest) is writing.
READ_WAIT = 5.0

db_option = click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH|URL",
                         help="DuckDB file or postgresql://user:pass@host/db. Read commands open it read-only "
                              "(other processes may read it at the same time); ingest creates it if missing.")


def open_db(db: str, *, write: bool = False, wait: float | None = None) -> Any:
    """Open the store: read-only unless ``write``. A bad path or URL, a missing file on a read, or a file another
    process holds past ``wait`` seconds (default :data:`READ_WAIT`) is a one-line input error (E601) naming it."""
    from khabar.errors import E_STORE
    from khabar.store import open_store

    try:
        return open_store(db, read_only=not write, wait=READ_WAIT if wait is None else wait)
    except (KhabarError, KeyboardInterrupt):
        raise
    except Exception as exc:  # duckdb.IOException, psycopg.OperationalError, …: the user's database, not a bug
        raise KhabarError(E_STORE, f"cannot open the store: {' '.join(str(exc).split())[:300]}", path=db) from exc


lexicon_option = click.option(
    "--lexicon", "lexicons", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of lexicon overlay files (same layout as the packaged data); entries override by id. Repeatable.")


def actors_option(default: str | None, help_default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--actors any|one|both``: keep every event, those naming at least one actor, or both (khabar.filter_events)."""
    return click.option(
        "--actors", type=click.Choice(["any", "one", "both"]), default=default, show_default=default is not None,
        help="Which events to keep by their resolved actors: any (every event the text reports), one (source or "
             "target resolved, as GDELT), both (source and target, dyadic, as ICEWS). A role-only code such as "
             f"---CVL counts as resolved. {help_default}")
