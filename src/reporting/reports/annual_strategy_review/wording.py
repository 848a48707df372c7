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
    if value is None or pd.isna(value):
        return "–"
    unit = UNITS.get(metric, "count")
    if metric == "engagement_rate":
        unit = "percent"
    if unit == "money":
        return t.money(value)
    if unit == "percent":
        return t.percent(value, 2 if abs(value) < 0.1 else 1)
    return t.compact(value) if abs(value) >= 10_000 else t.number(value)


def format_change(t: Translator, value: float | None) -> str:
    """A relative change ('+12.3%'), or words saying there is nothing to compare with."""
    return t("annual.no_comparison") if value is None or pd.isna(value) else t.signed_percent(value)


def format_times(t: Translator, x: float) -> str:
    """An index against a typical value: '1.5×' ('∞×' for spend without any result)."""
    return "–" if x is None or pd.isna(x) else ("∞" if x == np.inf else t.number(x, 1)) + "×"


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


def executive_summary(r: AnnualReview, t: Translator) -> list[str]:
    """The year in three numbers, what worked, what to stop or fix, and the proposed focus for next year."""
    out = []
    total = r.this.loc["all"] if "all" in r.this.index else pd.Series(dtype="Float64")
    before = r.last.loc["all"] if "all" in r.last.index else pd.Series(dtype="Float64")
    followers_growth = growth(total.get("followers"), total.get("followers_start"))
    result = next((m for m in ("revenue", "conversions", "engagements") if positive(total.get(m))), None)
    exposure = r.exposure
    if positive(total.get(exposure)) or positive(total.get("followers")):
        result_text = (t(f"annual.exec_result_{result}", value=format_value(t, result, total.get(result)),
                         change=format_change(t, growth(total.get(result), before.get(result))))
                       if result else t("annual.exec_result_none"))
        out.append(t("annual.exec_numbers", year=t.period_name(r.year),
                     reach=metric_phrase(t, exposure, total.get(exposure)),
                     reach_change=format_change(t, growth(total.get(exposure), before.get(exposure))),
                     followers=format_value(t, "followers", total.get("followers")),
                     followers_change=format_change(t, followers_growth), result=result_text,
                     last=t.period_name(r.previous)))
    else:
        out.append(t("annual.exec_no_data", year=t.period_name(r.year)))
    out.append(_worked(r, t))
    out.append(_to_stop(r, t))
    focus = _focus(r, t)
    if focus:
        out.append(focus)
    return out


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
    return t("annual.exec_worked", items=t.join(items)) if items else t("annual.exec_worked_none")


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
    return t("annual.exec_stop", items=t.join(items)) if items else t("annual.exec_stop_none")


def _focus(r: AnnualReview, t: Translator) -> str:
    """Next year's focus: the kept channel that converts best (else reaches most) and the headline target."""
    kept = r.card[r.card["verdict"].isin(["keep", "fix"])]
    if kept.empty or r.targets.empty:
        return ""
    by = "conversion_yield" if kept["conversion_yield"].notna().any() else "reach_share"
    channel = kept.sort_values(by, ascending=False, kind="stable").iloc[0]["channel"]
    targets = r.targets.set_index("id")
    ids = [f"all-{m}-{r.next_start.year}" for m in ("revenue", "conversions", "sessions")]
    headline = next((i for i in ids if i in targets.index), targets.index[0])
    row = targets.loc[headline]
    return t("annual.exec_focus", next=t.period_name(r.next_year), channel=t.channel(channel),
             target=metric_phrase(t, row["metric"], row["expected"]), change=t.signed_percent(row["change_pct"] / 100),
             year=t.period_name(r.year), low=format_value(t, row["metric"], row["conservative"]),
             high=format_value(t, row["metric"], row["stretch"]))


# ---------------------------------------------------------------------------------------------------------
# Goals and the year's results


def goals_note(r: AnnualReview, t: Translator) -> str:
    """Which goals were outside the year (not active), so none is silently left out."""
    if not r.goals_inactive:
        return ""
    names = [g.description or g.id for g in r.goals_inactive]
    return t("annual.goals_inactive", year=t.period_name(r.year), goals=t.join(names))


def definitions_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.note_definitions", year=t.period_name(r.year), last=t.period_name(r.previous))


def trends_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.note_trends", year=t.period_name(r.year), last=t.period_name(r.previous))


# ---------------------------------------------------------------------------------------------------------
# Channel scorecard


def verdict_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """One sentence per channel: its verdict and the rules behind it, with the numbers."""
    out = []
    for row in r.card.itertuples():
        name = t.channel(row.channel)
        if row.verdict == "no_data":
            posts = 0 if pd.isna(row.posts) else row.posts  # no post at all: the export has none for the channel
            out.append(t("annual.verdict_sentence_no_data", channel=name, posts=t.number(posts),
                          min_posts=r.rules.min_posts))
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
    channel's share of followers aged 45+ (platform demographics) and how often its
    users buy (survey), so the report names who buys, not only where.
    """
    c = r.card[r.card["verdict"] != "no_data"].dropna(subset=["conversion_share", "engagement_share"])
    if len(c) < 2:
        return ""
    buyers = c.loc[c["conversion_share"].idxmax()]
    likes = c.loc[c["engagement_share"].idxmax()]
    if buyers["channel"] == likes["channel"]:
        return ""
    demo = r.demographics.set_index("channel")["share_45_plus"] if not r.demographics.empty else pd.Series(dtype=float)
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
           t("annual.rule_terms", min_posts=q.min_posts, min_users=q.fit_min_users)]
    if r.exposure == "impressions":
        out.append(t("annual.rule_impressions"))
    return out


# ---------------------------------------------------------------------------------------------------------
# Account inventory


def inventory_flags(r: AnnualReview, t: Translator) -> list[str]:
    """Sentences for every flagged account: duplicates with their evidence, dormant accounts, unknown ones."""
    out = []
    year = t.period_name(r.year)
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
        elif a.dormant:
            out.append(t("annual.flag_no_posts", account=a.account, channel=t.channel(a.channel)))
        if not a.in_params:
            out.append(t("annual.flag_not_in_params", account=a.account, channel=t.channel(a.channel)))
    return out


def inventory_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.inventory_note", date=t.date(r.as_of), days=r.rules.dormant_days,
             similarity=t.percent(r.rules.duplicate_similarity, 0), handover=r.rules.handover_days)


# ---------------------------------------------------------------------------------------------------------
# Content and campaigns


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
    """The client's share of voice and sentiment this year against last, and the competitor that moved most."""
    client = r.client_name
    p = r.position.set_index("brand")
    if client not in p.index:
        return []
    me = p.loc[client]
    out = [t("annual.position_client", brand=client, share=t.percent(me["share"]),
             change=format_points(t, me["share_change"]), net=format_signed(t, me["net"]),
             net_change=format_signed(t, me["net_change"]), last=t.period_name(r.previous))]
    others = p.drop(index=client).dropna(subset=["share_change"])
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
             growth=format_change(t, growth(total_end, total_start)), year=t.period_name(r.year))]
    moved = (s["share_end"] - s["share_start"]).abs().idxmax()
    row = s.loc[moved]
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
