"""Ingest: read articles from files, folders, globs and stdin, code them and save them in a store.

Usage (see docs/store-api.md)::

    from khabar.ingest import ingest
    from khabar.store import open_store

    summary = ingest(["articles/"], open_store("k.duckdb"))
    summary = import_batch("coded/", store)   # what `khabar batch --out coded/` wrote, stored as it was coded
"""

from khabar.ingest.coded import import_batch
from khabar.ingest.run import IngestSummary, ingest
from khabar.ingest.sources import BadRecord, RawArticle, parse_date, read_file, read_sources, strip_tags

__all__ = ["BadRecord", "IngestSummary", "RawArticle", "import_batch", "ingest", "parse_date", "read_file",
           "read_sources", "strip_tags"]
