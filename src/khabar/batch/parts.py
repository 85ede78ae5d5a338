"""Where a partition's files go, and whether a partition is done: what the driver needs of the output layout, without
the coder or pyarrow (those are the workers', :mod:`khabar.batch.worker`)."""

from __future__ import annotations

from pathlib import Path

KINDS = ("events", "articles", "mentions")


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def part_paths(out: Path, index: int) -> dict[str, Path]:
    return {kind: out / kind / part_name(index) for kind in KINDS}


def partition_done(out: Path, index: int) -> bool:
    return all(p.exists() for p in part_paths(out, index).values())
