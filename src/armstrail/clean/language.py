"""Is this text English? Asked of every article before the English-only analysis, so it must be cheap
and right on short texts too: a news stream carries two-line items in every language.

A packaged language identifier decides: py3langid (langid.py's model, shipped inside the package,
nothing downloaded), limited to the languages below and asked only about the start of the text. A
text is refused only when the identifier is sure (``Settings.language_confidence``) that it is in
another language; a text of one or two words gets the benefit of the doubt. Measured on short texts
(tests/clean/test_language.py): every first sentence and eight-word opening of the annotated
English articles is kept, and 45 of 46 one-line news items in eleven other languages are refused,
where the function-word profiles used before refused 3. The threshold (0.8) was chosen on these
texts, so these figures are not a first reading.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from armstrail.settings import Settings

SAMPLE_CHARS = 1000  # the start of a text settles its language; the rest only costs time
MIN_WORDS = 3  # fewer words than this cannot tell a language: the benefit of the doubt
UNDETERMINED = "und"

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
    UNDETERMINED: "an unrecognised language",
}
LANGUAGES = tuple(code for code in LANGUAGE_NAMES if code != UNDETERMINED)
_WORD = re.compile(r"[^\W\d_]+")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")  # kana and Han


def detect_language(text: str) -> tuple[str, float]:
    """Most probable language code (ISO 639-1; "und" for a text with no letters) and its
    probability among the languages armstrail names."""
    sample = text[:SAMPLE_CHARS]
    if not _WORD.search(sample):
        return UNDETERMINED, 0.0
    code, probability = _identifier().classify(sample)
    return str(code), min(1.0, max(0.0, float(probability)))


def is_english(text: str, settings: Settings | None = None) -> bool:
    """True unless the text is surely in another language; a text of fewer than three words is
    given the benefit of the doubt."""
    settings = settings if settings is not None else Settings()
    if _word_count(text[:SAMPLE_CHARS]) < MIN_WORDS:
        return True
    code, probability = detect_language(text)
    return code == "en" or probability < settings.language_confidence


def language_name(code: str) -> str:
    """English name of a code that ``detect_language`` returns, for messages."""
    return LANGUAGE_NAMES.get(code, code)


def _word_count(sample: str) -> int:
    """Words, counting a run of Chinese or Japanese characters (written without spaces) as a word
    per two characters."""
    count = 0
    for word in _WORD.findall(sample):
        count += -(-len(word) // 2) if _UNSPACED.match(word) else 1
    return count


@cache
def _identifier() -> Any:
    """The model, loaded once (about half a second), limited to LANGUAGES, probabilities normalised."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier
