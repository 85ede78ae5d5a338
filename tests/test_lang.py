"""Languages as plug-ins (khabar.lang): the registry, and one Coder loop that any language's components run in."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SEGMENTATION

from khabar import Coder
from khabar.clauses.view import SentenceView
from khabar.events.candidate import Candidate
from khabar.lang import CODED_LANGUAGES, REGISTRY, Language, get_language
from khabar.model import Mention
from khabar.text.segment import split_sentences


def test_registry_names_arabic_and_english_and_is_read_only():
    assert CODED_LANGUAGES == {"ar", "en"}
    assert get_language("ar").code == "ar" and get_language("en").code == "en"
    with pytest.raises(TypeError):
        REGISTRY["xx"] = "somewhere"  # type: ignore[index]


def test_unknown_language_names_the_coded_ones():
    with pytest.raises(KeyError, match="ar, en"):
        get_language("fr")


def _toy_language() -> Language:
    """A language whose only event word is BOOM (an explosion, CAMEO 183): everything else is the shared loop's."""

    def analyse(sentence, resources, discourse, previous, dates):
        return SentenceView(sentence, [], resources)

    def candidates(view, resources):
        for tok in view.sentence.tokens:
            if tok.text == "BOOM":
                trigger = Mention("trigger", tok.start, tok.end, tok.text, tok.index, tok.index, "xx#boom")
                yield Candidate(trigger, {}, "xx#boom", "183", [], [], "asserted", None, None,
                                rules=["xx#boom → 183"], clause_end=view.sentence.end)

    return Language("xx", lambda lexicon, overlays: lexicon, lambda text, res: split_sentences(text, SEGMENTATION),
                    lambda article_date: None, analyse, candidates)


def test_a_new_language_plugs_into_the_one_loop():
    coder = Coder(languages={"xx": _toy_language()})
    doc = coder.code("Quiet morning. BOOM on 5 March 2023 near the port.", date=date(2023, 3, 6), language="xx")
    assert [(e.cameo, e.trigger_text, e.sentence.index) for e in doc.events] == [("183", "BOOM", 1)]
    event = doc.events[0]
    assert event.date == "2023-03-05"  # dated by the shared date stage, not by the toy language
    assert event.plover_type == "ASSAULT" and event.goldstein < 0  # the shared ontology fills the codes
    assert "xx" in coder.languages and "xx" not in Coder().languages  # plugged into one coder only


def test_events_are_immutable_and_hashable():
    doc = Coder().code("أدانت مصر الغارات الإسرائيلية على غزة.", date=date(2024, 3, 12))
    event = doc.events[0]
    assert hash(event) == hash(event) and len({event, event}) == 1
    with pytest.raises(AttributeError):
        event.cameo = "010"  # type: ignore[misc]
    doc.sentences[event.sentence.index].mentions.clear()  # the working sentence can change; the event cannot
    assert event.sentence.text == doc.sentences[event.sentence.index].text
