"""Parquet (pyarrow): the flat record of khabar.export.flat with real column types.

Types: offsets and small integers int32 (DuckDB INTEGER), geonames ids int64 (BIGINT), goldstein/confidence/lat/lon
float64 (DOUBLE), ``published`` date32 (DATE), text as UTF-8 strings (VARCHAR); the event's own ``date`` stays a
string because it may be partial (``2023-09``). ``cluster_id`` is int64 when every id written is an integer, else a
string. Rows are written in batches (``batch_size``), so large exports do not sit in memory at once.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from khabar.export.flat import COLUMNS, flatten, unflatten

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

FORMAT_TAG = b"khabar.events-flat/1"


def schema(cluster_id: pa.DataType | None = None) -> pa.Schema:
    """The Arrow schema of a khabar Parquet export (``cluster_id`` type: int64 unless given)."""
    import pyarrow as pa  # imported when used: ~50 MB of resident memory that coding and storing do not need

    arrow = {"str": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(),
             "date": pa.date32()}
    cluster_id = cluster_id or pa.int64()
    fields = [pa.field(c.name, cluster_id if c.kind == "id" else arrow[c.kind]) for c in COLUMNS]
    return pa.schema(fields, metadata={b"khabar": FORMAT_TAG})


def _id_type(rows: list[dict[str, Any]]) -> pa.DataType:
    import pyarrow as pa

    ids = [r["cluster_id"] for r in rows if r["cluster_id"] is not None]
    return pa.int64() if all(isinstance(i, int) for i in ids) else pa.string()


def _table(rows: list[dict[str, Any]], sch: pa.Schema) -> pa.Table:
    import pyarrow as pa

    columns = {}
    for field in sch:
        values = [r[field.name] for r in rows]
        if field.name == "cluster_id" and pa.types.is_string(field.type):
            values = [None if v is None else str(v) for v in values]
        elif field.name == "cluster_id" and any(isinstance(v, str) for v in values):
            raise ValueError("cluster_id: string ids after integer ids; write them as one type")
        columns[field.name] = pa.array(values, type=field.type)
    return pa.Table.from_pydict(columns, schema=sch)


def _batches(events: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(events)
    while batch := [flatten(e) for e in itertools.islice(it, size)]:
        yield batch


def write_parquet(events: Iterable[dict[str, Any]], out: str | os.PathLike[str] | IO[bytes], *,
                  compression: str = "zstd", batch_size: int = 10_000) -> int:
    """Write the flat Parquet file (to a path or a binary stream); returns the number of events."""
    import pyarrow.parquet as pq

    n = 0
    writer: pq.ParquetWriter | None = None
    try:
        for rows in _batches(events, batch_size):
            if writer is None:
                writer = pq.ParquetWriter(out, schema(_id_type(rows)), compression=compression)
            writer.write_table(_table(rows, writer.schema))
            n += len(rows)
        if writer is None:  # no events: still a valid, empty file with the full schema
            writer = pq.ParquetWriter(out, schema(), compression=compression)
            writer.write_table(_table([], writer.schema))
    finally:
        if writer is not None:
            writer.close()
    return n


def iter_parquet(src: str | os.PathLike[str] | IO[bytes], batch_size: int = 10_000) -> Iterator[dict[str, Any]]:
    """Nested event dicts from a khabar Parquet export, batch by batch."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(src).iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            yield unflatten(row)


def read_parquet(src: str | os.PathLike[str] | IO[bytes]) -> list[dict[str, Any]]:
    """All events of a Parquet export (the inverse of :func:`write_parquet`)."""
    return list(iter_parquet(src))
