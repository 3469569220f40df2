"""Text structure the review needs: quotations and sentences. Linear in the text's length."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Every character that can open or close a quotation, and the line break that ends one.
_QUOTE_CHARS = re.compile("[\"\u201c\u201d\u2018\u2019'\n]")
_CLOSERS = {'"': '"\u201d', "\u201c": '\u201d"', "\u2018": "\u2019'", "'": "'\u2019"}


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, quote marks included, in order; never nested.

    Straight and curly, double and single quotes count. A quotation does not run across a
    line break. A single quote between letters (Olivia's, don't) is an apostrophe.
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    closers = ""
    n = len(text)
    for m in _QUOTE_CHARS.finditer(text):
        i = m.start()
        c = text[i]
        if c == "\n":
            open_at = -1
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if open_at < 0:
            if c in '"\u201c' or (
                c in "'\u2018" and not _is_word(before) and not after.isspace()
            ):
                open_at, closers = i, _CLOSERS[c]
            continue
        if c in closers:
            if c in "'\u2019" and (_is_word(after) or before.isspace()):
                continue  # an apostrophe inside the quotation
            spans.append((open_at, i + 1))
            open_at = -1
    return spans


# A sentence ends at . ! or ? (with any closing quotes or brackets) before white space, or at
# a line break.
_SENTENCE_END = re.compile("[.!?]+[\"'\u201d\u2019)\\]]*(?=\\s)|\n")


@dataclass(frozen=True)
class Sentences:
    starts: list[int]
    length: int = 0

    @classmethod
    def of(cls, text: str) -> Sentences:
        return cls([0] + [m.end() for m in _SENTENCE_END.finditer(text)], len(text))

    def index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`."""
        i = self.index(pos)
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else self.length


class Regions:
    """Fast 'is this position inside one of these sorted, non-overlapping spans?'."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def containing(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i]
        return None

    def __contains__(self, pos: int) -> bool:
        return self.containing(pos) is not None


_ASCII_LOWER = {i: i + 32 for i in range(ord("A"), ord("Z") + 1)}


def lowered(text: str) -> str:
    """`text` with A-Z lower-cased and every offset unchanged (str.lower() can change length)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def word_matches(regex: re.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """Matches of `regex` that start at the start of a word, leftmost first, not overlapping.

    The patterns leave the "not inside a word" check to this loop: a regex that starts with
    a look-behind makes Python's engine try every position, while one that starts with
    letters lets it skip quickly to the next possible first letter.
    """
    end = len(text) if endpos is None else endpos
    while pos <= end:
        m = regex.search(text, pos, end)
        if m is None:
            return
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_") and (
                start == len(text) or text[start].isalnum() or text[start] == "_"):
            pos = start + 1
            continue
        yield m
        pos = m.end() if m.end() > start else start + 1
