"""Report language: one catalogue per language, number and date formats per locale.

A catalogue is a folder ``locales/<lang>/`` of YAML files, one per domain
(``common.yaml``, ``kpi.yaml``...). Keys are ``<domain>.<key>``. Adding a
language means adding a folder with the same files and keys; a test checks
every catalogue has every key and the same ``{placeholders}``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.lists import format_list

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

    def points(self, x: float, digits: int = 1, signed: bool = True) -> str:
        """A change of a share in percentage points: 0.012 -> '+1.2 pts' (never '-0.0'); unsigned: '1.2 pts'."""
        value = round(float(x) * 100, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
        return self("common.points", value=("+" if signed and value > 0 else "") + self.number(value, digits))

    def in_unit(self, x: float | None, unit: str, compact: bool = False) -> str:
        """A metric's value in its unit (``count``, ``percent`` or ``money``), the one rule every report uses.

        Shares keep two decimals below 1 %, counts one below 10 when not whole; ``compact``
        shortens counts of 10,000 and more (12.3K) where a table has little room.
        """
        if _missing(x):
            return "–"
        if unit == "percent":
            return self.percent(x, 2 if abs(x) < 0.01 else 1)
        if unit == "money":
            return self.money(x)
        if compact and abs(x) >= 10_000:
            return self.compact(x)
        return self.number(x, 1 if 0 < abs(x) < 10 and x != round(x) else 0)

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

    def period_name(self, period: Any) -> str:
        """'2025' for a calendar year, 'Oct 2026' / '2026년 10월' / 'Οκτ 2026' for a calendar month (an
        abbreviation reads in any grammatical case), else the dates. ``period`` has ``start`` and ``end``."""
        start, end = period.start, period.end
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        if start.day == 1 and (end.year, end.month) == (start.year, start.month) \
                and end.day == calendar.monthrange(end.year, end.month)[1]:
            return babel_dates.format_skeleton("yMMM", start, locale=self.locale)
        return self.period(start, end)

    def day(self, d: dt.date) -> str:
        """'Oct 5' / '10월 5일' / '5 Οκτ': a day within a year the reader knows (chart ticks, spikes)."""
        return babel_dates.format_skeleton("MMMd", d, locale=self.locale)

    def short_month(self, d: dt.date) -> str:
        """'Oct' / '10월' / 'Οκτ'."""
        return babel_dates.format_skeleton("MMM", d, locale=self.locale)

    # Words -------------------------------------------------------------------
    def channel(self, channel: object) -> str:
        """A channel or site type in the report language ('all' = every channel); unknown ones keep their name."""
        key = f"common.channel_{channel}"
        return self(key) if self.has(key) else str(channel)

    def join(self, items: Any) -> str:
        """'A, B and C' in the report language ('' for no items)."""
        items = [str(i) for i in items]
        return format_list(items, locale=self.locale) if items else ""


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is _NA


try:
    import pandas as _pd

    _NA = _pd.NA
except ImportError:  # pragma: no cover - pandas is a dependency
    _NA = object()
