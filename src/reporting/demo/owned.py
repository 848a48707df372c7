"""Owned channels: posts, daily account metrics, boosts and platform demographics.

Everything is returned as canonical frames (``reporting.tables``) in the
client's time zone; the export writers turn them into platform files. The
performance model is multiplicative: reach grows with followers, and each
post's reach and engagement rate are scaled by content type, hour and
weekday, campaign, boost and log-normal noise, so the analyses see
realistic spread around the planted effects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from reporting.demo import phrases
from reporting.demo.context import Context
from reporting.demo.profiles import ChannelPlan

# Content-type multipliers: (reach, engagement rate).
TYPE_EFFECT = {
    "photo": (1.0, 1.0), "carousel": (1.1, 1.25), "reel": (1.6, 1.1), "video": (1.2, 0.9),
    "link": (0.8, 0.6), "text": (0.9, 0.8), "article": (1.0, 0.9), "short": (1.5, 1.0),
}
DOW_ACTIVITY = np.array([1.0, 1.02, 1.03, 1.0, 0.97, 0.9, 0.88])  # Monday first
WEEKEND_MORNING = (9, 10)  # posting hours that start in the 9-11 h window


def campaign_windows(ctx: Context) -> pd.DataFrame:
    """One window per campaign per year (a seasonal burst), plus the planted dying campaign.

    Returns columns ``campaign, start, end, dying`` (dates inclusive).
    """
    rng = ctx.rng("campaigns")
    rows = []
    for year in range(ctx.first.year, ctx.last.year + 1):
        for q, name in enumerate(ctx.profile.campaigns):
            quarter_start = dt.date(year, 1 + 3 * (q % 4), 1)
            start = quarter_start + dt.timedelta(days=int(rng.integers(10, 45)))
            end = start + dt.timedelta(days=int(rng.integers(14, 22)))
            if start <= ctx.last:
                rows.append({"campaign": name, "start": start, "end": min(end, ctx.last), "dying": False})
    if ctx.profile.dying_campaign:
        month_start, _ = ctx.last_full_month()
        start = month_start + dt.timedelta(days=2)
        rows.append({"campaign": ctx.profile.dying_campaign, "start": start,
                     "end": start + dt.timedelta(days=27), "dying": True})
    out = pd.DataFrame(rows, columns=["campaign", "start", "end", "dying"])
    # the dying campaign owns its month: drop seasonal windows that overlap it
    if ctx.profile.dying_campaign:
        dying = out[out["dying"]].iloc[0]
        clash = ~out["dying"] & (out["start"] <= dying["end"]) & (out["end"] >= dying["start"])
        out = out[~clash]
    return out.reset_index(drop=True)


def _campaign_on(days: pd.DatetimeIndex, windows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per day: campaign name ('' when none), whether it is the dying one, days since it started."""
    name = np.full(len(days), "", dtype=object)
    dying = np.zeros(len(days), dtype=bool)
    age = np.zeros(len(days), dtype=int)
    d = days.date
    for w in windows.itertuples():
        mask = (d >= w.start) & (d <= w.end)
        name[mask] = w.campaign
        dying[mask] = w.dying
        age[mask] = [(x - w.start).days for x in d[mask]]
    return name, dying, age


def followers(ctx: Context, plan: ChannelPlan, key: str, dormant_after: dt.date | None = None) -> pd.DataFrame:
    """Daily followers (end of day) and net new, with weekly rhythm, noise and the goal push."""
    rng = ctx.rng("followers", key)
    t = ctx.years_elapsed()
    rate = plan.daily_growth + plan.growth_trend * t
    rate = rate * DOW_ACTIVITY[ctx.days.day_of_week]
    goal = ctx.goal_start()
    if goal is not None:
        rate = np.where(ctx.days.date >= goal, rate * ctx.profile.goal_push, rate)
    if dormant_after is not None:
        rate = np.where(ctx.days.date > dormant_after, -0.15, rate)
    # LinkedIn's followers export counts new follows only; with no unfollows its gross
    # "Total followers" and the net growth Sprout reports agree, as both land in net_new
    share = plan.unfollow_share
    gained = rng.poisson(np.clip(rate, 0, None) * (1 + share))
    lost = rng.poisson(np.clip(rate, 0, None) * share + np.clip(-rate, 0, None))
    net = gained - lost
    level = plan.followers_start + np.cumsum(net)
    return pd.DataFrame({"date": ctx.days, "followers": level, "net_new": net, "gained": gained, "lost": lost})


def posts(ctx: Context, channel: str, plan: ChannelPlan, account: str, fol: pd.DataFrame,
          windows: pd.DataFrame, active_until: dt.date | None = None) -> pd.DataFrame:
    """Every post an account published, with its lifetime metrics (canonical ``posts`` columns)."""
    rng = ctx.rng("posts", channel, account)
    days = ctx.days
    camp, dying, age = _campaign_on(days, windows)
    rate = plan.posts_per_week / 7 * np.where(camp != "", 1.8, 1.0)
    if active_until is not None:
        rate = np.where(days.date <= active_until, rate, 0.0)
    n_per_day = np.minimum(rng.poisson(rate), 3)
    day_idx = np.repeat(np.arange(len(days)), n_per_day)
    n = len(day_idx)
    dates = days[day_idx]
    dow = dates.day_of_week.to_numpy()
    weekend = dow >= 5

    hours_all = np.array(list(plan.hours))
    weights = np.array(list(plan.hours.values()), dtype=float)
    hour = rng.choice(hours_all, size=n, p=weights / weights.sum())
    uplift = ctx.profile.weekend_morning_uplift
    if uplift > 1:
        # the cafe posts most weekend mornings in the 9-11 h window, so those cells are well filled
        morning = weekend & (rng.random(n) < 0.7)
        hour = np.where(morning, rng.choice(np.array(WEEKEND_MORNING), size=n), hour)
    minute = rng.integers(0, 60, size=n)
    published = (pd.DatetimeIndex(dates) + pd.to_timedelta(hour, "h") + pd.to_timedelta(minute, "min"))
    published = published.tz_localize(ctx.tz, nonexistent="shift_forward", ambiguous=False)

    types = np.array(list(plan.content_types))
    probs = np.array(list(plan.content_types.values()))
    ctype = rng.choice(types, size=n, p=probs / probs.sum())
    reach_mult = np.array([TYPE_EFFECT[c][0] for c in ctype])
    er_mult = np.array([TYPE_EFFECT[c][1] for c in ctype])

    slot = np.ones(n)
    if uplift > 1:
        in_cell = weekend & np.isin(hour, WEEKEND_MORNING)
        slot = np.where(in_cell, np.sqrt(uplift), 1.0)
    # gentle hour-of-day shape everywhere else: evenings a little better than mid-afternoon
    slot = slot * (1 + 0.08 * np.cos((hour - 20) / 24 * 2 * np.pi))

    level = fol["followers"].to_numpy()[day_idx]
    growth = np.clip(level / plan.followers_start, 0.3, None) ** 0.8
    p_camp, p_dying, p_age = camp[day_idx], dying[day_idx], age[day_idx]
    camp_mult = np.where(p_camp != "", 1.3, 1.0)
    camp_mult = np.where(p_dying, np.where(p_age < 7, 2.4, 0.35), camp_mult)

    goal = ctx.goal_start()
    boost_share = np.full(n, plan.boost_share)
    if goal is not None and ctx.profile.goal_push > 1:
        boost_share = np.where(dates.date >= goal, min(0.9, plan.boost_share * 1.8), boost_share)
    paid = rng.random(n) < boost_share
    lo, hi = plan.boost_spend
    spend = np.where(paid, np.round(rng.uniform(lo, hi, n), -2 if hi >= 1000 else 0), 0.0)
    boost = np.where(paid, plan.boost_reach, 1.0)

    reach = plan.reach * growth * reach_mult * slot * camp_mult * boost * rng.lognormal(0, 0.35, n)
    reach = np.maximum(np.round(reach), 5).astype(int)
    impressions = np.round(reach * rng.uniform(1.1, 1.6, n)).astype(int)
    er = plan.engagement_rate * er_mult * slot * rng.lognormal(0, 0.3, n)
    engagements = rng.poisson(reach * er)
    split = _engagement_split(channel)
    likes = np.round(engagements * split[0] * rng.uniform(0.85, 1.15, n)).astype(int)
    comments = rng.binomial(engagements, split[1])
    shares = rng.binomial(engagements, split[2])
    saves = rng.binomial(engagements, split[3])
    link_mult = np.where(ctype == "link", 3.0, np.where(ctype == "article", 2.0, 1.0))
    link_clicks = rng.poisson(reach * plan.link_click_rate * link_mult)
    is_video = np.isin(ctype, ["video", "reel", "short"])
    video_views = np.where(is_video, np.round(reach * rng.uniform(0.5, 0.95, n)), 0).astype(int)

    texts = _captions(ctx, rng, n, p_camp)
    ids = _post_ids(rng, channel, n)
    return pd.DataFrame({
        "post_id": ids, "channel": channel, "account": account, "published": published,
        "content_type": ctype, "text": texts, "campaign": p_camp, "paid": paid,
        "impressions": impressions, "reach": reach, "likes": likes, "comments": comments,
        "shares": shares, "saves": saves, "link_clicks": link_clicks, "video_views": video_views,
        "spend": spend,
    })


def _engagement_split(channel: str) -> tuple[float, float, float, float]:
    """(likes, comments, shares, saves) shares of engagements on a channel."""
    return {
        "facebook": (0.82, 0.1, 0.08, 0.0),
        "instagram": (0.78, 0.07, 0.05, 0.10),
        "pinterest": (0.35, 0.02, 0.08, 0.55),
        "x": (0.7, 0.12, 0.13, 0.05),
        "linkedin": (0.78, 0.12, 0.10, 0.0),
        "youtube": (0.85, 0.12, 0.03, 0.0),
        "tiktok": (0.8, 0.08, 0.07, 0.05),
    }[channel]


def _post_ids(rng: np.random.Generator, channel: str, n: int) -> list[str]:
    """Platform-shaped ids: long digit strings, 11-character YouTube ids, pin numbers."""
    if channel == "youtube":
        alphabet = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
        return ["".join(alphabet[rng.integers(0, 64, 11)]) for _ in range(n)]
    digits = {"facebook": 16, "instagram": 17, "x": 19, "linkedin": 19, "pinterest": 18}.get(channel, 16)
    base = rng.integers(10 ** (digits - 4), 10 ** (digits - 3), size=1)[0]
    steps = np.cumsum(rng.integers(1000, 9_000_000, size=n))
    return [str(int(base) * 1000 + int(s)) for s in steps]


def _captions(ctx: Context, rng: np.random.Generator, n: int, campaigns: np.ndarray) -> list[str]:
    lang = ctx.lang
    templates, topics = phrases.POST_TEMPLATES[lang], phrases.POST_TOPICS[lang]
    tags, link = phrases.BRAND_HASHTAGS[lang], phrases.LINKS[lang]
    out = []
    for i in range(n):
        text = templates[rng.integers(len(templates))].format(
            topic=topics[rng.integers(len(topics))], emoji=phrases.EMOJI[rng.integers(len(phrases.EMOJI))])
        chosen = rng.choice(len(tags), size=int(rng.integers(1, 4)), replace=False)
        hashtags = " ".join(tags[j] for j in sorted(chosen))
        if campaigns[i]:
            hashtags += " #" + campaigns[i].replace(" ", "")
        text = f"{text}\n\n{hashtags}"
        if rng.random() < 0.5:
            text += f"\n👉 {link}"
        out.append(text)
    return out


def account_daily(ctx: Context, channel: str, account: str, fol: pd.DataFrame, post_frame: pd.DataFrame,
                  plan: ChannelPlan) -> pd.DataFrame:
    """Daily account metrics: followers, net new, and reach/impressions built from the posts."""
    rng = ctx.rng("daily", channel, account)
    n = len(ctx.days)
    day_of = (post_frame["published"].dt.tz_localize(None).dt.normalize() - pd.Timestamp(ctx.first)).dt.days
    post_reach = np.bincount(day_of.to_numpy(), weights=post_frame["reach"].to_numpy(), minlength=n)[:n]
    carried = post_reach * 0.7 + np.roll(post_reach, 1) * 0.2 + np.roll(post_reach, 2) * 0.1
    carried[:2] = post_reach[:2] * 0.7
    base = fol["followers"].to_numpy() * 0.04 * DOW_ACTIVITY[ctx.days.day_of_week] * rng.lognormal(0, 0.2, n)
    reach = np.round(base + carried).astype(int)
    impressions = np.round(reach * rng.uniform(1.3, 1.7, n)).astype(int)
    visits = rng.poisson(reach * 0.015 + 2)
    return pd.DataFrame({
        "date": ctx.days, "channel": channel, "account": account,
        "followers": fol["followers"].to_numpy(), "net_new": fol["net_new"].to_numpy(),
        "gained": fol["gained"].to_numpy(), "lost": fol["lost"].to_numpy(),
        "impressions": impressions, "reach": reach, "profile_visits": visits,
        "posts": np.bincount(day_of.to_numpy(), minlength=n)[:n],
        "engagements": np.bincount(day_of.to_numpy(), weights=(
            post_frame["likes"] + post_frame["comments"] + post_frame["shares"] + post_frame["saves"]
        ).to_numpy(), minlength=n)[:n].astype(int),
        "link_clicks": np.bincount(day_of.to_numpy(), weights=post_frame["link_clicks"].to_numpy(),
                                   minlength=n)[:n].astype(int),
    })


AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_EDGES = np.array([13, 18, 25, 35, 45, 55, 65, 120])

CITIES = {
    "ko": ("Seoul, South Korea", "Goyang, South Korea", "Incheon, South Korea", "Bucheon, South Korea",
           "Seongnam, South Korea", "Suwon, South Korea", "Busan, South Korea", "Daegu, South Korea"),
    "el": ("Athens, Greece", "Piraeus, Greece", "Thessaloniki, Greece", "Peristeri, Greece",
           "Kallithea, Greece", "Patras, Greece", "Heraklion, Greece", "Larissa, Greece"),
    "en": ("New York, NY", "San Francisco, CA", "Chicago, IL", "Boston, MA", "Austin, TX",
           "Atlanta, GA", "Seattle, WA", "Toronto, Canada"),
}
COUNTRIES = {
    "ko": ("South Korea", "United States", "Japan", "China", "Vietnam"),
    "el": ("Greece", "Cyprus", "Germany", "United Kingdom", "United States"),
    "en": ("United States", "Canada", "United Kingdom", "India", "Australia"),
}


def demographics(ctx: Context) -> pd.DataFrame:
    """Age x gender shares and top cities/countries per owned channel.

    Built from the planted personas: a channel's audience is the mix of
    personas who use it, so the platform demographics and the survey agree
    (furniture: Instagram young, Facebook older homeowners).
    """
    rng = ctx.rng("demographics")
    rows = []
    for channel in ctx.params.channels:
        weights = np.array([p.weight * (2.0 if channel in p.channels else 0.15) for p in ctx.profile.personas])
        weights = weights / weights.sum()
        shares = np.zeros((len(AGE_BANDS), 2))
        for w, p in zip(weights, ctx.profile.personas, strict=True):
            ages = rng.normal(p.age[0], p.age[1] * 1.6, 4000)
            band = np.clip(np.searchsorted(_AGE_EDGES, ages, side="right") - 1, 0, len(AGE_BANDS) - 1)
            counts = np.bincount(band, minlength=len(AGE_BANDS)) / 4000
            shares[:, 0] += w * counts * p.female
            shares[:, 1] += w * counts * (1 - p.female)
        shares = np.round(shares / shares.sum() * 100, 1)
        for i, band in enumerate(AGE_BANDS):
            for j, gender in enumerate(("female", "male")):
                if band == "13-17" and shares[i, j] < 0.1:
                    continue
                rows.append({"channel": channel, "dimension": "age_gender", "age_band": band,
                             "gender": gender, "location": "", "share": shares[i, j] / 100})
        for dimension, names, lead in (("city", CITIES[ctx.lang], 0.55), ("country", COUNTRIES[ctx.lang], 0.9)):
            rest = rng.dirichlet(np.linspace(3, 1, len(names) - 1)) * (1 - lead) * 0.7
            values = np.round(np.concatenate([[lead + rng.uniform(-0.05, 0.03)], np.sort(rest)[::-1]]) * 100, 1)
            for name, v in zip(names, values, strict=True):
                rows.append({"channel": channel, "dimension": dimension, "age_band": "", "gender": "",
                             "location": name, "share": v / 100})
    return pd.DataFrame(rows)


def owned(ctx: Context) -> dict[str, pd.DataFrame]:
    """All owned-channel tables: posts, account_daily (with extra helper columns), demographics, windows."""
    windows = campaign_windows(ctx)
    post_frames, daily_frames = [], []
    for channel, plan in ctx.profile.channels.items():
        if channel not in ctx.params.channels:
            continue
        for k, account in enumerate(ctx.handles(channel)):
            dormant = None
            if account == ctx.profile.dormant_handle:
                dormant = ctx.end - dt.timedelta(days=240)
            acc_plan = plan if k == 0 else _smaller(plan)
            fol = followers(ctx, acc_plan, f"{channel}/{account}", dormant_after=dormant)
            p = posts(ctx, channel, acc_plan, account, fol, windows if k == 0 else windows.iloc[0:0],
                      active_until=dormant)
            post_frames.append(p)
            daily_frames.append(account_daily(ctx, channel, account, fol, p, acc_plan))
    all_posts = pd.concat(post_frames, ignore_index=True).sort_values(["channel", "published"], kind="stable")
    return {
        "posts": all_posts.reset_index(drop=True),
        "account_daily": pd.concat(daily_frames, ignore_index=True),
        "demographics": demographics(ctx),
        "campaign_windows": windows,
    }


def _smaller(plan: ChannelPlan) -> ChannelPlan:
    """A second account on the same channel: fewer followers, fewer posts (the duplicate account)."""
    return replace(plan, posts_per_week=plan.posts_per_week * 0.5, followers_start=plan.followers_start // 4,
                   daily_growth=plan.daily_growth * 0.4, growth_trend=0.0, reach=plan.reach * 0.3, boost_share=0.0)
