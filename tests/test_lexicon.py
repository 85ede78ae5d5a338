"""Lexicon loading, validation (file:line errors), overlays and `khabar lexicon check/explain`."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import cli
from khabar.errors import KhabarError
from khabar.lang import get_language
from khabar.lexicon.check import check
from khabar.lexicon.compile import load_lexicon
from khabar.pipeline import Coder


def test_lexicon_shipped_data_passes_check():
    problems, counts = check()
    assert problems == []
    assert counts["states"] >= 190 and counts["verbs"] >= 50


def test_lexicon_cameo_codes_and_quad_classes(lexicon):
    assert lexicon.cameo["042"].goldstein == 1.9 and lexicon.cameo["042"].quad_class == 1
    assert lexicon.cameo["190"].quad_class == 4 and lexicon.cameo["190"].plover_type == "ASSAULT"
    assert lexicon.cameo["061"].quad_class == 2 and lexicon.cameo["111"].quad_class == 3


BROKEN = {
    "ar/verbs.yaml": (
        "- {id: ok, cameo: '042', ar: {past: زار, present: يزور}}\n- {id: bad, cameo: '999', ar: {past: قال}}\n"
    ),
    "ar/people.yaml": (
        "- id: p\n  en: P\n  ar: [بي]\n  roles:\n    - {code: USAGOV, from: '2020-01-01', to: '2019-01-01'}\n"
    ),
    "ar/agents.yaml": "- {id: a, ar: [مسؤول], role: gov}\n",
    "ar/states.yaml": "- {code: XXA, en: A, ar: [أرض]}\n- {code: XXB, en: B, ar: [أرض]}\n",
    "ar/organizations.yaml": "- {id: o, code: USAXYZ, ar: [منظمة ما]}\n",
}


@pytest.mark.parametrize("rel,expected", [
    ("ar/verbs.yaml", "verbs.yaml:2"),
    ("ar/people.yaml", "people.yaml:1"),
    ("ar/agents.yaml", "agents.yaml:1"),
    ("ar/states.yaml", "states.yaml"),
    ("ar/organizations.yaml", "organizations.yaml:1"),
])
def test_lexicon_check_reports_file_and_line(tmp_path, rel, expected):
    path = tmp_path / rel
    path.parent.mkdir(parents=True)
    path.write_text(BROKEN[rel], encoding="utf-8")
    problems, _ = check((tmp_path,))
    assert problems and expected in problems[0], problems
    res = CliRunner().invoke(cli, ["lexicon", "check", str(tmp_path)])
    assert res.exit_code == 4 and expected in res.output


def test_lexicon_invalid_overlay_refuses_to_load(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "verbs.yaml").write_text(BROKEN["ar/verbs.yaml"], encoding="utf-8")
    with pytest.raises(KhabarError) as err:
        load_lexicon((tmp_path,))
    assert "verbs.yaml:2" in str(err.value)


def test_lexicon_overlay_adds_a_trigger(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "verbs.yaml").write_text(
        "- id: congratulate\n  cameo: '018'\n  ar: {past: هنأ, present: يهنئ, target: [OBJ]}\n", encoding="utf-8")
    text = "هنأ الرئيس الصيني روسيا."
    assert not Coder().code(text).events
    events = Coder(overlays=[tmp_path]).code(text).events
    assert events and events[0].cameo == "018" and "congratulate" in events[0].rule


def test_lexicon_explain_names_entries():
    res = CliRunner().invoke(cli, ["lexicon", "explain", "قال مسؤول أمريكي إن بوتين زار بكين", "--date", "2023-09-05"])
    assert res.exit_code == 0
    assert "USAGOV" in res.output and "RUSGOV" in res.output and "people.yaml#" in res.output


def test_lexicon_explain_shows_the_events_and_why_a_word_was_not_coded():
    text = "قال مسؤول أمريكي إن بوتين زار بكين. تراجعت جرائم الاختطاف في العاصمة هذا العام."
    res = CliRunner().invoke(cli, ["lexicon", "explain", text, "--date", "2023-09-05"])
    assert res.exit_code == 0
    assert "event: RUSGOV 042 CHN asserted" in res.output
    why = res.output.split("event: RUSGOV 042 CHN asserted", 1)[1].splitlines()[1]
    assert why.startswith("    why: ") and "#visit" in why  # the rules of the event, its lexicon entry first
    not_coded = [line for line in res.output.splitlines() if "not coded:" in line]
    assert len(not_coded) == 1 and "الاختطاف" in not_coded[0] and "a kind of act" in not_coded[0], res.output


def test_lexicon_compiled_form_is_cached_by_content_hash(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("KHABAR_CACHE_DIR", str(tmp_path))
    code = "from khabar.lexicon.compile import load_lexicon; print(load_lexicon().surfaces)"
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    cached = list(tmp_path.glob("lexicon-*.pickle"))
    assert len(cached) == 1
    written = cached[0].stat().st_mtime_ns
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert first == second
    assert cached[0].stat().st_mtime_ns == written  # read back, not rebuilt and written again (it unpickles)
    cached[0].write_bytes(b"not a pickle")  # a corrupt cache is rebuilt, not trusted
    third = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert third == first and cached[0].read_bytes() != b"not a pickle"


def test_lexicon_pickles_back_to_an_equal_one_in_this_build():
    """The cache is a pickle of the compiled lexicon, compiled classes included (khabar.compiled)."""
    import pickle

    from khabar.lexicon.compile import load_lexicon

    lexicon = load_lexicon()
    back = pickle.loads(pickle.dumps(lexicon, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.segmentation.abbreviations == lexicon.segmentation.abbreviations
    assert back.surfaces == lexicon.surfaces


def test_lexicon_overlay_changes_the_cache_key(tmp_path):
    from khabar.lexicon.cache import _cache_key

    (tmp_path / "ar").mkdir()
    entry = "- {id: x1, cameo: '018', ar: {past: هنأ, present: يهنئ}}\n"
    (tmp_path / "ar" / "verbs.yaml").write_text(entry, encoding="utf-8")
    assert _cache_key(()) != _cache_key((tmp_path,))


def test_lexicon_stats_counts_real_entries():
    res = CliRunner().invoke(cli, ["lexicon", "stats"])
    assert res.exit_code == 0
    counts = {line[:48].strip(): int(line[48:].replace(",", "")) for line in res.output.splitlines()}
    assert counts["states and territories"] >= 195 and counts["people"] >= 150
    assert counts["agents (role words)"] >= 150
    assert counts["CAMEO base codes with a trigger"] + counts["CAMEO base codes documented as not lexicalized"] == (
        counts["CAMEO base codes"])


def test_lexicon_check_flags_overlapping_roles_with_one_code(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "people.yaml").write_text(
        "- id: p\n  en: P\n  ar: [بي]\n  roles:\n"
        "    - {code: USAGOV, title: a, from: '2010-01-01', to: '2014-01-01'}\n"
        "    - {code: USAGOV, title: b, from: '2013-01-01', to: null}\n", encoding="utf-8")
    problems, _ = check((tmp_path,))
    assert problems and "people.yaml:1" in problems[0] and "overlap" in problems[0]


def test_lexicon_compiled_is_read_only_and_shared_unchanged():
    import dataclasses

    coder = Coder()
    lexicon = coder.lexicon
    before = [e.to_dict() for e in Coder().code("زار بوتين بكين.").events]
    visit = next(e for e in lexicon.by_cameo.values() if e["id"] == "visit")
    attempts = [
        lambda: lexicon.words.__setitem__("prepositions", frozenset()),
        lambda: lexicon.words.pop("prepositions"),
        lambda: lexicon.words.update({"x": frozenset()}),
        lambda: lexicon.states.clear(),
        lambda: lexicon.states["RUS"].__setitem__("ar", ["x"]),
        lambda: lexicon.people.popitem(),
        lambda: visit.__setitem__("cameo", "190"),
        lambda: lexicon.cameo.setdefault("999", None),
    ]
    for attempt in attempts:
        with pytest.raises(TypeError, match="read-only"):
            attempt()
    with pytest.raises(AttributeError):
        visit["target"].append("OBJ")  # lists in entries are tuples
    with pytest.raises(dataclasses.FrozenInstanceError):
        lexicon.words = {}  # type: ignore[misc]
    assert not hasattr(lexicon.automaton, "add_word")
    assert Coder().lexicon is lexicon
    assert [e.to_dict() for e in Coder().code("زار بوتين بكين.").events] == before
    assert before and before[0]["cameo"] == "042"


def test_english_lexicon_compiled_is_read_only():
    english = Coder().resources(get_language("en")).english
    with pytest.raises(TypeError, match="read-only"):
        english.words.__setitem__("x", frozenset())
    with pytest.raises(TypeError, match="read-only"):
        next(iter(english.groups.values())).clear()
    with pytest.raises(TypeError, match="read-only"):
        next(iter(english.people.values())).__setitem__("en", "x")


def test_lexicon_overlay_reaches_the_date_words(tmp_path):
    import datetime

    from khabar.mentions.dates import find_dates

    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "dates.yaml").write_text(  # mappings merge key by key: only yesterday's words change
        "day_words:\n  yesterday:\n    words: [أمس, البارحة]\n", encoding="utf-8")
    text, day = "زار بوتين بكين البارحة.", datetime.date(2023, 9, 5)
    assert [e.date for e in Coder().code(text, date=day).events] == [None]
    coder = Coder(overlays=[tmp_path])
    assert [e.date for e in coder.code(text, date=day).events] == ["2023-09-04"]
    assert coder.lexicon.dates.day_words["yesterday"]["offset"] == -1
    assert not find_dates(text, day)  # the packaged words by default
    assert [d.value for d in find_dates(text, day, coder.lexicon.dates)] == ["2023-09-04"]


def test_lexicon_overlay_reaches_the_segmentation_rules(tmp_path):
    (tmp_path / "segment.yaml").write_text("abbreviations: [الشيخ]\n", encoding="utf-8")
    text = "قال الشيخ. زار بوتين بكين."
    assert len(Coder().code(text).sentences) == 2
    assert len(Coder(overlays=[tmp_path]).code(text).sentences) == 1
    assert Coder(overlays=[tmp_path]).lexicon.segmentation.abbreviations == frozenset({"الشيخ"})


def test_lexicon_overlay_reaches_places_and_the_codebook(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ar" / "places.tsv").write_text(
        "geonames_id\tname_en\tar\tcountry\tlat\tlon\tpopulation\tkind\n"
        "\tQaryat X\tقرية إكس\tSYR\t35.0\t38.0\t100\tcity\n", encoding="utf-8")
    head = "code\tname\tgoldstein\tlevel\tquad_class\tplover_event\tplover_mode\tplover_context\tnote\n"
    (tmp_path / "ontology" / "cameo.tsv").write_text(head + "042\tVisit\t1.9\tbase\t1\tCONSULT\tvisit\tx;y\t\n",
                                                      encoding="utf-8")
    lexicon = Coder(overlays=[tmp_path]).lexicon
    assert lexicon.places[-1]["name_en"] == "Qaryat X" and len(lexicon.places) == len(Coder().lexicon.places) + 1
    assert lexicon.cameo["042"].name == "Visit" and lexicon.cameo["042"].plover_contexts == ("x", "y")
    assert lexicon.cameo["190"] == Coder().lexicon.cameo["190"]


BROKEN_KINDS = {  # one broken file per kind of data file: (file, content, expected file:line, expected words)
    "en list": ("en/verbs.yaml", "- {id: ok, cameo: '042', en: {verbs: [visit]}}\n"
                "- {id: bad, cameo: '042', en: {verb: [go]}}\n", "verbs.yaml:2", "'verb'"),
    "ontology list": ("ontology/roles.yaml", "- {code: GOV, en: Government}\n- {code: gov, en: lower}\n",
                      "roles.yaml:2", "gov"),
    "block entry": ("ar/verbs.yaml", "- id: visit2\n  cameo: '042'\n  ar:\n    past: زار\n    target: [OBJ]\n"
                    "    tense: past\n  en: {verbs: [visit]}\n", "verbs.yaml:6", "tense"),
    "mapping": ("ar/dates.yaml", "# dates\nmonths:\n  5: [مايو]\n  13: [شهر ثالث عشر]\ntriggers: [في]\n",
                "dates.yaml:4", "13"),
    "mapping key": ("ar/function_words.yaml", "prepositions: [إلى]\n\nprepostions: [على]\n",
                    "function_words.yaml:3", "prepostions"),
    "mapping value": ("segment.yaml", "abbreviations:\n  - د\n  - 5\n", "segment.yaml:3", "5"),
    "table row": ("ar/places.tsv", "# places\ngeonames_id\tname_en\tar\tcountry\tlat\tlon\tpopulation\tkind\n"
                  "1\tA\tأ\tSYR\t1.0\t2.0\t5\tcity\n2\tB\tب\tSYR\t1.0\t2.0\t5\tvillage\n", "places.tsv:4", "village"),
    "table header": ("ontology/cameo.tsv", "code\tname\tgoldstein\n042\tVisit\t1.9\n", "cameo.tsv:1", "quad_class"),
}


@pytest.mark.parametrize("kind", BROKEN_KINDS)
def test_lexicon_check_reports_file_and_line_for_every_kind_of_file(tmp_path, kind):
    rel, content, expected, words = BROKEN_KINDS[kind]
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    problems, _ = check((tmp_path,))
    assert len(problems) == 1 and expected in problems[0] and words in problems[0], problems
    res = CliRunner().invoke(cli, ["lexicon", "check", str(tmp_path)])
    assert res.exit_code == 4 and expected in res.output
    with pytest.raises(KhabarError) as err:  # the loader refuses it with the same place
        coder = Coder(overlays=[tmp_path])
        if rel.startswith("en/"):
            _ = coder.resources(get_language("en"))
    assert expected in str(err.value)


def test_lexicon_check_reads_every_data_file_of_both_languages():
    from khabar.lexicon.resources import DATA
    from khabar.lexicon.schema import data_files

    shipped = {str(p.relative_to(DATA)) for p in Path(str(DATA)).rglob("*") if p.suffix in (".yaml", ".tsv")}
    assert shipped - {"schemas.yaml"} == set(data_files())
    _, counts = check()
    assert counts["en/verbs"] >= 5 and counts["dates"] == 20 and counts["places"] > 9000 and counts["segment"] == 1


def test_lexicon_overlay_reaches_the_function_words(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "function_words.yaml").write_text(
        "state_anaphors: [البلاد, الدولة, البلد, المملكة]\ndual_anaphors:\n  leaders: [القائدان]\n", encoding="utf-8")
    words = Coder(overlays=[tmp_path]).lexicon.words
    assert words["state_anaphors"] == frozenset({"البلاد", "الدوله", "البلد", "المملكه"})
    assert words["dual_anaphors.leaders"] == frozenset({"القائدان"})
    assert words["dual_anaphors.states"] == Coder().lexicon.words["dual_anaphors.states"]  # merged key by key
    assert words["prepositions"] == Coder().lexicon.words["prepositions"]
