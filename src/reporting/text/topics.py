"""Themes: the terms and hashtags people use about each brand, in every language present.

Text is folded before anything is compared: NFKC (full-width and compatibility
forms), case folding, and combining marks removed, so ``ΙΚΕΑ``, ``Ικέα`` and
``ikea`` are one word and ``Ｓｔａｒｂｕｃｋｓ`` is ``starbucks``. Korean has no
spaces between a noun and its particles (``스타벅스에서``), so each distinct
Korean word goes through kiwipiepy's morphological analyser once and only its
nouns (and Latin letters written inside it) are kept; Greek and English texts are split into
word tokens and stopwords are removed (scikit-learn's English list, the
stopwords-iso Greek and Korean lists).

Tokenising is the slow part, so themes read a sample: at most
:data:`SAMPLE_PER_BRAND` mentions per brand and period (a fixed random draw,
the same on every run), only the first :data:`MAX_CHARS` characters of each,
and each distinct text once. Counts are the number of mentions using a term,
scaled back to the brand's full volume.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import regex
import stopwordsiso
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

SAMPLE_PER_BRAND = 1500
MAX_CHARS = 500
MIN_WORD_CHARS = 3  # Latin / Greek words shorter than this are function words or noise
MIN_NOUN_CHARS = 2  # Korean nouns: one-syllable nouns are mostly bound forms (것, 수, 등)
KOREAN_NOUN_TAGS = frozenset({"NNG", "NNP"})
MIN_RISE_COUNT = 3  # a rising term needs at least this many mentions in the period
MIN_RISE_RATIO = 1.25  # ... and a share of the brand's mentions at least this multiple of its share before

_HANGUL = regex.compile(r"\p{Hangul}")
_URL = regex.compile(r"https?://\S+|www\.\S+")
_HANDLE = regex.compile(r"@[\w.]+")
_HASHTAG = regex.compile(r"#(\w+)")
_WORD = regex.compile(r"[^\W\d_]+")
_ACCENT_CANDIDATES = r"[\x{00C0}-\x{024F}\x{0370}-\x{03FF}\x{1E00}-\x{1FFF}\x{0300}-\x{036F}]"


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive form of one string (NFKC, casefold, marks removed)."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", s)


def fold_series(texts: pd.Series) -> pd.Series:
    """:func:`fold` for a whole column, vectorised with Arrow (missing stays missing).

    ASCII rows only need lower-casing; only rows holding accented Latin or
    Greek letters are decomposed, because decomposing Hangul is the expensive
    part and Hangul carries no marks to remove.
    """
    arr = pa.array(texts.astype("string[pyarrow]").array)
    ascii_rows = pc.fill_null(pc.string_is_ascii(arr), True)
    folded = pc.utf8_lower(arr)
    if not pc.all(ascii_rows).as_py():
        wide = pc.utf8_lower(pc.utf8_normalize(arr, "NFKC"))
        wide = pc.replace_substring(pc.replace_substring(wide, "ς", "σ"), "ß", "ss")
        accented = pc.fill_null(pc.match_substring_regex(wide, _ACCENT_CANDIDATES), False)
        if pc.any(accented).as_py():
            stripped = pc.replace_substring_regex(pc.utf8_normalize(wide, "NFD"), r"\p{Mn}", "")
            wide = pc.if_else(accented, pc.utf8_normalize(stripped, "NFC"), wide)
        folded = pc.if_else(ascii_rows, folded, wide)
    return pd.Series(pd.arrays.ArrowStringArray(folded.cast(pa.large_string())), index=texts.index,
                     name=texts.name).astype("string")


def hashtags(text: pd.Series, given: pd.Series | None = None) -> pd.Series:
    """Folded, space-separated hashtags per mention: the export's own list, else those in the text."""
    from_text = text.fillna("").str.findall(_HASHTAG.pattern).str.join(" ")
    tags = from_text if given is None else given.fillna("").str.replace("#", "", regex=False)
    tags = tags.where(tags.str.len() > 0, from_text)
    return fold_series(tags.astype("string")).fillna("")


def _kiwi():  # noqa: ANN202 - kiwipiepy has no public type to name here
    """The process's one Kiwi analyser, shared with the sentiment scorer: loading the model takes seconds."""
    from reporting.text import prepare

    return prepare.kiwi()


@cache
def stopwords() -> frozenset[str]:
    """English, Greek and Korean stopwords, folded like the tokens they filter."""
    words = set(ENGLISH_STOP_WORDS) | stopwordsiso.stopwords("el") | stopwordsiso.stopwords("ko")
    return frozenset(fold(w) for w in words)


def _clean(text: str) -> str:
    return _HASHTAG.sub(" ", _HANDLE.sub(" ", _URL.sub(" ", text[:MAX_CHARS])))


def tokenize(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Distinct (key, surface) terms per text: key is the folded form, surface is how it was written.

    Each distinct Hangul word (어절) goes through kiwipiepy once, for all texts
    (nouns, and Latin letters written inside it); other words are split into
    letters-only words. URLs, @handles and #hashtags are not terms.
    """
    stop = stopwords()
    split = [_clean(t).split() for t in texts]
    vocabulary = [w for w in dict.fromkeys(w for words in split for w in words) if _HANGUL.search(w)]
    analysed = dict(zip(vocabulary, _kiwi().tokenize(vocabulary), strict=True)) if vocabulary else {}
    out = []
    for words in split:
        nouns: list[str] = []
        latin: list[str] = []
        for word in words:
            tokens = analysed.get(word)
            if tokens is None:
                latin += _WORD.findall(word)
            else:
                nouns += _korean_nouns(tokens)
                latin += [tok.form for tok in tokens if tok.tag == "SL"]
        out.append(_words(nouns, stop, min_chars=MIN_NOUN_CHARS) + _words(latin, stop))
    return out


def _korean_nouns(tokens: list) -> list[str]:
    """Nouns, with a negating prefix kept on its noun: 불친절 (unkind) must not count as 친절 (kind)."""
    nouns = []
    for prev, tok in zip([None, *tokens[:-1]], tokens, strict=True):
        if tok.tag in KOREAN_NOUN_TAGS:
            nouns.append(prev.form + tok.form if prev is not None and prev.tag == "XPN" else tok.form)
    return nouns


@lru_cache(maxsize=200_000)
def _folded_word(surface: str) -> str:
    return fold(surface)


def _words(words: list[str], stop: frozenset[str], min_chars: int = MIN_WORD_CHARS) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for w in words:
        surface = w.lower()
        key = _folded_word(surface)
        if len(key) >= min_chars and key not in stop and key not in seen:
            seen[key] = surface
    return list(seen.items())


def sample(mentions: pd.DataFrame, per_group: int = SAMPLE_PER_BRAND) -> pd.DataFrame:
    """At most ``per_group`` rows per (brand, period), drawn the same way every run; adds a ``weight``.

    The weight (group size / rows drawn) scales counts back to the brand's volume.
    Already-sampled rows (those with a ``weight``) are returned as they are.
    """
    if "weight" in mentions.columns or mentions.empty:
        return mentions if "weight" in mentions.columns else mentions.assign(weight=pd.Series(dtype=float))
    groups = mentions.groupby(["brand", "period"], sort=True, observed=True).ngroup().to_numpy()
    order = np.argsort(groups, kind="stable")
    sizes = np.bincount(groups)
    rng = np.random.default_rng(0)
    picks, weights, start = [], [], 0
    for size in sizes:
        members = order[start:start + size]
        start += size
        if size > per_group:
            members = np.sort(rng.choice(members, per_group, replace=False))
        picks.append(members)
        weights.append(np.full(len(members), size / max(len(members), 1)))
    chosen = np.concatenate(picks)
    return mentions.iloc[chosen].assign(weight=np.concatenate(weights))


def term_counts(mentions: pd.DataFrame, exclude: frozenset[str] = frozenset(),
                per_group: int = SAMPLE_PER_BRAND) -> pd.DataFrame:
    """Estimated mentions using each term and hashtag, per brand and period.

    ``mentions`` has brand, period ('current' or 'previous'), text and hashtags
    (folded, space-separated). ``exclude`` holds folded brand names and keywords,
    which are not themes. Returns brand, period, kind ('term' or 'hashtag'),
    key, label (the commonest written form) and count.
    """
    columns = ["brand", "period", "kind", "key", "label", "count"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    drawn = sample(mentions, per_group)
    codes, distinct = pd.factorize(drawn["text"].fillna(""))
    tokens = tokenize(list(distinct))
    term_rows = pd.DataFrame([(code, key, surface) for code, terms in enumerate(tokens) for key, surface in terms],
                             columns=["code", "key", "label"])
    rows = drawn[["brand", "period", "weight"]].assign(code=codes)
    terms = rows.merge(term_rows, on="code")[["brand", "period", "weight", "key", "label"]].assign(kind="term")
    tags = (drawn[["brand", "period", "weight"]].assign(key=drawn["hashtags"].str.split(), row=np.arange(len(drawn)))
            .explode("key").dropna(subset=["key"]))
    tags = tags[tags["key"].str.len() > 0].drop_duplicates(["row", "key"]).drop(columns="row")
    tags = tags.assign(label="#" + tags["key"].astype(str), kind="hashtag")
    both = pd.concat([terms, tags], ignore_index=True)
    both = both[~both["key"].isin(exclude)]
    if both.empty:
        return pd.DataFrame(columns=columns)
    counts = both.groupby(["brand", "period", "kind", "key"], observed=True)["weight"].sum().rename("count")
    labels = (both.groupby(["kind", "key", "label"]).size().rename("n").reset_index()
              .sort_values(["n", "label"], ascending=[False, True]).drop_duplicates(["kind", "key"]))
    out = counts.reset_index().merge(labels[["kind", "key", "label"]], on=["kind", "key"])
    return out[columns]


def brand_exclusions(names: list[str]) -> frozenset[str]:
    """Folded words of brand names, keywords and handles: a brand's own name is not a theme."""
    words: set[str] = set()
    folded = [fold(name.lstrip("@#")) for name in names]
    for name in folded:
        words.add(name.replace(" ", ""))
        words.update(key for key, _ in _words(_WORD.findall(name), frozenset(), min_chars=1))
    korean = [name for name in folded if _HANGUL.search(name)]
    for tokens in _kiwi().tokenize(korean) if korean else []:
        words.update(tok.form for tok in tokens if tok.tag in KOREAN_NOUN_TAGS)
    return frozenset(words)


def rising(counts: pd.DataFrame, volume: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """Per brand and kind, the themes that rose most against the previous period.

    A term's rise is its count now minus the count expected from its previous
    count and the brand's change in volume (prev x mentions now / mentions
    before), so a brand that doubled its volume does not make every term "rise".
    ``volume`` has brand, current and previous mention totals.
    """
    columns = ["brand", "kind", "key", "label", "current", "previous", "share", "share_previous", "rise"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    wide = (counts.pivot_table(index=["brand", "kind", "key", "label"], columns="period", values="count",
                               aggfunc="sum", fill_value=0, observed=True)
            .reindex(columns=["current", "previous"], fill_value=0).reset_index())
    wide = wide.merge(volume.rename(columns={"current": "n_current", "previous": "n_previous"}), on="brand")
    ratio = wide["n_current"] / wide["n_previous"].where(wide["n_previous"] > 0)
    expected = (wide["previous"] * ratio).fillna(0)
    wide["rise"] = wide["current"] - expected
    wide["share"] = wide["current"] / wide["n_current"].where(wide["n_current"] > 0)
    wide["share_previous"] = wide["previous"] / wide["n_previous"].where(wide["n_previous"] > 0)
    keep = ((wide["current"] >= MIN_RISE_COUNT) & (wide["rise"] > 0)
            & ~(wide["share"] < MIN_RISE_RATIO * wide["share_previous"]))
    ranked = wide[keep].sort_values(["brand", "kind", "rise", "key"], ascending=[True, True, False, True])
    return ranked.groupby(["brand", "kind"], sort=False).head(top)[columns].reset_index(drop=True)


def top_terms(counts: pd.DataFrame, volume: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """Per brand and kind, the most used themes in the current period with their share of mentions."""
    columns = ["brand", "kind", "key", "label", "current", "share"]
    now = counts[counts["period"] == "current"].rename(columns={"count": "current"})
    if now.empty:
        return pd.DataFrame(columns=columns)
    now = now.merge(volume[["brand", "current"]].rename(columns={"current": "n"}), on="brand")
    now["share"] = now["current"] / now["n"]
    ranked = now.sort_values(["brand", "kind", "current", "key"], ascending=[True, True, False, True])
    return ranked.groupby(["brand", "kind"], sort=False).head(top)[columns].reset_index(drop=True)
