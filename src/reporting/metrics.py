"""The registry of KPI names a goal or scorecard may use.

Each metric says which way is good, how it aggregates over a period and which
objective it serves, so validation can reject a goal naming an unknown metric
before any kernel starts, and reports can state the definition they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Objective = Literal["awareness", "engagement", "audience_growth", "leads_sales", "web_traffic"]
OBJECTIVES: tuple[str, ...] = ("awareness", "engagement", "audience_growth", "leads_sales", "web_traffic")


@dataclass(frozen=True)
class Metric:
    """A KPI: how it aggregates and which direction is better."""

    name: str
    objective: str
    kind: Literal["level", "sum", "ratio", "mean"]  # level = value at a date (followers)
    higher_is_better: bool
    definition: str


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("followers", "audience_growth", "level", True, "Followers / fans at the end of the period"),
        Metric("net_new_followers", "audience_growth", "sum", True, "Followers gained minus lost"),
        Metric("follower_growth_rate", "audience_growth", "ratio", True, "(end - start) / start followers"),
        Metric("impressions", "awareness", "sum", True, "Times content was shown"),
        Metric("reach", "awareness", "sum", True, "Sum of post reach"),
        Metric("avg_reach_per_post", "awareness", "mean", True, "Total post reach / posts"),
        Metric("profile_visits", "awareness", "sum", True, "Profile / page visits"),
        Metric("mentions", "awareness", "sum", True, "Mentions of the brand"),
        Metric("share_of_voice", "awareness", "ratio", True, "Brand mentions / mentions of all tracked brands"),
        Metric("engagements", "engagement", "sum", True, "Likes + comments + shares + saves"),
        Metric("likes", "engagement", "sum", True, "Reactions / likes"),
        Metric("comments", "engagement", "sum", True, "Comments"),
        Metric("shares", "engagement", "sum", True, "Shares / reposts"),
        Metric("engagement_rate_reach", "engagement", "ratio", True, "Engagements / reach (period totals)"),
        Metric("engagement_rate_impressions", "engagement", "ratio", True,
               "Engagements / impressions (period totals)"),
        Metric("link_clicks", "web_traffic", "sum", True, "Clicks on links in posts"),
        Metric("ctr", "web_traffic", "ratio", True, "Link clicks / impressions"),
        Metric("sessions", "web_traffic", "sum", True, "Web sessions from social sources"),
        Metric("conversions", "leads_sales", "sum", True, "Conversions (leads, sign-ups, orders) from social"),
        Metric("conversion_rate", "leads_sales", "ratio", True, "Conversions / sessions from social"),
        Metric("revenue", "leads_sales", "sum", True, "Revenue attributed to social"),
        Metric("spend", "leads_sales", "sum", False, "Paid spend"),
        Metric("cost_per_result", "leads_sales", "ratio", False, "Spend / conversions"),
        Metric("return_on_spend", "leads_sales", "ratio", True, "(Revenue - spend) / spend"),
    ]
}
