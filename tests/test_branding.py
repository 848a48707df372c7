"""Client branding: logos are checked and never embedded as given; an unreadable accent falls back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from reporting import branding, theme
from reporting.params import ParamsError, load_client

from support.batchproject import client_yaml, make_project


def test_contrast_matches_the_wcag_formula() -> None:
    assert branding.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert branding.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


def test_an_unreadable_accent_falls_back_and_says_why() -> None:
    light = branding.accent("#ffd700")  # gold on white: 1.4:1
    assert light.color == branding.DEFAULT_ACCENT and "1.3:1" in light.problem and "darker shade" in light.problem
    dark = branding.accent("#7A3E1D")
    assert dark.color == "#7a3e1d" and dark.problem == ""
    assert branding.contrast(branding.dark_accent("#4b2fb0"), branding.DARK_PAPER) >= 4.5


def test_the_accent_is_the_clients_colour_in_charts() -> None:
    with theme.theme(accent="#7a3e1d"):
        colors = theme.brand_colors(["Client", "Rival"])
        assert colors["Client"] == "#7a3e1d" and colors["Rival"] == theme.BRAND_PALETTE[1]
    assert theme.brand_colors(["Client"])["Client"] == theme.BRAND_PALETTE[0]  # the block did not leak


def test_svg_is_rasterised_without_its_script_or_remote_parts(tmp_path: Path) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                   'width="200" height="100"><script>alert(1)</script>'
                   '<image xlink:href="https://tracker.example/pixel.png" width="10" height="10"/>'
                   '<rect width="200" height="100" fill="#7a3e1d"/></svg>', encoding="utf-8")
    logo = branding.load_logo(svg)
    assert logo.png.startswith(b"\x89PNG") and logo.height == branding.LOGO_HEIGHT and logo.width == 256
    assert logo.data_uri.startswith("data:image/png;base64,")
    pixel = Image.open(io.BytesIO(logo.png)).convert("RGB").getpixel((100, 50))
    assert pixel == (0x7a, 0x3e, 0x1d)


def test_svg_entities_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.svg"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&b;</text></svg>')
    with pytest.raises(branding.LogoError, match="could not be drawn as an SVG"):
        branding.load_logo(bomb)


def test_rasters_are_re_encoded_and_shrunk(tmp_path: Path) -> None:
    jpeg = tmp_path / "logo.jpg"
    Image.new("RGB", (1000, 500), "#2f5d50").save(jpeg, quality=90)
    logo = branding.load_logo(jpeg)
    assert (logo.width, logo.height) == (256, 128) and logo.png.startswith(b"\x89PNG")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("logo.gif", b"GIF89a", "not a PNG, JPEG or SVG file"),
    ("logo.png", b"<svg/>", "is not a PNG image"),
    ("logo.svg", b"<html></html>", "has no <svg> element"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024), "at most 512 KB"),
])
def test_unusable_logos_are_named_with_the_fix(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    with pytest.raises(branding.LogoError, match=message):
        branding.check_logo(file)


def test_branding_is_validated_with_the_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {
        "bad-logo": client_yaml("A") + "branding: {logo: params/missing.png}\n",
        "bad-accent": client_yaml("B") + "branding: {accent: red}\n",
        "typo": client_yaml("C") + "branding: {acent: '#123456'}\npdf: yes\n",
    })
    monkeypatch.setenv("REPORTING_ROOT", str(root))
    with pytest.raises(ParamsError, match=r"branding.logo: file .*missing.png does not exist.*Example: branding"):
        load_client("bad-logo")
    with pytest.raises(ParamsError, match=r"branding.accent: String should match pattern.*Example: branding: "
                                          r"\{accent: '#1f4e79'\}"):
        load_client("bad-accent")
    with pytest.raises(ParamsError, match=r"branding.acent: unknown key"):
        load_client("typo")
