"""The stakeholder HTML as a PDF (``<report>.pdf``), made without a browser by WeasyPrint.

WeasyPrint lays text out with the system's Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``: in the base
image, and installed by ``.ci/run`` where missing). Fonts come from the packages we already depend on,
not from the machine: DejaVu Sans (matplotlib: Latin, Greek) and NanumGothic (koreanize-matplotlib:
Hangul), so a Korean or Greek report prints the same everywhere. Every page carries the client and
period at the top and "page / pages" at the bottom; charts, cards and tiles are never split across pages.

The PDF fetches nothing: the renderer's ``data:`` URIs (charts, logo, fonts) and the two bundled font
files are the only resources it may read.

WeasyPrint is pure Python: laid out in the run's report threads, two PDFs would take turns on one
interpreter lock while the kernels wait. :func:`make_pdf` lays each out in a worker process instead
(one per core, started once per run), so PDFs use the cores the kernels leave idle.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

PDF_CSS = """
@page {
  size: A4; margin: 17mm 14mm 16mm 14mm;
  @top-left { content: %(running)s; font: 8pt "Report Sans", "Report Hangul PDF", sans-serif; color: #5b6573; }
  @bottom-right { content: counter(page) " / " counter(pages);
                  font: 8pt "Report Sans", "Report Hangul PDF", sans-serif; color: #5b6573; }
}
@font-face { font-family: "Report Sans"; src: url("%(sans)s"); }
@font-face { font-family: "Report Sans"; font-weight: bold; src: url("%(sans_bold)s"); }
@font-face { font-family: "Report Hangul PDF"; src: url("%(hangul)s"); }
@font-face { font-family: "Report Hangul PDF"; font-weight: bold; src: url("%(hangul_bold)s"); }
body { font-family: "Report Sans", "Report Hangul PDF", sans-serif; }
"""


def _font_files() -> dict[str, Path]:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    assert spec and spec.submodule_search_locations, "koreanize-matplotlib (NanumGothic) is not installed"
    nanum = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"sans": dejavu / "DejaVuSans.ttf", "sans_bold": dejavu / "DejaVuSans-Bold.ttf",
            "hangul": nanum / "NanumGothic.ttf", "hangul_bold": nanum / "NanumGothicBold.ttf"}


@cache
def _allowed() -> frozenset[str]:
    return frozenset(p.as_uri() for p in _font_files().values())


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\\n\r' or ord(ch) < 0x20 else ch for ch in text)
    return f'"{escaped}"'


def _fetcher() -> Any:
    """A URL fetcher that reads ``data:`` URIs and the bundled font files, and refuses anything else."""
    from weasyprint.urls import URLFetcher

    allowed = _allowed()

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"the PDF reads no external resource ({url[:60]})")

    return LocalOnly(allowed_protocols=("data", "file"))


def to_pdf(html: str, running_head: str) -> bytes:
    """The PDF of a rendered report; ``running_head`` (client · period) is printed at the top of each page.

    ``html`` is the report before its Hangul web-font subset is embedded: that subset has no space glyph,
    and the PDF has the whole NanumGothic anyway.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fonts = {k: p.as_uri() for k, p in _font_files().items()}
    font_config = FontConfiguration()
    # In the document (author level, after the report's own stylesheet), not as a user stylesheet, which the
    # report's rules would override. The print rules shared with a browser's print live in report.css.
    css = PDF_CSS % {"running": css_string(running_head), **fonts}
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
    return document.write_pdf(font_config=font_config)


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def make_pdf(html: str, running_head: str) -> bytes:
    """:func:`to_pdf` in a worker process (in this one where processes cannot have children: a Dask worker)."""
    global _pool
    if multiprocessing.current_process().daemon:
        return to_pdf(html, running_head)
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                        mp_context=multiprocessing.get_context("forkserver"))
        pool = _pool
    try:
        return pool.submit(to_pdf, html, running_head).result()
    except BrokenProcessPool:
        with _pool_lock:  # a worker died (killed, out of memory): the next PDF starts a fresh pool
            if _pool is pool:
                _pool = None
        raise
