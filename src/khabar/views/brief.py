"""A readable digest of one article, generated from its coded events (not by translating the text).

``brief(article, events, language="ar"|"en")`` gives: the title and date, then the claims grouped by who makes them
(each with its certainty in words), then the dated facts the article itself presents (chronologically), then what
the author asserts without a date. Every event appears once: attributed events under their speaker, unattributed
ones under "Dated facts" when they carry a date, else under "Asserted by the author". Names come from the lexicon
(CAMEO names, state names in English/Arabic) and from the article's own words (actor and speaker spans, triggers).
Plain text, nothing escaped; missing fields never raise.
"""

from __future__ import annotations

from typing import Any

from khabar.export._io import as_date
from khabar.export._ref import place_kind, place_row, split_actor

CERTAINTY = {
    "en": {"asserted": "asserted (stated as fact)", "negated": "negated (said not to have happened)",
           "possible": "possible (may happen)", "probable": "probable (likely)", "uncertain": "uncertain (unclear)",
           "intended": "intended (an aim)", "planned": "planned (arranged)", "suspected": "suspected",
           "doubted": "doubted (disputed)", "hypothetical": "hypothetical (only if a condition holds)"},
    "ar": {"asserted": "مؤكد (مقدَّم كواقع)", "negated": "منفي (لم يحدث)", "possible": "محتمل (قد يحدث)",
           "probable": "مرجح", "uncertain": "غير مؤكد", "intended": "مقصود (نية)", "planned": "مخطط له",
           "suspected": "مشتبه به", "doubted": "مشكوك فيه", "hypothetical": "افتراضي (مشروط)"},
}
# Arabic names of the 20 CAMEO root categories (01-20).
CAMEO_ROOTS_AR = {
    "01": "إدلاء بتصريح", "02": "مناشدة", "03": "إبداء نية التعاون", "04": "تشاور", "05": "تعاون دبلوماسي",
    "06": "تعاون مادي", "07": "تقديم مساعدة", "08": "استجابة وتنازل", "09": "تحقيق", "10": "مطالبة",
    "11": "استنكار", "12": "رفض", "13": "تهديد", "14": "احتجاج", "15": "استعراض القوة", "16": "تقليص العلاقات",
    "17": "إكراه", "18": "اعتداء", "19": "قتال", "20": "عنف جماعي غير تقليدي",
}
LABELS = {
    "en": {"untitled": "(untitled)", "date": "Date", "outlet": "Outlet", "url": "URL", "events": "Coded events",
           "claims": "Claims, by who makes them", "according": "According to", "dated": "Dated facts",
           "author": "Asserted by the author", "none": "(none)", "someone": "someone", "date_word": "date",
           "place": "place", "sep": "; "},
    "ar": {"untitled": "(بلا عنوان)", "date": "التاريخ", "outlet": "الناشر", "url": "الرابط",
           "events": "الأحداث المرمزة",
           "claims": "الادعاءات بحسب قائليها", "according": "بحسب", "dated": "وقائع مؤرخة",
           "author": "ما يقرره الكاتب", "none": "(لا شيء)", "someone": "جهة غير معروفة", "date_word": "التاريخ",
           "place": "المكان", "sep": "؛ "},
}


def _lexicon(lexicon: Any) -> Any:
    if lexicon is not None:
        return lexicon
    from khabar.lexicon.compile import load_lexicon

    return load_lexicon()


class _Namer:
    """Codes → names in one language, from the lexicon."""

    def __init__(self, lexicon: Any, language: str) -> None:
        self.lexicon = lexicon
        self.states: dict[str, dict[str, Any]] = getattr(lexicon, "states", {}) or {}
        self.cameo: dict[str, Any] = getattr(lexicon, "cameo", {}) or {}
        self.language = language

    def country(self, code: str | None) -> str:
        state = self.states.get(code or "") or {}
        if self.language == "ar":
            names = state.get("ar") or []
            return str(names[0]) if names else ""
        return str(state.get("en") or "")

    def actor(self, ref: Any, fallback: str) -> str:
        if not isinstance(ref, dict):
            return fallback
        text = str(ref.get("text") or "")
        code = str(ref.get("code") or "")
        shown_code = "" if code.startswith("---") else code  # a role-only code (---CVL) reads worse than the words
        label = text if self.language == "ar" else str(ref.get("name") or shown_code or text)
        label = label or shown_code or fallback
        country = self.country(split_actor(ref.get("code"), self.lexicon).country)
        if country and label == ref.get("code"):  # a bare code as name: the country says it better
            return country
        return f"{label} ({country})" if country and country not in label else label

    def event(self, event: dict[str, Any]) -> str:
        code = str(event.get("cameo") or "")
        if self.language == "ar":
            trigger = str((event.get("trigger") or {}).get("text") or "")
            root = CAMEO_ROOTS_AR.get(code[:2], "")
            inner = " ".join(part for part in (code, root) if part)
            return " ".join(part for part in (f"«{trigger}»" if trigger else "", f"[{inner}]" if inner else "") if part)
        info = self.cameo.get(code)
        name = str(getattr(info, "name", "") or "").replace(", not specified below", "")
        if name.isupper():
            name = name.lower()
        elif len(name) > 1 and not name[1].isupper():
            name = name[0].lower() + name[1:]
        return f"{name or 'event'} [{code}]" if code else name or "event"

    def place(self, place: Any) -> str:
        if not isinstance(place, dict):
            return ""
        country = str(place.get("country") or "")
        if place_kind(place, self.states, self.lexicon) == "country":
            return self.country(country) or str(place.get("name") or "")
        row = place_row(place, self.lexicon)
        name = (row.ar if row and row.ar else "") if self.language == "ar" else ""
        name = name or str(place.get("name") or "")
        country_name = self.country(country)
        return f"{name}, {country_name}" if country_name and country_name not in name else name


def _line(event: dict[str, Any], namer: _Namer, language: str, with_date: bool = True) -> str:
    labels = LABELS[language]
    source = namer.actor(event.get("source"), labels["someone"])
    what = namer.event(event)
    target = namer.actor(event.get("target"), "") if event.get("target") else ""
    if language == "ar":
        core = " | ".join(part for part in (source, what, target) if part)
    else:
        core = f"{source} → {target}: {what}" if target else f"{source}: {what}"
    modality = str(event.get("modality") or "")
    details = [CERTAINTY[language].get(modality, modality)] if modality else []
    if with_date and event.get("date"):
        details.append(f"{labels['date_word']} {event['date']}")
    if place := namer.place(event.get("place")):
        details.append(f"{labels['place']}: {place}")
    return f"- {core}" + (f" — {labels['sep'].join(details)}" if details else "")


def _speaker_key(event: dict[str, Any]) -> tuple[str, str]:
    speaker = (event.get("attribution") or {}).get("speaker") or {}
    return str(speaker.get("code") or ""), str(speaker.get("name") or speaker.get("text") or "")


def _speaker_header(group: list[dict[str, Any]], language: str) -> str:
    texts: list[str] = []
    verbs: list[str] = []
    for event in group:
        attribution = event.get("attribution") or {}
        text = str((attribution.get("speaker") or {}).get("text") or "")
        verb = str(attribution.get("verb") or "")
        texts += [text] if text and text not in texts else []
        verbs += [verb] if verb and verb not in verbs else []
    code, name = _speaker_key(group[0])
    joined = "، ".join(texts)
    inner = "؛ ".join(part for part in (joined, "، ".join(verbs)) if part)
    label = LABELS[language]["according"]
    if language == "ar" or not name or name == joined:
        who = joined or name or code or LABELS[language]["someone"]
        return f"{label} {who}" + (f" ({'، '.join(verbs)})" if verbs else "") + ":"
    return f"{label} {name} ({inner}):"


def _unique(lines: list[str]) -> list[str]:
    seen: set[str] = set()
    return [line for line in lines if not (line in seen or seen.add(line))]


def _header(article: dict[str, Any], events: list[dict[str, Any]], language: str) -> list[str]:
    labels = LABELS[language]
    first = events[0] if events else {}
    title = article.get("title") or first.get("title") or labels["untitled"]
    when = as_date(article.get("published") or article.get("date") or first.get("published"))
    outlet = article.get("outlet") or first.get("outlet")
    url = article.get("url") or first.get("url")
    lines = [str(title)]
    meta = [f"{labels['date']}: {when.isoformat()}" if when else "", f"{labels['outlet']}: {outlet}" if outlet else "",
            f"{labels['url']}: {url}" if url else ""]
    if any(meta):
        lines.append(" | ".join(m for m in meta if m))
    lines.append(f"{labels['events']}: {len(events)}")
    return lines


def _claims(attributed: list[dict[str, Any]], namer: _Namer, language: str) -> list[str]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for event in attributed:
        groups.setdefault(_speaker_key(event), []).append(event)
    lines: list[str] = []
    for group in groups.values():
        lines.append(_speaker_header(group, language))
        lines += ["  " + line for line in _unique([_line(e, namer, language) for e in group])]
    return lines


def brief(article: dict[str, Any] | None, events: list[dict[str, Any]], language: str = "ar",
          lexicon: Any = None) -> str:
    """The digest of one article (``article``: title, published/date, outlet, url — any may be missing; they are
    taken from the events' store metadata when absent) in Arabic (``"ar"``) or English (``"en"``)."""
    if language not in LABELS:
        raise ValueError(f"language must be 'ar' or 'en', not {language!r}")
    labels = LABELS[language]
    events = [e for e in events or [] if isinstance(e, dict)]
    namer = _Namer(_lexicon(lexicon), language)
    attributed = [e for e in events if e.get("attribution")]
    dated = sorted((e for e in events if not e.get("attribution") and e.get("date")), key=lambda e: str(e["date"]))
    author = [e for e in events if not e.get("attribution") and not e.get("date")]
    out = _header(article or {}, events, language)
    out += ["", labels["claims"], *(_claims(attributed, namer, language) or [labels["none"]])]
    dated_lines = [f"- {e['date']}: {_line(e, namer, language, with_date=False)[2:]}" for e in dated]
    out += ["", labels["dated"], *(_unique(dated_lines) or [labels["none"]])]
    out += ["", labels["author"], *(_unique([_line(e, namer, language) for e in author]) or [labels["none"]])]
    return "\n".join(out) + "\n"
