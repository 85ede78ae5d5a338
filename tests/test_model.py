"""khabar.model: the actors filter (which events name their source and/or target), on Events and event dicts."""

from __future__ import annotations

import pytest

import khabar
from khabar.model import (
    Actor,
    ActorRef,
    Document,
    Event,
    Sentence,
    Token,
    actor_resolved,
    event_has_actors,
    filter_events,
)

SENTENCE = Sentence(0, 0, 52, "قتل ثلاثة مدنيين في هجوم بطائرة مسيرة قرب الحدود أمس.")


def ref(code: str | None, text: str = "x") -> ActorRef:
    return ActorRef(Actor(code), text, 0, len(text))


def event(n: int, source: ActorRef | None, target: ActorRef | None) -> Event:
    return Event(event_id=f"e{n}", article_id="a", language="ar", sentence=SENTENCE, trigger_text="قتل",
                 trigger_start=0, trigger_end=3, source=source, target=target, cameo="190", goldstein=-10.0,
                 quad_class=4, plover_type="ASSAULT", plover_mode=None, modality="asserted", attribution=None,
                 date=None, place=None, rules=("test",), confidence=0.5)


EVENTS = {
    "dyad": event(0, ref("ISRMIL"), ref("LBN")),
    "source_only": event(1, ref("ISRMIL"), None),
    "target_only": event(2, None, ref("---CVL", "مدنيين")),
    "generic_pair": event(3, ref("---UAF"), ref("---CVL")),
    "uncoded_span": event(4, ref(None, "مسلحون"), None),
    "empty_code": event(5, ref(""), ref(None)),
    "neither": event(6, None, None),
}
EXPECTED = {
    "any": list(EVENTS),
    "one": ["dyad", "source_only", "target_only", "generic_pair"],
    "both": ["dyad", "generic_pair"],
}


def names(events: list) -> list[str]:
    ids = {e.event_id if isinstance(e, Event) else e["event_id"]: k for k, e in EVENTS.items()}
    return [ids[e.event_id if isinstance(e, Event) else e["event_id"]] for e in events]


def test_model_actor_resolved_rule() -> None:
    assert actor_resolved(ref("---CVL")) and actor_resolved({"code": "---UAF"})
    assert not actor_resolved(None) and not actor_resolved(ref(None)) and not actor_resolved(ref(""))
    assert not actor_resolved({"code": None, "text": "مسلحون"}) and not actor_resolved({})


@pytest.mark.parametrize("actors", ["any", "one", "both"])
def test_model_filter_events_on_events_dicts_and_document(actors: str) -> None:
    events = list(EVENTS.values())
    assert names(filter_events(events, actors)) == EXPECTED[actors]
    assert names(filter_events([e.to_dict() for e in events], actors=actors)) == EXPECTED[actors]
    doc = Document(text=SENTENCE.text, article_id="a", events=events)
    assert names(khabar.filter_events(doc, actors=actors)) == EXPECTED[actors]
    assert [event_has_actors(e, actors) for e in events] == [k in EXPECTED[actors] for k in EVENTS]


def test_model_filter_events_default_and_bad_value() -> None:
    assert len(filter_events(list(EVENTS.values()))) == len(EVENTS)  # default: any
    with pytest.raises(ValueError, match="actors must be one of any, one, both, not 'all'"):
        filter_events(list(EVENTS.values()), actors="all")


def test_model_none_actors_serialize_as_null() -> None:
    d = EVENTS["neither"].to_dict()
    assert d["source"] is None and d["target"] is None
    assert EVENTS["uncoded_span"].to_dict()["source"]["code"] is None


def test_token_is_an_immutable_value_with_defaults() -> None:
    """Token is a named tuple (built in C by the tokenizers): immutable, equal by value, hashable, with keywords,
    the is_punct default and _replace."""
    made = Token(0, "قال", 0, 3, "قال")
    assert made == Token(index=0, text="قال", start=0, end=3, norm="قال", is_punct=False)
    assert hash(made) == hash(tuple.__new__(Token, (0, "قال", 0, 3, "قال", False)))
    assert made.is_punct is False and made._replace(index=7).index == 7
    with pytest.raises(AttributeError):
        made.norm = "x"  # type: ignore[misc]


@pytest.mark.parametrize("cls,args", [(Actor, ("USAGOV",))])
def test_hot_frozen_types_keep_dataclass_behaviour(cls, args):
    """Actor sets its slots through descriptors (a faster __init__): still frozen, equal by value,
    hashable, with the dataclass signature (keywords and defaults) and dataclasses.replace."""
    import dataclasses
    import inspect

    made = cls(*args)
    assert made == cls(*args) and hash(made) == hash(cls(*args))
    assert list(inspect.signature(cls).parameters) == [f.name for f in dataclasses.fields(cls)]
    assert cls(**{f.name: getattr(made, f.name) for f in dataclasses.fields(cls)}) == made
    field = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, field, None)
    assert getattr(dataclasses.replace(made, **{field: 7}), field) == 7
