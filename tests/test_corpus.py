"""The synthetic corpus generator: deterministic, realistic, exactly n valid articles, and the broken files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from khabar.corpus import BROKEN_KINDS, expected_failures, generate, write_corpus
from khabar.corpus.language import TEMPLATES, VERBS
from khabar.ingest import BadRecord, RawArticle, read_sources
from khabar.lexicon.compile import entries as verb_entries
from khabar.pipeline import article_id_for


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> list[RawArticle]:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 300, seed=3)
    return [item for item in read_sources([root]) if isinstance(item, RawArticle)]


def test_corpus_generate_is_deterministic_for_a_seed():
    assert generate(40, seed=5, broken=3) == generate(40, seed=5, broken=3)
    assert generate(40, seed=5) != generate(40, seed=6)


def test_corpus_generate_holds_exactly_n_valid_distinct_articles(tmp_path):
    write_corpus(tmp_path, 120, seed=1, broken=len(BROKEN_KINDS))
    items = list(read_sources([tmp_path]))
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = sorted(Path(i.source_path).relative_to(tmp_path).as_posix() for i in items if isinstance(i, BadRecord))
    assert len(good) == 120
    assert len({article_id_for(a.text) for a in good}) == 120
    assert bad == sorted(expected_failures(len(BROKEN_KINDS)))


def test_corpus_broken_files_fail_with_their_reasons(tmp_path):
    write_corpus(tmp_path, 10, seed=2, broken=len(BROKEN_KINDS))
    reasons = {Path(i.source_path).name: i.reason for i in read_sources([tmp_path / "broken"])
               if isinstance(i, BadRecord)}
    codes = {name.split("-", 1)[1].split(".")[0].split(":")[0]: r.split()[0] for name, r in reasons.items()}
    assert codes == {"empty": "E103", "binary": "E104", "undecodable": "E105", "bad_jsonl_line": "E105",
                     "csv_no_text": "E103", "whitespace": "E103", "html_no_text": "E103", "bad_json": "E105",
                     "rss_garbage": "E105", "jsonl_no_text": "E103"}


def test_corpus_mixes_formats_and_encodings():
    files = generate(400, seed=4)
    suffixes = Counter(name.rsplit(".", 1)[1] for name, _ in files)
    assert set(suffixes) == {"txt", "jsonl", "csv", "html", "rss"}
    assert suffixes["txt"] > sum(suffixes.values()) / 2
    txt = [content for name, content in files if name.endswith(".txt")]
    assert any(c.startswith(b"\xff\xfe") for c in txt)  # UTF-16 with a BOM
    assert any(not _is_utf8(c) for c in txt)  # Windows-1256
    assert any(b"\r\n" in c for c in txt)


def test_corpus_articles_have_3_to_12_sentences(articles):
    counts = [len(re.findall(r"[.»](?=\s|$)", a.text.replace("».", "»"))) for a in articles]
    assert min(counts) >= 3 and max(counts) <= 12
    assert len(set(counts)) >= 8


def test_corpus_uses_the_constructions_asked_for(articles):
    text = "\n".join(a.text for a in articles)
    for cue in ("قال", "ذكرت", "أفاد", "نفى", "اشتبه", "شكك", " إن ", " أن ", "قد ", "من المرجح", "يسعى",
                "من المقرر", "لم ", "لن ", "إذا", "كلا من", "زيارة", "قمة", "هجوما", "عقوبات", "أمس",
                "العام الماضي", " في القاهرة", "«"):
        assert cue in text, cue
    assert re.search(r"في (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر) 20\d\d", text)
    assert len(TEMPLATES) >= 25


def test_corpus_names_real_states_and_leaders(articles):
    text = "\n".join(a.text for a in articles)
    for name in ("الولايات المتحدة", "روسيا", "مصر", "موسكو", "الرئيس الأمريكي", "وزير الخارجية"):
        assert name in text, name


def test_corpus_verbs_are_lexicon_entries():
    entries = {e["id"]: e for e in verb_entries("ar/verbs.yaml")}  # flat: ar: block fields at the top
    for verb in VERBS:
        entry = entries[verb.id]
        assert (entry.get("past"), entry.get("present")) == (verb.past, verb.present), verb.id
        assert verb.noun in [*entry.get("nouns", []), verb.past], verb.id
        assert (verb.prep or "OBJ") in entry["target"], verb.id


def test_corpus_articles_code_to_events(articles, coder):
    docs = [coder.code(a.text, date=a.published) for a in articles[:120]]
    assert sum(1 for d in docs if d.events) >= 110
    modalities = Counter(e.modality for d in docs for e in d.events)
    assert {"asserted", "negated", "planned", "possible", "probable", "hypothetical"} <= set(modalities)
    assert modalities["asserted"] > sum(modalities.values()) / 3


def test_corpus_retells_some_events_in_several_articles(articles, coder):
    seen: dict[tuple, set[str]] = {}
    for a in articles:
        for e in coder.code(a.text, date=a.published).events:
            if e.date and e.source and e.target and e.modality == "asserted":
                key = (e.source.actor.code, e.target.actor.code, e.cameo, e.date)
                seen.setdefault(key, set()).add(e.article_id)
    assert sum(1 for ids in seen.values() if len(ids) >= 2) >= 5


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
