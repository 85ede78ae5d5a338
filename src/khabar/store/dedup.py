"""Cross-article deduplication: which stored events are one real-world event (GDELT-style clusters).

Two mentions can be one event when they share the hard key — source code, target code, CAMEO base (first three
digits) and modality (so "may visit" never joins "visited") — and are compatible:

* place country: equal, or unknown on either side;
* dates (docs/store-api.md): known dates must agree at the coarser precision (same day when both have days; a
  month-only date fits any day of that month; a year fits its year); a mention without an event date must have its
  article date within 7 days of the other's date (or, when both lack event dates, of the other's article date); a
  mention with neither an event nor an article date only joins others that know nothing either.

Unanchored events need positive evidence. A side is *anchored* when its code names a country or organization; no
actor (None), an empty code and a role-only code (``---CVL`` civilians, ``---UAF`` gunmen: the role without a country)
are not. When either side of the hard key is unanchored, the key says little ("someone bombed something") and two
unrelated bombings in one week would share it, so a mention joins such a cluster only when it is compatible as above,
names no place that conflicts with the cluster's place (different geonames id, or different place name when either
lacks one), and shares with some member of the cluster at least one of:

* the same article (two sentences of one report telling one happening);
* the same known place (equal geonames ids when both have one, else equal place names) on the same day — a mention's
  day is its event date when given to the day, else its article date when it has no event date at all, and a day
  taken from an article date may differ by one (the next morning's report) — but all the place days of one cluster
  lie within two consecutive days, so reports cannot chain a cluster across a week;
* the same place country and the same event date, both given to the day.

Otherwise it starts its own cluster. Events whose two sides are both anchored (the hard key is the dyad) need no
evidence: the hard key and compatibility decide alone. ``actor_resolved`` (khabar.model) still counts role-only codes
as actors for the actors filter; the stricter rule here is only about what may be merged.

Compatibility is not transitive (an unknown country fits both RUS and CHE), so the result depends on an order. To be
deterministic and fast, each hard-key group is sorted by the earliest day a mention can be (then event id), and
every mention joins the first open cluster it fits. A cluster keeps a summary — its most precise date, its country,
the article-date range of its date-less members and, for the evidence, its place, articles and the days of its
members (with the place; with the country) — so checking a cluster is O(1), and clusters that no later
mention can reach are closed. The cost is O(n log n + n·open clusters), fine for hundreds of thousands of events.
"""

from __future__ import annotations

import calendar
import hashlib
import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby

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
    place_name: str | None = None
    geonames_id: int | None = None

    def __post_init__(self) -> None:
        if self.date is not None and interval(self.date) is None:
            object.__setattr__(self, "date", None)  # a malformed date says nothing: treat it as unknown

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.source or "", self.target or "", (self.cameo or "")[:3], self.modality or "")

    @property
    def anchored(self) -> bool:
        """Are both sides actors that pin the event down (not None, not empty, not role-only like ``---CVL``)?"""
        return anchored(self.source) and anchored(self.target)

    @property
    def place(self) -> tuple[int | None, str] | None:
        """The known place (geonames id, normalized name) for :func:`same_place`; None when unknown."""
        name = " ".join((self.place_name or "").casefold().split())
        if self.geonames_id is None and not name:
            return None
        return (self.geonames_id, name)

    @property
    def day(self) -> tuple[date, bool] | None:
        """The day the mention is about and whether it is exact (an event date to the day) or taken from the
        article date (only when there is no event date at all); None for month/year-only or unknown dates."""
        if self.date is None:
            return (self.published, False) if self.published else None
        span = interval(self.date)
        return (span[0], True) if span is not None and span[0] == span[1] else None


def same_place(a: tuple[int | None, str], b: tuple[int | None, str]) -> bool:
    """Equal geonames ids when both have one, else equal (normalized) names."""
    if a[0] is not None and b[0] is not None:
        return a[0] == b[0]
    return bool(a[1]) and a[1] == b[1]


def anchored(code: str | None) -> bool:
    """A code that names a country or organization: not None, not empty, not role-only (``---CVL``, ``---UAF``)."""
    return bool(code) and not (code or "").startswith("---")


@dataclass
class Cluster:
    """An open or finished cluster: the summary used for compatibility, and its members."""

    seed: Mention
    date: str | None = None  # most precise event date of any member
    country: str | None = None
    pub_lo: date | None = None  # article-date range of members without an event date
    pub_hi: date | None = None
    members: list[Mention] = field(default_factory=list)
    # evidence for unanchored keys (see the module docstring), filled for every cluster but only read for those
    place: tuple[int | None, str] | None = None  # the first place a member names (a conflicting place never joins)
    articles: set[str] = field(default_factory=set)
    place_days: set[tuple[date, bool]] = field(default_factory=set)  # days of members naming ``place``
    place_lo: date | None = None  # their range
    place_hi: date | None = None
    country_days: set[tuple[str, date]] = field(default_factory=set)  # (country, exact event day) of members

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
        self.articles.add(m.article_id)
        place, day = m.place, m.day
        if place is not None and (self.place is None or self.place[0] is None):
            self.place = place if self.place is None else (place[0], self.place[1])  # learn the id of a named place
        if place is not None and day is not None:
            self.place_days.add(day)
            self.place_lo = min(self.place_lo or day[0], day[0])
            self.place_hi = max(self.place_hi or day[0], day[0])
        if m.country and day is not None and day[1]:
            self.country_days.add((m.country, day[0]))
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
    if not _compatible(c, m):
        return False
    return m.anchored or _evidence(c, m)


def _evidence(c: Cluster, m: Mention) -> bool:
    """Positive evidence that an unanchored mention tells the same happening as some member of ``c``."""
    place = m.place
    here = place is not None and c.place is not None and same_place(place, c.place)
    if place is not None and c.place is not None and not here:
        return False  # another place: another happening, even within one article
    if m.article_id in c.articles:
        return True
    day = m.day
    if day is None:
        return False
    if here and c.place_lo is not None and c.place_hi is not None:
        # the place days of the cluster and this one span at most two consecutive days (no chaining across a week);
        # two exact event days are equal here already (compatibility), so only a day from an article date is one off
        if max(c.place_hi, day[0]) - min(c.place_lo, day[0]) <= timedelta(days=1):
            return True
    return bool(day[1] and m.country and (m.country, day[0]) in c.country_days)


def _compatible(c: Cluster, m: Mention) -> bool:
    """The country and date rules every mention must meet, anchored or not."""
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
    ordered = sorted(mentions, key=lambda m: (_earliest(m), m.event_id))
    if ordered and not ordered[0].anchored:  # the key decides, so the whole group is unanchored
        return iter(_greedy_indexed(ordered))
    return _greedy(ordered)


def _greedy(ordered: list[Mention]) -> Iterator[Cluster]:
    """First fit over the open clusters, in the order they were opened."""
    open_: list[Cluster] = []
    for m in ordered:
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


def _greedy_indexed(ordered: list[Mention]) -> list[Cluster]:
    """The same first fit for an unanchored group, without scanning every open cluster.

    Unanchored groups have many open clusters (most actor-less events stay alone), so scanning them all is quadratic.
    A cluster can only take a mention that shares an article, a place day (±1: the cluster's place name, and its
    geonames id once known) or a country day with it, so clusters are filed under those and only the candidates filed
    under the mention's keys are checked, oldest first: the result equals
    :func:`_greedy` (clusters in the order they were opened). Closed clusters are dropped lazily (their reach only
    shrinks, so a heap of possibly stale reaches closes them no earlier than due).
    """
    clusters: list[Cluster] = []
    open_: set[int] = set()
    index: dict[tuple[object, ...], list[int]] = {}  # evidence key -> clusters (by number) that have it
    indexed: list[set[tuple[object, ...]]] = []  # the keys each cluster is filed under
    reaches: list[tuple[date, int]] = []
    one = timedelta(days=1)
    for m in ordered:
        start = _earliest(m)
        while reaches and reaches[0][0] < start:
            _, n = heapq.heappop(reaches)
            if n in open_:
                reach = _reach(clusters[n])
                if reach < start:
                    open_.discard(n)
                else:
                    heapq.heappush(reaches, (reach, n))
        keys: list[tuple[object, ...]] = [("article", m.article_id)]
        day, place = m.day, m.place
        if day is not None:
            if place is not None:
                near = (day[0] - one, day[0], day[0] + one)
                keys += [("name", place[1], d) for d in near]
                if place[0] is not None:
                    keys += [("geonames", place[0], d) for d in near]
            if day[1] and m.country:
                keys.append(("country", m.country, day[0]))
        candidates = sorted({n for k in keys for n in index.get(k, ()) if n in open_})
        home = next((n for n in candidates if fits(clusters[n], m)), None)
        if home is None:
            home = len(clusters)
            clusters.append(Cluster(seed=m))
            indexed.append(set())
            open_.add(home)
        c = clusters[home]
        c.add(m)
        heapq.heappush(reaches, (_reach(c), home))
        mine: list[tuple[object, ...]] = [("article", m.article_id)]
        if day is not None and day[1] and m.country:
            mine.append(("country", m.country, day[0]))
        if c.place is not None:  # every place day under the cluster's place (whose id may just have been learned)
            mine += [("name", c.place[1], d) for d, _ in c.place_days]
            if c.place[0] is not None:
                mine += [("geonames", c.place[0], d) for d, _ in c.place_days]
        for k in mine:
            if k not in indexed[home]:
                indexed[home].add(k)
                index.setdefault(k, []).append(home)
    return clusters


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
