"""Sectors: vocabulary terms, compound sector names, the items of sector lists and the
sectors a task develops, and the lists that name technologies used rather than sectors."""

from __future__ import annotations

import re
from functools import cached_property

from .mentions import ENUMERATION, HAN, PUNCTUATION, FinderBase, Mention

# Verbs of developing a sector: their whole object is one (发展数字金融，; not 发展智慧医疗服务).
DEVELOPING = ("发展", "培育", "壮大", "做强")
# What follows a term a title develops as a sector (5G产业, 区块链发展).
THEME_AFTER = ("产业", "行业", "发展")
# A technology written as a short Latin code right before a sector word (5G, 4K, AI, VR).
TECHNOLOGY_CODE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]?[A-Za-z][0-9A-Za-z]?|[0-9][A-Za-z])$")
# The product and making nouns that head a compound sector name (汽车电子, 农机装备, 面板制造).
PRODUCT_NOUN = re.compile(r"元器件|零部件|设备|装备|终端|材料|芯片|软件|器件|模组|制造|电子|机床|机械|器械")
PRODUCT_NOUN_END = re.compile(r"(?:元器件|零部件|设备|装备|终端|材料|芯片|软件|器件|模组|制造|电子|机床|机械|器械)$")
SECTOR_SUFFIX = re.compile(r"制造业|服务业|产业|行业")
# Head nouns of a sector name that may join two words with 和/及/与 (软件与信息技术服务业).
SECTOR_HEADS = ("业", "产业", "制造", "设备", "装备", "产品")
QUOTED_SECTOR = re.compile(r"“([\u4e00-\u9fff]{1,6})”产业")
# A list of two or more items merged with what follows (A、B与实体经济深度融合); the optional
# 等… closes it with its kind (等新一代信息技术与农业生产深度融合).
FUSED_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、)+[\u4e00-\u9fffA-Za-z0-9]{2,12})"
    r"(?:等[\u4e00-\u9fff]{0,8}技术)?(?:与|和|同)[^，。；\n]{0,14}?融合"
)


class SectorFinder(FinderBase):
    """The sectors finder of one document (part of ``MentionFinder``)."""

    @cached_property
    def _technology_list_re(self) -> re.Pattern[str]:
        def build() -> re.Pattern[str]:
            heads = "|".join(sorted(map(re.escape, self.names["technology_list_heads"]), key=len, reverse=True))
            item = r"[^，。；：:、等在\n]{1,16}"  # 在 opens where the means are applied, not a list
            return re.compile(rf"((?:{item}、)*{item})等(?:{heads})(?![^，。；]{{0,4}}(?:产业|行业|企业))")

        return self.lexicon.memo(("technology_list_re",), build)

    # -- finders ----------------------------------------------------------------------------------
    def industries(self, text: str) -> list[Mention]:
        """Vocabulary terms in ``text`` that name a sector there (the last text's answer is kept:
        the extractor asks twice, for the task objects and for the sectors park names carry)."""
        if self._last_industries[0] is not text:
            self._last_industries = (text, self._find_industries(text))
        return list(self._last_industries[1])

    @cached_property
    def title_themes(self) -> frozenset[str]:
        """Technologies and fields the title develops as a sector (关于培育工业互联网的意见, 推进5G产业
        发展的通知): in a plan for that industry the term names the sector throughout.

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("浙江省", "湖州市")
        >>> finder.context.title = "湖州市关于培育工业互联网和智能网联汽车的若干意见"
        >>> sorted(finder.title_themes)
        ['工业互联网']
        """
        title = self.context.title
        themes = set()
        for match in self._industry_re.finditer(title):
            entry = self.industry_terms[match.group()]
            if entry.kind in ("technology", "domain") and (
                title.endswith(DEVELOPING, 0, match.start()) or title.startswith(THEME_AFTER, match.end())
            ):
                themes.add(entry.canonical)
        return frozenset(themes)

    @staticmethod
    def _heads_its_item(text: str, start: int, end: int) -> bool:
        """Whether a term is the whole heading of an item (——数字医疗。 / （三）智慧教育): the field
        the item develops, named as a sector of the list of sectors it belongs to.

        >>> SectorFinder._heads_its_item("引言。\\n——智慧医疗。建设互联网医院。", 6, 10)
        True
        >>> SectorFinder._heads_its_item("推进智慧医疗建设。", 2, 6)
        False
        """
        line_start = text.rfind("\n", 0, start) + 1
        return bool(
            re.fullmatch(r"\s*(?:[-—－]+|[（(]?[一二三四五六七八九十\d]+[）)、.．]?)\s*", text[line_start:start])
            and re.match(r"[。：:]|\s*$", text[end : end + 1])
        )

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
            if self.lexicon.modifies_a_head(text, match.end()):
                continue  # 超高清视频技术, 医疗资源: the word after is the head, the term a modifier
            # Umbrellas (工业, 服务业) are not owned sectors; a technology is one only as X产业, and a
            # field as X产业, as the X of “互联网＋X”, the national action that names sectors so, or
            # as the whole object of a verb of developing a sector (大力发展数字金融，).
            plus = entry.kind == "domain" and (
                text.endswith(("互联网＋", "互联网+"), 0, match.start())
                or self._heads_its_item(text, match.start(), match.end())
                or (
                    text.endswith(DEVELOPING, 0, match.start())
                    and re.match(r"[，。；、和及等]|$", text[match.end() : match.end() + 1])
                )
            )
            if entry.kind == "umbrella" or (
                entry.kind in ("technology", "domain")
                and not plus
                and entry.canonical not in self.title_themes
                and not text.startswith(("产业", "行业", "企业"), match.end())
                and not re.match(r"业(?![务态界内余主])", text[match.end() : match.end() + 2])  # 智能制造业
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
        >>> finder._technology_before("发展5G通信设备", 4), finder._technology_before("发展通信设备", 2)
        ('5G', '')
        """
        code = TECHNOLOGY_CODE.search(text, max(0, start - 4), start)
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
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

    def technology_lists(self, text: str) -> list[tuple[int, int]]:
        """Spans of lists that the text closes as technologies used or scenes of application
        (推广北斗导航、区块链等技术应用; 围绕智慧交通、养老服务等应用场景): their items are means,
        not sectors the task owns. A list closed by 等技术产业 is not one.

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("浙江省")
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
        fused = (m for i in _occurrences(text, "融合") for m in FUSED_LIST.finditer(text, max(0, i - 140), i + 2))
        for match in {m.span(1): m for m in fused}.values():
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
            # 重点产业, 新型装备: a qualifier before a generic word; 新型电力装备 names a sector.
            or any(
                name.startswith(w) and (len(name) < len(w) + 2 or name[len(w) :] in stop) for w in stop if len(w) > 1
            )
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
            # Nouns before 产业 right after a verb of developing or a list's 等 name one sector
            # (推动 地理 信息 产业, 等 泛 电竞 衍生 产业), not the last noun alone.
            if not modifier:
                k = j
                while (
                    k >= 0
                    and words[k][0] + len(words[k][1]) == (words[k + 1][0] if k < j else first)
                    and index - words[k][0] <= 6
                    and re.fullmatch(r"[\u4e00-\u9fff]{1,4}", words[k][1])
                    and words[k][1] not in stop
                    and words[k][1] not in openers
                    and not self.place_forms.get(words[k][1])
                ):
                    k -= 1
                if (
                    k < j
                    and k >= 0
                    and words[k][1] in self.names["industry_openers"]
                    and (words[k][0] + len(words[k][1]) == words[k + 1][0])
                ):
                    first, j = words[k + 1][0], k
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
                mention.aliases.add(surface + head.group())  # the form written (沉浸式产业)
                found.append(mention)
        return found


def _listed_industry(entry, item: str, start: int) -> Mention:
    """A vocabulary term the text lists among sectors, whatever its kind."""
    attributes = {"kind": entry.kind, "categories": sorted(entry.categories), "listed": True}
    return Mention("Industry", entry.canonical, item, start, start + len(item), {item}, attributes)


def _occurrences(text: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``text``."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found
