"""Which language a mention is written in, from its script: fast enough for a million mentions.

Listening exports often leave the language column empty, and the sentiment
method depends on the language, so every mention needs a code. A statistical
language identifier would be slower and still guess on five-word posts; for the
three languages the reports support, the script decides almost every case:

* **Hangul** (syllables and the jamo of ``ㅋㅋ``/``ㅠㅠ``) is written only in
  Korean: ``ko``.
* **Greek** letters are written only in Greek: ``el``.
* **Latin** letters: ``en``, unless the text carries more function words of
  another Latin-script language (Spanish, French, German, Italian,
  Portuguese, Dutch, Indonesian, Turkish: *que, der, het, yang*...) than of
  English, or accented Latin letters (é, ñ, ü, ß, ą...) making up more than 5 % of
  its letters (two at least, so one *café* stays English): then ``und``.
* Any other script (Cyrillic, Arabic, Hebrew, Indic, Thai, Chinese, Japanese
  kana) wins: ``und``. So do texts with no letters at all (emoji, numbers,
  links only, empty).

A mention mixes scripts (Latin brand names and hashtags in Korean and Greek
posts), so each script's letters are weighted before the largest wins: a
Hangul syllable counts 8 Latin letters (one syllable carries a word's worth of
sound for a handful of letters, and Korean posts quote English names), a
compatibility jamo or Greek letter 4, a letter of another script 2 (8 for
Chinese characters and kana). ``"스타벅스 coffee 최고"`` is therefore ``ko`` and
``"Had the bibimbap at 비빔밥 house today with the team"`` stays ``en``.

Counting works on the UTF-8 bytes of the whole column at once (NumPy over the
Arrow buffer), never on one string at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CODES: tuple[str, ...] = ("ko", "el", "en", "und")
"""Every value :func:`detect` returns. ``und`` is ISO 639-2 'undetermined'."""

_HANGUL_WEIGHT = 8
_JAMO_WEIGHT = 4
_GREEK_WEIGHT = 4
_CJK_WEIGHT = 8
_OTHER_WEIGHT = 2
_ACCENTED_SHARE = 0.05

_ENGLISH_WORDS = (
    "the a an and or but is are was were be been am i you he she it we they me my your our "
    "this that these those to of in on at for with from by not no so just very too have has had "
    "do does did don't can't won't it's i'm im thanks love great good bad"
).split()
_FOREIGN_WORDS = (
    # es / pt
    "el la los las del que y es muy para con una por pero como más mas está esta gracias "
    "não nao você voce um uma com mais obrigado obrigada "
    # fr
    "le les et est une des du pas très tres je nous vous avec pour mais merci c'est "
    # de / nl
    "der die das und ist nicht ein eine mit ich sehr auch danke het een niet ik zijn "
    # it
    "il che di non per sono della grazie molto "
    # id / ms / tr
    "yang dan ini itu tidak saya dengan untuk bir ve çok bu"
).split()


def detect(texts: pd.Series) -> pd.Series:
    """ISO 639-1 code (``ko``, ``el``, ``en``) per text, ``und`` when none applies.

    Parameters
    ----------
    texts
        Mention texts, any string-like dtype; missing values count as empty.

    Returns
    -------
    pd.Series
        ``string`` dtype, same index as ``texts``.

    Examples
    --------
    >>> detect(pd.Series(["너무 좋아요", "Πολύ καλό", "So good", "¡Qué bueno está el café!", "👍"])).tolist()
    ['ko', 'el', 'en', 'und', 'und']
    """
    arr = _utf8(texts)
    counts = _script_counts(arr)
    latin = counts["latin"]
    weighted = np.vstack([
        _HANGUL_WEIGHT * counts["hangul"] + _JAMO_WEIGHT * counts["jamo"],
        _GREEK_WEIGHT * counts["greek"],
        latin,
        _CJK_WEIGHT * counts["cjk"] + _OTHER_WEIGHT * counts["other"],
    ])
    choice = np.array(["ko", "el", "en", "und"], dtype=object)[weighted.argmax(axis=0)]
    choice[weighted.sum(axis=0) == 0] = "und"

    english = np.flatnonzero(choice == "en")
    if english.size:
        accented = counts["accented"][english] > np.maximum(1, _ACCENTED_SHARE * latin[english])
        words = _word_votes(arr.take(pa.array(english)))
        choice[english[accented | words]] = "und"
    return pd.Series(choice, index=texts.index, dtype="string")


def _utf8(texts: pd.Series) -> pa.LargeStringArray:
    """The column as one contiguous Arrow array, missing values as empty strings."""
    arr = pa.array(texts.astype("string[pyarrow]").array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.fill_null(arr.cast(pa.large_string()), "")


_LATIN, _ACCENTED, _GREEK, _OTHER, _CJK, _HANGUL = 1, 2, 3, 4, 5, 6


def _lead_classes() -> np.ndarray:
    """Byte value → script class of the character a UTF-8 byte starts (0: none we count)."""
    table = np.zeros(256, dtype=np.uint8)
    table[ord("A"): ord("Z") + 1] = table[ord("a"): ord("z") + 1] = _LATIN
    table[0xC3:0xC6] = _ACCENTED      # Latin-1 supplement and Latin Extended-A letters
    table[0xCE:0xD0] = _GREEK         # U+0380-03FF
    table[0xD0:0xDC] = _OTHER         # Cyrillic, Armenian, Hebrew, Arabic, Syriac
    table[0xE0] = _OTHER              # Indic scripts, Thai
    table[0xE4:0xEA] = _CJK           # CJK ideographs
    table[0xEA:0xEE] = _HANGUL        # Hangul syllables U+AC00-D7A3 (EA B0 onwards)
    return table


_CLASSES = _lead_classes()


def _script_counts(arr: pa.LargeStringArray) -> dict[str, np.ndarray]:
    """Per text: characters of each script, counted from UTF-8 lead bytes.

    A lead byte says which block a character comes from (:func:`_lead_classes`);
    ``E3`` needs its second byte: ``84``-``86`` Hangul compatibility jamo
    (ㅋ, ㅠ), ``81``-``83`` kana.
    """
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
    offsets = offsets - offsets[0]
    if len(data) == 0:
        return {name: np.zeros(len(arr), dtype=np.int64)
                for name in ("latin", "accented", "greek", "other", "cjk", "hangul", "jamo")}
    classes = _CLASSES[data]
    starts = offsets[:-1]
    filled = offsets[1:] > starts
    index = np.minimum(starts, len(data) - 1)

    def count(mask: np.ndarray) -> np.ndarray:
        # a uint8 view with a uint32 accumulator: summing bools into int64 is 20x slower
        total = np.add.reduceat(mask.view(np.uint8), index, dtype=np.uint32).astype(np.int64)
        total[~filled] = 0
        return total

    out = {name: count(classes == code) for name, code in (
        ("latin", _LATIN), ("accented", _ACCENTED), ("greek", _GREEK), ("other", _OTHER),
        ("cjk", _CJK), ("hangul", _HANGUL))}
    out["latin"] = out["latin"] + out["accented"]
    e3 = np.flatnonzero(data[:-1] == 0xE3)
    second = data[e3 + 1]
    owner = np.searchsorted(offsets, e3, side="right") - 1
    out["jamo"] = np.bincount(owner[(second >= 0x84) & (second <= 0x86)], minlength=len(arr))
    out["cjk"] += np.bincount(owner[(second >= 0x81) & (second <= 0x83)], minlength=len(arr))
    return out


def _word_votes(arr: pa.LargeStringArray) -> np.ndarray:
    """True where a text has more non-English than English function words."""
    words = pc.split_pattern_regex(pc.utf8_lower(arr), r"[^\w']+")
    flat = pc.list_flatten(words)
    parent = pc.list_parent_indices(words).to_numpy()

    def votes(vocabulary: list[str]) -> np.ndarray:
        hit = pc.is_in(flat, value_set=pa.array(vocabulary)).to_numpy(zero_copy_only=False)
        return np.bincount(parent[hit], minlength=len(arr))

    return votes(_FOREIGN_WORDS) > votes(_ENGLISH_WORDS)
