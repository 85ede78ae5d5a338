"""Diplomacy and sanctions in Arabic news: measures adopted (اعتمد/أقر + a sanctions noun), the purpose of a meeting
or a trip (ل + masdar: who meets adopts it, and it is intended), lifting sanctions on someone (رفع العقوبات على),
refusing or staying away from talks (125), and a short name right after a function word with its conjunction
(وكان دي ميستورا قد التقى).

Every sentence is written for these tests; each checks CAMEO prefix, source, target and modality.
"""

from __future__ import annotations

from datetime import date

import pytest

ON = date(2017, 11, 30)


def rows(coder, text, prefix):
    return [(e.cameo[:len(prefix)], e.source.actor.code if e.source else None,
             e.target.actor.code if e.target else None, e.modality)
            for e in coder.code(text, date=ON).events if e.cameo.startswith(prefix)]


@pytest.mark.parametrize("text,expected", [
    ("اعتمد الاتحاد الأوروبي يوم الاثنين حزمة عقوبات جديدة ضد إيران.", ("16", "IGOEUR", "IRN", "asserted")),
    ("أقر مجلس الأمن الدولي حزمة جديدة من العقوبات على كوريا الشمالية.", ("16", "IGOUNO", "PRK", "asserted")),
    ("ويقر الاتحاد الأوروبي غدا عقوبات إضافية على بيلاروسيا.", ("16", "IGOEUR", "BLR", "planned")),
])
def test_adopting_a_sanctions_package_is_imposing_it(coder, text, expected):
    assert rows(coder, text, "16") == [expected]


def test_relying_on_strikes_supports_no_strike(coder):
    # اعتمد على is 'relied on': no support verb, and the strikes keep their own doer and target
    text = "اعتمدت قوات النظام على الغارات الجوية الروسية في هجومها على حلب."
    assert ("19", "RUS", "SYR", "asserted") in rows(coder, text, "19")


@pytest.mark.parametrize("text,expected", [
    ("عقد وزراء خارجية الاتحاد الأوروبي اجتماعا طارئا في لوكسمبورغ أمس لإقرار حزمة عقوبات جديدة على إيران.",
     ("16", "IGOEUR", "IRN", "intended")),
    ("اجتمع وزراء خارجية الاتحاد الأوروبي في بروكسل لاعتماد عقوبات جديدة على روسيا.",
     ("16", "IGOEUR", "RUS", "intended")),
    ("بدأ سفراء الاتحاد الأوروبي اجتماعا مغلقا في مقر المفوضية في بروكسل صباح اليوم لاعتماد قائمة جديدة من "
     "العقوبات ضد سوريا.", ("16", "IGOEUR", "SYR", "intended")),
    ("يصل وزير الخارجية الأمريكي إلى أنقرة غدا في زيارة تستغرق يومين لبحث فرض عقوبات على سوريا.",
     ("16", "USAGOV", "SYR", "intended")),
])
def test_a_measure_a_meeting_is_held_for_is_intended_by_who_meets(coder, text, expected):
    assert rows(coder, text, "16") == [expected]


def test_a_meeting_a_trip_is_made_for_is_intended(coder):
    assert rows(coder, "وصل وفد الحكومة السورية إلى جنيف للقاء المبعوث الأممي.", "04") == [
        ("04", "SYRGOV", "CHE", "asserted"), ("04", "SYRGOV", "IGOUNOGOV", "intended")]


def test_a_purpose_told_in_a_report_is_not_the_earlier_meeting_s(coder):
    # the ل + masdar after a reporting verb belongs to what is reported, not to the meeting before it
    found = rows(coder, "اجتمع الوزير الروسي مع نظيره الصيني، وقال مسؤولون إن واشنطن تستعد لفرض عقوبات على "
                        "بكين.", "16")
    assert found == [("16", "USA", "CHN", "planned")]


@pytest.mark.parametrize("text,expected", [
    ("رفعت الولايات المتحدة العقوبات المفروضة على السودان.", ("085", "USA", "SDN", "asserted")),
    ("وكانت واشنطن قد رفعت العقوبات عن كوبا العام الماضي.", ("085", "USA", "CUB", "asserted")),
    ("ترفع الحكومة البريطانية العقوبات على ليبيا.", ("085", "GBRGOV", "LBY", "asserted")),
])
def test_lifting_sanctions_on_or_from_someone(coder, text, expected):
    assert rows(coder, text, "085") == [expected]


@pytest.mark.parametrize("text,expected", [
    ("امتنعت روسيا عن حضور القمة احتجاجا على العقوبات.", ("125", "RUS", None, "asserted")),
    ("وكان الوفد الإيراني قد امتنع عن حضور الجلسة الافتتاحية للمؤتمر.", ("125", "IRNGOV", None, "asserted")),
    ("رفضت حركة حماس الحوار مع السلطة الفلسطينية.", ("125", "PSEINS", "PSEGOV", "asserted")),
    ("قاطعت المعارضة الفنزويلية المفاوضات مع الحكومة الفنزويلية.", ("125", "VENOPP", "VENGOV", "asserted")),
])
def test_refusing_or_staying_away_from_talks_is_rejecting_a_meeting(coder, text, expected):
    assert rows(coder, text, "125") == [expected]


def test_abstaining_from_a_comment_stays_a_decline_to_comment(coder):
    assert rows(coder, "امتنع المتحدث باسم الخارجية الروسية عن التعليق.", "01") == [
        ("01", "RUSGOV", None, "asserted")]


@pytest.mark.parametrize("text", [
    "وكان دي ميستورا قد التقى وفد الحكومة السورية.",
    "وقال دي ميستورا إنه التقى وفد الحكومة السورية.",
])
def test_short_name_after_a_function_word_with_its_conjunction(coder, text):
    assert rows(coder, text, "04") == [("04", "IGOUNO", "SYRGOV", "asserted")]


@pytest.mark.parametrize("text,expected", [
    ("أجرت إيران تجربة لإطلاق صاروخ باليستي.", ("150", "IRN", None, "asserted")),
    ("أجرت كوريا الشمالية اختبارا لصاروخ عابر للقارات.", ("150", "PRK", None, "asserted")),
    ("أعلنت بيونغ يانغ نجاح تجربة صاروخ جديد قادر على حمل رأس نووي.", ("150", "PRK", None, "asserted")),
])
def test_a_weapon_tested_is_a_show_of_force_not_its_use(coder, text, expected):
    events = coder.code(text, date=ON).events
    assert [(e.cameo, e.source.actor.code if e.source else None, e.target.actor.code if e.target else None,
             e.modality) for e in events] == [expected]


def test_a_test_noun_supports_only_the_weapon_it_names(coder):
    assert rows(coder, "تجربة الحرب الأهلية في لبنان ماثلة في الأذهان.", "") == []


def test_the_act_a_plan_follows_is_told_as_done(coder):
    text = "تستعد الولايات المتحدة لفرض عقوبات جديدة على إيران بعد تجربتها لإطلاق صاروخ باليستي."
    assert sorted(rows(coder, text, "1")) == [("1", "IRN", None, "asserted"), ("1", "USA", "IRN", "planned")]


def test_not_yet_keeps_its_negation(coder):
    # بعد after a negated verb is "yet", not "after": what is not yet done stays negated
    assert rows(coder, "لم تقرر الحكومة البريطانية بعد فرض عقوبات على روسيا.", "16") == [
        ("16", "GBRGOV", "RUS", "negated")]


def test_a_purpose_ends_at_the_next_coordinated_verb(coder):
    text = "اجتمع مجلس الأمن الدولي أمس لبحث الوضع في بورما وطالب السلطات البورمية بالإفراج عن المعتقلين."
    assert [r[3] for r in rows(coder, text, "10")] == ["asserted"]


@pytest.mark.parametrize("text,expected", [
    ("رفض الاتحاد الأوروبي رفع العقوبات عن روسيا.", ("1244", "IGOEUR", "RUS", "asserted")),
    ("يرفض الكونغرس الأمريكي تخفيف العقوبات على إيران.", ("1244", "USALEG", "IRN", "asserted")),
    ("طالبت روسيا الاتحاد الأوروبي برفع العقوبات عنها.", ("1054", "RUS", "IGOEUR", "asserted")),
    ("طالبت إيران الولايات المتحدة برفع العقوبات الاقتصادية.", ("1054", "IRN", "USA", "asserted")),
    ("دعت روسيا إلى رفع العقوبات المفروضة على سوريا.", ("0254", "RUS", "SYR", "asserted")),
])
def test_refusing_demanding_or_calling_for_the_lifting_of_sanctions(coder, text, expected):
    assert rows(coder, text, expected[0]) == [expected]


def test_raising_prices_is_no_sanctions_relief(coder):
    assert coder.code("رفضت الحكومة المصرية رفع أسعار الوقود.", date=ON).events == []


@pytest.mark.parametrize("text,expected", [
    ("أعلن الاتحاد الأوروبي تمديد العقوبات الاقتصادية على روسيا لستة أشهر.", ("16", "IGOEUR", "RUS", "asserted")),
    ("فرضت الولايات المتحدة عقوبات اقتصادية جديدة على فنزويلا.", ("16", "USA", "VEN", "asserted")),
])
def test_economic_sanctions_are_not_figurative(coder, text, expected):
    assert rows(coder, text, "16") == [expected]


@pytest.mark.parametrize("text,expected", [
    ("انسحب وفد المعارضة السورية من الاجتماع احتجاجا على تصريحات المبعوث الأممي.", ("164", "SYROPP", None, "asserted")),
    ("انسحب المندوب الروسي من جلسة مجلس الأمن احتجاجا على كلمة المندوب الأوكراني.",
     ("164", "RUSGOV", None, "asserted")),
])
def test_walking_out_of_a_meeting_halts_the_talks(coder, text, expected):
    assert rows(coder, text, "164") == [expected]


def test_a_military_withdrawal_stays_one(coder):
    assert rows(coder, "انسحبت القوات الأمريكية من قاعدة عين الأسد.", "08") == [
        ("08", "USAMIL", "IRQ", "asserted")]


def test_a_delegate_speaks_for_his_state(coder):
    assert rows(coder, "انتقد المندوب الأمريكي في مجلس الأمن الموقف الروسي.", "11") == [
        ("11", "USAGOV", "RUS", "asserted")]


@pytest.mark.parametrize("text", [
    "وأفادت مصادر مطلعة بأن وزير الخارجية الأمريكي التقى نظيره الروسي في جنيف.",
    "وذكرت مصادر دبلوماسية أن وزير الخارجية الأمريكي التقى نظيره الروسي في جنيف.",
])
def test_unnamed_sources_do_not_take_the_country_of_whom_they_speak_of(coder, text):
    (event,) = coder.code(text, date=ON).events
    assert (event.cameo, event.source.actor.code, event.target.actor.code) == ("040", "USAGOV", "RUSGOV")
    assert event.attribution is not None and not (event.attribution.speaker.code or "").startswith("USA")


def test_the_owner_of_a_statement_is_the_subject_of_its_relative_clause(coder):
    text = "ورفضت الحكومة السورية البيان الختامي للمعارضة السورية الذي طالبت فيه برحيل الرئيس بشار الأسد."
    assert rows(coder, text, "10") == [("10", "SYROPP", "SYRGOV", "asserted")]


@pytest.mark.parametrize("text,expected", [
    ("يلتقي الرئيس الروسي نظيره التركي في سوتشي الأسبوع المقبل.", ("04", "RUSGOV", "TURGOV", "planned")),
    ("يصل وزير الخارجية الأمريكي إلى أنقرة غدا.", ("04", "USAGOV", "TUR", "planned")),
    ("ويزور الرئيس الفرنسي الجزائر يوم الأحد المقبل.", ("04", "FRAGOV", "DZA", "planned")),
    ("يلتقي الرئيس الروسي نظيره التركي في سوتشي اليوم.", ("04", "RUSGOV", "TURGOV", "asserted")),
    ("التقى الرئيس الروسي نظيره التركي في سوتشي أمس.", ("04", "RUSGOV", "TURGOV", "asserted")),
])
def test_an_imperfect_dated_ahead_of_the_article_is_planned(coder, text, expected):
    assert rows(coder, text, "04") == [expected]


def test_a_date_that_names_a_movement_plans_nothing(coder):
    # 14 آذار is also a coalition's name: only dates told relative to the article's day (غدا، المقبل) look ahead
    text = "ويلتقي نواب قوى 14 آذار رئيس الحكومة اللبنانية في بيروت."
    assert all(r[3] == "asserted" for r in rows(coder, text, "04"))


@pytest.mark.parametrize("text,expected", [
    ("فرضت عقوبات أمريكية جديدة على ثلاثة مسؤولين سوريين.", ("16", "USA", "SYRGOV", "asserted")),
    ("فرضت عقوبات الاتحاد الأوروبي على روسيا في 2014.", ("16", "IGOEUR", "RUS", "asserted")),
    ("تم فرض عقوبات على ثلاثة مسؤولين سوريين.", ("16", None, "SYRGOV", "asserted")),
])
def test_whose_sanctions_they_are_when_the_support_verb_names_no_subject(coder, text, expected):
    assert rows(coder, text, "16") == [expected]
