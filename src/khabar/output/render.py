"""Writers for coded documents: JSONL (one event per line), JSON (articles with their events), and a terminal table.

Arabic in a terminal: most terminals do not apply the Unicode bidi algorithm, so the table puts each Arabic cell in
an RTL isolate (U+2067 … U+2069). Terminals that do run bidi show it right-to-left; others show the logical order,
which is still the correct text rather than a reshaped copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table

from khabar.model import Document

_RLI, _PDI = "\u2067", "\u2069"


def write_jsonl(docs: Iterable[Document], out: IO[str]) -> int:
    n = 0
    for doc in docs:
        for event in doc.events:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def document_dict(doc: Document, name: str | None = None) -> dict:
    return {
        "article_id": doc.article_id,
        "file": name,
        "language": doc.language,
        "date": doc.date.isoformat() if doc.date else None,
        "sentences": len(doc.sentences),
        "warnings": doc.warnings,
        "events": [e.to_dict() for e in doc.events],
    }


def write_json(docs: Iterable[tuple[str, Document]], out: IO[str]) -> int:
    items = [document_dict(doc, name) for name, doc in docs]
    json.dump(items if len(items) != 1 else items[0], out, ensure_ascii=False, indent=2)
    out.write("\n")
    return sum(len(i["events"]) for i in items)


def _rtl(text: str | None) -> str:
    return f"{_RLI}{text}{_PDI}" if text else "—"


def write_table(docs: Iterable[tuple[str, Document]], console: Console) -> int:
    n = 0
    for name, doc in docs:
        table = Table(title=f"{name} — {len(doc.events)} events", show_lines=True, expand=True)
        for col in ("#", "source", "event", "target", "modality", "according to", "date", "trigger"):
            table.add_column(col, overflow="fold")
        for e in doc.events:
            n += 1
            src = f"{e.source.actor.code or '—'}\n{_rtl(e.source.text)}" if e.source else "—"
            tgt = f"{e.target.actor.code or '—'}\n{_rtl(e.target.text)}" if e.target else "—"
            att = (f"{e.attribution.speaker.code if e.attribution.speaker else ''}\n{_rtl(e.attribution.text)}"
                   if e.attribution else "author")
            table.add_row(str(e.sentence.index), src, f"{e.cameo} {e.plover_type or ''}\nG={e.goldstein}", tgt,
                          e.modality, att, e.date or "", _rtl(e.trigger_text))
        console.print(table)
        for w in doc.warnings:
            console.print(f"[yellow]warning:[/yellow] {w}")
    return n
