"""Actor composition and coreference."""

from datetime import date

import pytest


def actors(views):
    return [(m.text, m.actor.code) for v in views for m in v.actors]


@pytest.mark.parametrize("text,code", [
    ("قال مسؤول أمريكي إن الاجتماع انتهى.", "USAGOV"),
    ("قال مسؤولون أمريكيون إن الاجتماع انتهى.", "USAGOV"),
    ("تقول وكالة التجسس الكورية الجنوبية إن الاجتماع انتهى.", "KORSPY"),
    ("أعلنت موسكو أن الاجتماع انتهى.", "RUS"),
    ("أعلن الكرملين أن الاجتماع انتهى.", "RUSGOV"),
    ("قالت الأمم المتحدة إن الاجتماع انتهى.", "IGOUNO"),
    ("قال الرئيس فلاديمير بوتين إن الاجتماع انتهى.", "RUSGOV"),
])
def test_actors_compose_codes(text, code, analyse):
    assert code in [c for _, c in actors(analyse(text))]


def test_actors_dated_roles_follow_article_date(analyse):
    assert ("بوتين", "RUSGOV") in actors(analyse("قال بوتين إن الاجتماع انتهى.", date(2023, 9, 5)))
    before = actors(analyse("قال بوتين إن الاجتماع انتهى.", date(1995, 1, 1)))
    assert ("بوتين", "RUSGOV") not in before


def test_actors_short_name_coreference_after_full_name(analyse):
    views = analyse("وصل كيم جونغ أون إلى موسكو. وقال كيم إن الزيارة مهمة.")
    assert ("كيم", "PRKGOV") in actors(views)


def test_actors_short_name_without_full_name_is_not_resolved(analyse):
    assert ("كيم", "PRKGOV") not in actors(analyse("وقال كيم إن الزيارة مهمة."))


def test_actors_different_person_with_same_first_name_is_not_the_leader(analyse):
    views = analyse("وصل كيم جونغ أون إلى موسكو. وأفاد كيم تيوو، مدير المعهد السابق، بأن الزيارة مهمة.")
    codes = actors(views)
    assert not [c for t, c in codes if t.startswith("كيم تيوو") and c == "PRKGOV"]
    assert any(t == "كيم تيوو" for t, _ in codes)


def test_actors_unknown_name_in_apposition_takes_role_and_country(analyse):
    views = analyse("لكن دو هيون تشا، المحلل في معهد أسان في سيول، شكك في ذلك.")
    got = dict(actors(views))
    assert got.get("دو هيون تشا", "").startswith("KOR")


def test_actors_capital_after_fi_is_a_place_not_an_actor(analyse):
    views = analyse("اجتمع الوزراء في سيول أمس.")
    assert not [m for v in views for m in v.actors if m.text == "سيول"]
    assert [m for v in views for m in v.mentions if m.kind == "place" and m.text == "سيول"]


def test_actors_dual_anaphor_refers_to_last_two_leaders(analyse):
    views = analyse("التقى الرئيس فلاديمير بوتين مع كيم جونغ أون. وناقش الزعيمان التعاون.")
    group = [m for m in views[1].actors if m.text == "الزعيمان"]
    assert group and {a.code for a in group[0].group} == {"RUSGOV", "PRKGOV"}
