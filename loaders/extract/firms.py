"""Firms: companies named by their registered or short names, well-known firms by brand,
and the firms of a list that names one."""

from __future__ import annotations

import re
from functools import cached_property

from .mentions import ENUMERATION, FinderBase, Mention, _alternation

# What a list of firms may name besides firms: a ranking (软件百强, 500强) or what firms offer
# (解决方案, 产品) — not one firm's name.
RANKED_OR_OFFERED = re.compile(r"(?:[百千十]强|\d+强|强企|解决方案|产品|服务商)$")


class FirmFinder(FinderBase):
    """The firms finder of one document (part of ``MentionFinder``)."""

    @cached_property
    def _enterprise_suffix_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("enterprise_suffix_re",), lambda: _alternation(self.names["enterprise_suffixes"]))

    def firm_lists(self, text: str) -> list[Mention]:
        """Items of an enumeration that names a well-known firm (鼓励海尔集团、星河科技等参与…):
        a list names things of one kind, so its other items shaped like a firm's short name are
        firms too.

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("辽宁省")
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

    def _enterprise(self, name: str, start: int, end: int) -> Mention:
        mention = Mention("Enterprise", name, name, start, end, {name})
        place = self.place_in(name.lstrip("省"))
        if place and not name.startswith(("中国", "国家", "全国")):
            mention.attributes["place"] = place
        return mention
