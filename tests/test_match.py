"""Lexicon matching: names are looked up before clitics are stripped; clitics are accepted only where valid."""

from pathlib import Path

import pytest
from conftest import SEGMENTATION

from khabar.lang.ar.match import Matcher, match_sentence
from khabar.text.segment import split_sentences


@pytest.fixture(scope="module")
def matcher(lexicon):
    return Matcher(lexicon)


def kinds(text, matcher):
    s = split_sentences(text, SEGMENTATION)[0]
    return [(m.kind, m.text, m.prefix, m.suffix) for m in match_sentence(s, matcher)]


@pytest.mark.parametrize("text,expected", [
    ("بوتين", ("person", "بوتين", "", "")),  # never ب + وتين
    ("وبموسكو", ("capital", "موسكو", "وب", "")),
    ("للولايات المتحدة", ("state", "لولايات المتحدة", "ل", "")),
    ("وروسيا", ("state", "روسيا", "و", "")),
    ("والأمريكيين", ("demonym", "الأمريكيين", "و", "")),
])
def test_match_names_with_clitics(text, expected, matcher):
    got = kinds(text, matcher)
    assert got and got[0][0] == expected[0]
    assert got[0][2] == expected[2]


def test_match_verb_with_object_pronoun_and_future_prefix(matcher):
    got = kinds("ستزورها", matcher)
    assert got == [("trigger", "زور", "س", "ها")] or (got[0][0] == "trigger" and got[0][2] == "س" and got[0][3] == "ها")


def test_match_rejects_invalid_clitic_chains(matcher):
    # "استنزفتها" contains no lexicon verb with a valid prefix; "حملة" is not the verb حمل + pronoun ه
    assert not [k for k in kinds("استنزفتها حملة", matcher) if k[0] == "trigger"]


def test_match_ta_marbuta_noun_takes_possessive_through_construct_stem(matcher):
    got = kinds("زيارته", matcher)
    assert got[0][0] == "trigger" and got[0][3] == "ه"


def test_match_offsets_are_original_offsets(matcher):
    text = "قال مسؤولٌ أمريكيّ إن كيم قد يزور روسيا."
    s = split_sentences(text, SEGMENTATION)[0]
    for m in match_sentence(s, matcher):
        assert text[m.start:m.end] == m.text


def test_readings_split_clitics_once_and_are_remembered(matcher):
    best, *_ = matcher.readings("وبموسكو")
    _, _, _, plen, key, prefix, suffix, *_ = best
    assert (prefix, key, suffix, plen) == ("وب", "موسكو", "", 2)
    assert matcher.readings("وبموسكو") is matcher.memo["وبموسكو"]
    assert matcher.readings("xyzzy") is None  # nothing to read: remembered as None
    assert "xyzzy" in matcher.memo


def test_readings_keep_the_ta_marbuta_apart(matcher):
    # اقامه is أقام + the pronoun ه, but اقامة (a ta marbuta: the same normalized form) is not
    plain, ta, *_ = matcher.readings("اقامه")
    assert (plain[4], plain[6]) == ("اقام", "ه") and [s for s in plain[7] if s.cls == "verb"]
    assert ta is None or ta[6] != "ه"
    s = split_sentences("اقامة", SEGMENTATION)[0]
    assert not [m for m in match_sentence(s, matcher) if m.key == "اقام"]


def test_memo_is_bounded(lexicon):
    small = Matcher(lexicon, memo_size=3)
    for w in ("روسيا", "موسكو", "بوتين", "قال", "زيارة"):
        small.readings(w)
        assert len(small.memo) <= 3


def test_multiword_keys_start_after_proclitics(matcher):
    _, _, starts, follow = matcher.readings("للولايات")
    assert ("ل", "لولايات") in starts and "المتحده" in follow
    ends, _ = matcher.phrases["لولايات"]
    assert "المتحده" in ends and "المتحده" in matcher.next_words("لولايات")
    assert "بوتين" not in matcher.next_words("لولايات")  # a walk stops at the first word no key goes on with


def _reference(sentence, lexicon):
    """The matcher this one replaced: every Aho-Corasick hit over the joined token norms, clitics checked per hit."""
    from khabar.lang.ar.match import _RANK, _accepts
    from khabar.lexicon.compile import PROCLITICS, PRONOUN_SUFFIXES
    procl = frozenset().union(*PROCLITICS.values())
    norms = [t.norm for t in sentence.tokens]
    starts, ends, owner, pos = [], [], [], 0
    for i, n in enumerate(norms):
        starts.append(pos)
        ends.append(pos + len(n))
        owner += [i] * len(n) + [-1]
        pos += len(n) + 1
    text, found = " ".join(norms), []
    for end_idx, (key, surfaces) in lexicon.automaton.iter(text):
        begin = end_idx - len(key) + 1
        first, last = owner[begin], owner[end_idx]
        prefix, suffix = text[starts[first]:begin], text[end_idx + 1:ends[last]]
        if first < 0 or last < 0 or prefix not in procl or suffix not in PRONOUN_SUFFIXES:
            continue
        ok = sorted((s for s in surfaces if _accepts(s, key, prefix, suffix, sentence.tokens[last].text)),
                    key=lambda s: _RANK.get(s.kind, 99))
        if ok:
            found.append((begin, first, last, key, ok, prefix, suffix))
    found.sort(key=lambda c: (-len(c[3]), len(c[5]) + len(c[6]), _RANK.get(c[4][0].kind, 99), c[0]))
    taken, out = set(), []
    for _, first, last, key, ok, prefix, suffix in found:
        if taken.isdisjoint(range(first, last + 1)):
            taken.update(range(first, last + 1))
            out.append((first, last, key, prefix, suffix, [s.entry for s in ok]))
    return sorted(out)


def test_matches_equal_the_automaton_reading(matcher, lexicon):
    """Every construction sentence and the Arabic sample read as the per-hit automaton matcher read them."""
    import yaml
    root = Path(__file__).resolve().parents[1]
    cases = yaml.safe_load((root / "tests" / "data" / "constructions_ar.yaml").read_text(encoding="utf-8"))
    texts = [c["text"] for c in cases] + [(root / "examples" / "sample_ar.txt").read_text(encoding="utf-8")]
    for text in texts:
        for s in split_sentences(text, SEGMENTATION):
            got = sorted((m.first, m.last, m.key, m.prefix, m.suffix, [x.entry for x in m.surfaces])
                         for m in match_sentence(s, matcher))
            assert got == _reference(s, lexicon), s.text
