"""Compiled or pure Python: which build of the hot modules runs, decided once when khabar is imported.

The modules listed in ``compiled_modules.txt`` are compiled to C extensions by mypyc at install (setup.py); each
extension sits beside its ``.py`` and Python imports it first. Their source is what runs instead when:

- ``KHABAR_PURE_PYTHON=1`` is set (to compare the two builds, or to debug in Python);
- no extension was built (no C compiler at install: the install goes on without);
- the build is incomplete, or older than the source (a module edited after ``pip install -e .``): an extension
  compiled from other source would silently run old code, so every listed module then runs from source (calls
  between compiled modules are bound at compile time, so mixing builds would be no safer), with a warning that
  says to reinstall.

``MODE`` says which it is, and why ("compiled", "pure Python: KHABAR_PURE_PYTHON", ...); the lexicon cache and
the benchmarks read it.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
LIST = PACKAGE / "compiled_modules.txt"
MANIFEST = PACKAGE / "_compiled.json"
COMPILED = "compiled"


def listed_modules(text: str) -> list[str]:
    """Module names of a compiled-modules list (paths under the package, ``#`` comments)."""
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return ["khabar." + line.removesuffix(".py").replace("/", ".") for line in lines if line]


def source_of(module: str, package: Path = PACKAGE) -> Path:
    return package.joinpath(*module.split(".")[1:]).with_suffix(".py")


def has_extension(module: str, package: Path = PACKAGE) -> bool:
    source = source_of(module, package)
    return any(source.with_suffix(suffix).is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def decide(modules: Sequence[str], built: dict[str, str] | None, env: str, package: Path = PACKAGE) -> str:
    """The mode for the listed ``modules`` given the build's record (module → sha256 of the source it was
    compiled from; None when there is none) and the value of KHABAR_PURE_PYTHON."""
    if env.strip().lower() in ("1", "true", "yes"):
        return "pure Python: KHABAR_PURE_PYTHON"
    present = [m for m in modules if has_extension(m, package)]
    if not present and not built:
        return "pure Python: not compiled"
    if built is None or len(present) < len(modules) or set(built) != set(modules):
        return "pure Python: incomplete build (reinstall to compile)"
    for module in modules:
        if hashlib.sha256(source_of(module, package).read_bytes()).hexdigest() != built[module]:
            return f"pure Python: {module} changed since it was compiled (reinstall to compile)"
    return COMPILED


class _SourceFinder:
    """Imports the given modules from their ``.py`` even where an extension module stands beside it."""

    def __init__(self, modules: set[str], package: Path) -> None:
        self.modules, self.package = modules, package

    def find_spec(self, name: str, path: object = None, target: ModuleType | None = None,
                  ) -> importlib.machinery.ModuleSpec | None:
        if name not in self.modules:
            return None
        return importlib.util.spec_from_file_location(name, source_of(name, self.package))


def _choose() -> str:
    modules = listed_modules(LIST.read_text(encoding="utf-8"))
    try:
        built: dict[str, str] | None = json.loads(MANIFEST.read_text(encoding="utf-8"))["modules"]
    except (OSError, ValueError, KeyError):
        built = None
    mode = decide(modules, built, os.environ.get("KHABAR_PURE_PYTHON", ""))
    if mode != COMPILED:
        sys.meta_path.insert(0, _SourceFinder(set(modules) | set(built or ()), PACKAGE))
        if "changed" in mode or "incomplete" in mode:
            warnings.warn(f"khabar: {mode}", RuntimeWarning, stacklevel=3)
    return mode


MODE = _choose()
