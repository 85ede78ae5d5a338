"""End to end: the seed acceptance article and the constructions test set."""

import json
from datetime import date
from pathlib import Path

from conftest import score_constructions

from khabar.evaluate import evaluate
from khabar.gold import load_gold
from khabar.pipeline import code_text

DATA = Path(__file__).parent / "data"


def test_pipeline_seed_article_meets_acceptance_thresholds(coder, shared):
    text = shared("seed", "000_9cc84d237d7e0f58.txt").read_text(encoding="utf-8")
    gold = load_gold(shared("seed", "000_9cc84d237d7e0f58.gold.json"))
    doc = coder.code(text, date=date(2023, 9, 5))
    result = evaluate(gold, [json.loads(json.dumps(e.to_dict())) for e in doc.events])
    # the acceptance floors of the real-news work (issue 14): measured 1.00 / 0.955
    assert result.recall >= 0.95, result
    assert result.precision >= 0.90, result


def test_pipeline_every_event_carries_evidence(coder):
    text = (Path(__file__).parents[1] / "examples" / "sample_ar.txt").read_text(encoding="utf-8")
    doc = coder.code(text, date=date(2024, 3, 12))
    assert len(doc.events) >= 5
    for e in doc.events:
        d = e.to_dict()
        assert text[d["trigger"]["start"]:d["trigger"]["end"]] == d["trigger"]["text"]
        assert text[d["sentence"]["start"]:d["sentence"]["end"]] == d["sentence"]["text"]
        for role in ("source", "target"):
            if d[role]:
                assert text[d[role]["start"]:d[role]["end"]] == d[role]["text"]
        assert d["rule"] and "yaml#" in d["rule"]
        assert d["modality"] in ("asserted", "negated", "possible", "probable", "uncertain", "intended", "planned",
                                 "suspected", "doubted", "hypothetical")


def test_pipeline_api_accepts_string_date_and_is_deterministic():
    a = code_text("زار الرئيس الصيني موسكو أمس.", date="2023-09-05")
    b = code_text("زار الرئيس الصيني موسكو أمس.", date="2023-09-05")
    assert [e.to_dict() for e in a.events] == [e.to_dict() for e in b.events]
    assert a.events and a.events[0].date == "2023-09-04"


def test_pipeline_constructions_set(coder):
    """Recall/precision over the whole construction set, and every 'absent' expectation holds."""
    score = score_constructions(coder, DATA / "constructions_ar.yaml")
    print(f"constructions: recall={score.recall:.3f} precision={score.precision:.3f} imperfect={len(score.failures)}")
    assert not score.broken, f"produced events that must be absent: {score.broken}"
    # Regression floors a little under the measured figures (recall 0.595, precision 0.76 on 235 cases, 299 events):
    # the set is written for constructions the coder does not all handle yet; raise them as it improves. Precision
    # fell from 0.87 when events without named actors began to be coded: the set lists one focus event per case,
    # and the attacks, riots and killings its sentences also report (وسط عملية عسكرية، أعمال الشغب) count as extra.
    assert score.recall >= 0.59, (score.recall, score.failures)
    assert score.precision >= 0.75, (score.precision, score.failures)
