"""Arabic inflection generator used when lexicons are compiled.

Lexicon authors write one lemma (a verb's perfect and imperfect 3rd masculine singular, a noun, a nisba adjective);
every surface form the matcher needs is generated here. Forms are returned *normalized* (see text.normalize), each
with a feature tag used for subject agreement: "3ms", "3fs", "3mp", "3fp", "3d", "1", "2", "n" (noun), "adj-…".
Clitics (و ف ب ل ك س, pronoun suffixes) are not generated: the matcher accepts them around any form.
"""

from __future__ import annotations

from khabar.text.normalize import norm

Form = tuple[str, str]  # (normalized surface, feature tag)

_FINAL_WEAK = ("ي", "ا", "و")


_HAMZA = ("أ", "ء", "ئ", "ؤ")


def _past_forms(past: str) -> list[Form]:
    p = norm(past)
    if p.endswith(_FINAL_WEAK) and len(p) >= 3 and not past.strip().endswith(_HAMZA):  # بدأ is sound
        stem = p[:-1]
        glide = "و" if p.endswith("ا") and len(p) == 3 else "ي"  # دعا → دعوت ; التقى → التقيت
        return [
            (p, "3ms"),
            (stem + "ت", "3fs"),
            (stem + "وا", "3mp"),
            (stem + glide + "ا", "3d"),
            (stem + "تا", "3d"),
            (stem + glide + "ن", "3fp"),
            (stem + glide + "ت", "1"),
            (stem + glide + "نا", "1"),
            (stem + glide + "تم", "2"),
        ]
    forms = [
        (p, "3ms"),
        (p + "ت", "3fs"),
        (p + "وا", "3mp"),
        (p + "ا", "3d"),
        (p + "تا", "3d"),
        (p + "ن", "3fp"),
        (p + "نا", "1"),
        (p + "تم", "2"),
    ]
    if len(p) == 3 and p[1] == "ا":  # hollow: زار → زرت، زرنا
        short = p[0] + p[2]
        forms += [(short + "ت", "1"), (short + "نا", "1"), (short + "ن", "3fp"), (short + "تم", "2")]
    return forms


def _present_stem(present: str) -> str:
    p = norm(present)
    if p[:1] in ("ي", "ت", "ن", "ا"):
        return p[1:]
    raise ValueError(f"imperfect '{present}' must start with a person prefix (ي/ت/ن/أ)")


def _present_forms(present: str, hollow: bool = False) -> list[Form]:
    stem = _present_stem(present)
    # No first person singular (أفعل): news quotes it rarely, and it collides with perfects of form IV (أضرب، أعلن).
    persons = (("ي", "3ms"), ("ت", "3fs"), ("ن", "1"))
    forms: list[Form] = []
    if stem.endswith(_FINAL_WEAK) and len(stem) >= 3 and not present.strip().endswith(_HAMZA):
        base = stem[:-1]
        glide = stem[-1] if stem[-1] != "ا" else "ي"
        for pre, tag in persons:
            forms += [(pre + stem, tag), (pre + base, tag)]  # indicative, jussive (لم يلتق)
        forms += [
            ("ي" + base + "ون", "3mp"),
            ("ي" + base + "وا", "3mp"),
            ("ي" + base + glide + "ان", "3d"),
            ("ت" + base + glide + "ان", "3d"),
            ("ي" + base + glide + "ن", "3fp"),
            ("ت" + base + "ون", "2"),
        ]
        return forms
    for pre, tag in persons:
        forms.append((pre + stem, tag))
    forms += [
        ("ي" + stem + "ون", "3mp"),
        ("ي" + stem + "وا", "3mp"),
        ("ي" + stem + "ان", "3d"),
        ("ت" + stem + "ان", "3d"),
        ("ي" + stem + "ن", "3fp"),
        ("ت" + stem + "ون", "2"),
    ]
    if hollow and len(stem) == 3 and stem[1] in "اوي":  # hollow jussive: لم يزر، لم يكن (not أيّد/يؤيد)
        short = stem[0] + stem[2]
        forms += [("ي" + short, "3ms"), ("ت" + short, "3fs")]
    return forms


def verb_forms(past: str | None, present: str | None) -> list[Form]:
    """All perfect and imperfect forms (active voice) of a verb given its two 3ms forms."""
    forms: list[Form] = []
    if past:
        forms += [(f, "past-" + t) for f, t in _past_forms(past)]
    if present:
        p = norm(past) if past else ""
        hollow = len(p) == 3 and p[1] == "ا"  # زار/يزور، قال/يقول، كان/يكون
        forms += [(f, "pres-" + t) for f, t in _present_forms(present, hollow)]
    return _unique(forms)


def noun_forms(noun: str, plurals: list[str] | None = None) -> list[Form]:
    """Indefinite and definite forms; a ta-marbuta noun also gets its construct stem (زيارت+ه)."""
    forms: list[Form] = []
    for word, tag in [(noun, "n-s"), *((p, "n-p") for p in plurals or [])]:
        w = norm(word)
        words = w.split(" ")
        forms.append((w, tag))
        if not words[0].startswith("ال"):
            forms.append((" ".join("ال" + x for x in words), tag))
        if len(words) == 1 and w.endswith("ه"):
            forms.append((w[:-1] + "ت", tag + "-construct"))
        if not words[0].startswith("ال") and not any(x.endswith(("ه", "ا", "ء", "ات")) for x in words):
            forms.append((" ".join(x + "ا" for x in words), tag + "-acc"))  # tanween alef: هجوما، اتصالا هاتفيا
    return _unique(forms)


_COMPASS = frozenset({"جنوب", "شمال", "شرق", "غرب", "وسط"})
_ADJ_SUFFIXES = (("", "ms"), ("ه", "fs"), ("ون", "mp"), ("ين", "mp"), ("ان", "d"), ("تان", "d"), ("تين", "d"),
                 ("ات", "fp"))


def adjective_forms(base: str) -> list[Form]:
    """Nisba/participle inflection, indefinite and definite: أمريكي → أمريكية، الأمريكيون، الأمريكيتين …

    Multi-word adjectives ("كوري شمالي") inflect every word alike.
    """
    words = norm(base).split(" ")
    fixed = words[0] in _COMPASS and len(words) > 1  # جنوب أفريقي: the compass word does not inflect
    forms: list[Form] = []
    for suffix, tag in (*_ADJ_SUFFIXES, ("ا", "ms-acc")):  # فلسطينيا: indefinite accusative
        inflected = [w if fixed and k == 0 else _attach(w, suffix) for k, w in enumerate(words)]
        forms.append((" ".join(inflected), "adj-" + tag))
        definite = ["ال" + inflected[0], *inflected[1:]] if fixed else ["ال" + w for w in inflected]
        forms.append((" ".join(definite), "adj-" + tag))
    return _unique(forms)


def _attach(word: str, suffix: str) -> str:
    if word.endswith("ه") and suffix:  # ta marbuta base: only feminine endings apply
        return word[:-1] + ("ت" + suffix[1:] if suffix.startswith("ت") else suffix) if suffix != "ه" else word
    return word + suffix


def definite_forms(phrase: str) -> list[str]:
    """A fixed noun phrase with and without the article on its first word."""
    w = norm(phrase)
    return _unique_str([w, w if w.startswith("ال") else "ال" + w])


def _unique(forms: list[Form]) -> list[Form]:
    seen: set[Form] = set()
    out = []
    for f in forms:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


def _unique_str(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def noun_forms_many(nouns: list[str], plurals: list[str]) -> list[Form]:
    """Forms of several nouns sharing one plural list (the plurals belong to the entry, not to one noun)."""
    forms: list[Form] = []
    for i, noun in enumerate(nouns):
        forms += noun_forms(noun, plurals if i == 0 else None)
    if not nouns:
        for p in plurals:
            forms += [(f, "n-p" + t[3:]) for f, t in noun_forms(p)]
    return _unique(forms)
