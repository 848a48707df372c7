"""Every demo report opened in headless Chromium with the network blocked, as a stakeholder opens the attachment.

Checks: no console errors, no network request at all (every non-file request is aborted and counted),
every chart image decoded with a non-zero size, no script element and no dialog, and the planted hostile
mention shown as text. A screenshot of each report's first screen lands in ``reports/_screens/`` of the
project, for reviewers. Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reporting.registry import REPORTS


def _e2e_helpers():  # noqa: ANN202
    """This folder's conftest helpers, loaded by path: another test folder's ``conftest`` may own that name."""
    spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
planted, report_files = _helpers.planted, _helpers.report_files
pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.xdist_group("e2e")]

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
SCREENS = Path(__file__).resolve().parents[2] / "reports" / "_screens"
VIEWPORT = {"width": 900, "height": 1100}


@dataclass
class Visit:
    """What the browser saw while loading one page."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    scripts: int = 0
    text: str = ""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it): "
                    "browser checks skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright's Python package is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def visit(browser, path: Path, screenshot: Path | None = None) -> Visit:  # noqa: ANN001
    """Open ``path`` offline: any request that is not for a local file is aborted and recorded."""
    seen = Visit()
    context = browser.new_context(viewport=VIEWPORT)

    def route(r) -> None:  # noqa: ANN001
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("requestfailed", lambda r: None if r.url in seen.requests else seen.errors.append(f"failed: {r.url}"))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri(), wait_until="load")
        seen.images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({complete: e.complete, width: e.naturalWidth, height: e.naturalHeight,"
                   " alt: e.alt, src: e.src.slice(0, 40)}))")
        seen.scripts = page.eval_on_selector_all("script", "els => els.length")
        seen.text = page.inner_text("body")
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
    finally:
        context.close()
    return seen


def test_the_checks_catch_what_they_look_for(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A page that breaks every rule: each violation must be seen (else the report checks prove nothing)."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><img src="https://example.com/chart.png" alt="remote">'
                   '<img src="data:image/png;base64,AAAA" alt="broken"><script>console.error("boom")</script>'
                   "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p></body></html>", encoding="utf-8")
    seen = visit(browser, bad)
    assert seen.requests == ["https://example.com/chart.png"]
    assert "boom" in seen.errors
    assert [i["width"] for i in seen.images] == [0, 0] and seen.scripts == 1
    assert "<script>alert(1)</script>" in seen.text


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("client", CLIENTS)
def test_report_renders_offline_without_errors(browser, rendered: dict, client: str, report: str) -> None:  # noqa: ANN001
    page, summary = report_files(rendered, client, report)
    path = next((rendered["reports"] / client).glob(f"*/{report}.html"))
    seen = visit(browser, path, SCREENS / f"{report}-{client}.png")
    assert seen.requests == [], f"the report asked the network for {seen.requests}"
    assert seen.errors == [] and seen.dialogs == []
    assert seen.scripts == 0
    assert seen.images, "no chart in the report"
    for img in seen.images:
        assert img["complete"] and img["width"] > 0 and img["height"] > 0, f"chart not decoded: {img}"
        assert img["alt"].strip(), f"chart without alt text: {img['src']}"
    assert summary["title"] in html.unescape(page)
    for hostile in planted(rendered, client).get("hostile_strings", []):
        if html.escape(hostile, quote=False) in page:
            assert hostile in seen.text, f"{hostile!r} is in the HTML but not shown as text"


def test_a_hostile_mention_is_shown_as_text_somewhere(browser, rendered: dict) -> None:  # noqa: ANN001
    """At least one demo report lists a planted hostile mention; the browser shows it as text, inert."""
    shown = []
    for client in CLIENTS:
        strings = [s for s in planted(rendered, client).get("hostile_strings", []) if "<script" in s]
        for path in sorted((rendered["reports"] / client).glob("*/*.html")):  # a missing report fails elsewhere
            page = path.read_text(encoding="utf-8")
            if any(html.escape(s, quote=False) in page for s in strings):
                seen = visit(browser, path)
                assert seen.dialogs == [] and seen.scripts == 0
                shown += [(client, path.stem) for s in strings if s in seen.text]
    assert shown, "no demo report shows a planted <script> mention: the listening report should list it as text"


# --------------------------------------------------------------------------- layout and accessibility

WIDTHS = {"desktop": 1100, "phone": 390}
AXE_IMPACTS = {"serious", "critical"}


def _page(browser, path: Path, width: int, **context):  # noqa: ANN001, ANN202
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = ctx.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return ctx, page


OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const t of document.querySelectorAll('table')) {
    const box = t.closest('.rp-table-wrap') || t;
    const r = box.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) out.push({what: 'table box', right: r.right, vw});
    if (box !== t && t.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'auto')
      out.push({what: 'table cut', width: t.scrollWidth, box: box.clientWidth});
  }
  for (const e of document.querySelectorAll('main > *, figure, img, pre, .rp-card, .rp-tile, .rp-toc')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.right > vw + 1) out.push({what: e.tagName + '.' + e.className, right: r.right, vw});
  }
  if (document.documentElement.scrollWidth > vw + 1) out.push({what: 'page', width: document.documentElement.scrollWidth, vw});
  return out;
}"""


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("client", CLIENTS)
def test_nothing_overflows_at_desktop_or_phone_width(browser, rendered: dict, client: str, report: str) -> None:  # noqa: ANN001
    """Tables scroll inside their own box (or wrap); nothing else is wider than the window. Screenshots at both widths."""
    path = next((rendered["reports"] / client).glob(f"*/{report}.html"))
    for name, width in WIDTHS.items():
        ctx, page = _page(browser, path, width)
        try:
            over = page.evaluate(OVERFLOW_JS)
            assert over == [], f"overflow at {width}px: {over[:5]}"
            SCREENS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENS / f"{report}-{client}-{name}.png"))
        finally:
            ctx.close()


def _axe(page) -> list[dict]:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": {
        "type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in results.response["violations"] if v["impact"] in AXE_IMPACTS]


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("client", CLIENTS)
def test_axe_finds_no_serious_violation(browser, rendered: dict, client: str, report: str) -> None:  # noqa: ANN001
    """axe-core (bundled in axe-playwright-python: offline), light and dark colour schemes, plus our own checks."""
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    path = next((rendered["reports"] / client).glob(f"*/{report}.html"))
    _, summary = report_files(rendered, client, report)
    for scheme in ("light", "dark"):
        ctx, page = _page(browser, path, 1100, color_scheme=scheme, reduced_motion="reduce")
        try:
            found = _axe(page)
            assert found == [], f"axe, {scheme} scheme: {found}"
            if scheme == "light":
                assert page.get_attribute("html", "lang") == summary["language"]
                levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => +e.tagName[1])")
                assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
                assert page.eval_on_selector_all("th:not([scope])", "els => els.length") == 0
                assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        finally:
            ctx.close()


def test_smooth_scrolling_only_without_a_reduced_motion_wish(browser, rendered: dict) -> None:  # noqa: ANN001
    path = next((rendered["reports"] / "demo-saas").glob("*/kpi_review.html"))
    ctx, page = _page(browser, path, 1100, reduced_motion="no-preference")
    try:
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    finally:
        ctx.close()


def test_the_checks_see_overflow_and_violations(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A page with a wide unwrapped table, an image without alt and grey-on-white text: each is caught."""
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><table><tr><td style="white-space:nowrap">' + "wide " * 400 +
                   '</td></tr></table><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                   '<p style="color:#bbb">faint</p></body></html>', encoding="utf-8")
    ctx, page = _page(browser, bad, 390)
    try:
        assert {o["what"] for o in page.evaluate(OVERFLOW_JS)} >= {"table box", "page"}
        assert {v["id"] for v in _axe(page)} >= {"image-alt", "color-contrast", "html-has-lang"}
    finally:
        ctx.close()
