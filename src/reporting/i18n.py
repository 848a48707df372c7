"""Report language: one catalogue per language, number and date formats per locale.

A catalogue is a folder ``locales/<lang>/`` of YAML files, one per domain
(``common.yaml``, ``kpi.yaml``...). Keys are ``<domain>.<key>``. Adding a
language means adding a folder with the same files and keys; a test checks
every catalogue has every key and the same ``{placeholders}``.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

LOCALES = {"en": "en_US", "ko": "ko_KR", "el": "el_GR"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, flattened to ``domain.key``."""
    folder = resources.files("reporting") / "locales" / lang
    if not folder.is_dir():
        raise ValueError(f"no catalogue for language {lang!r} (have: {', '.join(sorted(LOCALES))})")
    messages: dict[str, str] = {}
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if file.name.endswith(".yaml"):
            domain = file.name.removesuffix(".yaml")
            for key, text in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).items():
                messages[f"{domain}.{key}"] = str(text)
    return messages


class Translator:
    """Looks up messages and formats numbers and dates for one report language.

    Examples
    --------
    >>> t = Translator("el")
    >>> t.percent(0.153)
    '15,3%'
    """

    def __init__(self, lang: str, currency: str = "EUR"):
        self.lang = lang
        self.locale = Locale.parse(LOCALES[lang])
        self.currency = currency
        self._messages = catalogue(lang)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self._messages[key]
        except KeyError:
            raise KeyError(f"message {key!r} missing from the {self.lang!r} catalogue") from None
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._messages

    # Numbers -------------------------------------------------------------
    def number(self, x: float | None, digits: int = 0) -> str:
        if _missing(x):
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(x, format=fmt, locale=self.locale)

    def compact(self, x: float | None) -> str:
        """Short form for chart labels and headlines: 12.3K / 1.2만 / 12,3 χιλ."""
        if _missing(x):
            return "–"
        return babel_numbers.format_compact_decimal(x, locale=self.locale, fraction_digits=1)

    def percent(self, x: float | None, digits: int = 1) -> str:
        if _missing(x):
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return babel_numbers.format_percent(x, format=fmt, locale=self.locale)

    def signed_percent(self, x: float | None, digits: int = 1) -> str:
        if _missing(x):
            return "–"
        return ("+" if x > 0 else "") + self.percent(x, digits)

    def money(self, x: float | None) -> str:
        """Currency amount; whole units for large amounts and zero-decimal currencies."""
        if _missing(x):
            return "–"
        if abs(x) >= 1000 or babel_numbers.get_currency_precision(self.currency) == 0:
            pattern = self.locale.currency_formats["standard"].pattern.replace(".00", "")
            return babel_numbers.format_currency(x, self.currency, format=pattern, locale=self.locale,
                                                 currency_digits=False)
        return babel_numbers.format_currency(x, self.currency, locale=self.locale)

    # Dates ---------------------------------------------------------------
    def date(self, d: dt.date | dt.datetime, fmt: str = "medium") -> str:
        return babel_dates.format_date(d, format=fmt, locale=self.locale)

    def datetime(self, d: dt.datetime) -> str:
        return babel_dates.format_datetime(d, format="medium", locale=self.locale, tzinfo=d.tzinfo)

    def month(self, d: dt.date) -> str:
        return babel_dates.format_date(d, format="LLLL y", locale=self.locale)

    def weekday(self, index: int, width: str = "abbreviated") -> str:
        """Weekday name, Monday = 0."""
        return self.locale.days["stand-alone"][width][index]

    def period(self, start: dt.date, end: dt.date) -> str:
        return babel_dates.format_interval(start, end, skeleton="yMMMd", locale=self.locale)


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is _NA


try:
    import pandas as _pd

    _NA = _pd.NA
except ImportError:  # pragma: no cover - pandas is a dependency
    _NA = object()
