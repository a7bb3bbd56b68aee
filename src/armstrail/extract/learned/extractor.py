"""The hybrid extractor, armstrail's default: the rules read the article (frames, events, chains)
and propose claims; trained models decide which sentences state claims of which type, confirm or
drop the rules' claims, and fill the parties and items of the claims the rules missed. The model
ships inside the package (``armstrail/models/hybrid``) and is rebuilt by ``make train``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from armstrail import __version__, messages
from armstrail.analyse.gazetteer import Gazetteer
from armstrail.errors import ModelMissingError
from armstrail.extract.claims import EXTRACTOR_VERSION, finish_claims
from armstrail.extract.learned.dataset import analyse
from armstrail.model import Article, Claim

HYBRID_VERSION = f"armstrail-hybrid/{__version__}"
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
EXTRACTORS = ("hybrid", "rules", "given")


def model_dir() -> Path:
    return Path(str(resources.files("armstrail").joinpath("models", "hybrid")))


@lru_cache(maxsize=2)
def load_models(where: str | None = None) -> Any:
    """The trained decisions, loaded once from the package (never downloaded)."""
    import joblib

    folder = Path(where) if where else model_dir()
    path = folder / MODEL_FILE
    if not path.is_file():
        raise ModelMissingError(messages.TRAINED_MODEL_MISSING.format(path=path))
    return joblib.load(path)


def model_meta(where: str | None = None) -> dict[str, Any]:
    folder = Path(where) if where else model_dir()
    path = folder / META_FILE
    if not path.is_file():
        return {}
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def extractor_version(name: str) -> str:
    """What every claim's ``extractor`` says for the extractor ``name``."""
    if name == "given":
        return "given"  # claims given with the articles (extract/given.py), none extracted
    return EXTRACTOR_VERSION if name == "rules" else HYBRID_VERSION


def hybrid_claims(article: Article, doc: Any, gaz: Gazetteer, models: Any | None = None) -> list[Claim]:
    """Every claim of one parsed article, decided by the trained models over the rules' reading."""
    from armstrail.extract.learned.models import decode

    models = models if models is not None else load_models()
    _analysis, views = analyse(article, doc, gaz)
    return finish_claims(decode(models, views, HYBRID_VERSION), article)
