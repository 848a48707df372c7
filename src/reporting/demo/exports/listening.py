"""Listening-tool mention exports: Brandwatch (8.2) and Meltwater (8.1).

Neither layout is fully documented (FORMATS.md: CODE/DOC only), so these
writers use the documented required columns (Brandwatch ``Query Id``,
``Query Name``, ``Full Text``, ``Resource Id``; the Meltwater 40-column
list) and conventions stated here:

- Brandwatch: six preamble lines, then the header; ``Date`` is UTC as
  ``YYYY-MM-DD HH:MM:SS.0``; one row per (mention, query) so a mention
  naming two brands appears under both queries; UTF-8 with BOM, CRLF.
- Meltwater: UTF-16LE with BOM, tab-separated; ``Date`` is local time as
  ``15-Nov-2025 09:30AM`` with ``Time`` and ``Alternate Date Format``.
"""

from __future__ import annotations

import pandas as pd

from reporting.demo.exports.files import plain, MONTHS, csv_text

BRANDWATCH = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Language",
              "Country", "Author", "Full Name", "Full Text", "Hashtags", "Impressions", "Reach (new)",
              "Twitter Followers", "Twitter Retweets", "Twitter Likes", "Twitter Reply Count",
              "Instagram Followers", "Instagram Likes", "Instagram Comments", "Facebook Likes",
              "Facebook Comments", "Facebook Shares", "Resource Id", "Thread Id", "Checked"]
PAGE_TYPE = {"x": "twitter", "instagram": "instagram", "facebook": "facebook", "linkedin": "linkedin",
             "youtube": "youtube", "news": "news", "blog": "blog", "forum": "forum", "reviews": "review"}
COUNTRY = {"ko": "South Korea", "el": "Greece", "en": "United States"}


def rated(mention_id: str, share: float) -> bool:
    """Whether the tool classified this mention: a stable share of mentions, the same for every brand row."""
    return int(mention_id) % 1000 < share * 1000


def brandwatch(mentions: pd.DataFrame, project: str, query_ids: dict[str, int], start: str, end: str,
               sentiment_share: float, country_lang: str) -> str:
    """One Brandwatch mentions download covering ``start``..``end`` (UTC days)."""
    preamble = [
        ["Report:", "Mentions"], ["Project:", project], ["Queries:", ", ".join(query_ids)],
        ["Date Range:", f"{start} - {end}"], ["Timezone:", "UTC"], ["Downloaded:", f"{end} 23:59"],
    ]
    rows = []
    for m in plain(mentions).itertuples():
        utc = m.time.tz_convert("UTC")
        eng = int(m.engagement)
        likes, comments = int(eng * 0.75), int(eng * 0.15)
        shares = eng - likes - comments
        x, ig, fb = m.channel == "x", m.channel == "instagram", m.channel == "facebook"
        followers = "" if pd.isna(m.author_followers) else int(m.author_followers)
        rows.append([
            query_ids[m.brand], m.brand, f"{utc:%Y-%m-%d %H:%M:%S}.0", m.text.split("\n")[0][:80], m.url,
            m.source, m.sentiment if rated(m.mention_id, sentiment_share) else "", PAGE_TYPE[m.channel],
            m.language, COUNTRY[country_lang], m.author, m.author, m.text,
            ", ".join(m.hashtags.split()) if m.hashtags else "", int(m.reach) if x else "", int(m.reach),
            followers if x else "", shares if x else "", likes if x else "", comments if x else "",
            followers if ig else "", likes if ig else "", comments if ig else "",
            likes if fb else "", comments if fb else "", shares if fb else "",
            m.mention_id, m.mention_id, "false",
        ])
    head = "\r\n".join(",".join(f'"{c}"' for c in line) for line in preamble)
    return head + "\r\n" + csv_text(BRANDWATCH, rows, quoting="minimal", eol="\r\n")


MELTWATER = ["Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Source", "Influencer", "Country",
             "Subregion", "Language", "Reach", "Desktop Reach", "Mobile Reach", "Twitter Social Echo",
             "Facebook Social Echo", "Reddit Social Echo", "National Viewership", "Engagement", "AVE", "Sentiment",
             "Key Phrases", "Input Name", "Keywords", "Twitter Authority", "Tweet Id", "Twitter Id",
             "Twitter Client", "Twitter Screen Name", "Twitter User Profile Url", "Twitter Bio", "Twitter Followers",
             "Twitter Following", "Alternate Date Format", "Time", "State", "City", "Body", "Document Tags",
             "Hashtag"]
SOURCE_NAME = {"x": "Twitter", "instagram": "Instagram", "facebook": "Facebook", "youtube": "YouTube",
               "linkedin": "LinkedIn"}


def _clock(ts: pd.Timestamp) -> tuple[str, str]:
    h12 = ts.hour % 12 or 12
    ampm = "AM" if ts.hour < 12 else "PM"
    return f"{h12:02d}:{ts.minute:02d}{ampm}", f"{h12:02d}:{ts.minute:02d} {ampm}"


def meltwater(mentions: pd.DataFrame, keywords: dict[str, list[str]], country_lang: str,
              sentiment_share: float = 1.0) -> str:
    """One Meltwater export: UTF-16 tab-separated text (the caller writes it as UTF-16)."""
    rows = []
    for m in plain(mentions).itertuples():
        local = m.time
        clock, time = _clock(local)
        x = m.channel == "x"
        matched = next((k for k in keywords[m.brand] if k.lower() in m.text.lower()), keywords[m.brand][0])
        followers = "" if pd.isna(m.author_followers) else int(m.author_followers)
        rows.append([
            f"{local.day:02d}-{MONTHS[local.month - 1]}-{local.year} {clock}", m.text.split("\n")[0][:80], m.url,
            m.text[:200], m.text, SOURCE_NAME.get(m.channel, m.source), m.author, COUNTRY[country_lang], "",
            m.language, int(m.reach), int(m.reach * 0.35), int(m.reach * 0.65), "", "", "", "", int(m.engagement),
            round(m.reach * 0.004, 2), m.sentiment.capitalize() if rated(m.mention_id, sentiment_share) else "", "", m.brand, matched,
            (int(m.mention_id[-1]) % 10) if x else "", m.mention_id if x else "", "", "", m.author if x else "",
            f"https://x.com/{m.author}" if x else "", "", followers if x else "", "",
            f"{MONTHS[local.month - 1]} {local.day}, {local.year}", time, "", "", "", "",
            " ".join("#" + t for t in m.hashtags.split()) if m.hashtags else "",
        ])
    return csv_text(MELTWATER, rows, quoting="minimal", sep="\t", eol="\n")
