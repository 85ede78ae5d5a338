"""Docs stay in step with the code: every CLI command and every lexicon field is documented."""

from pathlib import Path

import click
import yaml

from khabar.cli import cli

ROOT = Path(__file__).parents[1]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        out += _commands(cmd, full + " ") if isinstance(cmd, click.Group) else [full]
    return out


def test_docs_every_cli_command_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands(cli):
        assert f"khabar {command}" in readme, command


def test_docs_every_lexicon_field_documented():
    schemas = yaml.safe_load((ROOT / "src/khabar/lexicon/data/schemas.yaml").read_text(encoding="utf-8"))
    doc = (ROOT / "docs/lexicon-format.md").read_text(encoding="utf-8")
    for rel, schema in [item for shape in ("files", "mappings", "tables") for item in schemas[shape].items()]:
        assert f"`{rel}`" in doc, rel
        for field in schema.get("properties", {}):  # a file keyed by language code documents its keys in a table
            assert f"`{field}`" in doc, f"{rel}: {field}"


def test_docs_ingest_lists_every_format_and_record_field():
    """docs/ingest.md names every extension ingest reads and every record field it takes (feeding records that use
    each documented field proves the reader takes it)."""
    import json

    from khabar.ingest.parquet import PARQUET_SUFFIXES
    from khabar.ingest.sources import SUFFIXES, read_sources

    doc = (ROOT / "docs/ingest.md").read_text(encoding="utf-8")
    for suffix in sorted((SUFFIXES | PARQUET_SUFFIXES) - {""}):
        assert f"`{suffix}`" in doc, suffix
    record = {"text": "نص الخبر", "title": "t", "published": "2023-09-05", "link": "https://x.example/1",
              "outlet": "o", "id": "mine"}
    other = {"text": "نص آخر", "date": "2023-09-06", "url": "https://x.example/2", "source": "s"}
    for name in (*record, *other):
        assert f"`{name}`" in doc, name
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
        first, second = read_sources([path])
    assert (first.title, first.published.isoformat(), first.url, first.outlet, first.article_id) == (
        "t", "2023-09-05", "https://x.example/1", "o", "mine")
    assert (second.published.isoformat(), second.url, second.outlet) == ("2023-09-06", "https://x.example/2", "s")
