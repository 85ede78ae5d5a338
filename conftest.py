"""Doctest collection (pyproject: --doctest-modules over src/khabar) skips the modules listed in
src/khabar/compiled_modules.txt: when they run compiled, their extension module, not the .py file, is what imports,
and pytest refuses the mismatch. They hold no doctests (tests/test_compiled.py checks), so nothing goes untested."""

from khabar import compiled

collect_ignore = [str(compiled.source_of(m))
                  for m in compiled.listed_modules(compiled.LIST.read_text(encoding="utf-8"))]
