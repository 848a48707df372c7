"""Charts draw Korean, Greek and emoji with the bundled fonts: no missing-glyph boxes."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt

from reporting import theme


def test_korean_greek_and_emoji_have_glyphs() -> None:
    with theme.theme(), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig, ax = plt.subplots()
        ax.set_title(theme.label("모퉁이 커피 · Ξύλο & Φως · ☕"))
        ax.bar([theme.label("연남 로스터스"), theme.label("Οίκος Design")], [1, 2])
        fig.canvas.draw()
        plt.close(fig)


def test_label_drops_undrawable_and_control_characters() -> None:
    assert theme.label("a\u202eb\u200fc") == "abc"
    assert theme.label("\U000f0000x") == "x"  # private use: no font has it
    assert theme.label("가" * 50, width=10) == "가" * 9 + "…"


def test_theme_context_does_not_leak() -> None:
    import matplotlib as mpl

    before = mpl.rcParams["font.family"]
    with theme.theme():
        assert mpl.rcParams["font.family"] == theme.FONT_FAMILY
    assert mpl.rcParams["font.family"] == before


def test_brand_colours_are_stable_and_client_first() -> None:
    colours = theme.brand_colors(["Client", "A", "B"])
    assert colours["Client"] == theme.BRAND_PALETTE[0]
    assert theme.brand_colors(["Client", "A"])["A"] == colours["A"]
