"""Shared fixtures for the unit tests: the real spaCy pipeline, the real gazetteer and a builder of
``ArticleContext`` objects for sentences written in the tests (no mocks)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from armstrail.analyse.gazetteer import Gazetteer, load_gazetteer
from armstrail.analyse.nlp import load_pipeline
from armstrail.extract.context import ArticleContext
from armstrail.model import Article

CtxFor = Callable[..., ArticleContext]


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline()


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def ctx_for(nlp: Any, gaz: Gazetteer) -> CtxFor:
    """``ctx_for(text, published=None)``: the context the extractor builds for an article whose
    body is ``text``, before any sentence is read (its coreference memory is empty)."""

    def build(text: str, published: date | None = None) -> ArticleContext:
        article = Article(id="unit", text=text, published=published)
        return ArticleContext.build(article, nlp(text), gaz)

    return build
