"""One exception tree. Every error a user can see is an ``ArmstrailError``; its text comes from
``messages`` so that wording lives in one place."""

from __future__ import annotations


class ArmstrailError(Exception):
    """Root of every error armstrail raises on purpose."""


class InputError(ArmstrailError):
    """An input (file, record, stream) that cannot be turned into an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelMissingError(ArmstrailError):
    """The spaCy English pipeline is not installed."""


class DataFileError(ArmstrailError):
    """A bundled gazetteer or lexicon file is missing or malformed."""


class StoreError(ArmstrailError):
    """The evidence store cannot be opened, migrated or written."""
