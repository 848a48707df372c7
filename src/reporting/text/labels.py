"""Per-client accuracy of computed sentiment, measured on mentions the analyst labelled by hand.

Shipped methods are measured on public labelled texts, which are not the client's
mentions. An analyst labels a sample of the client's own mentions
(``data/<client>/labels/sentiment_labels.csv``, see ``docs/sentiment-labels.md``;
``reporting label`` writes the sample to fill in), and for each language this module:

* measures the shipped method on those labels (:data:`reporting.text.sentiment.BAR`
  decides whether it passes there), with the sample size and a 95 % Wilson interval;
* where no shipped method passes (Greek has none; a shipped one may fail on a
  client's mentions), fits a model on the labels themselves, judged by
  cross-validation, and uses it only if it passes;
* says how many more labels are needed when there are too few to measure or to fit.

:func:`client_sentiment` returns the decision as a :class:`ClientSentiment` whose
:meth:`~ClientSentiment.score` replaces :func:`reporting.text.sentiment.score` for that
client. Labelled texts never leave the client's folder: a client's model is cached
under ``data/.cache/<client>/sentiment/`` and holds hashed features, not texts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from reporting import paths
from reporting.text import sentiment
from reporting.text.features import Block
from reporting.text.model import TextModel, atomic_write
from reporting.text.prepare import clean, fold_greek
from reporting.text.training import Settings, fit

FILE_STEM = "sentiment_labels"
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
COLUMNS = ("mention_id", "date", "brand", "language", "text", "label")
"""What ``reporting label`` writes; only ``label`` and one of ``mention_id`` / ``text`` are required."""

MIN_TO_MEASURE = 50
"""Labelled mentions of one language before its accuracy is measured (the 95 % interval is then ±13 points at most)."""
MIN_POLAR_TO_MEASURE = 10
"""Positive and negative labels each, before balanced accuracy means anything."""
MIN_PER_CLASS_TO_FIT = 40
"""Positive and negative labels each before a client's own model is fitted; neutral becomes a class of its
own with as many. ``benchmarks/bench_sentiment.py`` prints how a model learns with the number of labels."""
FOLDS = 5
C = 10.0

_ALIASES = {
    "positive": "positive", "pos": "positive", "+": "positive", "+1": "positive", "1": "positive",
    "negative": "negative", "neg": "negative", "-": "negative", "-1": "negative",
    "neutral": "neutral", "neu": "neutral", "0": "neutral",
    "긍정": "positive", "부정": "negative", "중립": "neutral",
    "θετικο": "positive", "θετικη": "positive", "αρνητικο": "negative", "αρνητικη": "negative",
    "ουδετερο": "neutral", "ουδετερη": "neutral",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class LabelError(ValueError):
    """Labels that cannot support what was asked (too few, one class only): the message says what is missing."""


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class LabelSet:
    """Every usable label of a client: one row per labelled mention (``mention_id``, ``text``,
    ``language``, ``label``, ``file``, ``row``), plus what could not be used and why."""

    frame: pd.DataFrame
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unlabelled: int = 0

    def digest(self) -> str:
        """Content digest of the labels (what a cached client model depends on)."""
        rows = sorted(zip(self.frame["text"].tolist(), self.frame["label"].tolist(), strict=True))
        return hashlib.blake2b(json.dumps(rows, ensure_ascii=False).encode(), digest_size=12).hexdigest()


def label_files(folder: Path) -> list[Path]:
    """The analyst's label files in a client's data folder: ``labels/sentiment_labels*.csv`` (or .tsv, .xlsx)."""
    where = paths.labels_dir(folder)
    if not where.is_dir():
        return []
    return sorted(p for p in where.iterdir() if p.is_file() and p.name.startswith(FILE_STEM)
                  and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def parse_label(value: str) -> str | None:
    """positive / negative / neutral from what an analyst typed (English, Korean or Greek, any case, accents
    optional, ``+``/``-``/``0``); ``""`` for an empty cell; ``None`` when unreadable."""
    key = fold_greek(value.strip())
    if not key:
        return ""
    return _ALIASES.get(key)


def _text_cell(value: str) -> str:
    """Undo the quote ``reporting label`` puts before text a spreadsheet would read as a formula."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read_labels(folder: Path, mentions: pd.DataFrame | None = None) -> LabelSet:
    """Read every label file of a client's data folder into one :class:`LabelSet`.

    Parameters
    ----------
    folder
        The client's data folder (``params.data_path``).
    mentions
        The client's canonical mentions: rows that give only a ``mention_id`` take their
        text (and language) from there.

    Rows with an empty label are not labelled yet (counted, not used). A row with a label
    nobody can read, without text or a known mention, or labelled two ways across rows or
    files is left out and named in ``problems`` (file and row), never guessed.
    """
    from reporting.ingest.errors import ExportError
    from reporting.ingest.sources import read_sheets

    files = label_files(folder)
    rows: list[dict] = []
    problems: list[str] = []
    unlabelled = 0
    for path in files:
        display = path.relative_to(folder).as_posix()
        try:
            sheet = read_sheets(path, display)[0]
        except ExportError as exc:
            problems.append(str(exc))
            continue
        table = sheet.table(0)  # the first row names the columns; a large file's body is read in full
        header = [fold_greek(c) for c in table.raw_header]
        if "label" not in header or not {"mention_id", "text"} & set(header):
            problems.append(f"{display}: the first row must name the columns 'label' and 'mention_id' or 'text' "
                            f"(found: {', '.join(h for h in header if h) or 'nothing'})")
            continue
        cells = pd.DataFrame({name: table.data.iloc[:, header.index(name)].fillna("").astype(str).str.strip()
                              for name in COLUMNS if name in header})
        for number, cell in zip(table.rows.tolist(), cells.to_dict("records"), strict=True):
            if not any(cell.values()):
                continue
            value = parse_label(cell["label"])
            if value == "":
                unlabelled += 1
            elif value is None:
                problems.append(f"{display} row {number}: label {cell['label']!r} is not positive, neutral or "
                                "negative: row left out")
            else:
                rows.append({"mention_id": cell.get("mention_id", ""), "text": _text_cell(cell.get("text", "")),
                             "language": cell.get("language", ""), "label": value, "file": display, "row": number})
    frame = pd.DataFrame(rows, columns=["mention_id", "text", "language", "label", "file", "row"])
    frame, more = _complete(frame, mentions)
    return LabelSet(frame, files, problems + more, unlabelled)


def _complete(frame: pd.DataFrame, mentions: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """Texts and languages from the mentions where a row lacks them; duplicates merged, conflicts left out."""
    from reporting.text import language

    problems: list[str] = []
    if frame.empty:
        return frame, problems
    if mentions is not None and len(mentions):
        known = mentions.drop_duplicates("mention_id").set_index("mention_id")
        ids = frame["mention_id"]  # an id not among the mentions maps to nothing
        text = ids.map(known["text"]).astype(object)
        lang = ids.map(known["language"]).astype(object)
        frame["text"] = frame["text"].where(frame["text"] != "", text.fillna(""))
        frame["language"] = frame["language"].where(frame["language"] != "", lang.fillna(""))
    missing = frame["text"].map(lambda t: not clean(str(t))).to_numpy(dtype=bool)
    for r in frame[missing].itertuples():
        problems.append(f"{r.file} row {r.row}: no text, and mention {r.mention_id or '(no id)'} is not among the "
                        "client's mentions: row left out")
    frame = frame[~missing].copy()
    codes = sentiment.language_codes(frame["language"].astype("string")).replace("", pd.NA)
    if codes.isna().any():
        codes[codes.isna()] = language.detect(frame.loc[codes.isna(), "text"].astype("string")).to_numpy()
    frame["language"] = codes.astype(str)
    frame["key"] = [m if m else "text:" + fold_greek(clean(t)) for m, t in zip(frame["mention_id"], frame["text"],
                                                                           strict=True)]
    labels_per_key = frame.groupby("key")["label"].nunique()
    for key in labels_per_key.index[labels_per_key > 1]:
        where = frame[frame["key"] == key]
        spots = ", ".join(f"{f} row {r}" for f, r in zip(where["file"], where["row"], strict=True))
        problems.append(f"labelled {' and '.join(sorted(set(where['label'])))} in {spots}: left out")
    frame = frame[~frame["key"].isin(labels_per_key.index[labels_per_key > 1])]
    return frame.drop_duplicates("key").drop(columns="key").reset_index(drop=True), problems


# --- measuring ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """How one method did on one language's labels.

    ``right`` of ``n`` labelled mentions got the analyst's label (neutral included):
    ``accuracy``, with the 95 % Wilson interval ``low``..``high``. The other figures are
    :func:`reporting.text.sentiment.evaluate`'s; ``passes`` applies the project's bar to them.
    ``cross_validated``: the figures of a model fitted on these labels come from folds it
    was not fitted on.
    """

    method: str
    description: str
    n: int
    right: int
    accuracy: float
    low: float
    high: float
    balanced_accuracy: float
    coverage: float
    macro_f1: float
    three_class_accuracy: float | None
    passes: bool
    cross_validated: bool = False


def wilson(right: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion (good at small n and near 0 or 1, unlike the normal one)."""
    from scipy.stats import binomtest

    interval = binomtest(right, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(interval.low), float(interval.high)


def counts_of(labels: pd.Series) -> dict[str, int]:
    return {c: int((labels == c).sum()) for c in ("positive", "neutral", "negative")}


def check_measurable(labels: pd.Series, language: str = "") -> None:
    """Raise :class:`LabelError` unless ``labels`` can measure a method (see :data:`MIN_TO_MEASURE`)."""
    where = f"{language}: " if language else ""
    counts = counts_of(labels)
    if len(labels) < MIN_TO_MEASURE:
        raise LabelError(f"{where}{len(labels)} labelled mention(s); measuring needs at least {MIN_TO_MEASURE} "
                         f"({MIN_TO_MEASURE - len(labels)} more)")
    if sum(1 for v in counts.values() if v) < 2:
        only = next(c for c, v in counts.items() if v)
        raise LabelError(f"{where}every labelled mention is {only!r}: accuracy needs positive and negative "
                         f"labels, at least {MIN_POLAR_TO_MEASURE} of each")
    short = {c: MIN_POLAR_TO_MEASURE - counts[c] for c in sentiment.POLAR if counts[c] < MIN_POLAR_TO_MEASURE}
    if short:
        raise LabelError(f"{where}" + "; ".join(f"{counts[c]} {c} label(s), {n} short of {MIN_POLAR_TO_MEASURE}"
                                                for c, n in short.items()))


def measure(predicted: pd.Series, labels: pd.Series, method: str, description: str,
            cross_validated: bool = False) -> Measured:
    """Figures of ``predicted`` against the analyst's ``labels`` (aligned); refuses too few labels or one class."""
    check_measurable(labels)
    figures = sentiment.evaluate(pd.Series(predicted.to_numpy(), dtype="string"),
                                 pd.Series(labels.to_numpy(), dtype="string"))
    low, high = wilson(figures["right"], figures["n"])
    return Measured(method, description, figures["n"], figures["right"], figures["right"] / figures["n"], low, high,
                    figures["balanced_accuracy"], figures["coverage"], figures["macro_f1"],
                    figures["three_class_accuracy"], sentiment.BAR.passes(figures), cross_validated)


# --- a client's own model ------------------------------------------------------------------------------


def settings_for(language: str) -> Settings:
    """Feature blocks and C of a client's model, fixed in advance (never tuned on the labels it is judged on)."""
    blocks = (Block("char", 1, 4), Block("word", 1, 2))
    if language == "ko":
        blocks = (Block("char", 1, 3), Block("morpheme", 1, 2))
    return Settings(blocks, C, nb=False)


def check_fittable(labels: pd.Series, language: str = "") -> None:
    """Raise :class:`LabelError` unless ``labels`` can train a client's model (see :data:`MIN_PER_CLASS_TO_FIT`)."""
    where = f"{language}: " if language else ""
    counts = counts_of(labels)
    if sum(1 for v in counts.values() if v) < 2:
        only = next((c for c, v in counts.items() if v), "none")
        raise LabelError(f"{where}every labelled mention is {only!r}: a model needs positive and negative "
                         f"labels, at least {MIN_PER_CLASS_TO_FIT} of each")
    short = {c: MIN_PER_CLASS_TO_FIT - counts[c] for c in sentiment.POLAR if counts[c] < MIN_PER_CLASS_TO_FIT}
    if short:
        raise LabelError(f"{where}a model of its own needs at least {MIN_PER_CLASS_TO_FIT} positive and "
                         f"{MIN_PER_CLASS_TO_FIT} negative labels; " +
                         "; ".join(f"{counts[c]} {c} ({n} short)" for c, n in short.items()))


@dataclass
class ClientModel:
    """A model fitted on one client's labels of one language, with its cross-validated figures."""

    model: TextModel
    measured: Measured
    classes: tuple[str, ...]


def fit_client_model(texts: pd.Series, labels: pd.Series, language: str) -> ClientModel:
    """Fit a model on a client's labelled mentions of ``language``, judged on folds it was not fitted on.

    Classes with at least :data:`MIN_PER_CLASS_TO_FIT` labels are learned (positive and
    negative must be; neutral is once it has as many). Mentions of a class too small to learn
    are still judged, by the final model, which never saw them: the figures cover every label.
    """
    check_fittable(labels, language)
    labels = labels.reset_index(drop=True)
    texts = texts.reset_index(drop=True)
    counts = counts_of(labels)
    learned = [c for c in ("negative", "neutral", "positive") if counts[c] >= MIN_PER_CLASS_TO_FIT]
    inside = labels.isin(learned).to_numpy()
    fitted = fit(texts[inside].tolist(), labels[inside].tolist(), settings_for(language), folds=FOLDS)
    predicted = pd.Series("", index=labels.index, dtype=object)
    predicted[inside] = fitted.cv_labels
    if (~inside).any():
        predicted[~inside] = fitted.model.predict(texts[~inside].tolist())[0]
    description = f"a model fitted on {len(labels)} of the client's labelled mentions"
    measured = measure(predicted.astype("string"), labels, "client", description, cross_validated=True)
    return ClientModel(fitted.model, measured, tuple(learned))


def _code_digest() -> str:
    """What a cached client model depends on besides its labels: the fitting code and libraries."""
    import importlib.metadata

    from reporting.text import features, model, training

    h = hashlib.blake2b(digest_size=12)
    for module in (features, model, training):
        h.update(Path(module.__file__).read_bytes())
    for name in ("scikit-learn", "numpy", "scipy", "kiwipiepy"):
        h.update(importlib.metadata.version(name).encode())
    h.update(json.dumps([MIN_PER_CLASS_TO_FIT, FOLDS, C]).encode())
    return h.hexdigest()


def cached_client_model(texts: pd.Series, labels: pd.Series, language: str, cache: Path | None) -> ClientModel:
    """:func:`fit_client_model`, kept under ``cache`` keyed by the labels' content and the fitting code."""
    if cache is None:
        return fit_client_model(texts, labels, language)
    pairs = sorted(zip(texts.tolist(), labels.tolist(), strict=True))
    key = hashlib.blake2b(json.dumps([language, pairs, _code_digest()], ensure_ascii=False).encode(),
                          digest_size=12).hexdigest()
    npz, meta = cache / f"{language}-{key}.npz", cache / f"{language}-{key}.json"
    if npz.is_file() and meta.is_file():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return ClientModel(TextModel.load(npz), Measured(**info["measured"]), tuple(info["classes"]))
        except (ValueError, KeyError, TypeError, OSError):
            pass  # a damaged cache entry is refitted
    fitted = fit_client_model(texts, labels, language)
    fitted.model.save(npz)
    atomic_write(meta, json.dumps({"measured": asdict(fitted.measured), "classes": list(fitted.classes)}).encode())
    for old in cache.glob(f"{language}-*"):
        if key not in old.name:
            old.unlink(missing_ok=True)
    return ClientModel(TextModel.load(npz), fitted.measured, fitted.classes)


# --- the decision per language -----------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageVerdict:
    """What a client's labels say about computed sentiment in one language.

    ``labelled`` mentions with ``counts`` per label; ``shipped`` is the shipped method measured
    on them (``None`` when there is none for the language or too few labels to measure);
    ``client`` the client's own model (``None`` unless fitted). ``use`` is what scores the
    language's mentions for this client: ``"shipped"``, ``"client"`` or ``None`` (no computed
    sentiment). ``more_labels`` is how many more mentions to label, at this sample's mix of
    labels, for ``more_for`` (``"measure"`` or ``"fit"``), ``None`` when nothing is missing or
    a label class is absent so no estimate exists (``reason`` then says which).
    """

    language: str
    labelled: int
    counts: Mapping[str, int]
    shipped: Measured | None
    client: Measured | None
    use: str | None
    more_labels: int | None
    more_for: str | None
    reason: str
    model: TextModel | None = field(default=None, repr=False, compare=False)

    @property
    def used(self) -> Measured | None:
        """The figures of the method in use, when measured on the client's labels."""
        return {"shipped": self.shipped, "client": self.client}.get(self.use or "")


def more_labels(counts: Mapping[str, int], total: int, per_class: int) -> int | None:
    """Mentions still to label so that there are ``total`` labels and ``per_class`` positive and negative ones,
    assuming new labels come in this sample's proportions; ``None`` when a needed class has no label yet."""
    n = sum(counts.values())
    more = max(0, total - n)
    for cls in sentiment.POLAR:
        deficit = per_class - counts.get(cls, 0)
        if deficit > 0:
            if counts.get(cls, 0) == 0:
                return None
            more = max(more, math.ceil(deficit * n / counts[cls]))
    return more


def verdict(language: str, texts: pd.Series, labels: pd.Series, cache: Path | None = None) -> LanguageVerdict:
    """Measure, fit if needed, and decide what scores ``language`` for this client (see the module docstring)."""
    counts = counts_of(labels)
    n = len(labels)
    shipped = client = own = None
    reasons: list[str] = []
    has_shipped = language in sentiment.SUPPORTED
    if has_shipped:
        try:
            shipped = measure(sentiment.predict(texts, language), labels, "shipped",
                              sentiment.METHODS[language].description)
        except LabelError as exc:
            reasons.append(f"shipped method not measured on these labels: {exc}")
    if not has_shipped or (shipped is not None and not shipped.passes):
        try:
            own = cached_client_model(texts, labels, language, cache)
            client = own.measured
        except LabelError as exc:
            reasons.append(f"no model of the client's own: {exc}")
    if has_shipped and (shipped is None or shipped.passes):
        use = "shipped"
    elif client is not None and client.passes:
        use = "client"
    else:
        use = None
    more = more_for = None
    if use == "shipped" and shipped is None:
        more, more_for = more_labels(counts, MIN_TO_MEASURE, MIN_POLAR_TO_MEASURE), "measure"
    elif use is None and client is None:
        more, more_for = more_labels(counts, 0, MIN_PER_CLASS_TO_FIT), "fit"
    if use is None and client is not None:
        reasons.append("the client's own model stays below the bar in cross-validation")
    return LanguageVerdict(language, n, counts, shipped, client, use, more, more_for, "; ".join(reasons),
                           own.model if own is not None and use == "client" else None)


@dataclass
class ClientSentiment:
    """The sentiment methods one client's mentions get, per language, and the evidence for each choice."""

    verdicts: dict[str, LanguageVerdict]
    methods: dict[str, sentiment.Method]
    labels: LabelSet

    def score(self, texts: pd.Series, languages: pd.Series) -> pd.DataFrame:
        """:func:`reporting.text.sentiment.score` with this client's methods (same columns, same index)."""
        return sentiment.score_with(texts, languages, self.methods)

    @property
    def supported(self) -> frozenset[str]:
        return frozenset(self.methods)


def client_sentiment(folder: Path, mentions: pd.DataFrame | None = None,
                     cache: Path | None = None) -> ClientSentiment:
    """Read a client's labels, judge computed sentiment per labelled language, and choose the methods.

    Parameters
    ----------
    folder
        The client's data folder (``params.data_path``).
    mentions
        The client's canonical mentions (for rows that give only a mention id).
    cache
        Where the client's own models are kept (``paths.sentiment_cache_dir(client_id)``);
        ``None`` fits them in memory on every call.

    Examples
    --------
    >>> cs = client_sentiment(params.data_path, data.mentions, paths.sentiment_cache_dir(params.client_id))
    >>> scored = cs.score(mentions["text"], mentions["language"])   # instead of sentiment.score
    >>> cs.verdicts["el"].use, cs.verdicts["el"].client.accuracy
    ('client', 0.93)
    """
    labels = read_labels(folder, mentions)
    methods = {code: sentiment.METHODS[code] for code in sentiment.SUPPORTED}
    verdicts: dict[str, LanguageVerdict] = {}
    for language, part in labels.frame.groupby("language", sort=True):
        language = str(language)
        if language == "und":
            labels.problems.append(f"{len(part)} labelled mention(s) in no language the toolkit recognises: "
                                   "not used")
            continue
        v = verdict(language, part["text"].astype("string"), part["label"].astype("string"), cache)
        verdicts[language] = v
        if v.use is None:
            methods.pop(language, None)
        elif v.use == "client":
            methods[language] = sentiment.Method(v.client.description, sentiment.trained(lambda m=v.model: m))
    return ClientSentiment(verdicts, methods, labels)
