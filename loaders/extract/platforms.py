"""Platforms: named parks, zones, bases, centres and innovation platforms, told from
generic kinds of platform, government information systems and clauses."""

from __future__ import annotations

import re
from functools import cached_property

from policykg.names import canonical_brackets

from .lexicon import short_admin_name
from .mentions import HAN, FinderBase, Mention, _alternation


class PlatformFinder(FinderBase):
    """The platforms finder of one document (part of ``MentionFinder``)."""

    @cached_property
    def _platform_suffix_re(self) -> re.Pattern[str]:
        return self.lexicon.memo(("platform_suffix_re",), lambda: _alternation(self.names["platform_suffixes"]))

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
        if re.match(r"[\d一二两三四五六七八九十百千]*(?:个|座|家|批|以?上[千百万亿])", name) or (
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("河南省")
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("河南省")
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
        suffixes = set(self.names["platform_suffixes"])
        for match in self._platform_suffix_re.finditer(text):
            suffix, end = match.group(), match.end()
            if text.startswith(("区", "市", "县"), end):
                longer = next((s for s in suffixes if s.endswith("区") and (suffix + "区").endswith(s)), None)
                if longer is None or text.startswith("区", end + 1):
                    continue  # 婺城新城区: a district, not a park
                suffix, end = longer, end + 1  # 某某电商园区: the kind is 园区, not 电商园
            candidates = [text[s:end].strip() for s in self._name_starts(text, match.start())]
            name = next(
                (
                    c
                    for c in candidates
                    if self._accept_named(c, suffix, generic) and not self._spans_two_names(c, suffix)
                ),
                None,
            )
            if name is None:
                continue
            start = end - len(name)
            if re.sub(r"“[^”]*”", "", name) in generic + ["公共服务平台", "服务平台"]:
                continue
            if self._administration_system(name):
                continue
            # 某研究院岳阳分院: a branch in a place is a platform of its own, named with its parent.
            branch = re.match(r"([\u4e00-\u9fff]{2,4}?)(?:分院|分中心|分基地|分园)", text[end : end + 8])
            if branch and self.place_in(branch.group(1)):
                mention = self._platform(name + branch.group(), start, end + len(branch.group()))
                found.append(mention)
                continue
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("浙江省")
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

    def committee_parks(self, text: str) -> list[Mention]:
        """The park of a 管委会 the document names by a generic word (经开区管委会): the document's
        own park, named with its place (雅安经开区), wherever the text writes the word alone.

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("四川省", city="雅安市")
        >>> [m.name for m in finder.committee_parks("完善经开区配套。（责任单位：经开区管委会）")]
        ['雅安经开区']
        >>> [m.name for m in finder.committee_parks("雅安某某经开区条例\\n完善经开区配套。（责任单位：经开区管委会）")]
        ['雅安某某经开区']
        """
        generic = [w for w in self.names["platform_generic_names"] if len(w) > 2]
        # The committee named by the bare word (…，经开区管委会), not by a park's full name.
        words = {
            m.group(1)
            for m in re.finditer(rf"({'|'.join(generic)})(?:管委会|管理委员会)", text)
            if m.start() == 0 or not HAN.match(text[m.start() - 1])
        }
        place = self.context.county or self.context.city
        heading = text.lstrip().split("\n", 1)[0]
        found: list[Mention] = []
        for word in sorted(words):
            name = short_admin_name(place) + word if place else word
            # A document about one zone names it in full in its title (宁波大榭开发区条例).
            titled = place and re.search(rf"{short_admin_name(place)}[\u4e00-\u9fff]{{0,6}}?{word}", heading)
            if titled:
                name = titled.group()
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
