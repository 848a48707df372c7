"""Audience personas, summary: the report's part of ``audience_personas.summary.json``.

Schema: docs/summary/audience_personas.md. The sentences and persona names are
in the client's language, made by :mod:`.wording`; everything else is numbers and codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporting.analysis.traits import PSYCHOGRAPHIC_FIELDS, distinctive
from reporting.reports.audience_personas.compute import PersonaReport
from reporting.reports.audience_personas.segment import RESAMPLE_FRACTION
from reporting.reports.audience_personas.wording import executive_summary, persona_names

if TYPE_CHECKING:
    from reporting.i18n import Translator

FIT_COLUMNS = ["channel", "on_brand", "post_share", "spend_share", "engagement_share", "audience_share",
               "buyer_reach", "buyer_share", "purchase_rate", "sales_share", "fit", "sales_fit", "flag"]


def payload(r: PersonaReport, t: Translator) -> dict[str, object]:
    """The report's own part of ``audience_personas.summary.json`` (schema: docs/summary/audience_personas.md)."""
    seg = r.segmentation
    names = persona_names(r, t)
    return {
        "executive_summary": executive_summary(r, t),
        "respondents": r.respondents,
        "min_respondents": r.min_respondents,
        "segmented": r.segmented,
        "purchase_rate": r.audience.purchase_rate if r.audience else None,
        "method": None if seg is None else {
            "algorithm": "gaussian_mixture", "criterion": "bic", "k": seg.k, "seed": seg.seed,
            "fields": seg.fields, "components": seg.components,
            "scores": seg.scores[["k", "bic", "smallest_share"]].to_dict(orient="records"),
            "stability_ari": seg.stability, "resamples": seg.resamples, "resample_fraction": RESAMPLE_FRACTION},
        "personas": [{
            "id": p.id, "name": names[p.id], "size": p.size, "share": p.share, "median_age": p.age_median,
            "women": p.women, "purchase_rate": p.purchase_rate, "within_radius": p.within_radius,
            "top_traits": distinctive(p.traits, PSYCHOGRAPHIC_FIELDS).head(6)[
                ["field", "value", "share", "overall", "index"]].to_dict(orient="records"),
            "channels": p.most_used("channels", n=5)[["value", "share", "index"]]
            .rename(columns={"value": "channel"}).to_dict(orient="records"),
        } for p in r.personas],
        "channel_fit": r.fit[FIT_COLUMNS].to_dict(orient="records"),
        "flags": r.fit.loc[~r.fit["flag"].isin(["ok", "no_data"]), ["channel", "flag"]].to_dict(orient="records"),
        "local": None if r.location is None else {
            "place": r.location.name, "radius_km": r.location.radius_km,
            "within_share": r.within_radius, "respondents_with_distance": r.distance_known},
        "platform_age_gap": r.gaps[["channel", "gap"]].to_dict(orient="records"),
        "assignments": {} if seg is None else {str(k): int(v) for k, v in seg.labels.items()},
    }
