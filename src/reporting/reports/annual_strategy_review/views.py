"""Annual review, views: what each section of the notebook shows, as escaped HTML (or why the data is missing).

The ``*_table`` builders return the frames as shown (labels and formatted values in the
client's language); the section functions at the end, one per notebook cell, put headings,
tables, sentences, charts and method notes together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from reporting import display
from reporting.coverage import wording as coverage_wording
from reporting.params import Goal
from reporting.reports.annual_strategy_review import charts
from reporting.reports.annual_strategy_review.compute import AnnualReview
from reporting.reports.annual_strategy_review.targets import goals_yaml
from reporting.reports.annual_strategy_review.wording import (audience_contrast, campaign_sentences, campaigns_note,
                                                              content_empty, content_name, content_note,
                                                              definitions_note, described_goals, evidence_notes,
                                                              executive_summary, exposure_label, format_change,
                                                              format_points, format_signed, format_times,
                                                              format_value, goal_sentences, goal_status_key,
                                                              goals_note, inventory_flags, inventory_note, last_name,
                                                              period_label,
                                                              measure_label, position_sentences, rules_text,
                                                              scorecard_note, shift_sentences, span_name,
                                                              targets_empty, targets_method, targets_notes,
                                                              trends_note, verdict_sentences, voice_names)
from reporting.reports.annual_strategy_review.year_results import SHOWN_AS_WAS, YOY_METRICS, growth, positive

if TYPE_CHECKING:
    from reporting.i18n import Translator


VERDICT_BADGE = {"keep": "keep", "fix": "fix", "stop": "stop", "no_data": "no_data",
                 "drop": "stop", "review": "fix", "too_few": "no_data"}


def headline_tiles(r: AnnualReview, t: Translator) -> list[dict[str, object]]:
    """The year in numbers as tiles: reach, followers, and conversions / revenue, each against last year."""
    total, before = r.this.loc["all"], r.last.loc["all"]
    items = []
    for metric in (r.exposure, "followers", "conversions", "revenue"):
        value = total.get(metric)
        if not positive(value):
            continue
        prev = total.get("followers_start") if metric == "followers" else before.get(metric)
        change = growth(value, prev)
        if metric == "followers":  # the level's change since the first day measured
            key = "annual.tile_delta_followers_window" if r.cut else "annual.tile_delta_followers"
            delta = t(key, change=format_change(t, change), date=t.date(r.window.start))
        else:
            delta = t("annual.tile_delta", change=format_change(t, change), last=last_name(r, t))
        items.append({"label": t(f"annual.metric_{metric}"), "value": format_value(t, metric, value), "delta": delta,
                      "good": None if change is None else change > 0})
    return items


def yoy_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """KPI rows x channel columns, each cell "this year (change on last year)"; rows no data fills are left out."""
    columns = [c for c in [*r.channels, "all"] if c in r.this.index]
    rows = []
    for metric in YOY_METRICS:
        sub = r.yoy[r.yoy["metric"] == metric].set_index("channel")
        if not (sub["this_year"].fillna(0) != 0).any():  # no data, or none at all (revenue of a lead business)
            continue
        row = {t("annual.col_kpi"): t(f"annual.metric_{metric}")}
        for c in columns:
            value, change = sub.at[c, "this_year"], sub.at[c, "change"]
            cell = format_value(t, metric, value)
            if pd.isna(value):
                pass
            elif metric in SHOWN_AS_WAS:
                cell += f" ({t('annual.was', value=format_value(t, metric, sub.at[c, 'last_year']))})"
            elif pd.notna(value):
                cell += f" ({format_change(t, change)})"
            row[t.channel(c)] = cell
        rows.append(row)
    return pd.DataFrame(rows)


def goals_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Every goal active in the year: baseline, target, value where its data stops (or deadline), progress, status."""
    rows = []
    for s in r.goal_status:
        g = s.goal
        status = goal_status_key(s)
        day = s.current_window[1] if s.current_window else None
        rows.append({t("annual.col_goal"): g.description or g.id, t("annual.col_metric"): t(f"annual.metric_{g.metric}")
                     if t.has(f"annual.metric_{g.metric}") else g.metric,
                     t("annual.col_channel"): t.channel(g.channel),
                     t("annual.col_baseline"): format_value(t, g.metric, s.baseline),
                     t("annual.col_target"): format_value(t, g.metric, s.target),
                     t("annual.col_value"): format_value(t, g.metric, s.current),
                     t("annual.col_as_of"): t.date(day) if day else "–",
                     t("annual.col_progress"): s.progress,
                     t("annual.col_status"): {"met": "on_track", "missed": "off_track"}.get(status, status),
                     t("annual.col_status") + "_label": t(f"annual.goal_{status}")})
    return pd.DataFrame(rows)


def scorecard_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """The scorecard as shown: the verdict column holds badge keys, its ``_label`` sibling the words.

    Numbers stay numbers (the workbook keeps them); :func:`scorecard_formats` shows them.
    """
    c = r.card
    verdict = t("annual.col_verdict")
    return pd.DataFrame({
        t("annual.col_channel"): [t.channel(x) for x in c["channel"]],
        verdict: [VERDICT_BADGE[v] for v in c["verdict"]],
        f"{verdict}_label": [t(f"annual.verdict_{v}") for v in c["verdict"]],
        t("annual.col_posts"): c["posts"].astype("float64").tolist(),
        t("annual.col_reach_share", measure=measure_label(r, t)): c["reach_share"].astype("float64").tolist(),
        t("annual.col_engagement_rate"): c["engagement_rate"].astype("float64").tolist(),
        t("annual.col_conversion_share"): c["conversion_share"].astype("float64").tolist(),
        t("annual.col_cost_per_result"): c["cost_per_result"].astype("float64").tolist(),
        t("annual.col_fit"): c["purchase_index"].astype("float64").tolist(),
    })


def scorecard_formats(r: AnnualReview, t: Translator) -> dict[str, object]:
    return {t("annual.col_posts"): t.number,
            t("annual.col_reach_share", measure=measure_label(r, t)): lambda x: t.percent(x, 0),
            t("annual.col_engagement_rate"): lambda x: format_value(t, "engagement_rate", x),
            t("annual.col_conversion_share"): lambda x: t.percent(x, 1),
            t("annual.col_cost_per_result"): lambda x: format_value(t, "cost_per_result", x),
            t("annual.col_fit"): lambda x: format_times(t, x, 2)}  # the workbook keeps the value: show it


def inventory_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """One row per account: status badge (active, dormant, duplicate), last post, activity, followers, names."""
    inv = r.inventory
    dup = set(zip(r.duplicates["channel"], r.duplicates["duplicate"], strict=True))
    status = ["duplicate" if (c, a) in dup else "dormant" if d else "no_posts" if none else "active"
              for c, a, d, none in zip(inv["channel"], inv["account"], inv["dormant"], inv["no_posts"], strict=True)]
    return pd.DataFrame({
        t("annual.col_channel"): [t.channel(x) for x in inv["channel"]],
        t("annual.col_account"): ["@" + a for a in inv["account"]],
        t("annual.col_status"): [{"active": "keep", "dormant": "stop", "duplicate": "fix", "no_posts": "no_data"}[s]
                                 for s in status],
        t("annual.col_status") + "_label": [t(f"annual.account_{s}") for s in status],
        t("annual.col_last_post"): [t.date(d) if d is not None and pd.notna(d) else "–" for d in inv["last_post"]],
        t("annual.col_posts_per_week", year=period_label(t, r.year)): [t.number(x, 1) for x in inv["posts_per_week"]],
        t("annual.col_followers"): inv["followers_now"].astype("float64").tolist(),
        t("annual.col_in_params"): [t("annual.word_yes") if x else t("annual.word_no") for x in inv["in_params"]],
        t("annual.col_aliases"): inv["aliases"].tolist(),
    })


def content_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Content types ranked, with their verdict and their indices against the typical post of their channels."""
    c = r.content
    return pd.DataFrame({
        t("annual.col_content_type"): [content_name(t, x) for x in c["content_type"]],
        t("annual.col_verdict"): [VERDICT_BADGE[v] for v in c["verdict"]],
        t("annual.col_verdict") + "_label": [t(f"annual.content_verdict_{v}") for v in c["verdict"]],
        t("annual.col_posts"): c["posts"].astype("float64").tolist(),
        t("annual.col_reach_per_post", metric=exposure_label(r, t)): c["reach_per_post"].astype("float64").tolist(),
        t("annual.col_engagement_rate"): c["engagement_rate"].astype("float64").tolist(),
        t("annual.col_engagement_index"): c["engagement_index"].astype("float64").tolist(),
        t("annual.col_click_index"): c["click_index"].astype("float64").tolist(),
    })


def content_formats(r: AnnualReview, t: Translator) -> dict[str, object]:
    """How the content table shows its numbers (indices to two decimals: the workbook keeps the value)."""
    return {t("annual.col_posts"): t.number,
            t("annual.col_reach_per_post", metric=exposure_label(r, t)): t.number,
            t("annual.col_engagement_rate"): lambda x: format_value(t, "engagement_rate", x),
            t("annual.col_engagement_index"): lambda x: format_times(t, x, 2),
            t("annual.col_click_index"): lambda x: format_times(t, x, 2)}


def campaign_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Campaign runs of the year with their verdict, reach, week-one-against-later ratio and cost per result."""
    c = r.campaigns
    return pd.DataFrame({
        t("annual.col_campaign"): c["campaign"].tolist(),
        t("annual.col_verdict"): [VERDICT_BADGE[v] for v in c["verdict"]],
        t("annual.col_verdict") + "_label": [t(f"annual.content_verdict_{v}") for v in c["verdict"]],
        t("annual.col_dates"): [t.period(a, b) for a, b in zip(c["start"], c["end"], strict=True)],
        t("annual.col_posts"): c["posts"].astype("float64").tolist(),
        exposure_label(r, t): c["reach"].astype("float64").tolist(),
        t("annual.col_engagement_index"): c["engagement_index"].astype("float64").tolist(),
        t("annual.col_week1_later"): c["later_vs_week1"].astype("float64").tolist(),
        t("annual.col_cost_per_result"): c["cost_per_result"].astype("float64").tolist(),
    })


def campaign_formats(r: AnnualReview, t: Translator) -> dict[str, object]:
    return {t("annual.col_posts"): t.number, exposure_label(r, t): t.number,
            t("annual.col_engagement_index"): lambda x: format_times(t, x, 2),
            t("annual.col_week1_later"): lambda x: t.percent(x, 0),
            t("annual.col_cost_per_result"): lambda x: format_value(t, "cost_per_result", x)}


def position_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Share of voice and net sentiment per brand, this year and last, and the change."""
    p = r.position
    year, last = voice_names(r, t)
    return pd.DataFrame({
        t("annual.col_brand"): p["brand"].tolist(),
        t("annual.col_sov_year", year=year): [t.percent(x) for x in p["share"]],
        t("annual.col_sov_year", year=last): [t.percent(x) for x in p["share_previous"]],
        t("annual.col_sov_change"): [format_points(t, x) for x in p["share_change"]],
        t("annual.col_net_year", year=year): [format_signed(t, x) for x in p["net"]],
        t("annual.col_net_year", year=last): [format_signed(t, x) for x in p["net_previous"]],
        t("annual.col_net_change"): [format_signed(t, x) for x in p["net_change"]],
    })


def demographics_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Per channel and basis: what the shares are of, the largest age group, aged 45+, women, the top location."""
    d = r.demographics
    return pd.DataFrame({
        t("annual.col_channel"): [t.channel(x) for x in d["channel"]],
        t("annual.col_basis"): [t(f"annual.basis_{b}") if t.has(f"annual.basis_{b}") else str(b) for b in d["basis"]],
        t("annual.col_top_age"): [x if isinstance(x, str) else "–" for x in d["top_age_band"]],
        t("annual.col_45_plus"): d["share_45_plus"].astype("float64").tolist(),
        t("annual.col_female"): d["female_share"].astype("float64").tolist(),
        t("annual.col_top_location"): [t("annual.location_share", location=x, share=t.percent(v, 0))
                                       if isinstance(x, str) else "–"
                                       for x, v in zip(d["top_location"], d["top_location_share"], strict=True)],
    })


def targets_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """One row per proposed target: the range, the change of the expected value and its realism."""
    g = r.targets

    def values(column: str) -> list[str]:
        return [format_value(t, m, v) for m, v in zip(g["metric"], g[column], strict=True)]

    return pd.DataFrame({
        t("annual.col_target_name"): [t("annual.target_name", channel=t.channel(c), metric=t(f"annual.metric_{m}"))
                                      for c, m in zip(g["channel"], g["metric"], strict=True)],
        t("annual.col_year_value", year=period_label(t, r.year)): values("this_year"),
        t("annual.col_conservative"): values("conservative"),
        t("annual.col_expected"): values("expected"),
        t("annual.col_stretch"): values("stretch"),
        t("annual.col_change"): [t.signed_percent(x / 100) for x in g["change_pct"]],
        t("annual.col_realism"): [t(f"annual.realism_{x}") for x in g["expected_realism"]],
    })


def yaml_block(proposed: Sequence[Goal]) -> display.Html:
    """Goals as a YAML snippet in an escaped <pre>, ready to paste into the client's parameters."""
    text = goals_yaml(list(proposed))
    return display.Html('<pre class="rp-code" style="white-space:pre-wrap;background:#f6f8fa;'
                        f'padding:0.8rem;border-radius:6px;font-size:0.85rem">{display.esc(text)}</pre>')


# ---------------------------------------------------------------------------------------------------------
# Sections: one notebook cell each


def coverage_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """The notice's own sentences: where the review's figures come from when a source starts late or stops early."""
    out = []
    if r.comparison is None:
        out.append(t("annual.coverage_no_common_days", year=period_label(t, r.year), last=period_label(t, r.previous)))
    elif r.cut:
        out.append(t("annual.coverage_cut", span=span_name(r, t), last=last_name(r, t)))
    return out


def coverage_notice(r: AnnualReview, t: Translator) -> display.Html:
    """The data-coverage box (what ``ReportContext.coverage_notice`` shows), empty when every source covers the year."""
    return coverage_wording.notice(r.coverage, t, coverage_sentences(r, t))


def header(r: AnnualReview, t: Translator) -> display.Html:
    """The report's title, the client and the year reviewed, then what the data does not cover."""
    return (display.header(t("common.report_annual_strategy_review"),
                           t("annual.subtitle", client=r.client_name, year=period_label(t, r.year)))
            + coverage_notice(r, t))


def summary(r: AnnualReview, t: Translator) -> display.Html:
    """The executive summary and the year in numbers."""
    return display.summary(executive_summary(r, t), t("annual.summary_title")) + display.tiles(headline_tiles(r, t))


def goals(r: AnnualReview, t: Translator) -> display.Html:
    """Every goal that ran during the year, or why none did; the goals outside the year are named."""
    shown = goals_table(r, t)
    body = (display.table(shown, formats={t("annual.col_progress"): lambda x: t.percent(x, 0)},
                          status_column=t("annual.col_status")) + display.bullets(goal_sentences(r, t))
            if not shown.empty else display.empty_state(t("annual.empty_goals", year=period_label(t, r.year))))
    return (display.heading(t("annual.h_goals")) + body + display.note(goals_note(r, t))
            + (display.note(t("annual.note_goals")) if not shown.empty else display.Html("")))


def year_on_year(r: AnnualReview, t: Translator) -> display.Html:
    """The year's results by channel against last year, then month by month."""
    year, last = period_label(t, r.year), period_label(t, r.previous)
    shown = yoy_table(r, t)
    body = display.table(shown) if not shown.empty else display.empty_state(t("annual.empty_yoy", year=span_name(r, t)))
    return (display.heading(t("annual.h_yoy")) + body + display.note(definitions_note(r, t))
            + display.figure(charts.monthly_trends(r.trends, t, last),
                             alt=t("annual.alt_trends", year=year, last=last, measure=measure_label(r, t)),
                             caption=trends_note(r, t)))


def scorecard(r: AnnualReview, t: Translator) -> display.Html:
    """Keep / fix / stop per channel with the reasons and the numbers, the shares chart and the rules applied."""
    body = (display.table(scorecard_table(r, t), formats=scorecard_formats(r, t), status_column=t("annual.col_verdict"))
            if not r.card.empty else display.empty_state(t("annual.empty_scorecard", year=period_label(t, r.year))))
    return (display.heading(t("annual.h_scorecard")) + body + display.bullets(verdict_sentences(r, t))
            + display.paragraph(audience_contrast(r, t)) + display.bullets(evidence_notes(r, t))
            + display.note(scorecard_note(r, t))
            + display.figure(charts.channel_shares(r.card, t, r.exposure),
                             alt=t("annual.alt_shares", year=period_label(t, r.year), measure=measure_label(r, t)))
            + display.heading(t("annual.h_rules"), 3) + display.bullets(rules_text(r, t)))


def inventory(r: AnnualReview, t: Translator) -> display.Html:
    """Every account the client holds, with the dormant, duplicate and unlisted ones named."""
    flags = inventory_flags(r, t)
    body = (display.table(inventory_table(r, t), formats={t("annual.col_followers"): t.number},
                          status_column=t("annual.col_status")) if not r.inventory.empty
            else display.empty_state(t("annual.empty_inventory")))
    flagged = display.bullets(flags) if flags else display.paragraph(t("annual.empty_inventory_flags"))
    return display.heading(t("annual.h_inventory")) + body + flagged + display.note(inventory_note(r, t))


def content(r: AnnualReview, t: Translator) -> display.Html:
    """Content types of the year ranked: which to keep, review or drop."""
    body = (display.table(content_table(r, t), formats=content_formats(r, t), status_column=t("annual.col_verdict"))
            if not r.content.empty
            else display.empty_state(content_empty(r, t)))
    return display.heading(t("annual.h_content")) + body + display.note(content_note(r, t))


def campaigns(r: AnnualReview, t: Translator) -> display.Html:
    """Campaign runs of the year, the ones whose reach died after week one named, and their life cycles."""
    year = period_label(t, r.year)
    body = (display.bullets(campaign_sentences(r, t))
            + display.table(campaign_table(r, t), formats=campaign_formats(r, t), status_column=t("annual.col_verdict"))
            if not r.campaigns.empty
            else display.empty_state(t("annual.empty_campaigns", year=year)))
    return (display.heading(t("annual.h_campaigns")) + body + display.note(campaigns_note(t))
            + display.figure(charts.campaign_lifecycle(r.campaign_weeks, r.campaigns, t),
                             alt=t("annual.alt_lifecycle", year=year)))


def competition(r: AnnualReview, t: Translator) -> display.Html:
    """Share of voice and sentiment per brand, this year against last (on the days every brand's mentions cover)."""
    year, last = voice_names(r, t)
    body = (display.bullets(position_sentences(r, t)) + display.table(position_table(r, t)) if not r.position.empty
            else display.empty_state(t("annual.empty_competition", year=year, last=last)))
    return (display.heading(t("annual.h_competition")) + body + display.note(t("annual.note_competition"))
            + display.figure(charts.share_of_voice(r.position, t, r.brands, year, last),
                             alt=t("annual.alt_sov", year=year, last=last)))


def audience(r: AnnualReview, t: Translator) -> display.Html:
    """How the follower base moved between channels, and who the followers are."""
    year = period_label(t, r.year)
    shift = (display.bullets(shift_sentences(r, t)) if not r.shift.empty
             else display.empty_state(t("annual.empty_audience", year=span_name(r, t))))
    shares = {t("annual.col_45_plus"): lambda x: t.percent(x, 0), t("annual.col_female"): lambda x: t.percent(x, 0)}
    demographics = (display.table(demographics_table(r, t), formats=shares) + display.note(t("annual.note_basis"))
                    if not r.demographics.empty
                    else display.empty_state(t("annual.empty_demographics")))
    return (display.heading(t("annual.h_audience")) + shift
            + display.figure(charts.follower_shift(r.shift, t, year), alt=t("annual.alt_followers", year=year))
            + demographics + display.note(t("annual.note_audience")))


def next_year(r: AnnualReview, t: Translator) -> display.Html:
    """Next year's targets with their realism, and the expected ones as goals to paste into the parameters."""
    body = (display.table(targets_table(r, t)) + display.bullets(targets_notes(r, t)) if not r.targets.empty
            else display.empty_state(targets_empty(r, t)))
    out = display.heading(t("annual.h_next_year")) + body + display.note(targets_method(r, t))
    if r.proposed:
        out += (display.heading(t("annual.h_yaml"), 3) + yaml_block(described_goals(r, t))
                + display.note(t("annual.note_yaml")))
    return out
