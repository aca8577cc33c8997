"""Mentions: the names found in a text, and what the finders of every kind share.

A finder returns ``Mention`` spans with character offsets; one finder per kind lives in its
own module (``sectors``, ``platforms``, ``firms``, ``events``, ``places``), all built on
``FinderBase`` here and joined in ``finder.MentionFinder``. Overlaps are settled afterwards
(``resolve_overlaps``: a longer name wins, and an industry inside a platform's or a firm's
name is part of that name).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .departments import DocumentContext
from .lexicon import Lexicon, short_admin_name
from .text import SpanIndex

PUNCTUATION = set("，。；：、！？,.;:!?（）()《》“”\"'‘’「」【】[]〔〕\n\r\t 　·—-…/")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Two or more items separated by 、 (the last may follow 和/及/与 and run on to 等…).
ENUMERATION = re.compile(
    r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9]{2,16}(?:(?:以及|和|及|与)[\u4e00-\u9fffA-Za-z0-9]{2,16})?"
)


@dataclass
class Mention:
    """A name found in the text."""

    label: str
    name: str  # canonical
    surface: str
    start: int
    end: int
    aliases: set[str] = field(default_factory=set)
    attributes: dict = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _alternation(words: list[str]) -> re.Pattern[str]:
    """A pattern matching any of ``words``, the longest where several start at one place.

    The words are laid out as a trie (光(?:伏|电子(?:信息)?)), so matching tries each
    character once instead of every word at every position: thousands of vocabulary terms
    cost about what a handful do.

    >>> [m.group() for m in _alternation(["光伏", "光电子", "光电子信息", "电子"]).finditer("光电子信息和光伏、电子")]
    ['光电子信息', '光伏', '电子']
    """
    unique = {w for w in words if w}
    if not unique:
        return re.compile(r"(?!x)x")
    trie: dict = {}
    for word in unique:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends_here else body


class FinderBase:
    """What the finders of every kind share: the document's context, the vocabulary, compiled
    patterns of names and places, and the word boundaries the segmenter gives."""

    def __init__(self, lexicon: Lexicon, context: DocumentContext, segmenter: Callable[[str], list[str]] | None = None):
        self.lexicon = lexicon
        self.context = context
        self.segmenter = segmenter
        self._boundaries: dict[tuple[int, int], set[int]] = {}
        self._accepted: dict[tuple[str, str], bool] = {}  # a park is named many times in a document
        self._last_industries: tuple[str | None, list[Mention]] = (None, [])
        self.names = lexicon.names
        self.industry_terms = lexicon.industry_terms()

    # -- compiled patterns (built on first use) -------------------------------------------------
    @cached_property
    def _industry_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("industry_re",), lambda: _alternation(list(self.industry_terms)))

    @cached_property
    def _known_enterprises(self) -> dict[str, tuple[str, list[str]]]:
        def build() -> dict[str, tuple[str, list[str]]]:
            table = {}
            for name, aliases in self.names["known_enterprises"]:
                for form in (name, *aliases):
                    table[form] = (name, aliases)
            return table

        return self.lexicon.memo(("known_enterprises",), build)

    @cached_property
    def _known_enterprise_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("known_enterprise_re",), lambda: _alternation(list(self._known_enterprises)))

    @cached_property
    def _boundary_words(self) -> list[str]:
        return self.lexicon.memo(
            ("boundary_words",), lambda: sorted(self.names["name_left_boundaries"], key=len, reverse=True)
        )

    @cached_property
    def _boundary_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("boundary_re",), lambda: _alternation(self._boundary_words))

    @cached_property
    def _opening_words(self) -> tuple[str, ...]:
        """Verbs and function words after which a noun phrase opens (发展, 培育, 在)."""
        return self.lexicon.memo(
            ("opening_words",),
            lambda: tuple(
                sorted(
                    {*self.names["common_verbs"], *self.names["industry_openers"], *self._boundary_words},
                    key=len,
                    reverse=True,
                )
            ),
        )

    @cached_property
    def _enumeration_cutters(self) -> list[str]:
        """Verbs and function words a list's first item may carry before it (重点发展集成电路)."""
        return self.lexicon.memo(
            ("enumeration_cutters",), lambda: [w for w in self._opening_words if len(w) > 1 or w == "的"]
        )

    @cached_property
    def place_forms(self) -> dict[str, str]:
        """Surface form → full place name, for the places this document may name: every form
        of its province (``province_place_forms``) less the short names of counties of other
        cities, which a city's document writes in full (合作, 资源, 公安 are common words too).
        """
        province, city = self.context.province, self.context.city

        def build() -> dict[str, str]:
            gaz = self.lexicon.gazetteer
            forms = self.province_place_forms
            if city is None:
                return forms

            def written_short(full: str) -> bool:  # 铁西 for 沈阳's 铁西区, not for 鞍山's
                units = [u for u in gaz.homonyms.get(full, ()) if u.province == province]
                return not units or any(u.level != "county" or u.city == city for u in units)

            return {form: full for form, full in forms.items() if form == full or written_short(full)}

        return self.lexicon.memo(("place_forms", province, city), build)

    @cached_property
    def province_place_forms(self) -> dict[str, str]:
        """Surface form → full place name for every place a document of its province may name."""
        return self.lexicon.memo(("place_forms", self.context.province), self._build_place_forms)

    def _build_place_forms(self) -> dict[str, str]:
        gaz = self.lexicon.gazetteer
        stop = set(self.names["place_stopwords"])
        forms: dict[str, str] = {}
        province = self.context.province
        rank = {"province": 0, "city": 1, "county": 2}
        every = [unit for units in gaz.homonyms.values() for unit in units]
        for unit in sorted(every, key=lambda unit: rank[unit.level]):
            name = unit.name
            local = province is None or unit.province == province
            if unit.level == "province" or unit.level == "city" or local:
                forms.setdefault(name, name)
            short = short_admin_name(name)
            if short == name or len(short) < 2 or short in stop:
                continue
            if unit.level == "province" or (local and unit.level in ("city", "county")):
                forms.setdefault(short, name)
        for name in (*self.names["countries"], *self.names["regions"]):
            forms[name] = name  # 中原 is the region, not the short name of 中原区
        for word in stop:
            forms.pop(word, None)
        return forms

    # -- helpers ----------------------------------------------------------------------------------
    def _name_starts(self, text: str, end: int, max_len: int = 30) -> list[int]:
        """Possible starts of a name ending at ``end``, leftmost first: the hard start (punctuation,
        等, 的) and the position after each verb or function word between it and ``end``."""
        hard = end
        limit = max(0, end - max_len)
        while hard > limit:
            ch = text[hard - 1]
            # A digit ends a name (2020年…) unless it begins a term such as 5G or 4K.
            digit = ch.isdigit() and not (text[hard : hard + 1].isascii() and text[hard : hard + 1].isalpha())
            if (ch in PUNCTUATION and ch not in "“”（）()") or ch in "等的" or digit:
                break
            if ch in "（(" and ")" not in text[hard:end] and "）" not in text[hard:end]:
                break
            if ch == "“" and "”" not in text[hard:end]:
                break
            hard -= 1
        starts = [hard]
        boundary = self._boundary_re
        for i in range(hard, end):
            # The longest boundary word at i that ends before ``end`` (the trie gives the longest;
            # only where that one runs to ``end`` are shorter ones tried).
            match = boundary.match(text, i)
            if match is None:
                continue
            if match.end() < end:
                starts.append(match.end())
                continue
            hit = next((w for w in self._boundary_words if text.startswith(w, i) and i + len(w) < end), None)
            if hit:
                starts.append(i + len(hit))
        return sorted(set(starts))

    def place_in(self, name: str) -> str | None:
        """The place a name starts with (赣州经开区 → 赣州市), if any."""
        for length in range(min(len(name), 12), 1, -1):
            full = self.place_forms.get(name[:length])
            if full:
                return full
        return None

    def _cut(self, text: str) -> list[str]:
        """The words of ``text`` by the segmenter; none without one (rules that need words then find nothing)."""
        return self.segmenter(text) if self.segmenter is not None else []

    def _word_boundaries(self, text: str, start: int, end: int) -> set[int]:
        """Offsets where the segmenter puts a word boundary in the sentence around ``start:end``."""
        s, e = start, end
        while s > 0 and text[s - 1] not in "。；！？\n，、":
            s -= 1
        while e < len(text) and text[e] not in "。；！？\n，、":
            e += 1
        if (s, e) not in self._boundaries:
            cuts, position = {s, e}, s
            for word in self._cut(text[s:e]):
                position = text.index(word, position) + len(word) if word in text[position:e] else position + len(word)
                cuts.add(position)
                cuts.add(position - len(word))
            self._boundaries[(s, e)] = cuts
        return self._boundaries[(s, e)]

    def _is_word(self, text: str, start: int, end: int) -> bool:
        """A short term glued between Han characters is a word only where the segmenter agrees
        (化工 in 优化工业 is not; 家具 in 80家具有 is not)."""
        if self.segmenter is None or end - start > 2:
            return True
        glued = (
            start > 0
            and (HAN.match(text[start - 1]) or text[start - 1].isdigit())
            and end < len(text)
            and HAN.match(text[end])
        )
        if not glued:
            return True
        cuts = self._word_boundaries(text, start, end)
        return start in cuts and end in cuts

    def _starts_with_boundary(self, name: str) -> bool:
        if self.place_in(name):
            return False  # 和林格尔新区 starts with a place, not with 和
        return any(name.startswith(w) and len(name) > len(w) + 1 for w in self._boundary_words)

    def _word_start(self, text: str, position: int, floor: int) -> int:
        """``position`` moved back to the start of the word it falls in (not before ``floor``),
        as the segmenter cuts the sentence: a list's first item never begins inside a word."""
        if position <= floor or not HAN.match(text[position - 1]) or self.segmenter is None:
            return position
        cuts = self._word_boundaries(text, position, position + 1)
        if position in cuts:
            return position
        return max((c for c in cuts if floor <= c < position), default=position)

    @staticmethod
    def _list_start(item: str, cutters: list[str]) -> int:
        """Where a list's first item begins: after the last verb in it, and after a leading
        preposition (以马铃薯 → 马铃薯).

        >>> FinderBase._list_start("重点发展集成电路", ["发展"]), FinderBase._list_start("以马铃薯", [])
        (4, 1)
        """
        # A verb glued to 业 is the noun of a sector's name (信息技术服务业), not where the list starts.
        cut = max(
            (item.rfind(w) + len(w) for w in cutters if w in item[:-1] and item[item.rfind(w) + len(w) :][:1] != "业"),
            default=0,
        )
        if len(item) - cut > 2 and item[cut] in "以在对把将从向为与及和":
            cut += 1
        return cut

    @cached_property
    def _inner_verb_re(self) -> re.Pattern[str]:
        """Verbs that do not occur inside a firm's short name (组建, 推动), for telling a clause
        from a name; verbs common in firm names (发展, 建设, 投资) are left out."""
        return self.lexicon.memo(
            ("firm_inner_verbs",),
            lambda: _alternation(
                [
                    w
                    for w in self.names["common_verbs"]
                    if len(w) > 1 and w not in ("发展", "建设", "开放", "合作", "创新", "融合", "振兴", "投资")
                ]
            ),
        )

    def _sector_shaped(self, name: str) -> bool:
        """Whether a word outside the vocabulary can name a sector: not a public function
        (政务服务, 城市管理), not a place, no verb inside (实体经济深度融合).

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("浙江省")
        >>> finder._sector_shaped("智能视听设备"), finder._sector_shaped("城市管理"), finder._sector_shaped("杭州")
        (True, False, False)
        """
        if name in self.names["public_functions"] or self.lexicon.gazetteer.knows(name):
            return False
        verbs = self.lexicon.memo(
            ("inner_verbs",),
            lambda: re.compile(
                "|".join(
                    sorted((re.escape(w) for w in self.names["common_verbs"] if len(w) > 1), key=len, reverse=True)
                )
            ),
        )
        return not verbs.search(re.sub(r"服务(?=业|$)", "", name))  # 信息技术服务业: 服务 a noun

    def _is_place_word(self, text: str, start: int) -> bool:
        """Whether a place name begins a word where it stands, as the segmenter cuts the sentence
        (范县 in 示范县 does not; 范县 after 支持 does)."""
        return self._word_start(text, start, 0) == start


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longer of overlapping mentions of the same kind; an industry inside a
    platform or firm name is part of that name (places and events stay: they nest by design).

    >>> a = Mention("Industry", "光伏", "光伏", 2, 4)
    >>> b = Mention("Platform", "新余光伏基地", "新余光伏基地", 0, 6)
    >>> [m.name for m in resolve_overlaps([a, b])]
    ['新余光伏基地']
    """
    named_spans = SpanIndex((m.start, m.end, m) for m in mentions if m.label in ("Platform", "Enterprise"))
    kept: list[Mention] = []
    for label in ("Platform", "Enterprise", "Event", "Industry", "Place"):
        group = sorted((m for m in mentions if m.label == label), key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Mention] = []
        for m in group:
            if chosen and m.start < chosen[-1].end:
                if (m.end - m.start) > (chosen[-1].end - chosen[-1].start):
                    chosen[-1] = m
                continue
            chosen.append(m)
        if label == "Industry":
            chosen = [m for m in chosen if not named_spans.holds(m.start, m.end)]
        if label == "Enterprise":  # 中国电子 inside 中国电子信息博览会 is part of the event's name
            events = SpanIndex((m.start, m.end, m) for m in mentions if m.label == "Event")
            chosen = [m for m in chosen if not events.holds(m.start, m.end)]
        if label in ("Platform", "Enterprise"):
            other = "Enterprise" if label == "Platform" else "Platform"
            rivals = SpanIndex((m.start, m.end, m) for m in mentions if m.label == other)
            chosen = [
                m
                for m in chosen
                if m.attributes.get("known")
                and label == "Enterprise"  # 紫光…总部基地: the firm and its park
                or not any(
                    r.start <= m.start and m.end <= r.end and (r.end - r.start) > (m.end - m.start)
                    for r in rivals.starting_in(m.start - 64, m.start + 1)
                )
            ]
        kept.extend(chosen)
    return sorted(kept, key=lambda m: (m.start, m.end))
