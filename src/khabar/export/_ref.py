"""Reference data the exporters and the brief share: actor-code parts, role codes, place kinds, PLOVER contexts.

All of it comes from a compiled lexicon: the one passed in (a coder's, with its overlays) or the packaged one
(``load_lexicon()``); tables derived from a lexicon are built once per lexicon version. Nothing here touches the
network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khabar.lexicon.compile import load_lexicon

# CAMEO's international / non-state "country-position" codes: they take the place of a country code.
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"})


_DERIVED: dict[tuple[str, str], Any] = {}  # (table, lexicon version) → table: lexicons are immutable


def _derived(name: str, lexicon: Any, build: Any) -> Any:
    lexicon = lexicon if lexicon is not None else load_lexicon()
    key = (name, lexicon.version)
    if key not in _DERIVED:
        _DERIVED[key] = build(lexicon)
    return _DERIVED[key]


def role_codes(lexicon: Any = None) -> frozenset[str]:
    """The CAMEO role codes listed in ontology/roles.yaml (GOV, MIL, SPY, …), overlays included."""
    return _derived("roles", lexicon, lambda lx: frozenset(lx.roles))


@dataclass(frozen=True, slots=True)
class ActorParts:
    """A CAMEO-style actor code split the way GDELT splits it."""

    code: str  # the code as GDELT would write it: khabar's code without a leading "---" (unknown country)
    country: str  # 3-letter country code, "" for IGOs/NGOs/unknown
    known_group: str  # e.g. "UNO" in IGOUNO, "IRC" in NGOIRC
    types: tuple[str, ...]  # role/type codes in order: IGO, GOV, MIL, REB, …


def split_actor(code: str | None, lexicon: Any = None) -> ActorParts:
    """Split ``USAGOV`` → country USA + type GOV; ``IGOUNO`` → type IGO + known group UNO.

    >>> split_actor("USAGOV")
    ActorParts(code='USAGOV', country='USA', known_group='', types=('GOV',))
    >>> split_actor("IGOUNO")
    ActorParts(code='IGOUNO', country='', known_group='UNO', types=('IGO',))
    >>> split_actor("---EDU")
    ActorParts(code='EDU', country='', known_group='', types=('EDU',))
    """
    code = (code or "").strip().upper()
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    roles = role_codes(lexicon)
    country = ""
    if parts and parts[0] == "---":
        parts = parts[1:]
    elif parts and parts[0] not in INTERNATIONAL and parts[0] not in roles:
        country = parts.pop(0)
    group, types = "", []
    for part in parts:
        if part in INTERNATIONAL or part in roles or group:
            types.append(part)
        else:
            group = part
    return ActorParts(code.removeprefix("---"), country, group, tuple(types))


@dataclass(frozen=True, slots=True)
class PlaceRow:
    geonames_id: int | None
    name_en: str
    ar: str  # display form
    country: str
    kind: str  # city | governorate | region | other


def _places(lexicon: Any = None) -> tuple[dict[int, PlaceRow], dict[tuple[str, str], PlaceRow]]:
    return _derived("places", lexicon, _place_tables)  # type: ignore[no-any-return]


def _place_tables(lexicon: Any) -> tuple[dict[int, PlaceRow], dict[tuple[str, str], PlaceRow]]:
    by_id: dict[int, PlaceRow] = {}
    by_name: dict[tuple[str, str], PlaceRow] = {}
    for rec in lexicon.places:
        gid = rec["geonames_id"]
        row = PlaceRow(gid, rec["name_en"], (rec.get("ar") or "").split("|")[0], rec.get("country") or "",
                       rec.get("kind") or "")
        if gid is not None:
            by_id.setdefault(gid, row)
        by_name.setdefault((row.name_en, row.country), row)
    return by_id, by_name


def place_row(place: dict[str, Any], lexicon: Any = None) -> PlaceRow | None:
    """The gazetteer row of an event's place (by geonames id, else English name + country), if any."""
    by_id, by_name = _places(lexicon)
    gid = place.get("geonames_id")
    if isinstance(gid, int) and gid in by_id:
        return by_id[gid]
    return by_name.get((str(place.get("name") or ""), str(place.get("country") or "")))


def place_kind(place: dict[str, Any], states: dict[str, dict[str, Any]], lexicon: Any = None) -> str:
    """country | city | governorate | region | other, or "" when unknown."""
    state = states.get(str(place.get("country") or ""))
    gid = place.get("geonames_id")
    if state and gid is not None and gid == state.get("geonames_id"):
        return "country"
    row = place_row(place, lexicon)
    if row is not None:
        return row.kind
    if state and (place.get("lat"), place.get("lon")) == (state.get("lat"), state.get("lon")):
        return "country"
    return ""


def _contexts(lexicon: Any = None) -> dict[str, tuple[str, ...]]:
    return _derived("contexts", lexicon,  # type: ignore[no-any-return]
                    lambda lx: {code: info.plover_contexts for code, info in lx.cameo.items()})


def plover_contexts(cameo: str | None, lexicon: Any = None) -> list[str]:
    """PLOVER contexts of a CAMEO code from the ontology (its own, else its base code's).

    >>> plover_contexts("0312")
    ['military']
    """
    table = _contexts(lexicon)
    code = cameo or ""
    while code:
        if table.get(code):
            return list(table[code])
        code = code[:-1] if len(code) > 3 else ""
    return []


def states(lexicon: Any = None) -> dict[str, dict[str, Any]]:
    """The lexicon's states table (``code → {en, ar, lat, lon, geonames_id, …}``)."""
    if lexicon is None:
        lexicon = load_lexicon()
    table: dict[str, dict[str, Any]] = lexicon.states
    return table
