"""Data-driven checks over the whole shipped lexicon: every state, capital, demonym form and dated leader resolves
in a sentence, with clitics; every CAMEO base code has a trigger unless documented otherwise."""

from datetime import date, timedelta

import pytest
from conftest import SEGMENTATION

from khabar.lexicon import morph
from khabar.lexicon.compile import LEXICON_FILES, _items, entries
from khabar.lexicon.resources import load_yaml
from khabar.lexicon.stats import trigger_codes
from khabar.mentions.discourse import Discourse
from khabar.text.segment import split_sentences

STATES = [it.value for it in _items("ar/states.yaml", ())]
PEOPLE = [it.value for it in _items("ar/people.yaml", ())]


def codes_in(coder, text, on=date(2023, 9, 5)):
    discourse = Discourse(on)
    return [m.actor.code for s in split_sentences(text, SEGMENTATION) for m in coder.analyse(s, discourse).mentions
            if m.actor is not None]


def test_lexicon_data_every_state_name_capital_and_demonym_resolves(coder):
    failures = []
    for state in STATES:
        code = state["code"]
        for name in state.get("ar", []):
            for clitic in ("", "و", "ب", "ول"):
                if code not in codes_in(coder, f"قال مسؤول إن {clitic}{name} رحبت بالقرار."):
                    failures.append((code, clitic + name))
        for capital in state.get("capital", []):
            if code not in codes_in(coder, f"رحبت {capital} بالقرار."):
                failures.append((code, capital))
        for dem in state.get("demonym", []):
            for form, _ in morph.adjective_forms(dem):
                got = codes_in(coder, f"قال مسؤول عن الوفد {form} إن الاجتماع انتهى.")
                if not any(c and c.startswith(code) for c in got):
                    failures.append((code, form))
    assert not failures, f"{len(failures)} surface forms do not resolve, e.g. {failures[:10]}"


@pytest.mark.parametrize("text,code", [
    ("وللأمريكيين مطالب.", "USA"),
    ("التقى الوزير بموسكو نظيره.", "RUS"),
    ("قال المسؤولون الكوريون الجنوبيون إن الاجتماع انتهى.", "KOR"),
    ("رحبت الكوريتان الشماليتان بالقرار.", "PRK"),
])
def test_lexicon_data_clitic_contexts(coder, text, code):
    assert any(c and c.startswith(code) for c in codes_in(coder, text))


def _midpoint(role):
    start = date.fromisoformat(role.get("from") or "2000-01-01")
    end = date.fromisoformat(role["to"]) if role.get("to") else date(2026, 11, 1)
    return start + (end - start) / 2


def test_lexicon_data_every_leader_resolves_inside_and_not_before_the_role(coder):
    failures = []
    for person in PEOPLE:
        name = person["ar"][0]
        for role in person["roles"]:
            on = _midpoint(role)
            concurrent = {r["code"] for r in person["roles"]
                          if (r.get("from") or "0") <= on.isoformat() <= (r.get("to") or "9999")}
            got = codes_in(coder, f"قال {name} إن الاجتماع انتهى.", on)
            if not concurrent & set(got):
                failures.append((person["id"], role["code"], on.isoformat(), got))
        first = min((r.get("from") for r in person["roles"] if r.get("from")), default=None)
        if first:
            before = date.fromisoformat(first) - timedelta(days=30)
            got = codes_in(coder, f"قال {name} إن الاجتماع انتهى.", before)
            roles = {r["code"] for r in person["roles"]}
            if roles & set(got) and all(len(c) > 3 for c in roles):
                failures.append((person["id"], "before", before.isoformat(), got))
    assert not failures, f"{len(failures)} dated-role failures, e.g. {failures[:8]}"


def test_lexicon_data_every_cameo_base_code_has_a_trigger_or_a_documented_reason(lexicon):
    verbs = entries("ar/verbs.yaml")
    covered = {c[:3] for c in trigger_codes(verbs) if len(c) >= 3}
    documented = {e["code"]: e["reason"] for e in load_yaml("ontology/not_lexicalized.yaml")}
    base = {c for c in lexicon.cameo if len(c) == 3}
    assert base - covered - set(documented) == set()
    assert not set(documented) & covered, "documented as not lexicalized but has a trigger: update the file"


def test_lexicon_data_files_are_all_loaded():
    for rel in LEXICON_FILES:
        assert _items(rel, ()), rel
