"""Client branding: the logo embedded in every report and an accent colour that stays readable.

A logo is untrusted input (an SVG can carry script, external references or an XML bomb), so it is
never embedded as given: PNG and JPEG files are decoded and re-encoded, SVG files are rasterised by
CairoSVG in its safe mode (no entity expansion, no file or network access), and the result is a small
PNG embedded as a ``data:`` URI, so a report never links to anything. An accent colour must read as
text on the white page (WCAG 2 contrast >= 4.5:1); one that does not falls back to the default accent.

Checking a logo (:func:`check_logo`) is cheap and runs whenever parameters are loaded; decoding it
(:func:`load_logo`) happens when a report is rendered.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reporting import paths

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4096 * 4096  # a larger raster is refused before it is decoded (decompression bombs)
LOGO_HEIGHT = 128  # pixels of the embedded PNG (shown 48 px high: sharp on high-density screens)
LOGO_MAX_WIDTH = 640
KINDS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8\xff",)}

DEFAULT_ACCENT = "#1f4e79"  # theme.BRAND_PALETTE[0]: 8.9:1 on white
DARK_ACCENT = "#8cb8e8"  # headings in dark mode: 8.3:1 on the dark page
PAPER = "#f5f7fa"  # the lighter boxes' tint (notes, summary): a little darker than the white page
DARK_PAPER = "#1f262e"  # the dark scheme's boxes, a little lighter than its page
MIN_CONTRAST = 4.5  # WCAG 2 AA, normal text


class Branding(BaseModel):
    """How the client's reports look and who signs them (``branding:`` in the parameters; all optional).

    The logo is embedded in every report (never linked); an accent colour too light or too dark to read
    as text on the page falls back to the default accent, and ``reporting validate`` says so.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    logo: str = Field("", description="PNG, JPEG or SVG file (path from the project root), at most 512 KB")
    accent: str = Field("", pattern=r"^(#[0-9a-fA-F]{6})?$", description="headings and the client's chart colour")
    agency: str = Field("", max_length=120, description="who prepared the report, in the footer of every page")
    contact: str = Field("", max_length=200, description="the agency's contact, shown as text in the footer")
    analyst: str = Field("", max_length=120, description="signs analyst notes whose front matter names no author")

    @property
    def logo_path(self) -> Path | None:
        if not self.logo:
            return None
        p = Path(self.logo)
        return p if p.is_absolute() else paths.project_root() / p


class LogoError(ValueError):
    """The logo file cannot be used; the message says why and what to do."""


def _kind(path: Path) -> str:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise LogoError(f"{path.name} is not a PNG, JPEG or SVG file (by its extension). "
                        "Fix: export the logo as .png, .jpg or .svg")
    return kind


def check_logo(path: Path) -> str:
    """Cheap checks (exists, type, size, signature); returns the kind. Raises :class:`LogoError`."""
    if not path.is_file():
        raise LogoError(f"file {path} does not exist. Fix: put the logo there or correct the path "
                        "(relative to the project root)")
    kind = _kind(path)
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise LogoError(f"{path.name} is {size // 1024} KB; at most {MAX_LOGO_BYTES // 1024} KB is embedded. "
                        "Fix: export a smaller logo (a few hundred pixels wide is plenty)")
    head = path.read_bytes()[:512]
    if kind in MAGIC and not head.startswith(MAGIC[kind]):
        raise LogoError(f"{path.name} is not a {kind} image (its content does not start like one). "
                        "Fix: re-export the logo")
    if kind == "SVG" and b"<svg" not in path.read_bytes():
        raise LogoError(f"{path.name} has no <svg> element. Fix: export the logo as SVG again")
    return kind


@dataclass(frozen=True)
class Logo:
    """A logo ready to embed: PNG bytes and their size in pixels."""

    png: bytes
    width: int
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def load_logo(path: Path) -> Logo:
    """Decode (PNG, JPEG) or rasterise (SVG) a logo into a small PNG. Raises :class:`LogoError`."""
    kind = check_logo(path)
    data = path.read_bytes()
    if kind == "SVG":
        data = _rasterise_svg(data, path.name)
    return _normalise(data, path.name)


def _rasterise_svg(svg: bytes, name: str) -> bytes:
    import cairosvg  # imported only when a client has an SVG logo

    try:
        # unsafe=False (the default): no XML entities, only data: URLs for images, no file or network access
        return cairosvg.svg2png(bytestring=svg, output_height=LOGO_HEIGHT, unsafe=False)
    except Exception as exc:  # noqa: BLE001 - any parser or drawing error means the same to the analyst
        raise LogoError(f"{name} could not be drawn as an SVG ({type(exc).__name__}: {exc}). "
                        "Fix: re-export it from the design tool as plain SVG") from None


def _normalise(data: bytes, name: str) -> Logo:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_LOGO_PIXELS:
                raise LogoError(f"{name} is {probe.width}x{probe.height} pixels; at most {MAX_LOGO_PIXELS} "
                                "pixels are accepted. Fix: export a smaller logo")
            image = probe.convert("RGBA")
    except LogoError:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated or corrupt files
        raise LogoError(f"{name} could not be read as an image ({exc}). Fix: re-export the logo") from None
    scale = min(1.0, LOGO_HEIGHT / image.height, LOGO_MAX_WIDTH / image.width)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Logo(out.getvalue(), image.width, image.height)


# --------------------------------------------------------------------------- colour


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Accent:
    """The accent a report uses: the client's when readable, else the default, with the reason."""

    color: str
    requested: str = ""
    problem: str = ""  # why the requested colour was not used ("" when it was, or none was asked for)


@cache
def accent(requested: str) -> Accent:
    """The client's accent if it reads as text on the page (contrast >= 4.5:1), else the default one."""
    if not requested:
        return Accent(DEFAULT_ACCENT)
    ratio = contrast(requested, PAPER)
    if ratio < MIN_CONTRAST:
        return Accent(DEFAULT_ACCENT, requested,
                      f"accent {requested} has a contrast of {ratio:.1f}:1 on the report's background (at least "
                      f"{MIN_CONTRAST}:1 is needed to read headings); the default {DEFAULT_ACCENT} is used. "
                      "Fix: choose a darker shade of the colour")
    return Accent(requested.lower(), requested)


def dark_accent(color: str) -> str:
    """The accent for the dark colour scheme: the colour lightened (mixed with white) until it reads on the dark page."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(11):
        k = step / 10
        mixed = "#" + "".join(f"{round(c + (255 - c) * k):02x}" for c in (r, g, b))
        if contrast(mixed, DARK_PAPER) >= MIN_CONTRAST:
            return mixed
    return DARK_ACCENT


@dataclass(frozen=True)
class Brand:
    """What the renderer and the theme need of a client's branding, resolved and checked."""

    accent: Accent
    logo: Logo | None = None
    agency: str = ""
    contact: str = ""
    analyst: str = ""
    client_name: str = ""


def resolve(branding: Branding, client_name: str = "") -> Brand:
    """Load the logo and check the accent. Raises :class:`LogoError` for an unusable logo."""
    path = branding.logo_path
    return Brand(accent=accent(branding.accent), logo=load_logo(path) if path else None, agency=branding.agency,
                 contact=branding.contact, analyst=branding.analyst, client_name=client_name)
