"""The account audit on small hand-made exports: handle matching, inventory, dormant and duplicate accounts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting import tables
from reporting.analysis import accounts
from reporting.dataset import ClientData
from reporting.params import ClientParams

D = dt.date
Y25 = (D(2025, 1, 1), D(2025, 12, 31))


def params(**over: object) -> ClientParams:
    """A client on three channels, with two handles on X (one of them a leftover)."""
    return ClientParams(client_id="acme", display_name="Acme Home", keywords=["Acme Home", "#acme"], demo=True,
                        channels=["instagram", "facebook", "x"],
                        handles={"instagram": "acmehome", "facebook": "acme.home", "x": ["acmehq", "acme_app"]}, **over)


def posts(rows: list[tuple]) -> pd.DataFrame:
    """rows: (channel, account, published, reach, likes, content_type, campaign, link_clicks)."""
    cols = ["channel", "account", "published", "reach", "likes", "content_type", "campaign", "link_clicks"]
    df = pd.DataFrame(rows, columns=cols)
    return tables.conform(df.assign(post_id=[f"p{i}" for i in range(len(df))]), "posts", "UTC")


# --------------------------------------------------------------------------- handles


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("ledgerlyhq", "ledgerly_app", 1.0),  # same core once 'hq' / 'app' are set aside
    ("@Acme.Official", "acme", 1.0),
    ("https://www.instagram.com/acmehome/", "acmehome", 1.0),
])
def test_handles_that_differ_only_by_affixes_are_the_same_name(a: str, b: str, expected: float) -> None:
    assert accounts.handle_similarity(a, b) == expected


def test_unrelated_handles_are_not_similar() -> None:
    assert accounts.handle_similarity("acmehome", "zenithtables") < 0.5
    assert accounts.handle_core("teamhq") == "team" and accounts.handle_core("hq") == "hq"  # never below 3 letters


# --------------------------------------------------------------------------- inventory


def inventory_data() -> tuple[ClientParams, ClientData]:
    p = params()
    rows = [
        ("instagram", "acmehome", "2025-01-10 10:00", 100, 10, "photo", None, 0),
        ("instagram", "acmehome", "2025-12-20 10:00", 100, 10, "photo", None, 0),
        ("facebook", "Acme Home", "2025-06-01 10:00", 50, 5, "link", None, 3),  # Meta gives the page name
        ("facebook", None, "2025-07-01 10:00", 50, 5, "link", None, 3),  # no account: the only handle
        ("x", "acmehq", "2025-03-01 10:00", 80, 4, "text", None, 0),
        ("x", "acmehq", "2026-02-01 10:00", 80, 4, "text", None, 0),
        ("x", "acme_app", "2025-02-01 10:00", 20, 1, "text", None, 0),
        ("x", "acme_app", "2025-04-15 10:00", 20, 1, "text", None, 0),
    ]
    daily = pd.DataFrame({"date": ["2025-12-31", "2026-02-10", "2025-12-31", "2025-12-31"],
                          "channel": ["x", "x", "x", "instagram"],
                          "account": ["acmehq", "acmehq", "acme_app", "acmehome"],
                          "followers": [900, 950, 120, 5000]})
    own = pd.DataFrame({"date": ["2025-12-31"], "brand": ["Acme Home"], "channel": ["tiktok"],
                        "account": ["acme.tiktok"], "followers": [300]})
    data = ClientData.from_frames("UTC", posts=posts(rows), account_daily=daily, competitor_accounts=own)
    return p, data


def test_inventory_lists_every_account_with_its_activity() -> None:
    p, data = inventory_data()
    as_of = accounts.inventory_date(data, Y25[1])
    assert as_of == D(2026, 2, 10)  # the newest day with owned data, after the year reviewed
    inv = accounts.account_inventory(data, p, *Y25, as_of).set_index(["channel", "account"])
    assert set(inv.index) == {("facebook", "acme.home"), ("instagram", "acmehome"), ("x", "acmehq"),
                              ("x", "acme_app"), ("tiktok", "acme.tiktok")}
    fb = inv.loc[("facebook", "acme.home")]
    assert fb["aliases"] == "Acme Home" and fb["posts_year"] == 2 and fb["sources"] == "params, posts"
    assert fb["posts_per_week"] == pytest.approx(2 / (365 / 7))
    assert fb["days_since_post"] == (D(2026, 2, 10) - D(2025, 7, 1)).days and fb["dormant"]
    ig = inv.loc[("instagram", "acmehome")]
    assert ig["followers_end"] == 5000 and ig["days_since_post"] == 52 and not ig["dormant"]
    hq = inv.loc[("x", "acmehq")]
    assert hq["followers_end"] == 900 and hq["followers_now"] == 950 and hq["days_since_post"] == 9
    tiktok = inv.loc[("tiktok", "acme.tiktok")]
    assert not tiktok["in_params"] and tiktok["sources"] == "competitor_accounts" and tiktok["dormant"]
    assert pd.isna(tiktok["last_post"]) and tiktok["followers_now"] == 300


def test_dormant_threshold_comes_from_the_parameters() -> None:
    p, data = inventory_data()
    rules = params(thresholds={"dormant_days": 400}).thresholds
    assert rules.dormant_days == 400
    inv = accounts.account_inventory(data, p, *Y25, D(2026, 2, 10), rules).set_index("account")["dormant"]
    assert not inv["acme.home"]  # 224 days without a post: dormant at 60 days, not at 400
    assert inv["acme.tiktok"]  # never posted: dormant whatever the threshold


def test_duplicate_is_flagged_with_its_evidence_and_the_dormant_one_is_retired() -> None:
    p, data = inventory_data()
    inv = accounts.account_inventory(data, p, *Y25, D(2026, 2, 10))
    dups = accounts.duplicate_accounts(inv)
    assert len(dups) == 1
    d = dups.iloc[0]
    assert (d["channel"], d["account"], d["duplicate"]) == ("x", "acmehq", "acme_app")
    assert d["similarity"] == 1.0 and d["duplicate_dormant"] and not d["handover"]
    assert d["duplicate_last_post"] == D(2025, 4, 15)


def test_handover_flags_differently_named_accounts() -> None:
    inv = pd.DataFrame([
        {"channel": "x", "account": "oldbrand", "first_post": D(2024, 1, 1), "last_post": D(2025, 3, 1),
         "dormant": True, "followers_now": 400, "posts_year": 10},
        {"channel": "x", "account": "newname", "first_post": D(2025, 4, 1), "last_post": D(2025, 12, 1),
         "dormant": False, "followers_now": 300, "posts_year": 40},
        {"channel": "x", "account": "partner", "first_post": D(2024, 1, 1), "last_post": D(2025, 12, 1),
         "dormant": False, "followers_now": 50, "posts_year": 40},
    ])
    dups = accounts.duplicate_accounts(inv)
    assert dups[["account", "duplicate", "handover"]].values.tolist() == [["newname", "oldbrand", True]]
