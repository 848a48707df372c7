"""Competition: share of voice, sentiment per brand and competitors' owned channels, side by side.

The listening report reads them for its period, the annual review for the year against
the one before; both start from the (mention, brand) rows of
:func:`reporting.text.brands.match_brands` prepared by :func:`prepare`.

- share of voice = brand mentions / mentions of all tracked brands (and the same
  weighted by reach);
- net sentiment = (positive - negative) / (positive + negative), over the mentions
  whose sentiment is known (a language without a supported method is left out, not guessed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reporting.text.brands import heavy

if TYPE_CHECKING:
    from reporting.dataset import ClientData
    from reporting.params import ClientParams
    from reporting.periods import Period


def brand_order(brand: pd.Series, brands: list[str]) -> np.ndarray:
    """Each row's position in the client's brand list (client first), for sorting."""
    order = {b: i for i, b in enumerate(brands)}
    return brand.astype("string").map(order).astype(float).fillna(len(brands)).to_numpy()


SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")


def day_start(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def prepare(rows: pd.DataFrame) -> pd.DataFrame:
    """Add the columns every section groups by: local day and week, hour, weekday, usable reach."""
    local = rows["time"].dt.tz_localize(None)
    day = local.dt.floor("D")
    return rows.assign(
        day=day,
        week=day - pd.to_timedelta(day.dt.day_of_week, unit="D"),
        hour=local.dt.hour,
        weekday=local.dt.day_of_week,
        reach_used=rows["reach"].fillna(rows["author_followers"]).fillna(0).astype("int64"),
    )


def days_mask(frame: pd.DataFrame, start: dt.date, end: dt.date) -> np.ndarray:
    """Rows whose local day is within ``start``..``end`` (a mask: selecting a few columns is cheaper than a copy)."""
    day = frame["day"].to_numpy()
    return (day >= np.datetime64(start, "ns")) & (day <= np.datetime64(end, "ns"))


def in_days(frame: pd.DataFrame, start: dt.date, end: dt.date, columns: list[str] | None = None) -> pd.DataFrame:
    mask = days_mask(frame, start, end)
    return frame.loc[mask, columns] if columns is not None else frame[mask]


def _with_categories(values: pd.Series, needed: tuple[str, ...]) -> pd.Series:
    """A categorical copy of ``values`` whose categories include ``needed`` (so they can be assigned)."""
    values = values.astype("category")
    extra = [c for c in needed if c not in set(values.cat.categories)]
    return values.cat.add_categories(extra) if extra else values.copy()


Scorer = Callable[[pd.Series, pd.Series], pd.DataFrame]
"""(texts, languages) -> ``sentiment`` and ``score`` per text, as :func:`reporting.text.sentiment.score` returns."""


def complete_sentiment(rows: pd.DataFrame, mentions: pd.DataFrame,
                       scorer: Scorer | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill missing sentiment with :mod:`reporting.text.sentiment`; returns rows and unsupported languages.

    Rows get ``sentiment_origin`` 'export' or 'computed'; a mention in a
    language the scorer does not support keeps no sentiment. Each distinct
    (text, language) is scored once; a language missing from the export is
    detected from the text. ``scorer`` replaces the shipped methods, e.g. a
    client's own choice measured on its labels
    (:meth:`reporting.text.labels.ClientSentiment.score`); it is called only when
    some mention needs computed sentiment.
    """
    from reporting.text import language, sentiment

    sentiment_col = _with_categories(rows["sentiment"], SENTIMENTS)
    has = sentiment_col.notna()
    origin_col = _with_categories(rows["sentiment_origin"], ("export", "computed"))
    origin_col = origin_col.mask(has & origin_col.isna(), "export")
    empty_langs = pd.DataFrame({"language": pd.Series(dtype="string"), "mentions": pd.Series(dtype="int64")})
    todo = rows.loc[~has & rows["primary"], ["src", "language"]]
    todo = todo.assign(text=heavy(mentions, todo, "text"))
    todo = todo[todo["text"].notna()]
    if todo.empty:
        return rows.assign(sentiment=sentiment_col, sentiment_origin=origin_col), empty_langs
    lang = todo["language"].astype("string")
    if lang.isna().any():
        lang = lang.fillna(pd.Series(language.detect(todo["text"][lang.isna()]).to_numpy(), dtype="string",
                                     index=lang.index[lang.isna()]))
    todo = todo.assign(language=lang)
    distinct = todo[["text", "language"]].drop_duplicates().reset_index(drop=True)
    scored = (scorer or sentiment.score)(distinct["text"], distinct["language"])
    distinct["computed"] = pd.Series(np.asarray(scored["sentiment"], dtype=object), dtype="string")
    by_src = todo.merge(distinct, on=["text", "language"], how="left").set_index("src")
    missing = (~has).to_numpy()
    src = rows["src"].to_numpy()[missing]
    sentiment_col[missing] = by_src["computed"].reindex(src).to_numpy()
    language_col = rows["language"].astype("string")
    language_col[missing] = by_src["language"].reindex(src).to_numpy()
    got = missing & sentiment_col.notna().to_numpy()
    rows = rows.assign(sentiment=sentiment_col, language=language_col,
                       sentiment_origin=origin_col.mask(got, "computed"))
    unsupported = by_src[by_src["computed"].isna()]
    langs = (unsupported["language"].fillna("und").value_counts().rename_axis("language")
             .rename("mentions").reset_index())
    return rows, langs


def _volume(rows: pd.DataFrame, brands: list[str]) -> pd.DataFrame:
    g = rows.groupby("brand", observed=True).agg(mentions=("reach_used", "size"), reach=("reach_used", "sum"))
    g = g.reindex(brands, fill_value=0)
    g["share"] = g["mentions"] / g["mentions"].sum() if g["mentions"].sum() else np.nan
    g["reach_share"] = g["reach"] / g["reach"].sum() if g["reach"].sum() else np.nan
    return g


def share_of_voice(rows: pd.DataFrame, brands: list[str], period: Period, previous: Period) -> pd.DataFrame:
    """Mentions and reach per brand, their shares of all tracked-brand mentions, and the change in points."""
    cols = ["brand", "reach_used"]
    now = _volume(in_days(rows, period.start, period.end, cols), brands)
    before = _volume(in_days(rows, previous.start, previous.end, cols), brands)
    out = now.join(before.add_suffix("_previous"))
    out["share_change"] = out["share"] - out["share_previous"]
    out["reach_share_change"] = out["reach_share"] - out["reach_share_previous"]
    return out.rename_axis("brand").reset_index()


def weekly_share_of_voice(rows: pd.DataFrame, brands: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per week (Monday start) and brand: mentions, reach and both shares."""
    sub = in_days(rows, start, end, ["week", "brand", "reach_used"])
    weeks = pd.date_range(day_start(start), day_start(end), freq="W-MON")
    g = sub.groupby(["week", "brand"], observed=True).agg(mentions=("reach_used", "size"),
                                                          reach=("reach_used", "sum"))
    g = g.reindex(pd.MultiIndex.from_product([weeks, brands], names=["week", "brand"]), fill_value=0)
    totals = g.groupby(level="week").transform("sum")
    g["share"] = g["mentions"] / totals["mentions"].where(totals["mentions"] > 0)
    g["reach_share"] = g["reach"] / totals["reach"].where(totals["reach"] > 0)
    return g.reset_index()


def net_sentiment(positive: Any, negative: Any) -> Any:
    """(positive - negative) / (positive + negative); NaN when neither was seen."""
    pos = np.asarray(positive, dtype=float)
    neg = np.asarray(negative, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(pos + neg > 0, (pos - neg) / (pos + neg), np.nan)
    return value if value.ndim else float(value)


def _sentiment_counts(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = rows.groupby([*keys, "sentiment"], observed=True).size().unstack("sentiment")
    return counts.reindex(columns=list(SENTIMENTS), fill_value=0).fillna(0).astype(int)


def sentiment_by_brand(rows: pd.DataFrame, brands: list[str], period: Period, previous: Period) -> pd.DataFrame:
    """Positive / neutral / negative counts and shares, net sentiment now and before, per brand.

    Shares are of the mentions with a sentiment; ``unavailable`` counts those
    without (unsupported language), which are left out rather than guessed.
    """
    cols = ["brand", "sentiment", "sentiment_origin"]
    now = in_days(rows, period.start, period.end, cols)
    counts = _sentiment_counts(now, ["brand"]).reindex(brands, fill_value=0)
    known = counts.sum(axis=1)
    out = counts.copy()
    out["known"] = known
    out["unavailable"] = now.groupby("brand", observed=True).size().reindex(brands, fill_value=0) - known
    for s in SENTIMENTS:
        out[f"{s}_share"] = counts[s] / known.where(known > 0)
    out["net"] = net_sentiment(counts["positive"], counts["negative"])
    before = _sentiment_counts(in_days(rows, previous.start, previous.end, cols), ["brand"]).reindex(
        brands, fill_value=0)
    out["net_previous"] = net_sentiment(before["positive"], before["negative"])
    out["net_change"] = out["net"] - out["net_previous"]
    origin = now[now["sentiment"].notna()].groupby("brand", observed=True)["sentiment_origin"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else "mixed")
    out["origin"] = origin.reindex(brands)
    return out.rename_axis("brand").reset_index()


def weekly_sentiment(rows: pd.DataFrame, brands: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per week and brand: sentiment counts and net sentiment."""
    sub = in_days(rows, start, end, ["week", "brand", "sentiment"])
    weeks = pd.date_range(day_start(start), day_start(end), freq="W-MON")
    counts = _sentiment_counts(sub, ["week", "brand"])
    counts = counts.reindex(pd.MultiIndex.from_product([weeks, brands], names=["week", "brand"]), fill_value=0)
    counts["net"] = net_sentiment(counts["positive"], counts["negative"])
    return counts.reset_index()


def own_daily(data: ClientData, params: ClientParams) -> pd.DataFrame:
    """The client's own channels in the competitor-accounts shape (followers, posts, engagements per day)."""
    followers = data.account_daily[["date", "channel", "account", "followers"]]
    posts = data.posts
    if posts.empty and followers.empty:
        return pd.DataFrame(columns=["date", "brand", "channel", "account", "followers", "posts", "engagements"])
    engaged = posts[["likes", "comments", "shares", "saves"]].fillna(0).sum(axis=1)
    day = posts["published"].dt.tz_localize(None).dt.floor("D")
    per_day = (posts.assign(date=day, engagements=engaged)
               .groupby(["date", "channel"], observed=True)
               .agg(posts=("post_id", "size"), engagements=("engagements", "sum")).reset_index())
    fol = followers.groupby(["date", "channel"], observed=True)["followers"].sum(min_count=1).reset_index()
    daily = fol.merge(per_day, on=["date", "channel"], how="outer")
    accounts = {ch: (h if isinstance(h, str) else h[0]) for ch, h in params.handles.items()}
    return daily.assign(brand=params.display_name, account=daily["channel"].map(accounts))


def owned_channels(accounts: pd.DataFrame, own: pd.DataFrame, brands: list[str], period: Period) -> pd.DataFrame:
    """Followers, growth, posts per week and engagement rate per brand and channel, side by side.

    Growth is (followers at the end - at the start) / at the start, the start
    being the last count on or before the period's first day. Engagement rate is
    engagements / (posts x followers on the posting day), summed over the period:
    engagement per post relative to the audience, aggregated as totals. ``growth_from``
    and ``growth_to`` are the days of the two counts growth compares (NaT without them).
    """
    columns = ["brand", "channel", "account", "followers", "growth", "net_new", "posts", "posts_per_week",
               "engagements", "engagement_rate", "growth_from", "growth_to"]
    frame = accounts[["date", "brand", "channel", "account", "followers", "posts", "engagements"]]
    if params_brand_missing(frame, own, brands):
        frame = pd.concat([frame, own[frame.columns]], ignore_index=True)
    frame = frame[frame["brand"].isin(brands) & (frame["date"] <= day_start(period.end))]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame.sort_values("date")
    out = []
    for (brand, channel), g in frame.groupby(["brand", "channel"], observed=True, sort=False):
        fol = g.groupby("date")["followers"].max().dropna()
        before = fol[fol.index <= day_start(period.start)]
        first = before.tail(1) if not before.empty else fol.head(1)
        start = first.iloc[0] if not first.empty else np.nan
        inside = fol[(fol.index >= day_start(period.start))]
        end = inside.iloc[-1] if not inside.empty else np.nan
        cur = g[g["date"] >= day_start(period.start)]
        posts = cur["posts"].fillna(0).sum()
        eng = cur["engagements"].sum(min_count=1)
        fol_daily = fol.reindex(pd.date_range(fol.index.min(), day_start(period.end))).ffill() if not fol.empty else fol
        exposure = (cur.groupby("date")["posts"].sum() * fol_daily.reindex(cur["date"].unique())).sum()
        out.append({"brand": brand, "channel": channel,
                    "account": g["account"].dropna().iloc[-1] if g["account"].notna().any() else pd.NA,
                    "followers": end, "growth": (end - start) / start if start and start == start else np.nan,
                    "net_new": end - start, "posts": posts, "posts_per_week": posts / (period.days / 7),
                    "engagements": eng, "engagement_rate": eng / exposure if exposure else np.nan,
                    "growth_from": first.index[0] if not first.empty else pd.NaT,
                    "growth_to": inside.index[-1] if not inside.empty else pd.NaT})
    table = pd.DataFrame(out, columns=columns)
    table["_order"] = brand_order(table["brand"], brands)
    return table.sort_values(["_order", "channel"]).drop(columns="_order").reset_index(drop=True)


def params_brand_missing(accounts: pd.DataFrame, own: pd.DataFrame, brands: list[str]) -> bool:
    """True when the client's own brand must come from its own exports (the benchmark file lacks it)."""
    return not own.empty and brands[0] not in set(accounts["brand"].dropna())
