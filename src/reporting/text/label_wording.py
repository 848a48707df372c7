"""The sentences a report states about computed sentiment measured on the client's own labels.

Pure wording over :class:`reporting.text.labels.ClientSentiment`, from the ``sentiment``
catalogue (``locales/*/sentiment.yaml``), so every report that shows computed sentiment
says the same thing: the figure, its sample and interval, the client's own model, or how
many more labels are needed. Each sentence is backed by a :class:`~reporting.text.labels.Measured`
or a count; nothing is said about a language the report did not score.
"""

from __future__ import annotations

from collections.abc import Iterable

from reporting.i18n import Translator
from reporting.text import sentiment
from reporting.text.labels import ClientSentiment, LanguageVerdict, Measured


def language_name(code: str, t: Translator) -> str:
    """'Korean' / '한국어' / 'Κορεατικά' for ``ko`` (the code itself when the locale has no name)."""
    return t.locale.languages.get(code, code)


def _figures(m: Measured, t: Translator) -> dict[str, str]:
    return {"accuracy": t.percent(m.accuracy, 0), "n": t.number(m.n), "low": t.percent(m.low, 0),
            "high": t.percent(m.high, 0)}


def verdict_sentences(v: LanguageVerdict, t: Translator) -> list[str]:
    """What the client's labels say about one language, in one to two sentences."""
    name = language_name(v.language, t)
    out = []
    if v.shipped is not None and v.use != "shipped":
        out.append(t("sentiment.client_shipped_below", language=name, **_figures(v.shipped, t)))
    if v.use == "shipped" and v.shipped is not None:
        out.append(t("sentiment.client_measured", language=name, **_figures(v.shipped, t)))
    elif v.use == "shipped":
        if v.more_labels is not None:
            out.append(t("sentiment.client_unmeasured_more", language=name, more=t.number(v.more_labels)))
    elif v.use == "client":
        out.append(t("sentiment.client_own_model", language=name, **_figures(v.client, t)))
    elif v.client is not None:
        out.append(t("sentiment.client_own_below", language=name, **_figures(v.client, t)))
    elif v.more_labels is not None:
        out.append(t("sentiment.client_off_more", language=name, more=t.number(v.more_labels)))
    else:
        out.append(t("sentiment.client_off_missing", language=name))
    return out


def sentences(cs: ClientSentiment, t: Translator, languages: Iterable[str]) -> list[str]:
    """Sentences for the languages a report scored (or would have): the client's labels, the Korean caveat, the bar.

    ``languages``: codes of the mentions that needed computed sentiment in the report.
    The Korean caveat comes whenever the shipped Korean model scores them; the bar
    whenever a figure measured on the client's labels is quoted.
    """
    out: list[str] = []
    quoted = False
    for code in sorted(set(languages)):
        v = cs.verdicts.get(code)
        if v is not None:
            out.extend(verdict_sentences(v, t))
            quoted |= v.shipped is not None or v.client is not None
        if code == "ko" and cs.methods.get("ko") is sentiment.METHODS["ko"]:
            out.append(t("sentiment.proxy_ko"))
    if quoted:
        bar = sentiment.BAR
        out.append(t("sentiment.client_bar", balanced=t.percent(bar.balanced_accuracy, 0),
                     coverage=t.percent(bar.coverage, 0), three=t.percent(bar.three_class_accuracy, 0)))
    return out
