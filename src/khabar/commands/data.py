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

from khabar.commands.common import DEFAULT_DB, actors_option, db_option, fail, handles_errors, lexicon_option, open_db
from khabar.commands.ingest import ingest_cmd
from khabar.errors import E_DATE_OPTION, EXIT_USAGE, KhabarError
from khabar.model import MODALITIES, actor_resolved

__all__ = ["COMMANDS", "DEFAULT_DB"]
#: Characters of an article id shown in tables; `khabar brief` accepts any unique prefix.
SHORT_ID = 12

FILTERS: list[tuple[str, str]] = [
    ("actor", "Actor code prefix on either side (USA, PRKGOV)."),
    ("source", "Source actor code prefix."),
    ("target", "Target actor code prefix."),
    ("country", "Country code (3 letters) on either side."),
    ("cameo", "CAMEO code prefix (19, 042)."),
    ("root", "CAMEO root (two digits)."),
    ("plover", "PLOVER event type (CONSULT, ASSAULT…)."),
    ("attributed-to", "Speaker code prefix or text."),
    ("since", "Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ("until", "Latest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ("text", "Substring of the evidence sentence."),
]


def filter_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for name, help_text in reversed(FILTERS):
        fn = click.option(f"--{name}", default=None, help=help_text)(fn)
    return click.option("--modality", multiple=True, type=click.Choice(MODALITIES, case_sensitive=False),
                        help="Modality label(s) to keep; repeatable.")(fn)


def check_period(value: str | None, option: str) -> None:
    """E401 naming the option when a --since/--until value is not a YYYY, YYYY-MM or YYYY-MM-DD date."""
    from khabar.store.queries import date_bound

    if value is None:
        return
    try:
        date_bound(value, end=False)
    except ValueError:
        raise KhabarError(E_DATE_OPTION, f"{option} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _filters(kwargs: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in kwargs.items() if v not in (None, ())}
    for key in ("since", "until"):
        check_period(out.get(key), f"--{key}")
    if "modality" in out:
        out["modality"] = [m.lower() for m in out["modality"]]
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
    store = open_db(db)
    try:
        rows = store.events(**_filters({k.replace("-", "_"): v for k, v in kwargs.items()}), limit=limit or None)
    finally:
        store.close()
    if fmt in ("jsonl", "csv"):
        from khabar.export import export

        export(rows, sys.stdout, fmt)  # the export formats: typed date + precision, CAMEO codes as text
    else:
        _print_table(["date", "article", "source", "cameo", "target", "modality", "according to", "sentence"],
                     [[r.get("date") or r.get("published"), r["article_id"][:SHORT_ID], _code(r["source"]),
                       r["cameo"], _code(r["target"]), r["modality"],
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
    store = open_db(db)
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
    store = open_db(db)
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
    check_period(since, "--since")
    check_period(until, "--until")
    store = open_db(db)
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
@click.argument("article_id", metavar="ARTICLE_ID")
@db_option
@click.option("--language", type=click.Choice(["ar", "en"]), default="ar", show_default=True,
              help="Language of the digest.")
@lexicon_option
@handles_errors
def brief_cmd(article_id: str, db: str, language: str, lexicons: tuple[Path, ...]) -> None:
    """A readable digest of one stored article: its claims grouped by who makes them, with their certainty.

    ARTICLE_ID may be any unique prefix of the id (the `article` column of `khabar events`)."""
    from khabar.views.brief import brief

    store = open_db(db)
    try:
        full_id = store.find_article_id(article_id)
        article = store.article(full_id) if full_id else None
    finally:
        store.close()
    if article is None:
        raise KhabarError("E501", f"no stored article with id {article_id!r}")
    lexicon = None
    if lexicons:  # names of states and places with the overlays
        from khabar.lexicon.compile import load_lexicon

        lexicon = load_lexicon(tuple(lexicons))
    click.echo(brief(article, article.get("events", []), language=language, lexicon=lexicon))


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
@lexicon_option
@handles_errors
def export_cmd(db: str, fmt: str, out: Path, actors: str | None, lexicons: tuple[Path, ...], **kwargs: Any) -> None:
    """Export stored events (optionally filtered) as GDELT-style TSV, mentions TSV, PLOVER JSON, CSV, Parquet, JSONL."""
    import khabar.export as export

    if str(out) == "-" and fmt in export.BINARY_FORMATS and sys.stdout.isatty():
        fail(f"{fmt} is binary and stdout is a terminal: redirect it (--out - > events.{fmt}) or give --out FILE",
             EXIT_USAGE)
    actors = actors or EXPORT_ACTORS.get(fmt, "any")
    opts: dict[str, Any] = {"actors": actors} if fmt in EXPORT_ACTORS else {}  # the GDELT writers filter the same
    if lexicons and fmt in ("gdelt", "plover"):  # role codes, gazetteer and contexts with the overlays
        from khabar.lexicon.compile import load_lexicon

        opts["lexicon"] = load_lexicon(tuple(lexicons))
    store = open_db(db)
    try:
        rows = store.events(actors=actors, **_filters({k.replace("-", "_"): v for k, v in kwargs.items()}))
        told = len(rows)
        if fmt in ("gdelt", "mentions"):
            rows = gdelt_view(rows, store.clusters(), mentions=fmt == "mentions")
    finally:
        store.close()
    if str(out) == "-":
        target: Any = sys.stdout.buffer if fmt in export.BINARY_FORMATS else sys.stdout
    else:
        target = out
    count = export.export(rows, target, fmt, **opts)
    if fmt == "gdelt":  # GDELT has one row per event, told any number of times: say why fewer rows than events
        click.echo(f"wrote {count} GDELT events to {out}: {told} coded events in {count} clusters (an event told "
                   "by several sentences or articles is one row; NumMentions/NumArticles count the tellings, "
                   "--format mentions has one row per telling)", err=True)
    else:
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
@click.option("--token", default=None, help="Secret required for writes (form field or Authorization: Bearer).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, help="Extra Host name accepted (repeatable).")
@click.option("--max-body", default=2 * 1024 * 1024, show_default=True, type=click.IntRange(1024),
              help="Largest form post in bytes.")
@click.option("--sql", is_flag=True, help="Enable the read-only SQL page (/sql).")
@click.option("--i-know-this-is-public", "public", is_flag=True,
              help="Serve the ingest form on a non-loopback address without --token.")
@handles_errors
def serve_cmd(db: str, host: str, port: int, allow_ingest: bool, token: str | None, allowed_hosts: tuple[str, ...],
              max_body: int, sql: bool, public: bool) -> None:
    """Browse the store in a web browser: articles with their evidence, events, dyads, the network.

    A DuckDB file is held read-only only while requests keep coming, so `khabar ingest`, the other commands and
    notebooks can use it while it serves; new data shows on the next page."""
    from khabar.web.app import serve
    from khabar.web.guard import exposure_problem

    problem = exposure_problem(host, allow_ingest, token, public)
    if problem:
        fail(problem, EXIT_USAGE)
    open_db(db, write=allow_ingest).close()  # fail early, in one line, on a bad --db (a new one needs the form)
    serve(db, host=host, port=port, allow_ingest=allow_ingest, sql=sql, token=token, allowed_hosts=allowed_hosts,
          max_body=max_body, i_know_this_is_public=public)


COMMANDS = (ingest_cmd, events_cmd, dyad_cmd, actors_cmd, network_cmd, brief_cmd, export_cmd, serve_cmd)
