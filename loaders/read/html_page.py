"""Web pages as saved from government sites → the article's text, plus the page's metadata.

The article is found, in order, between ``<meta name="ContentStart">`` and
``<meta name="ContentEnd">`` (or the comment markers some CMSs write); in the
content container (``id``/``class`` like content, article, zoom, TRS_Editor,
xxgk) that holds most of the page's text; else in the whole body with the
chrome taken out (navigation, breadcrumbs, share/QR/print blocks, footers, and
blocks that are mostly links). Lines that carry chrome markers (当前位置,
分享到, 打印本页, 版权所有 …) are dropped wherever they are.

The metadata table (索引号/发文机关/成文日期/文号/标题 …) and the short info
lines (发布日期：… 来源：…) are read into fields, not kept in the text.

Layout: one line per paragraph (``<p>``, ``<div>``, ``<br>``, headings, list
items); a data ``<table>`` keeps its rows, one line per ``<tr>`` with the cells
joined by TAB; a cell that spans rows is repeated in every row it covers, so
each row of a project table carries its 责任单位. White space inside a
paragraph is collapsed as a browser does; full-width spaces and ``&nbsp;``
are kept. The page title is the first line when the article does not start
with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from .limits import Limits
from .metadata import ends_like_title, is_chrome_line, language_data, parse_labelled

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input isindex keygen link meta param source track wbr".split()
)
_BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu
    nav ol option p pre section summary table tbody td tfoot th thead title tr ul""".split()
)
_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul""".split()
)
_P_SCOPE = frozenset("applet caption html table td th marquee object template button".split())
_HEAD_CONTENT = frozenset("title meta link style script base noscript template".split())
_PREFORMATTED = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_LINK_BLOCKS = frozenset({"div", "ul", "ol", "dl", "section", "table", "nav", "aside", "p", "span", "td"})


class PageTooDeep(ValueError):
    """A page whose elements nest deeper than the limit (``POLICYKG_MAX_PAGE_DEPTH``)."""

    def __init__(self, limit: int):
        super().__init__(f"elements nested more than {limit} deep; raise POLICYKG_MAX_PAGE_DEPTH to read it")


_MAX_DEPTH = 256
"""Deeper nesting is flattened: it never carries structure, and it keeps the walk within recursion limits."""

_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_DOUBLE_SPACE = re.compile(r"  +")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CAMEL_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_RELATED_LINKS = re.compile(r"^\s*(?:相关文章|相关解读|相关链接|相关阅读|相关文件|延伸阅读|相关新闻|附件下载)")


class Element:
    """A node of the parsed page, with text statistics filled in by ``_measure``."""

    __slots__ = (
        "tag",
        "attrs",
        "children",
        "parent",
        "depth",
        "chars",
        "han",
        "link_chars",
        "link_han",
        "labels",
        "markers",
    )

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []
        self.parent = parent
        self.depth = parent.depth + 1 if parent else 0
        self.chars = self.han = self.link_chars = self.link_han = self.labels = self.markers = 0

    def elements(self, tag: str | None = None) -> Iterator[Element]:
        """Descendant elements in document order, optionally of one tag."""
        stack = [child for child in reversed(self.children) if isinstance(child, Element)]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(child for child in reversed(node.children) if isinstance(child, Element))

    def text(self, limit: int | None = None) -> str:
        """All text below, unformatted (for short elements: titles, labels), or its
        first ``limit`` characters or so."""
        pieces: list[str] = []
        gathered = 0
        dropped = _settings().dropped_tags
        stack: list[Element | str] = [self]
        while stack and (limit is None or gathered < limit):
            node = stack.pop()
            if isinstance(node, str):
                pieces.append(node)
                gathered += len(node.strip())
            elif node.tag not in dropped:
                stack.extend(reversed(node.children))
        return _ASCII_SPACE.sub(" ", "".join(pieces)).strip()

    def is_inside(self, ancestor: Element) -> bool:
        node = self.parent
        while node is not None:
            if node is ancestor:
                return True
            node = node.parent
        return False


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: closes what HTML lets authors leave open (p, li, td, tr, head)."""

    def __init__(self, start_comments: tuple[str, ...], end_comments: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.stack = [self.root]
        self.open_count: Counter[str] = Counter()  # so that closing what is not open costs nothing
        self.all: list[Element] = []
        self.start_comments = start_comments
        self.end_comments = end_comments
        self.has_start_marker = False
        self.overflow = 0  # elements opened past _MAX_DEPTH and not yet closed
        self.depth_limit = Limits.from_env().page_depth

    @property
    def current(self) -> Element:
        return self.stack[-1]

    def _append(self, tag: str, attrs: dict[str, str]) -> Element:
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.all.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta" and values.get("name", "").lower() in ("contentstart", "contentend"):
            marker = "#start" if values["name"].lower() == "contentstart" else "#end"
            self.has_start_marker |= marker == "#start"
            self._append(marker, {})
            return
        self._close_implied(tag)
        element = self._append(tag, values)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(element)
            self.open_count[tag] += 1
        elif tag not in _VOID:
            self.overflow += 1  # flattened: counted, so that a page nested without end is refused
            if len(self.stack) + self.overflow > self.depth_limit:
                raise PageTooDeep(self.depth_limit)

    def _truncate(self, depth: int) -> None:
        for element in self.stack[depth:]:
            self.open_count[element.tag] -= 1
        del self.stack[depth:]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self.stack)
        self.handle_starttag(tag, attrs)
        self._truncate(depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read a stray </br> as <br>
            self._append("br", {})
            return
        if self.overflow:
            self.overflow -= 1
            return
        if not self.open_count[tag]:
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                self._truncate(index)
                return

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)

    def handle_comment(self, data: str) -> None:
        if any(marker in data for marker in self.start_comments):
            self.has_start_marker = True
            self._append("#start", {})
        elif any(marker in data for marker in self.end_comments):
            self._append("#end", {})

    def _pop_to_open(self, tags: frozenset[str] | set[str], boundary: frozenset[str] | set[str]) -> None:
        if not any(self.open_count[tag] for tag in tags):
            return
        for index in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[index].tag
            if open_tag in tags:
                self._truncate(index)
                return
            if open_tag in boundary:
                return

    def _close_implied(self, tag: str) -> None:
        if tag not in _HEAD_CONTENT:
            self._pop_to_open({"head"}, set())
        if tag in _CLOSES_P:
            self._pop_to_open({"p"}, _P_SCOPE)
        if tag == "li":
            self._pop_to_open({"li"}, {"ul", "ol", "menu", "table"})
        elif tag in ("dt", "dd"):
            self._pop_to_open({"dt", "dd"}, {"dl", "table"})
        elif tag == "tr":
            self._pop_to_open({"tr"}, {"table"})
        elif tag in ("td", "th"):
            self._pop_to_open({"td", "th"}, {"tr", "table"})
        elif tag in ("thead", "tbody", "tfoot"):
            self._pop_to_open({"thead", "tbody", "tfoot"}, {"table"})
        elif tag == "option":
            self._pop_to_open({"option"}, {"select"})


@dataclass(frozen=True)
class _Settings:
    """The HTML part of ``lang/metadata.json``, compiled."""

    dropped_tags: frozenset[str]
    chrome_tags: frozenset[str]
    chrome_substrings: tuple[str, ...]
    chrome_tokens: frozenset[str]
    content_substrings: tuple[str, ...]
    content_tokens: frozenset[str]
    start_comments: tuple[str, ...]
    end_comments: tuple[str, ...]
    meta_names: Mapping[str, tuple[str, ...]]
    title_separators: re.Pattern[str]
    block_min_labels: int
    block_max_chars: int


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    data: dict[str, Any] = language_data()
    html = data["html"]
    return _Settings(
        dropped_tags=frozenset(html["dropped_tags"]),
        chrome_tags=frozenset(html["chrome_tags"]),
        chrome_substrings=tuple(html["chrome_class_substrings"]),
        chrome_tokens=frozenset(html["chrome_class_tokens"]),
        content_substrings=tuple(html["content_class_substrings"]),
        content_tokens=frozenset(html["content_class_tokens"]),
        start_comments=tuple(html["content_comment_markers"]["start"]),
        end_comments=tuple(html["content_comment_markers"]["end"]),
        meta_names={key: tuple(n.lower() for n in names) for key, names in data["html_meta_names"].items()},
        title_separators=re.compile(data["html_title_separators"]),
        block_min_labels=int(html["metadata_block_min_labels"]),
        block_max_chars=int(html["metadata_block_max_chars"]),
    )


@dataclass
class HtmlDocument:
    """What a page gives: the article text, labelled metadata fields and title hints."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)
    title_hints: list[str] = field(default_factory=list)


def _is_hidden(element: Element) -> bool:
    style = element.attrs.get("style", "").replace(" ", "").lower()
    return "hidden" in element.attrs or "display:none" in style or "visibility:hidden" in style


def _class_words(element: Element) -> tuple[str, list[str]]:
    raw = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}"
    return raw.lower(), [word.lower() for word in _CAMEL_WORDS.findall(raw)]


def _is_chrome(element: Element) -> bool:
    settings = _settings()
    if element.tag in settings.chrome_tags:
        return True
    raw, words = _class_words(element)
    return any(s in raw for s in settings.chrome_substrings) or any(w in settings.chrome_tokens for w in words)


def _is_content_candidate(element: Element) -> bool:
    settings = _settings()
    if element.tag in settings.dropped_tags or _is_chrome(element):
        return False
    raw, words = _class_words(element)
    return any(s in raw for s in settings.content_substrings) or any(w in settings.content_tokens for w in words)


def _measure(elements: list[Element], root: Element) -> None:
    """Fill in each element's statistics, bottom up: non-space and Han chars (also
    inside links), metadata labels, and content markers below it."""
    dropped = _settings().dropped_tags
    label = _label_mention()
    for element in [*reversed(elements), root]:
        if element.tag in ("#start", "#end"):
            element.markers = 1
            continue
        if element.tag in dropped or _is_hidden(element):
            continue
        chars = han = link_chars = link_han = labels = markers = 0
        for child in element.children:
            if isinstance(child, str):
                chars += len(child) - sum(child.count(c) for c in " \t\n\r\f")
                han += len(_HAN.findall(child))
                labels += len(label.findall(child))
            else:
                chars += child.chars
                han += child.han
                link_chars += child.link_chars
                link_han += child.link_han
                labels += child.labels
                markers += child.markers
        if element.tag == "a":
            link_chars, link_han = chars, han
        element.chars, element.han, element.link_chars, element.link_han = chars, han, link_chars, link_han
        element.labels, element.markers = labels, markers


@lru_cache(maxsize=1)
def _label_mention() -> re.Pattern[str]:
    """A metadata label (索引号, 发文机关 …) written as a label: not inside a longer word."""
    labels = [label for labels in language_data()["field_labels"].values() for label in labels]
    alternatives = "|".join(
        r"[\s\u3000]*".join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\u3400-\u9fff])(?:{alternatives})(?![\u3400-\u9fff])")


def _is_link_list(element: Element, *, any_links: bool) -> bool:
    """A block that is a list of links: 相关文章 lists anywhere; any link-dense block when ``any_links``."""
    if element.tag not in _LINK_BLOCKS or not element.link_chars or not element.chars:
        return False
    density = element.link_chars / element.chars
    if density > 0.3 and _RELATED_LINKS.match(element.text(limit=12)):
        return True
    return any_links and element.tag != "p" and density > 0.6


class _Renderer:
    """Walks a subtree and writes its text as lines."""

    def __init__(self, skip: Callable[[Element], bool], *, inside: bool = True):
        self.skip = skip
        self.inside = inside
        self.lines: list[str] = []
        self.parts: list[str] = []

    def flush(self) -> None:
        if self.parts:
            for line in "".join(self.parts).split("\n"):
                # Neighbouring text nodes may each bring a space; a browser shows one.
                stripped = _DOUBLE_SPACE.sub(" ", line).strip(" \t\r\f")
                if stripped:
                    self.lines.append(stripped)
            self.parts = []

    def walk(self, node: Element, preformatted: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                if self.inside:
                    self.parts.append(child if preformatted else _ASCII_SPACE.sub(" ", child))
                continue
            tag = child.tag
            if tag in ("#start", "#end"):
                self.flush()
                self.inside = tag == "#start"
                continue
            if tag in _settings().dropped_tags or _is_hidden(child) or self.skip(child):
                continue
            if tag == "br":
                self.parts.append("\n")
                continue
            if tag == "table" and self.inside and _is_data_table(child):
                self.flush()
                self.lines.extend(self._table_lines(child))
                continue
            block = tag in _BLOCK
            if block:
                self.flush()
            self.walk(child, preformatted or tag in _PREFORMATTED)
            if block:
                self.flush()

    def render(self, node: Element) -> list[str]:
        if node.tag == "table" and _is_data_table(node):
            self.lines.extend(self._table_lines(node))
        else:
            self.walk(node)
            self.flush()
        return self.lines

    def _cell_text(self, cell: Element) -> str:
        lines = _Renderer(self.skip).render(cell)
        return " ".join(lines).replace("\t", " ")

    def _table_lines(self, table: Element) -> list[str]:
        lines = [
            " ".join(_Renderer(self.skip).render(c))
            for c in table.children
            if isinstance(c, Element) and c.tag == "caption"
        ]
        rows = []
        for row in _own(table, "tr", stop={"table"}):
            cells = []
            for cell in _own(row, ("td", "th"), stop={"table", "tr"}):
                cells.append((self._cell_text(cell), _span(cell, "rowspan", 500), _span(cell, "colspan", 50)))
            rows.append(cells)
        for values in expand_spans(rows):
            if any(values):
                lines.append("\t".join(values))
        return [line for line in lines if line.strip()]


def _own(node: Element, tags: str | tuple[str, ...], stop: set[str]) -> Iterator[Element]:
    """Descendants with one of ``tags`` that belong to ``node``, not to a nested ``stop`` element."""
    wanted = (tags,) if isinstance(tags, str) else tags
    stack = [c for c in reversed(node.children) if isinstance(c, Element)]
    while stack:
        element = stack.pop()
        if element.tag in wanted:
            yield element
        elif element.tag not in stop:
            stack.extend(c for c in reversed(element.children) if isinstance(c, Element))


def _span(cell: Element, name: str, limit: int) -> int:
    try:
        value = int(cell.attrs.get(name, "1").strip() or 1)
    except ValueError:
        return 1
    return min(max(value, 1), limit)


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Table rows as cell texts, with a cell that spans rows repeated in the rows below.

    Args:
        rows: per row, its cells as ``(text, rowspan, colspan)``.

    Returns:
        Per row, the cell texts; a cell spanning columns appears once.

    Example:
        >>> expand_spans([[("项目", 1, 1), ("责任单位", 1, 1)], [("A", 1, 1), ("省工信厅", 2, 1)], [("B", 1, 1)]])
        [['项目', '责任单位'], ['A', '省工信厅'], ['B', '省工信厅']]
    """
    pending: dict[int, tuple[str, int, int]] = {}
    result = []
    for row in rows:
        values: list[str] = []
        queue = list(row)
        column = 0
        while queue or any(start >= column for start in pending):
            if column in pending:
                text, width, rows_left = pending[column]
                values.append(text)
                if rows_left > 1:
                    pending[column] = (text, width, rows_left - 1)
                else:
                    del pending[column]
                column += width
                continue
            if not queue:
                column = min(start for start in pending if start >= column)
                continue
            text, rowspan, colspan = queue.pop(0)
            values.append(text)
            if rowspan > 1:
                pending[column] = (text, colspan, rowspan - 1)
            column += colspan
        result.append(values)
    return result


def _is_data_table(table: Element) -> bool:
    """A table of data (rows of cells) rather than page layout: no nested table, no
    content marker, no cell as long as an article, and more than one column."""
    columns = 0
    for element in table.elements():
        if element.tag in ("table", "#start", "#end"):
            return False
        if element.tag in ("td", "th") and element.chars > 500:
            return False
        if element.tag == "tr":
            columns = max(columns, sum(1 for _ in _own(element, ("td", "th"), stop={"table", "tr"})))
    return columns > 1


def _metadata_blocks(root: Element) -> list[Element]:
    """The largest small elements made mostly of labelled fields (the 索引号/发文机关/… table)."""
    settings = _settings()
    found: list[Element] = []
    stack = [root]
    while stack:
        element = stack.pop()
        if element.tag in settings.dropped_tags:
            continue
        if (
            element.labels >= settings.block_min_labels
            and element.chars <= settings.block_max_chars
            and not element.markers
            and _is_metadata_block(element)
        ):
            found.append(element)
            continue
        if element.labels >= settings.block_min_labels:
            stack.extend(c for c in reversed(element.children) if isinstance(c, Element))
    return found


def _is_metadata_block(element: Element) -> bool:
    lines = _Renderer(lambda _: False).render(element)
    labels = 0
    covered = 0
    for line in lines:
        pairs = parse_labelled(line)
        if pairs:
            labels += len(pairs)
            covered += len(line.replace(" ", ""))
    total = sum(len(line.replace(" ", "")) for line in lines)
    return labels >= _settings().block_min_labels and covered >= 0.7 * total


def _choose_container(root: Element, body: Element) -> Element | None:
    """The content container holding most of the article, innermost when a wrapper adds little."""
    candidates = [e for e in root.elements() if _is_content_candidate(e) and not _is_hidden(e)]

    def score(element: Element) -> int:
        return element.han - element.link_han

    if not candidates:
        return None
    best = max(candidates, key=score)
    if score(best) < 20 or score(best) < 0.25 * score(body):
        return None
    inner = [c for c in candidates if c.is_inside(best) and score(c) >= 0.75 * score(best)]
    return max(inner, key=lambda e: e.depth) if inner else best


def clean_page_title(raw: str, article: str = "") -> str | None:
    """A page's ``<title>`` without the site and column names around it.

    The title is split at the separators sites use (``_``, ``|``, `` - ``);
    a part found in the article wins, then a part that ends in a document
    kind (…通知, …条例), then the longest. Leading words before a space (site
    and column names) are dropped unless the article has them.

    Args:
        raw: the ``<title>`` text.
        article: the start of the article text.

    Example:
        >>> clean_page_title("关于加快发展的实施意见_江西省人民政府")
        '关于加快发展的实施意见'
        >>> clean_page_title("某某条例_国务院文件_中国政府网")
        '某某条例'
        >>> clean_page_title("江西省人民政府 政策文件 江西省人民政府办公厅关于加快发展的通知")
        '江西省人民政府办公厅关于加快发展的通知'
    """
    compact_article = re.sub(r"\s+", "", article)
    candidates: list[str] = []
    for segment in _settings().title_separators.split(raw):
        tokens = (segment or "").split()
        # Every tail of the space-separated words: "站名 栏目 标题" → "标题" among them.
        candidates.extend(" ".join(tokens[start:]) for start in range(len(tokens)))
    if not candidates:
        return None

    def rank(candidate: str) -> tuple[bool, bool, int]:
        compact = re.sub(r"\s+", "", candidate)
        in_article = bool(compact_article) and len(compact) >= 4 and compact in compact_article
        return in_article, ends_like_title(candidate), len(_HAN.findall(candidate))

    best = max(candidates, key=rank)
    if not rank(best)[0] and " " in best:
        # Not confirmed by the article: drop leading site/column words.
        best = max(best.split(), key=lambda token: (ends_like_title(token), len(_HAN.findall(token))))
    return best


def _meta_fields(root: Element) -> dict[str, str]:
    settings = _settings()
    fields: dict[str, str] = {}
    for meta in root.elements("meta"):
        name = (meta.attrs.get("name") or meta.attrs.get("property") or "").lower()
        content = meta.attrs.get("content", "").strip()
        if not name or not content:
            continue
        for key, names in settings.meta_names.items():
            if name in names:
                fields.setdefault(key, content)
    return fields


def _edge_info_lines(lines: list[str], fields: dict[str, str], edge: int = 5) -> list[str]:
    """Drop short lines of labelled fields (发布日期：… 来源：…) at the top and bottom, into ``fields``."""
    kept = []
    for index, line in enumerate(lines):
        at_edge = index < edge or index >= len(lines) - edge
        pairs = parse_labelled(line) if at_edge and len(line) <= 200 else []
        if pairs:
            for key, value in pairs:
                if key != "other":
                    fields.setdefault(key, value)
            continue
        kept.append(line)
    return kept


def html_to_text(html: str) -> HtmlDocument:
    """Read the article and metadata of a web page.

    Args:
        html: the page's markup, decoded.

    Returns:
        The article text (lines as described in the module docstring), the
        labelled fields (keys of ``metadata.FIELD_KEYS``) and title hints.

    Example:
        >>> page = html_to_text(
        ...     "<html><head><title>关于推进光伏产业发展的通知_某省人民政府</title></head><body>"
        ...     "<div class=nav><a href=/>首页</a> <a href=/zc>政策</a></div>"
        ...     "<div id=zoom><p>各设区市：</p><p>现将有关事项通知如下。</p>"
        ...     "<table><tr><td>项目</td><td>责任单位</td></tr><tr><td>光伏</td><td>省能源局</td></tr></table>"
        ...     "</div><div class=footer>版权所有 某省人民政府</div></body></html>")
        >>> print(page.text.replace("\\t", " | "))
        关于推进光伏产业发展的通知
        各设区市：
        现将有关事项通知如下。
        项目 | 责任单位
        光伏 | 省能源局
    """
    settings = _settings()
    builder = _TreeBuilder(settings.start_comments, settings.end_comments)
    builder.feed(html)
    builder.close()
    root = builder.root
    _measure(builder.all, root)
    body = next(root.elements("body"), root)

    blocks = _metadata_blocks(body)
    fields: dict[str, str] = {}
    for block in blocks:
        for line in _Renderer(lambda _: False).render(block):
            for key, value in parse_labelled(line):
                if key != "other":
                    fields.setdefault(key, value)
    block_ids = {id(block) for block in blocks}

    lines: list[str] = []
    if builder.has_start_marker:
        # The chrome rules must not swallow a marker, or the article's start or end is lost.
        markers = [e for e in root.elements() if e.tag in ("#start", "#end")]
        protected = {id(a) for marker in markers for a in _ancestors(marker)}
        skip = _skipper(block_ids, protected, any_links=False)
        lines = _Renderer(skip, inside=False).render(root)
    if not lines:  # no markers, or nothing between them
        container = _choose_container(root, body)
        skip = _skipper(block_ids, set(), any_links=container is None)
        lines = _Renderer(skip).render(container or body)

    lines = [line for line in lines if not is_chrome_line(line)]
    lines = _edge_info_lines(lines, fields)
    for key, value in _meta_fields(root).items():
        fields.setdefault(key, value)

    hints: list[str] = []
    page_title = next(root.elements("title"), None)
    if page_title is not None and (cleaned := clean_page_title(page_title.text(), "\n".join(lines[:8]))):
        hints.append(cleaned)
    heading = next((h.text() for h in root.elements("h1") if len(_HAN.findall(h.text())) >= 4), None)
    if heading:
        hints.append(heading)

    title = " ".join((fields.get("title") or (hints[0] if hints else "")).split())
    # A title too short to be one ("t", "首页") is not worth a line of its own.
    if len(title) >= 4 and re.sub(r"\s+", "", title) not in re.sub(r"\s+", "", "".join(lines[:5])):
        lines.insert(0, title)
    return HtmlDocument(text="\n".join(lines), fields=fields, title_hints=hints)


def _ancestors(element: Element) -> Iterator[Element]:
    node = element.parent
    while node is not None:
        yield node
        node = node.parent


def _skipper(block_ids: set[int], protected: set[int], *, any_links: bool) -> Callable[[Element], bool]:
    def skip(element: Element) -> bool:
        if id(element) in protected:
            return False
        return id(element) in block_ids or _is_chrome(element) or _is_link_list(element, any_links=any_links)

    return skip
