"""Lexicon matching: names are looked up before clitics are stripped; clitics are accepted only where valid."""

import pytest
from conftest import SEGMENTATION

from khabar.lang.ar.match import match_sentence
from khabar.text.segment import split_sentences


def kinds(text, lexicon):
    s = split_sentences(text, SEGMENTATION)[0]
    return [(m.kind, m.text, m.prefix, m.suffix) for m in match_sentence(s, lexicon)]


@pytest.mark.parametrize("text,expected", [
    ("بوتين", ("person", "بوتين", "", "")),  # never ب + وتين
    ("وبموسكو", ("capital", "موسكو", "وب", "")),
    ("للولايات المتحدة", ("state", "لولايات المتحدة", "ل", "")),
    ("وروسيا", ("state", "روسيا", "و", "")),
    ("والأمريكيين", ("demonym", "الأمريكيين", "و", "")),
])
def test_match_names_with_clitics(text, expected, lexicon):
    got = kinds(text, lexicon)
    assert got and got[0][0] == expected[0]
    assert got[0][2] == expected[2]


def test_match_verb_with_object_pronoun_and_future_prefix(lexicon):
    got = kinds("ستزورها", lexicon)
    assert got == [("trigger", "زور", "س", "ها")] or (got[0][0] == "trigger" and got[0][2] == "س" and got[0][3] == "ها")


def test_match_rejects_invalid_clitic_chains(lexicon):
    # "استنزفتها" contains no lexicon verb with a valid prefix; "حملة" is not the verb حمل + pronoun ه
    assert not [k for k in kinds("استنزفتها حملة", lexicon) if k[0] == "trigger"]


def test_match_ta_marbuta_noun_takes_possessive_through_construct_stem(lexicon):
    got = kinds("زيارته", lexicon)
    assert got[0][0] == "trigger" and got[0][3] == "ه"


def test_match_offsets_are_original_offsets(lexicon):
    text = "قال مسؤولٌ أمريكيّ إن كيم قد يزور روسيا."
    s = split_sentences(text, SEGMENTATION)[0]
    for m in match_sentence(s, lexicon):
        assert text[m.start:m.end] == m.text
