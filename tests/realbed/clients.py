"""Real clients assembled from ``../shared/real-exports``: one per source family, set up as an analyst would.

Each client names the export files it is built from (paths under ``real-exports``),
its parameter file (goals only on metrics its data has), and the periods each report
is run for (inside the data). The files are copied into a scratch project at test time,
never into the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RealClient:
    id: str
    files: tuple[str, ...]  # globs under real-exports
    params: str  # the YAML an analyst would write (client_id and data_dir are added by the test bed)
    periods: dict[str, str] = field(default_factory=dict)  # report -> period spec


X_ROPENSCI = RealClient(
    "real-x-ropensci",
    ("x_twitter/ropensci-org__ropensci-tweets/tweet_activity_metrics_*.csv",),
    """
display_name: rOpenSci
language: en
timezone: America/Los_Angeles
currency: USD
channels: [x]
handles: {x: rOpenSci}
keywords: [rOpenSci]
goals:
  - {id: impressions, objective: awareness, metric: impressions, channel: x, target: {change_pct: 20},
     start: 2021-11-01, deadline: 2022-01-31, description: "X impressions +20% by the end of January"}
  - {id: engagements, objective: engagement, metric: engagements, channel: x, target: {value: 900},
     start: 2021-10-01, deadline: 2021-12-31}
""",
    {"kpi_review": "2021-11", "competitor_listening": "2021-11-01..2021-11-28", "audience_personas": "2021-Q4",
     "annual_strategy_review": "2021"},
)

X_PREMIUM = RealClient(
    "real-x-premium",
    ("x_twitter/hestey-star__hestys-stock-screener/*.csv",),
    """
display_name: Hestey Stock Screener
language: en
timezone: America/New_York
currency: USD
channels: [x]
handles: {x: hestey_star}
goals:
  - {id: impressions, objective: awareness, metric: impressions, channel: x, target: {change_pct: 25},
     start: 2026-07-06, deadline: 2026-09-30}
""",
    {"kpi_review": "2026-07", "competitor_listening": "2026-07-06..2026-08-02", "audience_personas": "2026-Q3",
     "annual_strategy_review": "2026-01-01..2026-08-16"},
)

SPROUT = RealClient(
    "real-sprout",
    ("aggregators_sprout_social/garvonious-ui__cuervo-intel/*.csv",),
    """
display_name: Jose Cuervo
language: en
timezone: America/Mexico_City
currency: USD
channels: [instagram]
handles: {instagram: josecuervotequila}
keywords: [Jose Cuervo, "#josecuervo"]
competitors:
  - {name: 1800 Tequila, handles: {instagram: 1800tequila}}
  - {name: Casamigos, handles: {instagram: casamigos}}
  - {name: Don Julio, handles: {instagram: donjuliotequila}}
  - {name: Patrón, handles: {instagram: patron}}
goals:
  - {id: followers, objective: audience_growth, metric: followers, channel: instagram, target: {change_pct: 5},
     start: 2026-01-01, deadline: 2026-06-30, description: "Instagram followers +5% in the first half"}
  - {id: er, objective: engagement, metric: engagement_rate_impressions, channel: instagram,
     target: {change_pct: 10}, start: 2026-01-01, deadline: 2026-06-30}
""",
    {"kpi_review": "2026-03", "competitor_listening": "2026-03-02..2026-03-29", "audience_personas": "2026-Q1",
     "annual_strategy_review": "2025"},
)

META = RealClient(
    "real-meta",
    ("facebook/LeonMpofu__Oigetit-Social-Media-Reports/*.csv",),
    """
display_name: Oigetit South Africa
language: en
timezone: Africa/Johannesburg
currency: ZAR
channels: [facebook, instagram]
handles: {facebook: Oigetit South Africa, instagram: oigetit_sa}
goals:
  - {id: reach, objective: awareness, metric: reach, channel: facebook, target: {change_pct: 15},
     start: 2025-03-01, deadline: 2025-05-31}
  - {id: fans, objective: audience_growth, metric: net_new_followers, channel: facebook, target: {value: 300},
     start: 2025-03-01, deadline: 2025-05-31}
""",
    {"kpi_review": "2025-03", "competitor_listening": "2025-03-03..2025-03-30", "audience_personas": "2025-Q1",
     "annual_strategy_review": "2025"},
)

META_ADS = RealClient(
    "real-meta-ads",
    ("facebook/crispee107161__pcm-dss-main/*.csv", "tiktok/crispee107161__pcm-dss-main/*.csv"),
    """
display_name: PCM DSS
language: en
timezone: Asia/Manila
currency: PHP
channels: [facebook, tiktok]
handles: {facebook: PCM, tiktok: pcm}
goals:
  - {id: clicks, objective: web_traffic, metric: link_clicks, channel: facebook, target: {change_pct: 10},
     start: 2025-09-01, deadline: 2025-12-31}
""",
    {"kpi_review": "2025-09", "competitor_listening": "2025-09-01..2025-09-28", "audience_personas": "2025-Q3",
     "annual_strategy_review": "2025"},
)

YOUTUBE = RealClient(
    "real-youtube",
    ("youtube/priyankapatel05__YouTube-Channel-Analytics-Dashboard/*.csv",
     "google_analytics/Winseyy10__Digital-Marketing-Project/*.csv"),
    """
display_name: Priyanka's channel
language: en
timezone: Asia/Kolkata
currency: INR
channels: [youtube]
handles: {youtube: priyankapatel05}
goals:
  - {id: views, objective: awareness, metric: impressions, channel: youtube, target: {change_pct: 20},
     start: 2025-07-01, deadline: 2025-12-31}
""",
    {"kpi_review": "2025-10", "competitor_listening": "2025-10-06..2025-11-02", "audience_personas": "2025-Q3",
     "annual_strategy_review": "2025"},
)

TIKTOK = RealClient(
    "real-tiktok",
    ("tiktok/htupycollabs-spec__Analytics/*.csv",),
    """
display_name: HTU Collabs
language: el
timezone: Europe/Athens
currency: EUR
channels: [tiktok]
handles: {tiktok: htupycollabs}
goals:
  - {id: followers, objective: audience_growth, metric: followers, channel: tiktok, target: {change_pct: 30},
     start: 2025-09-01, deadline: 2026-02-28}
""",
    {"kpi_review": "2025-12", "competitor_listening": "2025-12-01..2025-12-28", "audience_personas": "2025-Q4",
     "annual_strategy_review": "2025"},
)

NPLF = RealClient(
    "real-nplf",
    ("linkedin/sarah-avila__NPLF-Dashboard/*.xls", "facebook/sarah-avila__NPLF-Dashboard/*",
     "x_twitter/sarah-avila__NPLF-Dashboard/*.xls"),
    """
display_name: NPLF
language: en
timezone: America/Chicago
currency: USD
channels: [linkedin, facebook, x]
handles: {linkedin: NPLF, facebook: NPLF, x: NPLF}
goals:
  - {id: li-followers, objective: audience_growth, metric: followers, channel: linkedin, target: {change_pct: 10},
     start: 2020-07-01, deadline: 2020-09-30}
  - {id: x-impressions, objective: awareness, metric: impressions, channel: x, target: {change_pct: 15},
     start: 2020-07-01, deadline: 2020-09-30}
""",
    {"kpi_review": "2020-08", "competitor_listening": "2020-08-03..2020-08-30", "audience_personas": "2020-Q3",
     "annual_strategy_review": "2020"},
)

VINTAGE = RealClient(
    "real-vintage",
    ("facebook/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/*.csv",
     "instagram/vsbperoto__vintage-analytics-dashboard/*.csv",
     "instagram/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/*.csv",
     "tiktok/vsbperoto__vintage-analytics-dashboard/*.csv"),
    """
display_name: Vintage Finds
language: ko
timezone: Asia/Seoul
currency: KRW
channels: [facebook, instagram, tiktok]
handles: {facebook: Vintage Finds, instagram: vintagefinds, tiktok: vintagefinds}
goals:
  - {id: ig-reach, objective: awareness, metric: reach, channel: instagram, target: {change_pct: 10},
     start: 2025-11-01, deadline: 2026-01-31}
""",
    {"kpi_review": "2025-11", "competitor_listening": "2025-11-03..2025-11-30", "audience_personas": "2025-Q4",
     "annual_strategy_review": "2025"},
)

CLIENTS: tuple[RealClient, ...] = (X_ROPENSCI, X_PREMIUM, SPROUT, META, META_ADS, YOUTUBE, TIKTOK, NPLF, VINTAGE)
