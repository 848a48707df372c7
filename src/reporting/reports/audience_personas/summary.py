"""Audience personas, summary: the report's part of ``audience_personas.summary.json``.

Schema: docs/summary/audience_personas.md. The sentences and persona names are
in the client's language, made by :mod:`.wording`; everything else is numbers and codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporting.analysis.traits import PSYCHOGRAPHIC_FIELDS, distinctive
from reporting.reports.audience_personas.compute import PersonaReport
from reporting.reports.audience_personas.segment import RESAMPLE_FRACTION
from reporting.reports.audience_personas.wording import executive_summary, named_for, persona_names, takeaway

if TYPE_CHECKING:
    from reporting.i18n import Translator

FIT_COLUMNS = ["channel", "on_brand", "post_share", "spend_share", "engagement_share", "audience_share",
               "buyer_reach", "buyer_share", "purchase_rate", "sales_share", "fit", "sales_fit", "flag", "flag_reason"]


def payload(r: PersonaReport, t: Translator) -> dict[str, object]:
    """The report's own part of ``audience_personas.summary.json`` (schema: docs/summary/audience_personas.md)."""
    seg = r.segmentation
    names = persona_names(r, t)
    parts = named_for(r)
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
            "named_for": [{"field": x.field, "value": x.value or None, "direction": x.direction} for x in parts[p.id]],
            "women": p.women, "purchase_rate": p.purchase_rate, "purchase_answers": p.purchase_known,
            "within_radius": p.within_radius, "takeaway": takeaway(r, t, p),
            "top_traits": distinctive(p.traits, PSYCHOGRAPHIC_FIELDS).head(6)[
                ["field", "value", "share", "overall", "index"]].to_dict(orient="records"),
            "channels": p.most_used("channels", n=5)[["value", "share", "index"]]
            .rename(columns={"value": "channel"}).to_dict(orient="records"),
        } for p in r.personas],
        "channel_fit": r.fit[FIT_COLUMNS].to_dict(orient="records"),
        "flags": r.fit.loc[~r.fit["flag"].isin(["ok", "no_data", "not_enough"]), ["channel", "flag"]]
        .to_dict(orient="records"),
        "fit_evidence": r.evidence.to_json(),
        "local": None if r.location is None else {
            "place": r.location.name, "radius_km": r.location.radius_km,
            "within_share": r.within_radius, "respondents_with_distance": r.distance_known},
        "platform_age_gap": r.gaps[["channel", "basis", "gap"]].to_dict(orient="records"),
        "platform_demographics": platform_demographics(r),
        "assignments": {} if seg is None else {str(k): int(v) for k, v in seg.labels.items()},
    }


def platform_demographics(r: PersonaReport) -> list[dict[str, object]]:
    """Per channel and basis: the largest age band, the gender split and the top places, each of ``basis``."""
    keys: dict[tuple[str, str], None] = {}
    for frame in (r.gaps, r.genders, r.locations, r.follower_totals):
        if len(frame):
            keys.update(dict.fromkeys(zip(frame["channel"], frame["basis"], strict=True)))
    out = []
    for channel, basis in keys:
        def mine(frame: object) -> object:
            return frame[(frame["channel"] == channel) & (frame["basis"] == basis)]

        gap, gender, places, total = mine(r.gaps), mine(r.genders), mine(r.locations), mine(r.follower_totals)
        out.append({
            "channel": channel, "basis": basis or None,
            "top_age_band": gap["top_band"].iloc[0] if len(gap) else None,
            "top_age_share": gap["top_share"].iloc[0] if len(gap) else None,
            "female": gender["female"].iloc[0] if len(gender) else None,
            "male": gender["male"].iloc[0] if len(gender) else None,
            "top_places": places[["dimension", "location", "share", "listed"]].to_dict(orient="records"),
            "followers": total["count"].iloc[0] if len(total) else None})
    return out
