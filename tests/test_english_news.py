"""English constructions of real reporting, one test each: the event coded or, where that is right, its absence.

Every sentence here is written for this test in wire-service style; none is taken from a dataset.
"""

from __future__ import annotations

from datetime import date

import pytest

from khabar import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def _coded(coder: Coder, text: str) -> list[tuple[str | None, str, str | None, str]]:
    doc = coder.code(text, date=date(2024, 3, 12), language="en")
    return [(e.source.actor.code if e.source else None, e.cameo, e.target.actor.code if e.target else None,
             e.modality) for e in doc.events]


def test_a_place_as_the_object_of_a_strike_is_its_state(coder):
    assert ("ISRMIL", "195", "PSE", "asserted") in _coded(coder, "Israeli warplanes struck Gaza on Friday.")
    assert ("ISRMIL", "190", "PSE", "asserted") in _coded(coder, "Israeli troops attacked Gaza on Friday.")


def test_an_attack_with_nobody_named_is_coded_where_it_happened(coder):
    events = _coded(coder, "A car bomb exploded in Baghdad on Tuesday.")
    assert events == [(None, "183", "IRQ", "asserted")]


def test_the_killed_are_the_target_of_a_killing(coder):
    events = _coded(coder, "Five people were killed in the northern city of Mosul on Monday.")
    assert (None, "190", "---CVL", "asserted") in events
    assert all(source is None for source, *_ in events)  # the dead did not kill


def test_the_members_of_a_group_act(coder):
    assert ("EGYGOV", "040", "TURGOV", "asserted") in _coded(
        coder, "A group of Egyptian diplomats held talks with Turkish officials in Ankara.")


def test_whom_a_demand_is_made_of_is_the_subject_of_its_that_clause(coder):
    events = _coded(coder, "Washington demanded that Tehran release the detained sailors.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("USA", "10", "IRN")]


def test_a_threatened_act_is_the_threat_not_an_event_that_happened(coder):
    events = _coded(coder, "Jordan threatened to expel the Syrian ambassador.")
    assert [c[:2] for _, c, _, _ in events] == ["13"]
    assert events[0][0] == "JOR" and events[0][2] == "SYRGOV"


def test_an_offer_codes_the_offer_only(coder):
    events = _coded(coder, "Libya offered to hand over two suspects to Britain.")
    assert [c[:2] for _, c, _, _ in events] == ["03"]


def test_a_verbal_act_without_a_speaker_of_known_country_is_not_coded(coder):
    # "both leaders" names no country: a confrontation "by leaders" says nothing of a dyad
    assert _coded(coder, "Both leaders have been locked in confrontations with Washington for years.") == []


def test_a_shooting_near_an_embassy_targets_the_embassy_not_the_city(coder):
    events = _coded(coder, "Gunmen opened fire near the Israeli embassy in Stockholm on Wednesday.")
    assert events and all((t or "").startswith("ISR") for _, _, t, _ in events)


def test_a_quote_keeps_its_place_names_out_of_the_quoted_event(coder):
    events = _coded(coder, '"Russia is shelling us every night," the Ukrainian president told lawmakers in Washington.')
    assert all(t != "USA" for _, _, t, _ in events)


def test_a_title_before_an_unknown_name_is_that_person_with_the_titles_role(coder):
    events = _coded(coder, "President Yoweri Museveni threatened to ban Ugandan opposition candidates from the vote.")
    assert [(s, c[:2]) for s, c, _, _ in events] == [("UGAGOV", "13")]  # the country from the one state named


def test_a_state_institution_takes_the_one_state_its_sentence_names(coder):
    events = _coded(coder, "Police arrested three journalists in Cairo on Sunday.")
    assert ("EGYCOP", "173", "EGYMED", "asserted") in events


def test_a_pronoun_opening_a_reported_clause_is_its_speaker(coder):
    events = _coded(coder, "Switzerland said today it had expelled two Russian diplomats for spying.")
    assert [(s, c, t) for s, c, t, _ in events] == [("CHE", "166", "RUSGOV")]


def test_would_in_reported_speech_is_planned_but_under_if_hypothetical(coder):
    planned = _coded(coder, "Egypt said it would send a delegation to Khartoum next week.")
    # what its doer says it will do: the act planned, or CAMEO's intent (03x)
    assert [(s, m) for s, c, _, m in planned if c[:2] in ("07", "03")] == [("EGY", "planned")]
    conditional = _coded(coder, "Egypt said it would send troops to Khartoum if the fighting spread.")
    assert all(m == "hypothetical" for _, c, _, m in conditional if c.startswith("07"))


def test_a_gerund_after_an_event_nouns_preposition_is_its_content(coder):
    events = _coded(coder, "Protesters in Tbilisi demanded that the government resume talks on joining the EU.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("GEOCVL", "10", "GEOGOV")]


def test_a_toll_folds_into_the_attack_that_caused_it(coder):
    events = _coded(coder, "An Israeli air strike killed five people in Rafah on Tuesday.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("ISR", "19", "---CVL")]


def test_the_owner_of_a_weapon_fires_it(coder):
    events = _coded(coder, "Russian missiles struck a power station in Kharkiv overnight.")
    assert events and all(s == "RUS" for s, *_ in events)


def test_a_material_act_by_a_named_doer_is_coded_without_a_target(coder):
    events = _coded(coder, "Iran's navy seized a foreign oil tanker in the Gulf of Oman.")
    assert [(s, c[:2]) for s, c, _, _ in events] == [("IRNMIL", "17")]


def test_a_plural_noun_that_could_be_a_verb_makes_no_targetless_event(coder):
    events = _coded(coder, "Israeli troops arrested 12 Palestinians during overnight raids in Jenin.")
    assert [(s, c, t) for s, c, t, _ in events] == [("ISRMIL", "173", "PSE")]


def test_between_a_and_b_are_both_targets_of_a_named_mediator(coder):
    events = _coded(coder, "Qatar and Egypt have been mediating between Israel and Hamas for months.")
    assert {(s, t[:3]) for s, c, t, _ in events if c.startswith("04")} == {
        ("QAT", "ISR"), ("QAT", "PSE"), ("EGY", "ISR"), ("EGY", "PSE")}


def test_what_an_appeal_asks_for_is_not_an_event_that_happened(coder):
    events = _coded(coder, "The Red Cross called on Hamas to allow its staff to visit the hostages held in Gaza.")
    assert [c[:2] for _, c, _, _ in events] == ["02"]


def test_an_infinitive_of_purpose_is_done_by_the_subject_of_the_verb_before(coder):
    events = _coded(coder, "A South Korean lawmaker visited Tokyo to meet Japanese officials.")
    assert ("KORLEG", "040", "JPNGOV", "asserted") in events


def test_would_under_an_uncertainty_is_its_future(coder):
    events = _coded(coder, "It was unclear whether Iran would allow IAEA inspectors back into the Fordow site.")
    assert events and all(m == "uncertain" for *_, m in events)


def test_a_state_named_as_the_target_does_not_give_a_titled_person_its_country(coder):
    events = _coded(coder, "President Abel Marquez threatened new measures against Russia.")
    assert all(not (s or "").startswith("RUS") for s, *_ in events)


def test_a_role_across_a_country_belongs_to_it(coder):
    events = _coded(coder, "Thousands of students throughout Indonesia staged demonstrations on Saturday.")
    assert [(s, c[:2]) for s, c, _, _ in events] == [("IDNEDU", "14")]


def test_the_author_of_a_call_is_the_target_of_its_rejection(coder):
    events = _coded(coder, "Berlin rejected recent calls by Belarus's rulers for economic aid.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("DEU", "12", "BLRGOV")]


def test_a_participle_after_a_comma_has_the_subject_of_the_clause_before(coder):
    events = _coded(coder, "Egyptian police opened fire on demonstrators, killing one person and arresting 12.")
    assert events and all(s == "EGYCOP" for s, *_ in events)


def test_the_dead_of_a_bombing_are_its_target_not_its_doer(coder):
    events = _coded(coder, "A prominent journalist has been killed in a car bomb explosion in eastern Beirut.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [(None, "18", "---MED")]


def test_its_forces_are_the_forces_of_the_state_named_before(coder):
    events = _coded(coder, "Russia claimed its forces had captured the eastern Ukrainian town of Avdiivka.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("RUSMIL", "19", "UKR")]


def test_a_gerund_after_a_denial_is_what_the_speaker_denies_doing(coder):
    events = _coded(coder, "Israel's military denied forcibly displacing Palestinians from northern Gaza.")
    assert [(s, c[:2], t, m) for s, c, t, m in events] == [("ISRMIL", "20", "PSE", "negated")]


# ---------------------------------------------------------------- vocabulary by CAMEO code (issue 16)
# Wire-style sentences written for these tests: each checks that an area of the English lexicon codes its CAMEO root
# with the right source.


def _roots(coder: Coder, text: str) -> set[tuple[str | None, str]]:
    return {(s, c[:2]) for s, c, _, _ in _coded(coder, text)}


def test_shelling_and_bombing_code_without_a_named_target(coder):
    assert ("ETHREB", "19") in _roots(coder, "Ethiopian rebels shelled the town of Gondar overnight, residents said.")
    assert ("TURMIL", "19") in _roots(coder, "Turkish warplanes bombed militant hideouts in the mountains.")
    # the weapon named alone is no strike
    assert all(c[:2] != "19" for _, c, _, _ in _coded(coder, "Russia bought artillery shells and bombs from Iran."))


def test_expulsions_of_diplomats_aid_workers_and_inspectors(coder):
    assert ("DEU", "166", "RUSGOV") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Germany expelled two Russian diplomats on Monday.")}
    assert ("SDN", "1663") in {(s, c) for s, c, _, _ in _coded(coder, "Sudan expelled aid workers from Darfur.")}


def test_curfews_and_emergencies_imposed_and_lifted(coder):
    assert ("SRB", "0813", "XKX") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Serbia lifted a night curfew in Kosovo on Sunday.")}
    assert ("THAGOV", "0814") in {(s, c) for s, c, _, _ in _coded(
        coder, "The Thai government lifted the state of emergency in Bangkok.")}
    assert ("NGA", "1723") in {(s, c) for s, c, _, _ in _coded(coder, "Nigeria imposed a night curfew on Jos.")}


def test_strikes_walkouts_and_blocked_roads(coder):
    assert ("GRCLAB", "14") in _roots(coder, "Thousands of Greek workers went on strike on Wednesday over pensions.")
    assert ("---CVL", "144") in {(s, c) for s, c, _, _ in _coded(
        coder, "Hundreds of protesters blocked roads in La Paz on Tuesday.")}


def test_diplomatic_ties_established_and_severed_aid_halted(coder):
    assert ("BTN", "050", "IND") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Bhutan established diplomatic relations with India in 1968.")}
    assert ("QAT", "161", "EGY") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Qatar severed diplomatic ties with Egypt on Friday.")}
    assert ("JPN", "162", "MMR") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Japan halted economic aid to Myanmar after the coup.")}


def test_a_refusal_is_a_rejection_and_the_refused_act_is_not_coded(coder):
    events = _coded(coder, "Iran refused to release the British tanker.")
    assert [(s, c[:2]) for s, c, _, _ in events] == [("IRN", "12")]
    assert ("ZWEGOV", "12") in _roots(coder, "Zimbabwe's president refused to step down.")


def test_demands_accepted_from_their_authors_and_calls_for_resignation(coder):
    assert ("MOZGOV", "083", "---OPP") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "The Mozambican government accepted demands from opposition parties.")}
    assert ("VENOPP", "02") in _roots(coder, "Venezuela's opposition called for the resignation of President Maduro.")


def test_vows_to_fight_threats_and_tear_gas(coder):
    assert ("ETHREB", "13") in _roots(coder, "Ethiopian rebels vowed to fight on until the government falls.")
    assert ("RUS", "1324") in {(s, c) for s, c, _, _ in _coded(
        coder, "Russia threatened to impose martial law in the region.")}
    assert ("KENCOP", "175") in {(s, c) for s, c, _, _ in _coded(
        coder, "Kenyan police fired tear gas at protesters in Nairobi.")}


def test_extradition_intelligence_sharing_and_british_spellings(coder):
    assert ("ESP", "063", "FRA") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Spain extradited two Basque separatists to France on Friday.")}
    assert ("ISR", "064", "USA") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Israel shared intelligence with the United States about the plot.")}
    assert ("RWA", "11") in _roots(coder, "Rwanda criticised the United Nations for its inaction.")


def test_a_verb_spelled_like_a_determiner_after_to_is_an_infinitive(coder):
    events = _coded(coder, "Iran threatened to close the Strait of Hormuz.")
    assert [(s, c[:2]) for s, c, _, _ in events] == [("IRN", "13")]  # closing is only threatened


def test_bans_and_curbs_on_parties_and_the_press(coder):
    assert ("THA", "1722") in {(s, c) for s, c, _, _ in _coded(
        coder, "Thailand banned the main opposition party on Wednesday.")}
    assert ("RUS", "1721") in {(s, c) for s, c, _, _ in _coded(
        coder, "Russia imposed a media blackout on the region.")}


def test_urging_someone_to_act_is_an_appeal_to_them(coder):
    events = _coded(coder, "Germany urged Serbia and Kosovo to resume talks.")
    assert {("DEU", "020", "SRB"), ("DEU", "020", "XKX")} <= {(s, c, t) for s, c, t, _ in events}


def test_ceasefire_violations_and_recalled_ambassadors(coder):
    assert ("AZEMIL", "196") in {(s, c) for s, c, _, _ in _coded(
        coder, "Azerbaijani forces violated the ceasefire on Tuesday.")}
    assert ("FRA", "161", "AUS") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "France recalled its ambassador from Australia.")}


def test_a_place_right_after_a_strikes_preposition_is_its_target(coder):
    assert ("ISR", "195", "PSE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Israel carried out an air strike on Gaza.")}


def test_a_phrase_around_a_trigger_word_that_names_no_event(coder):
    assert _coded(coder, "Investors shelled out billions for the new shares.") == []


def test_a_participle_between_an_article_and_its_noun_is_no_event(coder):
    events = _coded(coder, "Iran refused to release the detained British tanker.")
    assert all(c != "173" for _, c, _, _ in events)
    assert all(c != "192" for _, c, _, _ in _coded(coder, "Pakistan handed over a captured Indian pilot to India."))


def test_a_sentence_opening_with_an_event_noun_codes_it(coder):
    events = _coded(coder, "Fighting broke out between the Sudanese army and the RSF in Khartoum.")
    assert any(c[:2] == "19" for _, c, _, _ in events)


def test_refugees_resettled_inspectors_barred_and_water_cannon(coder):
    assert ("CAN", "075") in {(s, c) for s, c, _, _ in _coded(coder, "Canada resettled Afghan refugees last year.")}
    assert ("IRN", "17") in _roots(coder, "Iran barred UN inspectors from the site.")
    assert ("CHNCOP", "175") in {(s, c) for s, c, _, _ in _coded(
        coder, "China's coast guard fired water cannon at a Philippine boat.")}


def test_an_agreement_with_its_doer_named_is_coded_without_a_party(coder):
    events = _coded(coder, "Denmark accepted a compromise formula on fishing quotas on Monday.")
    assert [(s, c[:2], t) for s, c, t, _ in events] == [("DNK", "03", None)]


def test_short_english_names_of_states_are_known(coder):
    events = _coded(coder, "Bosnia and Croatia agreed to a ceasefire after two days of fighting.")
    assert ("BIH", "0871", "HRV", "asserted") in events


# ---------------------------------------------------------------- acts announced by their own doer (issue 16)
def test_an_act_announced_by_its_doer_is_an_intent(coder):
    assert ("NOR", "033", "SYRREF", "planned") in _coded(
        coder, "Norway said it would resettle 3,000 Syrian refugees next year.")
    assert ("PRT", "033", "UKR") in {(s, c[:3], t) for s, c, t, _ in _coded(
        coder, "Portugal announced it will send armoured vehicles to Ukraine.")}


def test_a_hostile_act_announced_by_its_doer_is_a_threat(coder):
    events = _coded(coder, "Opposition supporters in Kenya said they would blockade the main roads into Nairobi.")
    assert [c for _, c, _, _ in events] == ["1381"]


def test_an_act_its_doer_says_it_will_not_do_is_a_refusal(coder):
    events = _coded(coder, "Hungary said it would not accept any more migrants.")
    assert [(s, c[:2], m) for s, c, _, m in events] == [("HUN", "12", "asserted")]


def test_a_plan_reported_by_someone_else_stays_the_act(coder):
    events = _coded(coder, "Russia will attack Odesa next week, Ukrainian intelligence said.")
    assert [(s, c[:2], t, m) for s, c, t, m in events] == [("RUS", "19", "UKR", "planned")]


def test_an_intent_threat_or_refusal_takes_its_code_from_the_act(coder):
    assert ("SRB", "1313", "MNE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Serbia threatened to cut diplomatic ties with Montenegro.")}
    assert "1324" in {c for _, c, _, _ in _coded(
        coder, "The Thai government said it is prepared to impose martial law in the south.")}
    assert "1243" in {c for _, c, _, _ in _coded(coder, "Iran refused to release the seized tanker.")}


# ---------------------------------------------------------------- joint subjects of cooperative acts
def test_a_joint_subject_of_a_cooperative_act_acts_both_ways(coder):
    events = {(s, c, t) for s, c, t, _ in _coded(coder, "Oman and Iran held talks on maritime security.")}
    assert {("OMN", "IRN"), ("IRN", "OMN")} <= {(s, t) for s, c, t in events if c[:2] == "04"}
    events = {(s, c, t) for s, c, t, _ in _coded(coder, "Ethiopia and Eritrea agreed to a ceasefire on Sunday.")}
    assert {("ETH", "0871", "ERI"), ("ERI", "0871", "ETH")} <= events


def test_a_joint_subject_of_an_attack_is_not_made_mutual(coder):
    events = _coded(coder, "Russia and Belarus shelled Ukrainian positions.")
    assert all(t not in ("RUS", "BLR") for _, c, t, _ in events if c[:2] == "19")


# ---------------------------------------------------------------- weapons fired, arrivals, titles, ethnic groups
def test_a_weapon_fired_codes_the_firing(coder):
    assert ("SYRMIL", "194", "LBN") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Syrian troops fired dozens of shells at villages in Lebanon.")}
    assert _coded(coder, "The board fired its chief financial officer on Monday.") == []


def test_arriving_in_a_capital_is_a_visit_to_its_state(coder):
    assert ("TURGOV", "042", "QAT") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "The Turkish foreign minister arrived in Doha on Sunday.")}


def test_a_title_before_a_known_short_name_names_that_person(coder):
    assert any(s and s.startswith("USA") and c[:2] == "13" for s, c, _, _ in _coded(
        coder, "President Bush threatened new sanctions against Syria.", ))


def test_a_demonym_before_another_names_an_ethnic_group_of_the_first_state(coder):
    events = _coded(coder, "Bosnian Serb forces shelled Sarajevo on Monday.")
    assert [(s, c) for s, c, _, _ in events] == [("BIHMIL", "194")]


def test_generic_armed_and_civil_actors_have_roles(coder):
    assert any(s == "---REB" for s, c, _, _ in _coded(coder, "Guerrillas ambushed an army convoy near the border."))
    assert ("SDNREB", "190") in {(s, c[:3]) for s, c, _, _ in _coded(
        coder, "Sudanese rebel commanders attacked the town of El Fasher.")}


# ---------------------------------------------------------------- demands, refusals without a party, objects
def test_must_in_another_speakers_report_is_a_demand_of_the_doer(coder):
    events = _coded(coder, "Syria must withdraw its troops from Lebanon, the French foreign minister said.")
    assert ("FRAGOV", "106", "SYR", "asserted") in events
    assert all(s != "SYR" for s, *_ in events)  # no withdrawal happened
    assert not any(c[:2] == "10" for _, c, _, _ in _coded(coder, "Russia said it must defend its borders."))


def test_a_short_name_before_a_role_gives_the_role_its_state(coder):
    events = _coded(coder, "The Bush administration declared that Iran must release the detained sailors.")
    assert any(s == "USAGOV" and t == "IRN" and c[:2] == "10" for s, c, t, _ in events)


def test_a_refusal_is_news_with_only_its_doer_named(coder):
    assert ("HUN", "12") in {(s, c[:2]) for s, c, _, _ in _coded(
        coder, "Hungary rejected the proposal on Tuesday.")}


def test_withdrawing_inspectors_and_meeting_demands(coder):
    assert ("IGO", "1662") in {(s[:3] if s else s, c) for s, c, _, _ in _coded(
        coder, "The United Nations withdrew its inspectors from Iraq.")}
    assert ("SRB", "083") in {(s, c) for s, c, _, _ in _coded(coder, "Serbia met the strikers' demands on Friday.")}


# ---------------------------------------------------------------- appositions, doubled roles, adjectival roles
def test_an_apposition_gives_a_known_person_his_role_at_the_date(coder):
    doc = coder.code("Antony Blinken, the US Secretary of State, said Washington would send more aid to Ukraine.",
                     date=date(2008, 5, 1), language="en")
    assert [e.attribution.speaker.code for e in doc.events if e.attribution] == ["USAGOV"]


def test_an_organization_or_seat_before_a_role_it_carries_is_not_doubled(coder):
    codes = {s for s, *_ in _coded(coder, "White House officials accused Iran of lying.")}
    assert codes == {"USAGOV"}
    codes = {s for s, *_ in _coded(coder, "NATO peacekeeping troops fired on the crowd.")}
    assert codes == {"IGONAT"}


def test_a_role_word_used_as_an_adjective_names_nobody(coder):
    events = _coded(coder, "Palestinian leaders said they would boycott all official contact with Washington.")
    assert all(t != "PSEGOV" for _, _, t, _ in events)
    assert [c[:2] for _, c, _, _ in events] == ["13"]


# ---------------------------------------------------------------- names, rallies, participles before objects
def test_a_name_opening_with_a_lower_case_arabic_article(coder):
    assert any(s and s.startswith("IMG") and c[:2] == "13" for s, c, _, _ in _coded(
        coder, "The leader of al-Qaeda threatened new attacks on the United States."))


def test_staging_rallies_is_a_demonstration(coder):
    events = _coded(coder, "Opposition supporters in Armenia staged rallies against the government in Yerevan.")
    assert any(c == "141" for _, c, _, _ in events)
    assert not any(c == "053" for _, c, _, _ in events)


def test_a_participle_before_an_object_is_no_report(coder):
    assert ("KEN", "063", "USA") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Kenya extradited suspected drug lord Ali Hassan Omar to the United States on Friday.")}


def test_a_threatened_event_noun_is_the_threats_content(coder):
    events = _coded(coder, "Hezbollah threatened fresh attacks on Israel.")
    assert [(s, c, t) for s, c, t, _ in events] == [("LBNINS", "1384", "ISR")]


def test_a_conditional_act_announced_by_its_doer_is_an_offer_or_a_threat(coder):
    events = _coded(coder, "Rebel leaders in Colombia said they would meet government negotiators if the army "
                           "withdrew from the region.")
    assert any(s == "COLREB" and c == "036" for s, c, _, _ in events)
    assert any(c[:2] == "13" for _, c, _, _ in _coded(
        coder, "Turkey said it would strike Kurdish positions in Syria if the attacks continued."))


def test_a_hostile_act_its_doer_plans_is_a_threat(coder):
    events = _coded(coder, "Hungary plans to impose restrictions on foreign workers next year.")
    assert [(s, c) for s, c, _, _ in events] == [("HUN", "132")]


def test_a_speaker_named_with_an_acronym_in_brackets(coder):
    doc = coder.code("Israel will allow aid convoys into Gaza, the World Health Organization (WHO) said on Monday.",
                     date=date(2024, 3, 12), language="en")
    assert [(e.source.actor.code, e.attribution.speaker.code) for e in doc.events if e.attribution] == [
        ("ISR", "IGOWHO")]


def test_prc_is_china(coder):
    assert ("CHN", "10", "USA") in {(s, c[:2], t) for s, c, t, _ in _coded(
        coder, "The PRC demanded that the US halt arms sales to Taiwan.")}


# ---------------------------------------------------------------- groups of no country, ethnic groups
def test_protesters_with_no_country_are_those_of_the_place(coder):
    assert ("EGYCVL", "141") in {(s, c) for s, c, _, _ in _coded(
        coder, "Thousands of protesters marched in Cairo on Friday.")}


def test_an_ethnic_group_is_civilians_of_where_they_are(coder):
    events = _coded(coder, "Ethnic Serbs in northern Kosovo demanded the withdrawal of the police.")
    assert any(s == "XKXCVL" for s, c, _, _ in events if c[:2] == "10")
    assert not any((s or "").startswith("SRB") for s, *_ in events)


def test_a_group_of_no_country_may_threaten_or_demand(coder):
    assert any(s == "---CVL" and c[:2] == "10" for s, c, _, _ in _coded(
        coder, "Protesters demanded the resignation of the prime minister."))


def test_agreeing_to_an_act_that_is_no_event_word_codes_no_threat(coder):
    events = _coded(coder, "The opposition coalition in Georgia agreed to postpone the rally in Tbilisi.")
    assert not any(c[:2] == "13" for _, c, _, _ in events)


def test_a_named_groups_fighters_keep_its_code_and_a_surname_is_no_state(coder):
    assert {s for s, *_ in _coded(coder, "Hamas fighters ambushed an Israeli patrol near Khan Younis.")} == {"PSEINS"}
    events = _coded(coder, "American aid worker John Chad was freed by Houthi rebels on Monday.")
    assert ("YEMREB", "0841", "USANGO") in {(s, c, t) for s, c, t, _ in events}


# ---------------------------------------------------------------- doubt, rallies, demanded and agreed event nouns
def test_unlikely_and_doubtful_mark_doubt(coder):
    assert ("GRC", "doubted") in {(s, m) for s, _, _, m in _coded(
        coder, "Greece is unlikely to approve the accession talks with Turkey.")}
    assert any(m == "doubted" for _, _, _, m in _coded(
        coder, "It is doubtful that Iran will release the detained sailors."))


def test_rallied_is_a_demonstration(coder):
    assert ("FRACVL", "141") in {(s, c) for s, c, _, _ in _coded(
        coder, "Thousands of protesters rallied in Paris against the pension reform.")}


def test_a_demanded_or_agreed_event_noun_codes_the_demand_or_the_act(coder):
    assert ("IGOUNO", "107", "YEM") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "The UN Security Council demanded an immediate halt to the fighting in Yemen.")}
    assert ("ISR", "0871", "LBN") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Israel agreed to a pause in fighting in southern Lebanon.")}


def test_a_withdrawal_from_a_place_targets_its_state(coder):
    assert ("RUSMIL", "0874", "UKR") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Russian troops withdrew from Kherson on Friday.")}


def test_a_that_clause_after_a_demand_names_its_target(coder):
    assert ("EGY", "ISR") in {(s, t) for s, c, t, _ in _coded(
        coder, "Egypt demanded that Israel return dozens of Palestinian detainees.") if c[:2] == "10"}


def test_an_event_noun_an_announcing_speaker_names_is_the_speakers_act(coder):
    assert ("CAN", "163", "RUS") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Canada announced new sanctions on Russia.")}


def test_handing_over_captives_and_cutting_off_supplies(coder):
    assert ("IND", "0841", "PAK") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "India handed over two captured Pakistani soldiers to Pakistan.")}
    assert ("RUS", "160", "AZE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Russia cut off gas supplies to Azerbaijan on Monday.")}


def test_a_closing_report_by_speakers_with_unknown_modifiers(coder):
    doc = coder.code("Iran may resume talks with the IAEA in June, two senior Iranian officials said.",
                     date=date(2024, 3, 12), language="en")
    assert {e.attribution.speaker.code for e in doc.events if e.attribution} == {"IRNGOV"}


def test_warned_closing_a_sentence_and_expressed_doubt_are_reports(coder):
    doc = coder.code("Iran could send drones to Russia, British officials warned.", date=date(2024, 3, 12),
                     language="en")
    assert {e.attribution.speaker.code for e in doc.events if e.attribution} == {"GBRGOV"}
    assert ("RUS", "130", "SWE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Russia warned Sweden of military consequences.")}
    assert any(m == "doubted" for _, _, _, m in _coded(
        coder, "Egypt expressed doubt that Israel would allow aid into Rafah."))


def test_coordinated_demonyms_before_a_role_are_two_parties(coder):
    events = {(s, c[:2], t) for s, c, t, _ in _coded(coder, "Egyptian and Turkish officials held talks in Cairo.")}
    assert {("EGYGOV", "04", "TURGOV"), ("TURGOV", "04", "EGYGOV")} <= events
    assert ("ARMMIL", "19", "AZEMIL") in {(s, c[:2], t) for s, c, t, _ in _coded(
        coder, "Clashes between Armenian and Azerbaijani troops killed four soldiers.")}


def test_claimed_attacks_and_collective_objects(coder):
    assert ("IMGREB", "183") in {(s, c[:3]) for s, c, _, _ in _coded(
        coder, "The Islamic State group claimed responsibility for a car bombing in Baghdad.")}
    assert ("TUR", "174", "AFGREF") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Turkey deported hundreds of Afghan refugees last month.")}
    assert ("PSEINS", "195") in {(s, c) for s, c, _, _ in _coded(
        coder, "Hamas fired about 30 rockets at Israeli towns.")}


def test_an_event_noun_carried_out_by_its_doer_and_a_ratification(coder):
    assert ("ISRMIL", "17") in {(s, c[:2]) for s, c, _, _ in _coded(
        coder, "The raid near Homs was carried out by Israeli commandos, a Syrian source said.")}
    assert ("TURLEG", "057", "SWE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Turkey's parliament ratified Sweden's NATO membership.")}


def test_nuclear_weapons_used_and_exports_halted(coder):
    assert ("RUS", "2042", "UKR") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Russia could use tactical nuclear weapons in Ukraine, NATO officials warned.")}
    assert ("DEU", "160", "ISR") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Germany halted arms exports to Israel in March.")}


def test_ruling_out_a_gerund_and_calls_for_inquiries_and_purchases(coder):
    assert ("JOR", "154", "doubted") in {(s, c, m) for s, c, _, m in _coded(
        coder, "Jordan ruled out sending troops to Gaza after the war.")}
    assert ("QAT", "020") in {(s, c) for s, c, _, _ in _coded(
        coder, "Qatar called for an independent investigation into the killings.")}
    assert ("CHN", "061", "RUS") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "China bought record amounts of Russian coal in May.")}


def test_defending_ties_and_providing_support(coder):
    assert ("IRN", "052", "RUS") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Iran defended its ties with Russia on Tuesday.")}
    assert ("GBR", "USAMIL") in {(s, t) for s, c, t, _ in _coded(
        coder, "Britain provided logistical support to U.S. forces.") if c[:2] == "07"}


def test_a_predicate_modality_qualifies_its_event_noun_subject(coder):
    events = _coded(coder, "A meeting between Egyptian and Turkish officials could take place in Ankara next week.")
    assert ("EGYGOV", "TURGOV", "possible") in {(s, t, m) for s, c, t, m in events if c[:2] == "04"}


def test_letting_aid_into_a_place_targets_its_state(coder):
    assert ("EGY", "086", "PSE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Egypt allowed dozens of aid trucks into Gaza on Saturday.")}


def test_what_a_draft_says_is_no_act(coder):
    events = _coded(coder, "A draft UN resolution condemning the coup in Niger was vetoed by Russia.")
    assert not any(c[:2] == "11" for _, c, _, _ in events)
    assert ("IGOUNO", "111", "NER") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "The UN Security Council condemned the coup in Niger.")} or any(
        s == "IGOUNO" and c[:2] == "11" for s, c, _, _ in _coded(coder, "The UN Security Council condemned Niger."))


def test_opening_a_crossing_allows_passage(coder):
    assert ("EGY", "086", "PSE") in {(s, c, t) for s, c, t, _ in _coded(
        coder, "Egypt opened the Rafah crossing to Palestinians on Monday.")}
    assert ("TUR", "1245", "asserted") in {(s, c, m) for s, c, _, m in _coded(
        coder, "Turkey said it would not open its border to Syrian refugees.")}


@pytest.mark.parametrize("text,expected", [
    ("The European Union gave Jordan 50 million euros in aid on Monday.", ("IGOEUR", "070", "JOR")),
    ("The European Union gave Jordan aid on Monday.", ("IGOEUR", "070", "JOR")),
    ("Japan on Tuesday sent the Palestinians 2,000 tons of food aid.", ("JPN", "073", "PSE")),
])
def test_the_first_object_of_a_giving_verb_receives_the_event_noun(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_an_actor_after_a_giving_verb_with_no_event_noun_is_no_recipient(coder):
    # a clause between the recipient and the noun: the aid belongs to another predicate
    events = _coded(coder, "The king gave Jordan's prime minister a medal, and officials said aid would follow.")
    assert not any(c == "070" and s == "JOR" for s, c, _, _ in events)
    assert not any(c == "070" and t == "JOR" and s is not None and s != "JOR" for s, c, t, _ in events)


@pytest.mark.parametrize("text,expected", [
    ("Jordan, a close U.S. ally in the region, has refused to send troops to Syria.", ("JOR", "12", "SYR")),
    ("Qatar, the main Gulf mediator, condemned the Israeli raid.", ("QAT", "11", None)),
    ("Maria Lopez, the UN humanitarian coordinator in Yemen, urged the Houthis to free the aid workers.",
     ("IGOUNO", "02", "YEMREB")),
])
def test_the_subject_is_the_actor_an_apposition_describes(coder, text, expected):
    # an actor inside ", a close U.S. ally," describes the subject before it; an unknown name before the
    # apposition leaves the apposition's own actor ("the UN coordinator") as the subject
    assert expected in {(s, c[:2], t if expected[2] else None) for s, c, t, _ in _coded(coder, text)}


def test_a_list_set_off_by_commas_is_no_apposition(coder):
    events = _coded(coder, "Egypt, the United States and Jordan condemned Israel on Friday.")
    assert {s for s, c, _, _ in events if c[:2] == "11"} >= {"EGY", "USA", "JOR"}


@pytest.mark.parametrize("text", [
    "Kenya's Attorney General charged the former minister with fraud.",
    "The UN Secretary General urged Sudan to end the fighting.",
])
def test_a_title_ending_in_general_is_no_military_rank(coder, text):
    events = _coded(coder, text)
    assert events and not any((s or "").endswith("MIL") for s, _, _, _ in events)


def test_an_adjective_after_an_article_is_no_verb(coder):
    # "close" in "a close ally" is no closing (160); "an open letter" opens nothing
    events = _coded(coder, "Egypt, a close ally of Saudi Arabia, condemned Iran in an open letter.")
    assert not any(c[:2] == "16" for _, c, _, _ in events)
    assert ("EGY", "111", "IRN") in {(s, c, t) for s, c, t, _ in events}


@pytest.mark.parametrize("text", [
    "Russian and American negotiators return to Vienna this week for talks on limiting the number of nuclear missiles.",
    "India and Pakistan discussed a ban on cruise missiles and rockets near the border.",
])
def test_a_weapon_named_with_no_firing_verb_is_no_attack_between_the_parties(coder, text):
    assert not any(c[:2] in ("18", "19", "20") for _, c, _, _ in _coded(coder, text))


@pytest.mark.parametrize("text", [
    "Hamas fired rockets at Israel on Friday.",
    "Israel's missiles struck a Hamas command post in Gaza.",
])
def test_a_fired_or_striking_weapon_is_still_an_attack(coder, text):
    assert any(c[:2] == "19" for _, c, _, _ in _coded(coder, text))


@pytest.mark.parametrize("text,a,b", [
    ("Israel and Hezbollah exchanged fire across the border on Tuesday.", "ISR", "LBNINS"),
    ("Indian troops exchanged fire with Pakistani soldiers in Kashmir.", "INDMIL", "PAKMIL"),
    ("Israeli forces traded fire with Hamas gunmen in Gaza.", "ISRMIL", "PSEINS"),
])
def test_exchanging_fire_is_coded_both_ways(coder, text, a, b):
    pairs = {(s, t) for s, c, t, _ in _coded(coder, text) if c == "193"}
    assert {(a, b), (b, a)} <= pairs


@pytest.mark.parametrize("text", [
    "Egypt agreed to postpone the talks with Ethiopia until next month.",
    "Iran agreed to suspend negotiations with the European Union.",
])
def test_agreeing_to_undo_an_event_noun_agrees_to_no_such_event(coder, text):
    events = _coded(coder, text)
    assert any(c[:2] == "03" for _, c, _, _ in events)
    assert not any(c[:2] == "04" for _, c, _, _ in events)  # no talks agreed to


@pytest.mark.parametrize("text,expected", [
    ("Jordan said it would be ready to host a meeting between Israel and the Palestinians.", ("JOR", "036", "ISR")),
    ("Egypt would be willing to resume talks with Israel, its foreign minister said.", ("EGY", "036", "ISR")),
])
def test_would_be_ready_is_readiness_not_a_condition(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


@pytest.mark.parametrize("text,expected", [
    ("King Faisal of Jordan met the Egyptian president in Amman.", "JORGOV"),
    ("President Abdou Diallo of Senegal condemned Guinea on Friday.", "SENGOV"),
])
def test_a_titled_unknown_name_of_a_state_is_that_states(coder, text, expected):
    assert expected in {s for s, _, _, _ in _coded(coder, text)}


def test_a_short_name_after_a_title_is_nobody_without_a_role_on_the_date(coder):
    # "Hassan" is the short name of a prime minister appointed in 2024: in 1991, "King Hassan of Morocco" is not he
    doc = coder.code("King Hassan of Morocco met the French president in Rabat.", date=date(1991, 5, 2), language="en")
    assert any(e.source and e.source.actor.code == "MARGOV" for e in doc.events)


def test_quoted_as_saying_reports_its_subject(coder):
    events = _coded(coder, "King Faisal of Jordan was quoted as saying he would be ready to host talks with Israel.")
    assert ("JORGOV", "036", "ISR") in {(s, c, t) for s, c, t, _ in events}


@pytest.mark.parametrize("text,expected", [
    ("Former president Hosni Mubarak has been accused of stealing millions of dollars by Egyptian prosecutors.",
     ("EGYJUD", "112", "EGY")),  # in 2024 Mubarak is out of office: of Egypt, no role
    ("Hamas was accused of war crimes by Israel on Monday.", ("ISR", "112", "PSEINS")),
])
def test_a_passive_accusation_with_its_accuser_after_the_complement(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


@pytest.mark.parametrize("text", [
    "Hamas was accused of war crimes.",  # no accuser named
    "Iran was accused of links to attacks by Hezbollah.",  # the attacks are Hezbollah's, the accuser unnamed
])
def test_a_passive_accusation_names_no_accuser_it_does_not_have(coder, text):
    assert not any(c == "112" for _, c, _, _ in _coded(coder, text))


def test_a_passive_charge_with_its_prosecutor_after_the_complement(coder):
    events = _coded(coder, "The former minister was charged with corruption by Kenyan prosecutors.")
    assert any(s == "KENJUD" and c[:3] == "173" for s, c, _, _ in events)


@pytest.mark.parametrize("text,expected", [
    ("Tamil Tiger rebels attacked an army camp in northern Sri Lanka.", "LKAREB"),
    ("UNITA refused to hand over the town to government troops.", "AGOREB"),
    ("The Irish Republican Army announced a ceasefire on Wednesday.", "GBRREB"),
    ("FARC guerrillas kidnapped three soldiers near the border.", "COLREB"),
])
def test_armed_movements_of_older_wars_are_known_actors(coder, text, expected):
    assert expected in {s for s, _, _, _ in _coded(coder, text)}


@pytest.mark.parametrize("text,expected", [
    ("Gunmen linked to Hamas attacked an Israeli patrol near the border.", "PSE"),
    ("Workers affiliated with the Serbian trade union went on strike on Monday.", "SRB"),
    ("Fighters loyal to the Syrian government shelled the town.", "SYR"),
])
def test_an_agent_tied_to_an_actor_is_that_actors(coder, text, expected):
    assert expected in {(s or "")[:3] for s, _, _, _ in _coded(coder, text)}


def test_a_bracketed_acronym_between_subject_and_verb_opens_no_clause(coder):
    events = _coded(coder, "Some 5,000 members of the Egyptian Medical Syndicate (EMS) went on strike on Sunday.")
    assert any((s or "").startswith("EGY") and c[:2] == "14" for s, c, _, _ in events)


@pytest.mark.parametrize("text,on,expected", [
    ("President Yoweri Museveni accused Rwanda of backing the rebels.", date(1999, 3, 1), "UGAGOV"),
    ("Boris Yeltsin met Helmut Kohl in Moscow.", date(1995, 6, 1), "RUSGOV"),
    ("Nelson Mandela accused President de Klerk of complicity in the killings.", date(1992, 6, 20), "ZAFOPP"),
    ("Prime Minister Yitzhak Rabin met Yasser Arafat in Cairo.", date(1994, 5, 4), "ISRGOV"),
])
def test_leaders_of_the_late_twentieth_century_are_known_with_their_dated_roles(coder, text, on, expected):
    doc = coder.code(text, date=on, language="en")
    assert expected in {e.source.actor.code for e in doc.events if e.source}


@pytest.mark.parametrize("text", [
    "Ousted president Mohamed Morsi called on Egyptians to protest.",
    "Jailed opposition leader Alexei Navalny urged Russians to vote.",
])
def test_a_participle_opening_the_sentence_before_an_actor_describes_it(coder, text):
    # no expulsion or arrest: "ousted", "jailed" describe the person who acts
    assert not any(c[:2] in ("16", "17") for _, c, _, _ in _coded(coder, text))


@pytest.mark.parametrize("text,expected", [
    ("Iran said it would extend the truce with Iraq by a week.", ("IRN", "03", "IRQ")),
    ("The Sudanese army said it would lift the night-time curfew in Khartoum.", ("SDNMIL", "0", None)),
])
def test_a_speaker_pronoun_before_the_verb_that_takes_an_event_noun_is_its_doer(coder, text, expected):
    events = {(s, c[:len(expected[1])], t if expected[2] else None) for s, c, t, _ in _coded(coder, text)}
    assert expected in events


@pytest.mark.parametrize("text", [
    "King Faisal of Jordan was quoted today as saying he would be ready to host talks with Israel.",
    "King Faisal of Jordan was quoted by the state news agency as saying he would be ready to host talks with Israel.",
])
def test_quoted_with_words_between_as_saying_reports_its_subject(coder, text):
    assert ("JORGOV", "036", "ISR") in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


@pytest.mark.parametrize("text,expected", [
    ("The Lord's Resistance Army returned the weapons it had seized to the Ugandan army.", ("UGAREB", "0842")),
    ("UNITA said it would return the weapons taken from UN peacekeepers.", ("AGOREB", "0353")),  # announced: intent
])
def test_returning_weapons_or_territory_is_a_return_of_property(coder, text, expected):
    assert expected in {(s, c) for s, c, _, _ in _coded(coder, text)}


def test_a_support_verb_that_is_also_a_pledge_takes_the_event_noun_after_it(coder):
    events = _coded(coder, "The Arab League undertook a mediation mission between Syria and Lebanon.")
    assert {("IGOARL", "045", "SYR"), ("IGOARL", "045", "LBN")} <= {(s, c, t) for s, c, t, _ in events}
    assert not any(c == "030" for _, c, _, _ in events)  # no pledge
    assert any(c[:2] == "03" for _, c, _, _ in _coded(coder, "Iran undertook to withdraw its forces from Syria."))


@pytest.mark.parametrize("text,expected", [
    ("Houthi rebels fired two missiles at a British-owned cargo ship in the Red Sea.", ("YEMREB", "195", "GBR")),
    ("Iran seized a Greek-flagged tanker in the Gulf of Oman.", ("IRN", "171", "GRC")),
])
def test_a_hyphenated_owner_is_the_target(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_a_hyphenated_maker_is_no_actor(coder):
    # "U.S.-made" names the maker of the missiles, not a party to the strike
    events = _coded(coder, "Ukraine struck a Russian command post with U.S.-made missiles.")
    assert not any(t == "USA" or s == "USA" for s, _, t, _ in events)


def test_hyphen_joined_names_are_joint_owners(coder):
    events = {(s, c[:2], t) for s, c, t, _ in _coded(
        coder, "Israel rejected a U.S.-French proposal for a 21-day truce in Lebanon.")}
    assert {("ISR", "12", "USA"), ("ISR", "12", "FRA")} <= events
    assert not any(s in ("USA", "FRA") for s, _, _ in events)  # the proposal's authors propose nothing to each other
    talks = {(s, c, t) for s, c, t, _ in _coded(coder, "U.S.-Russian talks resumed in Geneva on Monday.")}
    assert {("USA", "040", "RUS"), ("RUS", "040", "USA")} <= talks


@pytest.mark.parametrize("text,expected", [
    ("Fighters loyal to the Syrian rebel commander Abu Omar said they attacked an army base near Homs.", "SYR"),
    ("Militants loyal to the Iraqi insurgent leader Abu Musab al-Zarqawi said they attacked a police station.", "IRQ"),
])
def test_an_unknown_name_before_said_ends_the_subject_that_opens_the_sentence(coder, text, expected):
    events = _coded(coder, text)
    assert any((s or "")[:3] == expected and c[:2] == "19" for s, c, _, _ in events)


@pytest.mark.parametrize("text,expected", [
    ("Yoruba leaders accused the Nigerian army of abuses in the southwest.", "NGA"),
    ("Chechen rebels seized a school in southern Russia.", "RUS"),
    ("Uighur separatists attacked a police station in Xinjiang.", "CHN"),
])
def test_a_peoples_name_is_its_states_demonym(coder, text, expected):
    assert expected in {(s or "")[:3] for s, _, _, _ in _coded(coder, text)}


@pytest.mark.parametrize("text,expected", [
    ("Iraqi Shiite militias attacked a U.S. base near Baghdad.", "IRQ"),
    ("Irish republican guerrillas wounded two soldiers in a bomb attack.", "IRL"),
])
def test_plain_words_between_a_demonym_and_an_agent_keep_its_state(coder, text, expected):
    assert any((s or "")[:3] == expected and c[:2] in ("18", "19") for s, c, _, _ in _coded(coder, text))


@pytest.mark.parametrize("text,expected", [
    ("Iraq ordered UN weapons inspectors to leave the country.", ("IRQ", "166", "IGOUNO")),
    ("Russia ordered two British diplomats to leave within a week.", ("RUS", "166", "GBRGOV")),
])
def test_ordering_someone_to_leave_expels_them(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_a_group_of_no_country_yields(coder):
    events = _coded(coder, "The rebels released 20 hostages on Saturday.")
    assert ("---REB", "0841") in {(s, c) for s, c, _, _ in events}
    # a state institution of no country is nobody
    assert not _coded(coder, "Officials agreed to a ceasefire on Monday.")


def test_a_border_closed_with_a_neighbour_is_closed_to_it(coder):
    events = {(s, c[:2], t) for s, c, t, _ in _coded(coder, "Kenya closed its border with Somalia on Monday.")}
    assert ("KEN", "16", "SOM") in events


@pytest.mark.parametrize("text,expected", [
    ("Iran asked Russia for help in completing the Bushehr plant.", ("IRN", "020", "RUS")),
    ("Croatia asked the United Nations for more humanitarian aid.", ("HRV", "0233", "IGOUNO")),
    ("Ukraine asked Germany for more military aid on Friday.", ("UKR", "0232", "DEU")),
])
def test_asking_someone_for_something_is_a_request_of_them(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_asking_with_nobody_named_is_no_request(coder):
    assert not any(c[:2] == "02" for _, c, _, _ in _coded(coder, "Reporters asked Putin for comment."))


def test_what_a_cooperative_verb_is_about_is_no_event(coder):
    events = _coded(coder, "Israel and Egypt agreed to cooperate in fighting terrorism.")
    assert not any(c[:2] == "19" for _, c, _, _ in events)
    assert any(c[:2] == "03" for _, c, _, _ in events)


@pytest.mark.parametrize("text,expected", [
    ("Human rights groups criticized Egypt for its treatment of prisoners.", ("---NGO", "111", "EGY")),
    ("Aid agencies urged Sudan to open its border with Chad.", ("---NGO", "020", "SDN")),
])
def test_a_rights_or_aid_group_of_no_country_speaks(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_trading_artillery_fire_is_exchanging_fire_not_trade(coder):
    events = {(s, c, t) for s, c, t, _ in _coded(
        coder, "Indian and Pakistani troops traded artillery fire across the Line of Control.")}
    assert {("INDMIL", "193", "PAKMIL"), ("PAKMIL", "193", "INDMIL")} <= events
    assert not any(c == "061" for _, c, _ in events)


@pytest.mark.parametrize("text,expected", [
    ("Former president Hosni Mubarak has been accused of misusing millions of dollars, much of it believed to have "
     "been stolen, by the current Egyptian prosecutors.", ("EGYJUD", "112", "EGY")),
    ("Hamas was accused of war crimes, including attacks on civilians, by Israel.", ("ISR", "112", "PSEINS")),
])
def test_a_passive_accusers_by_phrase_after_an_aside_between_commas(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


@pytest.mark.parametrize("text,expected", [
    ("The withdrawal of Russian troops from Syria began on Monday.", ("RUSMIL", "0874", "SYR")),
    ("The deployment of NATO troops in Kosovo began on Monday.", ("IGONATMIL", "154", "XKX")),
])
def test_the_actor_after_of_does_an_act_that_takes_no_object(coder, text, expected):
    assert expected in {(s, c, t) for s, c, t, _ in _coded(coder, text)}


def test_the_actor_after_of_undergoes_an_act_that_takes_one(coder):
    events = _coded(coder, "The expulsion of Russian diplomats from Poland angered Moscow.")
    assert not any(s == "RUSGOV" and c[:3] == "166" for s, c, _, _ in events)


def test_a_direction_word_before_the_second_of_two_actors_keeps_them_joined(coder):
    events = {(s, c, t) for s, c, t, _ in _coded(
        coder, "The Sudanese government and southern rebels resumed peace talks in Nairobi.")}
    assert ("SDNGOV", "040", "---REB") in events


@pytest.mark.parametrize("text", [
    "Hundreds of refugees fled into Thailand to escape fighting in Burma.",
    "Thousands of civilians fled the shelling of Aleppo on Sunday.",
])
def test_those_who_flee_an_attack_do_not_make_it(coder, text):
    assert not any((s or "").endswith(("REF", "CVL")) for s, c, _, _ in _coded(coder, text) if c[:2] in ("19", "18"))


def test_what_a_joint_subject_agrees_to_do_is_its_content(coder):
    events = _coded(coder, "Iran and Iraq agreed to exchange prisoners of war.")
    assert {("IRN", "IRQ"), ("IRQ", "IRN")} <= {(s, t) for s, c, t, _ in events if c[:2] == "03"}
    assert not any(c[:2] == "08" for _, c, _, _ in events)  # no exchange happened yet


def test_a_group_of_no_country_agrees(coder):
    events = _coded(coder, "The rebels agreed to lay down their arms on Friday.")
    assert any(s == "---REB" and c[:2] == "03" for s, c, _, _ in events)
    assert not _coded(coder, "Officials agreed to hold talks on Friday.")  # a state institution of no country
