"""The article brief: claims grouped by speaker with certainty in words, dated facts, author assertions."""

from __future__ import annotations

import datetime as dt

import pytest

import khabar
from khabar.views import brief

TEXT = ("قال مسؤول أمريكي إن زعيم كوريا الشمالية كيم جونغ أون قد يسافر إلى روسيا الشهر المقبل. "
        "وزار الرئيس الصيني موسكو في 12 مارس 2023 والتقى الرئيس الروسي. "
        "وأدانت وزارة الخارجية السعودية الهجوم الإسرائيلي على غزة. "
        "ورجح محللون أن تفرض الولايات المتحدة عقوبات جديدة على إيران.")
ARTICLE = {"title": "كيم قد يزور روسيا", "published": dt.date(2023, 9, 5), "outlet": "وكالة", "url": "https://x/1"}


@pytest.fixture(scope="module")
def events() -> list[dict]:
    doc = khabar.code_text(TEXT, date="2023-09-05")
    meta = {"outlet": ARTICLE["outlet"], "url": ARTICLE["url"], "published": ARTICLE["published"],
            "title": ARTICLE["title"], "cluster_id": None}
    return [e.to_dict() | meta for e in doc.events]


def _section(text: str, title: str, titles: tuple[str, ...]) -> str:
    start = text.index("\n" + title + "\n") + len(title) + 2
    ends = [text.index("\n" + t + "\n", start) for t in titles if ("\n" + t + "\n") in text[start:]]
    return text[start:min(ends)] if ends else text[start:]


def test_brief_english_claims_by_speaker_with_modality(events, lexicon):
    out = brief(ARTICLE, events, "en", lexicon=lexicon)
    assert out.splitlines()[0] == ARTICLE["title"] and "Date: 2023-09-05" in out
    claims = _section(out, "Claims, by who makes them", ("Dated facts",))
    assert "According to United States official (مسؤول أمريكي" in claims
    assert "Kim Jong Un (North Korea) → Russia: make a visit [042] — possible" in claims
    assert "According to analyst (محللون" in claims and "probable" in claims


def test_brief_arabic_claims_by_speaker_with_modality(events, lexicon):
    out = brief(ARTICLE, events, "ar", lexicon=lexicon)
    assert out.splitlines()[0] == ARTICLE["title"] and "التاريخ: 2023-09-05" in out
    claims = _section(out, "الادعاءات بحسب قائليها", ("وقائع مؤرخة",))
    assert "بحسب مسؤول أمريكي" in claims
    line = next(line for line in claims.splitlines() if "«يسافر»" in line)
    assert "كيم جونغ أون (كوريا الشمالية)" in line and "روسيا" in line and "محتمل" in line
    assert "بحسب محللون" in claims and "مرجح" in claims


def test_brief_lists_dated_facts(events, lexicon):
    en = brief(ARTICLE, events, "en", lexicon=lexicon)
    dated = _section(en, "Dated facts", ("Asserted by the author",))
    assert "- 2023-03-12: China president → Russia: make a visit [042] — asserted" in dated
    assert "2023-10" not in dated  # an attributed claim is not one of the article's own dated facts
    ar = brief(ARTICLE, events, "ar", lexicon=lexicon)
    assert "- 2023-03-12: " in _section(ar, "وقائع مؤرخة", ("ما يقرره الكاتب",))


def test_brief_author_assertions(events, lexicon):
    out = brief(ARTICLE, events, "en", lexicon=lexicon)
    author = _section(out, "Asserted by the author", ())
    assert "Saudi Arabia foreign ministry → Israel: " in author and "asserted (stated as fact)" in author
    assert "place: Gaza, Palestine" in author
    assert "Kim Jong Un" not in author  # each event is listed once, under its speaker


def test_brief_never_crashes_on_missing_fields(lexicon):
    assert "(untitled)" in brief({}, [], "en", lexicon=lexicon)
    assert "(بلا عنوان)" in brief(None, [], "ar", lexicon=lexicon)
    odd = [{}, {"cameo": "999", "source": None, "attribution": {"speaker": None}, "date": "2023"},
           {"attribution": {}, "modality": "weird", "place": {"name": None}, "target": {"code": None}}]
    for language in ("ar", "en"):
        assert brief({"title": None}, odd, language, lexicon=lexicon).endswith("\n")


def test_brief_rejects_unknown_language(events, lexicon):
    with pytest.raises(ValueError, match="language"):
        brief(ARTICLE, events, "fr", lexicon=lexicon)


def test_brief_events_without_resolved_actors(events, lexicon):
    base = next(e for e in events if (e["source"] or {}).get("code") == "SAUGOV" or e["cameo"] == "111")
    civilians = {"code": "---CVL", "text": "مدنيين", "start": 0, "end": 6, "name": None}
    odd = [base | {"event_id": "1", "source": None},
           base | {"event_id": "2", "source": None, "target": None, "cameo": "180"},
           base | {"event_id": "3", "source": civilians, "target": None, "cameo": "145"},
           base | {"event_id": "4", "source": {"code": None, "text": "مسلحون", "start": 0, "end": 6}, "target": None,
                   "cameo": "190"}]
    en = brief(ARTICLE, odd, "en", lexicon=lexicon)
    author = _section(en, "Asserted by the author", ())
    assert "None" not in en and "---" not in en  # no "None", and a role-only code shows the article's words
    assert "- someone → Israel: " in author  # a missing source is "someone"; the known target is kept
    assert "- someone: " in author and "- مدنيين: " in author and "- مسلحون: " in author
    ar = brief(ARTICLE, odd, "ar", lexicon=lexicon)
    assert "None" not in ar and "- جهة غير معروفة | «" in ar and "- مدنيين | «" in ar
    assert "Coded events: 4" in en  # every event the text reports is in the brief
