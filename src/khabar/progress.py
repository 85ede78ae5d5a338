"""One progress display for long runs (ingest, batch): articles done, articles/s and elapsed time on stderr, or
nothing when disabled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text


class Bar(Protocol):
    def advance(self, n: int = 1) -> None: ...


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.completed:,.0f} articles, {task.speed or 0:,.0f} articles/s")


class _NoBar:
    def advance(self, n: int = 1) -> None:
        pass


class _RichBar:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Bar]:
    if not enabled:
        yield _NoBar()
        return
    columns = (TextColumn(f"[bold]{label}"), BarColumn(), _RateColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        yield _RichBar(progress, progress.add_task(label, total=None))
