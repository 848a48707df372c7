"""``docs/data-formats.md``, rendered from the importer registry and the canonical tables.

The document is generated so it cannot drift from the code: every registered importer's
detection rule, time zone and quirks come from its class attributes, and the data
dictionary from :func:`reporting.tables.describe`. Regenerate with::

    python -m reporting.ingest.catalog > docs/data-formats.md
"""

from __future__ import annotations

import sys

from reporting import tables
from reporting.ingest.channels import SOCIAL_MEDIUMS, SOURCE_DOMAINS
from reporting.ingest import formats  # noqa: F401  (registers every importer)
from reporting.ingest.registry import REGISTRY, Importer

FAMILIES = {
    "x": "X / Twitter", "meta_legacy": "Facebook Insights (legacy)", "meta_posts": "Meta Business Suite posts",
    "meta_insights": "Meta Business Suite insights", "meta_ads": "Meta Ads Manager", "linkedin": "LinkedIn",
    "youtube": "YouTube Studio", "tiktok": "TikTok", "sprout": "Sprout Social", "analytics": "Google Analytics",
    "listening": "Listening tools", "survey": "Surveys and CRM exports", "labelled": "Not exports",
}

INTRO = """# Data formats

Generated from the importer registry by `python -m reporting.ingest.catalog > docs/data-formats.md`
(a test fails when this file is out of date). Exact headers and quirks of every platform export are
documented in `../shared/real-exports/FORMATS.md`; this page says what the toolkit does with them.

## How a client's folder is read

- Drop exports, as downloaded, anywhere under `data/<client>/` (sub-folders are fine). Hidden files and
  folders (so `.cache/`), `*.md` notes and `planted.json` are ignored, and so is `labels/`: the analyst's
  own sentiment labels, which the listening report reads to measure computed sentiment
  (`docs/sentiment-labels.md`).
- **Formats are detected from the header, never the file name.** Each sheet of a workbook and each
  block of a stacked CSV or worksheet (Meta `Audience.csv`, a Meta XLSX holding a Facebook and an
  Instagram series, GA4 "Reports snapshot") is detected on its own: a block starts at a one-cell title
  row after a blank row, or at a title row whose next row repeats the block's header. Up to 30 rows
  above the header (report preambles, description rows, `sep=` hints, `#` comments) are skipped.
- Containers: CSV/TSV/semicolon files in UTF-8 (with or without BOM), UTF-16 (with or without BOM, with
  Excel's `sep=` line), legacy code pages (Windows-1252/1251/1253, Korean CP949: guessed and reported),
  `.xlsx`/`.xls` workbooks, SpreadsheetML 2003 XML saved as `.xls`, and lines wrapped in an extra pair of
  quotes by a spreadsheet re-save.
- Values: thousands separators (`1,234`, `1 234`, `1.234,5`), percent strings (`3.64%`), `-`, `--`,
  `N/A`, `NAN`, `undefined` and blanks as **missing** (never zero), Excel date serials in workbooks.
- **Bad rows are rejected, never dropped silently**: an unparseable date, a negative or non-numeric
  count, a missing id, an id a spreadsheet rounded to `6.49E+17`, a row longer than its header. Each
  rejection names the file, the spreadsheet row (as Excel numbers it; the `sep=` line is not counted)
  and the column. A file no importer recognises, an empty file or a missing required column is an
  error for that file only; the other files still import. `reporting inspect FILE...` and
  `reporting validate --client C` print, per file, the format, rows read and rejected with reasons,
  the date range (local dates in `--tz`, else the client's zone with `--client`, else UTC) and the
  column mapping.
- **Overlapping exports** (two monthly downloads, a re-export): rows with the same key (below) are
  merged; per column, the value of the **latest export** wins, and a value missing there falls back to
  the earlier export. The latest export is the one whose data ends later (its newest post, day or
  mention); the file's modification time, then its path, break ties. Lifetime metrics grow after
  publication, so the later download is the more complete one.
- **Time zones**: every table is in the client's zone (`timezone` in the client's parameters). Times
  with an offset are converted; times without one are read in the zone the platform writes them in
  (see each format); calendar days (`date` columns) are the platform's own days, kept as written.
  A wall-clock time that does not exist (spring-forward gap) moves forward; one that happens twice
  (fall-back) is read as the first occurrence.
- **Ranges**: rows that cover several days (an Ads Manager row for a month, a GA table without a Date
  dimension) are spread evenly over those days; the remainder of whole counts goes to the first days,
  so totals over any period that covers the range are exact. A row's own time breakdown (Ads Manager
  `Day`/`Week`/`Month`) is its range, never the whole reporting range.
- **Times of day**: `posts.time_reliable` is false when a post's time of day is not real (date-only
  exports put posts at midnight; Meta's bug where every publish minute equals the month), and
  `reporting inspect` prints a `warning` line for such a Meta file.
- **Cache**: imports are cached as Parquet in `data/.cache/<client>/`, one entry per file keyed by its
  content hash (plus the ingest code and the parameters importers read); a changed file re-imports
  only itself, and an unchanged folder loads from one combined cache.
- Mentions keep the tool's own sentiment (`sentiment_origin = export`) and its query/search name as
  `brand`; brand matching and computed sentiment are done later by the listening module.
- Channels are canonical: `facebook`, `instagram`, `x`, `linkedin`, `youtube`, `tiktok`, `pinterest`.
  Networks outside that list (Threads) are rejected with that reason.
"""


def _importer_section(imp: Importer) -> list[str]:
    detected = imp.detects or ("header has " + ", ".join(f"`{c}`" for c in imp.signature))
    if imp.detects and imp.signature:
        detected = "header has " + ", ".join(f"`{c}`" for c in imp.signature) + "; " + imp.detects
    lines = [f"#### {imp.label}", "", f"- format id: `{imp.name}`", f"- detected by: {detected}",
             f"- tables: {', '.join(f'`{t}`' for t in imp.tables) or 'none (recognised and explained)'}",
             f"- times: {imp.zone}"]
    if imp.doc:
        lines.append(f"- reading: {imp.doc}")
    return lines + [""]


def formats_section() -> str:
    lines = ["## Supported exports", ""]
    by_family: dict[str, list[Importer]] = {}
    for imp in REGISTRY:
        module = type(imp).__module__.rsplit(".", 1)[-1]
        if module != "templates":
            by_family.setdefault(module, []).append(imp)
    for module, importers in by_family.items():
        lines += [f"### {FAMILIES.get(module, module)}", ""]
        for imp in importers:
            lines += _importer_section(imp)
    return "\n".join(lines)


TYPE_FORMAT = {
    tables.TS: "ISO 8601 time, `2026-03-01 14:05` (client zone) or `2026-03-01T14:05:00+09:00`",
    tables.DATE: "`YYYY-MM-DD`",
    tables.INT: "whole number (`1,234` accepted); blank or `-` = missing",
    tables.FLOAT: "number",
    tables.BOOL: "yes/no, true/false, 1/0 (also 예/아니오, Ναι/Όχι)",
    tables.STR: "text",
}
EXAMPLES = {
    "posts": "pin-1,pinterest,xyloandfos,2026-03-01 08:00,photo,Oak table,spring,no,1200,900,40,3,2,85,12,,,yes",
    "account_daily": "2026-03-01,pinterest,xyloandfos,5120,14,2300,1800,75,310",
    "mentions": "m-1,2026-03-01 09:15,news,example.com,Reporter,12000,Great new cafe,en,positive,export,5000,12,"
                "Ξύλο & Φως,design oak,https://example.com/a",
    "web_traffic": "2026-03-01,l.facebook.com,referral,facebook,120,100,80,70,4,350.5",
    "spend": "2026-03-01,facebook,Spring sale,25000,14000,210,6",
    "respondents": "r-1,34,female,Athens,12.5,30-45k,design;cooking,quality,price,instagram;pinterest,2.5,"
                   "evening;night,reels;carousel,yes",
    "demographics": "instagram,age_gender,25-34,female,,,0.21,,followers",
    "competitor_accounts": "2026-03-01,IKEA,instagram,ikeagreece,310000,2,5400",
}


def templates_section() -> str:
    lines = ["## Plain CSV templates", "",
             "For anything without a dedicated importer (Pinterest, a CRM, numbers kept by hand), write a CSV",
             "or XLSX whose header uses only the column names of **one** canonical table, in any order; the",
             "required columns must be there. The table is recognised from the header (`source_file` is",
             "filled in by the importer). Multi-valued respondent answers may be separated by `;` or `,`.",
             "Without a `time_reliable` column, a post's time of day counts as real when `published` holds one.", ""]
    for name, cols in tables.TABLES.items():
        header = [c.name for c in cols if c.name != "source_file"]
        required = [c.name for c in cols if c.required]
        by_type: dict[str, list[str]] = {}
        for c in cols:
            if c.name != "source_file" and c.dtype != tables.STR:
                by_type.setdefault(c.dtype, []).append(f"`{c.name}`")
        lines += [f"### `{name}`", "", "```csv", ",".join(header), EXAMPLES[name], "```", "",
                  f"- required: {', '.join(f'`{c}`' for c in required)}"]
        lines += [f"- {', '.join(names)}: {TYPE_FORMAT[dtype]}" for dtype, names in by_type.items()]
        lines.append("")
    return "\n".join(lines)


MAPPINGS = """## Client mappings

Survey and CRM exports have arbitrary question columns. Map persona features to the export's columns
in the client's parameters (features: """ + ", ".join(
    f"`{c.name}`" for c in tables.RESPONDENTS if c.name != "source_file") + """):

```yaml
survey_columns:
  respondent_id: 응답 ID
  age: 나이                      # numbers, ranges (25-34 -> 29.5) or buckets (65+)
  channels: 사용하는 SNS          # 'Instagram, Facebook' -> instagram;facebook
  hours_per_day: 하루 SNS 사용 시간  # 'Between 2 and 3 hours' -> 2.5
  purchased: 최근 3개월 방문        # 예/아니오, Ναι/Όχι, yes/no, true/false, 1/0
```

Without a mapping, English headers are recognised (`Age`, `Gender`, `Location`/`City`, `Interests`,
`Values`, `Challenges`, `Channels`/`Social media platforms`, `Hours per day`, `Active hours`,
`Content preferences`, `Purchased`/`Customer`, `Respondent ID`/`ID`, numbered Google-Forms questions such as
`1. What is your age?`). A mapping naming a column the file lacks is an error naming both. Without an id
column, respondents get `<file>#<row>`.

Listening tools other than Brandwatch and Meltwater (Talkwalker, Mention, Synthesio...) are read through
`listening_columns`, canonical mention column -> the tool's column; `time` is required, and without
`mention_id` a hash of the time, URL and text is used:

```yaml
listening_columns:
  time: published
  text: content
  author: author_name
  url: url
  sentiment: sentiment_label
  reach: reach_est
  language: lang
```
"""


def traffic_section() -> str:
    domains = {}
    for domain, channel in SOURCE_DOMAINS.items():
        domains.setdefault(channel, []).append(domain)
    lines = ["## Web traffic sources -> channel", "",
             "A referrer host maps to a channel when it is one of these domains or a sub-domain of one",
             "(`l.facebook.com`, `m.facebook.com`, `lm.facebook.com`, `l.instagram.com`...), whatever the medium:", ""]
    lines += [f"- `{ch}`: " + ", ".join(f"`{d}`" for d in ds) for ch, ds in domains.items()]
    lines += ["- `pinterest`: `pinterest.*` (any country domain), `pin.it`", "",
              "A bare utm-style source naming a network (`facebook`, `ig`, `linkedin`, `twitter`...) maps only "
              "with a social or paid medium: " + ", ".join(f"`{m}`" for m in sorted(SOCIAL_MEDIUMS) if m) +
              " or no medium; `facebook / email` stays unmapped. Everything else has no channel.", ""]
    return "\n".join(lines)


def dictionary_section() -> str:
    lines = ["## Canonical tables (data dictionary)", "",
             "Times are time-zone aware in the client's zone; `date` columns are calendar days; counts are",
             "nullable integers (missing stays missing). Rows with the same key are the same record.", ""]
    described = tables.describe()
    for name, group in described.groupby("table", sort=False):
        lines += [f"### `{name}`", "", f"Key: {', '.join(f'`{k}`' for k in tables.KEYS[name])}", "",
                  "| column | type | unit | required | meaning |", "|---|---|---|---|---|"]
        for row in group.itertuples():
            lines.append(f"| `{row.column}` | {row.type} | {row.unit} | {'yes' if row.required else ''} | "
                         f"{row.meaning} |")
        lines.append("")
    lines += ["Demographics `dimension` values produced by the importers: `age_gender` (Meta, YouTube), `age` "
              "(YouTube: a share per age band over all genders), `gender` (TikTok, YouTube: a share per gender over "
              "all ages), `country`, `city`, `subscription` (YouTube, in `segment`), `total` (Meta: the follower "
              "total the shares refer to, in `count`, share 1). `basis` says what a share is of: `followers` (Meta, "
              "TikTok, LinkedIn followers), `views` (YouTube: shares of the channel's views, not of its "
              "subscribers), `page_views` (LinkedIn visitors); never compare shares across bases as like for like.",
              "",
              "Web traffic without a source dimension (a GA4 report by date only) is stored as site totals: source "
              "`(all sources)`, no channel. A GA4 report without `Sessions` leaves `sessions` empty and fills "
              "`users`, `new_users`, `engaged_sessions` and `conversions` as far as it has them.", ""]
    return "\n".join(lines)


LIMITS = """## Known limits

- TikTok Studio dates have no year (`"February 28"`, `"8 de marzo"`): years are assigned backwards from
  the file's modification day (the download day), and `reporting inspect` says so for each file.
  Copying files with a new date can shift a year: then set the download day in the client's parameters,
  `import_options: {tiktok: {export_day: 2026-03-01}}`, or per file with `export_days` (see
  `params/README.md`). Publish times of TikTok videos come from the video id and are exact.
- X Premium and YouTube give publish *dates* only: those posts sit at midnight of the day in the
  client's zone with `time_reliable` false, so best-hour analyses can leave them out.
- Meta's daily `Follows`, X's `follows` and LinkedIn's new followers are gross gains (the exports
  have no unfollows); they are stored in `net_new`.
- Ads spend is in the currency of the export; a different client currency is reported, not converted.
- Meta post and video exports give the same video different ids (post id vs video asset id).
- Daily series without an `account_daily` column (TikTok video views, likes, comments and shares;
  Meta content interactions and link clicks; YouTube watch time) are recognised and skipped with a
  note. YouTube daily views go to `video_views`.
- YouTube `Chart data` holds only the charted lines: per video, by geography or by traffic source it is
  not the channel's total and is explained, not imported; the subscription split (subscribed + not
  subscribed) covers every view and gives daily `video_views`.
- Ads Manager breakdowns other than time and platform (region, age, gender, placement) are summed per
  day and campaign: the spend table keeps no region or age dimension.
- A GA4 "Reports snapshot" (cards by `Nth day`, channel group, country) has no traffic by source or by
  date and is explained, not imported.
- Hootsuite, Buffer, Later, Metricool and Rival IQ exports have no documented header: use the plain
  templates (or ask for a sample to add an importer).
"""


def markdown() -> str:
    """The whole ``docs/data-formats.md``."""
    parts = [INTRO, formats_section(), templates_section(), MAPPINGS, traffic_section(), dictionary_section(),
             LIMITS]
    return "\n".join(p.rstrip("\n") + "\n" for p in parts)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(markdown())
