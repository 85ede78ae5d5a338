"""Tests for khabar.evaluate: the gold matching rule, one-to-one pairing, loading and the report."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from khabar.errors import KhabarError
from khabar.evaluate import evaluate, format_report, normalize_for_match, speaker_overlaps
from khabar.gold import load_events_jsonl, load_gold

SENTENCE = "ذكر مسؤول أمريكي أن كيم جونغ أون قد يسافر إلى روسيا هذا الشهر للقاء بوتين."
OTHER_SENTENCE = "وأعلنت وزارة الخارجية الصينية أن بكين تدعو إلى الحوار."


def gold_event(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "e01",
        "sentence_contains": "قد يسافر إلى روسيا",
        "source": ["PRKGOV"],
        "target": ["RUS", None],
        "cameo": ["042", "04"],
        "plover": ["CONSULT"],
        "modality": ["possible"],
        "attributed_to": {"codes": ["USAGOV", "USA"], "text": "مسؤول أمريكي"},
        "date": None,
        "required": True,
        "note": "Kim may travel to Russia",
    }
    event.update(overrides)
    return event


def produced(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": "a1-0",
        "sentence": {"index": 0, "text": SENTENCE, "start": 0, "end": len(SENTENCE)},
        "trigger": {"text": "يسافر", "start": 30, "end": 35},
        "source": {"code": "PRKGOV", "text": "كيم جونغ أون", "start": 18, "end": 29},
        "target": {"code": "RUS", "text": "روسيا", "start": 40, "end": 45},
        "cameo": "042",
        "modality": "possible",
        "attribution": {
            "speaker": {"code": "USAGOV", "text": "مسؤول أمريكي", "start": 4, "end": 16},
            "verb": "ذكر",
        },
    }
    event.update(overrides)
    return event


def gold(*events: dict[str, Any]) -> dict[str, Any]:
    return {"article": "a1", "published": "2023-09-05", "events": list(events)}


def test_evaluate_exact_match() -> None:
    result = evaluate(gold(gold_event()), [produced()])
    assert (result.recall, result.precision) == (1.0, 1.0)
    assert result.pairs == [("e01", 0)]
    assert result.outcomes[0].hit and result.outcomes[0].produced_id == "a1-0"


def test_evaluate_prefix_codes() -> None:
    event = produced(source={"code": "PRKGOVMIL"}, target={"code": "RUSGOV"}, cameo="0421")
    assert evaluate(gold(gold_event(cameo=["04"])), [event]).recall == 1.0
    assert evaluate(gold(gold_event(source=["PRKMIL"])), [event]).recall == 0.0


def test_evaluate_null_target_accepted() -> None:
    assert evaluate(gold(gold_event()), [produced(target=None)]).recall == 1.0
    assert evaluate(gold(gold_event()), [produced(target={"code": None, "text": "?"})]).recall == 1.0
    assert evaluate(gold(gold_event(target=["RUS"])), [produced(target=None)]).recall == 0.0
    # a bare null means "must be absent"
    assert evaluate(gold(gold_event(target=None)), [produced()]).recall == 0.0
    assert evaluate(gold(gold_event(target=None)), [produced(target=None)]).recall == 1.0


def test_evaluate_missing_criteria_do_not_constrain() -> None:
    minimal = {"id": "m", "sentence_contains": "يسافر"}
    assert evaluate(gold(minimal), [produced(cameo="190", modality="asserted", source=None)]).recall == 1.0


def test_evaluate_attribution_overlap_by_text() -> None:
    speaker = {"code": None, "text": "المسؤولون الأمريكيون", "start": 0, "end": 20}
    event = produced(attribution={"speaker": speaker, "verb": "قال"})
    attributed = {"codes": ["USAGOV"], "text": "مسؤولون أمريكيون"}
    assert evaluate(gold(gold_event(attributed_to=attributed)), [event]).recall == 1.0
    # containment after normalization (diacritics, hamza forms)
    speaker2 = {"code": "XXX", "text": "مسؤولٌ أَمريكيٌّ رفيع", "start": 0, "end": 10}
    event2 = produced(attribution={"speaker": speaker2, "verb": "قال"})
    assert evaluate(gold(gold_event()), [event2]).recall == 1.0


def test_evaluate_attribution_by_code() -> None:
    speaker = {"code": "USAGOVDEF", "text": "البنتاغون", "start": 0, "end": 9}
    event = produced(attribution={"speaker": speaker, "verb": "قال"})
    assert evaluate(gold(gold_event()), [event]).recall == 1.0


def test_evaluate_attribution_wrong_or_missing_fails() -> None:
    speaker = {"code": "RUSGOV", "text": "الكرملين", "start": 0, "end": 8}
    wrong = produced(attribution={"speaker": speaker, "verb": "قال"})
    result = evaluate(gold(gold_event()), [wrong, produced(event_id="a1-1", attribution=None)])
    assert result.recall == 0.0
    assert "attribution speaker 'الكرملين' (RUSGOV)" in (result.outcomes[0].explanation or "")
    # no attributed_to: attribution is not checked
    assert evaluate(gold(gold_event(attributed_to=None)), [wrong]).recall == 1.0


def test_evaluate_one_to_one_precision() -> None:
    result = evaluate(gold(gold_event()), [produced(), produced(event_id="a1-1")])
    assert result.recall == 1.0
    assert result.precision == 0.5
    assert (result.produced_matched, result.produced_total) == (1, 2)
    assert result.unmatched_produced == [1]


def test_evaluate_optional_counts_for_precision_not_recall() -> None:
    optional = gold_event(id="e02", required=False, cameo=["043"], note="optional visit")
    result = evaluate(gold(gold_event(), optional), [produced(), produced(event_id="a1-1", cameo="043")])
    assert (result.required_matched, result.required_total) == (1, 1)
    assert (result.produced_matched, result.produced_total) == (2, 2)
    assert result.recall == 1.0 and result.precision == 1.0
    missing_optional = evaluate(gold(gold_event(), optional), [produced()])
    assert missing_optional.recall == 1.0 and missing_optional.precision == 1.0


def test_evaluate_matching_prefers_required_gold() -> None:
    # The only produced event fits both; it must go to the required gold event even if listed later.
    optional = gold_event(id="opt", required=False)
    required = gold_event(id="req", cameo=["0"])
    result = evaluate(gold(optional, required), [produced()])
    assert result.pairs == [("req", 0)]
    assert result.recall == 1.0


def test_evaluate_augmenting_path_maximizes_matches() -> None:
    # e1 accepts events 0 and 1, e2 only event 0: the greedy choice e1→0 must be revised.
    e1 = gold_event(id="e1", cameo=["04"])
    e2 = gold_event(id="e2", cameo=["042"])
    result = evaluate(gold(e1, e2), [produced(), produced(event_id="a1-1", cameo="043")])
    assert sorted(result.pairs) == [("e1", 1), ("e2", 0)]
    assert result.recall == 1.0


def test_evaluate_near_miss_explanation() -> None:
    events = [produced(modality="asserted"), produced(sentence={"text": OTHER_SENTENCE}, event_id="x")]
    result = evaluate(gold(gold_event()), events)
    outcome = result.outcomes[0]
    assert not outcome.hit
    assert outcome.explanation == "a1-0: modality asserted not in ['possible']"
    report = format_report(result)
    assert "✗ e01: Kim may travel to Russia — a1-0: modality asserted not in ['possible']" in report


def test_evaluate_near_miss_picks_closest_and_reports_no_sentence() -> None:
    far = produced(event_id="far", modality="asserted", cameo="190", source={"code": "USA"})
    near = produced(event_id="near", cameo="190")
    result = evaluate(gold(gold_event()), [far, near])
    assert result.outcomes[0].explanation == "near: cameo 190 does not start with any of ['042', '04']"
    other = evaluate(gold(gold_event()), [produced(sentence={"text": OTHER_SENTENCE})])
    assert other.outcomes[0].explanation == "no produced event in a sentence containing 'قد يسافر إلى روسيا'"


def test_evaluate_near_miss_when_match_already_used() -> None:
    twin = gold_event(id="e02")
    result = evaluate(gold(gold_event(), twin), [produced()])
    assert result.outcomes[1].explanation == "a1-0 matches but is paired with gold e01"


def test_evaluate_sentence_containment_normalized() -> None:
    text = "ذكر مسؤولٌ أمريكيّ أنّ كيم قـــد يسافِر إلى\u200c روسيا."
    event = produced(sentence={"index": 0, "text": text, "start": 0, "end": len(text)})
    assert evaluate(gold(gold_event()), [event]).recall == 1.0
    assert evaluate(gold(gold_event(sentence_contains="يسافر الى روسيا")), [event]).recall == 1.0


def test_evaluate_normalization_helpers() -> None:
    assert normalize_for_match("إلى  مُسْتَشْفى\u200cالمدينة") == "الي مستشفيالمدينه"
    assert speaker_overlaps("المسؤولون الأمريكيون", "مسؤولون أمريكيون")
    assert not speaker_overlaps("الكرملين", "مسؤول أمريكي")
    assert not speaker_overlaps("ال", "البيت")  # a bare article is not a shared word


def test_evaluate_empty_cases() -> None:
    both_empty = evaluate(gold(), [])
    assert (both_empty.recall, both_empty.precision) == (1.0, 1.0)
    nothing_produced = evaluate(gold(gold_event()), [])
    assert (nothing_produced.recall, nothing_produced.precision) == (0.0, 0.0)
    assert nothing_produced.notes
    report = format_report(nothing_produced)
    assert report.splitlines()[-1] == "recall=0.000 (0/1) precision=0.000 (0/0)"


def test_evaluate_report_format() -> None:
    optional = gold_event(id="e02", required=False, cameo=["190"], note=None)
    result = evaluate(gold(gold_event(), optional), [produced(), produced(event_id="b", cameo="111")])
    lines = format_report(result).splitlines()
    assert lines[0] == "✓ e01: Kim may travel to Russia [a1-0]"
    assert lines[1].startswith("✗ e02 (optional): — b: cameo 111")
    assert lines[-1] == "recall=1.000 (1/1) precision=0.500 (1/2)"


def test_evaluate_report_summary_rounding() -> None:
    events = [gold_event(id=f"g{i}", cameo=[f"{i:03d}"]) for i in range(19)]
    made = [produced(event_id=f"p{i}", cameo=f"{i:03d}") for i in range(18)]
    made += [produced(event_id=f"x{i}", cameo="999") for i in range(3)]
    result = evaluate(gold(*events), made)
    assert format_report(result).splitlines()[-1] == "recall=0.947 (18/19) precision=0.857 (18/21)"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"modality": ["posible"]}, "unknown modality"),
        ({"cameo": []}, "empty"),
        ({"source": "PRK"}, None),  # a bare string is accepted
        ({"source": [1]}, "'source' must be a list"),
        ({"required": "yes"}, "'required'"),
        ({"attributed_to": {"codes": []}}, "needs 'codes' or 'text'"),
    ],
)
def test_evaluate_gold_validation(tmp_path: Path, change: dict[str, Any], fragment: str | None) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold(gold_event(**change)), ensure_ascii=False), encoding="utf-8")
    if fragment is None:
        assert load_gold(path)["events"][0]["source"] == "PRK"
        return
    with pytest.raises(KhabarError) as info:
        load_gold(path)
    assert info.value.code == "E301"
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_evaluate_load_gold_bad_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text('{"events": [\n  {"id": "e01",}\n]}', encoding="utf-8")
    with pytest.raises(KhabarError) as info:
        load_gold(path)
    assert info.value.code == "E301"
    assert str(info.value).startswith(f"E301 {path}:2:")


def test_evaluate_load_gold_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold(gold_event(), gold_event())), encoding="utf-8")
    with pytest.raises(KhabarError, match="duplicate"):
        load_gold(path)


def test_evaluate_load_gold_round_trip(tmp_path: Path) -> None:
    data = gold(gold_event())
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_gold(path) == data


def test_evaluate_bad_jsonl_line_names_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    good = json.dumps(produced(), ensure_ascii=False)
    path.write_text(f"{good}\n\n{good}\n{{not json\n", encoding="utf-8")
    with pytest.raises(KhabarError) as info:
        load_events_jsonl(path)
    assert info.value.code == "E302"
    assert info.value.line == 4
    assert str(info.value).startswith(f"E302 {path}:4: line is not valid JSON")


def test_evaluate_jsonl_non_object_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text('{"cameo": "042"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(KhabarError) as info:
        load_events_jsonl(path)
    assert (info.value.code, info.value.line) == ("E302", 2)


def test_evaluate_jsonl_loads_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(produced(event_id=f"e{i}"), ensure_ascii=False) for i in range(3)]
    path.write_text("\r\n".join([lines[0], "", "  ", *lines[1:]]) + "\r\n", encoding="utf-8")
    events = load_events_jsonl(path)
    assert [e["event_id"] for e in events] == ["e0", "e1", "e2"]
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    assert load_events_jsonl(empty) == []


def test_evaluate_does_not_mutate_inputs() -> None:
    g, events = gold(gold_event()), [produced()]
    before = copy.deepcopy((g, events))
    evaluate(g, events)
    assert (g, events) == before
