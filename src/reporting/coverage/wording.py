"""Coverage in plain sentences, in the report's language: the notice at the top of every report.

One sentence per source with a gap ("X posts: the data ends on Dec 22, 2026, so the last 9 days of
the period are missing."); nothing when every source covers the period. Names of brands and
channels come from the data: they are escaped when the notice becomes HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporting import display
from reporting.coverage.measure import (BY_BRAND, BY_CHANNEL, DEFAULT_PAUSE, LOOKBACK_DAYS, MIN_ACTIVE_DAYS, NONE,
                                        PARTIAL, Coverage, SourceCoverage, Window)

if TYPE_CHECKING:
    from reporting.i18n import Translator


def _plural(t: Translator, key: str, n: int, **values: object) -> str:
    """``key_one`` or ``key_other`` by the language's plural rule (Korean has only ``other``)."""
    form = "one" if t.locale.plural_form(n) == "one" else "other"
    return t(f"coverage.{key}_{form}", n=t.number(n), **values)


def source_name(t: Translator, src: SourceCoverage) -> str:
    """What the source is, for a reader: "X posts", "Mentions of Paywise", "Web traffic"."""
    if src.table in BY_CHANNEL:
        return t(f"coverage.src_{src.table}", channel=t.channel(src.part))
    if src.table in BY_BRAND:
        return t(f"coverage.src_{src.table}", brand=src.part) if src.part else t(f"coverage.src_{src.table}_all")
    return t(f"coverage.src_{src.table}")


def gap_sentences(src: SourceCoverage, t: Translator) -> list[str]:
    """The plain sentences saying what this source misses in the period (none when it covers it)."""
    name = source_name(t, src)
    if src.status == NONE:
        if src.last_before and src.first_after:
            return [t("coverage.none_between", source=name, last=t.date(src.last_before),
                      next=t.date(src.first_after))]
        if src.last_before:
            return [t("coverage.none_ended", source=name, date=t.date(src.last_before))]
        assert src.first_after is not None
        return [t("coverage.none_starts", source=name, date=t.date(src.first_after))]
    if src.status != PARTIAL:
        return []
    out = []
    if src.missing_start and src.first_in:
        out.append(_plural(t, "starts", src.missing_start, source=name, date=t.date(src.first_in)))
    if src.missing_end and src.last_in:
        out.append(_plural(t, "ends", src.missing_end, source=name, date=t.date(src.last_in)))
    if src.missing_inside:
        out.append(_plural(t, "inside", src.missing_inside, source=name))
    return out


def sentences(coverage: Coverage, t: Translator) -> list[str]:
    """Every gap of the report's sources, then the staleness of the whole, as plain sentences."""
    out = [s for src in coverage.gaps for s in gap_sentences(src, t)]
    through, lag = coverage.through, coverage.lag
    if coverage.stale:
        said = any(src.last_in == through and src.missing_end == lag for src in coverage.gaps)
        out.append(t("coverage.not_final") if said or not lag or through is None
                   else _plural(t, "stale", lag, date=t.date(through)))
    return out


def comparison_sentence(current: Window, full: Window, t: Translator) -> str:
    """Says comparisons are cut to the covered days; empty when the whole period is covered."""
    if current == full:
        return ""
    return t("coverage.like_for_like", days=t.period(current.start, current.end))


def method_note(t: Translator) -> str:
    """How gaps are judged, for a report's method notes."""
    return t("coverage.method", lookback=t.number(LOOKBACK_DAYS), min_days=t.number(MIN_ACTIVE_DAYS),
             default=t.number(DEFAULT_PAUSE))


def notice(coverage: Coverage, t: Translator, extra: list[str] | None = None) -> display.Html:
    """The coverage box for the top of a report; empty when every source covers the period."""
    lines = sentences(coverage, t) + [s for s in (extra or []) if s]
    if not lines:
        return display.Html("")
    items = "".join(f"<li>{display.esc(s)}</li>" for s in lines)
    return display.Html(f'<section class="rp-coverage" role="note"><h2>{display.esc(t("coverage.title"))}</h2>'
                        f"<ul>{items}</ul></section>")
