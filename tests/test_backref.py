"""A reaction naming an act only by a definite event noun takes the doer the article told before as its target
(khabar.events.backref), in both languages; with no such act told, or an indefinite noun, nothing is invented."""

from __future__ import annotations

from datetime import date

import pytest

from khabar import Coder
from khabar.events.backref import ActMemory, kind_of
from khabar.events.candidate import Basis, Candidate, basis_of
from khabar.lexicon.compile import Surface
from khabar.model import Actor, Mention

ON = date(2024, 5, 20)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def _reactions(coder: Coder, text: str) -> list[tuple[str | None, str, str | None]]:
    """The events of the text's last sentence: the reaction (the acts it may refer to come before it)."""
    doc = coder.code(text, date=ON)
    last = doc.sentences[-1].index
    return [(e.source.actor.code if e.source else None, e.cameo, e.target.actor.code if e.target else None)
            for e in doc.events if e.sentence.index == last]


# ---------------------------------------------------------------------------------------------- English


def test_a_condemnation_of_the_strikes_told_before_targets_who_struck(coder):
    text = "Russian missiles struck Kyiv overnight, killing three people. Poland condemned the attack on Monday."
    assert any(src == "POL" and cameo == "111" and (tgt or "").startswith("RUS")
               for src, cameo, tgt in _reactions(coder, text))


def test_a_welcome_of_this_agreement_targets_those_who_made_it(coder):
    text = "Ethiopia signed a peace agreement with Eritrea in Asmara on Monday. Kenya welcomed this agreement."
    reactions = _reactions(coder, text)
    assert reactions and all(src == "KEN" and tgt == "ETH" for src, _, tgt in reactions)


def test_the_act_must_be_of_the_nouns_kind(coder):
    # a visit was told, not an attack: "the attack" refers to nothing the article told
    text = "The Iranian foreign minister visited Damascus on Sunday. Jordan condemned the attack."
    assert _reactions(coder, text) == []


def test_an_indefinite_event_noun_refers_to_no_act_in_particular(coder):
    text = "Israeli jets bombed Gaza on Friday. Egypt condemned attacks on civilians."
    assert all(tgt != "ISRMIL" for _, _, tgt in _reactions(coder, text))


def test_the_reacting_party_is_not_its_own_target(coder):
    # Egypt's own strikes: the only act told is Egypt's, so Egypt condemning "the strikes" gets no target
    text = "Egyptian jets struck Libya on Friday. Egypt condemned the strikes."
    assert all(tgt is None or not tgt.startswith("EGY") for _, _, tgt in _reactions(coder, text))


def test_the_latest_act_of_the_kind_is_the_one_referred_to(coder):
    text = ("Syrian forces shelled Idlib on Monday. Turkish drones struck Qamishli on Tuesday. "
            "Iraq condemned the strikes.")
    assert ("IRQ", "111", "TURMIL") in _reactions(coder, text)


def test_the_rule_says_where_the_target_came_from(coder):
    doc = coder.code("Israeli warplanes struck Gaza on Friday. Egypt condemned the strikes.", date=ON)
    reaction = next(e for e in doc.events if e.cameo.startswith("11"))
    assert any("told before" in r for r in reaction.rules)
    assert reaction.target is not None and reaction.target.start < doc.sentences[1].start  # the earlier sentence
    assert reaction.confidence <= 0.7


# ---------------------------------------------------------------------------------------------- Arabic


def test_arabic_condemnation_of_the_raids_targets_who_raided(coder):
    text = "شنت طائرات إسرائيلية غارات عنيفة على جنوب لبنان فجر اليوم. وأدانت قطر الغارات في بيان."
    assert ("QAT", "111", "ISR") in _reactions(coder, text)


def test_arabic_demonstrative_makes_the_noun_refer_back(coder):
    text = "قصفت القوات الروسية مدينة خاركيف يوم الأحد. وأدانت فرنسا هذا القصف بشدة."
    reactions = _reactions(coder, text)
    assert reactions and reactions[0][0] == "FRA" and (reactions[0][2] or "").startswith("RUS")


def test_arabic_reaction_with_no_act_told_is_not_coded(coder):
    assert _reactions(coder, "وأدانت قطر الغارات في بيان.") == []


# ---------------------------------------------------------------------------------------------- the memory


def _mention(text: str, start: int, code: str | None = None, cameo: str | None = None) -> Mention:
    if cameo is not None:
        surface = Surface("trigger", "test", "noun", "", {"cameo": cameo})
        return Mention("trigger", start, start + len(text), text, 0, 0, "test", None, [surface])
    return Mention("actor", start, start + len(text), text, 0, 0, "test", Actor(code))


def _candidate(cameo: str, source: Mention | None, at: int, modality: str = "asserted",
               about: Mention | None = None) -> Candidate:
    trigger = _mention("act", at, cameo=cameo)
    return Candidate(trigger, {}, "test", cameo, [source] if source else [], [], modality, None, None, [],
                     about=about, about_needed=about is not None)


def test_kinds_join_all_hostile_roots():
    assert kind_of("195") == kind_of("183") == kind_of("202") == "hostile"
    assert kind_of("111") == "11" and kind_of("042") == "04"


def test_memory_skips_denied_acts_and_those_after_the_noun():
    memory = ActMemory()
    memory.note(_candidate("190", _mention("Russia", 0, "RUS"), 5, modality="negated"))
    noun = _mention("attack", 40, cameo="190")
    late = _candidate("190", _mention("Ukraine", 60, "UKR"), 70)  # told after the noun: not what it refers to
    reaction = _candidate("111", _mention("Poland", 30, "POL"), 35, about=noun)
    kept = memory.keep([reaction, late])
    assert kept == [late]  # the reaction found no act before its noun, so it is dropped


def test_memory_resolves_with_an_evidence_rule():
    memory = ActMemory()
    doer = _mention("Russian forces", 0, "RUSMIL")
    memory.note(_candidate("193", doer, 15))
    reaction = _candidate("111", _mention("Poland", 50, "POL"), 57, about=_mention("shelling", 70, cameo="190"))
    assert memory.keep([reaction]) == [reaction]
    assert reaction.targets == [doer]
    assert basis_of(reaction.rules[-1]) is Basis.EARLIER_ACT


def test_memory_is_bounded():
    memory = ActMemory()
    for i in range(100):
        memory.note(_candidate("190", _mention("X", i, "RUS"), i))
    assert len(memory.acts) <= 32


def test_memory_carries_acts_across_windows_in_article_offsets():
    memory = ActMemory(offset=1000)  # a first window starting at article offset 1000
    doer = _mention("Russian forces", 10, "RUSMIL")
    memory.note(_candidate("193", doer, 25))
    memory.offset = 5000  # the next window: its own offsets start at 0 again
    reaction = _candidate("111", _mention("Poland", 3, "POL"), 10, about=_mention("shelling", 20, cameo="190"))
    assert memory.keep([reaction]) == [reaction]
    [target] = reaction.targets
    assert (target.start + 5000, target.end + 5000) == (1010, 1024)  # where the doer stands in the article
    assert (doer.start, doer.end) == (10, 24)  # the earlier window's mention is left as it was


# ---------------------------------------------------------------------------------------------- relative clauses


@pytest.mark.parametrize("text,source,target", [
    ("Egypt condemned the attack that Israeli forces launched on Jenin.", "EGY", "ISR"),
    ("Jordan condemned the strikes which Russia carried out in Idlib.", "JOR", "RUS"),
    ("وأدانت مصر الهجوم الذي نفذه الجيش الإسرائيلي على مخيم جنين.", "EGY", "ISR"),
    ("ورحبت الجامعة العربية بالاتفاق الذي وقعته الحكومة السودانية مع المتمردين.", "IGOARL", "SDN"),
])
def test_a_relative_clause_after_the_event_noun_names_its_doer(coder, text, source, target):
    reactions = [r for r in _reactions(coder, text) if r[1][:2] in ("05", "11")]
    assert any(s == source and (t or "").startswith(target) for s, _, t in reactions), reactions


def test_a_relative_clause_on_an_event_noun_has_no_actor_as_subject(coder):
    # "that" stands for the strikes: Egypt, the actor before them, killed nobody
    text = "Israeli jets struck Gaza. Egypt condemned the strikes that killed ten people."
    assert all(not (s or "").startswith("EGY") for s, cameo, _ in _reactions(coder, text) if cameo[:2] in ("18", "19"))
