"""Training examples: gold articles parsed and read by the rules once, each sentence's features and
candidates computed, and the gold claims attached as labels. The result is plain data (no spaCy
objects), so cross-validation and training can run many times over one parse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.analyse.nlp import load_pipeline
from armstrail.extract.claims import ArticleAnalysis, analyse_article, finish_claims, sentence_claims
from armstrail.extract.learned.candidates import article_frame
from armstrail.extract.learned.features import SentenceView, sentence_views
from armstrail.extract.learned.gold import GoldArticle, GoldClaim, Unaligned, align, main_sentence
from armstrail.model import Article, Claim


@dataclass
class ArticleExample:
    """One gold article as the models see it."""

    article: Article
    story: str
    corpus: str
    views: list[SentenceView]
    rule_claims: list[Claim]  # the rules' final claims (the 'rules only' baseline)
    gold: list[GoldClaim]  # aligned, with their sentences
    raw_gold: list[dict[str, Any]]  # as in the file, for the scorer
    unaligned: list[Unaligned] = field(default_factory=list)

    def main_sentences(self) -> list[int]:
        texts = [v.text for v in self.views]
        named = [{c for c, f in v.actors.items() if "in_sent" in f} for v in self.views]
        return [main_sentence(g, texts, named) for g in self.gold]


def analyse(article: Article, doc: Any, gaz: Gazetteer) -> tuple[ArticleAnalysis, list[SentenceView]]:
    """The rules' reading of one article and the models' view of each sentence."""
    analysis = analyse_article(article, doc, gaz)
    raw: list[list[Claim]] = []
    earlier: list[Claim] = []
    for index in range(len(analysis.results)):
        made = sentence_claims(analysis, index, earlier)
        raw.append(made)
        earlier.extend(made)
    frame = article_frame(analysis)
    views = sentence_views(analysis, frame, raw)
    return analysis, views


def build_examples(golds: Iterable[GoldArticle], gaz: Gazetteer | None = None) -> list[ArticleExample]:
    gaz = gaz or load_gazetteer()
    nlp = load_pipeline()
    golds = list(golds)
    out: list[ArticleExample] = []
    docs = nlp.pipe((g.article.text for g in golds), batch_size=16)
    for gold, doc in zip(golds, docs, strict=True):
        _analysis, views = analyse(gold.article, doc, gaz)
        views = [v.materialize() for v in views]
        rules = finish_claims([c for v in views for c in v.rule_claims], gold.article)
        spans = [(v.start, v.end) for v in views]
        aligned, missed = align(gold, spans)
        out.append(
            ArticleExample(
                gold.article, gold.story, gold.corpus, views, rules, aligned, gold.raw_claims, missed
            )
        )
    return out


ISO3 = re.compile(r"^[A-Z]{3}$")
STOP = frozenset(
    {"the", "a", "an", "of", "and", "in", "to", "its", "other", "with", "on", "for", "by", "from"}
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in STOP}


def same_actor(a: str | None, b: str | None) -> bool:
    """One actor under two spellings: ISO3 codes exactly, names by most of their words."""
    if not a or not b:
        return not a and not b
    if ISO3.match(a) or ISO3.match(b):
        return a == b
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6
