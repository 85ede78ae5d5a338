"""Does coding stay linear? Time per sentence for 1k, 10k and 100k sentences, and by article length (1-500).

    python benchmarks/growth.py [--sizes 1000 10000 100000] [--lengths 1 5 20 100 500] [--quick]

Corpora come from khabar.corpus (seeded). The time per sentence must stay flat as the corpus grows (no state that
accumulates across articles) and as articles grow (no quadratic step inside an article). Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date

from khabar.batch.inputs import iter_items
from khabar.corpus import write_corpus
from khabar.ingest.sources import RawArticle
from khabar.lexicon.compile import load_lexicon as _load_lexicon
from khabar.pipeline import Coder
from khabar.text.segment import split_sentences

SEGMENTATION = _load_lexicon().segmentation  # the packaged lexicon's sentence rules

SENTENCES_PER_ARTICLE = 7.8  # khabar.corpus averages (3-12 sentences per article)


def corpus(n_sentences: int, seed: int = 11) -> list[tuple[RawArticle, int]]:
    """Generated articles with their sentence counts, cut at ``n_sentences`` sentences."""
    n_articles = int(n_sentences / SENTENCES_PER_ARTICLE * 1.1) + 5
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(tmp, n_articles, seed=seed)
        out, total = [], 0
        for item in iter_items([tmp]):
            if isinstance(item, RawArticle) and total < n_sentences:
                n = len(split_sentences(item.text, SEGMENTATION))
                out.append((item, n))
                total += n
    return out


def by_size(coder: Coder, sizes: list[int]) -> None:
    print(f"{'sentences':>10} {'articles':>9} {'seconds':>8} {'µs/sentence':>12} {'first 10%':>10} {'last 10%':>9}")
    for size in sizes:
        articles = corpus(size)
        stamps, total = [], 0
        t0 = time.perf_counter()
        for raw, n in articles:
            coder.code(raw.text, date=raw.published)
            total += n
            stamps.append((total, time.perf_counter() - t0))
        elapsed = stamps[-1][1]
        first = next(s for s in stamps if s[0] >= total / 10)
        last = next(s for s in stamps if s[0] >= total * 9 / 10)
        last_rate = (elapsed - last[1]) / max(1, total - last[0])
        print(f"{total:>10,} {len(articles):>9,} {elapsed:>8.1f} {elapsed / total * 1e6:>12,.0f} "
              f"{first[1] / first[0] * 1e6:>10,.0f} {last_rate * 1e6:>9,.0f}")


def by_length(coder: Coder, lengths: list[int], budget: int) -> None:
    """Articles of exactly L sentences, built from generated sentences; about ``budget`` sentences per length."""
    pool = [s.text for raw, _ in corpus(max(2000, max(lengths) * 2), seed=23)
            for s in split_sentences(raw.text, SEGMENTATION)]
    rng = random.Random(7)
    print(f"{'length':>7} {'articles':>9} {'sentences':>10} {'µs/sentence':>12} {'events/sentence':>16}")
    for length in lengths:
        n_articles = max(3, budget // length)
        texts = [" ".join(rng.sample(pool, length) if length <= len(pool) else rng.choices(pool, k=length))
                 for _ in range(n_articles)]
        counts = [len(split_sentences(t, SEGMENTATION)) for t in texts]
        events = 0
        t0 = time.perf_counter()
        for text in texts:
            events += len(coder.code(text, date=date(2023, 9, 5)).events)
        elapsed = time.perf_counter() - t0
        print(f"{length:>7} {n_articles:>9} {sum(counts):>10,} {elapsed / sum(counts) * 1e6:>12,.0f} "
              f"{events / sum(counts):>16.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--lengths", type=int, nargs="+", default=[1, 5, 20, 100, 500])
    parser.add_argument("--budget", type=int, default=3_000, help="Sentences coded per article length.")
    parser.add_argument("--quick", action="store_true", help="Sizes 1k and 10k only, smaller length budget.")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.budget = [s for s in args.sizes if s <= 10_000], 1_000
    coder = Coder()
    coder.code("قال الرئيس إن الجيش هاجم المدينة.")  # warm caches before timing
    print("time per sentence by corpus size (one core)")
    by_size(coder, args.sizes)
    print("\ntime per sentence by article length")
    by_length(coder, args.lengths, args.budget)


if __name__ == "__main__":
    main()
