"""The report's grounded-statement rule, as a check on rendered HTML.

Every sentence, card, heading, caption and table header a report shows must be
backed by its data: no placeholder value ("–", ``nan``, ``None``, ``NaT``), no
unfilled ``{field}``, no empty parentheses, no dangling "with –". Table *cells*
may show "–" for a missing number (that is what a blank cell means there), and
user text (post and mention texts shown in table cells) is not prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

PROSE_TAGS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "caption", "figcaption", "th", "summary",
                        "title"})
SKIPPED = frozenset({"script", "style", "td", "pre", "code", "svg"})  # cells, code and the YAML snippet
WORDS = re.compile(r"\b(nan|NaN|None|NaT|null|undefined|inf)\b")
UNFILLED = re.compile(r"\{[a-z_]+\}")
EMPTY_PARENS = re.compile(r"\(\s*[,;:·]?\s*\)")
DANGLING = re.compile(r"(^|[^\w])(with|and|on|of|at|from|to|for|in)\s+[.,;:)]")


@dataclass(frozen=True)
class Problem:
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.text[:200]!r}"


class _Prose(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.chunks: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        self.stack.append(tag)
        if tag in PROSE_TAGS and not self._skipped():
            self.chunks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def _skipped(self) -> bool:
        return any(t in SKIPPED for t in self.stack)

    def handle_data(self, data: str) -> None:
        if self._skipped() or not any(t in PROSE_TAGS for t in self.stack) or not self.chunks:
            return
        self.chunks[-1].append(data)


def prose(html: str) -> list[str]:
    """The report's prose: the text of every heading, paragraph, list item, card row, caption and header cell."""
    parser = _Prose()
    parser.feed(html)
    return [" ".join("".join(c).split()) for c in parser.chunks if "".join(c).strip()]


def placeholder_dash(text: str) -> bool:
    """An en dash standing for a missing value ("(–)", "with –.", "; – have"), not a range or a pause.

    A range ("Oct 1 – 31", "$105 – $182") has a value after the dash; a dash used as a pause
    in a sentence follows a word or a closing bracket.
    """
    for m in re.finditer("–", text):
        before, after = text[: m.start()].rstrip(), text[m.end():].lstrip()
        if not after or after[0] in ".,;:)·":
            return True
        if (not before or before[-1] in "(;:,·") and after[0].isalpha():
            return True
    return False


def problems(html: str) -> list[Problem]:
    """Every prose text that breaks the rule, with the reason."""
    found = []
    for text in prose(html):
        if placeholder_dash(text):
            found.append(Problem(text, "placeholder dash"))
        if (m := WORDS.search(text)):
            found.append(Problem(text, f"placeholder word {m.group(1)!r}"))
        if UNFILLED.search(text):
            found.append(Problem(text, "unfilled field"))
        if EMPTY_PARENS.search(text):
            found.append(Problem(text, "empty parentheses"))
        if DANGLING.search(text):
            found.append(Problem(text, "dangling word before punctuation"))
    return found
