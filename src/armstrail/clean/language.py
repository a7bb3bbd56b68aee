"""Is this text English? Cheap enough to run on every article before the costly English-only analysis.

Two signals, from one pass over the start of the text:
- the script of each word: a text mostly in Arabic, Hebrew, Han, kana, Hangul or Cyrillic letters
  is not English, and the script often names the language outright;
- for Latin (and Cyrillic) text, which language's most frequent function words ("the", "und", "и")
  it uses most. Function words are common in every text, so a few hundred characters suffice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from armstrail import messages
from armstrail.errors import DataFileError
from armstrail.settings import Settings

SAMPLE_CHARS = 5000
MIN_WORDS = 20  # fewer words than this cannot tell a language: give the text the benefit of the doubt
MIN_SCRIPT_LETTERS = 20  # letters of a non-Latin script that settle the question even in a short text
UNDETERMINED = "und"
CYRILLIC = "und-Cyrl"
CYRILLIC_LANGUAGES = ("ru", "uk")

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "tr": "Turkish",
    "sv": "Swedish",
    "id": "Indonesian",
    "ar": "Arabic",
    "fa": "Persian",
    "he": "Hebrew",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    CYRILLIC: "a language in Cyrillic script",
    UNDETERMINED: "an unrecognised language",
}

_WORD = re.compile(r"[^\W\d_]+")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_PERSIAN = re.compile("[پچژگ]")
# (first code point, end, script), in order; a word's script is that of its first letter.
_SCRIPT_RANGES = (
    (0x0370, 0x0400, "other"),  # Greek
    (0x0400, 0x0530, "cyrillic"),
    (0x0590, 0x0600, "hebrew"),
    (0x0600, 0x0780, "arabic"),
    (0x08A0, 0x0900, "arabic"),
    (0x1100, 0x1200, "hangul"),
    (0x1E00, 0x2000, "latin"),  # Latin Extended Additional
    (0x3040, 0x3100, "cjk"),  # kana
    (0x3130, 0x3190, "hangul"),
    (0x31F0, 0x3200, "cjk"),
    (0x3400, 0xA000, "cjk"),
    (0xAC00, 0xD7B0, "hangul"),
    (0xF900, 0xFB00, "cjk"),
    (0xFB1D, 0xFB50, "hebrew"),
    (0xFB50, 0xFE00, "arabic"),
    (0xFE70, 0xFF00, "arabic"),
    (0xFF66, 0xFFA0, "cjk"),
    (0x20000, 0x30000, "cjk"),
)


@dataclass
class _Profile:
    """What one pass over a text's start saw."""

    words: int = 0
    letters: Counter[str] = field(default_factory=Counter)  # letters per script
    hits: Counter[str] = field(default_factory=Counter)  # function words per language
    matched: int = 0  # words that are a function word of at least one language
    kana: bool = False
    persian: bool = False


def detect_language(text: str) -> tuple[str, float]:
    """Best-matching language code (ISO 639-1; "und" when unknown) and the share that supports it.

    The share is that language's part of the recognised function words, or, for a language told by
    its script, that script's part of all letters.
    """
    return _decide(_profile(text))


def is_english(text: str, settings: Settings | None = None) -> bool:
    """True when the text is English, or too short to tell (fewer than 20 words in Latin script)."""
    settings = settings if settings is not None else Settings()
    profile = _profile(text)
    script = _main_script(profile)
    if script not in (None, "latin") and profile.letters[script] >= MIN_SCRIPT_LETTERS:
        return False
    if profile.words < MIN_WORDS:
        return True
    language, share = _decide(profile)
    return language == "en" and share >= settings.min_english_share


def language_name(code: str) -> str:
    """English name of a code that ``detect_language`` returns, for messages."""
    return LANGUAGE_NAMES.get(code, code)


def _profile(text: str) -> _Profile:
    lexicon = _lexicon()
    profile = _Profile()
    for match in _WORD.finditer(text, 0, SAMPLE_CHARS):
        word = match.group()
        script = _script(word)
        profile.words += 1
        profile.letters[script] += len(word)
        if script == "cjk" and not profile.kana:
            profile.kana = _KANA.search(word) is not None
        elif script == "arabic" and not profile.persian:
            profile.persian = _PERSIAN.search(word) is not None
        languages = lexicon.get(word.lower())
        if languages:
            profile.matched += 1
            profile.hits.update(languages)
    return profile


def _script(word: str) -> str:
    code = ord(word[0])
    if code < 0x0370:
        return "latin"
    for start, end, script in _SCRIPT_RANGES:
        if start <= code < end:
            return script
    return "other"


def _main_script(profile: _Profile) -> str | None:
    if not profile.letters:
        return None
    return profile.letters.most_common(1)[0][0]


def _decide(profile: _Profile) -> tuple[str, float]:
    script = _main_script(profile)
    if script is None:
        return UNDETERMINED, 0.0
    if script == "latin":
        return _by_function_words(profile, latin=True, fallback=UNDETERMINED)
    if script == "cyrillic":
        return _by_function_words(profile, latin=False, fallback=CYRILLIC)
    share = profile.letters[script] / sum(profile.letters.values())
    return _by_script(script, profile), share


def _by_script(script: str, profile: _Profile) -> str:
    if script == "arabic":
        return "fa" if profile.persian else "ar"
    if script == "cjk":
        return "ja" if profile.kana else "zh"
    return {"hebrew": "he", "hangul": "ko"}.get(script, UNDETERMINED)


def _by_function_words(profile: _Profile, *, latin: bool, fallback: str) -> tuple[str, float]:
    candidates = [lang for lang in _languages() if (lang in CYRILLIC_LANGUAGES) != latin]
    best = max(candidates, key=lambda lang: profile.hits[lang], default=None)
    if best is None or profile.hits[best] == 0:
        return fallback, 0.0
    return best, profile.hits[best] / profile.matched


@cache
def _languages() -> tuple[str, ...]:
    """Languages in file order; English first, so that it wins a tie."""
    return tuple(_load()["languages"])


@cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages that use it ("in" is English, German, Dutch, ...)."""
    table: dict[str, list[str]] = {}
    for language, words in _load()["languages"].items():
        for word in words:
            table.setdefault(word.lower(), []).append(language)
    return {word: tuple(languages) for word, languages in table.items()}


@cache
def _load() -> dict[str, Any]:
    name = "stopwords.json"
    try:
        raw = (resources.files("armstrail") / "data" / name).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise DataFileError(messages.DATA_FILE_UNREADABLE.format(name=name, error=error)) from error
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, dict) or not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words) for words in languages.values()
    ):
        raise DataFileError(
            messages.DATA_FILE_MALFORMED.format(
                name=name, expected='"languages" must map each language code to a list of words'
            )
        )
    loaded: dict[str, Any] = data
    return loaded
