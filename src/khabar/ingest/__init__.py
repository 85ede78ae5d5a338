"""Ingest: read articles from files, folders, globs and stdin, code them and save them in a store.

Usage (see docs/store-api.md)::

    from khabar.ingest import ingest
    from khabar.store import open_store

    summary = ingest(["articles/"], open_store("k.duckdb"))
"""

from khabar.ingest.run import IngestSummary, ingest
from khabar.ingest.sources import BadRecord, RawArticle, parse_date, read_file, read_sources, strip_tags

__all__ = ["BadRecord", "IngestSummary", "RawArticle", "ingest", "parse_date", "read_file", "read_sources",
           "strip_tags"]
