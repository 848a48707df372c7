"""The data-availability matrix: demo data with one thing taken away (or one oddity added) at a time.

Each variant turns a demo client's (data, params, period) into what a real account
often looks like: a source missing, one channel, a short history, a period after the
last data, a month without posts, one viral outlier. Every report must render each one,
say plainly what it cannot answer, and claim nothing without its evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from reporting import periods
from reporting.dataset import ClientData
from reporting.params import ClientParams
from reporting.periods import Period

Case = tuple[ClientData, ClientParams, Period]
DATED = {"posts": "published", "account_daily": "date", "mentions": "time", "web_traffic": "date", "spend": "date",
         "competitor_accounts": "date"}


def _empty(data: ClientData, *names: str) -> ClientData:
    return dataclasses.replace(data, **{n: getattr(data, n).iloc[0:0] for n in names})


def no_posts(data: ClientData, params: ClientParams, period: Period) -> Case:
    return _empty(data, "posts"), params, period


def no_follower_series(data: ClientData, params: ClientParams, period: Period) -> Case:
    return _empty(data, "account_daily"), params, period


def no_web(data: ClientData, params: ClientParams, period: Period) -> Case:
    return _empty(data, "web_traffic"), params, period


def no_spend(data: ClientData, params: ClientParams, period: Period) -> Case:
    posts = data.posts.assign(spend=pd.NA, paid=pd.NA)
    return dataclasses.replace(_empty(data, "spend"), posts=posts.astype(data.posts.dtypes.to_dict())), params, period


def no_survey(data: ClientData, params: ClientParams, period: Period) -> Case:
    return _empty(data, "respondents"), params, period


def no_purchase_column(data: ClientData, params: ClientParams, period: Period) -> Case:
    respondents = data.respondents.assign(purchased=pd.NA).astype(data.respondents.dtypes.to_dict())
    return dataclasses.replace(data, respondents=respondents), params, period


def no_listening(data: ClientData, params: ClientParams, period: Period) -> Case:
    return _empty(data, "mentions"), params, period


def no_competitors(data: ClientData, params: ClientParams, period: Period) -> Case:
    brand = params.display_name
    mentions = data.mentions[data.mentions["brand"].isna() | data.mentions["brand"].eq(brand)]
    return (dataclasses.replace(_empty(data, "competitor_accounts"), mentions=mentions),
            params.model_copy(update={"competitors": []}), period)


def single_channel(data: ClientData, params: ClientParams, period: Period) -> Case:
    channel = params.channels[0]
    keep = {n: getattr(data, n)[getattr(data, n)["channel"].eq(channel).fillna(False)]
            for n in ("posts", "account_daily", "spend")}
    goals = [g for g in params.goals if g.channel in ("all", channel)]
    return dataclasses.replace(data, **keep), params.model_copy(update={"channels": [channel], "goals": goals}), period


def six_weeks_of_history(data: ClientData, params: ClientParams, period: Period) -> Case:
    first = pd.Timestamp(period.end - dt.timedelta(weeks=6) + dt.timedelta(days=1))
    cut = {}
    for name, column in DATED.items():
        frame = getattr(data, name)
        times = frame[column]
        start = first.tz_localize(times.dt.tz) if getattr(times.dt, "tz", None) is not None else first
        cut[name] = frame[times >= start]
    return dataclasses.replace(data, **cut), params, period


def period_after_the_data(data: ClientData, params: ClientParams, period: Period) -> Case:
    """A period of the same length starting a month after the client's last day of data."""
    last = max(_last_day(getattr(data, name)[column]) for name, column in DATED.items())
    start = last + dt.timedelta(days=31)
    return data, params, periods.resolve(f"{start}..{start + dt.timedelta(days=period.days - 1)}")


def _last_day(values: pd.Series) -> dt.date:
    values = values.dropna()
    if values.empty:
        return dt.date.min
    last = values.max()
    return (last.tz_localize(None) if last.tzinfo else last).date()


def month_without_posts(data: ClientData, params: ClientParams, period: Period) -> Case:
    day = data.posts["published"].dt.tz_localize(None).dt.normalize()
    inside = (day >= pd.Timestamp(period.start)) & (day <= pd.Timestamp(period.end))
    return dataclasses.replace(data, posts=data.posts[~inside]), params, period


def one_viral_outlier(data: ClientData, params: ClientParams, period: Period) -> Case:
    posts = data.posts.copy()
    day = posts["published"].dt.tz_localize(None).dt.normalize()
    inside = np.flatnonzero(((day >= pd.Timestamp(period.start)) & (day <= pd.Timestamp(period.end))).to_numpy())
    if len(inside):
        row = posts.index[inside[len(inside) // 2]]
        for column in ("impressions", "reach", "likes", "shares", "comments"):
            value = posts.at[row, column]
            posts.at[row, column] = (0 if pd.isna(value) else int(value)) * 60 + 5000
    mentions = data.mentions
    if len(mentions):
        hit = mentions[mentions["time"].dt.tz_localize(None).dt.normalize() == pd.Timestamp(period.end)]
        mentions = pd.concat([mentions] + [hit.head(1).assign(mention_id=lambda f, i=i: f["mention_id"] + f"-v{i}")
                                           for i in range(400)], ignore_index=True)
    return dataclasses.replace(data, posts=posts, mentions=mentions), params, period


VARIANTS: dict[str, Callable[[ClientData, ClientParams, Period], Case]] = {
    "no_posts": no_posts, "no_follower_series": no_follower_series, "no_web": no_web, "no_spend": no_spend,
    "no_survey": no_survey, "no_purchase_column": no_purchase_column, "no_listening": no_listening,
    "no_competitors": no_competitors, "single_channel": single_channel,
    "six_weeks_of_history": six_weeks_of_history, "period_after_the_data": period_after_the_data,
    "month_without_posts": month_without_posts, "one_viral_outlier": one_viral_outlier,
}
