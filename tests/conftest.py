"""Shared fixtures: one compiled lexicon/coder for the whole run (compiling is the slow part)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import yaml

from khabar.evaluate import evaluate
from khabar.lexicon.compile import load_lexicon
from khabar.mentions.discourse import Discourse
from khabar.pipeline import Coder
from khabar.text.segment import split_sentences

SEGMENTATION = load_lexicon().segmentation  # the packaged lexicon's sentence rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_configure(config):
    # Tests compile into their own cache folder: they never read a user's stale cache nor write into it.
    os.environ.setdefault("KHABAR_CACHE_DIR", str(Path(config.rootpath) / ".pytest_cache" / "khabar-lexicon"))


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="session")
def coder(lexicon):
    return Coder(lexicon)


@pytest.fixture
def analyse(coder):
    """analyse(text, date) -> list of SentenceView, sharing one Discourse like an article does."""

    def run(text: str, on: date | None = date(2023, 9, 5)):
        discourse = Discourse(on)
        return [coder.analyse(s, discourse) for s in split_sentences(text, SEGMENTATION)]

    return run


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must provide ../shared beside the checkout")
        pytest.skip(f"{path} not present (the shared acceptance data lives beside the repo)")
    return path


@pytest.fixture
def shared():
    """shared("seed", "x.txt") -> Path into ../shared (fails in CI, skips elsewhere, when absent)."""
    return shared_file


@dataclass
class ConstructionScore:
    recall: float
    precision: float
    failures: list[str] = field(default_factory=list)  # ids of cases not coded perfectly
    broken: list[tuple[str, dict]] = field(default_factory=list)  # (case id, absent item) produced anyway


def score_constructions(coder: Coder, path: Path) -> ConstructionScore:
    """Code every case of a constructions_*.yaml file: recall/precision over its expected events, and which of its
    'absent' items were produced (the format is documented in the files' headers)."""
    required = matched_required = produced = matched = 0
    score = ConstructionScore(0.0, 0.0)
    for case in yaml.safe_load(path.read_text(encoding="utf-8")):
        on = case.get("date")
        on = on if isinstance(on, date) else date.fromisoformat(str(on)) if on else None
        events = [json.loads(json.dumps(e.to_dict())) for e in coder.code(case["text"], date=on).events]
        gold = {"events": [dict(e, id=f"{case['id']}-{i}", sentence_contains=None, required=True)
                           for i, e in enumerate(case.get("events", []))]}
        result = evaluate(gold, events)
        required += result.required_total
        matched_required += result.required_matched
        produced += result.produced_total
        matched += result.produced_matched
        if result.recall < 1 or result.precision < 1:
            score.failures.append(case["id"])
        for i, a in enumerate(case.get("absent", [])):
            item = dict(a, id=f"{case['id']}-absent{i}", sentence_contains=None, required=True,
                        cameo=a.get("cameo"), modality=a.get("modality"))
            if evaluate({"events": [item]}, events).recall:
                score.broken.append((case["id"], a))
    score.recall = matched_required / required
    score.precision = matched / max(produced, 1)
    return score


# ---------------------------------------------------------------------------------------------- store targets

@pytest.fixture(params=["duckdb", "postgres"])
def target(request, tmp_path) -> Iterator[str]:
    """Where a test's store lives: a DuckDB file, or a fresh PostgreSQL database."""
    if request.param == "duckdb":
        yield str(tmp_path / "k.duckdb")
        return
    url = os.environ.get("KHABAR_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KHABAR_TEST_POSTGRES is not set: CI must run the store tests against PostgreSQL too")
        pytest.skip("KHABAR_TEST_POSTGRES is not set (a postgresql:// URL where tests may create databases)")
    yield from fresh_database(url)


def fresh_database(url: str) -> Iterator[str]:
    import psycopg

    name = f"khabar_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _drop_database(url, name)


def _drop_database(url: str, name: str, tries: int = 20) -> None:
    """Drop a test database. An autovacuum worker (a superuser's process, which FORCE may not end for the test role)
    can be in it just after a test wrote much: then wait and try again; it finishes within seconds."""
    import psycopg

    for attempt in range(tries):
        try:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == tries - 1:
                raise
            time.sleep(0.5)
