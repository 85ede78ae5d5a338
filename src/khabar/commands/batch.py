"""``khabar batch``: code large inputs in parallel into partitioned Parquet files (thin wrapper over khabar.batch)."""

from __future__ import annotations

from pathlib import Path

import click

from khabar.commands.common import fail, handles_errors, lexicon_option, parse_date
from khabar.errors import EXIT_USAGE


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder: events/, articles/, mentions/ Parquet parts and errors.jsonl.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=0),
              help="Local worker processes (one partition at a time each); 0 codes in this process.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Use a running Dask scheduler (tcp://host:8786) and its workers instead of local processes.")
@click.option("--partition-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Articles per partition (one task, one file per kind). Keep it when resuming.")
@click.option("--date-default", metavar="YYYY-MM-DD", default=None,
              help="Article date for articles without one (resolves 'yesterday', 'last year'…).")
@click.option("--outlet", "default_outlet", default=None, help="Outlet for articles whose source names none.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
@lexicon_option
@handles_errors
def batch_cmd(inputs: tuple[str, ...], out: Path, workers: int, scheduler: str | None, partition_size: int,
              date_default: str | None, default_outlet: str | None, progress: bool,
              lexicons: tuple[Path, ...]) -> None:
    """Code INPUTS (files, folders, globs; text, HTML, JSONL, CSV, RSS, Parquet with a 'text' column) in parallel.

    Re-running with the same inputs and --out resumes: finished partitions are skipped.
    Query the result directly, e.g. duckdb: select * from 'OUT/events/*.parquet'.
    """
    from khabar.batch import run_batch
    from khabar.batch.run import BatchSetupError

    try:
        day = parse_date(date_default)
    except Exception:
        fail(f"--date-default {date_default!r} is not a date in YYYY-MM-DD form", EXIT_USAGE)
        return
    try:
        summary = run_batch(inputs, out, workers=workers, scheduler=scheduler, partition_size=partition_size,
                            overlays=lexicons, date_default=day, default_outlet=default_outlet, progress=progress)
    except BatchSetupError as exc:
        fail(str(exc), EXIT_USAGE)
        return
    click.echo(f"partitions {summary['partitions']} (coded {summary['done']}, skipped {summary['skipped']}, "
               f"failed {summary['failed_partitions']}), articles {summary['articles']}, "
               f"events {summary['events']}, errors {summary['errors']} (see {out / 'errors.jsonl'}), "
               f"warnings {summary['warnings']}, "
               f"{summary['seconds']:.1f} s")
