"""Pure helpers over document text: lines with offsets, sentences, numbering.

>>> [l.text for l in split_lines("一、总则\\n  1.任务\\n")]
['一、总则', '1.任务']
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

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
