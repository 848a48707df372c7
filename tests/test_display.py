"""Untrusted text is escaped everywhere and shortened on whole characters; figures carry alt text."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from reporting import display

HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x","y") \u202eevil\u200f'


def test_table_escapes_cells_and_headers() -> None:
    df = pd.DataFrame({"<b>col</b>": [HOSTILE], "n": [1234]})
    html = display.table(df, formats={"n": lambda v: f"{v:,}"}).markup
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html and "1,234" in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html


def test_text_blocks_escape() -> None:
    for block in (display.paragraph(HOSTILE), display.bullets([HOSTILE]), display.note(HOSTILE),
                  display.summary([HOSTILE], "t"), display.card(HOSTILE, [("k", HOSTILE)]),
                  display.heading(HOSTILE), display.tiles([{"label": HOSTILE, "value": "1", "delta": HOSTILE}])):
        assert "<script>" not in block.markup


def test_missing_values_show_a_dash() -> None:
    html = display.table(pd.DataFrame({"a": [pd.NA, 1.5]})).markup
    assert "<td>–</td>" in html


def test_shorten_keeps_whole_graphemes() -> None:
    family = "👨‍👩‍👧"  # one grapheme, five code points
    assert display.shorten("가나다라마바사", 4) == "가나다…"
    assert display.shorten(family * 5, 3) == family * 2 + "…"
    assert display.shorten("short", 10) == "short"
    assert display.shorten(None) == ""


def test_figure_has_alt_text_and_is_closed() -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    html = display.figure(fig, alt='Reach "by" day').markup
    assert 'alt="Reach &quot;by&quot; day"' in html and 'src="data:image/png;base64,' in html
    assert not plt.get_fignums()


def test_empty_frame_renders_nothing() -> None:
    assert display.table(pd.DataFrame()).markup == ""


def test_missing_values_of_every_kind_show_as_a_dash_not_their_repr() -> None:
    frame = pd.DataFrame({"first": [pd.NaT, pd.Timestamp("2026-10-01")], "n": [pd.NA, 3], "x": [None, float("nan")]})
    html = display.table(frame).markup
    assert "NaT" not in html and "nan" not in html and "&lt;NA&gt;" not in html and "None" not in html
    assert html.count("<td>–</td>") == 4 and "2026-10-01" in html
