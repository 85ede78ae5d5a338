"""Sentences/s on one core by pipeline stage, on the seed article repeated and on generated corpora.

    python benchmarks/stages.py [--repeat N] [--articles N]

Stages: segment (normalize + article id + language + sentence split), mentions (dates + lexicon match + actor
composition), clauses (boundaries + frames + modality cues), events (candidates + assembly + folding repeats).
Prints a table, asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from khabar.batch.inputs import iter_items
from khabar.clauses.view import SentenceView
from khabar.corpus import write_corpus
from khabar.events.assemble import fold_repeats, to_events
from khabar.ingest.sources import RawArticle
from khabar.lang.ar.actors import compose_actors
from khabar.lang.ar.build import find_candidates
from khabar.lang.ar.clauses import find_boundaries, find_frames
from khabar.lang.ar.cues import find_cues
from khabar.lang.ar.match import match_sentence, prefer_nouns
from khabar.lexicon.compile import load_lexicon
from khabar.mentions.dates import date_mention, sentence_dates
from khabar.mentions.discourse import Discourse
from khabar.pipeline import Coder, _only_state, article_id_for, detect_language
from khabar.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_9cc84d237d7e0f58.txt"
STAGES = ("segment", "mentions", "clauses", "events")


def staged(coder: Coder, text: str, day: date | None, clock: Counter[str]) -> tuple[int, int]:
    """Code one article as Coder.code does, adding each stage's time to ``clock``; (sentences, events)."""
    lexicon = coder.lexicon
    t = time.perf_counter()
    article_id, language, sentences = article_id_for(text), detect_language(text), split_sentences(text)
    clock["segment"] += time.perf_counter() - t
    if language != "ar":
        return len(sentences), 0
    discourse, previous, events = Discourse(day), None, []
    for sentence in sentences:
        t0 = time.perf_counter()
        dates = sentence_dates(sentence, day)
        article_state = discourse.dominant_state()  # as Coder.analyse: before this sentence's actors count
        raw = match_sentence(sentence, lexicon)
        raw = [m for m in raw if not any(d.start < m.end and m.start < d.end for d in dates)]
        prefer_nouns(sentence, raw, lexicon.words["prepositions"])
        mentions = compose_actors(sentence, raw, lexicon, discourse)
        sentence.mentions = mentions
        t1 = time.perf_counter()
        view = SentenceView(sentence, mentions, lexicon)
        view.cache["date_tokens"] = {tk.index for tk in sentence.tokens for d in dates
                                     if d.start < tk.end and tk.start < d.end}
        view.cache["article_state"] = article_state or _only_state(mentions, lexicon)
        view.boundaries = find_boundaries(view)
        view.frames = find_frames(view, previous)
        view.cues = find_cues(view)
        t2 = time.perf_counter()
        sentence.mentions = [*sentence.mentions, *(date_mention(d) for d in dates)]
        for cand in find_candidates(view):
            events += to_events(cand, view, lexicon, article_id, language, dates)
        previous = view.frames[-1] if view.frames else previous
        t3 = time.perf_counter()
        clock["mentions"] += t1 - t0
        clock["clauses"] += t2 - t1
        clock["events"] += t3 - t2
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
    measure(coder, [RawArticle(text, published=date(2023, 9, 5))] * args.repeat, f"{seed.name[:18]} x{args.repeat}")
    for n in args.articles:
        measure(coder, corpus_articles(n, seed=n), f"generated corpus {n}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (full packaged lexicons)")


if __name__ == "__main__":
    main()
