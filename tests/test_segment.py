from conftest import SEGMENTATION

from khabar.text.segment import split_sentences


def test_segment_does_not_split_on_commas_numbers_or_initials():
    text = "قال د. أحمد، الخبير، إن النمو بلغ 3.5 في المئة. وأضاف أن الوضع مستقر!"
    sents = split_sentences(text, SEGMENTATION)
    assert [s.text for s in sents] == ["قال د. أحمد، الخبير، إن النمو بلغ 3.5 في المئة.", "وأضاف أن الوضع مستقر!"]


def test_segment_lines_are_sentences_and_offsets_point_into_the_text():
    text = "عنوان الخبر\n\nقال مسؤول إن الاجتماع انتهى؟ ثم غادر."
    sents = split_sentences(text, SEGMENTATION)
    assert [s.text for s in sents] == ["عنوان الخبر", "قال مسؤول إن الاجتماع انتهى؟", "ثم غادر."]
    for s in sents:
        assert text[s.start:s.end] == s.text
        for t in s.tokens:
            assert text[t.start:t.end] == t.text


def test_segment_cuts_runaway_sentences():
    text = "كلمة " * 2000
    sents = split_sentences(text, SEGMENTATION)
    assert len(sents) >= 5
    assert sum(len(s.tokens) for s in sents) == 2000
