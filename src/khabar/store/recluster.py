"""Writing the clusters: every stored event read back, clustered by :mod:`khabar.store.dedup`, and the clusters
table and each event's cluster_id rewritten with set-based SQL."""

from __future__ import annotations

from khabar.store.db import Backend
from khabar.store.dedup import Mention, cluster_mentions, num_sources

_MENTIONS_SQL = (
    "SELECT e.event_id, e.article_id, a.outlet, e.source_code, e.target_code, e.cameo, e.modality, e.place_country, "
    "e.event_date, a.published, e.place_name, e.geonames_id "
    "FROM events e JOIN articles a ON a.article_id = e.article_id"
)


def recluster(db: Backend) -> int:
    """Recompute the clusters table and events.cluster_id from scratch; call inside a transaction.

    Clusters and memberships are staged in bulk and written with set-based SQL (one ``UPDATE … FROM`` sets every
    event's cluster_id), because one statement per event is far too slow on DuckDB at 100k events. Events saved
    later keep cluster_id NULL until the next recluster (ingest calls it once per run).
    """
    clusters = cluster_mentions(Mention(*row) for row in db.query(_MENTIONS_SQL))
    cluster_rows, member_rows = [], []
    for c in clusters:
        cid = c.cluster_id
        source, target, base, modality = c.seed.key
        cluster_rows.append([cid, source or None, target or None, base or None, c.label_date, c.country,
                             modality or None, len(c.members), num_sources(c), len({m.article_id for m in c.members})])
        member_rows.extend([m.event_id, cid] for m in c.members)
    db.stage("khabar_stage_clusters", "clusters", _CLUSTER_COLUMNS, cluster_rows)
    db.stage("khabar_stage_members", "events", ("event_id", "cluster_id"), member_rows)
    try:
        db.execute("DELETE FROM clusters")
        db.execute(f"INSERT INTO clusters ({', '.join(_CLUSTER_COLUMNS)}) "
                   f"SELECT {', '.join(_CLUSTER_COLUMNS)} FROM khabar_stage_clusters")
        # Every event read above is in some cluster, so one UPDATE covers them all; rows whose id is unchanged
        # are skipped (PostgreSQL would otherwise write a new version of every row on every recluster).
        db.execute("UPDATE events SET cluster_id = m.cluster_id FROM khabar_stage_members m "
                   "WHERE m.event_id = events.event_id AND events.cluster_id IS DISTINCT FROM m.cluster_id")
    finally:
        db.unstage("khabar_stage_clusters")
        db.unstage("khabar_stage_members")
    return len(clusters)


_CLUSTER_COLUMNS = ("cluster_id", "source_code", "target_code", "cameo_base", "event_date", "place_country",
                    "modality", "num_mentions", "num_sources", "num_articles")
