"""Canonical channel names: from a tool's network label, or from a web-traffic source/medium."""

from __future__ import annotations

import re

import pandas as pd

CHANNELS = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok", "pinterest")

# Network / platform labels as tools write them (Sprout 'Network', survey answers, Meltwater sources).
NETWORK_NAMES: dict[str, str] = {
    "facebook": "facebook", "fb": "facebook", "meta": "facebook", "페이스북": "facebook",
    "instagram": "instagram", "ig": "instagram", "insta": "instagram", "인스타그램": "instagram", "인스타": "instagram",
    "x": "x", "twitter": "x", "x (twitter)": "x", "twitter / x": "x", "x/twitter": "x", "트위터": "x", "엑스": "x",
    "linkedin": "linkedin", "linked in": "linkedin", "링크드인": "linkedin",
    "youtube": "youtube", "you tube": "youtube", "yt": "youtube", "유튜브": "youtube",
    "tiktok": "tiktok", "tik tok": "tiktok", "틱톡": "tiktok",
    "pinterest": "pinterest", "핀터레스트": "pinterest",
}

# Referrer domains (a host matches a domain or any of its sub-domains).
SOURCE_DOMAINS: dict[str, str] = {
    "facebook.com": "facebook", "fb.com": "facebook", "fb.me": "facebook",
    "instagram.com": "instagram",
    "t.co": "x", "x.com": "x", "twitter.com": "x",
    "linkedin.com": "linkedin", "lnkd.in": "linkedin",
    "youtube.com": "youtube", "youtu.be": "youtube",
    "tiktok.com": "tiktok",
}
_PINTEREST = re.compile(r"(^|\.)pinterest\.[a-z.]+$|^pin\.it$")
# utm_source values that name a network, counted as social only with a social or paid medium.
UTM_SOURCES: dict[str, str] = {k: v for k, v in NETWORK_NAMES.items() if k.isascii()} | {
    "fb_ad": "facebook", "facebook_ads": "facebook", "ig_ad": "instagram", "linkedin_ads": "linkedin",
    "twitter_ads": "x", "tiktok_ads": "tiktok", "pinterest_ads": "pinterest", "youtube_ads": "youtube"}
SOCIAL_MEDIUMS = frozenset({"social", "paid_social", "paid-social", "paidsocial", "social_paid", "social-paid",
                            "organic_social", "social_organic", "social-organic", "socialmedia", "social_media",
                            "social-media", "sm", "cpc", "ppc", "paid", "cpm", "(none)", ""})


def channel_of_network(label: object) -> str | None:
    """``'Instagram'`` -> ``'instagram'``, ``'Twitter'`` -> ``'x'``; ``None`` for anything else (Threads)."""
    if label is None or label is pd.NA or (isinstance(label, float) and label != label):
        return None
    return NETWORK_NAMES.get(" ".join(str(label).casefold().split()))


def channel_of_source(source: object, medium: object = "") -> str | None:
    """The social channel a web-traffic source belongs to, or ``None`` when it is not social.

    Referrer hosts map whatever the medium (``l.facebook.com / referral``); bare utm-style names
    (``facebook``, ``linkedin``) map only with a social or paid medium, so ``facebook / email``
    stays email.
    """
    if source is None or source is pd.NA or (isinstance(source, float) and source != source):
        return None
    host = str(source).strip().casefold()
    host = re.sub(r"^[a-z]+://", "", host).split("/", 1)[0].removeprefix("www.")
    for domain, channel in SOURCE_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return channel
    if _PINTEREST.search(host):
        return "pinterest"
    med = "" if medium is None or medium is pd.NA or medium != medium else str(medium).strip().casefold()
    if host in UTM_SOURCES and med in SOCIAL_MEDIUMS:
        return UTM_SOURCES[host]
    return None


def channels_of_sources(sources: pd.Series, mediums: pd.Series) -> pd.Series:
    """Vectorised :func:`channel_of_source` over distinct (source, medium) pairs."""
    key = sources.astype("string").fillna("") + "\x1f" + mediums.astype("string").fillna("")
    lookup = {k: channel_of_source(*k.split("\x1f", 1)) for k in key.unique()}
    return key.map(lookup).astype("string")
