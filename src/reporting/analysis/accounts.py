"""The client's own accounts: which exist, which went quiet, which look like one presence split in two.

An account audit is generic: every account seen in the posts, daily account metrics,
own-brand rows of the competitor export or the parameters, matched across the names
exports give it (Meta gives the page *name*, not the handle), with its activity in a
period and at the newest data. The annual review states the result; the thresholds
(``dormant_days``, ``duplicate_similarity``, ``handover_days``) are
:class:`~reporting.params.Thresholds`.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher

import pandas as pd

from reporting.dataset import ClientData
from reporting.params import ClientParams, Thresholds

_AFFIXES = ("official", "global", "team", "real", "the", "app", "get", "inc", "hq", "co", "tv")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_handle(handle: object) -> str:
    """The comparable form of a handle or page name: no '@', no URL, case-folded."""
    s = str(handle).strip()
    s = re.sub(r"^(https?://)?(www\.)?[^/\s]+\.(com|net)/", "", s)
    return s.lstrip("@").strip("/").casefold()


def handle_core(handle: str) -> str:
    """A handle without punctuation and common affixes ('hq', 'app', 'official'...), for name matching."""
    core = _NOT_WORD.sub("", normalise_handle(handle))
    changed = True
    while changed and len(core) > 3:
        changed = False
        for affix in _AFFIXES:
            if core.endswith(affix) and len(core) - len(affix) >= 3:
                core, changed = core[: -len(affix)], True
            elif core.startswith(affix) and len(core) - len(affix) >= 3:
                core, changed = core[len(affix):], True
    return core


def handle_similarity(a: str, b: str) -> float:
    """1.0 when the cores match ('ledgerlyhq' ~ 'ledgerly_app'), else the edit-ratio of the plain forms."""
    if handle_core(a) and handle_core(a) == handle_core(b):
        return 1.0
    return SequenceMatcher(None, _NOT_WORD.sub("", normalise_handle(a)),
                           _NOT_WORD.sub("", normalise_handle(b))).ratio()


def _param_handles(params: ClientParams) -> list[tuple[str, str]]:
    out = []
    for channel, value in params.handles.items():
        for h in [value] if isinstance(value, str) else value:
            out.append((channel, str(h)))
    return out


def inventory_date(data: ClientData, period_end: dt.date) -> dt.date:
    """The day the inventory describes: the last day with owned data, never before the period end.

    An account audit is about the accounts the client holds *now*, so dormancy is
    judged at the newest data available, not at the end of the year reviewed.
    """
    days = [period_end]
    if not data.posts.empty and data.posts["published"].notna().any():
        days.append(data.posts["published"].max().date())
    if not data.account_daily.empty and data.account_daily["date"].notna().any():
        days.append(data.account_daily["date"].max().date())
    return max(days)


def account_inventory(data: ClientData, params: ClientParams, start: dt.date, end: dt.date,
                      as_of: dt.date, rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Every account seen in the posts, daily metrics, own-brand competitor rows or the parameters.

    Returns one row per (channel, account) with: where it was seen (``sources``),
    ``in_params``, other names it appears under (``aliases``), first and last post,
    posts in the year, posts per week in the year, followers at the period end and
    at ``as_of``, days since the last post and the ``dormant`` flag.

    Exports name an account differently (Meta gives the page *name*, not the
    handle): on a channel where the parameters give exactly one handle, rows
    without an account or named like the brand (display name or a keyword, case
    and punctuation aside) are credited to that handle.
    """
    seen: dict[tuple[str, str], dict[str, object]] = {}
    handles = _param_handles(params)
    alias = _aliases(params, handles)

    def add(channel: str, account: object, source: str) -> None:
        name = str(account).strip().lstrip("@")
        handle = alias.get((str(channel), _NOT_WORD.sub("", normalise_handle(name))))
        key = (str(channel), normalise_handle(handle or name))
        row = seen.setdefault(key, {"channel": str(channel), "account": handle or name, "sources": [],
                                    "aliases": []})
        if handle and normalise_handle(name) != normalise_handle(handle) and name not in row["aliases"]:
            row["aliases"].append(name)
        if source not in row["sources"]:
            row["sources"].append(source)

    for channel, h in handles:
        add(channel, h, "params")
    posts = _credit_unnamed(data.posts, handles)
    for ch, acc in posts[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "posts")
    daily = _credit_unnamed(data.account_daily, handles)
    for ch, acc in daily[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "account_daily")
    own = data.competitor_accounts[data.competitor_accounts["brand"] == params.display_name]
    own = own[own["account"].notna() & (own["account"].str.strip() != "")]
    for ch, acc in own[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "competitor_accounts")

    def key_of(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([normalise_handle(alias.get((ch, _NOT_WORD.sub("", normalise_handle(a))), a))
                          for ch, a in zip(frame["channel"], frame["account"], strict=True)],
                         index=frame.index, dtype="string")

    posts = posts.assign(key=key_of(posts), day=posts["published"].dt.date)
    daily = daily.assign(key=key_of(daily), day=daily["date"].dt.date)
    own = own.assign(key=key_of(own), day=own["date"].dt.date)
    weeks = ((end - start).days + 1) / 7
    param_keys = {(c, normalise_handle(h)) for c, h in handles}
    rows = []
    for (channel, key), info in seen.items():
        p = posts[(posts["channel"] == channel) & (posts["key"] == key)]
        in_year = p[(p["day"] >= start) & (p["day"] <= end)]
        last = p["day"].max() if not p.empty else None
        d = daily[(daily["channel"] == channel) & (daily["key"] == key)]
        c = own[(own["channel"] == channel) & (own["key"] == key)]
        rows.append({
            "channel": channel, "account": info["account"], "sources": ", ".join(info["sources"]),
            "aliases": ", ".join(info["aliases"]), "in_params": (channel, key) in param_keys,
            "first_post": p["day"].min() if not p.empty else None, "last_post": last,
            "posts_year": len(in_year), "posts_per_week": len(in_year) / weeks,
            "followers_end": _level_at(d, c, end), "followers_now": _level_at(d, c, as_of),
            "days_since_post": (as_of - last).days if last is not None else None,
            "dormant": last is None or (as_of - last).days >= rules.dormant_days,
        })
    cols = ["channel", "account", "sources", "aliases", "in_params", "first_post", "last_post", "posts_year",
            "posts_per_week", "followers_end", "followers_now", "days_since_post", "dormant"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("followers_end", "followers_now", "days_since_post"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["channel", "followers_now", "account"], ascending=[True, False, True],
                           na_position="last", kind="stable").reset_index(drop=True)


def _aliases(params: ClientParams, handles: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(channel, brand-like name squashed) -> the channel's only handle, for every brand name and keyword."""
    per_channel: dict[str, list[str]] = {}
    for channel, h in handles:
        per_channel.setdefault(channel, []).append(h)
    names = {_NOT_WORD.sub("", normalise_handle(n)) for n in [params.display_name, *params.keywords]} - {""}
    return {(channel, name): hs[0] for channel, hs in per_channel.items() if len(hs) == 1 for name in names}


def _credit_unnamed(frame: pd.DataFrame, handles: list[tuple[str, str]]) -> pd.DataFrame:
    """Rows without an account get the channel's handle when the parameters name exactly one."""
    if frame.empty:
        return frame
    single = {}
    for channel, h in handles:
        single[channel] = None if channel in single else h
    account = frame["account"].astype("string").str.strip()
    blank = account.isna() | (account == "")
    fill = frame["channel"].map(lambda ch: single.get(ch) or "").astype("string")
    account = account.mask(blank, fill)
    keep = account.notna() & (account != "")
    return frame.assign(account=account)[keep]


def _level_at(daily: pd.DataFrame, comp: pd.DataFrame, day: dt.date) -> int | None:
    """Followers on the last day at or before ``day``: the account's own export first, else listening."""
    for frame in (daily, comp):
        f = frame[(frame["day"] <= day) & frame["followers"].notna()]
        if not f.empty:
            return int(f.sort_values("day")["followers"].iloc[-1])
    return None


def duplicate_accounts(inventory: pd.DataFrame, rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Pairs of accounts on one channel that look like the same presence split in two.

    Evidence per pair: ``similarity`` of the handles (1.0 when they differ only by
    affixes like 'hq' or '_app'), ``handover`` (one stopped posting at most
    ``handover_days`` before the other started) and whether one is ``dormant``.
    A pair is flagged when the names are similar or there was a handover. The
    ``duplicate`` is the account to retire: the dormant one, else the smaller one.
    Audience overlap cannot be measured: exports carry no follower lists.
    """
    rows = []
    for channel, group in inventory.groupby("channel", sort=True):
        accounts = group.to_dict("records")
        for i, a in enumerate(accounts):
            for b in accounts[i + 1:]:
                sim = handle_similarity(a["account"], b["account"])
                handover = _handover(a, b, rules.handover_days) or _handover(b, a, rules.handover_days)
                if sim < rules.duplicate_similarity and not handover:
                    continue
                keep, dup = _keeper(a, b)
                rows.append({"channel": channel, "account": keep["account"], "duplicate": dup["account"],
                             "similarity": round(sim, 2), "handover": handover,
                             "duplicate_dormant": bool(dup["dormant"]),
                             "duplicate_last_post": dup["last_post"],
                             "duplicate_followers": dup["followers_now"],
                             "account_followers": keep["followers_now"]})
    cols = ["channel", "account", "duplicate", "similarity", "handover", "duplicate_dormant",
            "duplicate_last_post", "duplicate_followers", "account_followers"]
    return pd.DataFrame(rows, columns=cols)


def _handover(a: dict, b: dict, days: int) -> bool:
    """``a`` stopped posting before ``b`` started, within ``days``."""
    if a["last_post"] is None or b["first_post"] is None or pd.isna(a["last_post"]) or pd.isna(b["first_post"]):
        return False
    gap = (b["first_post"] - a["last_post"]).days
    return 0 <= gap <= days


def _keeper(a: dict, b: dict) -> tuple[dict, dict]:
    """(account to keep, duplicate): an active account beats a dormant one, then more followers."""
    def rank(x: dict) -> tuple[int, int, int]:
        followers = x["followers_now"]
        return (0 if x["dormant"] else 1, int(followers) if pd.notna(followers) else -1, x["posts_year"])
    return (a, b) if rank(a) >= rank(b) else (b, a)
