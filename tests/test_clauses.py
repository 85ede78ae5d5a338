"""Reporting frames (attribution) and modality scope."""

import pytest

from khabar.clauses.modality import modality_at, strongest
from khabar.clauses.view import frame_at


def trigger_index(view, text):
    return next(m.first for m in view.mentions if m.kind == "trigger" and m.text == text)


@pytest.mark.parametrize("sentence,trigger,label", [
    ("قد يزور الرئيس الصيني موسكو.", "يزور", "possible"),
    ("من المرجح أن تزور روسيا الصين.", "تزور", "probable"),
    ("اقترحت روسيا على الأرجح على الصين إجراء محادثات.", "اقترحت", "probable"),
    ("لم تفرض الولايات المتحدة عقوبات على إيران.", "عقوبات", "negated"),
    ("لن تزور روسيا الصين.", "تزور", "negated"),
    ("تسعى روسيا إلى شراء أسلحة من الصين.", "شراء", "intended"),
    ("من المقرر أن يزور الرئيس الصيني موسكو.", "يزور", "planned"),
    ("من غير الواضح ما إذا كانت روسيا ستهاجم أوكرانيا.", "ستهاجم", "uncertain"),
    ("إذا هاجمت روسيا أوكرانيا فإن الغرب سيرد.", "هاجمت", "hypothetical"),
    ("زارت روسيا الصين.", "زارت", "asserted"),
])
def test_clauses_modality_cues_and_scope(sentence, trigger, label, analyse):
    view = analyse(sentence)[0]
    m = next(x for x in view.mentions if (x.kind == "trigger" and trigger.endswith(x.text)) or x.text == trigger)
    assert modality_at(view, m.first)[0] == label


def test_clauses_scope_stops_at_relative_pronoun(analyse):
    view = analyse("تسعى روسيا إلى شراء ذخيرة من كوريا الشمالية لتعويض الذخائر التي استنزفتها حربها في أوكرانيا.")[0]
    assert modality_at(view, trigger_index(view, "شراء"))[0] == "intended"
    assert modality_at(view, trigger_index(view, "حرب"))[0] == "asserted"


@pytest.mark.parametrize("sentence,speaker,label", [
    ("ذكر مسؤول أمريكي أن روسيا قد تزور الصين.", "مسؤول أمريكي", "possible"),
    ("نفى الكرملين أن تكون روسيا قد هاجمت أوكرانيا.", "الكرملين", "negated"),
    ("اشتبه المسؤولون الأمريكيون في أن كوريا الشمالية تزود روسيا بالأسلحة.", "المسؤولون الأمريكيون", "suspected"),
    ("شكك محلل صيني في أن تهاجم روسيا أوكرانيا.", "محلل صيني", "doubted"),
])
def test_clauses_reporting_frames_attribute_and_qualify(sentence, speaker, label, analyse):
    view = analyse(sentence)[0]
    trig = next(m for m in view.mentions if m.kind == "trigger")
    frame = frame_at(view, trig.first)
    assert frame is not None and frame.speaker.text == speaker
    assert modality_at(view, trig.first)[0] == label


def test_clauses_continuation_verb_keeps_previous_speaker(coder):
    doc = coder.code("قال مسؤول أمريكي إن روسيا هاجمت أوكرانيا. وأضاف أن الصين قد تزور روسيا.")
    later = [e for e in doc.events if e.sentence.index == 1]
    assert later and later[0].attribution is not None and later[0].attribution.text == "مسؤول أمريكي"


def test_clauses_strength_order():
    assert strongest(["intended", "probable"]) == "probable"
    assert strongest(["possible", "suspected"]) == "suspected"
    assert strongest([]) == "asserted"


def test_argument_facts_are_remembered_only_while_events_are_found(analyse):
    """find_candidates remembers what governs each actor (and each verb's subject) in view.memo, with the mention
    itself, and forgets it all when done: the analysis before it may still change mentions."""
    from khabar.lang.ar.build import find_candidates
    from khabar.lang.ar.phrases import governed_by_prep

    view = analyse("وصل الرئيس الروسي إلى الصين وزار بكين.")[0]
    assert view.memo is None
    without = {id(a): governed_by_prep(view, a) for a in view.actors}
    assert view.memo is None and find_candidates(view) and view.memo is None
    view.memo = {}
    assert {id(a): governed_by_prep(view, a) for a in view.actors} == without
    assert all(view.memo["governing", id(a)][0] is a for a in view.actors)
