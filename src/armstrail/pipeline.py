"""read -> clean -> analyse -> extract, streamed article by article: the library function that the
CLI, the web app and the tests all call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from armstrail import messages
from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.analyse.nlp import load_pipeline
from armstrail.analyse.screen import screen
from armstrail.clean import detect_language, is_english, language_name
from armstrail.errors import ArmstrailError
from armstrail.extract.claims import extract_claims
from armstrail.extract.learned.extractor import EXTRACTORS, extractor_version, hybrid_claims, load_models
from armstrail.model import Article, Claim, Problem
from armstrail.read import read_paths
from armstrail.settings import Settings
from armstrail.workers import extract_in_workers

# A stream of fewer than this many batches is extracted in this process: starting workers (each
# loads the pipeline and models, ~2 s) would cost more than it saves.
PARALLEL_AFTER = 2


@dataclass
class Extraction:
    """One analysed article and its claims."""

    article: Article
    claims: list[Claim]
    language: str = "en"
    analysed: bool = True  # False: not English, so not analysed (kept by ingest, skipped by extract)
    extractor: str = ""  # the extractor (and version) that made the claims
    screened: str | None = None  # why the cascade ruled the text out before the parse, if it did

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.article.id, "claims": [c.to_json() for c in self.claims]}
        if self.screened:
            record["screened"] = self.screened
        return record


@dataclass
class Tally:
    articles: int = 0
    claims: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return messages.SUMMARY.format(
            articles=self.articles, claims=self.claims, skipped=self.skipped, failed=self.failed
        )


def sort_languages(
    items: Iterable[Article | Problem | Extraction], settings: Settings, keep_foreign: bool
) -> Iterator[Article | Problem | Extraction]:
    """Articles in English go on; one in another language becomes a skipped problem, or with
    ``keep_foreign`` an unanalysed ``Extraction``. The parent of a worker pool does this, so the
    language model (about 100 MB at load) is loaded once and not in every worker."""
    for item in items:
        if not isinstance(item, Article) or is_english(item.text, settings):
            yield item
            continue
        code, _share = detect_language(item.text)
        if keep_foreign:
            yield Extraction(item, [], language=code, analysed=False)
        else:
            yield Problem(
                item.origin or item.id, messages.NOT_ENGLISH.format(language=language_name(code)), "skipped"
            )


def _admit(
    items: Iterable[Article | Problem | Extraction], settings: Settings, nlp: Any, gaz: Gazetteer
) -> Iterator[tuple[str | Any, Article | Problem | Extraction]]:
    """Pair each item with the text (or tokens) spaCy should parse; problems, articles already
    decided (not English) and texts the cascade rules out pass through with an empty text, so that
    order is kept and nothing is held back."""
    for item in items:
        if not isinstance(item, Article):
            yield "", item
        elif settings.cascade:
            tokens = nlp.make_doc(item.text)  # parsed from these tokens if the screen lets it pass
            reason = screen(tokens, gaz)
            yield ("", Extraction(item, [], screened=reason)) if reason else (tokens, item)
        else:
            yield item.text, item


def extract_articles(
    items: Iterable[Article | Problem | Extraction],
    settings: Settings | None = None,
    gazetteer: Gazetteer | None = None,
    keep_foreign: bool = False,
    languages_sorted: bool = False,
) -> Iterator[Extraction | Problem]:
    """Analyse a stream of articles (and pass problems through), in input order. An article not
    in English is a skipped problem, or with ``keep_foreign`` an unanalysed ``Extraction``. With
    ``settings.workers`` above 1 a stream longer than a few batches is spread over that many
    processes (``workers.py``), and with ``settings.dask`` over a Dask cluster (``distributed.py``);
    the results are the same, in the same order."""
    settings = settings or Settings()
    if settings.extractor == "given":  # claims came with the articles: nothing to parse
        from armstrail.extract.given import given_results

        yield from given_results(items)
        return
    if not languages_sorted:  # a worker's items were sorted by its parent
        items = sort_languages(items, settings, keep_foreign)
    if settings.dask and gazetteer is None:
        from armstrail.distributed import extract_on_dask

        yield from extract_on_dask(items, settings, settings.batch_size)
        return
    if settings.workers > 1 and gazetteer is None:
        ahead = list(islice(items, PARALLEL_AFTER * settings.batch_size))
        if len(ahead) == PARALLEL_AFTER * settings.batch_size:  # long enough to repay the start
            workers, size = settings.workers, settings.batch_size
            yield from extract_in_workers(chain(ahead, items), settings, workers, size)
            return
        items = iter(ahead)
    nlp = load_pipeline(settings.model)
    # spaCy refuses texts over nlp.max_length (1,000,000 characters by default); the reader's size
    # limit is the one that applies, so every admitted text must fit.
    nlp.max_length = max(nlp.max_length, settings.max_bytes + 1)
    gaz = gazetteer or load_gazetteer()
    extract = claim_extractor(settings.extractor)
    version = extractor_version(settings.extractor)
    stream = _admit(items, settings, nlp, gaz)
    for doc, item in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size):
        if isinstance(item, Problem | Extraction):
            if isinstance(item, Extraction):
                item.extractor = version
            yield item
            continue
        try:
            claims = extract(item, doc, gaz)
        except Exception as error:  # one article's failure must not stop the batch
            yield Problem(
                item.origin or item.id,
                messages.EXTRACTOR_FAILED.format(kind=type(error).__name__, message=error),
            )
            continue
        yield Extraction(item, claims, extractor=version)


def claim_extractor(name: str) -> Any:
    """The function that turns one parsed article into claims, by the extractor's name."""
    if name == "rules":
        return extract_claims
    if name == "hybrid":
        models = load_models()
        return lambda article, doc, gaz: hybrid_claims(article, doc, gaz, models)
    raise ArmstrailError(messages.UNKNOWN_EXTRACTOR.format(name=name, choices=", ".join(EXTRACTORS)))


def extract_paths(
    paths: Iterable[str | Path], settings: Settings | None = None
) -> Iterator[Extraction | Problem]:
    """Read ``paths`` and extract the claims of every article found."""
    settings = settings or Settings()
    yield from extract_articles(read_paths(paths, settings), settings)


def extract_text(
    text: str, published: str | None = None, outlet: str | None = None, article_id: str = "text"
) -> list[Claim]:
    """Claims of one piece of text: the shortest way in, for tests and notebooks."""
    from datetime import date

    article = Article(
        id=article_id,
        text=text,
        outlet=outlet,
        published=date.fromisoformat(published) if published else None,
    )
    result = next(extract_articles([article]))
    if isinstance(result, Problem):
        return []
    return result.claims


def link_paths(paths: Iterable[str | Path], settings: Settings | None = None) -> tuple[Any, list[Problem]]:
    """Extract every article under ``paths`` and link their claims into story clusters."""
    from armstrail.link import ClusterIndex

    index = ClusterIndex(load_gazetteer())
    problems: list[Problem] = []
    for result in extract_paths(paths, settings):
        if isinstance(result, Problem):
            problems.append(result)
        else:
            index.add(result.article, result.claims)
    return index, problems
