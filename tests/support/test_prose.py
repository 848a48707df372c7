"""The prose check itself: it must catch each placeholder the reports once leaked, and pass clean text."""

from __future__ import annotations

import pytest

from support.prose import problems, prose


@pytest.mark.parametrize("bad", [
    "<p>…mostly on Facebook and YouTube; – have bought.</p>",
    "<dd>Reach them on Facebook and YouTube (–) with –.</dd>",
    "<dd>Reach them with –</dd>",
    "<li>Posts: <span>nan</span> this month</li>",
    "<th>Data from NaT to NaT</th>",
    "<h2>Goal {goal} on track</h2>",
    "<caption>Sources ( )</caption>",
    "<p>Verdict: None</p>",
    "<li>Engagement rose with .</li>",
])
def test_each_leaked_placeholder_is_caught(bad: str) -> None:
    assert problems(f"<html><body>{bad}</body></html>"), bad


@pytest.mark.parametrize("good", [
    "<p>Between Oct 1 – 31, 2026 reach rose 12% (from 1,200 to 1,344).</p>",
    "<p>forecast: $143.97 ($105.63 – $182.32); 41.729 € – 89.300 €; 3,9% – 4,8%; 2026. 6. 1. – 2026. 11. 30.</p>",
    "<p>(74% των αλληλεπιδράσεων, 0,9% των μετατροπών) – λάθος πλατφόρμα</p>",
    "<table><tr><th>Reach</th></tr><tr><td>–</td></tr></table>",  # a blank cell is not prose
    "<table><tr><td>None of your business, said @x</td></tr></table>",  # user text in a cell
    "<p>Ανάμεσα σε 1 – 31 Οκτ 2026: +1,2 μον.</p><p>2026년 10월: 전체 채널</p>",
    "<script>var a = null;</script><style>p{}</style><p>Fine.</p>",
])
def test_clean_text_passes(good: str) -> None:
    assert not problems(good), problems(good)


def test_prose_reads_nested_markup_as_one_text() -> None:
    assert prose("<li>Reach <b>1,200</b> (up <i>12%</i>)</li>") == ["Reach 1,200 (up 12%)"]
