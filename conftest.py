"""Doctest collection (pyproject: --doctest-modules over src/khabar) skips the modules listed in
src/khabar/compiled_modules.txt: when they run compiled, their extension module, not the .py file, is what imports,
and pytest refuses the mismatch. They hold no doctests (tests/test_compiled.py checks), so nothing goes untested."""

from pathlib import Path

_PACKAGE = Path(__file__).parent / "src" / "khabar"
_LINES = (line.split("#")[0].strip() for line in (_PACKAGE / "compiled_modules.txt").read_text("utf-8").splitlines())
collect_ignore = [str(_PACKAGE / line) for line in _LINES if line]
