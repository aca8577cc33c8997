"""Word ``.docx`` files → text: paragraphs and tables in body order.

A table row becomes one line of TAB-joined cell texts. python-docx reports a
cell merged across columns once per grid column; it is written once. A cell
merged down several rows is repeated in each of them (as python-docx gives
it), so every row of a project table carries its 责任单位.

Word's automatic list numbers (1. / 一、 / （一）) are not in the paragraph
text; they are rendered here as Word shows them, because numbered items are
how policy documents delimit tasks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO
from typing import NamedTuple

from policykg.errors import LoadError

from .limits import Limits, megabytes


class DocxText(NamedTuple):
    """The text of a .docx and the title from its document properties (may be empty)."""

    text: str
    title: str | None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CHINESE_COUNTING = frozenset(
    {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "koreanCounting"}
)


def _roman(value: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out += numeral
            value -= number
    return out


def _letters(value: int) -> str:
    # Word repeats the letter past z: 27 → aa, 28 → bb.
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_list_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (``w:numFmt``).

    Example:
        >>> [format_list_number(n, "chineseCounting") for n in (1, 10, 12, 21)]
        ['一', '十', '十二', '二十一']
        >>> format_list_number(3, "decimalEnclosedCircle"), format_list_number(2, "ideographTraditional")
        ('③', '乙')
        >>> format_list_number(4, "upperRoman"), format_list_number(28, "lowerLetter"), format_list_number(7, "decimalZero")
        ('IV', 'bb', '07')
    """
    import cn2an

    if value < 1:
        return str(value)
    if fmt in _CHINESE_COUNTING:
        return cn2an.an2cn(value)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(value))
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL_DIGITS[int(d)] for d in str(value))
    tables = {
        "decimalEnclosedCircle": _CIRCLED,
        "decimalEnclosedCircleChinese": _CIRCLED,
        "decimalEnclosedParen": _PARENTHESISED,
        "decimalEnclosedFullstop": _FULL_STOP,
        "ideographTraditional": _HEAVENLY_STEMS,
        "ideographZodiac": _EARTHLY_BRANCHES,
    }
    if fmt in tables and value <= len(tables[fmt]):
        return tables[fmt][value - 1]
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(value))
    return str(value)


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str | None
    suffix: str


def _level(lvl) -> tuple[int, _Level]:
    def value(tag: str, default: str | None) -> str | None:
        node = lvl.find(_W + tag)
        return node.get(_W + "val", default) if node is not None else default

    start = value("start", "1") or "1"
    return int(lvl.get(_W + "ilvl", "0")), _Level(
        int(start) if start.lstrip("-").isdigit() else 1,
        value("numFmt", "decimal") or "decimal",
        value("lvlText", None),
        value("suff", "tab") or "tab",
    )


class _Numbering:
    """Word's list definitions and the running counters of one document."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            root = None  # no numbering part (LibreOffice, Word without lists): no list numbers
        abstract = (
            {}
            if root is None
            else {
                node.get(_W + "abstractNumId"): dict(_level(lvl) for lvl in node.iter(_W + "lvl"))
                for node in root.iter(_W + "abstractNum")
            }
        )
        for num in [] if root is None else root.iter(_W + "num"):
            reference = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(reference.get(_W + "val") if reference is not None else None, {}))
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                for lvl in override.iter(_W + "lvl"):
                    levels[ilvl] = _level(lvl)[1]
                start = override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = levels[ilvl]._replace(start=int(start.get(_W + "val", "1")))
            self.levels[num.get(_W + "numId")] = levels
        for style in document.styles.element.iter(_W + "style"):
            found = _num_pr(style)
            if found:
                self.style_numbers[style.get(_W + "styleId")] = found

    def label(self, paragraph) -> str:
        """The list number Word shows before ``paragraph`` ("" when it is not numbered)."""
        found = _num_pr(paragraph._p) or self._style_number(paragraph._p)
        if not found:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        counters[ilvl + 1 :] = [None] * (8 - ilvl)
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index)
            if shown is None:
                return ""
            value = counters[index]
            return format_list_number(shown.start if value is None else value, shown.fmt)

        return re.sub(r"%([1-9])", number, level.text) + (" " if level.suffix == "space" else "")

    def _style_number(self, p) -> tuple[str, int] | None:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        return self.style_numbers.get(style.get(_W + "val")) if style is not None else None


def _num_pr(element) -> tuple[str, int] | None:
    """(numId, level) of a paragraph's or style's own numbering, if it has one."""
    num_pr = element.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(_W + "numId")
    ilvl = num_pr.find(_W + "ilvl")
    if num_id is None or num_id.get(_W + "val") in (None, "0"):
        return None
    level = ilvl.get(_W + "val", "0") if ilvl is not None else "0"
    return num_id.get(_W + "val"), min(int(level), 8) if level.isdigit() else 0


def _paragraph_text(paragraph, numbering: _Numbering) -> str:
    text = paragraph.text
    if not text.strip():
        return text
    return numbering.label(paragraph) + text


def _cell_text(cell, numbering: _Numbering) -> str:
    pieces: list[str] = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):
            pieces.extend(" ".join(_row_values(row, numbering)) for row in block.rows)
        else:
            pieces.append(_paragraph_text(block, numbering))
    joined = " ".join(p.strip() for p in pieces if p and p.strip())
    return " ".join(joined.replace("\t", " ").split("\n"))


def _row_values(row, numbering: _Numbering) -> list[str]:
    values: list[str] = []
    previous = None
    for cell in row.cells:
        if previous is not None and cell._tc is previous:  # merged across columns: once
            continue
        previous = cell._tc
        values.append(_cell_text(cell, numbering))
    return values


def _body_lines(document) -> list[str]:
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                values = _row_values(row, numbering)
                if any(values):
                    lines.append("\t".join(values))
        else:
            text = _paragraph_text(block, numbering)
            if text.strip():
                lines.extend(line for line in text.split("\n") if line.strip())
    return lines


def read_docx(path, data: bytes) -> DocxText:
    """Read a .docx's body text.

    Args:
        path: the file, for error messages.
        data: its bytes.

    Raises:
        LoadError: the file is not a readable .docx.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            largest = max((info.file_size for info in archive.infolist()), default=0)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        raise LoadError(path, "not a readable .docx (truncated or corrupt zip)") from err
    limit = Limits.from_env().docx_part_bytes
    if largest > limit:
        raise LoadError(
            path,
            f"a part of this .docx inflates to {megabytes(largest)}, over the {megabytes(limit)} limit; "
            "raise POLICYKG_MAX_DOCX_PART_MB to read it",
        )
    if "word/document.xml" not in names:
        raise LoadError(path, "not a .docx: the zip holds no word/document.xml (an .xlsx, .pptx or other archive?)")
    try:
        document = docx.Document(BytesIO(data))
        lines = _body_lines(document)
        title = document.core_properties.title or None
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise LoadError(path, "not a readable .docx (truncated or corrupt zip)") from err
    except PackageNotFoundError as err:
        raise LoadError(path, "not a readable .docx (its package structure is broken); re-save it in Word") from err
    except Exception as err:  # lxml and python-docx raise many kinds on damaged XML
        raise LoadError(
            path, f"not a readable .docx (damaged content: {type(err).__name__}); re-save it in Word"
        ) from err
    return DocxText("\n".join(lines), title)
