"""``khabar ingest``: read, code and store articles, or store what ``khabar batch`` already coded (thin wrapper over
khabar.ingest)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from khabar.commands.common import db_option, handles_errors, lexicon_option, open_db, parse_date
from khabar.errors import EXIT_INPUT

if TYPE_CHECKING:
    from khabar.ingest import IngestSummary

#: Seconds ingest waits, by default, for readers (khabar serve answering a request, a notebook) to let go.
WRITE_WAIT = 30.0


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--date-default", metavar="YYYY-MM-DD", default=None,
              help="Publication date of articles whose source gives none (plain text): dates their events and "
                   "resolves 'yesterday', 'last month'…")
@click.option("--outlet", "default_outlet", default=None, help="Outlet of articles whose source names none.")
@click.option("--recode", is_flag=True, help="Re-code articles already stored (after a lexicon change).")
@click.option("--batch-size", default=50, show_default=True, help="Articles per transaction.")
@click.option("--wait", default=WRITE_WAIT, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait for other processes reading the DuckDB file (khabar serve, a notebook).")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar (done/total, rate, ETA) on stderr.")
@lexicon_option
@handles_errors
def ingest_cmd(paths: tuple[str, ...], db: str, date_default: str | None, default_outlet: str | None, recode: bool,
               batch_size: int, wait: float, progress: bool, lexicons: tuple[Path, ...]) -> None:
    """Read, code and store PATHS: files, folders, globs (text, HTML, JSONL, CSV, JSON, RSS/Atom, Parquet with a
    'text' column) or '-' for stdin. A folder written by `khabar batch` is stored as it was coded, not coded again.

    Exits 3 when inputs failed and nothing could be stored.
    """
    from khabar.ingest import ingest
    from khabar.ingest.coded import import_batch
    from khabar.ingest.parquet import is_batch_output
    from khabar.pipeline import Coder

    day = parse_date(date_default, "--date-default")
    coded = [p for p in paths if is_batch_output(p)]
    raw = [p for p in paths if p not in coded]
    store = open_db(db, write=True, wait=wait)
    try:
        parts: list[IngestSummary] = [import_batch(folder, store, recode=recode, progress=progress)
                                      for folder in coded]
        if raw:
            parts.append(ingest(raw, store, coder=Coder(overlays=lexicons), progress=progress, batch_size=batch_size,
                                recode=recode, default_outlet=default_outlet, default_date=day))
        elif coded:
            store.recluster()  # ingest() reclusters at its end; an import alone must too
    finally:
        store.close()
    summary = _total(parts)
    for where, reason in summary.failed:
        click.echo(f"failed: {where}: {reason}", err=True)
    for where, reason in summary.skipped_language:
        click.echo(f"skipped: {where}: {reason}", err=True)
    for where, message in summary.warnings:
        click.echo(f"warning: {where}: {message}", err=True)
    click.echo(f"read {summary.read}, coded {summary.coded}, skipped as duplicates {summary.skipped_duplicates}, "
               f"skipped for language {len(summary.skipped_language)}, "
               f"failed {len(summary.failed)}, events {summary.events}, {summary.seconds:.1f} s")
    if summary.failed and summary.coded == 0 and summary.skipped_duplicates == 0:
        click.echo("khabar: nothing was stored: every input failed", err=True)
        sys.exit(EXIT_INPUT)


def _total(parts: list[IngestSummary]) -> IngestSummary:
    """One summary adding up the imports of batch folders and the ingest of the other paths."""
    from khabar.ingest import IngestSummary

    total = IngestSummary()
    for p in parts:
        total.read += p.read
        total.coded += p.coded
        total.skipped_duplicates += p.skipped_duplicates
        total.failed += p.failed
        total.skipped_language += p.skipped_language
        total.warnings += p.warnings
        total.events += p.events
        total.seconds += p.seconds
    return total
