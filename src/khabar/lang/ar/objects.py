"""A verb's object that changes its code: the entry's ``objects`` (تعزيز التحالفات، توسيع التعاون، قدم تعازيه)."""

from __future__ import annotations

import re
from functools import lru_cache

from khabar.clauses.view import SentenceView
from khabar.events.candidate import is_verb
from khabar.lang.ar.nouns import POSSESSIVE
from khabar.model import Mention
from khabar.text.normalize import norm


def object_code(view: SentenceView, trig: Mention, entry: dict) -> tuple[str | None, int | None, str]:
    """An `objects` override from the verb's object: (code, token index, pronoun suffix).

    The object is looked for in the three words after the verb and its subject (قدم الرئيس الصيني يوم الثلاثاء
    تعازيه), with clitics, the article, the accusative alef and a possessive pronoun taken off."""
    listed = entry.get("objects")
    if not listed:
        return None, None, ""
    objects, inside = _objects_index(tuple(listed.items()))
    i = trig.last + 1
    while (subject := view.by_token.get(i)) is not None and subject.kind == "actor":
        i = subject.last + 1  # VSO subjects, coordinated ones too: تبادلت القوات الهندية والباكستانية إطلاق النار
    for k in range(i, min(i + 4, len(view.sentence.tokens))):
        m = view.by_token.get(k)
        if m is not None and (m.kind == "actor" or (m.kind == "trigger" and is_verb(m))):
            break
        word = view.norm(k)
        found = _object_key(word, objects) if inside.search(word) else None
        if found is not None:
            return objects[found[0]], k, found[1]
    return None, None, ""


@lru_cache(maxsize=256)
def _objects_index(listed: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern[str]]:
    """An entry's ``objects`` by their matching form (not to be changed: it is shared), and a pattern finding any of
    them inside a word. Every object _object_key can find is written inside the word (تعزيته: the construct state
    ت for ة), so a word the pattern does not find is passed over without trying its clitics and suffixes."""
    objects = {norm(k): v for k, v in listed}
    inside = (*objects, *(k[:-1] + "ت" for k in objects if k.endswith("ه")))
    return objects, re.compile("|".join(re.escape(stem) for stem in inside))


def _object_key(word: str, objects: dict[str, str]) -> tuple[str, str] | None:
    for clitic in ("", "وب", "ب", "ل", "و", "ف"):
        if not word.startswith(clitic):
            continue
        bare = word[len(clitic):]
        bare = bare[2:] if clitic == "ل" and bare.startswith("ل") else bare.removeprefix("ال")
        for suffix in ("", "ا", *POSSESSIVE):
            stem = bare[: len(bare) - len(suffix)] if suffix else bare
            if suffix and not bare.endswith(suffix):
                continue
            if stem in objects:
                return stem, suffix if suffix != "ا" else ""
            if stem.endswith("ت") and stem[:-1] + "ه" in objects:  # construct state of ة nouns: تعزيته
                return stem[:-1] + "ه", suffix
    return None
