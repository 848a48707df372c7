"""Spike detection and attribution on small hand-computed series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reporting.text import spikes

RULE = spikes.SpikeRule(window_days=28, threshold=3.5, min_volume=10)
TZ = "Asia/Seoul"
START = pd.Timestamp("2026-10-01")


def test_robust_baseline_uses_only_preceding_rows() -> None:
    values = np.array([[10.0], [12.0], [11.0], [13.0], [10.0], [50.0]])
    median, spread, known = spikes.robust_baseline(values, window=5, min_periods=3)
    # last row: window 10, 12, 11, 13, 10 -> median 11, |dev| 1, 1, 0, 2, 1 -> MAD 1
    # spread = max(1.4826 * 1, sqrt(11), 1) = sqrt(11)
    assert median[5, 0] == 11.0
    assert spread[5, 0] == pytest.approx(math.sqrt(11))
    assert known[5, 0] == 5
    # the first rows have fewer than 3 known slots before them: no judgement
    assert np.isnan(median[:3, 0]).all()
    assert median[3, 0] == 11.0  # median of 10, 12, 11


def test_daily_spike_and_drop_by_hand() -> None:
    days = pd.date_range(START, periods=30, freq="D")
    volume = [20.0, 22.0] * 14 + [60.0, 0.0]
    counts = pd.DataFrame({"A": volume}, index=days)
    found = spikes.detect_daily(counts, RULE)
    assert found["start"].tolist() == [days[28], days[29]]
    up, down = found.iloc[0], found.iloc[1]
    # day 28: median 21, MAD 1 -> spread max(1.4826, sqrt(21), 1) = sqrt(21); z = 39 / sqrt(21)
    assert up["direction"] == "up"
    assert up["baseline"] == 21.0
    assert up["z"] == pytest.approx(39 / math.sqrt(21))
    assert up["excess"] == 39.0
    # day 29: window = 13 x 20, 14 x 22, 1 x 60 -> median 22; |dev| median 1 -> spread sqrt(22)
    assert down["direction"] == "down"
    assert down["baseline"] == 22.0
    assert down["z"] == pytest.approx(-22 / math.sqrt(22))


def test_low_volume_jumps_are_not_spikes() -> None:
    days = pd.date_range(START, periods=30, freq="D")
    counts = pd.DataFrame({"A": [2.0] * 29 + [9.0]}, index=days)
    assert spikes.detect_daily(counts, RULE).empty  # z = 7 / sqrt(2) > 3.5 but only 9 mentions


def test_unknown_days_do_not_drag_the_baseline() -> None:
    days = pd.date_range(START, periods=30, freq="D")
    counts = pd.DataFrame({"A": [np.nan] * 20 + [30.0] * 10}, index=days)
    assert spikes.detect_daily(counts, RULE).empty  # 10 known days < 14: not judged, not a "jump from 0"


def _mention(i: int, day: pd.Timestamp, author: str, hour: int = 12, text: str = "hello A",
             hashtags: str = "", sentiment: str = "positive", channel: str = "x", url: str | None = None) -> dict:
    return {"mention_id": f"m{i}", "brand": "A", "time": (day + pd.Timedelta(hours=hour)).tz_localize(TZ),
            "author": author, "text": text, "hashtags": hashtags, "sentiment": sentiment, "channel": channel,
            "url": url or f"https://x.com/{author}/status/{i}", "engagement": i}


def _history(extra: list[dict]) -> pd.DataFrame:
    """28 quiet days of 2 mentions a day by different authors, then the spike day's rows."""
    rows = []
    for d in range(28):
        for k in range(2):
            rows.append(_mention(len(rows), START + pd.Timedelta(days=d), f"u{d}_{k}"))
    spike_day = START + pd.Timedelta(days=28)
    rows += [_mention(1000 + j, spike_day, f"v{j}") for j in range(2)]
    rows += [{**r, "time": (spike_day + pd.Timedelta(hours=9)).tz_localize(TZ)} for r in extra]
    return pd.DataFrame(rows)


def _explained(mentions: pd.DataFrame) -> pd.DataFrame:
    counts = spikes.daily_counts(mentions, ["A"], START, START + pd.Timedelta(days=28))
    found = spikes.detect_daily(counts, RULE)
    return spikes.explain(found, mentions, RULE)


def test_one_author_drives_a_negative_spike_reposts_included() -> None:
    loud = [_mention(2000 + j, START, "loud", text="A was awful", sentiment="negative") for j in range(4)]
    reposts = [_mention(3000 + j, START, f"fan{j}", text="RT @loud: A was awful", sentiment="negative")
               for j in range(6)]
    tagged = [_mention(4000 + j, START, f"t{j}", text="A #launch", hashtags="launch") for j in range(3)]
    out = _explained(_history(loud + reposts + tagged))
    assert len(out) == 1
    spike = out.iloc[0]
    # volume 2 + 4 + 6 + 3 = 15, baseline median 2 -> excess 13; spread max(0, sqrt 2, 1): z = 13 / sqrt 2
    assert spike["volume"] == 15 and spike["baseline"] == 2 and spike["excess"] == 13
    # author "loud" (4 own + 6 reposts) = 10 of the 13 extra: the most specific kind above half wins
    # over the channel x, which "explains" (15 - 2) / 13 = 100 %
    assert spike["driver_kind"] == "author" and spike["driver"] == "loud"
    assert spike["driver_share"] == pytest.approx(10 / 13)
    assert spike["example"] == "A was awful"  # the original, not a repost
    # negative: 10 that day, usual 0 -> 10 / 13 of the excess: a possible crisis
    assert spike["negative_share"] == pytest.approx(10 / 13)
    assert spike["possible_crisis"] == True  # noqa: E712 - nullable boolean


def test_hashtag_drives_a_launch_spike() -> None:
    launch = [_mention(5000 + j, START, f"p{j}", text="A launched #ALaunch", hashtags="alaunch")
              for j in range(12)]
    out = _explained(_history(launch))
    spike = out.iloc[0]
    assert spike["excess"] == 12
    assert (spike["driver_kind"], spike["driver"]) == ("hashtag", "alaunch")
    assert spike["driver_share"] == pytest.approx(1.0)
    assert spike["possible_crisis"] == False  # noqa: E712 - nullable boolean


def test_channel_is_named_only_when_nothing_more_specific_explains_half() -> None:
    news = [_mention(6000 + j, START, f"n{j}", channel="news", url=f"https://site{j}.example/a") for j in range(12)]
    spike = _explained(_history(news)).iloc[0]
    assert (spike["driver_kind"], spike["driver"]) == ("channel", "news")
    assert spike["driver_share"] == pytest.approx(1.0)


def test_usual_count_of_the_driver_is_subtracted() -> None:
    """A hashtag used once a day anyway only explains its extra uses."""
    rows = _history([_mention(7000 + j, START, f"p{j}", hashtags="daily") for j in range(12)])
    spike_day = START + pd.Timedelta(days=28)
    rows.loc[rows["time"] < spike_day.tz_localize(TZ), "hashtags"] = np.where(
        np.arange((rows["time"] < spike_day.tz_localize(TZ)).sum()) % 2 == 0, "daily", "")
    spike = _explained(rows).iloc[0]
    # usual: 28 tagged mentions in 28 days = 1 a day; that day 12 -> (12 - 1) / 12
    assert spike["driver"] == "daily"
    assert spike["driver_share"] == pytest.approx(11 / 12)
    assert spike["driver_usual"] == pytest.approx(1.0)


def test_hourly_spike_against_the_same_hour_on_previous_days() -> None:
    rows = [_mention(i, START + pd.Timedelta(days=d), f"u{d}", hour=9) for i, d in enumerate(range(28))]
    rows += [_mention(100 + j, START + pd.Timedelta(days=28), f"w{j}", hour=9) for j in range(12)]
    rows += [_mention(200 + j, START + pd.Timedelta(days=d), f"e{d}", hour=20) for j, d in enumerate(range(29))]
    frame = pd.DataFrame(rows)
    counts = spikes.hourly_counts(frame, ["A"], START, START + pd.Timedelta(days=28))
    found = spikes.detect_hourly(counts, RULE, START + pd.Timedelta(days=22), START + pd.Timedelta(days=28))
    assert found["start"].tolist() == [START + pd.Timedelta(days=28, hours=9)]
    assert found["baseline"].tolist() == [1.0]  # one mention at 09:00 on each previous day
