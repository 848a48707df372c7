"""Listening data: mentions of the client and each competitor, and competitors' owned accounts.

Daily mention counts are Poisson around a brand level with a weekly rhythm
and a slow trend, and nothing else: the only spikes are the planted ones,
so a spike detector that fires elsewhere is a false alarm. Authors come
from a pool with a long-tailed follower distribution plus a few repeat
advocates and detractors per brand.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from reporting.demo import phrases
from reporting.demo.context import Context

# Relative mention volume by weekday (Monday first): cafes and shops peak at
# the weekend, B2B talk on weekdays.
WEEKLY = {
    "ko": np.array([0.95, 0.95, 0.97, 0.98, 1.02, 1.08, 1.05]),
    "el": np.array([0.97, 0.98, 0.99, 1.0, 1.01, 1.04, 1.01]),
    "en": np.array([1.05, 1.06, 1.05, 1.04, 0.98, 0.88, 0.9]),
}
# Share of mentions per local hour (a day/evening curve).
_HOURS = np.array([2, 1, 0.6, 0.4, 0.4, 0.6, 1.2, 2.2, 3.5, 4.5, 5, 5.2, 5.6, 5.4, 5, 4.8,
                   4.9, 5.2, 5.8, 6.2, 6.0, 5.2, 4.0, 3.0])
HOUR_P = _HOURS / _HOURS.sum()

SOURCES = {
    "x": ("x.com",), "instagram": ("instagram.com",), "facebook": ("facebook.com",),
    "linkedin": ("linkedin.com",), "youtube": ("youtube.com",),
    "blog": {"ko": ("blog.naver.com", "tistory.com"), "el": ("lifo.gr", "medium.com"),
             "en": ("medium.com", "substack.com")},
    "news": {"ko": ("news.naver.com", "hankyung.com"), "el": ("kathimerini.gr", "protothema.gr"),
             "en": ("techcrunch.com", "accountingtoday.com")},
    "forum": {"ko": ("cafe.naver.com", "theqoo.net"), "el": ("reddit.com",), "en": ("reddit.com",)},
    "reviews": {"ko": ("map.naver.com",), "el": ("google.com", "skroutz.gr"), "en": ("g2.com", "capterra.com")},
}

HASHTAG = re.compile(r"#(\w+)")
VIRAL_AUTHOR = "mapo_foodie"
VIRAL_TEXT = ("모퉁이 커피에서 주문 실수하고 사과도 없었어요. 20분 기다렸는데 직원분은 불친절하고 "
              "커피는 식어서 나왔네요. 정말 실망입니다 😡 다시는 안 가요")


def _sources(channels: np.ndarray, lang: str, rng: np.random.Generator) -> np.ndarray:
    """The site each mention appeared on, drawn from the channel's usual sites."""
    pick = rng.integers(0, 1 << 30, len(channels))
    out = np.empty(len(channels), dtype=object)
    for channel, rows in pd.Series(channels).groupby(channels).indices.items():
        options = SOURCES[channel]
        options = np.array(options[lang] if isinstance(options, dict) else options, dtype=object)
        out[rows] = options[pick[rows] % len(options)]
    return out


def _brand_keywords(ctx: Context) -> dict[str, list[str]]:
    out = {ctx.params.display_name: list(ctx.params.keywords) or [ctx.params.display_name]}
    for c in ctx.params.competitors:
        out[c.name] = list(c.keywords) or [c.name]
    return out


def _author_pool(ctx: Context, rng: np.random.Generator, size: int = 3000) -> pd.DataFrame:
    stems = phrases.AUTHOR_STEMS[ctx.lang]
    names = []
    seen: set[str] = set()
    while len(names) < size:
        style = rng.integers(3)
        stem = stems[rng.integers(len(stems))]
        name = (f"{stem}{rng.integers(1, 999)}" if style == 0 else
                f"{stem}_{stems[rng.integers(len(stems))]}" if style == 1 else
                f"{stem}.{rng.integers(10, 99)}")
        if name not in seen:
            seen.add(name)
            names.append(name)
    followers = np.round(rng.lognormal(6.0, 1.5, size)).astype(int) + 3
    # small accounts with high engagement exist: engagement propensity is independent of size
    propensity = rng.lognormal(0, 0.6, size)
    weight = 1 / np.arange(1, size + 1) ** 0.6  # a few authors post often, most once or twice
    return pd.DataFrame({"author": names, "followers": followers, "propensity": propensity,
                         "weight": weight / weight.sum()})


def _advocates(ctx: Context, rng: np.random.Generator) -> list[dict]:
    """Repeat voices: advocates (positive) and detractors (negative), per brand."""
    stems = phrases.AUTHOR_STEMS[ctx.lang]
    out = []
    brands = ctx.params.brands()
    for b_i, brand in enumerate(brands):
        n_adv, n_det = (4, 2) if b_i == 0 else (2, 1)
        for k in range(n_adv + n_det):
            stance = "positive" if k < n_adv else "negative"
            out.append({
                "author": f"{stems[(b_i * 5 + k) % len(stems)]}_{'fan' if stance == 'positive' else 'critic'}{b_i}{k}",
                "brand": brand, "stance": stance,
                "followers": int(rng.integers(1500, 40000)) if k % 2 == 0 else int(rng.integers(200, 1500)),
                "rate": 0.45 if stance == "positive" else 0.22,
            })
    return out


def mentions(ctx: Context) -> tuple[pd.DataFrame, dict]:
    """Every mention (one row per brand named), plus the planted spike facts."""
    rng = ctx.rng("mentions")
    pool = _author_pool(ctx, rng)
    keywords = _brand_keywords(ctx)
    prof = ctx.profile
    days = ctx.days
    weekly = WEEKLY[ctx.lang][days.day_of_week]
    trend = 1 + 0.1 * ctx.years_elapsed()
    channels = np.array(list(prof.mention_channels))
    ch_p = np.array(list(prof.mention_channels.values()))
    ch_p = ch_p / ch_p.sum()

    advocates = _advocates(ctx, rng)
    frames = []
    for brand, volume in prof.brand_volume.items():
        counts = _daily_counts(rng, volume * weekly * trend)
        day_idx = np.repeat(np.arange(len(days)), counts)
        n = len(day_idx)
        pos, neu, _neg = prof.sentiment[brand]
        u = rng.random(n)
        author_idx = rng.choice(len(pool), size=n, p=pool["weight"].to_numpy())
        frame = pd.DataFrame({
            "day": day_idx, "brand": brand,
            "sentiment": np.where(u < pos, "positive", np.where(u < pos + neu, "neutral", "negative")),
            "author": pool["author"].to_numpy()[author_idx],
            "author_followers": pool["followers"].to_numpy()[author_idx],
            "propensity": pool["propensity"].to_numpy()[author_idx],
            "channel": rng.choice(channels, size=n, p=ch_p),
        })
        _assign_advocates(frame, counts, [a for a in advocates if a["brand"] == brand], ctx, rng)
        frames.append(frame)
    m = pd.concat(frames, ignore_index=True)
    n = len(m)
    hour = rng.choice(24, size=n, p=HOUR_P)
    minute = rng.integers(0, 60, n)
    second = rng.integers(0, 60, n)
    m["time"] = _local_times(ctx, m["day"].to_numpy(), hour, minute, second)
    english = rng.random(n) < phrases.ENGLISH_SHARE[ctx.lang]
    m["language"] = np.where(english, "en", ctx.lang)
    m["text"] = _mention_texts(rng, ctx.lang, m["language"].to_numpy(), m["sentiment"].to_numpy(),
                               m["brand"].to_numpy(), keywords)
    m["source"] = _sources(m["channel"].to_numpy(), ctx.lang, rng)
    _reach_and_engagement(m, rng)
    m = m.drop(columns=["propensity"])

    planted: dict = {}
    if prof.viral_complaint:
        viral, planted["viral_complaint"] = _viral_complaint(ctx, rng, pool)
        m = pd.concat([m, viral], ignore_index=True)
    if prof.launch_spike:
        launch, planted["launch_spike"] = _launch_spike(ctx, rng, pool, keywords)
        m = pd.concat([m, launch], ignore_index=True)
    m = _add_hostile(ctx, m, rng)
    m = m.sort_values(["time", "brand"], kind="stable").reset_index(drop=True)
    m["mention_id"] = _ids(rng, len(m))
    m = _comparisons(ctx, m, rng, keywords)
    m["url"] = [_mention_url(c, s, a, i) for c, s, a, i in
                zip(*(m[k].tolist() for k in ("channel", "source", "author", "mention_id")), strict=True)]
    m["hashtags"] = [" ".join(t.lower() for t in HASHTAG.findall(text)) for text in m["text"].tolist()]
    return m.drop(columns=["day"]).reset_index(drop=True), planted


def _daily_counts(rng: np.random.Generator, expected: np.ndarray) -> np.ndarray:
    """Daily counts around ``expected`` with bounded noise of Poisson size, stratified by week.

    Real volumes have occasional outliers; the demo must not, so that every
    spike a robust detector (median / MAD over a few weeks) finds is a
    planted one. Each week takes its seven deviations from the seven
    sevenths of a uniform range (same variance as Poisson), in random order
    with a little jitter: any four weeks have the same spread, so the
    largest deviation stays near 1.5 scaled MADs and never approaches 3.5.
    """
    n = len(expected)
    weeks = -(-n // 7)
    strata = np.concatenate([rng.permutation(7) for _ in range(weeks)])[:n]
    quantile = (strata + 0.5 + rng.uniform(-0.2, 0.2, n)) / 7
    noise = (2 * quantile - 1) * np.sqrt(3 * expected)
    return np.maximum(np.round(expected + noise), 0).astype(int)


def _assign_advocates(frame: pd.DataFrame, counts: np.ndarray, advocates: list[dict], ctx: Context,
                      rng: np.random.Generator) -> None:
    """Hand some of a brand's mentions to its repeat advocates and detractors (counts stay unchanged)."""
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    social = ["instagram", "x"] if ctx.lang != "en" else ["x", "linkedin"]
    for j, adv in enumerate(advocates):
        active = (rng.random(len(counts)) < adv["rate"]) & (counts > j)
        rows = starts[active] + j
        frame.loc[rows, "author"] = adv["author"]
        frame.loc[rows, "author_followers"] = adv["followers"]
        frame.loc[rows, "propensity"] = 2.0
        frame.loc[rows, "sentiment"] = adv["stance"]
        frame.loc[rows, "channel"] = rng.choice(social, size=len(rows))


def _local_times(ctx: Context, day: np.ndarray, hour: np.ndarray, minute: np.ndarray,
                 second: np.ndarray) -> pd.Series:
    naive = (pd.Timestamp(ctx.first) + pd.to_timedelta(day, "D") + pd.to_timedelta(hour, "h")
             + pd.to_timedelta(minute, "min") + pd.to_timedelta(second, "s"))
    return pd.Series(pd.DatetimeIndex(naive).tz_localize(ctx.tz, nonexistent="shift_forward", ambiguous=False))


def _mention_texts(rng: np.random.Generator, client_lang: str, langs: np.ndarray, sentiments: np.ndarray,
                   brands: np.ndarray, keywords: dict[str, list[str]]) -> np.ndarray:
    """Template text per mention, with a hashtag, emoji or link appended to some (vectorised per group)."""
    n = len(langs)
    pick, r, extra = rng.integers(0, 1 << 30, n), rng.random(n), rng.integers(0, 1 << 30, n)
    out = np.empty(n, dtype=object)
    groups = pd.DataFrame({"l": langs, "s": sentiments, "b": brands}).groupby(["l", "s", "b"]).indices
    for (lang, sentiment, brand), rows in groups.items():
        own = lang == client_lang or client_lang == "en"
        bank = (phrases.MENTIONS if own else phrases.ENGLISH_ABOUT)[client_lang][sentiment]
        variants = np.array([t.format(brand=k) for t in bank for k in keywords[brand]], dtype=object)
        out[rows] = variants[pick[rows] % len(variants)]
    tags = np.array([" " + t for t in phrases.TOPIC_HASHTAGS[client_lang]], dtype=object)
    happy = np.array([" " + e for e in phrases.EMOJI], dtype=object)
    angry = np.array([" " + e for e in phrases.EMOJI_NEGATIVE], dtype=object)
    suffix = np.full(n, "", dtype=object)
    suffix = np.where(r < 0.25, tags[extra % len(tags)], suffix)
    emoji = np.where(sentiments == "negative", angry[extra % len(angry)], happy[extra % len(happy)])
    suffix = np.where((r >= 0.25) & (r < 0.35), emoji, suffix)
    suffix = np.where((r >= 0.35) & (r < 0.42), " " + phrases.LINKS[client_lang], suffix)
    return out + suffix


def _reach_and_engagement(m: pd.DataFrame, rng: np.random.Generator) -> None:
    n = len(m)
    social = m["channel"].isin(["x", "instagram", "facebook", "linkedin", "youtube"]).to_numpy()
    followers = m["author_followers"].to_numpy().astype(float)
    site = rng.lognormal(9, 1.2, n)  # news/blog/forum audiences do not depend on the author
    reach = np.where(social, followers * rng.uniform(0.15, 0.8, n), site)
    m["reach"] = np.maximum(np.round(reach), 1).astype(int)
    m["engagement"] = rng.poisson(m["reach"].to_numpy() * 0.02 * m["propensity"].to_numpy())
    m.loc[~social, "author_followers"] = pd.NA


def _ids(rng: np.random.Generator, n: int) -> list[str]:
    start = int(rng.integers(10**10, 2 * 10**10))
    return [str(start + int(x)) for x in np.cumsum(rng.integers(1, 5000, n))]


def _mention_url(channel: str, source: str, author: str, mention_id: str) -> str:
    if channel == "x":
        return f"https://x.com/{author}/status/{mention_id}"
    if channel == "instagram":
        return f"https://www.instagram.com/p/{mention_id[-11:]}/"
    return f"https://{source}/{author}/{mention_id}"


def _viral_complaint(ctx: Context, rng: np.random.Generator, pool: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """One author's complaint, reposted and quoted all morning on one day ~10 days before the end.

    Times fall between 10:00 and 14:00 Seoul time (01:00-05:00 UTC), so
    the spike lands on the same calendar day whether a reader takes the
    export's times as UTC or as local time.
    """
    day = ctx.end - dt.timedelta(days=10)
    d = (day - ctx.first).days
    brand = ctx.params.display_name
    original_id = str(int(rng.integers(2 * 10**18, 3 * 10**18)))
    original_url = f"https://x.com/{VIRAL_AUTHOR}/status/{original_id}"
    n_reposts, n_quotes = 170, 70
    authors = pool.sample(n=n_reposts + n_quotes, random_state=rng.integers(2**31)).reset_index(drop=True)
    minutes = np.sort(rng.integers(0, 230, n_reposts + n_quotes)) + 15
    quotes = (
        "이거 진짜 실망이다 모퉁이커피 {u}",
        "모퉁이 커피 이런 곳이었어? 불친절 최악 {u}",
        "와 모퉁이커피 실망… 저도 비슷한 일 있었어요 {u}",
        "모퉁이 커피 사과는 해야지 {u}",
    )
    texts, sentiments = [], []
    for i in range(n_reposts + n_quotes):
        if i % 24 < 17:  # reposts interleaved with quotes through the morning
            texts.append(f"RT @{VIRAL_AUTHOR}: {VIRAL_TEXT}")
            sentiments.append("negative")
        else:
            q = quotes[rng.integers(len(quotes))]
            texts.append(q.format(u=original_url))
            sentiments.append("negative" if not q.startswith("모퉁이 커피 사과") else "neutral")
    rows = pd.DataFrame({
        "day": d, "brand": brand, "sentiment": sentiments, "author": authors["author"],
        "author_followers": authors["followers"], "channel": "x", "source": "x.com",
        "language": ctx.lang, "text": texts,
    })
    original = pd.DataFrame([{
        "day": d, "brand": brand, "sentiment": "negative", "author": VIRAL_AUTHOR,
        "author_followers": 48200, "channel": "x", "source": "x.com", "language": ctx.lang,
        "text": VIRAL_TEXT, "minute": 12,
    }])
    rows["minute"] = minutes
    rows = pd.concat([original, rows], ignore_index=True)
    hours = 10 + rows["minute"].to_numpy() // 60
    rows["time"] = _local_times(ctx, rows["day"].to_numpy(), hours, rows["minute"].to_numpy() % 60,
                                rng.integers(0, 60, len(rows)))
    rows["reach"] = np.maximum(np.round(rows["author_followers"] * rng.uniform(0.2, 0.7, len(rows))), 1).astype(int)
    rows.loc[0, "reach"] = 61000
    rows["engagement"] = rng.poisson(rows["reach"].to_numpy() * 0.01)
    rows.loc[0, "engagement"] = 5400
    facts = {
        "brand": brand, "date": day.isoformat(), "author": VIRAL_AUTHOR, "post_url": original_url,
        "text": VIRAL_TEXT, "mentions": len(rows), "reposts": int(sum(t.startswith("RT @") for t in texts)),
        "negative": int((rows["sentiment"] == "negative").sum()),
        "local_hours": [10, 13], "channel": "x",
    }
    return rows.drop(columns=["minute"]), facts


def _launch_spike(ctx: Context, rng: np.random.Generator, pool: pd.DataFrame,
                  keywords: dict[str, list[str]]) -> tuple[pd.DataFrame, dict]:
    """A competitor's product launch: one day of hashtag-driven talk ~3 weeks before the end."""
    prof = ctx.profile
    day = ctx.end - dt.timedelta(days=21)
    d = (day - ctx.first).days
    tag = prof.launch_hashtag
    templates = (
        "{b} just launched its new payments suite {t} 🚀",
        "Watching the {b} keynote live {t}",
        "{b} launch looks great — instant payouts for SMBs {t}",
        "Big day for {b} {t} what do finance teams think?",
        "{b} new pricing announced today {t}",
        "Not convinced by the {b} launch, same features as last year {t}",
    )
    n = 320
    authors = pool.sample(n=n, random_state=rng.integers(2**31)).reset_index(drop=True)
    pick = rng.integers(len(templates), size=n)
    texts = [templates[k].format(b=keywords[prof.launch_spike][0], t=tag) for k in pick]
    sentiment = np.where(pick == 2, "positive", np.where(pick == 5, "negative", "neutral"))
    # 09:00-18:00 New York is 13:00-23:00 UTC: the same calendar day in both readings
    minutes = rng.integers(0, 9 * 60, n)
    rows = pd.DataFrame({
        "day": d, "brand": prof.launch_spike, "sentiment": sentiment, "author": authors["author"],
        "author_followers": authors["followers"], "channel": rng.choice(["x", "linkedin"], n, p=[0.7, 0.3]),
        "language": ctx.lang, "text": texts,
    })
    rows["source"] = np.where(rows["channel"] == "x", "x.com", "linkedin.com")
    rows["time"] = _local_times(ctx, rows["day"].to_numpy(), 9 + minutes // 60, minutes % 60, rng.integers(0, 60, n))
    rows["reach"] = np.maximum(np.round(rows["author_followers"] * rng.uniform(0.2, 0.7, n)), 1).astype(int)
    rows["engagement"] = rng.poisson(rows["reach"].to_numpy() * 0.02)
    facts = {"brand": prof.launch_spike, "date": day.isoformat(), "hashtag": tag, "mentions": n,
             "hashtag_normalised": tag.lstrip("#").lower()}
    return rows, facts


def _add_hostile(ctx: Context, m: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A handful of hostile texts and author names, some inside the last four weeks.

    Their posts engage far above their small audiences, so the hostile authors reach
    the listening report's influencer list: the reports must show them as inert text.
    """
    brand = ctx.params.display_name
    kw = (list(ctx.params.keywords) or [brand])[0]
    rows = []
    offsets = (3, 5, 12, 19, 26, 60, 200, 400)
    hostile_texts = (
        f"{phrases.HOSTILE[0]} {kw} 🔥",
        f'{phrases.HOSTILE[1]} {kw}',
        f"{phrases.HOSTILE[2]}{kw} ‮reversed‬ text",
        f"{kw} {phrases.HOSTILE[3]} <b>bold</b> &amp; <img src=x onerror=alert(1)>",
    )
    hostile_authors = ("<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "\u202eevil_user", "emoji_👻_fan")
    for i, off in enumerate(offsets):
        day = ctx.end - dt.timedelta(days=off)
        if day < ctx.first:
            continue
        rows.append({
            "day": (day - ctx.first).days, "brand": brand, "sentiment": "neutral",
            "author": hostile_authors[i % len(hostile_authors)], "author_followers": 120 + i,
            "channel": "x", "source": "x.com", "language": ctx.lang,
            "text": hostile_texts[i % len(hostile_texts)], "reach": 80 + i, "engagement": 2000 + 100 * i,
        })
    h = pd.DataFrame(rows)
    h["time"] = _local_times(ctx, h["day"].to_numpy(), np.full(len(h), 15), np.arange(len(h)), np.zeros(len(h), int))
    return pd.concat([m, h], ignore_index=True)


def _comparisons(ctx: Context, m: pd.DataFrame, rng: np.random.Generator,
                 keywords: dict[str, list[str]]) -> pd.DataFrame:
    """Some of the client's mentions also name a competitor: one extra row per extra brand."""
    competitors = [c.name for c in ctx.params.competitors]
    if not competitors:
        return m
    own = (m["brand"] == ctx.params.display_name) & (m["sentiment"] != "negative") & ~m["text"].str.startswith("RT @")
    own &= ~m["author"].isin(("<script>alert(1)</script>",))
    # at most one comparison a day, so competitors' daily counts gain no noticeable noise
    day = m["time"].dt.tz_localize(None).dt.normalize()
    candidates = m[own].groupby(day[own]).head(1)
    idx = np.sort(m.index.get_indexer(candidates.index[rng.random(len(candidates)) < 0.6]))
    other = [competitors[k] for k in rng.integers(len(competitors), size=len(idx))]
    joiner = {"ko": " vs ", "el": " ή ", "en": " vs "}[ctx.lang]
    texts = m["text"].to_numpy().copy()
    for i, comp in zip(idx, other, strict=True):
        texts[i] = f"{texts[i]} ({keywords[comp][0]}{joiner}{keywords[ctx.params.display_name][0]})"
    m["text"] = texts
    extra = m.iloc[idx].copy()
    extra["brand"] = other
    return pd.concat([m, extra], ignore_index=True).sort_values(["time", "mention_id", "brand"], kind="stable")


def competitor_accounts(ctx: Context, owned_daily: pd.DataFrame, launch_day: dt.date | None) -> pd.DataFrame:
    """Daily followers, posts and engagements of every tracked profile (the client's own included)."""
    rng = ctx.rng("competitors")
    rows = []
    n = len(ctx.days)
    channels_used = set()
    for comp in ctx.params.competitors:
        for channel, handle in comp.handles.items():
            channels_used.add(channel)
            start = ctx.profile.competitor_followers.get(
                f"{channel}/{handle}", ctx.profile.competitor_followers.get(handle, 10000))
            growth = start * rng.uniform(0.0001, 0.0004) * _weekly(ctx)
            net = rng.poisson(np.clip(growth, 0, None)) - rng.poisson(growth * 0.2)
            posts = rng.poisson(rng.uniform(0.5, 1.4), n)
            eng = rng.poisson(posts * start * rng.uniform(0.004, 0.012))
            if launch_day is not None and comp.name == ctx.profile.launch_spike:
                k = (launch_day - ctx.first).days
                posts[k] += 4
                eng[k] = eng[k] * 6 + int(start * 0.05)
                net[k] += int(start * 0.01)
            rows.append(pd.DataFrame({"date": ctx.days, "brand": comp.name, "channel": channel, "account": handle,
                                      "followers": start + np.cumsum(net), "net_new": net,
                                      "posts": posts, "engagements": eng}))
    own = owned_daily[owned_daily["channel"].isin(channels_used)]
    own = own[own["account"] == own["channel"].map(ctx.handle)]
    rows.append(own.assign(brand=ctx.params.display_name)[
        ["date", "brand", "channel", "account", "followers", "net_new", "posts", "engagements"]])
    return pd.concat(rows, ignore_index=True)


def _weekly(ctx: Context) -> np.ndarray:
    return WEEKLY[ctx.lang][ctx.days.day_of_week]
