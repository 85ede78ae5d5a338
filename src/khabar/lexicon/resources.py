"""Finding and reading lexicon data files: package data via importlib.resources, plus user overlay folders.

YAML is read with line numbers kept (``load_yaml_items``) so that every schema error can name file:line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from khabar.errors import KhabarError

DATA = resources.files("khabar") / "lexicon" / "data"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (libyaml's when installed: ~10x faster) that keeps dates as ISO strings: lexicon dates are
    compared as text and validated by the schema."""


_Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Item:
    """One top-level list item of a lexicon file, with where it came from."""

    value: Any
    file: str
    line: int
    node: Any = field(default=None, compare=False, repr=False)  # the YAML node, to name the line of a bad field

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _read(rel: str, overlay: Path | None = None) -> tuple[str, str] | None:
    """(display name, text) of a data file, from the overlay folder when given, else the package."""
    if overlay is not None:
        path = overlay / rel
        if not path.is_file():
            return None
        return str(path), path.read_text(encoding="utf-8")
    res = DATA.joinpath(*rel.split("/"))
    if not res.is_file():
        return None
    return rel, res.read_text(encoding="utf-8")


read_text = _read


def load_yaml(rel: str, overlay: Path | None = None) -> Any:
    """Parse a YAML data file (a mapping or a list); missing files give None."""
    found = _read(rel, overlay)
    if found is None:
        return None
    name, text = found
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise KhabarError("E201", f"invalid YAML: {exc}", path=name, line=None if line is None else line + 1) from exc


def load_yaml_items(rel: str, overlay: Path | None = None) -> list[Item]:
    """The items of a YAML list file, each with its line number."""
    found = _read(rel, overlay)
    if found is None:
        return []
    name, text = found
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KhabarError("E201", f"invalid YAML: {exc}", path=name, line=mark.line + 1 if mark else None) from exc
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise KhabarError("E201", "expected a list of entries", path=name, line=node.start_mark.line + 1)
    loader = _Loader("")
    items = []
    for child in node.value:
        value = loader.construct_document(child)
        items.append(Item(value, name, child.start_mark.line + 1, child))
    return items


def load_yaml_node(rel: str, overlay: Path | None = None) -> tuple[str, Any] | None:
    """(display name, YAML node) of a data file, keeping every line number; missing files give None."""
    found = _read(rel, overlay)
    if found is None:
        return None
    name, text = found
    try:
        return name, yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KhabarError("E201", f"invalid YAML: {exc}", path=name, line=mark.line + 1 if mark else None) from exc


def construct(node: Any) -> Any:
    """The Python value of a YAML node from :func:`load_yaml_node`."""
    return None if node is None else _Loader("").construct_document(node)


def data_text(rel: str) -> str:
    found = _read(rel)
    if found is None:
        raise KhabarError("E201", "missing packaged data file", path=rel)
    return found[1]


def fingerprint(overlays: Iterable[Path] = ()) -> str:
    """Content hash of the packaged data plus overlays: the lexicon version recorded with coded events."""
    h = hashlib.sha256()
    roots: list[Any] = [DATA, *overlays]
    for root in roots:
        for path in sorted(_walk(root), key=lambda p: str(p)):
            h.update(str(path.name).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _walk(root: Any) -> Iterable[Any]:
    for child in root.iterdir():
        if child.is_dir():
            yield from _walk(child)
        elif child.name.endswith((".yaml", ".tsv")):
            yield child
