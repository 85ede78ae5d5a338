"""Dataset commands: ingest a newsroom's archive into a store, then ask it questions and export it.

Thin click wrappers over khabar.ingest, khabar.store, khabar.export and khabar.views; every option has help text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from khabar.commands.common import actors_option, handles_errors, lexicon_option, parse_date
from khabar.model import actor_resolved

DEFAULT_DB = "khabar.duckdb"

db_option = click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH|URL",
                         help="DuckDB file (created if missing) or postgresql://user:pass@host/db.")


def _store(db: str) -> Any:
    """Open the store; a bad path, URL or a file locked by another process is a one-line input error."""
    from khabar.errors import E_STORE, KhabarError
    from khabar.store import open_store

    try:
        return open_store(db)
    except (KhabarError, KeyboardInterrupt):
        raise
    except Exception as exc:  # duckdb.IOException, psycopg.OperationalError, …: the user's database, not a bug
        raise KhabarError(E_STORE, f"cannot open the store: {' '.join(str(exc).split())[:300]}", path=db) from exc


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--recode", is_flag=True, help="Re-code articles already stored (after a lexicon change).")
@click.option("--batch-size", default=50, show_default=True, help="Articles per transaction.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr.")
@lexicon_option
@handles_errors
def ingest_cmd(paths: tuple[str, ...], db: str, recode: bool, batch_size: int, progress: bool,
               lexicons: tuple[Path, ...]) -> None:
    """Read, code and store PATHS: files, folders, globs (text, HTML, JSONL, CSV, RSS/Atom) or '-' for stdin."""
    from khabar.ingest import ingest
    from khabar.pipeline import Coder

    store = _store(db)
    try:
        summary = ingest(paths, store, coder=Coder(overlays=lexicons), progress=progress, batch_size=batch_size,
                         recode=recode)
    finally:
        store.close()
    for where, reason in summary.failed:
        click.echo(f"failed: {where}: {reason}", err=True)
    for where, reason in summary.skipped_language:
        click.echo(f"skipped: {where}: {reason}", err=True)
    for where, message in summary.warnings:
        click.echo(f"warning: {where}: {message}", err=True)
    click.echo(f"read {summary.read}, coded {summary.coded}, skipped as duplicates {summary.skipped_duplicates}, "
               f"skipped for language {len(summary.skipped_language)}, "
               f"failed {len(summary.failed)}, events {summary.events}, {summary.seconds:.1f} s")


FILTERS: list[tuple[str, str]] = [
    ("actor", "Actor code prefix on either side (USA, PRKGOV)."),
    ("source", "Source actor code prefix."),
    ("target", "Target actor code prefix."),
    ("country", "Country code (3 letters) on either side."),
    ("cameo", "CAMEO code prefix (19, 042)."),
    ("root", "CAMEO root (two digits)."),
    ("plover", "PLOVER event type (CONSULT, ASSAULT…)."),
    ("attributed-to", "Speaker code prefix or text."),
    ("since", "Earliest event date (YYYY-MM-DD)."),
    ("until", "Latest event date (YYYY-MM-DD)."),
    ("text", "Substring of the evidence sentence."),
]


def filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for name, help_text in reversed(FILTERS):
        fn = click.option(f"--{name}", default=None, help=help_text)(fn)
    return click.option("--modality", multiple=True, help="Modality label(s) to keep; repeatable.")(fn)


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in kwargs.items() if v not in (None, ())}
    for key in ("since", "until"):
        if key in out:
            parse_date(out[key])
    if "modality" in out:
        out["modality"] = list(out["modality"])
    return out


@click.command("events")
@db_option
@filter_options
@actors_option("any", "")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True,
              help="Output format.")
@click.option("--limit", default=100, show_default=True, help="Most events to print (0: all).")
@handles_errors
def events_cmd(db: str, fmt: str, limit: int, **kwargs: Any) -> None:
    """List stored events, filtered."""
    store = _store(db)
    try:
        rows = store.events(**_filters({k.replace("-", "_"): v for k, v in kwargs.items()}), limit=limit or None)
    finally:
        store.close()
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        from khabar.export import write_csv

        write_csv(rows, sys.stdout)
    else:
        _print_table(["date", "source", "cameo", "target", "modality", "according to", "sentence"],
                     [[r.get("date") or r.get("published"), _code(r["source"]), r["cameo"], _code(r["target"]),
                       r["modality"],
                       ((r.get("attribution") or {}).get("speaker") or {}).get("text"),
                       r["sentence"]["text"][:80]] for r in rows])


def _code(ref: dict[str, Any] | None) -> str:
    """An actor's code for a table cell; a dash when the actor did not resolve."""
    return str(ref["code"]) if ref is not None and actor_resolved(ref) else "—"


def _print_table(columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    Console().print(table)


@click.command("dyad")
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--by", type=click.Choice(["week", "month"]), default="month", show_default=True, help="Period.")
@click.option("--asserted-only", is_flag=True, help="Count only events the text asserts.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="Output format.")
@handles_errors
def dyad_cmd(a: str, b: str, db: str, by: str, asserted_only: bool, fmt: str) -> None:
    """Relations between actors A and B over time: counts, Goldstein sum/mean, QuadClass and modality mix,
    languages of the reports."""
    store = _store(db)
    try:
        rows = store.dyad(a, b, by=by, asserted_only=asserted_only)
    finally:
        store.close()
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
        return
    _print_table(["period", "events", "goldstein sum", "mean", "quad 1/2/3/4", "modalities", "languages"],
                 [[r["period"], r["events"], round(r["goldstein_sum"], 1), round(r["goldstein_mean"], 2),
                   "/".join(str(r[f"quad{q}"]) for q in range(1, 5)),
                   ", ".join(f"{k} {v}" for k, v in sorted(r["by_modality"].items())),
                   ", ".join(f"{k} {v}" for k, v in r.get("by_language", {}).items())] for r in rows])


@click.command("actors")
@db_option
@click.option("--limit", default=20, show_default=True, help="How many actors.")
@handles_errors
def actors_cmd(db: str, limit: int) -> None:
    """Top actors by the number of events they take part in."""
    store = _store(db)
    try:
        rows = store.actors(limit=limit)
    finally:
        store.close()
    _print_table(["actor", "as source", "as target", "total"],
                 [[r["code"], r["events_as_source"], r["events_as_target"], r["total"]] for r in rows])


@click.command("network")
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "graphml"]), default="json", show_default=True,
              help="Edge list as JSON, or GraphML for Gephi/networkx.")
@click.option("--since", default=None, help="Earliest event date.")
@click.option("--until", default=None, help="Latest event date.")
@click.option("--root", default=None, help="CAMEO root to keep.")
@handles_errors
def network_cmd(db: str, fmt: str, since: str | None, until: str | None, root: str | None) -> None:
    """Actor network: directed edges weighted by event count and Goldstein score."""
    store = _store(db)
    try:
        edges = store.network(since=since, until=until, root=root)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(edges, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(graphml(edges))


def graphml(edges: list[dict[str, Any]]) -> str:
    """GraphML text of a directed edge list (values are escaped: codes come from data files users can edit)."""
    from xml.sax.saxutils import quoteattr

    nodes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '<key id="events" for="edge" attr.name="events" attr.type="int"/>',
             '<key id="goldstein" for="edge" attr.name="goldstein_mean" attr.type="double"/>',
             '<graph edgedefault="directed">']
    lines += [f"<node id={quoteattr(n)}/>" for n in nodes]
    for e in edges:
        lines.append(f"<edge source={quoteattr(e['source'])} target={quoteattr(e['target'])}>"
                     f"<data key=\"events\">{int(e['events'])}</data>"
                     f"<data key=\"goldstein\">{float(e['goldstein_mean']):.3f}</data></edge>")
    lines += ["</graph>", "</graphml>"]
    return "\n".join(lines)


@click.command("brief")
@click.argument("article_id")
@db_option
@click.option("--language", type=click.Choice(["ar", "en"]), default="ar", show_default=True,
              help="Language of the digest.")
@handles_errors
def brief_cmd(article_id: str, db: str, language: str) -> None:
    """A readable digest of one stored article: its claims grouped by who makes them, with their certainty."""
    from khabar.errors import KhabarError
    from khabar.views.brief import brief

    store = _store(db)
    try:
        article = store.article(article_id)
    finally:
        store.close()
    if article is None:
        raise KhabarError("E501", f"no stored article with id {article_id!r}")
    click.echo(brief(article, article.get("events", []), language=language))


EXPORT_FORMATS = ("gdelt", "mentions", "plover", "csv", "parquet", "jsonl")
#: --actors defaults that differ from "any": GDELT never publishes an event with both actors blank.
EXPORT_ACTORS = {"gdelt": "one", "mentions": "one"}


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Export format.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file ('-' for stdout, text formats only).")
@filter_options
@actors_option(None, "Default: one for gdelt and mentions (a GDELT row needs an actor), any for the others.")
@handles_errors
def export_cmd(db: str, fmt: str, out: Path, actors: str | None, **kwargs: Any) -> None:
    """Export stored events (optionally filtered) as GDELT-style TSV, mentions TSV, PLOVER JSON, CSV, Parquet, JSONL."""
    import khabar.export as export

    actors = actors or EXPORT_ACTORS.get(fmt, "any")
    opts = {"actors": actors} if fmt in EXPORT_ACTORS else {}  # the GDELT writers apply the same filter
    store = _store(db)
    try:
        rows = store.events(actors=actors, **_filters({k.replace("-", "_"): v for k, v in kwargs.items()}))
        if fmt in ("gdelt", "mentions"):
            rows = gdelt_view(rows, store.clusters(), mentions=fmt == "mentions")
    finally:
        store.close()
    if str(out) == "-":
        target: Any = sys.stdout.buffer if fmt in export.BINARY_FORMATS else sys.stdout
    else:
        target = out
    count = export.export(rows, target, fmt, **opts)
    click.echo(f"wrote {count} events to {out}", err=True)


def gdelt_view(rows: list[dict[str, Any]], clusters: list[dict[str, Any]], *, mentions: bool) -> list[dict[str, Any]]:
    """GDELT's shape: one event row per cluster (its earliest telling) with NumMentions/NumSources/NumArticles,
    and one mention row per telling whose GlobalEventID is its cluster's, so the two files join."""
    counts = {c["cluster_id"]: c for c in clusters}
    first: dict[Any, dict[str, Any]] = {}
    for r in rows:
        key = r.get("cluster_id") or r["event_id"]
        first.setdefault(key, r)
    out = []
    for r in rows:
        key = r.get("cluster_id") or r["event_id"]
        head = first[key]
        if not mentions and head is not r:
            continue
        c = counts.get(key, {})
        out.append({**r, "event_id": head["event_id"], "num_mentions": c.get("num_mentions", 1),
                    "num_sources": c.get("num_sources", 1), "num_articles": c.get("num_articles", 1)})
    return out


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Enable the paste-an-article form that codes and stores it.")
@handles_errors
def serve_cmd(db: str, host: str, port: int, allow_ingest: bool) -> None:
    """Browse the store in a web browser: articles with their evidence, events, dyads, the network."""
    from khabar.web.app import serve

    _store(db).close()  # fail early, in one line, on a bad --db
    serve(db, host=host, port=port, allow_ingest=allow_ingest)


COMMANDS = (ingest_cmd, events_cmd, dyad_cmd, actors_cmd, network_cmd, brief_cmd, export_cmd, serve_cmd)
