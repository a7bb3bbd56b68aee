"""Copies of one text: syndicated wire stories, re-posted pages, the same article under two URLs.
Exact copies share a content hash; near copies share most of their word 5-grams, which a MinHash
signature estimates (datasketch) and locality-sensitive bands let us find without comparing an
article with every stored one: two texts are candidates when one band of their signatures agrees."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 17  # fixed: signatures are stored, and must stay comparable across runs
SHINGLE = 5
MIN_SHINGLES = 8  # a text shorter than this is compared by its hash only
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    """A text's MinHash, and the LSH band keys it is filed under."""

    values: np.ndarray

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @staticmethod
    def from_bytes(data: bytes) -> Signature:
        return Signature(np.frombuffer(data, dtype="<u8").astype(np.uint64))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two texts' 5-gram sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def shingles(text: str) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(max(0, len(words) - SHINGLE + 1))}


@lru_cache(maxsize=256)
def signature(text: str) -> Signature | None:
    """The MinHash of ``text``'s word 5-grams; None for a text too short to compare this way.
    Cached: ingest asks for an article's signature before analysis and again when writing its
    batch, some dozens of articles later (a Signature is never changed in place)."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(sorted(grams))
    return Signature(np.asarray(minhash.hashvalues, dtype=np.uint64))


@cache
def _template() -> MinHash:
    """A MinHash whose seeded permutations every signature reuses: drawing them per text cost a
    third of a signature."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


@cache
def band_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows) that datasketch finds best for ``threshold`` with our permutations."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def band_keys(sig: Signature, threshold: float) -> list[tuple[int, int]]:
    """(band, key) pairs: a signed 63-bit key per band, to store and look up in an index."""
    bands, rows = band_shape(threshold)
    keys = []
    for band in range(bands):
        chunk = sig.values[band * rows : (band + 1) * rows].astype("<u8").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little") >> 1))
    return keys
