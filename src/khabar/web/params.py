"""Typed, validated query parameters shared by the pages and the JSON API.

Filters mirror ``khabar events``. Empty strings (blank form fields) mean "no filter". Dates must be YYYY, YYYY-MM or
YYYY-MM-DD and real (2023-02-30 → 422). Values travel to the store as SQL parameters, never as SQL text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query

MODALITIES = ("asserted", "negated", "possible", "probable", "uncertain", "intended", "planned", "suspected",
              "doubted", "hypothetical")
SORTS = ("date", "source", "target", "cameo", "goldstein", "modality")
DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
MAX_LIMIT = 1000
MAX_EXPORT = 200_000
MAX_OFFSET = 10_000_000  # a larger offset is a 422, never an integer overflow in the database

Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(max_length=40, description="Actor code prefix (USA, PRKGOV)")]
DateParam = Annotated[str | None, Query(max_length=10, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def check_date(value: str | None, name: str) -> str | None:
    """``value`` if it is a real date of any precision (or blank → None); else HTTP 422."""
    if not value:
        return None
    from khabar.store.queries import date_bound

    try:
        date_bound(value, end=False)
        date_bound(value, end=True)
    except ValueError:
        raise HTTPException(422, f"{name}: not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from None
    return value


@dataclass
class EventQuery:
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    cameo: str | None = None
    root: str | None = None
    plover: str | None = None
    modality: list[str] | None = None
    attributed_to: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    asserted_only: bool = False
    actors: str = "any"  # any | one | both (khabar.filter_events); "any" is the default and adds no condition
    article_id: str | None = None  # the events of one article (its page links here)
    language: str | None = None  # ar | en: events read in that language

    def store_filters(self) -> dict[str, Any]:
        """Keyword filters for ``store.events``."""
        out = {k: v for k, v in asdict(self).items()
               if v not in (None, "", []) and k != "asserted_only" and (k, v) != ("actors", "any")}
        if self.asserted_only:
            out["modality"] = ["asserted"]
        return out

    def params(self) -> dict[str, Any]:
        """The query string that reproduces this filter (for links and downloads)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "", [], False) and (k, v) != ("actors", "any")}


def event_query(
    actor: Code = None, source: Code = None, target: Code = None,
    country: Annotated[str | None, Query(max_length=3, pattern=r"^[A-Za-z]{0,3}$")] = None,
    cameo: Annotated[str | None, Query(max_length=4, pattern=r"^\d{0,4}$")] = None,
    root: Annotated[str | None, Query(max_length=2, pattern=r"^\d{0,2}$")] = None,
    plover: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z_]*$")] = None,
    modality: Annotated[list[Literal[MODALITIES] | Literal[""]] | None, Query()] = None,  # type: ignore[valid-type]
    attributed_to: Text = None, since: DateParam = None, until: DateParam = None, text: Text = None,
    asserted_only: bool = False,
    actors: Annotated[Literal["any", "one", "both", ""], Query(
        description="any: every event; one: source or target resolved (as GDELT); both: dyadic (as ICEWS)")] = "any",
    article_id: Annotated[str | None, Query(max_length=500, description="Events of one article")] = None,
    language: Annotated[str | None, Query(max_length=3, pattern=r"^[a-z]{0,3}$",
                                          description="Events read in this language (ar, en)")] = None,
) -> EventQuery:
    """FastAPI dependency: the event filters of a request."""
    mods = [m for m in modality or [] if m]
    return EventQuery(actor=actor or None, source=source or None, target=target or None, country=country or None,
                      cameo=cameo or None, root=root or None, plover=plover or None, modality=mods or None,
                      attributed_to=attributed_to or None, since=check_date(since, "since"),
                      until=check_date(until, "until"), text=text or None, asserted_only=asserted_only,
                      actors=actors or "any", article_id=article_id or None, language=language or None)


def _sort_key(sort: str) -> Any:
    def code(e: dict[str, Any], side: str) -> str:
        return str((e.get(side) or {}).get("code") or "")

    keys = {
        "date": lambda e: str(e.get("date") or e.get("published") or ""),
        "source": lambda e: code(e, "source"),
        "target": lambda e: code(e, "target"),
        "cameo": lambda e: str(e.get("cameo") or ""),
        "goldstein": lambda e: float(e.get("goldstein") or 0.0),
        "modality": lambda e: str(e.get("modality") or ""),
    }
    return keys[sort]


def page_events(store: Any, query: EventQuery, limit: int, offset: int, sort: str | None = None,
                order: str = "asc") -> tuple[list[dict[str, Any]], bool]:
    """One page of filtered events and whether more follow. Without ``sort`` the store's order (article date, then
    position in the article) is used and only the page is read; other orders sort the filtered set in Python."""
    filters = query.store_filters()
    if not sort:
        rows = store.events(limit=limit + 1, offset=offset, **filters)
        return rows[:limit], len(rows) > limit
    rows = store.events(limit=MAX_EXPORT, **filters)
    rows.sort(key=_sort_key(sort), reverse=order == "desc")
    return rows[offset:offset + limit], len(rows) > offset + limit
