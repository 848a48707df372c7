"""Listening-tool mention exports: Brandwatch (8.2) and Meltwater (8.1).

Neither layout is fully documented (FORMATS.md: CODE/DOC only), so these
writers use the documented required columns (Brandwatch ``Query Id``,
``Query Name``, ``Full Text``, ``Resource Id``; the Meltwater 40-column
list) and conventions stated here:

- Brandwatch: six preamble lines, then the header; ``Date`` is in the zone
  chosen in the user's account (the client's) as ``YYYY-MM-DD HH:MM:SS.0``;
  one row per (mention, query) so a mention naming two brands appears under
  both queries; UTF-8 with BOM, CRLF.
- Meltwater: UTF-16LE with BOM, tab-separated; ``Date`` is local time as
  ``15-Nov-2025 09:30AM`` with ``Time`` and ``Alternate Date Format``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporting.demo.exports.files import MONTHS, csv_text

BRANDWATCH = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Language",
              "Country", "Author", "Full Name", "Full Text", "Hashtags", "Impressions", "Reach (new)", "Engagement Score",
              "Twitter Followers", "Twitter Retweets", "Twitter Likes", "Twitter Reply Count",
              "Instagram Followers", "Instagram Likes", "Instagram Comments", "Facebook Likes",
              "Facebook Comments", "Facebook Shares", "Resource Id", "Thread Id", "Checked"]
PAGE_TYPE = {"x": "twitter", "instagram": "instagram", "facebook": "facebook", "linkedin": "linkedin",
             "youtube": "youtube", "news": "news", "blog": "blog", "forum": "forum", "reviews": "review"}
COUNTRY = {"ko": "South Korea", "el": "Greece", "en": "United States"}


def rated(mention_ids: pd.Series, share: float) -> np.ndarray:
    """Which mentions the tool classified: a stable share, the same for every brand row of a mention."""
    return (mention_ids.astype("int64") % 1000 < share * 1000).to_numpy()


def _blank(mask: np.ndarray, values: object) -> np.ndarray:
    """``values`` where ``mask``, else an empty field."""
    return np.where(mask, np.asarray(values).astype(str), "")


def _table(n: int, columns: dict[str, object]) -> dict[str, np.ndarray]:
    """Columns as object arrays of length ``n`` (scalars repeated), ready to zip into CSV rows."""
    out = {}
    for name, values in columns.items():
        if isinstance(values, str):
            out[name] = np.full(n, values, dtype=object)
        elif isinstance(values, pd.Series):
            out[name] = values.to_numpy(dtype=object)
        else:
            out[name] = np.asarray(values, dtype=object)
    return out


def _columns(m: pd.DataFrame) -> dict[str, np.ndarray]:
    """Plain arrays of the fields both writers use (vectorised: exports hold tens of thousands of rows)."""
    eng = m["engagement"].to_numpy().astype(int)
    likes, comments = (eng * 0.75).astype(int), (eng * 0.15).astype(int)
    followers = m["author_followers"]
    return {
        "eng": eng, "likes": likes, "comments": comments, "shares": eng - likes - comments,
        "reach": m["reach"].to_numpy().astype(int), "channel": m["channel"].to_numpy(dtype=object),
        "followers": np.where(followers.isna(), "", followers.fillna(0).astype("int64").astype(str)),
        "hashtags": m["hashtags"].fillna("").to_numpy(dtype=object),
        "headline": np.array([t.split("\n", 1)[0][:80] for t in m["text"].tolist()], dtype=object),
    }


def brandwatch(mentions: pd.DataFrame, project: str, query_ids: dict[str, int], start: str, end: str,
               sentiment_share: float, country_lang: str, tz: str) -> str:
    """One Brandwatch mentions download covering ``start``..``end`` (days in ``tz``)."""
    preamble = [
        ["Report:", "Mentions"], ["Project:", project], ["Queries:", ", ".join(query_ids)],
        ["Date Range:", f"{start} - {end}"], ["Timezone:", tz], ["Downloaded:", f"{end} 23:59"],
    ]
    m = mentions
    c = _columns(m)
    x, ig, fb = c["channel"] == "x", c["channel"] == "instagram", c["channel"] == "facebook"
    out = _table(len(m), {
        "Query Id": m["brand"].map(query_ids).astype(str), "Query Name": m["brand"],
        "Date": m["time"].dt.strftime("%Y-%m-%d %H:%M:%S") + ".0", "Title": c["headline"], "Url": m["url"],
        "Domain": m["source"], "Sentiment": _blank(rated(m["mention_id"], sentiment_share), m["sentiment"]),
        "Page Type": m["channel"].map(PAGE_TYPE), "Language": m["language"], "Country": COUNTRY[country_lang],
        "Author": m["author"], "Full Name": m["author"], "Full Text": m["text"],
        "Hashtags": [", ".join(h.split()) for h in c["hashtags"]], "Impressions": _blank(x, c["reach"]),
        "Reach (new)": c["reach"].astype(str), "Engagement Score": c["eng"].astype(str),
        "Twitter Followers": np.where(x, c["followers"], ""), "Twitter Retweets": _blank(x, c["shares"]),
        "Twitter Likes": _blank(x, c["likes"]), "Twitter Reply Count": _blank(x, c["comments"]),
        "Instagram Followers": np.where(ig, c["followers"], ""), "Instagram Likes": _blank(ig, c["likes"]),
        "Instagram Comments": _blank(ig, c["comments"]), "Facebook Likes": _blank(fb, c["likes"]),
        "Facebook Comments": _blank(fb, c["comments"]), "Facebook Shares": _blank(fb, c["shares"]),
        "Resource Id": m["mention_id"], "Thread Id": m["mention_id"], "Checked": "false",
    })
    head = "\r\n".join(",".join(f'"{c}"' for c in line) for line in preamble)
    return head + "\r\n" + csv_text(BRANDWATCH, zip(*(out[h] for h in BRANDWATCH)), eol="\r\n")


MELTWATER = ["Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Source", "Influencer", "Country",
             "Subregion", "Language", "Reach", "Desktop Reach", "Mobile Reach", "Twitter Social Echo",
             "Facebook Social Echo", "Reddit Social Echo", "National Viewership", "Engagement", "AVE", "Sentiment",
             "Key Phrases", "Input Name", "Keywords", "Twitter Authority", "Tweet Id", "Twitter Id",
             "Twitter Client", "Twitter Screen Name", "Twitter User Profile Url", "Twitter Bio", "Twitter Followers",
             "Twitter Following", "Alternate Date Format", "Time", "State", "City", "Body", "Document Tags",
             "Hashtag"]
SOURCE_NAME = {"x": "Twitter", "instagram": "Instagram", "facebook": "Facebook", "youtube": "YouTube",
               "linkedin": "LinkedIn"}


def meltwater(mentions: pd.DataFrame, keywords: dict[str, list[str]], country_lang: str,
              sentiment_share: float = 1.0) -> str:
    """One Meltwater export: UTF-16 tab-separated text (the caller writes it as UTF-16)."""
    m = mentions
    c = _columns(m)
    x = c["channel"] == "x"
    t = m["time"]
    hour12 = (t.dt.hour % 12).replace(0, 12).map("{:02d}".format)
    ampm = np.where(t.dt.hour < 12, "AM", "PM")
    minute = t.dt.minute.map("{:02d}".format)
    month = np.array(MONTHS)[t.dt.month.to_numpy() - 1]
    day, year = t.dt.day.astype(str), t.dt.year.astype(str)
    matched = [next((k for k in keywords[b] if k.lower() in text.lower()), keywords[b][0])
               for b, text in zip(m["brand"].tolist(), m["text"].tolist(), strict=True)]
    ids = m["mention_id"]
    out = _table(len(m), {
        "Date": day.str.zfill(2) + "-" + month + "-" + year + " " + hour12 + ":" + minute + ampm,
        "Headline": c["headline"], "URL": m["url"], "Opening Text": [t[:200] for t in m["text"].tolist()],
        "Hit Sentence": m["text"], "Source": [SOURCE_NAME.get(ch, src) for ch, src in
                                              zip(c["channel"], m["source"].tolist(), strict=True)],
        "Influencer": m["author"], "Country": COUNTRY[country_lang], "Language": m["language"],
        "Reach": c["reach"].astype(str), "Desktop Reach": (c["reach"] * 0.35).astype(int).astype(str),
        "Mobile Reach": (c["reach"] * 0.65).astype(int).astype(str), "Engagement": c["eng"].astype(str),
        "AVE": np.round(c["reach"] * 0.004, 2).astype(str),
        "Sentiment": _blank(rated(ids, sentiment_share), m["sentiment"].str.capitalize()),
        "Input Name": m["brand"], "Keywords": matched,
        "Twitter Authority": _blank(x, ids.str[-1].astype(int) % 10), "Tweet Id": _blank(x, ids),
        "Twitter Screen Name": _blank(x, m["author"]), "Twitter User Profile Url": _blank(x, "https://x.com/" + m["author"]),
        "Twitter Followers": np.where(x, c["followers"], ""),
        "Alternate Date Format": month + " " + day + ", " + year, "Time": hour12 + ":" + minute + " " + ampm,
        "Hashtag": [" ".join("#" + h for h in tags.split()) for tags in c["hashtags"]],
    })
    blank = np.full(len(m), "", dtype=object)
    return csv_text(MELTWATER, zip(*(out.get(h, blank) for h in MELTWATER)), sep="\t")
