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
        for field in schema["properties"]:
            assert f"`{field}`" in doc, f"{rel}: {field}"
