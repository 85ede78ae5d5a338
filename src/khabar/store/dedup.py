"""Cross-article deduplication: which stored events are one real-world event (GDELT-style clusters).

Two mentions can be one event when they share the hard key — source code, target code, CAMEO base (first three
digits) and modality (so "may visit" never joins "visited") — and are compatible:

* place country: equal, or unknown on either side;
* dates (docs/store-api.md): known dates must agree at the coarser precision (same day when both have days; a
  month-only date fits any day of that month; a year fits its year); a mention without an event date must have its
  article date within 7 days of the other's date (or, when both lack event dates, of the other's article date); a
  mention with neither an event nor an article date only joins others that know nothing either.

Compatibility is not transitive (an unknown country fits both RUS and CHE), so the result depends on an order. To be
deterministic and fast, each hard-key group is sorted by the earliest day a mention can be (then event id), and
every mention joins the first open cluster it fits. A cluster keeps a summary — its most precise date, its country
and the article-date range of its date-less members — so checking a cluster is O(1), and clusters that no later
mention can reach are closed. The cost is O(n log n + n·open clusters), fine for hundreds of thousands of events.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby

from khabar.store.db import Backend

WINDOW = timedelta(days=7)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Mention:
    """One stored event as clustering sees it."""

    event_id: str
    article_id: str
    outlet: str | None
    source: str | None
    target: str | None
    cameo: str | None
    modality: str | None
    country: str | None
    date: str | None  # the event's own date (YYYY, YYYY-MM or YYYY-MM-DD), None when unknown or malformed
    published: date | None  # the article date

    def __post_init__(self) -> None:
        if self.date is not None and interval(self.date) is None:
            object.__setattr__(self, "date", None)  # a malformed date says nothing: treat it as unknown

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.source or "", self.target or "", (self.cameo or "")[:3], self.modality or "")


@dataclass
class Cluster:
    """An open or finished cluster: the summary used for compatibility, and its members."""

    seed: Mention
    date: str | None = None  # most precise event date of any member
    country: str | None = None
    pub_lo: date | None = None  # article-date range of members without an event date
    pub_hi: date | None = None
    members: list[Mention] = field(default_factory=list)

    @property
    def cluster_id(self) -> str:
        """Stable: the hard key plus the id of the first mention, hashed."""
        text = "\x1f".join((*self.seed.key, self.seed.event_id))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    @property
    def label_date(self) -> str | None:
        """The cluster's date: the most precise event date, else the earliest article date."""
        if self.date:
            return self.date
        known = [m.published for m in self.members if m.published]
        return min(known).isoformat() if known else None

    def add(self, m: Mention) -> None:
        self.members.append(m)
        self.country = self.country or m.country
        if m.date:
            if self.date is None or len(m.date) > len(self.date):
                self.date = m.date
        elif m.published:
            self.pub_lo = min(self.pub_lo or m.published, m.published)
            self.pub_hi = max(self.pub_hi or m.published, m.published)


@lru_cache(maxsize=65536)
def interval(value: str | None) -> tuple[date, date] | None:
    """First and last day a YYYY / YYYY-MM / YYYY-MM-DD date covers (None when unknown or malformed).

    Cached: clustering asks about the same few thousand distinct dates hundreds of thousands of times."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])  # type: ignore[arg-type]
        return date(year, month, day), date(year, month, day)  # type: ignore[arg-type]
    except ValueError:
        return None


def _near(day: date, span: tuple[date, date]) -> bool:
    """Is ``day`` within the window of the closed interval ``span``?"""
    return span[0] - WINDOW <= day <= span[1] + WINDOW


def fits(c: Cluster, m: Mention) -> bool:
    """Can mention ``m`` join cluster ``c`` (already known to share the hard key)?"""
    if c.country and m.country and c.country != m.country:
        return False
    knows_nothing = c.date is None and c.pub_lo is None
    span = interval(m.date)
    if span is None and m.published is None:
        return knows_nothing
    if knows_nothing:
        return False
    if span is not None:
        if c.date and not (c.date.startswith(m.date or "") or (m.date or "").startswith(c.date)):
            return False
        return _pubs_near(c, span)
    day = m.published
    assert day is not None  # no valid event date, so the article date is known here
    cspan = interval(c.date)
    if cspan is not None and not _near(day, cspan):
        return False
    return _pubs_near(c, (day, day))


def _pubs_near(c: Cluster, span: tuple[date, date]) -> bool:
    """Are all article dates of the cluster's date-less members within the window of ``span``?

    Checking the two ends is enough: the distance from a point to an interval is convex.
    """
    if c.pub_lo is None or c.pub_hi is None:
        return True
    return _near(c.pub_lo, span) and _near(c.pub_hi, span)


def _earliest(m: Mention) -> date:
    """The earliest day a compatible mention's window can start: the sort order and the closing rule."""
    span = interval(m.date)
    if span is not None:
        return span[0]
    return m.published - WINDOW if m.published else date.min


def _reach(c: Cluster) -> date:
    """No mention whose earliest day is after this can join ``c`` any more."""
    limits = []
    span = interval(c.date)
    if span is not None:
        limits.append(span[1])
    if c.pub_lo is not None:
        limits.append(c.pub_lo + WINDOW)
    return min(limits) if limits else date.max


def _cluster_group(mentions: list[Mention]) -> Iterator[Cluster]:
    """Greedy clustering of one hard-key group, mentions sorted by (earliest day, event id)."""
    open_: list[Cluster] = []
    for m in sorted(mentions, key=lambda m: (_earliest(m), m.event_id)):
        start = _earliest(m)
        still = [c for c in open_ if _reach(c) >= start]
        yield from (c for c in open_ if _reach(c) < start)
        open_ = still
        home = next((c for c in open_ if fits(c, m)), None)
        if home is None:
            home = Cluster(seed=m)
            open_.append(home)
        home.add(m)
    yield from open_


def cluster_mentions(mentions: Iterable[Mention]) -> list[Cluster]:
    """All clusters, in a deterministic order (hard key, then first mention)."""
    ordered = sorted(mentions, key=lambda m: m.key)
    clusters: list[Cluster] = []
    for _, group in groupby(ordered, key=lambda m: m.key):
        clusters.extend(_cluster_group(list(group)))
    return clusters


def num_sources(c: Cluster) -> int:
    """Distinct outlets; articles without an outlet count together as one unknown source."""
    return len({m.outlet for m in c.members})


_MENTIONS_SQL = (
    "SELECT e.event_id, e.article_id, a.outlet, e.source_code, e.target_code, e.cameo, e.modality, e.place_country, "
    "e.event_date, a.published FROM events e JOIN articles a ON a.article_id = e.article_id"
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
