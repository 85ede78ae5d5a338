"""One progress display for long runs (ingest, batch, import): articles done out of the total when it is known,
articles/s, elapsed time and, with a total, the time remaining (ETA); on stderr, or nothing when disabled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text


class Bar(Protocol):
    def advance(self, n: int = 1) -> None: ...


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        done = f"{task.completed:,.0f}" + (f"/{task.total:,.0f}" if task.total is not None else "")
        return Text(f"{done} articles, {task.speed or 0:,.0f} articles/s")


class _NoBar:
    def advance(self, n: int = 1) -> None:
        pass


class _RichBar:
    def __init__(self, progress: Any, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


def columns(label: str, total: int | None) -> tuple[ProgressColumn, ...]:
    """The columns shown: with a total, a filling bar and the estimated time remaining; without, a pulsing bar."""
    shown: tuple[ProgressColumn, ...] = (TextColumn(f"[bold]{label}"), BarColumn(), _RateColumn(),
                                         TimeElapsedColumn())
    if total is not None:
        shown += (TextColumn("eta"), TimeRemainingColumn())
    return shown


@contextmanager
def progress_bar(enabled: bool, label: str, total: int | None = None) -> Iterator[Bar]:
    """A bar counting articles; ``total`` (when known) gives it an end and an ETA."""
    if not enabled:
        yield _NoBar()
        return
    with Progress(*columns(label, total), console=Console(stderr=True), transient=False) as progress:
        yield _RichBar(progress, progress.add_task(label, total=total))
