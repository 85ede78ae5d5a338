"""Shared fixtures: one compiled lexicon/coder for the whole run (compiling is the slow part)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from khabar.lexicon.compile import load_lexicon
from khabar.mentions.actors import Discourse
from khabar.pipeline import Coder
from khabar.text.segment import split_sentences

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
        return [coder.analyse(s, discourse) for s in split_sentences(text)]

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
