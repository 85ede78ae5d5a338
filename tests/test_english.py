"""The English coder: the seed report in English against the same gold, the English construction set, the
English-specific rules (case, clitics, frames, passives, coordination), language routing and mixed-language data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import SEGMENTATION, score_constructions

from khabar.evaluate import evaluate
from khabar.gold import load_gold
from khabar.ingest import ingest
from khabar.lang.en.tokens import english_sentences
from khabar.lexicon.english import compile_english, load_english
from khabar.pipeline import detect_language
from khabar.store import open_store

DATA = Path(__file__).parent / "data"
SEED_DATE = date(2023, 9, 5)


def _events(coder, text: str, on: date | None = SEED_DATE) -> list[dict]:
    return [json.loads(json.dumps(e.to_dict())) for e in coder.code(text, date=on).events]


def _keys(events: list[dict]) -> list[tuple]:
    return [((e["source"] or {}).get("code"), (e["target"] or {}).get("code"), e["cameo"], e["modality"])
            for e in events]


# ---------------------------------------------------------------------------------------------- the seed in English
def test_english_seed_rendering_meets_the_arabic_gold(coder):
    """tests/data/seed_en.txt is our own English rendering of the seed report; its gold is the Arabic gold with
    English sentence anchors: same events, codes, modality and attribution."""
    gold = load_gold(DATA / "seed_en.gold.json")
    result = evaluate(gold, _events(coder, (DATA / "seed_en.txt").read_text(encoding="utf-8")))
    assert result.recall >= 0.95, result  # the issue-16 targets
    assert result.precision >= 0.85, result


def test_english_seed_codes_like_the_arabic_original(coder, shared):
    """Event for event: most events coded from the Arabic original are coded the same from the English rendering
    (same source and target codes, CAMEO code, modality, and an attribution to the same country or both none)."""
    arabic = _events(coder, shared("seed", "000_9cc84d237d7e0f58.txt").read_text(encoding="utf-8"))
    english = _events(coder, (DATA / "seed_en.txt").read_text(encoding="utf-8"))

    def key(e: dict) -> tuple:
        speaker = ((e.get("attribution") or {}).get("speaker") or {}).get("code") or ""
        return (*_keys([e])[0], speaker[:3] if speaker[:3] not in ("", "---") else None)

    english_keys = [key(e) for e in english]
    same = [e for e in arabic if key(e) in english_keys]
    assert len(arabic) >= 15
    assert len(same) / len(arabic) >= 0.75, sorted(set(map(key, arabic)) - set(english_keys))


# ---------------------------------------------------------------------------------------------- construction set
def _cases() -> list[dict]:
    return yaml.safe_load((DATA / "constructions_en.yaml").read_text(encoding="utf-8"))


def test_english_construction_set_is_large_and_covers_roots_and_modalities():
    cases = _cases()
    assert len(cases) >= 150
    roots = {c[:2] for case in cases for e in case.get("events", []) for c in e["cameo"]}
    assert roots >= {f"{i:02d}" for i in range(1, 21)}
    labels = {m for case in cases for e in case.get("events", []) for m in e["modality"]}
    assert labels >= {"asserted", "negated", "possible", "probable", "uncertain", "intended", "planned", "suspected",
                      "doubted", "hypothetical"}


def test_english_constructions_set(coder):
    """Recall/precision over the English construction set; every 'absent' expectation holds but a counted few."""
    score = score_constructions(coder, DATA / "constructions_en.yaml")
    print(f"english constructions: recall={score.recall:.3f} precision={score.precision:.3f} "
          f"imperfect={len(score.failures)} absent-broken={len(score.broken)}")
    # Floors a little under the measured figures (see docs/evaluation.md); the failures are the work list.
    assert score.recall >= RECALL_FLOOR, (score.recall, score.failures)
    assert score.precision >= PRECISION_FLOOR, (score.precision, score.failures)
    assert len(score.broken) <= ABSENT_BROKEN_CEILING, score.broken


RECALL_FLOOR = 0.69
PRECISION_FLOOR = 0.70
ABSENT_BROKEN_CEILING = 0


# ---------------------------------------------------------------------------------------------- English rules
def test_english_tokens_split_possessives_and_negation_with_exact_offsets():
    text = "Russia's army didn't attack."
    toks = english_sentences(text, SEGMENTATION)[0].tokens
    assert [t.text for t in toks] == ["Russia", "'s", "army", "did", "n't", "attack", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_english_acronyms_and_names_keep_their_case(coder):
    ev = _events(coder, "The US imposed sanctions on Iran.")
    assert ("USA", "IRN", "163", "asserted") in _keys(ev)
    assert _events(coder, "Let us impose order on the city.") == []  # "us" is a pronoun, not the United States
    assert not any((e["source"] or {}).get("code", "").startswith("TUR")
                   for e in _events(coder, "They ate turkey and attacked Iran."))


def test_english_short_name_only_after_the_full_name_and_not_for_another_kim(coder):
    text = ("North Korean leader Kim Jong Un visited Russia. Kim Taewoo, a former director of the institute, "
            "said Kim will meet Putin.")
    ev = _events(coder, text)
    meet = [e for e in ev if e["cameo"].startswith("04") and "meet" in e["trigger"]["text"]]
    assert meet and meet[0]["source"]["code"] == "PRKGOV" and meet[0]["modality"] == "planned"
    assert meet[0]["attribution"]["speaker"]["text"] == "Kim Taewoo"
    assert meet[0]["attribution"]["speaker"]["code"] != "PRKGOV"


@pytest.mark.parametrize("text", [
    "Russian officials said Moscow would not attack Ukraine.",
    "Moscow would not attack Ukraine, Russian officials said.",
    "Moscow would not attack Ukraine, said Russian officials.",
    "According to Russian officials, Moscow would not attack Ukraine.",
    "Moscow would not attack Ukraine, according to Russian officials.",
])
def test_english_reporting_frames_in_every_order(coder, text):
    ev = [e for e in _events(coder, text) if e["cameo"].startswith("19")]
    assert len(ev) == 1
    assert (ev[0]["source"]["code"], ev[0]["target"]["code"], ev[0]["modality"]) == ("RUS", "UKR", "negated")
    assert ev[0]["attribution"]["speaker"]["code"] == "RUSGOV"


@pytest.mark.parametrize(("text", "label"), [
    ("Iran may attack Israel.", "possible"),
    ("Iran is likely to attack Israel.", "probable"),
    ("Iran plans to attack Israel.", "planned"),
    ("Iran is seeking to attack Israel.", "intended"),
    ("Iran did not attack Israel.", "negated"),
    ("If Iran attacks Israel, oil prices will rise.", "hypothetical"),
    ("It is unclear whether Iran will attack Israel.", "uncertain"),
    ("Israeli officials suspected that Iran attacked Israel.", "suspected"),
    ("Analysts doubted that Iran attacked Israel.", "doubted"),
    ("Iran attacked Israel on Monday.", "asserted"),
])
def test_english_modality_cues(coder, text, label):
    # an attack its doer plans is also CAMEO's threat of force (138x): the same label either way
    ev = [e for e in _events(coder, text) if e["cameo"][:2] in ("19", "13")]
    assert ev and ev[0]["modality"] == label, ev
    assert (ev[0]["source"]["code"][:3], ev[0]["target"]["code"][:3]) == ("IRN", "ISR")


def test_english_passive_swaps_source_and_target(coder):
    ev = _events(coder, "Ukraine was attacked by Russia on Tuesday.")
    assert ("RUS", "UKR", "190", "asserted") in _keys(ev)
    assert ev[0]["date"] == "2023-09-05"


def test_english_compound_actors_give_one_event_per_pair(coder):
    ev = _keys(_events(coder, "Russian and Chinese officials met with Iran and Turkey."))
    pairs = {(s[:3], t[:3]) for s, t, c, _ in ev if c.startswith("04")}
    assert pairs == {("RUS", "IRN"), ("RUS", "TUR"), ("CHN", "IRN"), ("CHN", "TUR")}


def test_english_apposition_gives_an_unknown_person_a_role_and_country(coder):
    text = "Park Won Gon, a professor at Ewha Womans University in Seoul, said Russia attacked Ukraine."
    ev = _events(coder, text)
    assert ev[0]["attribution"]["speaker"]["code"] == "KOREDU"
    assert ev[0]["attribution"]["speaker"]["text"] == "Park Won Gon"


def test_english_capital_after_a_locative_is_a_place_not_an_actor(coder):
    ev = _events(coder, "Iran and Saudi Arabia held talks in Beijing on Monday.")
    assert {(e["source"]["code"], e["target"]["code"]) for e in ev} == {("IRN", "SAU"), ("SAU", "IRN")}
    assert ev[0]["place"]["country"] == "CHN"


def test_english_events_carry_evidence(coder):
    text = "Egypt's foreign minister said Cairo would host talks between Israel and Hamas next week."
    ev = _events(coder, text)
    assert ev
    for e in ev:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert e["language"] == "en"
        assert "yaml#" in e["rule"]


# ---------------------------------------------------------------------------------------------- language routing
def test_language_detection_routes_arabic_english_and_others():
    assert detect_language("زار الرئيس الصيني موسكو أمس.") == "ar"
    assert detect_language("Chinese President Xi Jinping visited Moscow on Tuesday.") == "en"
    assert detect_language("Le président français a déclaré lundi que la France soutiendra les efforts de paix "
                           "au Proche-Orient et en Ukraine.") == "fr"
    assert detect_language("12345 !!!") == "und"


def test_other_languages_get_a_warning_and_no_events(coder):
    doc = coder.code("El presidente del Gobierno español dijo el lunes que España apoyará a Ucrania en la guerra.")
    assert doc.language == "es" and doc.events == [] and "not coded" in doc.warnings[0]


# ---------------------------------------------------------------------------------------------- mixed-language data
def test_mixed_language_folder_ingest_and_dyad(tmp_path, coder):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_ar.txt").write_text("زار الرئيس الصيني شي جين بينغ موسكو يوم الثلاثاء.", encoding="utf-8")
    (folder / "b_en.txt").write_text("Chinese President Xi Jinping visited Moscow on Tuesday, the Kremlin said.",
                                     encoding="utf-8")
    (folder / "c_fr.txt").write_text("Le président chinois Xi Jinping s'est rendu mardi à Moscou, selon le Kremlin, "
                                     "pour une visite d'État de trois jours.", encoding="utf-8")
    store = open_store(tmp_path / "k.duckdb")
    try:
        summary = ingest([folder], store, coder=coder)
        assert summary.coded == 2
        assert [why for _, why in summary.skipped_language] == ["language 'fr' is not coded (Arabic and English only)"]
        rows = store.dyad("CHN", "RUS")
        assert sum(r["events"] for r in rows) == 2
        assert {lang for r in rows for lang in r["by_language"]} == {"ar", "en"}
        again = ingest([folder], store, coder=coder)
        assert again.coded == 0 and again.skipped_duplicates == 2
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------- the English lexicon
def test_english_lexicon_compiles_from_the_shared_entries():
    en = load_english()
    for key, kind in [("north korean", "demonym"), ("officials", "agent"), ("visited", "trigger"),
                      ("according to", "report"), ("is expected to", "cue"), ("kremlin", "seat")]:
        assert any(s.kind == kind for s in en.automaton.get(key)[1]), key
    visit = next(s for s in en.automaton.get("visited")[1] if s.kind == "trigger")
    assert visit.entry == "ar/verbs.yaml#visit"  # one entry, one code for both languages


def test_english_lexicon_rejects_a_broken_overlay(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "agents.yaml").write_text("- {id: x, en: [spook], role: 12}\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"en/agents.yaml:1"):
        compile_english((tmp_path,))


def test_plain_english_news_is_identified_without_the_statistical_model():
    """py3langid's model costs ~85 MB; English news is told by its function words alone."""
    import subprocess
    import sys

    code = ("import sys; from khabar.pipeline import detect_language; "
            "print(detect_language('The ministry said on Monday that talks with the rebels had been postponed "
            "after a new attack on the border.'), 'py3langid' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["en", "False"]


def test_name_heavy_english_and_listed_languages_are_identified_without_the_statistical_model():
    """Headlines dense with names have few function words: English still leads the other languages' words, or has
    none at all in a short ASCII headline. Dutch, Polish, Indonesian, Tagalog news is told by its own function words
    (written for this test). None of it loads py3langid's 85 MB model."""
    import subprocess
    import sys

    cases = {
        "Arab League Secretary General Chadli Klibi undertook mediation mission between Syria and Palestinian "
        "leaders in Tunis": "en",
        "Obama Netanyahu Talks Collapse Amid Settlement Row": "en",
        "Nicolas Maduro accuses Bogota of plotting coup; Colombian President Ivan Duque denies claims": "en",
        "De Nederlandse regering heeft maandag bekendgemaakt dat zij de steun aan Oekraïne zal verhogen.": "nl",
        "Tysiące ludzi protestowało w Warszawie przeciwko nowej ustawie, która została przyjęta przez Sejm.": "pl",
        "Presiden Indonesia mengatakan pada hari Senin bahwa pemerintah akan mengirim bantuan ke Gaza.": "id",
        "Libu-libong tao ang nagprotesta sa Maynila laban sa pagtaas ng presyo ng bilihin.": "tl",
    }
    code = ("import json, sys; from khabar.pipeline import detect_language; "
            f"print(json.dumps([detect_language(t) for t in {list(cases)!r}]), 'py3langid' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.rsplit(" ", 1)
    assert json.loads(out[0]) == list(cases.values())
    assert out[1].strip() == "False"


def test_unclear_latin_text_still_goes_to_the_model():
    """A long text with no listed function word is not taken for English."""
    text = ("Kwa mujibu wa taarifa rasmi, viongozi walikutana mjini Arusha kujadili hali ya usalama mipakani "
            "pamoja na masuala mengine muhimu.")
    assert detect_language(text) not in {"en", "ar"}


def test_the_other_languages_hints_leave_english_its_function_words():
    from khabar.lexicon.compile import load_mapping
    from khabar.pipeline import _hints

    english = {w for w, code in _hints().items() if code == "en"}
    assert english == set(load_mapping("language_hints.yaml", ())["en"]) - {"a", "as"}  # "a", "as": Portuguese too


def test_arabic_script_decides_with_a_few_latin_letters_and_not_with_many():
    assert detect_language("قالت وكالة CNN إن الرئيس الأمريكي سيزور الرياض الأسبوع المقبل.") == "ar"
    assert detect_language("The envoy met officials of the al-Quds (القدس) committee in Amman on Monday.") == "en"
    assert detect_language("— 123 ـــ") == "und"  # a tatweel is no letter
