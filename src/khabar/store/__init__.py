"""Storage for coded articles and events: DuckDB by default, PostgreSQL by URL (contract: docs/store-api.md)."""

from khabar.store.core import Store, open_store
from khabar.store.rows import ArticleRecord

__all__ = ["ArticleRecord", "Store", "open_store"]
