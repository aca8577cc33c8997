"""Find named things in text: industries, platforms, enterprises, events and places.

Each finder is a small function over the text that returns ``Mention`` spans
with character offsets; overlaps are settled afterwards (a longer name wins,
and an industry inside a platform's or a firm's name is part of that name).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from policykg.names import canonical_brackets

from .departments import DocumentContext
from .lexicon import Lexicon, short_admin_name
from .text import SpanIndex

PUNCTUATION = set("，。；：、！？,.;:!?（）()《》“”\"'‘’「」【】[]〔〕\n\r\t 　·—-…/")
HAN = re.compile(r"[\u4e00-\u9fff]")
# The product and making nouns that head a compound sector name (汽车电子, 农机装备, 面板制造).
PRODUCT_NOUN = re.compile(r"元器件|零部件|设备|装备|终端|材料|芯片|软件|器件|模组|制造|电子|机床|机械|器械")
PRODUCT_NOUN_END = re.compile(r"(?:元器件|零部件|设备|装备|终端|材料|芯片|软件|器件|模组|制造|电子|机床|机械|器械)$")
SECTOR_SUFFIX = re.compile(r"制造业|服务业|产业|行业")
# Head nouns of a sector name that may join two words with 和/及/与 (软件与信息技术服务业).
SECTOR_HEADS = ("业", "产业", "制造", "设备", "装备", "产品")
# What a list of firms may name besides firms: a ranking (软件百强, 500强) or what firms offer
# (解决方案, 产品) — not one firm's name.
RANKED_OR_OFFERED = re.compile(r"(?:[百千十]强|\d+强|强企|解决方案|产品|服务商)$")
QUOTED_SECTOR = re.compile(r"“([\u4e00-\u9fff]{1,6})”产业")
# Two or more items separated by 、 (the last may follow 和/及/与 and run on to 等…).
ENUMERATION = re.compile(
    r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9]{2,16}(?:(?:以及|和|及|与)[\u4e00-\u9fffA-Za-z0-9]{2,16})?"
)


# A list of two or more items merged with what follows (A、B与实体经济深度融合); the optional
# 等… closes it with its kind (等新一代信息技术与农业生产深度融合).
FUSED_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、)+[\u4e00-\u9fffA-Za-z0-9]{2,12})"
    r"(?:等[\u4e00-\u9fff]{0,8}技术)?(?:与|和|同)[^，。；\n]{0,14}?融合"
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


class MentionFinder:
    """All entity finders of one document, sharing compiled patterns."""

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
    def _platform_suffix_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("platform_suffix_re",), lambda: _alternation(self.names["platform_suffixes"]))

    @cached_property
    def _enterprise_suffix_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("enterprise_suffix_re",), lambda: _alternation(self.names["enterprise_suffixes"]))

    @cached_property
    def _modifier_head_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("modifier_head_re",), lambda: _alternation(self.names["industry_modifier_heads"]))

    @cached_property
    def _technology_list_re(self) -> re.Pattern[str]:
        def build() -> re.Pattern[str]:
            heads = "|".join(sorted(map(re.escape, self.names["technology_list_heads"]), key=len, reverse=True))
            item = r"[^，。；：:、等在\n]{1,16}"  # 在 opens where the means are applied, not a list
            return re.compile(rf"((?:{item}、)*{item})等(?:{heads})(?![^，。；]{{0,4}}(?:产业|行业|企业))")

        return self.lexicon.memo(("technology_list_re",), build)

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
        """Surface form → full place name, for the places this document may name."""
        key = ("place_forms", self.context.province, self.context.city)
        return self.lexicon.memo(key, self._build_place_forms)

    def _build_place_forms(self) -> dict[str, str]:
        gaz = self.lexicon.gazetteer
        stop = set(self.names["place_stopwords"])
        forms: dict[str, str] = {}
        province, city = self.context.province, self.context.city
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
            # A city's document names its own counties short (长泰、云霄); a county elsewhere, whose
            # short name is often a common word (合作, 资源, 公安), it writes in full.
            own = unit.level == "city" or city is None or unit.city == city
            if unit.level == "province" or (local and own):
                forms.setdefault(short, name)
        for name in (*self.names["countries"], *self.names["regions"]):
            forms[name] = name  # 中原 is the region, not the short name of 中原区
        for word in stop:
            forms.pop(word, None)
        return forms

    @cached_property
    def _place_re(self) -> re.Pattern[str]:
        key = ("place_re", self.context.province, self.context.city)
        return self.lexicon.memo(key, lambda: _alternation(list(self.place_forms)))

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

    # -- finders ----------------------------------------------------------------------------------
    def industries(self, text: str) -> list[Mention]:
        """Vocabulary terms in ``text`` that name a sector there (the last text's answer is kept:
        the extractor asks twice, for the task objects and for the sectors park names carry)."""
        if self._last_industries[0] is not text:
            self._last_industries = (text, self._find_industries(text))
        return list(self._last_industries[1])

    def _find_industries(self, text: str) -> list[Mention]:
        found = []
        for match in self._industry_re.finditer(text):
            surface = match.group()
            entry = self.industry_terms[surface]
            if not self._is_word(text, match.start(), match.end()):
                continue
            if len(surface) == 1:
                following = text[match.end() : match.end() + 1]
                preceding = text[match.start() - 1 : match.start()] if match.start() else ""
                if following not in ("产", "行", "、", "深", "加", "等", "和", "及") and preceding != "、":
                    continue
            if re.match(r"(?:工业|产业|服务业|业)?(?:处|局|厅|委|办|室|中心)", text[match.end() : match.end() + 4]):
                continue
            if self._modifier_head_re.match(text, match.end()):
                continue  # 超高清视频技术, 医疗资源: the word after is the head, the term a modifier
            # Umbrellas (工业, 服务业) are not owned sectors; a technology is one only as X产业, and a
            # field as X产业 or as the X of “互联网＋X”, the national action that names sectors so.
            plus = entry.kind == "domain" and text.endswith(("互联网＋", "互联网+"), 0, match.start())
            if entry.kind == "umbrella" or (
                entry.kind in ("technology", "domain")
                and not plus
                and not text.startswith(("产业", "行业", "企业"), match.end())
            ):
                continue
            compound = self._compound_sector(text, match.start(), match.end())
            if compound is not None:
                found.append(compound)
                continue
            # The sector word the text writes after the term is part of its name (智能终端制造业).
            written = SECTOR_SUFFIX.match(text, match.end())
            aliases = {surface, surface + written.group()} if written else {surface}
            found.append(
                Mention(
                    "Industry",
                    entry.canonical,
                    surface,
                    match.start(),
                    match.end(),
                    aliases,
                    {"kind": entry.kind, "categories": sorted(entry.categories)},
                )
            )
        # A sector named by one quoted word before 产业 (发展“芯”产业).
        for match in QUOTED_SECTOR.finditer(text):
            name = match.group(1) + "产业"
            found.append(
                Mention(
                    "Industry",
                    name,
                    match.group(),
                    match.start(),
                    match.end(),
                    {match.group(), name},
                    {"kind": "sector", "categories": []},
                )
            )
        return found

    @cached_property
    def _compound_ends(self) -> tuple[str, ...]:
        """Words that may follow a compound sector name without extending it (系列, 企业, 发展)."""
        heads = (*self.names["sector_head_nouns"], "系列", "企业", "项目", "集群", "基地", "领域", "龙头")
        return (*heads, *self._opening_words)

    @cached_property
    def _sector_modifiers(self) -> tuple[str, ...]:
        return tuple(sorted(self.names["sector_name_modifiers"], key=len, reverse=True))

    def _technology_before(self, text: str, start: int) -> str:
        """A technology written right before ``start`` (5G, 人工智能), or ''.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("湖南省"))
        >>> finder._technology_before("发展5G通信设备", 4), finder._technology_before("发展通信设备", 2)
        ('5G', '')
        """
        code = re.search(r"(?<![0-9A-Za-z])[0-9]?[A-Za-z][0-9A-Za-z]?$|(?<![0-9A-Za-z])[0-9][A-Za-z]$", text[:start])
        if code:
            return code.group()
        for size in range(6, 1, -1):
            entry = self.industry_terms.get(text[max(0, start - size) : start])
            if entry is not None and entry.kind == "technology" and start >= size:
                return text[start - size : start]
        return ""

    def _compound_sector(self, text: str, start: int, end: int) -> Mention | None:
        """The sector a vocabulary term names together with the words glued to it: a sector or
        product noun after it (汽车 电子, 安全 芯片, 面板 制造) or a sector modifier before it
        (新型 建材). A Chinese compound is named by the whole, headed by its last word; None
        where nothing is glued on.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("湖南省"))
        >>> [m.name for m in finder.industries("发展新型建材、汽车电子。")]
        ['新型建材', '汽车电子']
        """
        first, last = start, end
        before = text[max(0, start - 3) : start]
        modifier = next((m for m in self._sector_modifiers if before.endswith(m)), "")
        if not modifier and PRODUCT_NOUN_END.search(text[start:end]):
            modifier = self._technology_before(text, start)  # 5G通信设备, 人工智能芯片
        if not modifier and (end >= len(text) or not HAN.match(text[end])):
            return None
        opened = start - len(modifier)
        if modifier and (
            opened == 0 or not HAN.match(text[opened - 1]) or text.endswith(self._opening_words, 0, opened)
        ):
            first = opened  # 、新型建材 or 发展新型建材: the modifier opens the name
        # Only a product or making noun heads a compound; two sectors side by side (旅游会展) are
        # a pair, and a technology after a sector (新能源大数据) is applied to it.
        head = self._industry_re.match(text, end)
        entry = self.industry_terms.get(head.group()) if head else None
        if (
            head is not None
            and entry is not None
            and entry.kind == "sector"
            and len(head.group()) >= 2
            and PRODUCT_NOUN_END.search(head.group())
        ):
            last = head.end()
        else:
            noun = PRODUCT_NOUN.match(text, end)
            if noun and not text.startswith(("制造业", "制造企业"), end):
                last = end + len(noun.group())
        if (first, last) == (start, end):
            return None
        if last < len(text) and HAN.match(text[last]) and not SECTOR_SUFFIX.match(text, last):
            ends = re.match(r"[、和及与等的为是在向到将把对]", text[last]) or text.startswith(self._compound_ends, last)
            if not ends:
                return None  # glued on further (汽车电子标签): not a sector name
        surface = text[first:last]
        name = re.sub(r"(?:产业|行业)$", "", surface)  # the term may carry its sector word (建材产业)
        known = self.industry_terms.get(name)
        suffix = SECTOR_SUFFIX.match(text, last)
        written = suffix.group() if suffix else ""
        if not written and surface.endswith(("制造", "服务")) and text.startswith("业", last):
            written = "业"  # 5G通信设备制造业
        aliases = {name, surface, surface + written}
        categories = sorted((known or self.industry_terms[text[start:end]]).categories)
        return Mention(
            "Industry",
            known.canonical if known else name,
            surface,
            first,
            last,
            aliases,
            {"kind": "sector", "categories": categories},
        )

    def _starts_with_boundary(self, name: str) -> bool:
        if self.place_in(name):
            return False  # 和林格尔新区 starts with a place, not with 和
        return any(name.startswith(w) and len(name) > len(w) + 1 for w in self._boundary_words)

    def _accept_named(self, name: str, suffix: str, generic: list[str]) -> bool:
        key = (name, suffix)
        if key not in self._accepted:
            self._accepted[key] = self._judge_named(name, suffix, generic)
        return self._accepted[key]

    def _judge_named(self, name: str, suffix: str, generic: list[str]) -> bool:
        if name in generic or len(name) <= len(suffix) or self._starts_with_boundary(name):
            return False
        if name.startswith(("各", "该", "本", "全", "这", "那", "其", "有关", "相关", "一批", "一个", "若干")):
            return False
        if name[0] in "和与及" and not self.place_in(name):  # 和平区电竞产业基地 starts with a place
            return False
        if re.match(r"(?:个|座|家|以?上[千百万亿])", name) or (
            name[0] in "区县市" and not self.place_in(name) and not self._industry_re.match(name)
        ):
            return False  # the tail of 10个…园区 or of a place cut short (…平区电竞基地)
        if name.startswith(("我国", "我省", "我市", "首个", "首批")) or "关于" in name:
            return False  # a description (我国首个…示范区) or a document's title, not a name
        joined = re.search(r"(?:平台|基地|园|区|县|镇|中心|室|院|市场|体系|领域|行业)(?:和|及|与|或)", name)
        if "在" in name[1:] or joined or re.sub(r"^.*(?:和|及|与)", "", name) in generic:
            # a clause (…在某园区) or two things joined (A平台和B平台, 示范县及某园区, 某领域和产业集群):
            # the parts are found alone
            return False
        if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
            return False
        place = self.place_in(name)
        remainder = re.sub(r"^(?:省级|国家级|市级|县级)", "", name[len(place) :]) if place else ""
        if place and place in self.names["regions"] and remainder in generic:
            return False  # 原中央苏区工业园区: parks of a region, not one named park
        if name in self.place_forms:
            return False
        abbreviations = self.names["province_abbreviations"]
        if not name.startswith(("国家", "中国")) and any(
            w in name[1:] for w in self._boundary_words if len(w) > 1 and w not in ("建设", "发展", "开放", "合作")
        ):
            return False  # a clause, not a name (…园区企业申报国家级示范项目)
        if self._generic_type(name, suffix):
            return False  # 国家重点实验室, 省战略性新兴产业集聚区: a kind of platform, not one named
        national = name.find("国家")
        return bool(
            place
            or name.startswith(("“", "国家", "中国", "全国"))
            or self._proper_stem(name, suffix)
            or (national > 0 and name[:national] in self.industry_terms)
            or (name[0] in abbreviations and name[1] in abbreviations)
        )

    def _generic_type(self, name: str, suffix: str) -> bool:
        """Whether a name is a level and a kind with no proper part (国家重点实验室, 国家制造业创新中心,
        省级数字经济示范区): what is left between the level and the suffix is only descriptive
        words and sector umbrellas.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("河南省"))
        >>> finder._generic_type("国家重点实验室", "实验室"), finder._generic_type("国家超算郑州中心", "中心")
        (True, False)
        """
        level = re.match(r"(?:国家级|国家|省级|市级|县级|全国|省|市)", name)
        if not level or not name.endswith(suffix):
            return False
        middle = name[level.end() : len(name) - len(suffix)]
        terms = self.industry_terms
        if any(
            terms[term].kind == "sector"
            for k in range(len(middle))
            for term in {middle[k:end] for end in range(k + 3, min(len(middle), k + 8) + 1)}
            if term in terms
        ):
            return False  # 国家信息光电子创新中心: a specific sector is a proper part
        return len(self._generic_words_re.sub("", middle)) < 2

    @cached_property
    def _generic_words_re(self) -> re.Pattern[str]:
        """Descriptive words of platform names and sector umbrellas (制造业, 战略性新兴产业): what a
        named platform has more of, a specific sector (燃料电池) counting as a proper part."""
        return self.lexicon.memo(
            ("platform_generic_words",),
            lambda: _alternation(
                [t for t, e in self.industry_terms.items() if e.kind == "umbrella"]
                + self.names["platform_stem_modifiers"]
            ),
        )

    def _proper_stem(self, name: str, suffix: str) -> bool:
        """Whether a park's name has a proper part besides sector and descriptive words
        (紫荆网络安全科技园, 首钢园区, 鲲鹏软件小镇 — not 大数据产业园 or 智能制造基地).

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("河南省"))
        >>> finder._proper_stem("紫荆网络安全科技园", "科技园"), finder._proper_stem("大数据产业园", "产业园")
        (True, False)
        """
        stem = re.sub(r"[（(][A-Za-z0-9/]{1,8}[）)]", "", name[: -len(suffix)])  # 虚拟现实（VR）
        if len(name) > 20 or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]{2,14}", stem):
            return False
        if any(stem.startswith(form) and len(stem) > len(form) for form in self._known_enterprises):
            return True  # 华为某某实验室: a firm's own platform
        if not self._sector_shaped(re.sub(r"(?:创新|联合)$", "", stem)):
            return False  # a verb inside: a clause (印发…试验区), not a name; 创新 and 联合 before the kind name it
        words = self.lexicon.memo(
            ("platform_stem_words",),
            lambda: re.compile(
                "|".join(
                    sorted(
                        (
                            re.escape(w)
                            for w in (*self.industry_terms, *self.names["platform_stem_modifiers"])
                            if len(w) > 1
                        ),
                        key=len,
                        reverse=True,
                    )
                )
            ),
        )
        return len(words.sub("", stem)) >= 2

    def platforms(self, text: str) -> list[Mention]:
        found = []
        generic = self.names["platform_generic_names"]
        for match in self._platform_suffix_re.finditer(text):
            if text.startswith(("区", "市", "县"), match.end()):
                continue  # 婺城新城区: a district, not a park
            candidates = [text[s : match.end()].strip() for s in self._name_starts(text, match.start())]
            name = next(
                (
                    c
                    for c in candidates
                    if self._accept_named(c, match.group(), generic) and not self._spans_two_names(c, match.group())
                ),
                None,
            )
            if name is None:
                continue
            start = match.end() - len(name)
            if re.sub(r"“[^”]*”", "", name) in generic + ["公共服务平台", "服务平台"]:
                continue
            if self._administration_system(name):
                continue
            end = match.end()
            # 某省实验室（广州）: the city or province a name brackets after it is part of the name.
            site = re.match(r"[（(]([\u4e00-\u9fff]{2,8})[）)]", text[end : end + 12])
            if site and self.place_in(site.group(1)):
                mention = self._platform(name + site.group(), start, end + len(site.group()))
                mention.aliases.add(name)
                found.append(mention)
                continue
            found.append(self._platform(name, start, end))
        # A national centre named by its field and city (国家超算某某中心, 国家超级计算某某中心): the
        # generic word 中心 is no platform suffix, but after 国家 and a proper part it names one.
        for match in re.finditer(r"国家[\u4e00-\u9fff]{2,10}?中心", text):
            name = match.group()
            if name.endswith(tuple(self.names["platform_suffixes"])) or self._generic_type(name, "中心"):
                continue  # found by its own suffix, or a kind (国家重点研究中心)
            if not self._is_place_word(text, match.start()):
                continue
            placed = any(self.lexicon.gazetteer.names_at(name, k, (2, 3)) for k in range(2, len(name) - 2))
            if self._inner_verb_re.search(name) or not placed:
                continue  # a clause, or no city or province named inside
            found.append(self._platform(name, match.start(), match.end()))
        # Quoted online systems and platforms: “赣服通”, “江西政务服务网”.
        for match in re.finditer(r"“([^“”]{2,30})”", text):
            inner = match.group(1)
            if any(inner.endswith(term) for term in ("互联网", "物联网", "车联网")):
                continue  # “5G＋工业互联网”: a technology, not a site
            if re.search(r"[一二三四五六七八九十两多][张个网通平系]", inner) or re.search(r"[、，,]", inner):
                continue  # “一张网”, “三通两平台”: a slogan that counts its parts, not one system
            if (inner.endswith("网") and len(inner) < 5) or re.match(r"[上建用]\w平台", inner[:4]):
                continue  # “芯屏端网”, “上云上平台”: a slogan of parts or of actions, not a named system
            if (
                re.search(r"(平台|系统|数据库|服务网|网)$", inner)
                or self._platform_suffix_re.search(inner[-8:] + "\x00")
                and any(inner.endswith(x) for x in self.names["platform_suffixes"])
            ):
                found.append(self._platform(inner, match.start(1), match.end(1)))
        return found

    def _administration_system(self, name: str) -> bool:
        """Whether an unquoted name is a government's own information system (一体化政务服务平台,
        互联网＋监管平台): an information-system kind whose name carries the vocabulary of
        government services, not a park or an innovation platform.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("浙江省"))
        >>> finder._administration_system("某省政务服务网"), finder._administration_system("某某科技园")
        (True, False)
        """
        if not name.endswith(tuple(self.names["information_system_suffixes"])):
            return False
        words = (*self.names["administration_system_words"], *self.names["public_functions"])
        return any(word in name for word in words)

    def _spans_two_names(self, name: str, suffix: str) -> bool:
        """合肥经开区建设新能源汽车产业基地 is a park and a clause, not one name."""
        body = name[: -len(suffix)]
        for inner in self._platform_suffix_re.finditer(body):
            rest = body[inner.end() :]
            if any(rest.startswith(w) for w in self._boundary_words):
                return True
        return False

    def listed(self, text: str) -> list[Mention]:
        """Items of a list that a head noun types: ``A、B等已批复的国家…示范基地`` names platforms,
        ``A、B等8家工业企业`` names firms, ``A、B等特色产业`` names industries."""
        found = []
        suffix_re = "|".join(re.escape(s) for s in sorted(self.names["platform_suffixes"], key=len, reverse=True))
        pattern = re.compile(
            r"((?:[^、，。；：:,\s（）()]{2,10}、)*[^、，。；：:,\s（）()]{2,10})等"
            r"(?:[\d一二三四五六七八九十百]+(?:个|家|户)?(?:以上)?)?([^，。；、]{0,14}?)"
            rf"({suffix_re}|企业|公司|产业|行业|领域|业态)"
        )
        cutters = [w for w in self._boundary_words if len(w) > 1] + ["的", "等"]
        verbs = self._enumeration_cutters
        for match in pattern.finditer(text):
            items_text, modifier, head = match.group(1), match.group(2), match.group(3)
            offset = match.start(1)
            items = []
            for item in re.split(r"(、|以及)", items_text):  # 以及 joins items, never a name
                if item not in ("、", "以及"):
                    items.append((offset, item))
                offset += len(item)
            # The list begins after the last verb or function word inside it (赴德国、法国推介汽车等产业).
            for k in range(len(items) - 1, -1, -1):
                item_start, item = items[k]
                if k > 0 and item in self.industry_terms:
                    continue  # 服务机器人 is a sector, not a verb and its object
                cut = (
                    self._list_start(item, verbs)
                    if head in ("产业", "行业", "领域", "业态", "企业", "公司")
                    else max((item.rfind(w) + len(w) for w in cutters if w in item[:-1]), default=0)
                )
                if k == 0 and head in ("产业", "行业", "领域", "业态") and len(items) > 1 and "与" in item[cut:-2]:
                    cut = item.rfind("与", 0, len(item) - 2) + 1  # 推动互联网与教育、医疗等领域融合
                if cut:
                    items = [(item_start + cut, item[cut:])] + items[k + 1 :]
                    break
            if head in ("产业", "行业", "领域", "业态") and items:
                items[0] = self._first_sector_item(text, *items[0])
            for item_start, item in items:
                if len(item) < 2 or item in self.lexicon.cues["generic_units"]:
                    continue
                if head in ("企业", "公司") and "运营" in modifier and item in self.names["operator_brands"]:
                    # 移动、联通、电信等运营企业: the operators by their one-word brands.
                    canonical, aliases = self._known_enterprises[self.names["operator_brands"][item]]
                    found.append(
                        Mention(
                            "Enterprise", canonical, item, item_start, item_start + len(item), {canonical, *aliases}
                        )
                    )
                    continue
                if head in ("企业", "公司"):
                    # 服务联想等企业: a well-known firm ending the item is its name, a verb before it.
                    known = next((form for form in self._known_enterprises if item.endswith(form)), None)
                    if known and known != item:
                        continue  # the well-known firm is found by its own name
                    counted = re.search(r"[\d一二三四五六七八九十百]", text[match.end(1) : match.start(3)])
                    # 支持立讯精密、闻泰科技等龙头企业: a list of firms by name, counted or led by a firm modifier.
                    named = re.fullmatch(self.names["firm_list_modifiers"], modifier) and self._firm_shaped(item)
                    if (
                        not (counted or named)
                        or len(modifier) > 8
                        or self.place_forms.get(item)
                        or item in self.industry_terms
                    ):
                        continue
                    found.append(self._enterprise(item, item_start, item_start + len(item)))
                elif head in ("产业", "行业", "领域", "业态"):
                    # 等承接产业转移: 产业 here is not the head of the list; 等大数据产业相关企业: the items
                    # are branches of a sector the vocabulary holds.
                    if (
                        modifier
                        and not re.fullmatch(self.names["sector_list_modifiers"], modifier)
                        and modifier not in self.industry_terms
                    ):
                        continue
                    if re.match(r"转移|园|政策|化|基地|集群|链|结构|项目|主管|协会|组织|部门", text[match.end() :]):
                        continue
                    # 等领域的企业: firms of those fields, so the fields are sectors (ONTOLOGY: X企业).
                    firms = head == "领域" and re.match(r"(?:的)?(?:企业|产业|服务业)", text[match.end() :])
                    mention = self.listed_sector(item, item_start, "行业" if firms else head)
                    if mention:
                        found.append(mention)
                else:
                    descriptor = modifier.rsplit("的", 1)[-1]
                    if not self.place_in(item) or any(w in descriptor for w in self._boundary_words if len(w) > 1):
                        continue  # 兰州、天水等地建设X园区: places where parks are to be built, not parks
                    name = item + descriptor + head
                    mention = self._platform(name, item_start, item_start + len(item))
                    mention.surface = item
                    mention.aliases |= {item}
                    found.append(mention)
        return found

    def _first_sector_item(self, text: str, start: int, item: str) -> tuple[int, str]:
        """The first item of a sector list without the words the list's opening left on it: it
        starts at a word boundary, and where it ends in a vocabulary term after other words
        that name bodies (中央金融机构供应链金融), the term is the item; a qualifier stays (柔性传感器).

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("湖南省"))
        >>> finder._first_sector_item("用好省级金融机构供应链金融", 4, "金融机构供应链金融")
        (8, '供应链金融')
        """
        if item in self.industry_terms:
            return start, item
        begin = self._word_start(text, start, max(0, start - 4))
        item, start = text[begin : start + len(item)], begin
        for k in range(2, len(item) - 1):
            tail = item[k:]
            if tail in self.industry_terms and self.industry_terms[tail].kind != "umbrella":
                if item[:k].endswith(("机构", "企业", "单位", "部门", "主体")):
                    return start + k, tail  # 金融机构供应链金融: the sector those bodies work in
                break
        return start, item

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

        >>> MentionFinder._list_start("重点发展集成电路", ["发展"]), MentionFinder._list_start("以马铃薯", [])
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

    def committee_parks(self, text: str) -> list[Mention]:
        """The park of a 管委会 the document names by a generic word (经开区管委会): the document's
        own park, named with its place (雅安经开区), wherever the text writes the word alone.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("四川省", city="雅安市"))
        >>> [m.name for m in finder.committee_parks("完善经开区配套。（责任单位：经开区管委会）")]
        ['雅安经开区']
        """
        generic = [w for w in self.names["platform_generic_names"] if len(w) > 2]
        # The committee named by the bare word (…，经开区管委会), not by a park's full name.
        words = {
            m.group(1)
            for m in re.finditer(rf"({'|'.join(generic)})(?:管委会|管理委员会)", text)
            if m.start() == 0 or not HAN.match(text[m.start() - 1])
        }
        place = self.context.county or self.context.city
        found: list[Mention] = []
        for word in sorted(words):
            name = short_admin_name(place) + word if place else word
            for match in re.finditer(word, text):
                bare = match.start() == 0 or not HAN.match(text[match.start() - 1])
                after_verb = any(text.endswith(w, 0, match.start()) for w in self._boundary_words if len(w) > 1)
                if text.startswith(("管委会", "管理委员会"), match.end()) or not (bare or after_verb):
                    continue
                found.append(self._platform(word, match.start(), match.end()))
                found[-1].name, found[-1].aliases = name, {word, name}
                if place:
                    found[-1].attributes["place"] = place
        return found

    def technology_lists(self, text: str) -> list[tuple[int, int]]:
        """Spans of lists that the text closes as technologies used or scenes of application
        (推广北斗导航、区块链等技术应用; 围绕智慧交通、养老服务等应用场景): their items are means,
        not sectors the task owns. A list closed by 等技术产业 is not one.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("浙江省"))
        >>> text = "支持纺织企业，推广机器人、传感器等技术应用。"
        >>> [text[s:e] for s, e in finder.technology_lists(text)]
        ['机器人、传感器']
        """
        spans = []
        for match in self._technology_list_re.finditer(text):
            listed = match.group(1)
            cut = self._list_start(listed.split("、", 1)[0], self._enumeration_cutters)
            spans.append((match.start(1) + cut, match.end(1)))
        # Technologies merged into something else (推动大数据、人工智能与实体经济深度融合) are its means.
        for match in FUSED_LIST.finditer(text):
            items = match.group(1).split("、")
            entries = [self.industry_terms.get(item) for item in items[1:]]
            if all(entry is not None and entry.kind == "technology" for entry in entries):
                spans.append((match.start(1), match.end(1)))
        return spans

    def enumerated_sectors(self, text: str) -> list[Mention]:
        """Items of an enumeration whose other items are sectors (发展智能音响设备、智能穿戴终端、
        车载显示设备等…; 茶叶、竹木、陶瓷、装备制造等加工企业).

        An enumeration lists things of one kind: where most of its items are sectors of the
        vocabulary, the items the vocabulary lacks are sectors too, and a listed technology or
        field (大数据、人工智能) is one.
        """
        found: list[Mention] = []
        cutters = self._enumeration_cutters
        for match in ENUMERATION.finditer(text):
            offset = match.start()
            listed = match.group()
            last = listed.rfind("、")
            if "等" in listed[last:]:
                listed = listed[: last + listed[last:].index("等")]  # 新能源等加工企业实施… ends at 等
            # Items are split at 、; 和/及/与 separate only the last item (A、B和C), inside an
            # item they join one name (云计算和大数据产业).
            pieces = listed.split("、")
            # A list the text counts as sectors (A、B和C三大产业): every item is one.
            counted = re.search(
                rf"[两二三四五六七八九十]+(?:大|个)(?:{self.names['sector_list_modifiers']})?(?:产业|行业|板块)",
                pieces[-1],
            )
            if counted:
                pieces[-1] = pieces[-1][: counted.start()]
            tail = re.split(r"(以及|和|及|与)", pieces[-1], maxsplit=1)
            if len(tail) == 3 and len(tail[0]) >= 2 and len(tail[2]) >= 2 and not tail[2].endswith(SECTOR_HEADS):
                pieces[-1:] = [tail[0], tail[2]]
            items: list[tuple[int, str]] = []
            for piece in pieces:
                start = listed.find(piece, offset - match.start()) + match.start()
                items.append((start, piece))
                offset = start + len(piece)
            # The first item starts after the last verb inside it; the last ends before 等.
            first_start, first = items[0]
            # The match may begin inside a word (its items are of bounded length): start at that word.
            cut = self._list_start(first, cutters)
            # (after a cut at a verb the item starts a word already; only the match's own start may not)
            begin = first_start + cut if cut else self._word_start(text, first_start, max(0, first_start - 6))
            items[0] = (begin, text[begin : first_start + len(first)])
            cut = begin - first_start
            # Two products a development verb governs (大力发展智能门锁、打印机及配套产品) are sectors.
            product_heads = tuple(self.names["sector_head_nouns"])
            developed_pair = (
                len(items) == 2
                and first[: max(cut, 0)].endswith(tuple(self.names["industry_openers"]))
                and all(item.endswith(product_heads) for _, item in items)
            )
            if len(items) < 3 and not developed_pair:
                continue
            last_start, last = items[-1]
            items[-1] = (
                last_start,
                re.split(rf"等|{self.names['sector_list_modifiers']}?(?:产业|行业|领域|企业)", last)[0],
            )
            entries = [
                self.industry_terms.get(item) or self.industry_terms.get(re.sub(r"(?:产业|行业|业)$", "", item))
                for _, item in items
            ]
            heads = tuple(self.names["sector_head_nouns"])
            known = [e for e in entries if e is not None and e.kind != "umbrella"]
            headed = sum(1 for (_, item), e in zip(items, entries) if e is None and item.endswith(heads))
            sector_like = len(known) + headed
            if not (counted or developed_pair) and (
                (not known and headed < 3) or sector_like < 2 or 2 * sector_like < len(items)
            ):
                continue
            for (start, item), entry in zip(items, entries):
                if entry is not None:
                    found.append(_listed_industry(entry, item, start))
                else:
                    mention = self.industry_candidate(item, start, compound=item.endswith(SECTOR_HEADS))
                    if mention:
                        found.append(mention)
        return found

    def listed_sector(self, item: str, start: int, head: str) -> Mention | None:
        """An item of a list the text calls sectors (A、B等行业 / 产业 / 业态 / 领域).

        A listed term of the vocabulary is a sector whatever its kind (a technology or an
        umbrella listed among sectors is one); a word outside it is taken only from lists of
        行业, 产业 and 业态 (领域 lists name fields of application as often as sectors).
        """
        entry = self.industry_terms.get(item) or self.industry_terms.get(re.sub(r"(?:产业|行业|业)$", "", item))
        if entry is not None:
            return _listed_industry(entry, item, start)
        if head == "领域" and not item.endswith("业"):
            return None
        return self.industry_candidate(item, start)

    def industry_candidate(self, surface: str, start: int, compound: bool = False) -> Mention | None:
        """An industry named outside the lexicon (花卉 in 花卉产业), with a leading place dropped
        (泸州白酒 → 白酒); None for generic words (重点产业, 优势产业)."""
        name = surface
        place = self.place_in(name)
        if place:
            for form, full in self.place_forms.items():
                if full == place and name.startswith(form) and len(name) > len(form):
                    name = name[len(form) :]
                    break
        name = re.sub(r"(?:产业|行业|企业)$", "", name)  # X企业: firms of sector X
        name = re.sub(r"^(?:国家级|省级|市级|县级|区级)", "", name)
        stop = self.names["industry_stopwords"]
        verbs = self.lexicon.memo(("verbs",), lambda: tuple(w for w in self._opening_words if len(w) > 1))
        if (
            len(name) < 2
            or (len(name) > 10 and not compound)
            or name in stop
            or name[0] in "各该本全其每我以"
            or name.startswith(verbs)
            or "“" in surface
            or any(name.startswith(w) for w in stop if len(w) > 1)
            or re.search(
                r"[\d％%的或等在对将把被向从使让]" if compound else r"[\d％%的和与及或等在对将把被向从使让]", name
            )
            or name in self.place_forms
            or (compound and len(name) > 14)
        ):
            return None
        entry = self.industry_terms.get(name)
        canonical = entry.canonical if entry else name
        categories = sorted(entry.categories) if entry else []
        kind = entry.kind if entry else "sector"
        if kind == "umbrella" or (entry is None and not self._sector_shaped(name)):
            return None
        return Mention(
            "Industry",
            canonical,
            surface,
            start,
            start + len(surface),
            {surface, name},
            {"kind": kind, "categories": categories},
        )

    def firm_lists(self, text: str) -> list[Mention]:
        """Items of an enumeration that names a well-known firm (鼓励海尔集团、星河科技等参与…):
        a list names things of one kind, so its other items shaped like a firm's short name are
        firms too.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("辽宁省"))
        >>> [m.name for m in finder.firm_lists("支持华为、星河科技等开展试点。")]
        ['星河科技']
        """
        found: list[Mention] = []
        known = self._known_enterprises
        for match in ENUMERATION.finditer(text):
            offset, items = match.start(), []
            for piece in re.split(r"(、|以及|和|及)", match.group()):
                if piece and piece not in ("、", "和", "及", "以及"):
                    items.append((offset, piece))
                offset += len(piece)
            # The first item starts after the verb before it; the last ends where the clause goes on.
            first_start, first = items[0]
            cut = self._list_start(first, self._enumeration_cutters)
            items[0] = (first_start + cut, first[cut:])
            last_start, last = items[-1]
            items[-1] = (last_start, re.split(r"[在对向与等将把为]", last, maxsplit=1)[0])
            if len(items) < 2 or not any(item in known for _, item in items):
                continue
            others = [(start, item) for start, item in items if item not in known]
            if all(2 <= len(item) <= 8 and self._firm_shaped(item) for _, item in others):
                found.extend(self._enterprise(item, start, start + len(item)) for start, item in others)
        return found

    def _firm_shaped(self, name: str) -> bool:
        """Whether a list item can be a firm's short name (立讯精密, 河南讯飞): no verb inside,
        not a sector of the vocabulary, not a ranking or an offering (软件百强, 解决方案), not a
        public function, a place or a generic word."""
        if (
            not 2 <= len(name) <= 10
            or name in self.industry_terms
            or name in self.names["industry_stopwords"]
            or self.industry_terms.get(re.sub(r"(?:产业|行业|业)$", "", name))
            or RANKED_OR_OFFERED.search(name)
        ):
            return False
        return self._sector_shaped(name)

    def _sector_shaped(self, name: str) -> bool:
        """Whether a word outside the vocabulary can name a sector: not a public function
        (政务服务, 城市管理), not a place, no verb inside (实体经济深度融合).

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("浙江省"))
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

    def discover_industries(self, text: str, start: int, end: int) -> list[Mention]:
        """Industries the lexicon lacks, read off ``X产业`` / ``X行业`` in ``text[start:end]``:
        the words the segmenter puts before 产业, back to a verb, a function word or punctuation.

        Only the clause before each 产业 is segmented, and only where no lexicon term already
        ends there, so segmentation costs a fraction of the text.
        """
        if self.segmenter is None:
            return []
        found: list[Mention] = []
        # A lexicon term that is the whole noun before 产业 needs no segmenting (光伏产业);
        # one glued to more characters may be the tail of a longer name (智能机器人产业).
        known_ends = {
            m.end()
            for m in self._industry_re.finditer(text, start, end)
            if m.start() == 0 or text[m.start() - 1] in PUNCTUATION or not HAN.match(text[m.start() - 1])
        }
        for occurrence in re.finditer(r"产业|行业", text[start:end]):
            at = start + occurrence.start()
            if at in known_ends or at - 2 in known_ends:
                continue
            clause_start = at
            while clause_start > start and text[clause_start - 1] not in PUNCTUATION and at - clause_start < 24:
                clause_start -= 1
            found.extend(self._industries_before(text, clause_start, at + 2))
        # A trade written as X业 (网络直播业, 数字内容业): the words before 业, where 业 ends no other word.
        others = tuple(self.names["words_ending_in_ye"])
        for occurrence in re.finditer(r"(?<=[\u4e00-\u9fff]{2})业(?=[、，。；和及与等集发])", text[start:end]):
            at = start + occurrence.start()
            if text.startswith(others, at - 1) or at - 1 in known_ends or at in known_ends:
                continue
            clause_start = at
            while clause_start > start and text[clause_start - 1] not in PUNCTUATION and at - clause_start < 16:
                clause_start -= 1
            found.extend(self._trade_before(text, clause_start, at + 1))
        return found

    def _trade_before(self, text: str, start: int, end: int) -> list[Mention]:
        """The sector of an X业 ending at ``end``: the noun words before 业, back to a verb."""
        words, position = [], start
        for word in self._cut(text[start:end]):
            index = text.find(word, position, end)
            if index >= 0:
                words.append((index, word))
                position = index + len(word)
        if not words or not words[-1][1].endswith("业"):
            return []
        openers = set(self._boundary_words) | set(self.names["industry_openers"]) | set(self.names["common_verbs"])
        first = end - 1
        k = len(words) - 1
        if len(words[k][1]) > 1:
            first = words[k][0]
        k -= 1
        while (
            k >= 0
            and words[k][0] + len(words[k][1]) == first
            and words[k][1] not in openers
            and first - words[k][0] <= 6
        ):
            first = words[k][0]
            k -= 1
            if end - 1 - first >= 4:
                break
        surface = text[first : end - 1]
        if len(surface) < 2 or (k >= 0 and words[k][1] not in openers and text[first - 1] not in PUNCTUATION):
            return []
        mention = self.industry_candidate(surface, first)
        if mention:
            mention.aliases.add(surface + "业")
        return [mention] if mention else []

    def _industries_before(self, text: str, start: int, end: int) -> list[Mention]:
        found: list[Mention] = []
        words, position = [], start
        for word in self._cut(text[start:end]):
            index = text.find(word, position, end)
            if index < 0:
                continue
            words.append((index, word))
            position = index + len(word)
        stop = set(self.names["industry_stopwords"])
        openers = set(self._boundary_words) | set(self.names["industry_openers"])
        modifiers = set(self.names["sector_name_modifiers"])
        heads = set(self.names["sector_head_nouns"])
        for k, (index, word) in enumerate(words):
            head = re.search(r"(产业|行业)$", word)
            if not head:
                continue
            # One word names the industry (花卉 产业); a place may stand before it (泸州 白酒 产业).
            if len(word) > len(head.group()):
                first, core, j = index, word[: -len(head.group())], k - 1
            elif k > 0 and words[k - 1][0] + len(words[k - 1][1]) == index:
                first, core, j = words[k - 1][0], words[k - 1][1], k - 2
            else:
                continue
            if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", core):
                continue
            # A modifier word before the noun is part of the sector's name (新型 建材 产业, 智能 装备 产业);
            # with one, a product noun that alone is too general names the sector (智能装备).
            modifier = ""
            if j >= 0 and words[j][1] in modifiers and words[j][0] + len(words[j][1]) == first:
                modifier, first, j = words[j][1], words[j][0], j - 1
            else:  # one word holding both (新型建材)
                glued = next((m for m in modifiers if core.startswith(m) and len(core) >= len(m) + 2), "")
                if glued:
                    modifier, core = glued, core[len(glued) :]
            if core in stop and not (modifier and core in heads):
                continue
            if j >= 0 and self.place_forms.get(words[j][1]) and words[j][0] + len(words[j][1]) == first:
                first, j = words[j][0], j - 1
            # The word before must open a noun phrase: a verb of development, a list mark, or nothing.
            opener = text[first - 1] if first > start else "，"
            if j >= 0 and words[j][0] + len(words[j][1]) == first:
                if not words[j][1].endswith(tuple(openers)) and opener not in "、，,；;：:（(“":
                    continue
            surface = text[first : index + len(word) - len(head.group())]
            if modifier:
                at = index + len(word) - len(head.group()) - len(core)
                mention = self.industry_candidate(core, at) or (
                    Mention("Industry", core, core, at, at + len(core), {core}, {"kind": "sector", "categories": []})
                    if core in heads
                    else None
                )
                if mention:
                    name = modifier + core
                    entry = self.industry_terms.get(name)
                    mention.name = entry.canonical if entry else name
                    mention.surface, mention.start = surface, first
                    mention.aliases = {surface, name}
            else:
                mention = self.industry_candidate(surface, first)
            if mention:
                found.append(mention)
        return found

    def _platform(self, name: str, start: int, end: int) -> Mention:
        canonical = canonical_brackets(name.replace(" ", ""))
        mention = Mention("Platform", canonical, name, start, end, {name, canonical})
        place = self.place_in(canonical.lstrip("“"))
        # 中国（洛阳）服务贸易创新试验区: the place a national name brackets.
        bracketed = re.match(r"(?:中国|国家)（([^（）]{2,8})）", canonical)
        if not place and bracketed:
            place = self.place_in(bracketed.group(1))
        if place:
            mention.attributes["place"] = place
        return mention

    def enterprises(self, text: str) -> list[Mention]:
        found = []
        generic = set(self.names["enterprise_generic_names"])
        for match in self._enterprise_suffix_re.finditer(text):
            candidates = [text[s : match.end()] for s in self._name_starts(text, match.start(), max_len=24)]
            name = next((c for c in candidates if self._accept_enterprise(c, match.group(), generic)), None)
            if name is None:
                continue
            if name.startswith(
                (
                    "各",
                    "该",
                    "本",
                    "全",
                    "其",
                    "有关",
                    "相关",
                    "一批",
                    "地方",
                    "国有",
                    "民营",
                    "大型",
                    "中小",
                    "小微",
                    "重点",
                    "龙头",
                )
            ):
                continue
            if name.endswith("银行") and not (self.place_in(name) or name.startswith(("中国", "国家"))):
                continue
            if match.group() in ("药业", "银行", "农商行", "股权交易中心") and not (
                self.place_in(name) or len(name) <= 6
            ):
                continue
            if any(name.endswith(g) and len(name) - len(g) <= 1 for g in generic):
                continue
            base = re.sub(r"(?:集团)?公司$", "", name)
            if base in self._known_enterprises:
                continue  # 中国联通公司 is 中国联通
            found.append(self._enterprise(name, match.end() - len(name), match.end()))
        for match in self._known_enterprise_re.finditer(text):
            canonical, aliases = self._known_enterprises[match.group()]
            mention = Mention(
                "Enterprise",
                canonical,
                match.group(),
                match.start(),
                match.end(),
                {match.group(), *aliases},
                {"known": True},
            )
            found.append(mention)
        return found

    def _accept_enterprise(self, name: str, suffix: str, generic: set[str]) -> bool:
        if name in generic or len(name) < len(suffix) + 2 or name[0] in "和与及“" or self._starts_with_boundary(name):
            return False
        if re.search(r"[和与及、](?:省|市|国家|中国)", name):
            return False  # two firms joined: 国家某基金和省某某公司
        prefixed = re.match(r"(?:省|市|中国|国家|全国)", name) or self.place_in(name)
        rest = re.sub(r"^(?:省|市|中国|国家|全国)", "", name)
        if rest in generic:
            return False
        registered = (
            suffix in ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司") and len(name) >= len(suffix) + 2
        )
        if not registered and suffix.endswith("基金") and re.match(r"(?:省|市|县|区)级", name):
            return False  # 市级产业引导基金: a government fund, not a company
        if not registered and self._inner_verb_re.search(name, 2):
            return False  # 通过市场化方式组建软件公司: a clause ending in a firm word
        return bool(prefixed or registered)

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

    def _enterprise(self, name: str, start: int, end: int) -> Mention:
        mention = Mention("Enterprise", name, name, start, end, {name})
        place = self.place_in(name.lstrip("省"))
        if place and not name.startswith(("中国", "国家", "全国")):
            mention.attributes["place"] = place
        return mention

    def events(self, text: str) -> list[Mention]:
        found = []
        suffixes = sorted(self.lexicon.cues["event_suffixes"], key=len, reverse=True)
        strong = [s for s in suffixes if s not in ("活动", "会议", "节", "活动周")]
        suffix_re = "|".join(re.escape(s) for s in strong)
        verbs = "|".join(sorted(self.lexicon.cues["event_verbs"], key=len, reverse=True))
        pattern = re.compile(
            rf"(?:{verbs})(?:一批|一次|一场|系列)?"
            rf"((?:首届|第[一二三四五六七八九十\d]+届)?[^，。；：、\n“”]{{0,30}}?(?:、[^，。；：、\n]{{1,20}}?)*(?:{suffix_re}))"
        )
        for match in pattern.finditer(text):
            name = match.group(1)
            start = match.start(1)
            # Drop a leading place phrase (在南昌市) that the verb may precede.
            lead = re.match(r"在[^，。]{2,10}?(?:市|省|县|区)", name)
            if lead:
                start += lead.end()
                name = name[lead.end() :]
            # 组织企业参加X博览会 → X博览会; 举办的X → X
            cut = max((name.rfind(w) + len(w) for w in ("参加", "参与", "出席", "的") if w in name), default=0)
            start, name = start + cut, name[cut:]
            extension = re.match(rf"暨[^，。；、\n]{{0,12}}?(?:{suffix_re})", text[start + len(name) :])
            if extension:
                name += extension.group()
            bare = re.sub(r"^(?:首届|第[一二三四五六七八九十\d]+届)", "", name)
            if (
                len(bare) < 5
                or bare.startswith(("相关", "有关", "各类", "重大", "一批"))
                or re.search(r"[\d一二三四五六七八九十两几数多][项次场个批届家]", bare)
            ):
                continue
            found.extend(self._split_events(name, start))
        # An event named alone on its line, as plans head their items: 活动一：2023茶产业（上海）推介会.
        heading = re.compile(
            rf"^[ \t\u3000]*(?:(?:活动|会议|展会)[一二三四五六七八九十\d]+[：:、]\s*)?"
            rf"([^，。；：:\r\n]{{4,40}}?(?:{suffix_re}))[ \t\u3000\r]*$",
            re.MULTILINE,
        )
        for match in heading.finditer(text):
            name = match.group(1)
            if not re.match(r"[一二三四五六七八九十\d]+[、.．]|（[一二三四五六七八九十\d]+）", name):
                found.append(
                    Mention(
                        "Event",
                        canonical_brackets(name),
                        name,
                        match.start(1),
                        match.end(1),
                        {name, canonical_brackets(name)},
                    )
                )
        # An item whose title is an event (4. 大数据应用创新大赛。…): the item is about that event.
        titled = re.compile(
            rf"^[ \t\u3000]*(?:\d{{1,3}}[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)[ \t\u3000]*"
            rf"([^，。；：:、\r\n“”]{{4,30}}?(?:{suffix_re}))[。\r\n]",
            re.MULTILINE,
        )
        for match in titled.finditer(text):
            name, start = match.group(1), match.start(1)
            cut = max((name.rfind(v) + len(v) for v in self.lexicon.cues["event_verbs"] if v in name[:-2]), default=0)
            name, start = name[cut:], start + cut
            counted = re.search(r"[\d一二三四五六七八九十两几数多][项次场个批届家]", name)  # 四场推进会
            if len(name) >= 4 and not counted and not name.startswith(("相关", "有关", "各类", "重大", "一批")):
                found.append(Mention("Event", name, name, start, start + len(name), {name}))
        # A list of event names (运用数字峰会、成果交易会和花博会): every item ending in an event
        # word is an event, whatever verb leads the list.
        item = rf"(?:[^，。；：、.．\n“”（）()]|（[^（）\n]{{1,8}}）){{2,24}}?(?:{suffix_re})"
        event_verbs = sorted(self.lexicon.cues["event_verbs"], key=len, reverse=True)
        event_list = re.compile(rf"({item})((?:(?:、|和|及|以及){item})+)")
        # Only the clauses where an event word is followed by a list mark are searched.
        windows, reach = [], 0
        for hit in re.finditer(rf"(?:{suffix_re})(?:、|和|及|以及)", text):
            if hit.start() < reach:
                continue
            ends = [i for i in (text.find(c, hit.end()) for c in "，。；\n") if i >= 0]
            reach = min(ends + [len(text), hit.end() + 300]) + 1
            windows.append((max(hit.start() - 40, windows[-1][1] if windows else 0), reach))
        for match in (m for lo, hi in windows for m in event_list.finditer(text, lo, hi)):
            offset = match.start(1)
            for piece in re.split(r"(、|以及|和|及)(?![^（]*）)", match.group()):
                if piece in ("、", "和", "及", "以及") or not piece:
                    offset += len(piece)
                    continue
                # 办好在泸州市举办的X → X: the name starts after the last verb in it.
                cut = max(
                    self._list_start(piece, self._enumeration_cutters),
                    max((piece.rfind(v) + len(v) for v in event_verbs if v in piece[:-2]), default=0),
                )
                offset, piece = offset + cut, piece[cut:]
                bare = re.sub(r"^(?:首届|第[一二三四五六七八九十\d]+届)", "", piece)
                if len(bare) >= 4 and not bare.startswith(("相关", "有关", "各类", "重大", "一批")):
                    found.append(Mention("Event", piece, piece, offset, offset + len(piece), {piece}))
                offset += len(piece)
        found.extend(self._proper_events(text, strong))
        # Events named as the subject of a hosting sentence: 茶产业博览会由…承办.
        for match in re.finditer(rf"(?:^|[\n。])\s*([^，。；\n由]{{2,30}}?(?:{suffix_re}))由", text):
            name = match.group(1).strip()
            if len(name) >= 5 and not name.startswith(("会议", "活动")):
                found.append(Mention("Event", name, name, match.start(1), match.end(1), {name}))
        # A quoted activity (“百行进万企”活动) is one; a quoted campaign (“上云用数赋智”行动) is a
        # programme of work, not an event.
        for match in re.finditer(r"“([^“”]{2,30})”(活动)?", text):
            inner, tail = match.group(1), match.group(2) or ""
            if tail or inner.endswith("活动"):
                name = match.group(0)
                found.append(Mention("Event", name, name, match.start(), match.end(), {name, inner + tail}))
        for m in found:
            verb = next((v for v in event_verbs if m.name.startswith(v) and len(m.name) - len(v) >= 5), "")
            if verb:  # 举办某某大赛: the verb of holding is not part of the name
                m.name, m.surface, m.start = m.name[len(verb) :], m.surface[len(verb) :], m.start + len(verb)
                m.aliases = {a[len(verb) :] if a.startswith(verb) else a for a in m.aliases}
        return [m for m in found if not self._event_description(m.name)]

    def _event_description(self, name: str) -> bool:
        """Whether an event word closes a description rather than a name: a kind of event with
        its standing or field (顶级…大会, 高端论坛, 国家级以上…峰会, …领域峰会), two levels
        joined (国家、省…论坛), or a verb of holding at its head (召开推进会).

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("湖南省"))
        >>> finder._event_description("数字经济领域峰会"), finder._event_description("中国国际数字经济博览会")
        (True, False)
        """
        joined = "、" in name and "等" not in name[name.rfind("、") :]  # A、B等…推进会 names its themes
        if joined or any(word in name for word in self.lexicon.cues["event_description_words"]):
            return True
        return name.startswith(tuple(self.lexicon.cues["event_verbs"])) or name.startswith("企业")  # 召开推进会

    def _proper_events(self, text: str, strong: list[str]) -> list[Mention]:
        """Events known by a proper name wherever the text cites them, with no verb of holding
        (依托某省国际博览会, 发挥某市国际创新节作用): a name that opens with a place, 中国, 国际 or
        全国 and closes with an event word; the weak words 节 and 活动 need 国际 or 产业 inside.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> finder = MentionFinder(load_lexicon(), DocumentContext("湖南省"))
        >>> [m.name for m in finder.events("用好长沙国际工程机械展览会等平台，办好中国某某节。")]
        ['长沙国际工程机械展览会']
        """
        found = []
        closing, verbs, joined = self.lexicon.memo(
            ("proper_events", tuple(strong)), lambda: _event_patterns(strong, self.lexicon)
        )
        gazetteer = self.lexicon.gazetteer
        for match in closing.finditer(text):
            for start in self._name_starts(text, match.end(), max_len=20):
                name = text[start : match.end()]
                if joined.search(name):
                    continue  # two events joined (A交易会和B博览会): the list reading names them
                opening = (self.place_in(name) and name.startswith(tuple(self.place_forms))) or gazetteer.names_at(
                    name, 0, (2, 3, 4)
                )  # any city of the country, not only the document's own (深圳…对接活动 in a Hebei plan)
                if not (opening or name.startswith(("中国", "国际", "全国", "世界", "数字中国"))):
                    continue
                if len(name) < 6 or re.search(r"[\d一二三四五六七八九十两几数多][项次场个批届家]", name):
                    break
                if self._inner_verb_re.search(text, start + 2, match.start()) or verbs.search(
                    text, start, match.start()
                ):
                    break  # a clause, not a name (the event word may hold a verb: 对接活动)
                found.append(Mention("Event", name, name, start, match.end(), {name}))
                break
        return found

    def _split_events(self, name: str, start: int) -> list[Mention]:
        """光伏、服务外包产业合作推进会 names two events; a list closed by 等 names one."""
        if "、" not in name or "等" in name:
            return [Mention("Event", name, name, start, start + len(name), {name})]
        items = name.split("、")
        suffixes = tuple(self.lexicon.cues["event_suffixes"])
        if all(item.endswith(suffixes) and len(item) >= 5 for item in items):
            # 参加中国—南亚博览会、中国国际茶业博览会: a list of whole event names.
            mentions, offset = [], start
            for item in items:
                mentions.append(Mention("Event", item, item, offset, offset + len(item), {item}))
                offset += len(item) + 1
            return mentions
        last = items[-1]
        head_match = self._industry_re.match(last)
        if not head_match:
            return [Mention("Event", name, name, start, start + len(name), {name})]
        core = re.sub(r"(?:产业|行业)$", "", head_match.group())
        head = last[len(core) :]
        mentions, offset = [], start
        for item in items:
            full = item if item is last else item + head
            mentions.append(Mention("Event", full, item, offset, offset + len(item), {full}))
            offset += len(item) + 1
        return mentions

    def _is_place_word(self, text: str, start: int) -> bool:
        """Whether a place name begins a word where it stands, as the segmenter cuts the sentence
        (范县 in 示范县 does not; 范县 after 支持 does)."""
        return self._word_start(text, start, 0) == start

    def places(self, text: str) -> list[Mention]:
        found = []
        for match in self._place_re.finditer(text):
            surface = match.group()
            full = self.place_forms[surface]
            unit = self.lexicon.gazetteer.unit(full, self.context.province)
            county = unit is not None and unit.level == "county"
            if county and len(surface) <= 3 and not self._is_place_word(text, match.start()):
                continue  # 示范县, 市公安县: a county's name read across the boundary of other words
            before = text[match.start() - 1 : match.start()]
            if unit is None and before and before in self.names["province_abbreviations"]:
                continue  # 粤港澳: a region's name inside a longer one
            # A short county name glued to a longer Han word is usually part of another word.
            after = text[match.end() : match.end() + 1]
            if (
                surface == full
                or not county
                or len(surface) >= 3
                or not after
                or not HAN.match(after)
                or after in "市县区省"
            ):
                found.append(Mention("Place", full, surface, match.start(), match.end(), {surface}))
            else:
                found.append(Mention("Place", full, surface, match.start(), match.end(), {surface}, {"weak": True}))
        return found


def _event_patterns(strong: list[str], lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of events cited by their proper name: the closing event word (节 and 活动 only
    after 国际 or 产业, and not as the start of a body's name), verbs of holding, two events joined."""
    words = "|".join(map(re.escape, strong))
    closing = re.compile(
        rf"(?:{words}|(?<=国际)[^，。；、\n]{{0,6}}节(?![\u4e00-\u9fff])|(?<=产业)[^，。；、\n]{{0,4}}活动)"
        r"(?![\u4e00-\u9fff]{0,2}(?:处|局|委|办|中心|公司|集团))"
    )
    verbs = _alternation([*lexicon.cues["event_verbs"], "参与", "出席"])
    return closing, verbs, re.compile(rf"(?:{words})(?:和|及|与|、)")


def _listed_industry(entry, item: str, start: int) -> Mention:
    """A vocabulary term the text lists among sectors, whatever its kind."""
    attributes = {"kind": entry.kind, "categories": sorted(entry.categories), "listed": True}
    return Mention("Industry", entry.canonical, item, start, start + len(item), {item}, attributes)


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
