"""The ``khabar`` command: a thin click layer over the Python API.

Exit codes: 0 ok; 2 usage error (bad option, bad --date); 3 bad input (missing/empty/binary/undecodable file, bad gold
or events file); 4 invalid lexicon; 70 internal error (a bug: please report it with the input).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from khabar.commands.batch import batch_cmd
from khabar.commands.common import actors_option, fail, handles_errors, lexicon_option, parse_date
from khabar.commands.data import COMMANDS
from khabar.errors import EXIT_USAGE

FORMATS = ("jsonl", "json", "table")


@click.group()
@click.version_option(package_name="khabar")
def cli() -> None:
    """khabar (خبر): code Arabic news into attributed, modality-aware political events."""


def _read_all(files: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    from khabar.reader import read_text

    for f in files:
        yield ("<stdin>" if f == "-" else f), read_text(f)


@cli.command("code")
@click.argument("files", nargs=-1, required=True)
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Article (publication) date, to resolve relative dates "
              "and dated roles. Default: unknown.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one event per line; json: articles with events; table: a readable terminal view.")
@click.option("--language", type=click.Choice(["ar", "en"]), default=None, help="Skip language detection.")
@actors_option("any", "")
@lexicon_option
@handles_errors
def code_cmd(files: tuple[str, ...], date_: str | None, fmt: str, language: str | None, actors: str,
             lexicons: tuple[Path, ...]) -> None:
    """Code FILES (text; '-' for stdin) and print their events."""
    import dataclasses

    from khabar.ingest.windows import code_document
    from khabar.model import filter_events
    from khabar.output.render import write_json, write_jsonl, write_table
    from khabar.pipeline import Coder

    article_date = parse_date(date_)
    coder = Coder(overlays=lexicons)
    def coded() -> Iterator[tuple[str, Any]]:
        for name, text in _read_all(files):
            doc = code_document(coder, text, date=article_date, language=language)  # long texts: in windows
            for warning in doc.warnings:
                click.echo(f"khabar: {name}: warning: {warning}", err=True)
            yield name, dataclasses.replace(doc, events=filter_events(doc, actors))

    docs = coded()
    if fmt == "jsonl":
        write_jsonl((doc for _, doc in docs), sys.stdout)
    elif fmt == "json":
        write_json(list(docs), sys.stdout)
    else:
        write_table(docs, Console())


@cli.command("evaluate")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.argument("events", default="-")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when recall is below this.")
@click.option("--min-precision", type=float, default=None, help="Exit 1 when precision is below this.")
@handles_errors
def evaluate_cmd(gold: str, events: str, min_recall: float | None, min_precision: float | None) -> None:
    """Score EVENTS (JSONL from `khabar code`, '-' for stdin) against a GOLD file; last line: recall and precision."""
    from khabar.evaluate import evaluate, format_report
    from khabar.gold import load_events_jsonl, load_gold

    result = evaluate(load_gold(gold), load_events_jsonl(events))
    click.echo(format_report(result))
    if (min_recall is not None and result.recall < min_recall) or (
            min_precision is not None and result.precision < min_precision):
        sys.exit(1)


@cli.group("lexicon")
def lexicon_group() -> None:
    """Inspect and validate lexicons."""


@lexicon_group.command("check")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@handles_errors
def lexicon_check(folders: tuple[Path, ...]) -> None:
    """Validate the packaged lexicons, or overlay FOLDERS: every problem with file:line."""
    from khabar.lexicon.check import check

    problems, counts = check(folders)
    for p in problems:
        click.echo(p)
    click.echo(", ".join(f"{k}={v}" for k, v in counts.items()))
    if problems:
        fail(f"{len(problems)} problem(s)", 4)


@lexicon_group.command("stats")
@lexicon_option
@handles_errors
def lexicon_stats(lexicons: tuple[Path, ...]) -> None:
    """Count what the lexicons know: states, organizations, people, agents, triggers, places, CAMEO coverage."""
    from khabar.lexicon.stats import stats

    for name, value in stats(lexicons).items():
        click.echo(f"{name:48} {value:>8,}")


@lexicon_group.command("explain")
@click.argument("text")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Date for dated roles.")
@lexicon_option
@handles_errors
def lexicon_explain(text: str, date_: str | None, lexicons: tuple[Path, ...]) -> None:
    """Show what each span of TEXT matches in the lexicons, and why."""
    from khabar.explain import explain

    for line in explain(text, date=parse_date(date_), overlays=lexicons):
        click.echo(line)


for command in (*COMMANDS, batch_cmd):
    cli.add_command(command)


def main() -> None:  # pragma: no cover - entry point for python -m khabar
    try:
        cli(standalone_mode=True)
    except SystemExit as exc:
        if exc.code not in (0, None) and not isinstance(exc.code, int):
            sys.exit(EXIT_USAGE)
        raise
