"""Sentences/s on one core by pipeline stage, on the seed article repeated and on generated corpora.

    python benchmarks/stages.py [--repeat N] [--articles N]

Stages, through the language plug-in contract (khabar.lang.Language) the Coder loop itself calls, so the benchmark
follows the coder wherever its internals move: segment (article id + language + sentences and tokens), dates (the
sentence's date expressions), analyse (lexicon matching, actor composition, clause boundaries, reporting frames,
modality cues), events
(candidates + assembly + folding repeats). Every language is timed (the generated corpora mix Arabic and English).
Prints a table, asserts nothing; a row ends with "(coder: N)" if the staged events differ from Coder.code's.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from khabar.batch.inputs import iter_items
from khabar.corpus import write_corpus
from khabar.events.assemble import fold_repeats, to_events
from khabar.ingest.sources import RawArticle
from khabar.lexicon.compile import load_lexicon
from khabar.mentions.dates import date_mention, sentence_dates
from khabar.pipeline import Coder, article_id_for, detect_language
from khabar.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_9cc84d237d7e0f58.txt"
STAGES = ("segment", "dates", "analyse", "events")


def staged(coder: Coder, text: str, day: date | None, clock: Counter[str]) -> tuple[int, int]:
    """Code one article as Coder.code does, adding each stage's time to ``clock``; (sentences, events)."""
    t = time.perf_counter()
    article_id, language = article_id_for(text), detect_language(text)
    if language not in coder.languages:
        clock["segment"] += time.perf_counter() - t
        return len(split_sentences(text, coder.lexicon.segmentation)), 0
    lang = coder.language(language)
    resources = coder.resources(lang)
    sentences = lang.sentences(text, resources)
    discourse, previous, events = lang.discourse(day), None, []
    clock["segment"] += time.perf_counter() - t
    for sentence in sentences:
        t0 = time.perf_counter()
        dates = sentence_dates(sentence, day, coder.lexicon.dates)
        td = time.perf_counter()
        view = lang.analyse(sentence, resources, discourse, previous, dates)
        t1 = time.perf_counter()
        sentence.mentions = [*view.mentions, *(date_mention(d) for d in dates)]  # as the Coder loop does
        for cand in lang.candidates(view, resources):
            events += to_events(cand, view, coder.lexicon, article_id, language, dates)
        previous = view.frames[-1] if view.frames else previous
        clock["dates"] += td - t0
        clock["analyse"] += t1 - td
        clock["events"] += time.perf_counter() - t1
    t = time.perf_counter()
    n_events = len(fold_repeats(events))
    clock["events"] += time.perf_counter() - t
    return len(sentences), n_events


def measure(coder: Coder, articles: list[RawArticle], name: str) -> None:
    clock: Counter[str] = Counter()
    n_sent = n_events = 0
    for raw in articles:
        s, e = staged(coder, raw.text, raw.published, clock)
        n_sent, n_events = n_sent + s, n_events + e
    t0 = time.perf_counter()
    check = sum(len(coder.code(a.text, date=a.published).events) for a in articles)
    end_to_end = time.perf_counter() - t0
    cells = "  ".join(f"{n_sent / clock[s]:>9,.0f}" for s in STAGES)
    print(f"{name:<26} {len(articles):>6} {n_sent:>7} {cells}  {n_sent / sum(clock.values()):>9,.0f}"
          f"  {n_sent / end_to_end:>9,.0f}  {n_events:>6}{'' if check == n_events else f' (coder: {check})'}")


def corpus_articles(n: int, seed: int) -> list[RawArticle]:
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(tmp, n, seed=seed)
        return [a for a in iter_items([tmp]) if isinstance(a, RawArticle)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200, help="Times the seed article is coded.")
    parser.add_argument("--articles", type=int, nargs="+", default=[300, 2000], help="Generated corpus sizes.")
    args = parser.parse_args()
    t0 = time.perf_counter()
    coder = Coder(load_lexicon())
    print(f"lexicon load {time.perf_counter() - t0:.2f} s ({coder.lexicon.surfaces} surface keys); "
          "figures are sentences/s on one core")
    head = "  ".join(f"{s:>9}" for s in STAGES)
    print(f"{'input':<26} {'arts':>6} {'sents':>7} {head}  {'stages':>9}  {'code()':>9}  {'events':>6}")
    seed = SEED if SEED.exists() else ROOT / "examples" / "sample_ar.txt"
    text = seed.read_text(encoding="utf-8")
    for warm in (text, (ROOT / "examples" / "sample_en.txt").read_text(encoding="utf-8")):
        coder.code(warm)  # each language loads its resources on first use: not a stage's time
    measure(coder, [RawArticle(text, published=date(2023, 9, 5))] * args.repeat, f"{seed.name[:18]} x{args.repeat}")
    for n in args.articles:
        measure(coder, corpus_articles(n, seed=n), f"generated corpus {n}")
    langid = sys.modules.get("py3langid.langid")  # imported by trafilatura for HTML; its model loads on first use
    model = "; py3langid's model loaded" if getattr(langid, "IDENTIFIER", None) is not None else ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (full packaged lexicons{model})")


if __name__ == "__main__":
    main()
