"""Listening-tool mention exports -> mentions (FORMATS 8): Brandwatch, Meltwater, any tool by mapping.

Brand and sentiment are not computed here (the listening module does that): the tool's own
sentiment is kept with ``sentiment_origin='export'`` and its query/search name as ``brand``.
Times without a zone are read in the client's zone (both tools export in the zone chosen in
the user's account or export dialog). Other tools are read through the client's
``listening_columns`` (canonical mention column -> the tool's column).
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from reporting import tables
from reporting.ingest.channels import channel_of_network, channel_of_source
from reporting.ingest.errors import ExportError
from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import content_hash, extract, first_filled, hashtag_list, hashtags, map_unique
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import TEXT, Table

TIME_FORMATS = ["%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d-%b-%Y %I:%M%p",
                "%d-%b-%Y %I:%M %p", "%b %d, %Y %I:%M %p", "%b %d, %Y %I:%M%p", "%m/%d/%Y %H:%M:%S",
                "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d-%b-%Y", "%b %d, %Y", "%m/%d/%Y"]
SENTIMENTS = {"positive": "positive", "negative": "negative", "neutral": "neutral",
              "pos": "positive", "neg": "negative", "neu": "neutral", "mixed": "neutral"}
# Listening "page types" that are not social networks, kept as channel names.
PAGE_TYPES = {"news": "news", "blog": "blog", "blogs": "blog", "forum": "forum", "forums": "forum",
              "reddit": "forum", "review": "reviews", "reviews": "reviews", "qq": "forum", "tumblr": "blog",
              "podcast": "podcast", "broadcast": "broadcast", "print": "news", "online news": "news"}
MENTION_COLUMNS = [c.name for c in tables.MENTIONS if c.name != "source_file"]


@cache
def _language_codes() -> dict[str, str]:
    from babel import Locale

    names = {}
    for code, name in Locale("en").languages.items():
        if len(code) == 2:
            names[name.casefold()] = code
    return names


def languages(values: pd.Series) -> pd.Series:
    """``'English'`` or ``'en'`` or ``'en-US'`` -> ``'en'`` (ISO 639-1); unknown labels stay as written."""
    codes = _language_codes()

    def one(v: str) -> str:
        v = v.strip().casefold()
        if len(v) == 2 or (len(v) == 5 and v[2] in "-_"):
            return v[:2]
        return codes.get(v, v)

    return map_unique(values.astype("string"), one)


def sentiments(values: pd.Series) -> pd.Series:
    folded = values.astype("string").str.strip().str.lower()
    return folded.map(SENTIMENTS).astype("string")


def mention_channels(kind: pd.Series, domains: pd.Series, keep_unknown: bool = True) -> pd.Series:
    """A network label or page type when given, else the social network of the domain, else 'web'.

    ``keep_unknown`` keeps labels that are neither (a Brandwatch page type such as ``tumblr``);
    Meltwater's ``Source`` is an outlet name, so there unknown labels fall through to the domain.
    """
    def label(v: str) -> str | None:
        folded = v.strip().casefold()
        return channel_of_network(v) or PAGE_TYPES.get(folded) or (folded if keep_unknown else None)

    by_label = map_unique(kind.astype("string"), label)
    todo = by_label.isna()
    if todo.any():
        by_domain = map_unique(domains[todo].astype("string"), lambda d: channel_of_source(d, "social"))
        by_label[todo] = by_domain
    return by_label.fillna("web").astype("string")


def _finish(f: Fields, cols: dict[str, object]) -> list[Extract]:
    """Shared tail: sentiment origin, hashtags from text when the tool has none, id hash when none."""
    if "sentiment" in cols:
        cols["sentiment_origin"] = cols["sentiment"].where(cols["sentiment"].isna(), "export").astype("string")
    if cols.get("hashtags") is None and isinstance(cols.get("text"), pd.Series):
        cols["hashtags"] = hashtags(cols["text"])
    return [extract(f, "mentions", cols)]


def _domain(url: pd.Series) -> pd.Series:
    """The host of each URL, without ``www.``."""
    host = url.astype(TEXT).str.replace(r"^[A-Za-z]+://", "", regex=True).str.replace(r"[/?#:].*$", "", regex=True)
    return host.str.lower().str.replace(r"^www\.", "", regex=True).astype("string")


@register
class Brandwatch(Importer):
    name = "brandwatch"
    label = "Brandwatch Consumer Research mention export"
    tables = ("mentions",)
    detects = "`Full Text` plus `Query Id` or `Resource Id` (preamble rows above the header allowed)"
    zone = "times without a zone are read in the client's zone (Brandwatch exports in the user's chosen zone)"
    doc = ("Detected by `Full Text` with `Query Id` or `Resource Id` (FORMATS 8.2; preamble rows above the header "
           "are skipped). mention_id = `Resource Id`; time = `Date`; text = `Full Text`; brand = `Query Name`; "
           "channel = `Page Type` (else the domain's network); source = `Domain`; author = `Author`; reach = "
           "`Reach (new)`/`Reach`/`Impressions`; engagement = `Engagement Score`/`Engagement`; "
           "author_followers = `Twitter Followers`/`Followers`; `Sentiment`, `Language`, `Hashtags`, `Url`.")

    def detect(self, probe: Probe) -> bool:
        return probe.has("Full Text") and probe.any("Query Id", "Resource Id")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        url = f.text("url", "Url", "URL", "Link")
        domain = f.text("source", "Domain")
        if domain.isna().any():
            domain = domain.fillna(_domain(url))
        ids = f.ident("mention_id", "Resource Id", required=False) if f.has("Resource Id") else None
        text = f.text("text", "Full Text", "Snippet", strip=False)
        cols = {
            "mention_id": ids if ids is not None else content_hash(url, text),
            "time": f.time("time", "Date", "Created", formats=TIME_FORMATS),
            "channel": mention_channels(f.text("channel", "Page Type", "Content Source", "Platform"), domain),
            "source": domain,
            "author": f.text("author", "Author", "Full Name", "Author Name"),
            "author_followers": f.count("author_followers", "Twitter Followers", "Followers", "Author Followers"),
            "text": text,
            "language": languages(f.text("language", "Language")),
            "sentiment": sentiments(f.text("sentiment", "Sentiment")),
            "reach": f.count("reach", "Reach (new)", "Reach", "Impressions", "Potential Audience"),
            "engagement": f.count("engagement", "Engagement Score", "Engagement", "Total Engagement"),
            "brand": f.text("brand", "Query Name", "Brand"),
            "hashtags": hashtag_list(f.text("hashtags", "Hashtags")) if f.has("Hashtags") else None,
            "url": url,
        }
        if ids is not None:
            f.reject(ids.isna(), "Resource Id", "missing value in a required column")
        return _finish(f, cols)


@register
class Meltwater(Importer):
    name = "meltwater"
    label = "Meltwater mention export"
    tables = ("mentions",)
    signature = ("Headline", "URL", "Hit Sentence", "Source")
    zone = "times without a zone are read in the client's zone (Meltwater exports in the account's zone)"
    doc = ("40-column list of FORMATS 8.1 (with or without a leading unnamed index column; older `Twitter User "
           "Profile Url`, newer `Hashtags`/`Views`). time = `Date` (with `Time` when the date has none); "
           "mention_id = `Tweet Id`, else a hash of `URL`; text = `Hit Sentence`, else `Opening Text`, else "
           "`Headline`; author = `Influencer`; brand = `Input Name`; channel from `Source` when it names a "
           "network, else the URL's domain, else 'web'; `Twitter Followers` -> author_followers.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        url = f.text("url", "URL")
        text = first_filled(f.text("text", "Hit Sentence"), f.text("text", "Opening Text"),
                            f.text("text", "Body"), f.text("text", "Headline"))
        when = f.raw("Date", required=True)
        if f.has("Time"):
            clock = f.raw("Time")
            dated_only = when.str.fullmatch(r"[^:]+").fillna(False) & clock.notna()
            combined = when.where(~dated_only, when + " " + clock)
            f.data = f.data.assign(**{f.column("Date"): combined})
        tweet = f.ident("mention_id", "Tweet Id", required=False) if f.has("Tweet Id") else None
        source = f.text("source", "Source")
        cols = {
            "mention_id": first_filled(tweet, content_hash(url, text)) if tweet is not None else content_hash(url, text),
            "time": f.time("time", "Date", formats=TIME_FORMATS),
            "channel": mention_channels(source, _domain(url), keep_unknown=False),
            "source": first_filled(source, _domain(url)),
            "author": f.text("author", "Influencer", "Twitter Screen Name"),
            "author_followers": f.count("author_followers", "Twitter Followers"),
            "text": text,
            "language": languages(f.text("language", "Language")),
            "sentiment": sentiments(f.text("sentiment", "Sentiment")),
            "reach": f.count("reach", "Reach"),
            "engagement": f.count("engagement", "Engagement"),
            "brand": f.text("brand", "Input Name"),
            "hashtags": hashtag_list(f.text("hashtags", "Hashtags", "Hashtag"))
            if f.has("Hashtags", "Hashtag") else None,
            "url": url,
        }
        return _finish(f, cols)


def _listening_mapping(ctx: Context) -> dict[str, str]:
    if ctx.params is None:
        return {}
    unknown = [k for k in ctx.params.listening_columns if k not in MENTION_COLUMNS]
    if unknown:
        raise ExportError("params", f"listening_columns: {unknown[0]!r} is not a mention column "
                                    f"(known: {', '.join(MENTION_COLUMNS)})")
    return dict(ctx.params.listening_columns)


@register
class MappedListening(Importer):
    name = "listening_mapped"
    label = "Listening export read through the client's listening_columns"
    tables = ("mentions",)
    detects = "at least half (and two or more) of the columns named in the client's `listening_columns`"
    zone = "times without a zone are read in the client's zone"
    doc = ("Any tool: `listening_columns` maps canonical mention columns to the tool's columns. `time` must be "
           "mapped; without `mention_id` a hash of url/text is the id. Claimed when at least half of the mapped "
           "columns (and two or more) are in the header; then every mapped column must exist.")

    def detect(self, probe: Probe) -> bool:
        mapping = _listening_mapping(probe.ctx)
        present = sum(1 for col in mapping.values() if norm(col) in probe.names)
        return bool(mapping) and present >= max(2, math.ceil(len(mapping) / 2))

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        mapping = _listening_mapping(ctx)
        for canonical, col in mapping.items():
            if not f.has(col):
                raise ExportError(table.file, f"listening_columns maps {canonical!r} to column {col!r}, which this "
                                              f"file does not have (columns: {', '.join(table.raw_header)})",
                                  row=table.header_row, column=col)
        if "time" not in mapping:
            raise ExportError(table.file, "listening_columns must map 'time' (when the mention was published)")
        cols: dict[str, object] = {}
        for canonical, col in mapping.items():
            if canonical == "time":
                cols[canonical] = f.time(canonical, col, formats=TIME_FORMATS)
            elif canonical in ("reach", "engagement", "author_followers"):
                cols[canonical] = f.count(canonical, col)
            elif canonical == "mention_id":
                cols[canonical] = f.ident(canonical, col)
            else:
                cols[canonical] = f.text(canonical, col)
        url = cols.get("url", pd.Series(pd.NA, index=f.data.index, dtype="string"))
        if "mention_id" not in cols:
            cols["mention_id"] = content_hash(cols["time"].astype("string"), url, cols.get("text", url))
        if "language" in cols:
            cols["language"] = languages(cols["language"])
        if "sentiment" in cols:
            cols["sentiment"] = sentiments(cols["sentiment"])
        if "hashtags" in cols:
            cols["hashtags"] = hashtag_list(cols["hashtags"])
        domain = _domain(url)
        if "channel" in cols:
            cols["channel"] = mention_channels(cols["channel"], cols.get("source", domain))
        elif "url" in cols or "source" in cols:
            cols["channel"] = mention_channels(pd.Series(pd.NA, index=f.data.index, dtype="string"),
                                               cols.get("source", domain))
        return _finish(f, cols)
