"""Annual review, wording: values, labels and sentences in the client's language.

Every sentence the review states is made here from the computed review
(:class:`~reporting.reports.annual_strategy_review.compute.AnnualReview`), and here it is
decided what to say when the data cannot answer (no comparison, nothing kept, no target).
The proposed goals' descriptions are words too: :func:`described_goals` adds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting.analysis import goals
from reporting.analysis import posts as posts_engine
from reporting.analysis.history import UNITS
from reporting.params import Goal
from reporting.reports.annual_strategy_review.compute import AnnualReview
from reporting.reports.annual_strategy_review.targets import proposed_goals
from reporting.reports.annual_strategy_review.year_results import growth, positive

if TYPE_CHECKING:
    from reporting.i18n import Translator


# ---------------------------------------------------------------------------------------------------------
# Formatting: values, changes and indices


def format_value(t: Translator, metric: str, value: float | None) -> str:
    """A metric value in its unit: money, a percentage, or a count (compact above 10,000)."""
    return t.in_unit(value, "percent" if metric == "engagement_rate" else UNITS.get(metric, "count"), compact=True)


def format_change(t: Translator, value: float | None) -> str:
    """A relative change ('+12.3%'), or words saying there is nothing to compare with."""
    return t("annual.no_comparison") if value is None or pd.isna(value) else t.signed_percent(value)


def format_times(t: Translator, x: float, digits: int = 1) -> str:
    """An index against a typical value: '1.5×' ('∞×' for spend without any result)."""
    return "–" if x is None or pd.isna(x) else ("∞" if x == np.inf else t.number(x, digits)) + "×"


def format_points(t: Translator, x: float | None) -> str:
    """A change of a share in percentage points (:meth:`Translator.points`), '–' when unknown."""
    return "–" if x is None or pd.isna(x) else t.points(x)


def format_signed(t: Translator, x: float) -> str:
    """A signed number with two decimals (net sentiment, -1 to +1), never '-0.00'."""
    if x is None or pd.isna(x):
        return "–"
    x = round(float(x), 2) + 0.0  # no "-0.00"
    return ("+" if x > 0 else "") + t.number(x, 2)


def metric_phrase(t: Translator, metric: str, value: float | None) -> str:
    """'1,234 conversions' / '전환 1,234건': a value with its metric, as a sentence needs it."""
    return t(f"annual.phrase_{metric}", value=format_value(t, metric, value))


def content_name(t: Translator, content_type: str) -> str:
    key = f"annual.content_{content_type}"
    return t(key) if t.has(key) else str(content_type)


def measure_label(r: AnnualReview, t: Translator) -> str:
    """'reach' or 'impressions', as a sentence names the measure the channels are compared on."""
    return t(f"annual.measure_{r.exposure}")


def exposure_label(r: AnnualReview, t: Translator) -> str:
    """'Reach', or 'Reach / impressions' when some platform's posts carry impressions only."""
    return t("annual.metric_reach") if r.exposure == "reach" else t("annual.col_reach_or_impressions")


# ---------------------------------------------------------------------------------------------------------
# The executive summary


def period_label(t: Translator, period: object) -> str:
    """A period's name as a sentence uses it: '2025' ('2025년' in Korean) for a calendar year, else its dates."""
    name = t.period_name(period)
    return t("annual.year_name", year=name) if name.isdigit() else name


def span_name(r: AnnualReview, t: Translator) -> str:
    """The days the year's figures cover: '2025', or the dates when a source starts late or stops early."""
    return period_label(t, r.window if r.cut else r.year)


def last_name(r: AnnualReview, t: Translator) -> str:
    """The days they are compared with: '2024', or the same dates a year earlier."""
    return period_label(t, r.previous_window if r.cut else r.previous)


def voice_names(r: AnnualReview, t: Translator) -> tuple[str, str]:
    """The days share of voice is measured on and compared with: the years, or the brands' common days."""
    if r.voice is None or not r.voice.cut:
        return period_label(t, r.year), period_label(t, r.previous)
    return period_label(t, r.voice.current), period_label(t, r.voice.previous)


def executive_summary(r: AnnualReview, t: Translator) -> list[str]:
    """The year in three numbers, what worked, what to stop or fix, and the proposed focus for next year."""
    out = []
    total = r.this.loc["all"] if "all" in r.this.index else pd.Series(dtype="Float64")
    before = r.last.loc["all"] if "all" in r.last.index else pd.Series(dtype="Float64")
    result = next((m for m in ("revenue", "conversions", "engagements") if positive(total.get(m))), None)
    exposure, last = r.exposure, last_name(r, t)
    items = []
    if positive(total.get(exposure)):
        change = growth(total.get(exposure), before.get(exposure))
        items.append(t("annual.exec_part_change", value=metric_phrase(t, exposure, total.get(exposure)),
                       change=t.signed_percent(change), last=last) if change is not None
                     else metric_phrase(t, exposure, total.get(exposure)))
    if positive(total.get("followers")):
        change = growth(total.get("followers"), total.get("followers_start"))
        items.append(t("annual.exec_part_followers", value=format_value(t, "followers", total.get("followers")),
                       change=t.signed_percent(change)) if change is not None
                     else metric_phrase(t, "followers", total.get("followers")))
    if items:
        if result:
            change = growth(total.get(result), before.get(result))
            phrase = t(f"annual.exec_result_{result}", value=format_value(t, result, total.get(result)))
            items.append(t("annual.exec_part_result_change", result=phrase, change=t.signed_percent(change))
                         if change is not None else phrase)
        else:
            items.append(t("annual.exec_result_none"))
        key = "annual.exec_numbers" if len(items) == 3 else "annual.exec_numbers_fewer"
        out.append(t(key, year=span_name(r, t), items=t.join(items)))
    else:
        out.append(t("annual.exec_no_data", year=period_label(t, r.year)))
    out.append(_worked(r, t))
    out.append(_to_stop(r, t))
    focus = _focus(r, t)
    if focus:
        out.append(focus)
    return out


def judged(r: AnnualReview) -> pd.DataFrame:
    """The scorecard's channels with a verdict (enough data to call one)."""
    return r.card[r.card["verdict"] != "no_data"]


def unjudged_reason(r: AnnualReview, t: Translator) -> str:
    """Why no channel could be given a verdict, in a clause (the most telling reason when they differ)."""
    reasons = [x for x in ("short", "alone", "no_exposure", "few_posts", "no_posts") if x in set(r.card["reason"])]
    if not reasons:
        return t("annual.unjudged_no_channels", year=period_label(t, r.year))
    reason = reasons[0]
    if reason == "short":
        if r.comparison is None:
            return t("annual.unjudged_no_window", year=period_label(t, r.year))
        return t("annual.unjudged_short", days=t.number(r.window.days), year=period_label(t, r.year),
                 span=span_name(r, t), min_days=t.number(r.rules.min_verdict_days))
    if reason == "alone":
        channel = r.card.loc[r.card["reason"] == "alone", "channel"].iloc[0]
        return t("annual.unjudged_alone", channel=t.channel(channel))
    return t(f"annual.unjudged_{reason}", span=span_name(r, t), min_posts=r.rules.min_posts)


def _worked(r: AnnualReview, t: Translator) -> str:
    items = []
    for row in r.card[r.card["verdict"] == "keep"].itertuples():
        if "conversions" in row.strengths:
            items.append(t("annual.exec_worked_channel_conversions", channel=t.channel(row.channel),
                           conversion_share=t.percent(row.conversion_share, 0),
                           reach_share=t.percent(row.reach_share, 0),
                           measure=measure_label(r, t)))
        else:
            items.append(t("annual.exec_worked_channel", channel=t.channel(row.channel)))
    kept = r.content[r.content["verdict"] == "keep"]
    if not kept.empty:
        best = kept.iloc[0]
        index = max(x for x in (best["engagement_index"], best["click_index"]) if pd.notna(x))
        items.append(t("annual.exec_worked_content", content=content_name(t, best["content_type"]),
                       index=format_times(t, index)))
    good = r.campaigns[r.campaigns["verdict"] == "keep"]
    if not good.empty:
        best = good.iloc[0]
        items.append(t("annual.exec_worked_campaign", campaign=best["campaign"],
                       reach=metric_phrase(t, r.exposure, best["reach"])))
    if items:
        return t("annual.exec_worked", items=t.join(items))
    if judged(r).empty:
        return t("annual.exec_worked_unjudged", reason=unjudged_reason(r, t))
    return t("annual.exec_worked_none")


def _to_stop(r: AnnualReview, t: Translator) -> str:
    items = []
    for row in r.card.itertuples():
        if row.wrong_platform:
            items.append(t("annual.exec_stop_wrong_platform", channel=t.channel(row.channel),
                           engagement_share=t.percent(row.engagement_share, 0),
                           conversion_share=t.percent(row.conversion_share, 1)))
        elif row.verdict == "stop":
            items.append(t("annual.exec_stop_channel", channel=t.channel(row.channel)))
    fix = [t.channel(c.channel) for c in r.card.itertuples() if c.verdict == "fix" and not c.wrong_platform]
    if fix:
        items.append(t("annual.exec_fix_channels", channels=t.join(fix)))
    dups = set()
    for d in r.duplicates.itertuples():
        dups.add((d.channel, d.duplicate))
        key = "annual.exec_stop_duplicate_dormant" if d.duplicate_dormant else "annual.exec_stop_duplicate"
        items.append(t(key, account=d.duplicate, channel=t.channel(d.channel)))
    for a in r.inventory[r.inventory["dormant"]].itertuples():
        if (a.channel, a.account) not in dups:
            items.append(t("annual.exec_stop_dormant", account=a.account, channel=t.channel(a.channel)))
    for c in r.campaigns[r.campaigns["decays"]].itertuples():
        items.append(t("annual.exec_stop_campaign", campaign=c.campaign))
    dropped = [content_name(t, c) for c in r.content.loc[r.content["verdict"] == "drop", "content_type"]]
    if dropped:
        items.append(t("annual.exec_stop_content", content=t.join(dropped)))
    if items:
        return t("annual.exec_stop", items=t.join(items))
    if judged(r).empty:
        return t("annual.exec_stop_unjudged", reason=unjudged_reason(r, t))
    return t("annual.exec_stop_none")


def _focus(r: AnnualReview, t: Translator) -> str:
    """Next year's focus: the kept channel that converts best (else reaches most) and the headline target.

    The headline target is a total across social (revenue, conversions or sessions) when one is
    proposed, else the focus channel's own target, named with its channel.
    """
    kept = judged(r)[judged(r)["verdict"].isin(["keep", "fix"])]
    if kept.empty or r.targets.empty:
        return ""
    by = "conversion_yield" if kept["conversion_yield"].notna().any() else "reach_share"
    channel = kept.sort_values(by, ascending=False, kind="stable").iloc[0]["channel"]
    targets = r.targets.set_index("id")
    ids = [f"all-{m}-{r.next_start.year}" for m in ("revenue", "conversions", "sessions")]
    own = [i for i, c in zip(targets.index, targets["channel"], strict=True) if c == channel]
    headline = next((i for i in [*ids, *own] if i in targets.index), None)
    if headline is None:
        return ""
    row = targets.loc[headline]
    return t("annual.exec_focus" if row["channel"] == "all" else "annual.exec_focus_channel",
             next=period_label(t, r.next_year), channel=t.channel(channel),
             target=metric_phrase(t, row["metric"], row["expected"]), change=t.signed_percent(row["change_pct"] / 100),
             year=period_label(t, r.year), low=format_value(t, row["metric"], row["conservative"]),
             high=format_value(t, row["metric"], row["stretch"]))


# ---------------------------------------------------------------------------------------------------------
# Goals and the year's results


def goals_note(r: AnnualReview, t: Translator) -> str:
    """Which goals were outside the year (not active), so none is silently left out."""
    if not r.goals_inactive:
        return ""
    names = [g.description or g.id for g in r.goals_inactive]
    return t("annual.goals_inactive", year=period_label(t, r.year), goals=t.join(names))


def goal_status_key(s: goals.GoalStatus) -> str:
    """The status a goal is shown with: met / missed after its deadline, else the goal engine's status."""
    return ("met" if s.met else "missed") if s.phase == "ended" and s.status != "no_data" else s.status


def goal_name(s: goals.GoalStatus) -> str:
    return s.goal.description or s.goal.id


def goal_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """What the goals table cannot show: where tracking stopped, partial baselines, and the calls not made.

    A goal is tracked to the last day its data covers (said when that is before the year's end);
    a baseline measured on part of its window says on how many days; a goal too irregular to call
    gives its forecast range; a goal that cannot be tracked says why.
    """
    out = []
    year_end = r.year.end
    for s in r.goal_status:
        g, name = s.goal, goal_name(s)
        f = (lambda v, m=g.metric: format_value(t, m, v))
        day = r.goal_through.get(g.id)
        if s.status == "no_data":
            key = f"annual.goal_sentence_no_data_{s.reason or 'no_current'}"
            key += "_all" if s.reason == "not_covered" and g.channel == "all" else ""
            out.append(t(key, goal=name,
                         channel=t.channel(g.channel), year=period_label(t, r.year)))
            continue
        if day is not None and day < min(year_end, g.deadline):
            out.append(t("annual.goal_sentence_through", goal=name, date=t.date(day)))
        if s.baseline_source == "measured" and s.baseline_days and s.baseline_days[0] < s.baseline_days[1]:
            out.append(t("annual.goal_sentence_partial_baseline", goal=name, value=f(s.baseline),
                         used=t.number(s.baseline_days[0]), wanted=t.number(s.baseline_days[1])))
        if s.status == "uncertain" and s.forecast is not None:
            out.append(t("annual.goal_sentence_uncertain", goal=name, current=f(s.current), target=f(s.target),
                         deadline=t.date(g.deadline), low=f(s.forecast.low), high=f(s.forecast.high)))
    return out


def definitions_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.note_definitions", year=span_name(r, t), last=last_name(r, t))


def trends_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.note_trends", year=period_label(t, r.year), last=period_label(t, r.previous))


# ---------------------------------------------------------------------------------------------------------
# Channel scorecard


def verdict_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """One sentence per channel: its verdict and the rules behind it, with the numbers; or why none is called."""
    out = []
    for row in r.card.itertuples():
        name = t.channel(row.channel)
        if row.verdict == "no_data":
            posts = t.number(0 if pd.isna(row.posts) else row.posts)
            reason = "no_window" if row.reason == "short" and r.comparison is None else row.reason
            out.append(t(f"annual.verdict_sentence_{reason}", channel=name, posts=posts,
                         min_posts=r.rules.min_posts, span=span_name(r, t), year=period_label(t, r.year),
                         days=t.number(r.window.days), min_days=t.number(r.rules.min_verdict_days)))
            continue
        good = [_reason(t, k, row, r.exposure) for k in row.strengths]
        bad = [_reason(t, k, row, r.exposure) for k in row.weaknesses]
        out.append(t("annual.verdict_sentence", channel=name, verdict=t(f"annual.verdict_{row.verdict}"),
                     strengths=t.join(good) or t("annual.none"), weaknesses=t.join(bad) or t("annual.none")))
        if pd.isna(row.engagement_rate):
            out.append(t("annual.verdict_missing_engagement", channel=name))
    return out


def _reason(t: Translator, key: str, row: object, exposure: str) -> str:
    if key == "costly" and row.cost_index == np.inf:
        key = "costly_no_result"
    return t(f"annual.reason_{key}", reach_share=t.percent(row.reach_share, 0),
             measure=t(f"annual.measure_{exposure}"),
             engagement_rate=format_value(t, "engagement_rate", row.engagement_rate),
             engagement_index=format_times(t, row.engagement_index),
             engagement_share=t.percent(row.engagement_share, 0),
             conversion_share=t.percent(row.conversion_share, 1), cost=format_value(t, "cost_per_result",
                                                                                   row.cost_per_result),
             cost_index=format_times(t, row.cost_index), spend=format_value(t, "spend", row.spend),
             fit=format_times(t, row.purchase_index))


def audience_contrast(r: AnnualReview, t: Translator) -> str:
    """Where the buyers are: the channel that converts best against the one with the most engagement, by audience.

    Said only when they differ (the engagement-without-conversions case), with each
    channel's share of followers aged 45+ (platform demographics, only when both shares are of
    followers: shares of views are not compared with shares of followers) and how often its
    users buy (survey), so the report names who buys, not only where.
    """
    c = judged(r).dropna(subset=["conversion_share", "engagement_share"])
    if len(c) < 2:
        return ""
    buyers = c.loc[c["conversion_share"].idxmax()]
    likes = c.loc[c["engagement_share"].idxmax()]
    if buyers["channel"] == likes["channel"]:
        return ""
    d = r.demographics
    d = d[(d["basis"] == "followers") & d["share_45_plus"].notna()] if not d.empty else d
    demo = d.set_index("channel")["share_45_plus"] if not d.empty else pd.Series(dtype=float)
    if buyers["channel"] in demo.index and likes["channel"] in demo.index:
        return t("annual.contrast_age", buyers=t.channel(buyers["channel"]), likes=t.channel(likes["channel"]),
                 conversion_share=t.percent(buyers["conversion_share"], 0),
                 engagement_share=t.percent(likes["engagement_share"], 0),
                 older_buyers=t.percent(demo[buyers["channel"]], 0), older_likes=t.percent(demo[likes["channel"]], 0))
    return t("annual.contrast", buyers=t.channel(buyers["channel"]), likes=t.channel(likes["channel"]),
             conversion_share=t.percent(buyers["conversion_share"], 0),
             engagement_share=t.percent(likes["engagement_share"], 0))


def scorecard_note(r: AnnualReview, t: Translator) -> str:
    """Whether the audience-fit column rests on a survey (and how many answered) or is empty for want of one."""
    if r.fit is None:
        return t("annual.note_scorecard_no_fit")
    return t("annual.note_scorecard_fit", respondents=t.number(r.respondents))


def evidence_notes(r: AnnualReview, t: Translator) -> list[str]:
    """What the verdicts could not weigh, for want of its source: conversions, cost (said only for judged channels)."""
    if judged(r).empty:
        return []
    total = r.this.loc["all"] if "all" in r.this.index else pd.Series(dtype="Float64")
    out = []
    if pd.isna(total.get("conversions")):
        out.append(t("annual.evidence_no_conversions", span=span_name(r, t)))
    elif pd.isna(total.get("spend")) or not total.get("spend") > 0:
        out.append(t("annual.evidence_no_spend", span=span_name(r, t)))
    return out


def rules_text(r: AnnualReview, t: Translator) -> list[str]:
    """The scorecard's rules with their thresholds, as bullets (the report states how verdicts are made)."""
    q, measure = r.rules, measure_label(r, t)
    out = [t("annual.rule_verdicts"),
           t("annual.rule_strengths", reach_high=t.percent(q.reach_share_high, 0), yield_high=t.number(q.yield_high, 2),
             fit_high=t.number(q.fit_high, 1), measure=measure),
           t("annual.rule_weaknesses", yield_wrong=t.number(q.yield_wrong_platform, 2),
             yield_low=t.number(q.yield_low, 2), cost_high=t.number(q.cost_high, 1),
             reach_low=t.percent(q.reach_share_low, 0), eng_low=t.number(q.engagement_low, 1),
             fit_low=t.number(q.fit_low, 1), measure=measure),
           t("annual.rule_terms", min_posts=q.min_posts, min_users=q.fit_min_users),
           t("annual.rule_evidence", min_days=t.number(q.min_verdict_days))]
    if r.exposure == "impressions":
        out.append(t("annual.rule_impressions"))
    return out


# ---------------------------------------------------------------------------------------------------------
# Account inventory


def inventory_flags(r: AnnualReview, t: Translator) -> list[str]:
    """Sentences for every flagged account: duplicates with their evidence, dormant accounts, unknown ones."""
    out = []
    year = period_label(t, r.year)
    inv = r.inventory.set_index(["channel", "account"])
    flagged = set()
    for d in r.duplicates.itertuples():
        flagged.add((d.channel, d.duplicate))
        evidence = [t("annual.evidence_same_name") if d.similarity >= 1 else
                    t("annual.evidence_similar_name", similarity=t.percent(d.similarity, 0))]
        if d.handover:
            evidence.append(t("annual.evidence_handover"))
        if d.duplicate_dormant and d.duplicate_last_post is not None and pd.notna(d.duplicate_last_post):
            evidence.append(t("annual.evidence_dormant", date=t.date(d.duplicate_last_post)))
        if inv.loc[(d.channel, d.duplicate), "posts_year"] > 0 and inv.loc[(d.channel, d.account), "posts_year"] > 0:
            evidence.append(t("annual.evidence_parallel", year=year))
        out.append(t("annual.flag_duplicate", duplicate=d.duplicate, account=d.account,
                     channel=t.channel(d.channel), evidence=t.join(evidence),
                     followers=t.number(d.duplicate_followers)))
    for a in r.inventory.itertuples():
        if (a.channel, a.account) in flagged:
            continue
        if a.dormant and a.last_post is not None and pd.notna(a.last_post):
            out.append(t("annual.flag_dormant", account=a.account, channel=t.channel(a.channel),
                         days=t.number(a.days_since_post), date=t.date(a.last_post)))
        elif a.no_posts:
            out.append(t("annual.flag_no_posts", account=a.account, channel=t.channel(a.channel)))
        if not a.in_params:
            out.append(t("annual.flag_not_in_params", account=a.account, channel=t.channel(a.channel)))
    return out


def inventory_note(r: AnnualReview, t: Translator) -> str:
    """How the audit is made, and which day it describes (after the year, its end, or where the data stops)."""
    when = ("later" if r.as_of > r.year.end else "end" if r.as_of == r.year.end else "early")
    return t("annual.inventory_note", as_of=t(f"annual.inventory_as_of_{when}", date=t.date(r.as_of)),
             days=r.rules.dormant_days, similarity=t.percent(r.rules.duplicate_similarity, 0),
             handover=r.rules.handover_days)


# ---------------------------------------------------------------------------------------------------------
# Content and campaigns


def content_empty(r: AnnualReview, t: Translator) -> str:
    """Why no content type is ranked: no post in the year, or no post whose export names its type."""
    year = period_label(t, r.year)
    if r.posts_in_year:
        return t("annual.empty_content_types", year=year, posts=t.number(r.posts_in_year))
    return t("annual.empty_content", year=year)


def content_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.note_content", keep=t.number(r.rules.content_keep, 1), drop=t.number(r.rules.content_drop, 1),
             min_posts=r.rules.min_posts)


def campaign_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """The campaigns whose reach died after their first week, named, with the numbers; then the best one."""
    out = [t("annual.campaign_decays", campaign=c.campaign, ratio=t.percent(c.later_vs_week1, 0),
             date=t.date(c.start)) for c in r.campaigns[r.campaigns["decays"]].itertuples()]
    if not out and not r.campaigns.empty:
        out.append(t("annual.campaign_no_decay", ratio=t.percent(posts_engine.CAMPAIGN_RULE[0], 0)))
    return out


def campaigns_note(t: Translator) -> str:
    return t("annual.note_campaigns", ratio=t.percent(posts_engine.CAMPAIGN_RULE[0], 0))


# ---------------------------------------------------------------------------------------------------------
# Competitive position and audience


def position_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """The client's share of voice and sentiment this year against last, and the competitor that moved most.

    Each comparison is said only when both years have it (mentions last year; positive or negative
    mentions for sentiment); a brand without mentions this year is said to have none.
    """
    client = r.client_name
    p = r.position.set_index("brand")
    if client not in p.index:
        return []
    me = p.loc[client]
    year, last = voice_names(r, t)
    if pd.isna(me["share"]):
        return [t("annual.position_client_none", brand=client, year=year)]
    share = t.percent(me["share"])
    parts = [t("annual.position_share_change", share=share, change=format_points(t, me["share_change"]), last=last)
             if pd.notna(me["share_change"]) else t("annual.position_share", share=share)]
    if pd.notna(me["net"]):
        parts.append(t("annual.position_net_change", net=format_signed(t, me["net"]),
                       change=format_signed(t, me["net_change"])) if pd.notna(me["net_change"])
                     else t("annual.position_net", net=format_signed(t, me["net"])))
    out = [t("annual.position_client", brand=client, parts=t.join(parts))]
    others = p.drop(index=client).dropna(subset=["share_change", "share"])
    if not others.empty:
        mover = others["share_change"].abs().idxmax()
        out.append(t("annual.position_mover", brand=mover, share=t.percent(p.loc[mover, "share"]),
                     change=format_points(t, p.loc[mover, "share_change"])))
    return out


def shift_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """How the follower base changed per channel, and which channel's share of it moved most."""
    s = r.shift.dropna(subset=["start", "end"])
    if s.empty:
        return []
    total_start, total_end = s["start"].sum(), s["end"].sum()
    out = [t("annual.shift_total", start=t.number(total_start), end=t.number(total_end),
             growth=format_change(t, growth(total_end, total_start)), year=span_name(r, t))]
    moved = (s["share_end"] - s["share_start"]).abs().idxmax()
    row = s.loc[moved]
    if len(s) > 1:  # one channel is all of the mix: no shift to speak of
        out.append(t("annual.shift_mix", channel=t.channel(row["channel"]), before=t.percent(row["share_start"], 0),
                     after=t.percent(row["share_end"], 0), growth=format_change(t, row["growth"])))
    return out


# ---------------------------------------------------------------------------------------------------------
# Next year's targets


def target_descriptions(targets: pd.DataFrame, t: Translator) -> dict[str, str]:
    """A one-line description per proposed goal, in the client's language, for the parameter file."""
    return {r.id: t("annual.target_description_all" if r.channel == "all" else "annual.target_description",
                    target=metric_phrase(t, r.metric, r.expected),
                    channel=t.channel(r.channel), low=format_value(t, r.metric, r.conservative),
                    high=format_value(t, r.metric, r.stretch))
            for r in targets.itertuples()}


def described_goals(r: AnnualReview, t: Translator) -> list[Goal]:
    """The proposed goals with a one-line description each, as the YAML snippet and summary.json give them."""
    return proposed_goals(r.targets, r.next_start, target_descriptions(r.targets, t))


def targets_empty(r: AnnualReview, t: Translator) -> str:
    """Why no target is proposed: the year is only partly covered, or last year is missing for comparison."""
    if r.targets_reason == "partial":
        if r.comparison is None:
            return t("annual.empty_targets_no_window", year=period_label(t, r.year))
        return t("annual.empty_targets_partial", year=period_label(t, r.year), span=span_name(r, t))
    return t("annual.empty_targets", year=period_label(t, r.year), last=period_label(t, r.previous))


def targets_method(r: AnnualReview, t: Translator) -> str:
    """How the ranges are derived and how the goals will be measured (the baseline months named)."""
    first, last = goals.months_before(r.next_start, goals.BASELINE_MONTHS)
    return t("annual.note_targets", baseline=t.period(first, last))


def targets_notes(r: AnnualReview, t: Translator) -> list[str]:
    """Which conservative targets already ask more than usual, and which stretch targets exceed the best year."""
    out = []
    for level, key in (("conservative", "targets_conservative_hard"), ("stretch", "targets_stretch_unrealistic")):
        bad = {"conservative": ("ambitious", "unrealistic"), "stretch": ("unrealistic",)}[level]
        rows = r.targets[r.targets[f"{level}_realism"].isin(bad)]
        if not rows.empty:
            names = [t("annual.target_name", channel=t.channel(c), metric=t(f"annual.metric_{m}"))
                     for c, m in zip(rows["channel"], rows["metric"], strict=True)]
            out.append(t(f"annual.{key}", targets=t.join(names)))
    return out
