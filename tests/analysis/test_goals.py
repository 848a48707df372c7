"""Goal baseline, progress, pace, forecast, verdict and realism on small hand-computed histories."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from reporting.analysis import goals, history
from reporting.dataset import ClientData
from reporting.params import Goal

D = dt.date
T_90_3 = 1.6377443536962  # Student t, 90th percentile, 3 degrees of freedom (tables)


def goal(metric: str, start: dt.date, deadline: dt.date, channel: str = "all", baseline: float | None = None,
         **target: float) -> Goal:
    return Goal(id="g", objective="awareness", metric=metric, channel=channel, baseline=baseline,
                target=target, start=start, deadline=deadline)


def followers_data(first: str, last: str, start_level: float, per_day: float) -> ClientData:
    """One Facebook page whose followers grow by exactly ``per_day`` every day."""
    days = pd.date_range(first, last)
    level = start_level + per_day * np.arange(len(days))
    return ClientData.from_frames("Asia/Seoul", account_daily=pd.DataFrame(
        {"date": days, "channel": "facebook", "account": "page", "followers": level}))


def spend_data(leads_per_day_before: int, leads_per_day_after: int, switch: str) -> ClientData:
    """100 spent every day of H1 2026 on LinkedIn; the leads it brings per day change on ``switch``."""
    days = pd.date_range("2026-01-01", "2026-06-30")
    leads = np.where(days < pd.Timestamp(switch), leads_per_day_before, leads_per_day_after)
    return ClientData.from_frames(
        "UTC",
        spend=pd.DataFrame({"date": days, "channel": "linkedin", "campaign": "c", "spend": 100.0}),
        web_traffic=pd.DataFrame({"date": days, "source": "linkedin.com", "medium": "referral",
                                  "channel": "linkedin", "sessions": 50, "conversions": leads}))


# --- verdict rule -----------------------------------------------------------------------------------------


def fc(central: float, low: float, high: float) -> goals.Forecast:
    return goals.Forecast(central, low, high, "trend", 8, D(2026, 1, 1))


@pytest.mark.parametrize(("phase", "current", "forecast", "expected", "higher", "status"), [
    ("running", 96, fc(110, 95, 125), 95, True, "on_track"),      # central meets 100, ahead of the line
    ("running", 90, fc(110, 95, 125), 95, True, "at_risk"),       # central meets it, but behind the line
    ("running", 90, fc(110, 101, 125), 95, True, "on_track"),     # behind the line, yet even the low end meets
    ("running", 90, fc(110, 60, 250), 95, True, "uncertain"),     # from no progress to twice the way (120)
    ("running", 90, fc(98, 60, 115), 95, True, "at_risk"),        # wide, but not past twice the way
    ("running", 90, fc(98, 90, 106), 95, True, "at_risk"),        # interval reaches 100
    ("running", 90, fc(92, 88, 96), 95, True, "off_track"),       # interval below 100
    ("running", 120, fc(90, 80, 95), 110, False, "on_track"),     # lower is better: 90 <= 100
    ("running", 120, fc(105, 96, 114), 110, False, "at_risk"),    # low end 96 <= 100
    ("running", 120, fc(120, 110, 130), 110, False, "off_track"),
    ("running", 96, None, 95, True, "on_track"),                  # no forecast: ahead of the line
    ("running", 94, None, 95, True, "at_risk"),                   # behind the line
    ("running", 101, None, None, True, "on_track"),               # met already (no line when met at start)
    ("ended", 101, None, None, True, "on_track"),                 # met at the deadline
    ("ended", 99, fc(200, 150, 250), None, True, "off_track"),    # missed: a forecast no longer matters
    ("not_started", None, None, None, True, "not_started"),
    ("running", None, None, None, True, "no_data"),
])
def test_verdict_rule(phase, current, forecast, expected, higher, status):
    assert goals.verdict(phase, current, 100.0, forecast, expected, higher, baseline=80.0 if higher else 130.0) == status


def test_a_range_holding_both_no_progress_and_the_target_cannot_be_called():
    """The real X account: impressions at half the baseline, one viral month, a range from 0 to twice the target."""
    wide = fc(130, 0, 260)
    assert goals.verdict("running", 40, 120.0, wide, 90, True, baseline=80.0) == "uncertain"
    assert goals.verdict("running", 40, 120.0, fc(130, 85, 180), 90, True, baseline=80.0) == "at_risk"
    assert goals.verdict("running", 75, 60.0, fc(50, 20, 90), 70, False, baseline=80.0) == "uncertain"
    assert goals.verdict("running", 40, 60.0, fc(70, 50, 90), 70, False, baseline=80.0) == "at_risk"


# --- forecasts --------------------------------------------------------------------------------------------


def test_drift_forecast_by_hand():
    # weekly changes 10, 12, 8, 10: drift 10, sd sqrt(8/3); two weeks ahead of 40 -> 60
    central, low, high, odd = goals.drift_forecast(np.array([0.0, 10, 22, 30, 40]), 2.0)
    assert not odd.any()
    half = T_90_3 * np.sqrt(8 / 3) * np.sqrt(2 + 4 / 4)
    assert central == pytest.approx(60.0)
    assert (low, high) == pytest.approx((60 - half, 60 + half))
    assert half == pytest.approx(4.6323, abs=1e-3)


def test_trend_forecast_by_hand():
    # median of the ten pairwise slopes: 0.875; the line through the mean: intercept mean(y - 0.875x) = 0.25;
    # residuals -0.25, 0.875, -1, 1.125, -0.75: squares sum to 3.65625 over n - 2 = 3 degrees of freedom
    x, y = np.array([0.0, 1, 2, 3, 4]), np.array([0.0, 2, 1, 4, 3])
    central, low, high, odd = goals.trend_forecast(x, y, 6.0, 1.0)
    assert not odd.any()
    half = T_90_3 * np.sqrt(3.65625 / 3) * np.sqrt(1 + 1 / 5 + (6 - 2) ** 2 / 10)
    assert central == pytest.approx(5.5)
    assert (low, high) == pytest.approx((5.5 - half, 5.5 + half))


def test_one_viral_week_neither_tilts_nor_lifts_the_trend():
    x = np.array([-31.0, -24, -17, -10, -3, 4])
    y = 2 + 0.5 * x + np.array([0.3, -0.2, 0.0, 0.1, -0.3, 0.1])
    y[2] += 40  # one viral week in six
    near, far = goals.trend_forecast(x, y, 10.0, 4.0), goals.trend_forecast(x, y, 30.0, 4.0)
    assert far[0] - near[0] == pytest.approx(0.5 * 20, abs=0.2)  # the slope of the ordinary weeks
    assert near[0] == pytest.approx(7.0, abs=0.3)  # the viral week is left out of the level too
    assert near[3].tolist() == [False, False, True, False, False, False]  # and named
    assert near[2] - near[1] < 3  # the range is the ordinary weeks' noise


def test_frequent_spikes_are_the_accounts_pattern_and_stay_in():
    x = np.arange(-70.0, 0.0, 7.0)  # ten weeks
    y = np.full(10, 10.0) + np.array([0, 1, 0, -1, 0, 1, 0, -1, 0, 1])
    y[[1, 4, 7]] += 50  # a spike every third week: three in ten is more than the exceptional share
    assert not goals.exceptional(y).any()
    central, low, high, odd = goals.trend_forecast(x, y, 7.0, 1.0)
    assert not odd.any() and central > 20  # the spikes' share is carried into the forecast


def test_a_viral_jump_in_followers_does_not_repeat_every_week():
    levels = np.array([1000.0, 1010, 1020, 1030, 2030, 2040, 2050, 2060])  # +1,000 in one week
    central, low, high, odd = goals.drift_forecast(levels, 4.0)
    assert odd.tolist() == [False, False, False, False, True, False, False, False]
    assert central == pytest.approx(2060 + 4 * 10)


def test_too_little_history_gives_no_forecast():
    assert goals.drift_forecast(np.array([1.0, 2.0, 3.0]), 4) is None
    assert goals.trend_forecast(np.array([0.0, 1, 2]), np.array([1.0, 2, 3]), 5, 1) is None


# --- whole goals ------------------------------------------------------------------------------------------


def test_level_goal_baseline_progress_pace_and_forecast():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)  # level on day i: 1000 + 10 i
    h = history.history(data, "followers", "facebook")
    s = goals.evaluate(goal("followers", D(2026, 4, 1), D(2026, 6, 30), "facebook", change_pct=50), h,
                       as_of=D(2026, 5, 31))
    assert s.phase == "running" and s.baseline_source == "measured"
    assert s.baseline == 1900  # 1 April is day 90
    assert s.target == pytest.approx(2850)
    assert s.current == 2500  # 31 May is day 150
    assert (s.elapsed_days, s.remaining_days, s.total_days) == (60, 30, 90)
    assert s.progress == pytest.approx(600 / 950)
    assert s.expected == pytest.approx(1900 + 950 * 60 / 90)
    assert s.pace == pytest.approx(600 / 950 - 60 / 90)
    # 70 a week without noise: 30 more days -> +300, an interval of zero width
    assert (s.forecast.central, s.forecast.low, s.forecast.high) == pytest.approx((2800, 2800, 2800))
    assert s.forecast.method == "drift"
    assert s.status == "off_track" and not s.met


def test_target_met_before_the_goal_started_has_no_progress_to_measure():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)
    s = goals.evaluate(goal("followers", D(2026, 4, 1), D(2026, 6, 30), "facebook", value=1500),
                       history.history(data, "followers", "facebook"), as_of=D(2026, 5, 31))
    assert (s.reason, s.progress, s.pace, s.met, s.status) == ("met_at_start", None, None, True, "on_track")


def test_goal_already_met():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)
    s = goals.evaluate(goal("followers", D(2026, 4, 1), D(2026, 6, 30), "facebook", value=2200),
                       history.history(data, "followers", "facebook"), as_of=D(2026, 5, 31))
    assert s.met and s.status == "on_track"
    assert s.progress == pytest.approx((2500 - 1900) / (2200 - 1900))  # 2.0: twice the way


def test_flow_goal_uses_monthly_values():
    days = pd.date_range("2026-01-01", "2026-06-30")  # one post a day with 3 link clicks
    data = ClientData.from_frames("UTC", posts=pd.DataFrame({
        "post_id": [str(i) for i in range(len(days))], "channel": "facebook",
        "published": days + pd.Timedelta(hours=9), "link_clicks": 3}))
    s = goals.evaluate(goal("link_clicks", D(2026, 4, 1), D(2026, 6, 30), change_pct=15),
                       history.history(data, "link_clicks"), as_of=D(2026, 5, 31))
    assert s.baseline == pytest.approx(90)  # (31 + 28 + 31) days x 3 / 3 months
    assert s.baseline_window == (D(2026, 1, 1), D(2026, 3, 31))
    assert s.target == pytest.approx(103.5)
    assert s.current == 93 and s.current_window == (D(2026, 5, 1), D(2026, 5, 31))
    assert s.forecast.method == "trend" and s.forecast.weeks == 21  # whole weeks since 1 January
    assert (s.forecast.central, s.forecast.low, s.forecast.high) == pytest.approx((90, 90, 90))  # June: 30 x 3
    assert s.status == "off_track"


def test_decreasing_metric_cost_per_lead():
    s = goals.evaluate(goal("cost_per_result", D(2026, 4, 1), D(2026, 6, 30), value=80),
                       history.history(spend_data(1, 2, "2026-04-01"), "cost_per_result"), as_of=D(2026, 5, 31))
    assert not s.higher_is_better
    assert s.baseline == pytest.approx(100)  # 9,000 spent / 90 leads, pooled over Jan-Mar
    assert s.current == pytest.approx(50)  # May: 3,100 / 62
    assert s.met and s.status == "on_track"
    assert s.progress == pytest.approx((50 - 100) / (80 - 100))
    # the weekly cost fell from 100 to 50 in April: the trend through the last 26 weeks points lower still
    assert s.forecast.central < 50

    flat = goals.evaluate(goal("cost_per_result", D(2026, 4, 1), D(2026, 6, 30), value=80),
                          history.history(spend_data(1, 1, "2026-04-01"), "cost_per_result"), as_of=D(2026, 5, 31))
    assert flat.current == pytest.approx(100) and flat.progress == pytest.approx(0)
    assert flat.status == "off_track"  # forecast 100 > 80, no noise


def test_deadline_already_past_is_judged_at_the_deadline():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)
    h = history.history(data, "followers", "facebook")
    met = goals.evaluate(goal("followers", D(2026, 3, 1), D(2026, 4, 30), "facebook", value=2100), h,
                         as_of=D(2026, 6, 30))
    assert met.phase == "ended" and met.current == 2190  # 30 April, not 30 June
    assert met.remaining_days == 0 and met.elapsed_days == met.total_days == 60
    assert met.forecast is None and met.status == "on_track"
    missed = goals.evaluate(goal("followers", D(2026, 3, 1), D(2026, 4, 30), "facebook", value=2200), h,
                            as_of=D(2026, 6, 30))
    assert missed.status == "off_track"


def test_goal_not_started_yet():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)
    s = goals.evaluate(goal("followers", D(2026, 6, 1), D(2026, 8, 31), "facebook", change_pct=10),
                       history.history(data, "followers", "facebook"), as_of=D(2026, 5, 31))
    assert s.status == "not_started" and s.current is None and s.baseline == 2510


def test_no_data_says_why():
    empty = ClientData.from_frames("UTC")
    s = goals.evaluate(goal("followers", D(2026, 4, 1), D(2026, 6, 30), change_pct=10),
                       history.history(empty, "followers"), as_of=D(2026, 5, 31))
    assert (s.status, s.reason, s.forecast, s.realism) == ("no_data", "no_baseline", None, None)
    given = goals.evaluate(goal("sessions", D(2026, 4, 1), D(2026, 6, 30), baseline=100, change_pct=10),
                           history.history(empty, "sessions"), as_of=D(2026, 5, 31))
    assert (given.status, given.reason, given.baseline_source, given.target) == (
        "no_data", "no_current", "params", pytest.approx(110))


def test_percent_target_on_a_zero_baseline():
    s = goals.evaluate(goal("sessions", D(2026, 4, 1), D(2026, 6, 30), baseline=0, change_pct=10),
                       history.history(ClientData.from_frames("UTC"), "sessions"), as_of=D(2026, 5, 31))
    assert (s.status, s.reason) == ("no_data", "zero_baseline")


def test_growth_rate_goal_is_growth_since_start():
    data = followers_data("2026-01-01", "2026-06-30", 1000, 10)
    s = goals.evaluate(goal("follower_growth_rate", D(2026, 4, 1), D(2026, 6, 30), "facebook", value=0.5),
                       history.history(data, "follower_growth_rate", "facebook"), as_of=D(2026, 5, 31))
    assert s.baseline == 0 and s.current == pytest.approx(600 / 1900)
    assert s.forecast.central == pytest.approx(900 / 1900)
    assert s.status == "off_track"


# --- realism ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("change_pct", "label"), [(20, "realistic"), (27, "ambitious"), (50, "unrealistic")])
def test_realism_against_the_accounts_own_history(change_pct, label):
    # +1 follower a day from 100 on 1 Jan; a 30-day goal from 1 March. Earlier 30-day windows start
    # 30 Jan, 23, 16, 9 and 2 Jan: +30 on 129, 122, 115, 108, 101 followers.
    data = followers_data("2026-01-01", "2026-03-31", 100, 1)
    g = goal("followers", D(2026, 3, 1), D(2026, 3, 31), "facebook", change_pct=change_pct)
    r = goals.evaluate(g, history.history(data, "followers", "facebook"), as_of=D(2026, 3, 15)).realism
    assert r.windows == 5
    assert r.best == pytest.approx(30 / 101)
    assert r.typical == pytest.approx(30 / 115)
    assert r.needed == pytest.approx(change_pct / 100)
    assert r.verdict == label


def test_realism_unknown_without_earlier_history():
    data = followers_data("2026-03-01", "2026-03-31", 100, 1)
    g = goal("followers", D(2026, 3, 1), D(2026, 3, 31), "facebook", change_pct=10)
    r = goals.evaluate(g, history.history(data, "followers", "facebook"), as_of=D(2026, 3, 15)).realism
    assert (r.verdict, r.windows, r.best) == ("unknown", 0, None)


def test_realism_for_a_lower_is_better_target():
    # cost per result 100 all along: a target of 80 needs -20 %, the account never moved
    g = goal("cost_per_result", D(2026, 5, 1), D(2026, 5, 31), value=80)
    r = goals.evaluate(g, history.history(spend_data(1, 1, "2026-04-01"), "cost_per_result"),
                       as_of=D(2026, 5, 20)).realism
    assert r.needed == pytest.approx(-0.2)
    assert r.best == pytest.approx(0) and r.verdict == "unrealistic"


# --- baselines from the data that exists -----------------------------------------------------------------


def test_flow_baseline_uses_the_covered_days_when_data_starts_one_day_late():
    """The window is 1 Jan - 31 Mar (90 days); the data starts on 2 Jan: 89 days at 40 leads a day."""
    days = pd.date_range("2026-01-02", "2026-06-30")
    data = ClientData.from_frames("UTC", web_traffic=pd.DataFrame(
        {"date": days, "source": "linkedin.com", "medium": "referral", "channel": "linkedin", "sessions": 50,
         "conversions": 40}))
    h = history.history(data, "conversions", "linkedin")
    value, window, used = goals.baseline_measurement(h, D(2026, 4, 1))
    assert window == (D(2026, 1, 2), D(2026, 3, 31)) and used == (89, 90)
    assert value == pytest.approx(40 * 90 / 3)  # the monthly average the full window would have given
    assert goals.measured_baseline(h, D(2026, 4, 1)) is None  # strict (realism windows) needs every day
    s = goals.evaluate(goal("conversions", D(2026, 4, 1), D(2026, 6, 30), "linkedin", change_pct=10), h,
                       as_of=D(2026, 5, 31))
    assert s.baseline == pytest.approx(1200) and s.baseline_days == (89, 90) and s.status != "no_data"


def test_flow_baseline_needs_four_weeks_of_data():
    days = pd.date_range("2026-03-10", "2026-06-30")  # 22 days before the start
    data = ClientData.from_frames("UTC", web_traffic=pd.DataFrame(
        {"date": days, "source": "x.com", "medium": "referral", "channel": "x", "sessions": 5}))
    h = history.history(data, "sessions", "x")
    assert goals.baseline_measurement(h, D(2026, 4, 1)) == (None, None, None)
    s = goals.evaluate(goal("sessions", D(2026, 4, 1), D(2026, 6, 30), "x", change_pct=10), h, as_of=D(2026, 5, 31))
    assert (s.status, s.reason) == ("no_data", "no_baseline")


def test_level_baseline_read_on_the_first_day_when_data_starts_just_after_the_start():
    data = followers_data("2026-04-03", "2026-06-30", 1000, 10)
    h = history.history(data, "followers", "facebook")
    assert goals.baseline_measurement(h, D(2026, 4, 1)) == (1000.0, (D(2026, 4, 3), D(2026, 4, 3)), (1, 1))
    assert goals.baseline_measurement(h, D(2026, 3, 20)) == (None, None, None)  # 14 days late: too late


def test_a_lumpy_real_shaped_series_is_not_called_on_track():
    """Impressions of an X account: ordinary weeks around 700 a day, one viral month at 6,000 a day, then a slump.

    Baseline (the three months before 1 Nov) includes the viral month; now the account sits well
    below it. However the forecast lands, the verdict must not be on track.
    """
    days = pd.date_range("2025-06-01", "2025-12-15")
    rng = np.random.default_rng(3)
    daily = rng.gamma(2.0, 350.0, len(days))
    viral = (days >= "2025-09-01") & (days < "2025-10-01")
    daily[viral] *= 8
    daily[days >= "2025-11-01"] *= 0.5
    posts = pd.DataFrame({"post_id": [str(i) for i in range(len(days))], "channel": "x", "account": "acct",
                          "published": (days + pd.Timedelta(hours=9)).tz_localize("UTC"), "impressions": daily})
    data = ClientData.from_frames("UTC", posts=posts)
    h = history.history(data, "impressions", "x")
    s = goals.evaluate(goal("impressions", D(2025, 11, 1), D(2026, 1, 31), "x", change_pct=20), h,
                       as_of=D(2025, 11, 30))
    assert s.current < s.baseline * 0.7
    assert len(s.forecast.exceptional) == 5  # the viral weeks are named, and left out of the forecast
    assert s.forecast.high < s.target  # so even the optimistic end is well short: a clear verdict
    assert s.status == "off_track"  # (with the viral weeks in, the range ran from 0 to past the target)


def test_months_between_two_monthly_exports_are_missing_not_quiet():
    """rOpenSci-style monthly X exports a year apart: the months between are not zero impressions."""
    days = list(pd.date_range("2020-09-01", "2020-09-30", freq="3D")) + list(pd.date_range("2021-11-01", "2021-11-30",
                                                                                          freq="3D"))
    posts = pd.DataFrame({"post_id": [str(i) for i in range(len(days))], "channel": "x", "account": "acct",
                          "published": pd.DatetimeIndex(days).tz_localize("UTC") + pd.Timedelta(hours=9),
                          "impressions": 1000})
    sources = pd.DataFrame({"file": ["sep.csv", "nov.csv"], "format": "X", "table": "posts", "rows": [10, 10],
                            "rejected": 0, "first": pd.to_datetime(["2020-09-01 09:00", "2021-11-01 09:00"]),
                            "last": pd.to_datetime(["2020-09-28 09:00", "2021-11-28 09:00"])})
    h = history.history(ClientData.from_frames("UTC", posts=posts, sources=sources), "impressions", "x")
    assert h.value(D(2021, 11, 1), D(2021, 11, 28)) == 10 * 1000
    assert h.value(D(2021, 8, 1), D(2021, 10, 31)) is None  # not 0: no export covers those months
    s = goals.evaluate(goal("impressions", D(2021, 11, 1), D(2022, 1, 31), "x", change_pct=20), h,
                       as_of=D(2021, 11, 28))
    assert (s.status, s.reason) == ("no_data", "no_baseline")


def test_a_weekend_between_two_monthly_exports_of_a_weekday_poster_is_quiet_not_missing():
    """Monthly X exports of an account posting Monday to Friday: the weekend that ends a month is no posts."""
    days = pd.bdate_range("2025-01-01", "2025-03-31")
    posts = pd.DataFrame({"post_id": [str(i) for i in range(len(days))], "channel": "x", "account": "acct",
                          "published": days.tz_localize("UTC") + pd.Timedelta(hours=9), "impressions": 100})
    months = [("2025-01-01", "2025-01-31"), ("2025-02-03", "2025-02-28"), ("2025-03-03", "2025-03-31")]
    sources = pd.DataFrame({"file": ["jan.csv", "feb.csv", "mar.csv"], "format": "X", "table": "posts",
                            "rows": 20, "rejected": 0, "first": pd.to_datetime([a for a, _ in months]),
                            "last": pd.to_datetime([b for _, b in months])})
    h = history.history(ClientData.from_frames("UTC", posts=posts, sources=sources), "impressions", "x")
    assert h.value(D(2025, 1, 1), D(2025, 3, 31)) == 100 * len(days)  # Feb 1-2 and Mar 1-2: quiet weekends
    gap = sources.assign(first=pd.to_datetime(["2025-01-01", "2025-02-10", "2025-03-03"]))  # a week not exported
    h = history.history(ClientData.from_frames("UTC", posts=posts, sources=gap), "impressions", "x")
    assert h.value(D(2025, 1, 1), D(2025, 3, 31)) is None and h.value(D(2025, 3, 1), D(2025, 3, 31)) == 100 * 21


def test_a_target_met_already_and_forecast_to_stay_met_is_not_uncertain():
    assert goals.verdict("running", 130, 100.0, fc(140, 60, 260), 95, True, baseline=80.0) == "on_track"
