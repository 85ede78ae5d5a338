"""A synthetic Arabic news corpus for ingest tests and benchmarks, composed from the packaged lexicons.

Articles (3-12 sentences) are built from real states (names, demonyms, capitals), leaders with their titles at
the article date (from ``people.yaml``), agents (armies, ministries, governments) and event verbs from
``verbs.yaml``, through sentence templates of many constructions: VSO and SVO clauses, reporting frames
(قال/ذكر/أفاد/نفى/اشتبه/شكك + إن/أن), modality cues (قد، من المرجح، يسعى، من المقرر، لم، لن، إذا), compound
targets, nominal events (زيارة، قمة، هجوم، عقوبات), dates (أمس، العام الماضي، في يناير 2020) and places
(في + capital). Some articles retell an earlier story (same actors, event and date) from another outlet, for
cross-article deduplication. Output is deterministic for a seed.

Files: mostly ``.txt`` (some in Windows-1256, UTF-16 or with a BOM and CRLF), and ``.jsonl``, ``.csv``, ``.html``
and ``.rss`` files; ``broken`` extra files under ``broken/`` are deliberately unreadable (see
:func:`expected_failures`). ``generate(n)`` always holds exactly ``n`` valid, distinct articles.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from khabar.corpus.language import TEMPLATES, VERBS, Actor, Verb, render_sentence, title_for

__all__ = ["BROKEN_KINDS", "expected_failures", "generate", "write_corpus"]

COUNTRIES = ("USA RUS CHN FRA GBR DEU IRN ISR TUR EGY SAU ARE QAT JOR LBN SYR IRQ YEM UKR PSE DZA MAR TUN LBY "
             "SDN KWT OMN BHR PAK IND JPN KOR PRK").split()
OUTLETS = (("aljazeera", "الجزيرة"), ("alarabiya", "العربية"), ("skynews", "سكاي نيوز عربية"),
           ("bbcarabic", "بي بي سي عربي"), ("asharq", "الشرق الأوسط"), ("ahram", "الأهرام"),
           ("anadolu", "وكالة الأناضول"), ("france24", "فرانس 24"), ("rtarabic", "آر تي عربي"),
           ("independent", "إندبندنت عربية"))
#: (format, weight, articles per file): mostly plain text, the rest in multi-article and markup formats.
FORMATS = (("txt", 70, (1, 1)), ("jsonl", 10, (2, 8)), ("csv", 8, (2, 6)), ("html", 7, (1, 1)), ("rss", 5, (3, 6)))
#: Broken file kinds, in the order ``broken=k`` uses them (cycled when k is larger).
BROKEN_KINDS = ("empty", "binary", "undecodable", "bad_jsonl_line", "csv_no_text", "whitespace", "html_no_text",
                "bad_json", "rss_garbage", "jsonl_no_text")
_MASCULINE = frozenset({"IRQ", "JOR", "LBN", "MAR", "SDN", "YEM"})  # أعلن العراق, but أعلنت مصر
_REPEAT_SHARE = 0.12  # share of articles that retell an earlier story from another outlet
_FIRST_DAY, _DAYS = date(2015, 1, 1), 3650


@dataclass(frozen=True, slots=True)
class _Article:
    text: str
    title: str
    outlet: tuple[str, str]
    published: date
    number: int


@dataclass(frozen=True, slots=True)
class _Story:
    """The lead event of an article, reusable by another outlet's article on the same event."""

    source: Actor
    target: Actor
    verb: Verb
    day: date
    place: Actor


def generate(n_articles: int, *, seed: int = 0, broken: int = 0) -> list[tuple[str, bytes]]:
    """``(relative file name, content)`` pairs holding ``n_articles`` valid articles plus ``broken`` bad files."""
    rng = random.Random(seed)
    cast = _cast()
    articles: list[_Article] = []
    stories: list[_Story] = []
    texts: set[str] = set()
    while len(articles) < n_articles:
        article = _article(rng, cast, stories, len(articles))
        if article.text not in texts:  # every article distinct: counts in tests are exact
            texts.add(article.text)
            articles.append(article)
    reserved = [articles.pop() for _ in range(2 * _count_kind(broken, "bad_jsonl_line")) if articles]
    files = _files(rng, articles)
    files += _broken_files(rng, broken, reserved)
    return files


def write_corpus(directory: str | Path, n: int, seed: int = 0, broken: int = 0) -> list[Path]:
    """Write :func:`generate`'s files under ``directory``; returns their paths."""
    root = Path(directory)
    paths = []
    for name, content in generate(n, seed=seed, broken=broken):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(path)
    return paths


def expected_failures(broken: int) -> list[str]:
    """The ``source_path`` suffixes (relative names, ``file:line`` for records) that ``broken`` files fail with."""
    out = []
    for i in range(broken):
        kind = BROKEN_KINDS[i % len(BROKEN_KINDS)]
        name = _broken_name(i, kind)
        out.append({"bad_jsonl_line": f"{name}:2", "jsonl_no_text": f"{name}:1"}.get(kind, name))
    return out


# ---------------------------------------------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class _Cast:
    states: dict[str, dict]
    leaders: dict[str, list[tuple[str, str, str, str | None]]]  # country -> (name, Arabic title, from, to)


@lru_cache(maxsize=1)
def _cast() -> _Cast:
    from khabar.lexicon.compile import load_lexicon

    lexicon = load_lexicon()  # the packaged lexicon's states and people
    states = {code: s for code, s in lexicon.states.items() if code in COUNTRIES}
    leaders: dict[str, list[tuple[str, str, str, str | None]]] = {c: [] for c in states}
    for person in lexicon.people.values():
        for role in person["roles"]:
            title = _arabic_title(role["title"])
            country = role["code"][:3]
            if title and role["code"] == f"{country}GOV" and country in states:
                leaders[country].append((person["ar"][0], title, str(role["from"]), role["to"] and str(role["to"])))
    return _Cast(states, leaders)


_TITLES = ((r"President of ", "الرئيس"), (r"Prime Minister of ", "رئيس الوزراء"),
           (r"Chancellor of Germany", "المستشار"),
           (r"(Foreign Minister of |US Secretary of State|UK Foreign Secretary)", "وزير الخارجية"),
           (r"(Defence Minister of |US Secretary of Defense|UK Defence Secretary)", "وزير الدفاع"),
           (r"Crown Prince of ", "ولي العهد"))


def _arabic_title(english: str) -> str | None:
    return next((ar for pattern, ar in _TITLES if re.match(pattern, english)), None)


def _actor(rng: random.Random, cast: _Cast, country: str, day: date, *, person: bool = False) -> Actor:
    """A way of naming ``country`` or one of its agents: the state, its capital, a leader, an institution."""
    state = cast.states[country]
    demonym = state["demonym"][0]
    iso = day.isoformat()
    leaders = [(n, t) for n, t, start, end in cast.leaders[country] if start <= iso and (end is None or iso < end)]
    kinds = ["leader"] * 3 if leaders else []
    if not person:
        kinds += ["state"] * 4 + ["capital"] * bool(state["capital"]) + ["agent"] * 2
    kinds += ["minister"]
    kind = rng.choice(kinds)
    if kind == "leader":
        name, title = rng.choice(leaders)
        return Actor(f"{title} {_definite(demonym)} {name}", "m", country, state["ar"][0])
    if kind == "state":
        return Actor(state["ar"][0], "m" if country in _MASCULINE else "f", country, state["ar"][0])
    if kind == "capital":
        return Actor(state["capital"][0], "f", country, state["ar"][0])
    if kind == "minister":
        minister = rng.choice(("وزير الخارجية", "وزير الدفاع"))
        return Actor(f"{minister} {_definite(demonym)}", "m", country, state["ar"][0])
    head, gender = rng.choice((("الجيش", "m"), ("الحكومة", "f"), ("وزارة الخارجية", "f"), ("القوات", "f")))
    return Actor(f"{head} {_definite(demonym, feminine=gender == 'f')}", gender, country, state["ar"][0])


def _definite(demonym: str, *, feminine: bool = False) -> str:
    """أمريكي → الأمريكي (الأمريكية); كوري شمالي → الكوري الشمالي."""
    return " ".join("ال" + w + ("ة" if feminine else "") for w in demonym.split())


def _article(rng: random.Random, cast: _Cast, stories: list[_Story], number: int) -> _Article:
    outlet = rng.choice(OUTLETS)
    if stories and rng.random() < _REPEAT_SHARE:
        story = rng.choice(stories)
        published = story.day + timedelta(days=rng.choice((0, 0, 1)))
    else:
        published = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
        a, b = rng.sample(sorted(cast.states), 2)
        story = _Story(_actor(rng, cast, a, published), _actor(rng, cast, b, published), rng.choice(VERBS),
                       published, _extras(rng, cast, published)["place"])
        stories.append(story)
    extras = {**_extras(rng, cast, published), "place": story.place}
    lead = render_sentence(rng, TEMPLATES[0], story.source, story.target, story.verb, story.day, published, extras)
    sentences = [lead]
    cast_codes = [story.source.country, story.target.country, *rng.sample(sorted(cast.states), 2)]
    for _ in range(rng.randint(2, 11)):
        sentences.append(_sentence(rng, cast, cast_codes, published))
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    return _Article("\n\n".join(paragraphs), title_for(story.source, story.target, story.verb), outlet, published,
                    number)


def _sentence(rng: random.Random, cast: _Cast, codes: list[str], published: date) -> str:
    a, b = rng.sample(codes, 2)
    template = rng.choice(TEMPLATES[1:])
    source = _actor(rng, cast, a, published, person="p" in template.needs)
    target = _actor(rng, cast, b, published)
    day = published - timedelta(days=rng.choice((0, 1, 1, 2, 7, 30, 365)))
    return render_sentence(rng, template, source, target, rng.choice(VERBS), day, published,
                           extras=_extras(rng, cast, published))


def _extras(rng: random.Random, cast: _Cast, published: date) -> dict[str, Actor]:
    """A third actor, a speaker and a place, for templates that need them."""
    third, speaker_country = rng.sample(sorted(cast.states), 2)
    capitals = [c for c in sorted(cast.states) if cast.states[c]["capital"]]
    where = cast.states[rng.choice(capitals)]
    return {"third": _actor(rng, cast, third, published),
            "speaker": _actor(rng, cast, speaker_country, published, person=True),
            "place": Actor(where["capital"][0], "f", where["code"], where["ar"][0])}


# ---------------------------------------------------------------------------------------------------- files


def _files(rng: random.Random, articles: list[_Article]) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    i = 0
    while i < len(articles):
        fmt, _weight, (lo, hi) = rng.choices(FORMATS, weights=[f[1] for f in FORMATS])[0]
        group = articles[i:i + rng.randint(lo, hi)]
        i += len(group)
        first = group[0]
        folder = f"{first.outlet[0]}/{first.published.year}"
        name = f"{folder}/{first.number:05d}.{fmt}"
        files.append((name, _ENCODERS[fmt](rng, group)))
    return files


def _txt(rng: random.Random, group: list[_Article]) -> bytes:
    text = group[0].text
    roll = rng.random()
    if roll < 0.05:
        return text.encode("cp1256")
    if roll < 0.07:
        return text.encode("utf-16")
    if roll < 0.10:
        return text.replace("\n", "\r\n").encode("utf-8-sig")
    return text.encode("utf-8")


def _record(article: _Article, rng: random.Random) -> dict[str, str]:
    record = {"title": article.title, "date": article.published.isoformat(), "text": article.text,
              "url": f"https://{article.outlet[0]}.example/news/{article.number}", "source": article.outlet[1]}
    if rng.random() < 0.3:
        record["id"] = f"{article.outlet[0]}-{article.number}"
    return record


def _jsonl(rng: random.Random, group: list[_Article]) -> bytes:
    lines = [json.dumps(_record(a, rng), ensure_ascii=rng.random() < 0.2) for a in group]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(rng: random.Random, group: list[_Article]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "date", "source", "url", "title", "text"], extrasaction="ignore")
    writer.writeheader()
    for article in group:
        writer.writerow({"id": "", **_record(article, rng)})
    return out.getvalue().encode("utf-8")


def _html(rng: random.Random, group: list[_Article]) -> bytes:
    from html import escape

    a = group[0]
    body = "".join(f"<p>{escape(p)}</p>" for p in a.text.split("\n\n"))
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(a.title)}</title>'
            f'<meta property="og:site_name" content="{escape(a.outlet[1])}">'
            f'<meta property="article:published_time" content="{a.published.isoformat()}T09:00:00+03:00"></head>'
            f'<body><nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/sport">رياضة</a></nav>'
            f"<article><h1>{escape(a.title)}</h1>{body}</article>"
            f"<footer>جميع الحقوق محفوظة لموقع {escape(a.outlet[1])} اشترك في النشرة البريدية</footer>"
            f"</body></html>").encode()


def _rss(rng: random.Random, group: list[_Article]) -> bytes:
    from email.utils import format_datetime
    from html import escape

    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>https://{a.outlet[0]}.example/news/{a.number}</link>"
        f"<pubDate>{format_datetime(datetime(*a.published.timetuple()[:3], 12, tzinfo=UTC))}</pubDate>"
        f"<description>{escape(''.join(f'<p>{p}</p>' for p in a.text.split(chr(10) * 2)))}</description></item>"
        for a in group)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(group[0].outlet[1])}'
            f"</title><link>https://{group[0].outlet[0]}.example/</link>{items}</channel></rss>").encode()


_ENCODERS = {"txt": _txt, "jsonl": _jsonl, "csv": _csv, "html": _html, "rss": _rss}


# ---------------------------------------------------------------------------------------------------- broken


def _count_kind(broken: int, kind: str) -> int:
    return sum(1 for i in range(broken) if BROKEN_KINDS[i % len(BROKEN_KINDS)] == kind)


def _broken_name(i: int, kind: str) -> str:
    ext = {"bad_jsonl_line": "jsonl", "jsonl_no_text": "jsonl", "csv_no_text": "csv", "html_no_text": "html",
           "bad_json": "json", "rss_garbage": "rss"}.get(kind, "txt")
    return f"broken/{i:03d}-{kind}.{ext}"


def _broken_files(rng: random.Random, broken: int, reserved: list[_Article]) -> list[tuple[str, bytes]]:
    files = []
    for i in range(broken):
        kind = BROKEN_KINDS[i % len(BROKEN_KINDS)]
        if kind == "bad_jsonl_line":
            good = [json.dumps(_record(reserved.pop(), rng), ensure_ascii=False) for _ in range(2) if reserved]
            content = "\n".join([good[0], '{"text": "قال الرئيس", "title": ', *good[1:]]).encode("utf-8")
        else:
            content = _BROKEN_CONTENT[kind]
        files.append((_broken_name(i, kind), content))
    return files


_BROKEN_CONTENT = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    # UTF-8 Arabic, UTF-16 code units and Latin-1 bytes mixed: no encoding decodes it (E105)
    "undecodable": ("خبر عاجل ".encode() + "نص".encode("utf-16-le") + b"\xe9\xe8") * 20,
    "csv_no_text": "title,date,body\nعنوان,2023-01-01,نص الخبر\n".encode(),
    "whitespace": b" \n\t\r\n  \n",
    "html_no_text": b"<html><head><title></title></head><body><script>var x = 1;</script></body></html>",
    "bad_json": b'[{"text": "x",',
    "rss_garbage": b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
    "jsonl_no_text": '{"title": "خبر بلا نص", "date": "2023-01-01"}\n'.encode(),
}
