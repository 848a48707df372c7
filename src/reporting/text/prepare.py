"""Text preparation shared by the sentiment methods and the trained models: clean, fold, Korean morphemes.

A mention is untrusted text: HTML, links, handles and invisible direction marks
carry no opinion, so :func:`clean` removes them before anything reads the words.
:func:`fold_greek` writes Greek (and accented Latin) the way lexicons and
trained features see it, and :func:`korean_morphemes` analyses each distinct
Korean word once with Kiwi for the whole batch.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

_NOISE = re.compile(
    r"<[^>]*>"                                   # HTML tags
    r"|(?:https?://|www\.)\S+"                   # links
    r"|(?<!\w)@\w+"                              # handles (a brand handle is not an opinion)
    r"|[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # zero-width and direction marks
)
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def clean(text: str) -> str:
    """The words of a mention: entities decoded, tags, links, handles and invisible marks removed."""
    return " ".join(_NOISE.sub(" ", html.unescape(text)).split())


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
    """Lower case, accents and diaeresis dropped, final ς as σ (Hangul passes through unchanged).

    How the Greek lexicon is written and how trained models see every language,
    so *Απαράδεκτη* and *απαραδεκτη* (the bank tweets are written that way) are one word.
    """
    return text.casefold().translate(_FOLD)


@cache
def kiwi():  # noqa: ANN201 - kiwipiepy has no public type to name here
    """One Kiwi for the process: loading its model takes a second; it analyses on every core."""
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_morphemes(words: Iterable[str]) -> dict[str, list[str]]:
    """``form/TAG`` morphemes of each distinct word, analysed by Kiwi in one batch.

    Words (space-separated chunks, Korean 어절) are analysed one by one rather
    than whole texts: distinct words repeat far more than distinct texts, so the
    batch shrinks (three times fewer characters on 100k mentions), and a word is
    analysed the same way in every text, which keeps a model's features stable.
    Words without Hangul are left out (callers keep them as they are).
    """
    vocabulary = [w for w in dict.fromkeys(words) if HANGUL.search(w)]
    analysed = kiwi().tokenize(vocabulary) if vocabulary else []
    return {w: [f"{t.form}/{t.tag.split('-')[0]}" for t in tokens] for w, tokens in zip(vocabulary, analysed)}
