"""The date anchor scanner (khabar.mentions.date_scan): one automaton pass finds the words a date rule can start
from, and drops the ones glued into longer words, which no rule can use."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.mentions.date_grammar import date_grammar
from khabar.mentions.date_scan import DateScanner
from khabar.mentions.dates import _candidates, _IndexMap

AD = date(2023, 9, 5)


def kinds_at(text: str) -> list[tuple[str, tuple[str, ...]]]:
    norm = _IndexMap(text).text
    return [(norm[s:e], k) for s, e, k in date_grammar().scanner.anchors(norm)]


def test_anchor_words_with_proclitics_are_found_with_their_kinds():
    assert kinds_at("وبالأمس") == [("وبالامس", ("day",))]
    assert kinds_at("في كانون الثاني 2020") == [("كانون", ("month",)), ("2020", ("year",))]
    assert kinds_at("للعام الماضي") == [("للعام", ("rnoun", "unit"))]


def test_words_glued_into_longer_words_are_not_anchors():
    # "اب" (August) in "ابو", "غدا" in "بغداد", "احد" in "الاحداث", "سبت" in "سبتمبر" (only the month)
    assert kinds_at("قال ابو علي في بغداد عن الأحداث") == []
    assert kinds_at("سبتمبر") == [("سبتمبر", ("month",))]


def test_a_year_inside_a_longer_number_is_not_an_anchor():
    assert kinds_at("الرقم 120055 و 20051") == []
    assert kinds_at("(2005)") == [("2005", ("year",))]


def test_a_month_glued_to_a_year_phrase_stays_an_anchor():
    assert kinds_at("ينايرمن 2020") == [("يناير", ("month",)), ("2020", ("year",))]
    assert kinds_at("مارس2020") == [("مارس", ("month",)), ("2020", ("year",))]
    assert find_values("ينايرمن 2020") == ["2020-01"]


def find_values(text: str) -> list[str | None]:
    from khabar.mentions.dates import find_dates

    return [d.value for d in find_dates(text, AD)]


def test_latin_anchors_in_any_case():
    assert kinds_at("on SUNDAY and in March") == [("SUNDAY", ("weekday",)), ("March", ("month",))]
    assert find_values("on Sunday") == ["2023-09-03"]


def test_anchor_ends_per_kind():
    scanner = DateScanner({"امس": ["day"], "يوم": ["day", "unit"]})
    assert scanner.ends("قال امس ان اليوم هادئ _امس") == {"day": [7, 16, 26], "unit": [16]}


WORDS = ["يناير", "كانون", "الثاني", "ايلول", "اب", "ابو", "آب", "احد", "الأحداث", "بغداد", "غدا", "سبتمبر", "السبت",
         "/", "(", ")", "2020", "20201", "15", "5/9/2023", "الماضي", "العام", "من", "منذ", "قبل", "يومين",
         "أيام", "أمس", "اليوم", "في", "ل", "و", "ب", " ", " ", "،", "Sunday", "May", "of", "year", "ago",
         "3", "عام", "ـ", "\u064e"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map("".join))
def test_the_anchor_windows_miss_no_date(text: str) -> None:
    norm = _IndexMap(text).text
    assert sorted(_candidates(norm, AD)) == sorted(_candidates(norm, AD, everywhere=True))




def test_every_rule_knows_how_far_before_its_anchor_it_starts():
    """The stdlib parser bounds each rule's text up to its anchor, and every rule starts with a letter or digit: so
    rules are tried only at word starts shortly before anchors (else they would run over the whole text)."""
    from re import _constants as sre
    from re import _parser as parser

    from khabar.mentions.date_grammar import _first

    grammar = date_grammar()
    assert grammar.heads is not None and len(grammar.heads) == len(grammar.rules)
    assert 0 < min(grammar.heads) and max(grammar.heads) < 200
    assert [_first(parser.parse(p), sre) for p in ("(?<!a)[وف]?x", "(?:ab)?[^\\S\\n]", "a|(?: b)", "(?:a|)?b")] == [
        "ok", "bad", "bad", "ok"]
