from hypothesis import given
from hypothesis import strategies as st

from khabar.text.normalize import norm, normalize

ARABIC_CHARS = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "أإآٱىةؤئء" + "\u064b\u064e\u064f\u0650\u0651\u0652\u0640" + "٠١٢٣٤٥٦٧٨٩،؛؟ \n"
)


def test_normalize_folds_letters_digits_and_punctuation():
    assert norm("أَمريكا") == "امريكا"
    assert norm("إيران") == "ايران"
    assert norm("مصطفى") == "مصطفي"
    assert norm("قمّة") == "قمه"
    assert norm("الـــعربية") == "العربيه"
    assert norm("٢٠٢٣") == "2023"
    assert normalize("روسيا، الصين؟").text == "روسيا, الصين?"


def test_normalize_collapses_whitespace_runs():
    n = normalize("كوريا   \n الشمالية")
    assert n.text == "كوريا الشماليه"


@given(st.text(alphabet=ARABIC_CHARS + "abc XYZ", max_size=200))
def test_normalize_offsets_round_trip(text):
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(text)
    assert list(n.offsets[:-1]) == sorted(n.offsets[:-1])
    for i, ch in enumerate(n.text):
        original = text[n.offsets[i]]
        # every normalized char comes from the original char its offset points at
        assert normalize(original).text in (ch, "") or original.isspace()


@given(st.text(alphabet=ARABIC_CHARS, min_size=1, max_size=60), st.integers(0, 59), st.integers(0, 59))
def test_normalize_to_original_spans_cover_the_normalized_text(text, a, b):
    n = normalize(text)
    if not n.text:
        return
    a, b = sorted((a % len(n.text), b % len(n.text)))
    start, end = n.to_original(a, b + 1)
    assert normalize(text[start:end]).text.strip() == n.text[a:b + 1].strip()


def test_normalize_one_set_of_dropped_marks_for_matching_dates_and_evaluation():
    from khabar.evaluate import normalize_for_match
    from khabar.mentions.dates import _IndexMap
    from khabar.text.normalize import _DROP, strip_marks

    marks = "".join(sorted(_DROP))
    word = "مَارِس"
    for ch in marks:  # every dropped character is dropped by all three
        text = word[:2] + ch + word[2:]
        assert normalize(text).text == "مارس", hex(ord(ch))
        assert _IndexMap(text).text == "مارس", hex(ord(ch))
        assert normalize_for_match(text) == "مارس", hex(ord(ch))
    assert strip_marks(f"أَ{marks}ب") == "أب"
    assert "\u06e5" in _DROP and "\u0610" in _DROP and "\u200b" in _DROP and "\u00ad" in _DROP
