"""docs/coding-rules.md stays true: every example it gives is coded as it says.

An example is a line with an Arabic sentence ending in "." (or an article in «…») followed by "→ ", optionally after
a table cell border. What follows the arrow states the result:

- `SRC → CAMEO → TGT` (— for no actor), with **modality** after it when it is not asserted: such an event is coded;
- "no event": nothing is coded; "no `18`/`19` event": nothing with those CAMEO prefixes is coded;
- "N event(s)": exactly N events carry the first stated CAMEO code (a fold or a repeat).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

DOC = Path(__file__).parents[1] / "docs" / "coding-rules.md"
EXAMPLE = re.compile(r"(?:Article: «(?P<article>[^»]+)»|(?P<sentence>[\u0600-\u06FF][^`|«»]*?\.))"
                     r"\s*(?:\|\s*)?→ (?P<result>.*)$")
TRIPLE = re.compile(r"`(\S+) → (\d{2,4}) → (\S+)`(?: \*\*(\w+)\*\*)?")
NONE_OF = re.compile(r"no ((?:`\d+`/?)+) event")
COUNT = re.compile(r"^(\d+) events?\b")


def examples() -> list:
    out = []
    for n, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), 1):
        if m := EXAMPLE.search(line):
            out.append(pytest.param(m["article"] or m["sentence"], m["result"], id=f"line{n}"))
    return out


def code(e) -> str | None:
    return e.actor.code if e is not None else None


def test_doc_has_examples():
    assert len(examples()) >= 50


@pytest.mark.parametrize(("text", "result"), examples())
def test_doc_example(coder, text, result):
    events = coder.code(text, date=date(2024, 1, 1)).events
    got = [(code(e.source) or "—", e.cameo, code(e.target) or "—", e.modality) for e in events]
    if result.startswith("no event"):
        assert got == []
    if m := NONE_OF.search(result):
        prefixes = tuple(re.findall(r"\d+", m[1]))
        assert not [g for g in got if g[1].startswith(prefixes)], got
    triples = TRIPLE.findall(result)
    for src, cameo, tgt, modality in triples:
        assert (src, cameo, tgt, modality or "asserted") in got, got
    if m := COUNT.match(result):
        assert sum(g[1] == triples[0][1] for g in got) == int(m[1]), got
    assert triples or "no " in result, result  # every example states something checkable
