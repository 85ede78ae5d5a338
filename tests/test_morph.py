import pytest

from khabar.lexicon import morph


def forms(past, present):
    return {f for f, _ in morph.verb_forms(past, present)}


@pytest.mark.parametrize("past,present,expected", [
    ("زار", "يزور", {"زار", "زارت", "زاروا", "يزور", "تزور", "يزورون", "يزر"}),
    ("التقى", "يلتقي", {"التقي", "التقت", "التقوا", "يلتقي", "تلتقي", "يلتقون", "يلتق"}),
    ("دعا", "يدعو", {"دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون"}),
    ("اقترح", "يقترح", {"اقترح", "اقترحت", "اقترحوا", "يقترح", "تقترح", "يقترحون", "يقترحان"}),
])
def test_morph_verb_forms_generated_from_two_lemmas(past, present, expected):
    assert expected <= forms(past, present)


def test_morph_verb_forms_carry_agreement_features():
    tags = dict(morph.verb_forms("هاجم", "يهاجم"))
    assert tags["هاجمت"] == "past-3fs"
    assert tags["يهاجمون"] == "pres-3mp"


def test_morph_adjective_forms_cover_gender_number_definiteness():
    got = {f for f, _ in morph.adjective_forms("أمريكي")}
    assert {"امريكي", "امريكيه", "امريكيون", "امريكيين", "الامريكي", "الامريكيه", "الامريكيون",
            "الامريكيين", "امريكيتان"} <= got
    two = {f for f, _ in morph.adjective_forms("كوري شمالي")}
    assert {"الكوري الشمالي", "الكوريه الشماليه", "كوريون شماليون", "الكوريين الشماليين"} <= two


def test_morph_noun_forms_add_article_and_construct_stem():
    got = dict(morph.noun_forms("زيارة", ["زيارات"]))
    assert "الزياره" in got and "زيارات" in got and "الزيارات" in got
    assert got["زيارت"].endswith("construct")


def test_morph_rejects_imperfect_without_person_prefix():
    with pytest.raises(ValueError):
        morph.verb_forms(None, "زور")
