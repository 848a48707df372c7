"""Generate a demo client's exports and record the planted signals.

``generate`` simulates the canonical tables, writes them as platform export
files and writes ``planted.json`` (exact dates, values and labels of every
planted signal) next to them. Reports never read ``planted.json``; tests do,
to check the analyses recover what was planted. Output is byte-identical
for the same parameters, seed and end date.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
import zoneinfo
from pathlib import Path

import numpy as np
import pandas as pd

from reporting.demo import labelled, listening, owned, phrases, survey, web
from reporting.demo.context import Context
from reporting.demo.layout import write_all
from reporting.demo.notes import write_notes
from reporting.demo.profiles import profile_for
from reporting.params import ClientParams, load_all

PLANTED_FILE = "planted.json"
log = logging.getLogger(__name__)


def simulate(ctx: Context) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every canonical table for one client (plus helper frames) and the spike facts."""
    truth = owned.owned(ctx)
    truth["mentions"], spikes = listening.mentions(ctx)
    launch = spikes.get("launch_spike", {}).get("date")
    truth["competitor_accounts"] = listening.competitor_accounts(
        ctx, truth["account_daily"], dt.date.fromisoformat(launch) if launch else None)
    truth["spend"] = web.spend(ctx, truth["posts"])
    truth["web_traffic"] = web.web_traffic(ctx, truth["posts"], truth["spend"])
    truth["respondents"] = survey.respondents(ctx)
    return truth, spikes


def generate(params: ClientParams, out_dir: Path, end: dt.date, seed: int = 7) -> dict:
    """Write one client's demo exports into ``out_dir`` (replaced atomically) and return the planted signals.

    Parameters
    ----------
    params : the client's validated parameters (brands, handles, goals, survey columns).
    out_dir : folder to (re)create; its previous contents are replaced in one rename.
    end : the run date: history covers 1 January two years before ``end``'s year up to ``end - 1``.
    seed : random seed; the same seed and end give byte-identical files.

    Examples
    --------
    >>> from reporting.params import load_client
    >>> planted = generate(load_client("demo-cafe"), Path("/tmp/cafe"), dt.date(2026, 11, 22))
    >>> planted["signals"]["viral_complaint"]["date"]
    '2026-11-12'
    """
    ctx = Context.create(params, profile_for(params), end, seed)
    truth, spikes = simulate(ctx)
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        written = write_all(ctx, truth, tmp)
        facts = planted(ctx, truth, spikes, written)
        if sample := labelled.write(ctx, truth["mentions"], tmp):
            facts["labels"] = sample
        notes = write_notes(params, tmp, end, facts.get("signals", {}))
        facts["notes"] = sorted(n.relative_to(tmp).as_posix() for n in notes)
        (tmp / PLANTED_FILE).write_text(json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")
        _swap(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return facts


def _swap(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp``: readers see the old folder or the new one, never a half-written one."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def generate_all(end: dt.date | None = None, only: list[str] | None = None) -> dict[str, Path]:
    """Generate every client whose parameters say ``demo: true`` into its data folder.

    ``end`` defaults to today in each client's time zone. Returns client id -> folder.
    A client whose parameters do not validate is logged and skipped, so it never
    stops the others (the report run names it again when it tries to use it).
    """
    clients, errors = load_all(only=only)
    for cid, exc in errors.items():
        log.error("demo data for %s not generated: %s", cid, exc)
    done: dict[str, Path] = {}
    for cid, params in clients.items():
        if not params.demo:
            continue
        day = end or dt.datetime.now(zoneinfo.ZoneInfo(params.timezone)).date()
        generate(params, params.data_path, day)
        done[cid] = params.data_path
    return done


# Planted facts ------------------------------------------------------------------------------------


def planted(ctx: Context, truth: dict[str, pd.DataFrame], spikes: dict, written: list[dict]) -> dict:
    """Everything a test needs to check the analyses: exact dates, values and labels."""
    signals: dict = {}
    if "viral_complaint" in spikes:
        signals["viral_complaint"] = spikes["viral_complaint"] | _spike_baseline(
            ctx, truth["mentions"], spikes["viral_complaint"])
    if "launch_spike" in spikes:
        signals["launch_spike"] = spikes["launch_spike"] | _spike_baseline(
            ctx, truth["mentions"], spikes["launch_spike"])
    if ctx.profile.weekend_morning_uplift > 1:
        signals["best_time"] = _best_time(ctx, truth["posts"])
    if ctx.profile.dormant_handle:
        signals["dormant_account"] = _dormant(ctx, truth)
    if ctx.profile.dying_campaign:
        signals["dying_campaign"] = _dying(ctx, truth)
    if ctx.profile.engagement_without_sales:
        signals["instagram_no_sales"] = _channel_value(ctx, truth)
    respondents = truth["respondents"]
    return {
        "client_id": ctx.params.client_id,
        "seed": ctx.seed,
        "end": ctx.end.isoformat(),
        "history": {"first": ctx.first.isoformat(), "last": ctx.last.isoformat()},
        "timezone": ctx.tz,
        "files": written,
        "conventions": {
            "meta_post_times": "client local time, no offset",
            "brandwatch_times": "client local time (the zone chosen in the user's account)",
            "meltwater_times": "client local time",
            "x_post_dates": "UTC day (posts are published when the UTC and local day agree)",
            "linkedin_created_date": "UTC",
            "ga4_dates": "client local day",
            "template_times": "ISO 8601 with offset",
        },
        "signals": signals,
        "goals": _goal_baselines(ctx, truth),
        "campaigns": [{"campaign": w.campaign, "start": w.start.isoformat(), "end": w.end.isoformat(),
                       "dying": bool(w.dying)} for w in truth["campaign_windows"].itertuples()],
        "personas": {
            "labels": [p.label for p in ctx.profile.personas],
            "respondents": dict(zip(respondents["respondent_id"], respondents["persona"], strict=True)),
        },
        "hostile_strings": list(phrases.HOSTILE),
        "totals": {
            "posts": truth["posts"].groupby("channel").size().to_dict(),
            "mentions": truth["mentions"].groupby("brand").size().to_dict(),
            "respondents": len(respondents),
        },
    }


def _daily_counts(ctx: Context, mentions: pd.DataFrame, brand: str) -> pd.Series:
    own = mentions[mentions["brand"] == brand]
    day = own["time"].dt.tz_localize(None).dt.normalize()
    return own.groupby(day).size().reindex(ctx.days, fill_value=0)


def _spike_baseline(ctx: Context, mentions: pd.DataFrame, spike: dict) -> dict:
    counts = _daily_counts(ctx, mentions, spike["brand"])
    day = pd.Timestamp(spike["date"])
    window = counts[(counts.index < day) & (counts.index >= day - pd.Timedelta(days=28))]
    brand_rows = mentions[(mentions["brand"] == spike["brand"])
                          & (mentions["time"].dt.tz_localize(None).dt.normalize() == day)]
    return {"day_count": int(counts[day]), "baseline_median_28d": float(window.median()),
            "negative_share_on_day": round(float((brand_rows["sentiment"] == "negative").mean()), 4)}


def _best_time(ctx: Context, posts: pd.DataFrame) -> dict:
    local = posts["published"].dt.tz_localize(None)
    cell = (local.dt.day_of_week >= 5) & local.dt.hour.isin(owned.WEEKEND_MORNING)
    eng = posts["likes"] + posts["comments"] + posts["shares"] + posts["saves"]
    return {
        "weekdays": ["Saturday", "Sunday"], "hours": list(owned.WEEKEND_MORNING), "window": "09:00-11:00 local",
        "planted_engagement_multiplier": ctx.profile.weekend_morning_uplift,
        "posts_in_window": int(cell.sum()), "posts_elsewhere": int((~cell).sum()),
        "mean_engagements_in_window": round(float(eng[cell].mean()), 2),
        "mean_engagements_elsewhere": round(float(eng[~cell].mean()), 2),
    }


def _dormant(ctx: Context, truth: dict[str, pd.DataFrame]) -> dict:
    handle = ctx.profile.dormant_handle
    channel = next(ch for ch in ctx.params.channels if handle in ctx.handles(ch))
    mine = truth["posts"][(truth["posts"]["channel"] == channel) & (truth["posts"]["account"] == handle)]
    daily = truth["account_daily"]
    acc = daily[(daily["channel"] == channel) & (daily["account"] == handle)]
    last = mine["published"].max()
    return {"channel": channel, "handle": handle, "main_handle": ctx.handle(channel),
            "last_post": last.date().isoformat(), "days_silent_at_end": (ctx.end - last.date()).days,
            "posts": len(mine), "followers_at_end": int(acc["followers"].iloc[-1]),
            "note": "same brand name and bio pattern as the main handle; abandoned ~8 months before the end"}


def _dying(ctx: Context, truth: dict[str, pd.DataFrame]) -> dict:
    w = truth["campaign_windows"]
    w = w[w["dying"]].iloc[0]
    posts = truth["posts"]
    mine = posts[posts["campaign"] == w["campaign"]]
    age = (mine["published"].dt.tz_localize(None).dt.normalize() - pd.Timestamp(w["start"])).dt.days
    return {"campaign": w["campaign"], "start": w["start"].isoformat(), "end": w["end"].isoformat(),
            "channels": sorted(mine["channel"].unique().tolist()), "posts": len(mine),
            "mean_reach_first_week": round(float(mine.loc[age < 7, "reach"].mean()), 1),
            "mean_reach_after": round(float(mine.loc[age >= 7, "reach"].mean()), 1),
            # LinkedIn and X exports give impressions, not reach: the report sees the same shape there
            "mean_impressions_first_week": round(float(mine.loc[age < 7, "impressions"].mean()), 1),
            "mean_impressions_after": round(float(mine.loc[age >= 7, "impressions"].mean()), 1)}


def _channel_value(ctx: Context, truth: dict[str, pd.DataFrame]) -> dict:
    year = ctx.end.year - 1
    posts = truth["posts"]
    in_year = posts[posts["published"].dt.year == year]
    likes = in_year.groupby("channel")["likes"].sum()
    web_frame = truth["web_traffic"]
    wy = web_frame[(web_frame["date"].dt.year == year) & (web_frame["channel"] != "")]
    revenue = wy.groupby("channel")["revenue"].sum()
    conversions = wy.groupby("channel")["conversions"].sum()
    demo = truth["demographics"]
    older = demo[(demo["dimension"] == "age_gender") & demo["age_band"].isin(["45-54", "55-64", "65+"])]
    return {
        "year": year,
        "likes": {k: int(v) for k, v in likes.items()},
        "revenue": {k: round(float(v), 2) for k, v in revenue.items()},
        "conversions": {k: int(v) for k, v in conversions.items()},
        "most_liked_channel": str(likes.idxmax()),
        "instagram_revenue_share": round(float(revenue.get("instagram", 0) / revenue.sum()), 4),
        "audience_45_plus": {k: round(float(v), 3) for k, v in older.groupby("channel")["share"].sum().items()},
    }


def _goal_baselines(ctx: Context, truth: dict[str, pd.DataFrame]) -> dict:
    """Each goal's baseline as the data define it at the goal's start (when inside the history)."""
    out = {}
    posts, daily, traffic, spend = truth["posts"], truth["account_daily"], truth["web_traffic"], truth["spend"]
    for g in ctx.params.goals:
        if not ctx.first < g.start <= ctx.last:
            continue
        month_end = g.start - dt.timedelta(days=1)
        month_start = month_end.replace(day=1)
        local = posts["published"].dt.tz_localize(None).dt.normalize()
        in_month = (local >= pd.Timestamp(month_start)) & (local <= pd.Timestamp(month_end))
        chan = posts["channel"] == g.channel if g.channel != "all" else np.ones(len(posts), bool)
        entry: dict = {"metric": g.metric, "channel": g.channel, "start": g.start.isoformat(),
                       "previous_month": [month_start.isoformat(), month_end.isoformat()]}
        if g.metric == "followers":
            acc = daily[(daily["channel"] == g.channel) & (daily["account"] == ctx.handle(g.channel))]
            on = acc[acc["date"] == pd.Timestamp(g.start)]["followers"]
            before = acc[acc["date"] == pd.Timestamp(g.start) - pd.Timedelta(days=1)]["followers"]
            entry |= {"baseline": int(on.iloc[0]), "followers_day_before": int(before.iloc[0])}
            if g.target.change_pct is not None:
                entry["target"] = round(int(on.iloc[0]) * (1 + g.target.change_pct / 100))
        elif g.metric == "link_clicks":
            entry["baseline"] = int(posts.loc[in_month & chan, "link_clicks"].sum())
        elif g.metric == "avg_reach_per_post":
            entry["baseline"] = round(float(posts.loc[in_month & chan, "reach"].mean()), 1)
        elif g.metric in ("conversions", "sessions", "revenue"):
            social = traffic[(traffic["channel"] != "") & (traffic["date"] >= pd.Timestamp(month_start))
                             & (traffic["date"] <= pd.Timestamp(month_end))]
            entry["baseline"] = round(float(social[g.metric].sum()), 2)
        elif g.metric == "cost_per_result":
            s = spend[(spend["date"] >= pd.Timestamp(month_start)) & (spend["date"] <= pd.Timestamp(month_end))]
            social = traffic[(traffic["channel"] != "") & (traffic["date"] >= pd.Timestamp(month_start))
                             & (traffic["date"] <= pd.Timestamp(month_end))]
            entry["baseline"] = round(float(s["spend"].sum() / max(social["conversions"].sum(), 1)), 2)
        elif g.metric == "engagement_rate_reach":
            p = posts[in_month & chan]
            entry["baseline"] = round(float((p["likes"] + p["comments"] + p["shares"] + p["saves"]).sum()
                                            / p["reach"].sum()), 4)
        boosted = posts[in_month & chan & posts["paid"]]
        if len(boosted):
            entry["median_boost_spend_per_post"] = float(boosted["spend"].median())
        out[g.id] = entry
    return out
