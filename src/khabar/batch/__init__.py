"""Batch coding of large inputs into partitioned Parquet files, in-process or on a Dask cluster.

    from khabar.batch import run_batch

    summary = run_batch(["archive/"], "out/", workers=4, partition_size=500)
    # duckdb: select cameo, count(*) from 'out/events/*.parquet' group by 1

See :mod:`khabar.batch.run` for the output layout and :mod:`khabar.batch.inputs` for input order and formats.
"""

from typing import Any

from khabar.batch.inputs import iter_items, partitions, read_parquet_articles
from khabar.batch.run import BatchSetupError, run_batch

_WORKER = frozenset({"ARTICLE_SCHEMA", "MENTION_SCHEMA", "code_partition", "coder_for"})


def __getattr__(name: str) -> Any:
    """The worker's names, imported when first asked for: the driver of a batch needs neither the coder nor pyarrow."""
    if name in _WORKER:
        from khabar.batch import worker

        return getattr(worker, name)
    raise AttributeError(f"module 'khabar.batch' has no attribute {name!r}")


__all__ = ["ARTICLE_SCHEMA", "MENTION_SCHEMA", "BatchSetupError", "code_partition", "coder_for", "iter_items",
           "partitions", "read_parquet_articles", "run_batch"]
