"""Linking cost per new article as the evidence base grows: synthetic articles (a generator, no NLP)
filed one by one into a ``ClusterIndex``; the mean cost of filing an article is measured in a window
after 1k articles and again after 50k. Target (issue 3): flat, i.e. a ratio near 1.

This measures the linking algorithm in memory; the store does not yet persist clusters (issue 3)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

from armstrail.analyse.gazetteer import load_gazetteer
from armstrail.link import ClusterIndex
from armstrail.model import Article, Claim, Source

STATES = ["IRN", "RUS", "PRK", "UKR", "USA", "DEU", "FRA", "GBR", "CHN", "TUR", "ISR", "IND", "PAK", "SAU"]
STATES += ["ARE", "EGY", "QAT", "SYR", "YEM", "BLR", "POL", "KOR", "JPN", "AUS", "BRA", "NGA", "ETH", "SDN"]
TYPES = ["TRANSFER", "AGREE", "PRODUCE", "USE", "TRAIN", "SANCTION"]
CATEGORIES = ["uav", "missile", "artillery-ammunition", "armoured-vehicle", "air-defence", "aircraft"]
OUTLETS = ["Reuters", "Associated Press", "The Washington Post", "BBC News", "Al Jazeera", "Kyiv Independent"]
VOICES = [
    ("US government", "government"),
    ("Ukrainian government", "government"),
    ("unnamed officials", "anonymous"),
]
VERBS = {
    "TRANSFER": "supplied",
    "AGREE": "agreed a deal on",
    "PRODUCE": "produces",
    "USE": "used",
    "TRAIN": "trained crews on",
    "SANCTION": "sanctioned trade in",
}
STANCES = ["asserts", "asserts", "asserts", "hedges", "denies", "admits"]


def synthetic(count: int, seed: int = 7) -> Iterator[tuple[Article, list[Claim]]]:
    """``count`` articles over ten years, each with one to four claims and two-link chains."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    for n in range(count):
        published = start + timedelta(days=int(3650 * n / count))
        outlet = rng.choice(OUTLETS)
        claims, sentences, offset = [], [], 0
        for _ in range(rng.randint(1, 4)):
            voice = rng.choice(VOICES)
            agent, recipient = rng.sample(STATES, 2)
            category = rng.choice(CATEGORIES)
            type_ = rng.choice(TYPES)
            # an evidence sentence of its own words (full-text search sees a real vocabulary)
            sentence = (
                f"The {voice[0]} said {agent} {VERBS[type_]} {category} with {recipient} in report {n}."
            )
            claims.append(
                Claim(
                    type=type_,
                    agent=agent,
                    recipient=recipient,
                    item=category,
                    item_category=category,
                    quantity=None,
                    when=None,
                    status="occurred",
                    stance=rng.choice(STANCES),
                    sources=(Source(outlet, "media"), Source(*voice)),
                    evidence=sentence,
                    start=offset,
                    end=offset + len(sentence),
                )
            )
            sentences.append(sentence)
            offset += len(sentence) + 1
        # each text its own (the report number in every sentence): articles are not copies of each other
        text = " ".join(sentences)
        yield Article(id=f"s{n}", text=text, outlet=outlet, published=published), claims


def mean_cost(index: ClusterIndex, batch: list[tuple[Article, list[Claim]]]) -> float:
    started = time.perf_counter()
    for article, claims in batch:
        index.add(article, claims)
    return (time.perf_counter() - started) / len(batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=50_000, help="total articles (default 50,000)")
    parser.add_argument("--window", type=int, default=1_000, help="articles per measured window")
    args = parser.parse_args(argv)
    index = ClusterIndex(load_gazetteer())
    articles = list(synthetic(args.articles + args.window))
    early_at, late_at = 1_000, args.articles
    for article, claims in articles[:early_at]:
        index.add(article, claims)
    early = mean_cost(index, articles[early_at : early_at + args.window])
    for article, claims in articles[early_at + args.window : late_at]:
        index.add(article, claims)
    late = mean_cost(index, articles[late_at : late_at + args.window])
    report = {
        "after_1k_us_per_article": round(early * 1e6, 1),
        f"after_{late_at // 1000}k_us_per_article": round(late * 1e6, 1),
        "ratio_late_to_early": round(late / early, 2),
        "clusters": len(index.clusters),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
