"""Brand matching: which tracked brands each mention names, for a million mentions a period.

A mention counts for every tracked brand it names (a mention naming two brands counts
for both, so shares of voice add up to 100 % of brand mentions, not of distinct
mentions). Brands are found from the client's parameters: names, keywords and
``@handles``, matched case-, accent- and width-insensitively. When the export already
names a brand or query, that name is mapped to the parameter brand it matches, and the
text is still read for the other brands.

Matching folds the *pattern* (every character that folds to a keyword's character) and
runs one Arrow/RE2 pass per brand over the raw text; the per-brand rows carry only the
light columns (strings as categories) and fetch text, URLs and hashtags by position
where a section reads them (:func:`heavy`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import regex

from reporting.params import ClientParams
from reporting.text import topics

_BOUNDARY_CHARS = r"[^\p{Latin}\p{Greek}\p{N}_]"
_BEFORE = rf"(?:^|{_BOUNDARY_CHARS})"
_AFTER = rf"(?:$|{_BOUNDARY_CHARS})"
_WORD_EDGE = regex.compile(r"[\p{Latin}\p{Greek}\p{N}_]")
_SPACE = r"[\s\p{Z}]*"
_SPECIAL = frozenset("\\^$.|?*+()[]{}-")
_MARKS = "[\u0300-\u036f]*"  # combining accents of Latin and Greek (decomposed text); \p{Mn} would make RE2 crawl


@cache
def _fold_variants() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Every character whose folded form is one character (``É`` -> ``e``) or several (``ß`` -> ``ss``).

    Matching folds the *pattern* instead of the text: each keyword character
    becomes the class of all characters that fold to it, so one Arrow (RE2) pass
    over the raw text finds what folding every text would find, at a fraction
    of the cost.
    """
    single: dict[str, set[str]] = defaultdict(set)
    multi: dict[str, set[str]] = defaultdict(set)
    ranges = (range(0x10000), range(0x1D400, 0x1D800), range(0x1F100, 0x1F200))
    for cp in (cp for r in ranges for cp in r):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = topics.fold(ch)
        if folded and folded != ch:
            (single if len(folded) == 1 else multi)[folded].add(ch)
    return ({k: frozenset(v) for k, v in single.items()}, {k: frozenset(v) for k, v in multi.items()})


def _escape(ch: str) -> str:
    """A literal character, escaped where RE2 and Python ``regex`` would read it as syntax."""
    return "\\" + ch if ch in _SPECIAL else ch


def _char_class(chars: set[str] | frozenset[str]) -> str:
    return "[" + "".join(_escape(c) for c in sorted(chars)) + "]"


@cache
def _sequence(folded: str) -> str:
    """Pattern for a folded string: each character or any character folding to it, marks allowed after it."""
    if not folded:
        return ""
    single, multi = _fold_variants()
    ch = folded[0]
    if ch.isspace():
        head = _SPACE
    else:
        head = _char_class({ch} | single.get(ch, frozenset())) + _MARKS
        decomposed = unicodedata.normalize("NFD", ch)
        if decomposed != ch and "\uac00" <= ch <= "\ud7a3":  # Hangul typed as separate jamo (macOS text)
            head = "(?:" + head + "|" + "".join(_escape(c) for c in decomposed) + ")"
    options = [head + _sequence(folded[1:])]
    for seq, chars in multi.items():
        if len(seq) > 1 and folded.startswith(seq):
            options.append(_char_class(chars) + _MARKS + _sequence(folded[len(seq):]))
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def term_pattern(term: str) -> str:
    """RE2/regex pattern matching ``term`` case-, accent- and width-insensitively.

    Latin and Greek words must stand alone (``IKEA`` not in ``ikeaxyz``); a
    Hangul edge needs no boundary because Korean particles attach to the
    noun (``스타벅스에서``).
    """
    folded = " ".join(topics.fold(term).split())
    if not folded:
        raise ValueError(f"empty brand keyword {term!r}")
    before = _BEFORE if _WORD_EDGE.match(folded[0]) else ""
    after = _AFTER if _WORD_EDGE.match(folded[-1]) else ""
    return before + _sequence(folded) + after


def brand_terms(params: ClientParams) -> dict[str, list[str]]:
    """Name, keywords and ``@handles`` per brand, client first."""
    def handles(raw: dict[str, str | list[str]]) -> list[str]:
        out: list[str] = []
        for value in raw.values():
            out += [value] if isinstance(value, str) else list(value)
        return ["@" + h.lstrip("@") for h in out]

    terms = {params.display_name: [params.display_name, *params.keywords, *handles(params.handles)]}
    for c in params.competitors:
        terms[c.name] = [c.name, *c.keywords, *handles(c.handles)]
    return {brand: list(dict.fromkeys(ts)) for brand, ts in terms.items()}


def brand_patterns(params: ClientParams) -> dict[str, str]:
    """One combined pattern per brand: any of its terms."""
    return {brand: "|".join(f"(?:{term_pattern(t)})" for t in terms)
            for brand, terms in brand_terms(params).items()}


def _arrow(values: pd.Series) -> pa.Array:
    """The column as one contiguous Arrow string array (frames read from Parquet may be chunked)."""
    arr = pa.array(values.astype("string[pyarrow]").array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _matches(values: pd.Series, pattern: str) -> np.ndarray:
    arr = _arrow(values)
    return pc.fill_null(pc.match_substring_regex(arr, pattern), False).to_numpy(zero_copy_only=False)


def map_export_brands(values: pd.Series, patterns: dict[str, str]) -> pd.Series:
    """The parameter brand each export brand/query value names, when it names exactly one."""
    distinct = pd.Series(values.dropna().unique(), dtype="string")
    if distinct.empty:
        return pd.Series(pd.NA, index=values.index, dtype="string")
    hits = pd.DataFrame({b: _matches(distinct, p) for b, p in patterns.items()})
    single = hits.sum(axis=1) == 1
    mapping = dict(zip(distinct[single], hits[single].idxmax(axis=1), strict=True))
    return values.map(mapping).astype("string")


@dataclass
class Matched:
    """Per-brand mention rows and how the matching went (for the method note).

    ``rows`` holds the light columns of each (mention, brand) pair, strings as
    categories, and ``src``: the mention's position in the frame that was
    matched, from which the heavy columns (text, url, hashtags) are fetched only
    where a section reads them (:func:`heavy`). ``primary`` marks one row per
    mention, for counts of distinct mentions.
    """

    rows: pd.DataFrame
    mentions: int  # distinct mentions read
    unmatched: int  # distinct mentions naming no tracked brand
    multi_brand: int  # distinct mentions counted for two or more brands
    from_export: int  # (mention, brand) pairs taken from the export's own brand column


LIGHT = ["mention_id", "time", "channel", "source", "author", "author_followers", "language", "sentiment",
         "sentiment_origin", "reach", "engagement"]
CATEGORIES = ["channel", "source", "author", "sentiment", "sentiment_origin"]


def match_brands(mentions: pd.DataFrame, params: ClientParams, within: np.ndarray | None = None) -> Matched:
    """One row per (mention, tracked brand): the export's brand when it maps, plus every brand the text names.

    ``within`` (a boolean mask over ``mentions``) limits the rows read; rows
    repeating a ``mention_id`` (an export with one row per brand) are one mention.
    """
    patterns = brand_patterns(params)
    code = {brand: i for i, brand in enumerate(patterns)}
    considered = np.flatnonzero(np.ones(len(mentions), bool) if within is None else np.asarray(within, bool))
    ids = mentions["mention_id"].take(considered)
    given = mentions["brand"].take(considered)
    has_brand = bool(given.notna().any())
    # ingest keeps one row per (mention_id, brand): ids only repeat when the export names brands
    base = considered[_first_occurrence(ids)] if has_brand else considered
    src_parts: list[np.ndarray] = []
    brand_parts: list[np.ndarray] = []
    export_parts: list[np.ndarray] = []
    if has_brand:
        mapped = map_export_brands(given, patterns)
        known = mapped.notna().to_numpy()
        position = pd.Series(base, index=mentions["mention_id"].take(base).to_numpy())
        src_parts.append(position.reindex(ids[known].to_numpy()).to_numpy(dtype=np.int64))
        brand_parts.append(mapped[known].map(code).to_numpy(dtype=np.int64))
        export_parts.append(np.ones(int(known.sum()), bool))
    texts = mentions["text"].take(base)
    for brand, pattern in patterns.items():
        hit = base[_matches(texts, pattern)]
        src_parts += [hit]
        brand_parts += [np.full(len(hit), code[brand], dtype=np.int64)]
        export_parts += [np.zeros(len(hit), bool)]
    src, brand_code, export = (np.concatenate(src_parts), np.concatenate(brand_parts),
                               np.concatenate(export_parts))
    if has_brand:  # export and text may name the same pair: keep one, the export's
        order = np.lexsort((~export, brand_code, src))
        src, brand_code, export = src[order], brand_code[order], export[order]
        keep = np.r_[True, (src[1:] != src[:-1]) | (brand_code[1:] != brand_code[:-1])] if len(src) else src > 0
        src, brand_code, export = src[keep], brand_code[keep], export[keep]
    else:  # one sorted run per brand: a stable merge orders by mention, then brand
        order = np.argsort(src, kind="stable")
        src, brand_code, export = src[order], brand_code[order], export[order]
    rows = mentions[LIGHT].take(src).reset_index(drop=True)
    rows = rows.assign(**{c: _categorical(rows[c]) for c in CATEGORIES})
    rows.insert(0, "src", src)
    rows.insert(2, "brand", pd.Categorical.from_codes(brand_code, categories=list(patterns)))
    rows["primary"] = np.r_[True, src[1:] != src[:-1]] if len(src) else np.zeros(0, bool)
    primary = rows["primary"].to_numpy()
    multi = int(np.unique(src[~primary]).size)  # a mention's second pair onwards: it named several brands
    return Matched(rows=rows, mentions=len(base), unmatched=len(base) - int(primary.sum()), multi_brand=multi,
                   from_export=int(export.sum()))


def _first_occurrence(values: pd.Series) -> np.ndarray:
    """True at the first row of each distinct value (Arrow hashing: much faster than ``duplicated`` on strings)."""
    codes = pc.dictionary_encode(_arrow(values)).indices
    codes = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False)
    first = np.zeros(len(codes), bool)
    first[np.unique(codes, return_index=True)[1]] = True
    first[codes == -1] = True  # a missing id is its own mention
    return first


def _categorical(values: pd.Series) -> pd.Categorical:
    """Strings as a categorical, encoded by Arrow (several times faster than ``astype('category')``)."""
    encoded = pc.dictionary_encode(_arrow(values))
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    return pd.Categorical.from_codes(codes, categories=pd.Index(encoded.dictionary.to_pylist(), dtype="string"))


def heavy(mentions: pd.DataFrame, rows: pd.DataFrame, column: str) -> pd.Series:
    """A heavy column (text, url, hashtags) of the matched mentions, aligned with ``rows``."""
    return pd.Series(mentions[column].take(rows["src"].to_numpy()).array, index=rows.index, name=column)
