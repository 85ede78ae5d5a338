"""khabar.compiled: which build of the hot modules runs, and the two builds code alike."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import khabar
from khabar import compiled

PACKAGE = Path(khabar.__file__).resolve().parent
MODULES = compiled.listed_modules(compiled.LIST.read_text(encoding="utf-8"))


def _fake_package(tmp_path: Path, *, with_extensions: bool) -> tuple[Path, dict[str, str]]:
    """A package folder holding the listed modules' sources (and empty stand-ins for their extensions)."""
    package = tmp_path / "khabar"
    built = {}
    for module in MODULES:
        source = compiled.source_of(module, package)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {module}\n", encoding="utf-8")
        built[module] = hashlib.sha256(source.read_bytes()).hexdigest()
        if with_extensions:
            source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    return package, built


def test_listed_modules_read_paths_and_skip_comments() -> None:
    assert compiled.listed_modules("# hot\ntext/segment.py  # the splitter\n\nlang/ar/match.py\n") == [
        "khabar.text.segment", "khabar.lang.ar.match"]
    assert all(compiled.source_of(m).is_file() for m in MODULES)


def test_decide_compiled_only_with_a_complete_current_build(tmp_path: Path) -> None:
    package, built = _fake_package(tmp_path, with_extensions=True)
    assert compiled.decide(MODULES, built, "", package) == compiled.COMPILED
    assert compiled.decide(MODULES, built, "1", package) == "pure Python: KHABAR_PURE_PYTHON"
    assert compiled.decide(MODULES, None, "", package).startswith("pure Python: incomplete build")
    # a module edited after the build: its extension would run old code, so every module runs from source
    compiled.source_of(MODULES[-1], package).write_text("# edited\n", encoding="utf-8")
    assert compiled.decide(MODULES, built, "", package) == (
        f"pure Python: {MODULES[-1]} changed since it was compiled (reinstall to compile)")


def test_decide_pure_without_a_build_or_with_part_of_one(tmp_path: Path) -> None:
    package, built = _fake_package(tmp_path, with_extensions=False)
    assert compiled.decide(MODULES, None, "", package) == "pure Python: not compiled"
    compiled.source_of(MODULES[0], package).with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    assert compiled.decide(MODULES, built, "", package).startswith("pure Python: incomplete build")


def test_the_mode_says_where_the_hot_modules_come_from() -> None:
    """Compiled: every listed module was loaded from its extension; pure: from its source."""
    for module in MODULES:
        loaded = Path(sys.modules[module].__file__ if module in sys.modules else __import__(
            module, fromlist=["_"]).__file__)
        assert (loaded.suffix != ".py") == (compiled.MODE == compiled.COMPILED), (module, loaded, compiled.MODE)


SAMPLE = """\
قالت وزارة الخارجية المصرية يوم الأحد إن القاهرة تدين الغارات الإسرائيلية على قطاع غزة.
وأعلن الجيش اعتقال ثلاثة مسلحين في مدينة الموصل، فيما تظاهر مئات الطلاب أمام السفارة الأمريكية.
The Turkish foreign minister met his Russian counterpart in Ankara on Monday and condemned the attack.
"""

_CODE = """
import json, sys, khabar
from khabar.pipeline import Coder
coder = Coder()
out = [khabar.compiled.MODE]
for line in sys.stdin.read().splitlines():
    doc = coder.code(line, date=__import__("datetime").date(2023, 9, 5))
    out.append([e.to_dict() for e in doc.events])
    out.append([(m.kind, m.start, m.end, m.actor and m.actor.code) for s in doc.sentences for m in s.mentions])
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _code_in(env_pure: bool, cache: Path) -> list:
    env = {**os.environ, "KHABAR_CACHE_DIR": str(cache)}
    env.pop("KHABAR_PURE_PYTHON", None)
    if env_pure:
        env["KHABAR_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", _CODE], input=SAMPLE, capture_output=True, text=True, env=env,
                          check=True)
    return json.loads(done.stdout)


def test_pure_python_and_this_install_code_the_same_events_and_mentions(tmp_path: Path) -> None:
    """The same sentences, in both languages, coded by this install's build and by the pure-Python source."""
    here, pure = _code_in(False, tmp_path / "a"), _code_in(True, tmp_path / "b")
    assert pure[0] == "pure Python: KHABAR_PURE_PYTHON" and here[0] == compiled.MODE
    assert here[1:] == pure[1:]
    assert any(events for events in pure[1::2])  # the sample codes events: the comparison says something


def test_compiled_modules_hold_no_doctests() -> None:
    """Doctest collection skips them (conftest.py at the root): a doctest there would never run."""
    assert not [m for m in MODULES if ">>>" in compiled.source_of(m).read_text(encoding="utf-8")]


def test_compiled_modules_type_check_as_mypyc_needs() -> None:
    """A type error in a listed module makes the install's compile fail, and khabar then runs pure Python: slower,
    with nothing else to say so. mypy (the compiler's own checker) over the list, as setup.py runs it."""
    paths = [str(compiled.source_of(m)) for m in MODULES]
    done = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent",
                           "--no-incremental", *paths], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
