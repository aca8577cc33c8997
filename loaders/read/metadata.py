"""Document metadata read from the head (and tail) of a text: title, issuing body, 文号, date, year.

Policy documents announce themselves in a few conventional ways: a heading
line that ends in a document kind (…实施方案, …的通知), a cover note quoting
the attached document as 《…》 and then restating it as its own line, a 文号
standing alone at the top, a signature (the issuing body on one line, the
date on the next), labelled lines (发文机关：…, 日期:…, 来源：…) and, in web
pages, a metadata table. The cue words and patterns live in
``lang/metadata.json``; this module holds only the logic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict

HEAD_LINES = 60
"""How many non-blank lines at the top are searched for metadata."""

HEAD_CHARS = 8000
"""How much text at the top is searched for metadata."""

TAIL_LINES = 12
"""How many non-blank lines at the end are searched for a signature or a 来源 line."""

FIELD_KEYS = ("title", "issuer", "doc_number", "written_date", "published_date", "source")
"""Canonical keys of labelled metadata (a web page's metadata table, 发文机关：… lines)."""


class DocumentMetadata(BaseModel):
    """What a document says about itself.

    Attributes:
        title: the document's own title.
        issuer: the issuing body as written (江西省工信委, 江西省人民政府办公厅).
        doc_number: the document's own 文号 (赣府发〔2020〕8号), not one it cites.
        date: ISO date, ``"2015-07-01"``, or ``"2015-07"`` when no day is given.
        year: the document's year: from the date, else the 文号, the title, or
            the year most often named near the top.
    """

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    year: int | None = None


@lru_cache(maxsize=1)
def language_data() -> dict[str, Any]:
    """The cue words and patterns of ``lang/metadata.json`` (read once)."""
    text = resources.files("policykg.loaders").joinpath("lang/metadata.json").read_text(encoding="utf-8")
    return json.loads(text)


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?]")
_QUOTED_TITLE = re.compile(r"《([^《》\n]{4,120})》")
_TRAILING_BRACKETS = re.compile(r"\s*[（(][^（）()]{1,30}[)）]\s*$")
_ATTACHMENT_LINE = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
_OFFICE_TITLE_NOISE = re.compile(r"^(?:Microsoft\s+Word\s*-\s*)|\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)

# Dates are matched on NFKC-folded text, so full-width digits and colons count too.
_CN_NUM = "〇○零Ｏ0一二三四五六七八九十"
_DATE_ARABIC = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?"
_DATE_CHINESE = rf"([{_CN_NUM[:-1]}]{{4}})\s*年\s*([{_CN_NUM}]{{1,3}})\s*月(?:\s*([{_CN_NUM}]{{1,3}})\s*日)?"
_DATE_ISO = r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"
_DATE_PATTERNS = tuple(re.compile(p) for p in (_DATE_ARABIC, _DATE_CHINESE, _DATE_ISO))
_DATE_LINE = re.compile(rf"^[(（]?\s*(?:{_DATE_ARABIC}|{_DATE_CHINESE}|{_DATE_ISO})\s*[)）]?$")
_YEAR_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|[-—–~～至]\s*(?:19|20)\d{2}\s*年))")
_BRACKET_YEAR = re.compile(r"[〔\[［【（(]\s*((?:19|20)\d{2})\s*[〕\]］】）)]")

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_numeral(text: str) -> int | None:
    """The value of a small Chinese numeral as used in dates.

    Years are read digit by digit (二〇一一 → 2011); months and days use 十
    (十 → 10, 十二 → 12, 二十三 → 23, 三十 → 30).

    Args:
        text: the numeral, e.g. ``"二〇一一"`` or ``"二十三"``.

    Returns:
        Its value, or None when it is not such a numeral.

    Example:
        >>> chinese_numeral("二〇一一"), chinese_numeral("十"), chinese_numeral("二十三"), chinese_numeral("四")
        (2011, 10, 23, 4)
        >>> chinese_numeral("十十") is None
        True
    """
    if not text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if "十" in ones or len(tens) > 1 or len(ones) > 1:
            return None
        tens_value = _CN_DIGITS.get(tens) if tens else 1
        ones_value = _CN_DIGITS.get(ones) if ones else 0
        if tens_value is None or ones_value is None:
            return None
        return tens_value * 10 + ones_value
    value = 0
    for char in text:
        digit = _CN_DIGITS.get(char)
        if digit is None:
            return None
        value = value * 10 + digit
    return value


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else chinese_numeral(text)


def _plausible_year(year: int) -> bool:
    return 1949 <= year <= dt.date.today().year + 1


def _date_from_groups(groups: Sequence[str | None]) -> tuple[int, int | None, int | None] | None:
    year, month, day = (_number(g) for g in groups)
    if year is None or not _plausible_year(year):
        return None
    if month is None:
        return (year, None, None)
    if not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return (year, month, day)


def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """The first valid date written in ``text``: ``(year, month, day)``, month/day possibly None.

    Reads 2015年7月1日, 二〇一一年四月十日, 2015-07-17, 2020/2/9 and full-width digits.

    Example:
        >>> parse_date("二〇一一年四月十日")
        (2011, 4, 10)
        >>> parse_date("日期:2015-07-17")
        (2015, 7, 17)
        >>> parse_date("江西省工信委2011年04月13日")
        (2011, 4, 13)
        >>> parse_date("至２０２０年１２月底")
        (2020, 12, None)
        >>> parse_date("2015年2月30日") is None
        True
    """
    folded = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, tuple[int, int | None, int | None]]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            date = _date_from_groups(match.groups())
            if date:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def format_date(date: tuple[int, int | None, int | None] | None) -> str | None:
    """ISO form of a parsed date; None when there is no month.

    Example:
        >>> format_date((2015, 7, 1)), format_date((2020, 12, None)), format_date((2014, None, None))
        ('2015-07-01', '2020-12', None)
    """
    if date is None or date[1] is None:
        return None
    year, month, day = date
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def is_date_line(line: str) -> bool:
    """Whether a line holds a date and nothing else (a signature date).

    Example:
        >>> is_date_line("  2015年7月1日\\xa0\\xa0"), is_date_line("二〇一一年四月十日"), is_date_line("（2020年3月16日）")
        (True, True, True)
        >>> is_date_line("力争到2020年底完成")
        False
    """
    folded = unicodedata.normalize("NFKC", line).strip()
    match = _DATE_LINE.match(folded)
    return bool(match) and parse_date(folded) is not None


class _Patterns:
    """Regular expressions compiled from the language data."""

    def __init__(self, data: Mapping[str, Any]):
        self.title_suffixes = tuple(sorted(data["title_suffixes"], key=len, reverse=True))
        self.org_suffixes = tuple(sorted(data["organisation_suffixes"], key=len, reverse=True))
        self.doc_number = re.compile(data["doc_number_pattern"])
        self.enumerator = re.compile(data["enumerator_pattern"])
        self.boilerplate = tuple(data["boilerplate_lines"])
        self.chrome_markers = tuple(data["chrome_line_markers"])
        self.chrome_max_chars = int(data["chrome_line_max_chars"])
        self.issuer_verbs = tuple(data["title_issuer_verbs"])
        verbs = "|".join(map(re.escape, self.issuer_verbs))
        self.title_issuer = re.compile(rf"^(.{{2,60}}?)(?:{verbs})")
        self.label_key: dict[str, str] = {}
        for key, labels in data["field_labels"].items():
            for label in labels:
                self.label_key[label] = key
        # A label may be written with spaces between its characters (标　　题：).
        alternatives = "|".join(
            r"[\s\u3000]*".join(map(re.escape, label)) for label in sorted(self.label_key, key=len, reverse=True)
        )
        self.label = re.compile(rf"(?<![{_HAN}])({alternatives})[ \u3000\xa0]*[:：\t][ \u3000\xa0\t]*")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(language_data())


def _han_count(text: str) -> int:
    return len(_HAN_CHAR.findall(text))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_chrome_line(line: str) -> bool:
    """Whether a line is web-page chrome (breadcrumb, share or print links, footer).

    Example:
        >>> is_chrome_line("当前位置: 首页>>省级政策"), is_chrome_line("【字体：大 中 小】 打印本页")
        (True, True)
        >>> is_chrome_line("加快发展光伏产业。")
        False
    """
    patterns = _patterns()
    return len(line) <= patterns.chrome_max_chars and any(marker in line for marker in patterns.chrome_markers)


def find_doc_number(text: str) -> str | None:
    """The first 文号 written in ``text``, as written.

    Example:
        >>> find_doc_number("赣工信科技字[2011]144号")
        '赣工信科技字[2011]144号'
        >>> find_doc_number("文号：赣府厅字〔2020〕14号")
        '赣府厅字〔2020〕14号'
    """
    match = _patterns().doc_number.search(text)
    return match.group().strip() if match else None


def parse_labelled(line: str) -> list[tuple[str, str]]:
    """``(key, value)`` pairs of a line of labelled fields, or ``[]`` when it does not start with a label.

    Keys are those of ``FIELD_KEYS`` or ``"other"`` (labels that only delimit,
    such as 索引号). Cells of a metadata table row may be TAB-separated.

    Example:
        >>> parse_labelled("发布日期：2020-02-12　来源：江西省市场监管局")
        [('published_date', '2020-02-12'), ('source', '江西省市场监管局')]
        >>> parse_labelled("发文机关:\\t省政府办公厅\\t成文日期:\\t2020-02-09")
        [('issuer', '省政府办公厅'), ('written_date', '2020-02-09')]
        >>> parse_labelled("资金来源：省财政")
        []
    """
    patterns = _patterns()
    matches = list(patterns.label.finditer(line))
    if not matches or line[: matches[0].start()].strip(" \t\u3000\xa0【[（(") != "":
        return []
    pairs: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        label = re.sub(r"[\s\u3000]", "", match.group(1))
        value = line[match.end() : end].strip(" \t\u3000\xa0】]")
        key = patterns.label_key.get(label, "other")
        if value:
            pairs.append((key, value))
    return pairs


def labelled_fields(lines: Iterable[str]) -> dict[str, str]:
    """Canonical fields from lines of labelled values; the first value of each key wins.

    Example:
        >>> labelled_fields(["日期:2015-07-17", "索引号：014/2020-1", "日期：2016-01-01"])
        {'published_date': '2015-07-17'}
    """
    fields: dict[str, str] = {}
    for line in lines:
        for key, value in parse_labelled(line):
            if key != "other":
                fields.setdefault(key, value)
    return fields


def _ends_like_title(line: str) -> bool:
    core = _TRAILING_BRACKETS.sub("", line).rstrip("”’\"'》」』 ")
    return core.endswith(_patterns().title_suffixes)


def ends_like_title(line: str) -> bool:
    """Whether a line ends in a document kind (…的通知, …实施方案（试行）).

    Example:
        >>> ends_like_title("关于加快发展的实施意见"), ends_like_title("国务院文件")
        (True, False)
    """
    return _ends_like_title(line)


def _is_heading_like(line: str) -> bool:
    patterns = _patterns()
    return (
        4 <= len(line) <= 120
        and _han_count(line) >= 4
        and not _SENTENCE_PUNCT.search(line)
        and ":" not in line
        and "：" not in line
        and not patterns.enumerator.match(line)
    )


def _is_body_line(line: str) -> bool:
    """A line of running text: the addressee (各市…：) or a sentence."""
    return line.endswith((":", "：")) or "。" in line or len(line) > 120


def _is_header_noise(line: str) -> bool:
    """Lines above a title that are not the title: chrome, 文号, dates, labels, notes."""
    patterns = _patterns()
    return (
        is_chrome_line(line)
        or is_date_line(line)
        or bool(patterns.doc_number.fullmatch(line))
        or bool(parse_labelled(line))
        or any(note in line for note in patterns.boilerplate)
        or bool(_ATTACHMENT_LINE.match(line))
        or line.endswith("文件")
        or _han_count(line) == 0
    )


def _top_heading(lines: Sequence[str]) -> str | None:
    """A title heading above the body: the first heading line (or two or three
    consecutive ones, for a title broken across lines) that ends in a document kind."""
    pending: list[str] = []
    issuer_line: str | None = None
    for line in lines:
        if _is_body_line(line):
            return None
        # An organisation line (a red header) starts a title only when the next line
        # goes on with 关于/印发 (某市住房和城乡建设局 / 关于做好…的通知).
        if organisation_name(line) and not _is_header_noise(line):
            pending, issuer_line = [], line
            continue
        if _is_header_noise(line) or not _is_heading_like(line):
            pending, issuer_line = [], None
            continue
        if issuer_line and not pending and line.startswith(_patterns().issuer_verbs):
            line = issuer_line + line
        issuer_line = None
        pending = [*pending[-2:], line]
        for start in range(len(pending)):
            candidate = "".join(pending[start:])
            if _ends_like_title(candidate) and len(candidate) <= 120:
                return candidate
    return None


def _restated_title(lines: Sequence[str]) -> str | None:
    """A line that restates a document quoted as 《…》 in the cover note."""
    quoted = set(_QUOTED_TITLE.findall("\n".join(lines)))
    for line in lines:
        bare = line[1:-1] if line.startswith("《") and line.endswith("》") else line
        if bare in quoted and _is_heading_like(bare):
            return bare
    return None


def _first_heading(lines: Sequence[str]) -> str | None:
    for line in lines:
        if _is_heading_like(line) and _ends_like_title(line) and not _is_header_noise(line):
            return line
    return None


def clean_title_hint(hint: str | None) -> str | None:
    """A title from file properties, minus editor noise; None when it is not a Chinese title.

    Example:
        >>> clean_title_hint("Microsoft Word - 关于印发实施方案的通知.doc")
        '关于印发实施方案的通知'
        >>> clean_title_hint("Document1") is None
        True
    """
    if not hint:
        return None
    cleaned = _OFFICE_TITLE_NOISE.sub("", hint.strip()).strip()
    return cleaned if _han_count(cleaned) >= 4 else None


def find_title(lines: Sequence[str], fields: Mapping[str, str], title_hints: Sequence[str] = ()) -> str | None:
    """The document's title.

    In order: a labelled title (metadata table); a heading above the body; a
    line restating a document quoted in the cover note; a title hint from the
    file (web-page ``<title>``, document properties); the first heading near
    the top that ends in a document kind.
    """
    if fields.get("title", "").strip():
        return fields["title"].strip()
    found = _top_heading(lines) or _restated_title(lines)
    if found:
        return found
    for hint in title_hints:
        cleaned = clean_title_hint(hint)
        if cleaned:
            return cleaned
    return _first_heading(lines)


def organisation_name(text: str) -> str | None:
    """``text`` as an organisation name (or several, space-separated), else None.

    Example:
        >>> organisation_name("江西省工信委\\xa0\\xa0")
        '江西省工信委'
        >>> organisation_name("江西省发展和改革委员会　江西省财政厅")
        '江西省发展和改革委员会 江西省财政厅'
        >>> organisation_name("认真贯彻执行") is None
        True
    """
    tokens = text.split()
    if not tokens or len(tokens) > 6:
        return None
    suffixes = _patterns().org_suffixes
    for token in tokens:
        if not 2 <= len(token) <= 40 or not re.fullmatch(f"[{_HAN}（）()·]+", token):
            return None
        if not token.endswith(suffixes):
            return None
    return " ".join(tokens)


def _signatures(lines: Sequence[str]) -> list[tuple[str, tuple[int, int | None, int | None]]]:
    """(issuer, date) pairs of signatures: an organisation line followed by a date line,
    or both on one line."""
    found = []
    for index, line in enumerate(lines):
        if is_date_line(line):
            if index and (issuer := organisation_name(lines[index - 1])):
                found.append((issuer, parse_date(line)))
            continue
        before, date, after = _split_at_date(line)
        if date and not after.strip() and (issuer := organisation_name(before)):
            found.append((issuer, date))
    return found


def _split_at_date(text: str) -> tuple[str, tuple[int, int | None, int | None] | None, str]:
    """``(text before, date, text after)`` around the first date written in ``text``."""
    folded = unicodedata.normalize("NFKC", text)
    # Slice the original when folding kept every position (full-width digits do).
    source = text if len(folded) == len(text) else folded
    for pattern in _DATE_PATTERNS:
        match = pattern.search(folded)
        if match:
            date = _date_from_groups(match.groups())
            if date:
                return source[: match.start()], date, source[match.end() :]
    return text, None, ""


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    match = _patterns().title_issuer.match(title)
    return organisation_name(match.group(1)) if match else None


def _issuer_from_source(source: str | None) -> str | None:
    if not source:
        return None
    return organisation_name(_split_at_date(source)[0].strip())


def _standalone_dates(lines: Sequence[str]) -> list[tuple[int, int | None, int | None]]:
    """Dates on lines of their own, or after the signing body on the same line."""
    dates = []
    for line in lines:
        if is_date_line(line):
            date = parse_date(line)
        else:
            before, date, after = _split_at_date(line)
            if date and (after.strip() or not organisation_name(before)):
                date = None
        if date:
            dates.append(date)
    return dates


def _year_from_mentions(text: str) -> int | None:
    """The year most often written as YYYY年 (latest on a tie), up to this year."""
    this_year = dt.date.today().year
    years = [int(y) for y in _YEAR_MENTION.findall(unicodedata.normalize("NFKC", text))]
    counts = Counter(y for y in years if 1949 <= y <= this_year)
    if not counts:
        return None
    return max(counts, key=lambda year: (counts[year], year))


def _year_of(text: str | None, pattern: re.Pattern[str]) -> int | None:
    if not text:
        return None
    match = pattern.search(unicodedata.normalize("NFKC", text))
    if match and _plausible_year(int(match.group(1))):
        return int(match.group(1))
    return None


def _nonblank_lines(text: str) -> list[str]:
    return [stripped for line in text.splitlines() if (stripped := line.strip())]


def extract_metadata(
    head: str,
    tail: str = "",
    *,
    fields: Mapping[str, str] | None = None,
    title_hints: Sequence[str] = (),
) -> DocumentMetadata:
    """Read a document's metadata from its first and last lines.

    Args:
        head: the start of the text (more than ``HEAD_CHARS`` is ignored).
        tail: the end of the text, where signatures and 来源 lines sit; may
            overlap ``head`` for a short document.
        fields: labelled values the file format gave (a web page's metadata
            table), keyed by ``FIELD_KEYS``; they win over what the text says.
        title_hints: titles from the file (a web page's cleaned ``<title>``,
            document properties), used when the text shows no title.

    Returns:
        The metadata; a field is None when the document does not say.

    Example:
        >>> meta = extract_metadata("赣工信科技字[2011]144号\\n各设区市工信委：\\n二〇一一年四月十日\\n")
        >>> meta.doc_number, meta.date, meta.year
        ('赣工信科技字[2011]144号', '2011-04-10', 2011)
    """
    head_lines = _nonblank_lines(head[:HEAD_CHARS])[:HEAD_LINES]
    tail_lines = _nonblank_lines(tail)[-TAIL_LINES:]
    labelled = labelled_fields(head_lines) | labelled_fields(tail_lines)
    labelled.update({key: value for key, value in (fields or {}).items() if value and value.strip()})

    title = find_title(head_lines, labelled, title_hints)
    doc_number = _doc_number(head_lines, labelled)

    head_signatures, tail_signatures = _signatures(head_lines), _signatures(tail_lines)
    issuer = (
        labelled.get("issuer", "").strip()
        or (head_signatures[0][0] if head_signatures else None)
        or (tail_signatures[-1][0] if tail_signatures else None)
        or _issuer_from_title(title)
        or _issuer_from_source(labelled.get("source"))
    )

    head_dates, tail_dates = _standalone_dates(head_lines), _standalone_dates(tail_lines)
    date_candidates = [
        parse_date(labelled.get("written_date", "")),
        head_dates[0] if head_dates else None,
        tail_dates[-1] if tail_dates else None,
        parse_date(labelled.get("published_date", "")),
        parse_date(labelled.get("source", "")),
    ]
    date = next((d for d in date_candidates if d is not None), None)

    year = (
        (date[0] if date else None)
        or _year_of(doc_number, _BRACKET_YEAR)
        or _year_of(title, _YEAR_MENTION)
        or _year_from_mentions("\n".join(head_lines))
    )
    return DocumentMetadata(title=title, issuer=issuer, doc_number=doc_number, date=format_date(date), year=year)


def _doc_number(lines: Sequence[str], fields: Mapping[str, str]) -> str | None:
    """The document's own 文号: labelled, standing alone near the top, or opening a header line.

    A 文号 cited in the body (《…》（国发〔2012〕21号）) is never taken.
    """
    patterns = _patterns()
    if fields.get("doc_number"):
        value = fields["doc_number"].strip()
        # A labelled number may lack the year in brackets (国令第845号, 第15号).
        return find_doc_number(value) or (value if len(value) <= 40 and re.search(r"\d\s*号$", value) else None)
    for line in lines[:15]:
        if patterns.doc_number.fullmatch(line):
            return line
    for line in lines[:10]:
        match = patterns.doc_number.match(line)
        if match and (match.end() == len(line) or line[match.end()].isspace()):
            return match.group().strip()
    return None
