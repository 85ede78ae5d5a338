"""The compiled-lexicon cache: a compiled lexicon pickled in the user cache folder (``KHABAR_CACHE_DIR``, else
``$XDG_CACHE_HOME/khabar``), keyed by the data's content and the compilers' source, written atomically."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from khabar import compiled
from khabar.lexicon import entries, frozen, morph, records
from khabar.lexicon.resources import fingerprint

T = TypeVar("T")


def load_cached(name: str, kind: type[T], build: Callable[[], T], overlays: tuple[Path, ...],
                sources: tuple[ModuleType, ...] = ()) -> T:
    """``build()``'s result, pickled in the user cache folder under a key made of the data's content hash and the
    compilers' own source (morph, the record types, the entry shapes, and ``sources``: the compiler modules that
    call this), so a changed lexicon or khabar version recompiles."""
    path = cache_dir() / f"{name}-{_cache_key(overlays, sources)}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, kind):
                return found
        except Exception:  # a corrupt or foreign cache file is rebuilt, never trusted
            pass
    built = build()
    _write_cache(path, built)
    return built


def cache_dir() -> Path:
    root = os.environ.get("KHABAR_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "khabar")
    return Path(root)


def _cache_key(overlays: tuple[Path, ...], sources: tuple[ModuleType, ...] = ()) -> str:
    code = hashlib.sha256()
    for module in (morph, frozen, records, entries, *sources):
        code.update(Path(module.__file__ or "").read_bytes())
    # a compiled module's classes pickle as their compiled build: the two builds keep caches of their own
    build = "compiled" if compiled.MODE == compiled.COMPILED else "pure"
    return hashlib.sha256((fingerprint(overlays) + code.hexdigest() + build).encode()).hexdigest()[:24]


def _write_cache(path: Path, lexicon: Any) -> None:
    """Atomic write; a read-only or full disk only costs the next start-up a recompile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(lexicon, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
