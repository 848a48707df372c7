"""Paid spend and web traffic: what social activity sends to the website and what it buys.

Social referral sessions follow the link clicks of that day's posts; paid
sessions follow ad spend. Conversions and revenue are attributed by source,
which is where the furniture client's planted signal lives: Instagram sends
visitors who look and leave, Facebook sends the ones who buy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporting.demo.context import Context

def spend(ctx: Context, posts: pd.DataFrame) -> pd.DataFrame:
    """Daily spend per channel and campaign: post boosts (spread over three days) and always-on ads."""
    rng = ctx.rng("spend")
    rows = []
    boosted = posts[posts["paid"] & (posts["spend"] > 0)]
    for p in boosted.itertuples():
        day = p.published.tz_localize(None).normalize()
        campaign = p.campaign or _boost_name(ctx, day)
        for k, part in enumerate((0.5, 0.3, 0.2)):  # a boost delivers over three days
            d = day + pd.Timedelta(days=k)
            if d.date() > ctx.last:
                break
            clicks = int(p.link_clicks * part)
            rows.append({"date": d, "channel": p.channel, "campaign": campaign, "spend": round(p.spend * part, 2),
                         "impressions": int(p.impressions * 0.4 * part), "clicks": clicks, "results": clicks})
    for channel, (per_day, cpc) in ctx.profile.always_on.items():
        if channel not in ctx.params.channels:
            continue
        n = len(ctx.days)
        amount = per_day * rng.lognormal(0, 0.15, n) * (1 + 0.1 * ctx.years_elapsed())
        clicks = rng.poisson(amount / cpc)
        quarter = ctx.days.quarter.astype(str)
        names = [f"{_always_on_name(ctx, channel)} {y} Q{q}" for y, q in zip(ctx.days.year, quarter, strict=True)]
        rows.extend({"date": d, "channel": channel, "campaign": name, "spend": round(float(a), 2),
                     "impressions": int(c * rng.uniform(60, 120)), "clicks": int(c), "results": int(c)}
                    for d, name, a, c in zip(ctx.days, names, amount, clicks, strict=True))
    out = pd.DataFrame(rows)
    return out.groupby(["date", "channel", "campaign"], as_index=False).sum().sort_values(
        ["date", "channel", "campaign"], kind="stable").reset_index(drop=True)


def _boost_name(ctx: Context, day: pd.Timestamp) -> str:
    return {"ko": f"게시물 부스트 {day:%Y-%m}", "el": f"Προώθηση αναρτήσεων {day:%Y-%m}",
            "en": f"Boosted posts {day:%Y-%m}"}[ctx.lang]


def _always_on_name(ctx: Context, channel: str) -> str:
    return {"ko": "상시 광고", "el": "Πάντα ενεργή", "en": "Always-on"}[ctx.lang] + f" {channel}"


def web_traffic(ctx: Context, posts: pd.DataFrame, spend_frame: pd.DataFrame) -> pd.DataFrame:
    """Sessions, users, conversions and revenue per day and source / medium."""
    rng = ctx.rng("web")
    n = len(ctx.days)
    local_day = posts["published"].dt.tz_localize(None).dt.normalize()
    weekly = np.array([1.05, 1.05, 1.03, 1.0, 0.97, 0.93, 0.97])[ctx.days.day_of_week]
    trend = 1 + 0.12 * ctx.years_elapsed()
    goal = ctx.goal_start()
    push = np.where(ctx.days.date >= goal, 1.15, 1.0) if goal else np.ones(n)
    frames = []
    for src in ctx.profile.web:
        base = src.sessions * weekly * trend
        if src.channel:
            base = base * push
            if src.medium == "paid":
                paid = spend_frame[spend_frame["channel"] == src.channel].groupby("date")["clicks"].sum()
                base = base * 0.3 + paid.reindex(ctx.days, fill_value=0).to_numpy() * 0.8
            else:
                mine = posts["channel"] == src.channel
                clicks = posts[mine].groupby(local_day[mine])["link_clicks"].sum()
                base = base * 0.5 + clicks.reindex(ctx.days, fill_value=0).to_numpy() * 0.85
        sessions = rng.poisson(np.clip(base, 0, None))
        conversions = rng.binomial(sessions, src.conversion_rate)
        revenue = np.round(conversions * src.order_value * rng.lognormal(0, 0.25, n), 2)
        frames.append(pd.DataFrame({
            "date": ctx.days, "source": src.source, "medium": src.medium, "channel": src.channel,
            "sessions": sessions, "users": np.round(sessions * rng.uniform(0.78, 0.95, n)).astype(int),
            "conversions": conversions, "revenue": revenue,
        }))
    return pd.concat(frames, ignore_index=True)
