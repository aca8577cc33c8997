"""Pure helpers over document text: lines with offsets, sentences, numbering.

>>> [l.text for l in split_lines("一、总则\\n  1.任务\\n")]
['一、总则', '1.任务']
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[、.．](?!\d)|[（(]\d{1,3}[）)]|第[一二三四五六七八九十百\d]+[条章节]"
    r"|(?:活动|项目|会议|任务|措施|专项)[一二三四五六七八九十百\d]+[：:、])"
)
SENTENCE_END = re.compile(r"[。！？；;!?\n]")


@dataclass(frozen=True)
class Line:
    """A non-empty line (a paragraph) with its offsets in the document, white space trimmed."""

    start: int
    end: int
    text: str

    @property
    def numbered(self) -> bool:
        return bool(NUMBERED.match(self.text))


def split_lines(text: str, offset: int = 0) -> list[Line]:
    """Non-empty lines, trimmed of white space (including the full-width space), with offsets."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip(" \t\r\u3000\xa0")
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip(" \t\r\u3000\xa0"))
        start = offset + match.start() + lead
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


@lru_cache(maxsize=8192)
def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or list clause) that holds ``text[start:end]``.

    >>> t = "前言。推动光伏产业发展；其他。"
    >>> s, e = sentence_around(t, 5, 7); t[s:e]
    '推动光伏产业发展'
    """
    left = start
    while left > 0 and not SENTENCE_END.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and not SENTENCE_END.match(text[right]):
        right += 1
    while left < start and text[left] in " \t\u3000":
        left += 1
    return left, right


class SpanIndex:
    """Spans sorted by start, for the questions extraction asks of every mention: which spans
    start inside a range, and whether a span covers a position or holds a range — each in
    logarithmic time, so that a long document costs no more per character than a short one.

    >>> index = SpanIndex([(0, 10, "a"), (4, 6, "b"), (20, 30, "c")])
    >>> index.starting_in(3, 25)
    ['b', 'c']
    >>> index.covers(8), index.covers(12), index.holds(21, 29), index.holds(8, 12)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int, Any]]):
        self.spans = sorted(spans, key=lambda span: (span[0], span[1]))
        self.starts = [span[0] for span in self.spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for span in self.spans:
            furthest = max(furthest, span[1])
            self.reach.append(furthest)

    def starting_in(self, start: int, end: int) -> list:
        """Payloads of the spans whose start lies in ``[start, end)``, in order."""
        return [span[2] for span in self.spans[bisect_left(self.starts, start) : bisect_left(self.starts, end)]]

    def covers(self, position: int) -> bool:
        """Whether some span has ``start <= position < end``."""
        k = bisect_right(self.starts, position)
        return k > 0 and self.reach[k - 1] > position

    def covering(self, position: int) -> list:
        """Payloads of the spans with ``start <= position < end``, latest start first.

        >>> SpanIndex([(0, 10, "a"), (4, 6, "b"), (20, 30, "c")]).covering(5)
        ['b', 'a']
        """
        found = []
        k = bisect_right(self.starts, position) - 1
        while k >= 0 and self.reach[k] > position:  # no span before k reaches past its reach
            if self.spans[k][1] > position:
                found.append(self.spans[k][2])
            k -= 1
        return found

    def holds(self, start: int, end: int) -> bool:
        """Whether some span has ``span.start <= start`` and ``end <= span.end``."""
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


# Every bracket kind real documents use, the rare full-width and small forms (﹝﹞, ［］) included.
OPENING, CLOSING = "（(〔[【〈＜﹝［〖", "）)〕]】〉＞﹞］〗"


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the outermost bracketed parts of a line, brackets included (any bracket kind).

    >>> bracket_spans("推进A。（省商务厅牵头，各乡（镇）政府配合）推进B。〔责任单位：市发改委〕")
    [(4, 22), (26, 37)]
    """
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPENING:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans
