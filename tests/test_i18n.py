"""Catalogues: every language has every message with the same placeholders; locale formats are right."""

from __future__ import annotations

import datetime as dt
import string
from importlib import resources

import pytest

from reporting.i18n import LOCALES, Translator, catalogue


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LOCALES}
    for lang in LOCALES:
        assert keys[lang] == keys["en"], f"{lang}: missing {keys['en'] - keys[lang]}, extra {keys[lang] - keys['en']}"


def test_catalogues_have_the_same_placeholders() -> None:
    english = catalogue("en")
    for lang in LOCALES:
        for key, text in catalogue(lang).items():
            assert _placeholders(text) == _placeholders(english[key]), f"{lang}:{key}"


def test_every_language_folder_is_a_registered_locale() -> None:
    folders = {p.name for p in (resources.files("reporting") / "locales").iterdir() if p.is_dir()}
    assert folders == set(LOCALES)


@pytest.mark.parametrize(("lang", "number", "percent", "money", "date"), [
    ("en", "12,345.7", "15.3%", "€12,346", "Oct 3, 2026"),
    ("ko", "12,345.7", "15.3%", "€12,346", "2026. 10. 3."),
    ("el", "12.345,7", "15,3%", "12.346\u00a0€", "3 Οκτ 2026"),
])
def test_locale_formats(lang: str, number: str, percent: str, money: str, date: str) -> None:
    t = Translator(lang, "EUR")
    assert t.number(12345.67, 1) == number
    assert t.percent(0.1534) == percent
    assert t.money(12345.6) == money
    assert t.date(dt.date(2026, 10, 3)) == date


def test_missing_values_and_small_money() -> None:
    t = Translator("en", "USD")
    assert t.number(None) == t.percent(float("nan")) == "–"
    assert t.money(12.5) == "$12.50"
    assert Translator("ko", "KRW").money(1500) == "₩1,500"
    assert t.signed_percent(0.05) == "+5.0%" and t.signed_percent(-0.05) == "-5.0%"


def test_unknown_key_names_the_catalogue() -> None:
    with pytest.raises(KeyError, match="missing from the 'el' catalogue"):
        Translator("el")("common.no_such_key")


def test_weekday_names() -> None:
    assert Translator("ko").weekday(5) == "토"
    assert Translator("el").weekday(0) == "Δευ"


def test_a_value_in_its_unit_is_written_by_one_rule() -> None:
    t = Translator("en")
    assert [t.in_unit(x, "percent") for x in (0.0042, 0.053, None)] == ["0.42%", "5.3%", "–"]
    assert [t.in_unit(x, "count") for x in (7.5, 7.0, 12_345)] == ["7.5", "7", "12,345"]
    assert t.in_unit(12_345, "count", compact=True) == "12.3K" and t.in_unit(9_999, "count", compact=True) == "9,999"
    assert t.in_unit(float("nan"), "money") == "–"
