"""GDELT 2.0 Events-style TSV: the 61 columns of the GDELT 2.0 event table, in GDELT's order, no extra columns.

What khabar knows is filled in, the rest left empty; docs/exports.md has the column-by-column mapping. Modality and
attribution have no place in GDELT's format: use the plover, csv or parquet exports for them. An actor that did not
resolve (no code) leaves its ten Actor columns empty; by default (``actors="one"``) events with neither actor resolved
are not written, since GDELT never publishes an event with both actors blank.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
from collections.abc import Iterable
from typing import Any

from khabar.export._fips import fips
from khabar.export._io import Target, as_date, clean_cell, write_tsv
from khabar.export._ref import place_kind, split_actor, states
from khabar.model import actor_resolved, check_actors, event_has_actors

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# GDELT geographic resolution codes
GEO_COUNTRY, GEO_USSTATE, GEO_USCITY, GEO_WORLDCITY, GEO_WORLDSTATE = 1, 2, 3, 4, 5


def global_event_id(event_id: str | None) -> int:
    """A 60-bit integer for a khabar event id (GDELT's GlobalEventID is an integer); the same in both TSV exports.

    >>> global_event_id("ad400332b8d7711d8f95")
    780248855215961873
    """
    text = event_id or ""
    head = text[:15]
    if head and all(ch in string.hexdigits for ch in head):
        return int(head, 16)
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def event_day(event: dict[str, Any]) -> dt.date | None:
    """The event's own date, else the article's; a month-only date is the 1st of the month, a year-only 1 January.

    >>> event_day({"date": "2023-10", "published": "2023-09-05"})
    datetime.date(2023, 10, 1)
    >>> event_day({"date": None, "published": "2023-09-05"})
    datetime.date(2023, 9, 5)
    """
    raw = event.get("date")
    if isinstance(raw, str) and raw[:4].isdigit():
        parts = [int(p) for p in raw.split("-")[:3] if p.isdigit()]
        try:
            return dt.date(parts[0], *[*parts[1:], 1, 1][:2])
        except (ValueError, IndexError):
            pass
    return as_date(event.get("published"))


def stamp(added: dt.datetime | None) -> str:
    """GDELT's YYYYMMDDHHMMSS timestamp; default: now (UTC) rounded down to GDELT's 15-minute update."""
    if added is None:
        now = dt.datetime.now(dt.UTC)
        added = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return added.strftime("%Y%m%d%H%M%S")


def _num(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _dates(day: dt.date | None) -> list[str]:
    if day is None:
        return ["", "", "", ""]
    fraction = day.year + (day.month * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _actor(actor: dict[str, Any] | None, lexicon: Any = None) -> list[str]:
    if not actor_resolved(actor):  # no actor, or a span the coder could not code: GDELT leaves the actor blank
        return [""] * len(_ACTOR)
    assert actor is not None
    parts = split_actor(actor.get("code"), lexicon)
    types = [*parts.types[:3], "", "", ""][:3]
    name = str(actor.get("name") or "").upper()
    return [parts.code, name, parts.country, parts.known_group, "", "", "", *types]


def geo_country(place: dict[str, Any]) -> str:
    """FIPS 10-4 code of a place's country; FIPS splits Palestine into the Gaza Strip (GZ) and the West Bank (WE)."""
    country = str(place.get("country") or "")
    lon = place.get("lon")
    if country == "PSE" and isinstance(lon, int | float) and lon < 34.6:
        return "GZ"
    return fips(country)


def _geo_type(kind: str, country: str) -> int:
    if kind == "country":
        return GEO_COUNTRY
    if kind in ("governorate", "region"):
        return GEO_USSTATE if country == "USA" else GEO_WORLDSTATE
    return GEO_USCITY if country == "USA" else GEO_WORLDCITY


def geo(place: dict[str, Any] | None, table: dict[str, dict[str, Any]], lexicon: Any = None) -> list[str]:
    """The 8 GDELT geography cells of a place (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long,
    FeatureID); country codes are FIPS 10-4 as in GDELT, FeatureID a GeoNames id (GDELT: GNS/GNIS)."""
    if not place:
        return [""] * len(_GEO)
    country = str(place.get("country") or "")
    kind = place_kind(place, table, lexicon)
    country_name = str(table.get(country, {}).get("en") or "")
    name = str(place.get("name") or "")
    if kind == "country":
        full, feature = country_name or name, geo_country(place)
    else:
        full = f"{name}, {country_name}" if country_name and name and name != country_name else name or country_name
        feature = _num(place.get("geonames_id"))
    adm1 = geo_country(place) if kind == "country" else ""
    return [str(_geo_type(kind, country)), full, geo_country(place), adm1, "", _num(place.get("lat")),
            _num(place.get("lon")), feature]


def gdelt_row(event: dict[str, Any], table: dict[str, dict[str, Any]], added: str,
              lexicon: Any = None) -> list[str]:
    """The 61 GDELT cells of one event (as strings)."""
    cameo = str(event.get("cameo") or "")
    sentence = event.get("sentence") or {}
    row = [str(global_event_id(event.get("event_id"))), *_dates(event_day(event)),
           *_actor(event.get("source"), lexicon), *_actor(event.get("target"), lexicon),
           "1" if sentence.get("index") == 0 else "0", cameo, cameo[:3], cameo[:2],
           _num(event.get("quad_class")), _num(event.get("goldstein")),
           _num(event.get("num_mentions") or 1), _num(event.get("num_sources") or 1),
           _num(event.get("num_articles") or 1), "",
           *geo(None, table), *geo(None, table), *geo(event.get("place"), table, lexicon),
           added, str(event.get("url") or "")]
    return [clean_cell(cell) for cell in row]


def write_gdelt(events: Iterable[dict[str, Any]], out: Target, *, header: bool = False,
                added: dt.datetime | None = None, lexicon: Any = None, actors: str = "one") -> int:
    """Write GDELT 2.0 Events-style TSV (61 columns, no header unless ``header=True``); returns the event count.

    ``added`` is the DATEADDED timestamp (default: now, UTC, on a 15-minute boundary); ``lexicon`` supplies country
    names and centroids, role codes and gazetteer rows (default: the packaged lexicon; a coder's, with overlays).
    ``actors`` (``khabar.filter_events``): ``one`` (default, as GDELT) skips events with neither actor resolved,
    ``both`` keeps only dyadic events, ``any`` writes every event.
    """
    table = states(lexicon)
    when = stamp(added)
    wanted = check_actors(actors)
    rows = (gdelt_row(event, table, when, lexicon) for event in events if event_has_actors(event, wanted))
    return write_tsv(out, GDELT_COLUMNS, rows, header=header)
