"""Language detection: English passes, other languages and scripts do not, short texts get the
benefit of the doubt. The sample sentences are written for these tests."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armstrail.clean import detect_language, is_english, language_name
from armstrail.settings import Settings

ENGLISH = (
    "The defence ministry said on Tuesday that it had received the first batch of the new air "
    "defence systems, and officials who spoke on condition of anonymity added that more would "
    "follow in the coming months if the funding was approved by parliament."
)
GERMAN = (
    "Das Verteidigungsministerium hat am Dienstag bestätigt, dass die ersten Systeme zur "
    "Luftverteidigung eingetroffen sind. Nach Angaben eines Sprechers sollen in den kommenden "
    "Monaten weitere Lieferungen folgen, wenn das Parlament die Mittel freigibt."
)
RUSSIAN = (
    "Министерство обороны заявило во вторник, что получило первую партию новых систем "
    "противовоздушной обороны, а официальные лица добавили, что в ближайшие месяцы будут и другие "
    "поставки, если парламент одобрит финансирование."
)
OTHERS = {
    "fr": "Le ministère de la Défense a annoncé mardi que les premiers systèmes de défense aérienne "
    "sont arrivés dans le pays et que de nouvelles livraisons sont prévues pour les mois qui "
    "viennent selon un porte-parole.",
    "es": "El ministerio de Defensa dijo el martes que ha recibido el primer lote de los nuevos "
    "sistemas de defensa aérea y que habrá más entregas en los próximos meses si el parlamento "
    "aprueba la financiación.",
    "uk": "Міністерство оборони заявило у вівторок, що отримало першу партію нових систем "
    "протиповітряної оборони, і що в найближчі місяці будуть інші поставки, якщо парламент "
    "схвалить фінансування.",
    "ar": "قالت وزارة الدفاع يوم الثلاثاء إنها تسلمت الدفعة الأولى من أنظمة الدفاع الجوي الجديدة.",
    "fa": "وزارت دفاع روز سه‌شنبه گفت که نخستین محموله سامانه‌های پدافند هوایی را دریافت کرده "
    "است و گزارش‌ها نشان می‌دهد.",
    "he": "משרד הביטחון אמר ביום שלישי כי קיבל את המשלוח הראשון של מערכות ההגנה האווירית החדשות.",
    "zh": "国防部星期二表示，已经收到第一批新的防空系统，官员说未来几个月还会有更多交付。",
    "ja": "国防省は火曜日、新しい防空システムの最初の一群を受け取ったと発表した。",
    "ko": "국방부는 화요일 새로운 방공 시스템의 첫 번째 물량을 인수했다고 밝혔다고 관계자들이 전했다.",
}


def test_english_is_english() -> None:
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language(ENGLISH)[1] > 0.8
    assert is_english(ENGLISH, Settings())


def test_german_is_not_english() -> None:
    assert detect_language(GERMAN)[0] == "de"
    assert not is_english(GERMAN, Settings())


def test_russian_is_not_english() -> None:
    assert detect_language(RUSSIAN)[0] == "ru"
    assert not is_english(RUSSIAN, Settings())


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_and_scripts(code: str) -> None:
    assert detect_language(OTHERS[code])[0] == code
    assert not is_english(OTHERS[code])


def test_short_text_gets_the_benefit_of_the_doubt() -> None:
    assert is_english("Panzerlieferung bestätigt", Settings())
    assert is_english("", Settings())
    assert detect_language("") == ("und", 0.0)


def test_short_text_in_another_script_is_not_english() -> None:
    assert not is_english("Министерство обороны заявило во вторник", Settings())


def test_english_with_quoted_foreign_words_is_english() -> None:
    text = ENGLISH + ' A spokesman called it "ein wichtiger Schritt für die Sicherheit".'
    assert is_english(text, Settings())


def test_threshold_comes_from_settings() -> None:
    mixed = ENGLISH + " " + GERMAN
    language, share = detect_language(mixed)
    assert language == "en" and 0.3 < share < 0.9
    assert is_english(mixed, Settings(min_english_share=share))
    assert not is_english(mixed, Settings(min_english_share=0.95))


def test_only_the_start_of_a_long_text_is_read() -> None:
    long_text = ENGLISH * 3000  # about 700 kB
    start = time.perf_counter()
    assert is_english(long_text + GERMAN * 1000, Settings())
    assert time.perf_counter() - start < 0.5


def test_language_names() -> None:
    assert language_name("de") == "German"
    assert language_name("xx") == "xx"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_detection_is_total(text: str) -> None:
    language, share = detect_language(text)
    assert isinstance(language, str) and language
    assert 0.0 <= share <= 1.0
    assert isinstance(is_english(text, Settings()), bool)
