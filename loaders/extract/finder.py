"""The finder of every kind of mention in one document, and the lists that mix kinds
(A、B等企业 / 等产业 / 等园区)."""

from __future__ import annotations

import re

from .departments import DocumentContext
from .events import EventFinder
from .firms import FirmFinder
from .lexicon import load_lexicon
from .mentions import Mention
from .places import PlaceFinder
from .platforms import PlatformFinder
from .sectors import SectorFinder


class MentionFinder(SectorFinder, PlatformFinder, FirmFinder, EventFinder, PlaceFinder):
    """All entity finders of one document, sharing compiled patterns and caches."""

    def listed(self, text: str) -> list[Mention]:
        """Items of a list that a head noun types: ``A、B等已批复的国家…示范基地`` names platforms,
        ``A、B等8家工业企业`` names firms, ``A、B等特色产业`` names industries."""
        found = []
        suffix_re = "|".join(re.escape(s) for s in sorted(self.names["platform_suffixes"], key=len, reverse=True))
        pattern = re.compile(
            r"((?:[^、，。；：:,\s（）()]{2,10}、)*[^、，。；：:,\s（）()]{2,10})等"
            r"(?:[\d一二三四五六七八九十百]+(?:个|家|户|批|类)?(?:以上)?)?([^，。；、]{0,14}?)"
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
                items = [part for item in items for part in self._joined_sectors(*item)]
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

    def _joined_sectors(self, start: int, item: str) -> list[tuple[int, str]]:
        """An item of a sector list that joins two sectors with 及/和/与 (新媒体及网络游戏) is two
        items; a name of the vocabulary that holds the word (软件和信息技术服务业) stays whole.

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
        >>> finder._joined_sectors(0, "新媒体及网络游戏"), finder._joined_sectors(0, "软件和信息技术服务业")
        ([(0, '新媒体'), (4, '网络游戏')], [(0, '软件和信息技术服务业')])
        """
        if item in self.industry_terms or re.sub(r"(?:产业|行业|业)$", "", item) in self.industry_terms:
            return [(start, item)]
        parts = re.split(r"(及|和|与)", item)
        if len(parts) != 3 or len(parts[0]) < 2 or len(parts[2]) < 2:
            return [(start, item)]
        return [(start, parts[0]), (start + len(parts[0]) + len(parts[1]), parts[2])]

    def _first_sector_item(self, text: str, start: int, item: str) -> tuple[int, str]:
        """The first item of a sector list without the words the list's opening left on it: it
        starts at a word boundary, and where it ends in a vocabulary term after other words
        that name bodies (中央金融机构供应链金融), the term is the item; a qualifier stays (柔性传感器).

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
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


def finder_for(province: str, city: str | None = None) -> MentionFinder:
    """A finder for a document of ``province`` (and ``city``) with the packaged vocabulary and no
    segmenter, as the examples of the finders use it.

    >>> [m.name for m in finder_for("湖南省").places("支持长沙建设数据中心。")]
    ['长沙市']
    """
    return MentionFinder(load_lexicon(), DocumentContext(province, city))
