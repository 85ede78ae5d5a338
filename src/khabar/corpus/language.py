"""The language of the synthetic corpus: actors, event verbs with their forms, sentence templates, agreement.

Verbs name their entry in ``ar/verbs.yaml`` (the tests check that the forms match the lexicon); templates cover
VSO/SVO clauses, reporting frames, modality cues, compound targets, nominal events, dates and places.
"""

from __future__ import annotations

import random
import re
from datetime import date
from typing import NamedTuple


class Actor(NamedTuple):
    text: str  # the noun phrase as written
    gender: str  # "m" | "f": verb agreement
    country: str  # ISO 3166 alpha-3
    state: str  # the country's Arabic name


class Verb(NamedTuple):
    id: str  # the entry in ar/verbs.yaml
    past: str  # 3ms perfect
    present: str  # 3ms imperfect
    jussive: str  # 3ms jussive (after لم)
    noun: str  # verbal noun
    prep: str  # how the target is introduced: "" = direct object
    nprep: str  # how the verbal noun takes the target: "" = idafa
    tail: str = ""  # complement after the target


VERBS = (
    Verb("visit", "زار", "يزور", "يزر", "زيارة", "", ""),
    Verb("meet", "التقى", "يلتقي", "يلتق", "لقاء", "", ""),
    Verb("criticize", "انتقد", "ينتقد", "ينتقد", "انتقاد", "", ""),
    Verb("accuse", "اتهم", "يتهم", "يتهم", "اتهام", "", "", " بانتهاك الاتفاقات السابقة"),
    Verb("warn", "حذر", "يحذر", "يحذر", "تحذير", "", "", " من مغبة التصعيد"),
    Verb("threaten", "هدد", "يهدد", "يهدد", "تهديد", "", "", " بالرد على أي اعتداء"),
    Verb("attack", "هاجم", "يهاجم", "يهاجم", "هجوم", "", "على"),
    Verb("bomb", "قصف", "يقصف", "يقصف", "قصف", "", "", " بالصواريخ"),
    Verb("support", "دعم", "يدعم", "يدعم", "دعم", "", ""),
    Verb("praise", "أشاد", "يشيد", "يشد", "إشادة", "ب", "ب"),
    Verb("condemn", "أدان", "يدين", "يدن", "إدانة", "", ""),
    Verb("call_on", "دعا", "يدعو", "يدع", "دعوة", "", "", " إلى ضبط النفس"),
    Verb("demand", "طالب", "يطالب", "يطالب", "مطالبة", "", "", " بالانسحاب الفوري"),
    Verb("cooperate", "تعاون", "يتعاون", "يتعاون", "تعاون", "مع", "مع"),
)


class Template(NamedTuple):
    pattern: str
    needs: str = ""  # "p": the subject must be a person


_T = Template
#: Sentence templates. {S} subject, {T} target, {T2} a third actor, {TS} the target's state, {P} a capital,
#: {spk} a speaker; {v} {vp} {vj} {vf} the event verb (past, present, jussive, future) agreeing with {S};
#: {obj} the target as the verb takes it, {obj2} a compound target, {noun} {nobj} the verbal noun and its target;
#: {when} {fwhen} past and future time expressions; [فعل] and [[يفعل]] any verb made to agree with {S}.
TEMPLATES = (
    _T("{v} {S} {obj}{tail} {when} في {P}."),  # the lead: one story, told again by other outlets
    _T("{S} {v} {obj}{tail} {when}."),
    _T("قال {spk} إن {S} {v} {obj}{tail}."),
    _T("ذكرت وكالة الأنباء الرسمية أن {S} {v} {obj}{tail} {when}."),
    _T("أفاد مصدر دبلوماسي بأن {S} {v} {obj}{tail}."),
    _T("نفى {spk} أن {S} {v} {obj}{tail}."),
    _T("اشتبه مسؤولون غربيون في أن {S} {v} {obj}{tail}."),
    _T("شكك {spk} في أن {S} {vp} {obj}{tail}."),
    _T("قد {vp} {S} {obj}{tail} {fwhen}."),
    _T("من المرجح أن {vp} {S} {obj}{tail} {fwhen}."),
    _T("{S} [[يسعى]] إلى {noun} {nobj}."),
    _T("من المقرر أن {vp} {S} {obj}{tail} {fwhen}."),
    _T("لم {vj} {S} {obj}{tail} حتى الآن."),
    _T("لن {vp} {S} {obj}{tail}، بحسب {spk}."),
    _T("إذا {v} {S} {obj}{tail} فإن المنطقة ستدخل مرحلة خطيرة."),
    _T("{v} {S} {obj2}{tail} {when}."),
    _T("{S} {v} {obj2}{tail} في {P}."),
    _T("وبحسب {spk}، فإن {S} {v} {obj}{tail} {when}."),
    _T("وأكد {spk} أن {S} {vf} {obj}{tail} {fwhen}."),
    _T("وتوقع محللون أن {vp} {S} {obj}{tail}."),
    _T("ومن غير الواضح ما إذا [كان] {S} {vf} {obj}{tail}."),
    _T("وصل {S} إلى {P} في زيارة رسمية يلتقي خلالها عددا من كبار المسؤولين.", "p"),
    _T("بدأ {S} زيارة رسمية إلى {TS} تستمر يومين.", "p"),
    _T("[عقد] {S} قمة مع {T} في {P} {when}.", "p"),
    _T("[شن] {S} هجوما على {TS} {when}."),
    _T("[فرض] {S} عقوبات جديدة على {T} {when}."),
    _T("[أعلن] {S} فرض عقوبات على {T}، في خطوة تهدف إلى زيادة الضغط."),
    _T("[أجرى] {S} اتصالا هاتفيا مع {T} {when}، [بحث] خلاله العلاقات الثنائية."),
    _T("[أدان] {S} الهجوم الذي استهدف {TS} {when}."),
    _T("التقى {S} في {P} {T} {when}.", "p"),
    _T("[وقع] {S} و{T} اتفاقية للتعاون الاقتصادي {when}."),
    _T("استقبل {S} في {P} {T}.", "p"),
    _T("وقال {spk}: «إن {S} {vf} {obj}{tail}»."),
    _T("من المقرر أن [[يعقد]] {S} قمة مع {T} في {P} {fwhen}."),
    _T("[اتهم] {S} {T} بدعم الإرهاب وزعزعة استقرار المنطقة."),
    _T("وتأتي هذه التطورات بعد {noun} {S} {nobjl} {when}."),
    _T("وتشهد المنطقة توترا متزايدا منذ أشهر."),
    _T("ولم يصدر أي تعليق رسمي حتى الآن."),
    _T("وتأتي هذه الخطوة في ظل ظروف اقتصادية صعبة."),
    _T("ويرى مراقبون أن الأزمة مرشحة لمزيد من التصعيد خلال الفترة المقبلة."),
    _T("وتتابع الأوساط السياسية في {P} التطورات عن كثب."),
)
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
          "ديسمبر")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_FUTURE = ("الأسبوع المقبل", "خلال الأيام المقبلة", "الشهر المقبل", "")
_AGREE = re.compile(r"\[\[(\w+)\]\]|\[(\w+)\]")


def render_sentence(rng: random.Random, template: Template, source: Actor, target: Actor, verb: Verb, day: date,
                    published: date, extras: dict[str, Actor]) -> str:
    """Fill ``template``; the event happened on ``day``, told in an article of ``published``."""
    f = source.gender == "f"
    third = extras["third"].text
    obj2 = f"كلا من {target.text} و{third}" if not verb.prep else f"{_attach(verb.prep, target.text)} و{third}"
    values = {
        "S": source.text, "T": target.text, "T2": third, "TS": target.state, "P": extras["place"].text,
        "spk": extras["speaker"].text, "v": _past(verb.past, f), "vp": _present(verb.present, f),
        "vj": _present(verb.jussive, f), "vf": "س" + _present(verb.present, f), "obj": _attach(verb.prep, target.text),
        "obj2": obj2, "tail": verb.tail, "noun": verb.noun, "nobj": _attach(verb.nprep, target.text),
        "nobjl": _attach(verb.nprep or "ل", target.text), "when": _when(rng, day, published),
        "fwhen": rng.choice(_FUTURE) or f"في {MONTHS[rng.randrange(12)]} المقبل",
    }
    text = _AGREE.sub(lambda m: _present(m[1], f) if m[1] else _past(m[2], f), template.pattern)
    text = re.sub(r" +", " ", text.format(**values))
    return text.replace(" .", ".").replace(" ،", "،").replace(" »", "»")


def title_for(source: Actor, target: Actor, verb: Verb) -> str:
    """A headline: subject, present verb, target."""
    return f"{source.text} {_present(verb.present, source.gender == 'f')} {_attach(verb.prep, target.text)}"


def _past(verb: str, feminine: bool) -> str:
    if not feminine:
        return verb
    return verb[:-1] + "ت" if verb.endswith(("ى", "ا")) else verb + "ت"


def _present(verb: str, feminine: bool) -> str:
    return "ت" + verb[1:] if feminine and verb.startswith("ي") else verb


def _attach(prep: str, phrase: str) -> str:
    """Join a preposition to its noun phrase: ب and ل are clitics (ل + ال → لل)."""
    if prep == "ل":
        return "لل" + phrase[2:] if phrase.startswith("ال") else "ل" + phrase
    if prep == "ب":
        return "ب" + phrase
    return f"{prep} {phrase}" if prep else phrase


def _when(rng: random.Random, day: date, published: date) -> str:
    """A time expression for ``day`` as written in an article of ``published``."""
    delta = (published - day).days
    explicit = f"في {day.day} {MONTHS[day.month - 1]} {day.year}"
    if delta == 0:
        return rng.choice(("اليوم", f"يوم {WEEKDAYS[day.weekday()]}", explicit))
    if delta == 1:
        return rng.choice(("أمس", "يوم أمس", explicit))
    if delta < 7:
        return rng.choice((f"يوم {WEEKDAYS[day.weekday()]}", explicit))
    if published.year - day.year == 1 and delta > 300:
        return rng.choice(("العام الماضي", f"في {MONTHS[day.month - 1]} {day.year}"))
    return rng.choice((explicit, f"في {MONTHS[day.month - 1]} {day.year}"))
