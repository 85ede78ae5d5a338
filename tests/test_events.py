"""Event coding rules, each on a short sentence: arguments, support verbs, objects, places, dates, evidence."""

from datetime import date

import pytest


def events(coder, text, on=date(2024, 3, 12)):
    return [(e.source.actor.code if e.source else None, e.target.actor.code if e.target else None, e.cameo,
             e.modality) for e in coder.code(text, date=on).events]


@pytest.mark.parametrize("text,expected", [
    # VSO and SVO
    ("زار الرئيس الصيني موسكو.", ("CHNGOV", "RUS", "042", "asserted")),
    ("الرئيس الصيني يزور موسكو.", ("CHNGOV", "RUS", "042", "asserted")),
    # support verb + event noun, accusative noun form
    ("شنت إسرائيل هجوما على لبنان.", ("ISR", "LBN", "190", "asserted")),
    # purpose clause inherits the subject of the governing verb
    ("توجه وزير الخارجية الإيراني إلى مسقط لعقد محادثات مع الولايات المتحدة.", ("IRNGOV", "USA", "040", "asserted")),
    # relative clause takes its antecedent across a parenthetical
    ("انتهك الاتفاق قرارات الأمم المتحدة، المدعومة من روسيا، التي تحظر تجارة الأسلحة مع إيران.",
     ("IGOUNO", "IRN", "163", "asserted")),
    # possessive pronoun on the event noun
    ("قالت روسيا إن حربها في أوكرانيا ستستمر.", ("RUS", "UKR", "190", "asserted")),
    # passive voice marked by vocalization, with an agent phrase
    ("اعتُقل صحفي فرنسي في إسطنبول على يد الشرطة التركية.", ("TURCOP", "FRAMED", "173", "asserted")),
    # receiving verb: the giver is the source
    ("تلقى ولي العهد السعودي اتصالا هاتفيا من الرئيس الإيراني.", ("IRNGOV", "SAUGOV", "041", "asserted")),
    # the object changes the code
    ("قدمت ألمانيا اعتذارا رسميا لناميبيا.", ("DEU", "NAM", "055", "asserted")),
    # a place after في is where a military event happens; its state is the target
    ("قصفت القوات الروسية محطات للطاقة في مدينة خاركيف.", ("RUSMIL", "UKR", "195", "asserted")),
    # threats take the target of the hostile act they threaten
    ("هددت الولايات المتحدة بفرض عقوبات على إيران.", ("USA", "IRN", "130", "asserted")),
])
def test_events_argument_rules(coder, text, expected):
    got = events(coder, text)
    assert expected in got, got


def test_events_compound_target_gives_one_event_per_target(coder):
    got = events(coder, "بحث وزير الخارجية الأمريكي مع مصر والأردن جهود التهدئة.")
    assert ("USAGOV", "EGY", "040", "asserted") in got and ("USAGOV", "JOR", "040", "asserted") in got


def test_events_joint_subjects_act_on_each_other(coder):
    got = events(coder, "أجرت الصين وروسيا تدريبات بحرية مشتركة.")
    assert ("CHN", "RUS", "062", "asserted") in got and ("RUS", "CHN", "062", "asserted") in got


def test_events_threatened_or_avoided_acts_are_not_asserted(coder):
    threatened = events(coder, "هددت الولايات المتحدة بفرض عقوبات على إيران.")
    assert not [e for e in threatened if e[2].startswith("16") and e[3] == "asserted"]
    avoided = events(coder, "انسحبت القوات الأوكرانية من المدينة لتجنب تطويقها من قبل القوات الروسية.")
    assert not [e for e in avoided if e[2] == "191" and e[3] == "asserted"]


def test_events_date_after_the_trigger_dates_the_event(coder):
    doc = coder.code("القاهرة، 12 مارس 2024 – من المقرر أن يزور الرئيس الصيني القاهرة يوم الأحد المقبل.",
                     date=date(2024, 3, 12))
    assert doc.events and doc.events[0].date == "2024-03-17"


def test_events_month_inside_a_date_is_not_a_verb(coder):
    got = events(coder, "أعلنت السعودية وإيران في 10 آذار/مارس 2023 اتفاقهما على استئناف العلاقات.")
    assert got and all(code != "0" and not code.startswith("17") for _, _, code, _ in got)


def test_events_place_carries_coordinates(coder):
    doc = coder.code("قصفت القوات الروسية مواقع في مدينة خاركيف.", date=date(2024, 3, 12))
    place = doc.events[0].place
    assert place is not None and place.country == "UKR" and 49 < place.lat < 51 and 35 < place.lon < 37


def test_events_reported_without_participants(coder):
    """Clashes are news with nobody named (GDELT leaves the actors blank); a verbal act with nobody named is not."""
    found = coder.code("اندلعت اشتباكات عنيفة في المدينة.", date=date(2024, 3, 12)).events
    assert [(e.cameo[:2], e.source, e.target) for e in found] == [("19", None, None)]
    assert "source: none named" in found[0].rule
    assert events(coder, "أشاد بالقرار الجديد في المؤتمر.") == []
