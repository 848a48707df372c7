"""What a report cell shows: escaped HTML blocks, tables and figures with alt text.

Every piece of text passes through :func:`html.escape`, because mentions and
post texts are untrusted (a ``<script>`` in a mention must show as text).
Each function returns an object with ``_repr_html_`` so the same call renders
in JupyterLab and in the nbconvert HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import io
import json
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import regex
from matplotlib.figure import Figure

from reporting.outputs import TABLE_MIME

_GRAPHEME = regex.compile(r"\X")


class Html:
    """A fragment of trusted HTML built by this module (inputs already escaped).

    ``tables`` carries the unformatted values of the tables in the fragment (see :func:`table`); adding
    fragments keeps them, and the notebook output carries them under :data:`~reporting.outputs.TABLE_MIME`
    for the workbook beside the report. A table whose payload got lost (its markup pasted into another
    string) still reaches the workbook, read back from the HTML.
    """

    def __init__(self, markup: str, tables: Sequence[Mapping[str, Any]] = ()):
        self.markup = markup
        self.tables = list(tables)

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.markup}
        if self.tables:
            bundle[TABLE_MIME] = {"tables": self.tables}
        return bundle

    def __str__(self) -> str:
        return self.markup

    def __add__(self, other: Html) -> Html:
        return Html(self.markup + other.markup, self.tables + getattr(other, "tables", []))


def esc(text: object) -> str:
    """Escape untrusted text for HTML (quotes too: it may land in an attribute)."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    return html.escape(str(text), quote=True)


def shorten(text: object, width: int = 120) -> str:
    """Cut to at most ``width`` user-perceived characters, never inside an emoji or a Hangul block."""
    if text is None or text is pd.NA:
        return ""
    s = " ".join(str(text).split())
    graphemes = _GRAPHEME.findall(s)
    return s if len(graphemes) <= width else "".join(graphemes[: width - 1]).rstrip() + "…"


def header(title: str, subtitle: str) -> Html:
    """The report's title and the line under it (client and period)."""
    return Html(f"<h1>{esc(title)}</h1><p class='rp-subtitle'>{esc(subtitle)}</p>")


def heading(text: str, level: int = 2) -> Html:
    return Html(f"<h{level}>{esc(text)}</h{level}>")


def paragraph(text: str) -> Html:
    return Html(f"<p>{esc(text)}</p>")


def paragraphs(texts: Iterable[str]) -> Html:
    return Html("".join(f"<p>{esc(t)}</p>" for t in texts))


def bullets(items: Iterable[str]) -> Html:
    return Html("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


def note(text: str) -> Html:
    """A method note or caveat: smaller, muted."""
    return Html(f'<p class="rp-note">{esc(text)}</p>')


def summary(sentences: Sequence[str], title: str) -> Html:
    """The executive summary box that opens every report."""
    body = "".join(f"<li>{esc(s)}</li>" for s in sentences)
    return Html(f'<section class="rp-summary"><h2>{esc(title)}</h2><ul>{body}</ul></section>')


def tiles(items: Sequence[Mapping[str, object]]) -> Html:
    """Headline KPI tiles: each item has label, value, and optionally delta and good (True/False/None)."""
    parts = []
    for it in items:
        good = it.get("good")
        cls = "rp-up" if good is True else "rp-down" if good is False else "rp-flat"
        delta = f'<div class="rp-delta {cls}">{esc(it["delta"])}</div>' if it.get("delta") else ""
        parts.append(f'<div class="rp-tile"><div class="rp-tile-label">{esc(it["label"])}</div>'
                     f'<div class="rp-tile-value">{esc(it["value"])}</div>{delta}</div>')
    return Html(f'<div class="rp-tiles">{"".join(parts)}</div>')


def badge(text: str, status: str) -> str:
    """Inline status badge markup (status: on_track, at_risk, off_track, no_data, keep, fix, stop)."""
    return f'<span class="rp-badge rp-{esc(status)}">{esc(text)}</span>'


def card(title: str, rows: Sequence[tuple[str, str]], subtitle: str = "") -> Html:
    """A labelled card (persona, channel verdict): a title and label/value rows."""
    sub = f'<div class="rp-card-sub">{esc(subtitle)}</div>' if subtitle else ""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return Html(f'<article class="rp-card"><h3>{esc(title)}</h3>{sub}<dl>{body}</dl></article>')


def cards(items: Iterable[Html]) -> Html:
    return Html('<div class="rp-cards">' + "".join(i.markup for i in items) + "</div>")


def labelled(*columns: tuple[str, Sequence[object] | pd.Series]) -> pd.DataFrame:
    """A display table from (label, values) pairs; two columns may never share a label.

    Labels come from the catalogues, and two words that coincide in one language
    would otherwise silently overwrite a column.
    """
    labels = [label for label, _ in columns]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"two columns are labelled {repeated[0]!r}: make the catalogue labels distinct")
    return pd.DataFrame({label: list(values) for label, values in columns})


def table(df: pd.DataFrame, formats: Mapping[str, Callable[[object], str]] | None = None,
          caption: str = "", index: bool = False, max_rows: int = 50,
          status_column: str | None = None) -> Html:
    """An escaped HTML table; ``formats`` maps column -> formatter (e.g. ``t.percent``).

    ``status_column`` names a column whose values are status keys rendered as badges
    (its display text comes from a sibling column ``<status_column>_label`` when present).
    """
    if df.empty:
        return Html("")
    full = df.reset_index() if index else df
    formats = dict(formats or {})
    cols = [c for c in full.columns if not (status_column and c == f"{status_column}_label")]
    raw: dict[str, list[object]] = {}
    text: dict[str, list[str]] = {}
    for col in cols:
        values = full[col].tolist()
        if status_column and col == status_column:
            text[col] = [str(x) for x in full.get(f"{col}_label", full[col]).tolist()]
            raw[col] = [None] * len(values)
        else:
            text[col] = [_fmt(v, formats.get(col)) for v in values]
            raw[col] = [_raw(v) for v in values]
    n = min(len(full), max_rows)
    cells = {c: ([badge(text[c][i], str(full[c].iloc[i])) for i in range(n)] if status_column and c == status_column
                 else [esc(text[c][i]) for i in range(n)]) for c in cols}
    payload = {"caption": str(caption), "columns": [str(c) for c in cols],
               "rows": [[text[c][i] for c in cols] for i in range(len(full))],
               "values": [[raw[c][i] for c in cols] for i in range(len(full))]}
    table_id = "t" + hashlib.blake2b(json.dumps(payload, ensure_ascii=False, default=str).encode(),
                                     digest_size=6).hexdigest()
    payload["id"] = table_id
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{cells[c][i]}</td>" for c in cols) + "</tr>" for i in range(n))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    more = f'<p class="rp-note">+{len(df) - max_rows}</p>' if len(df) > max_rows else ""
    return Html(f'<div class="rp-table-wrap" role="region" tabindex="0" aria-label="{esc(caption or cols[0])}">'
                f'<table class="rp-table" data-table="{table_id}">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>{more}", [payload])


def _raw(value: object) -> object:
    """A cell's unformatted value for the workbook: a number, a boolean, ``{"date": iso}``, or None (use the text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        number = float(value)
        return None if number != number or number in (float("inf"), float("-inf")) else (
            int(number) if isinstance(value, numbers.Integral) else number)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return {"date": value.isoformat()}
    return None


def _fmt(value: object, fmt: Callable[[object], str] | None) -> str:
    """A cell's text; a missing value of any kind (None, NaN, NA, NaT) is a dash, never its repr."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "–"
    return fmt(value) if fmt else str(value)


def figure(fig: Figure | None, alt: str, caption: str = "") -> Html:
    """Embed a figure as an inline PNG with alt text, then close it (no leaked figures).

    ``None`` (a chart function with nothing to draw) shows nothing: the section's table or
    note says why.
    """
    if fig is None:
        return Html("")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return Html(f'<figure class="rp-figure"><img src="data:image/png;base64,{data}" alt="{esc(alt)}">'
                f"{cap}</figure>")


def empty_state(text: str) -> Html:
    """Shown instead of a section when its data is missing: say so, never fail."""
    return Html(f'<p class="rp-empty">{esc(text)}</p>')
