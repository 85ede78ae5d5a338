"""Build hook: compiles khabar's hot modules to C extensions with mypyc, when it can.

The list of compiled modules is ``src/khabar/compiled_modules.txt`` (one source path a line). Their Python source
stays in the package and is what runs whenever the compiled build is missing, switched off or older than the
source (khabar.compiled decides at import). ``KHABAR_PURE_PYTHON=1`` at install time builds nothing; a machine
without a C compiler, or a listed module that does not type-check, gets pure Python too: the failure is reported and
the install goes on (tests/test_compiled.py runs mypy over the list so that this never passes unnoticed).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT / "src" / "khabar"
LIST = PACKAGE / "compiled_modules.txt"
MANIFEST = PACKAGE / "_compiled.json"  # written only after a successful build; read by khabar.compiled


def _hot_paths() -> list[str]:
    # (read here, not through khabar.compiled.listed_modules: the build cannot import the package it builds)
    lines = (line.split("#")[0].strip() for line in LIST.read_text(encoding="utf-8").splitlines())
    return [f"src/khabar/{line}" for line in lines if line]


def _module(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


class OptionalBuildExt(build_ext):
    """Builds the extensions, then records which modules it compiled and from which source; a failure leaves the
    pure-Python package working and says why."""

    def run(self) -> None:
        MANIFEST.unlink(missing_ok=True)
        try:
            super().run()
        except Exception as exc:  # no compiler or headers: pure Python is used
            print(f"khabar: compiling the hot modules failed ({exc}); the pure-Python modules will run",
                  file=sys.stderr)
            return
        modules = {_module(p): hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in _hot_paths()}
        target = MANIFEST if self.inplace else Path(self.build_lib) / "khabar" / MANIFEST.name
        target.write_text(json.dumps({"modules": modules}, indent=1), encoding="utf-8")


def _extensions() -> list:
    if os.environ.get("KHABAR_PURE_PYTHON", "").lower() in ("1", "true", "yes"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # built without the build requirements (an old pip): pure Python
        return []
    try:  # mypyc type-checks and writes the C here; a type error ends it with SystemExit
        return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *_hot_paths()],
                        opt_level="3", debug_level="0", group_name="khabar_compiled")
    except (Exception, SystemExit) as exc:
        print(f"khabar: the hot modules do not compile ({exc!r}); the pure-Python modules will run", file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
