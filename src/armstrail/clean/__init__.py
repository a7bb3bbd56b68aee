"""CLEAN stage: decide which read articles the English-only analysis should see."""

from __future__ import annotations

from armstrail.clean.language import detect_language, is_english, language_name

__all__ = ["detect_language", "is_english", "language_name"]
