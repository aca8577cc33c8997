"""Events: conferences, forums, fairs and promotions, named with a verb of holding or by
their proper name."""

from __future__ import annotations

import re

from policykg.names import canonical_brackets

from .lexicon import Lexicon
from .mentions import FinderBase, Mention, _alternation


class EventFinder(FinderBase):
    """The events finder of one document (part of ``MentionFinder``)."""

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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
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

        >>> from policykg.loaders.extract.finder import finder_for
        >>> finder = finder_for("湖南省")
        >>> [m.name for m in finder.events("用好长沙国际工程机械展览会等平台，办好中国某某节。")]
        ['长沙国际工程机械展览会']
        """
        found = []
        closing, verbs, joined = self.lexicon.memo(
            ("proper_events", tuple(strong)), lambda: _event_patterns(strong, self.lexicon)
        )
        gazetteer = self.lexicon.gazetteer
        for match in closing.finditer(text):
            starts = self._name_starts(text, match.end(), max_len=20)
            quotes = [i for i in range(starts[0], match.start()) if text[i] == "“"]  # 办好“某某杯”…
            for start in sorted({*starts, *quotes}):
                start += text.startswith("”", start)
                # A quoted label may stand before the name (“强网杯”全国…挑战赛, “5·18”廊坊经洽会).
                label = re.search(r"“[^“”]{1,10}”$", text[max(0, start - 12) : start])
                if label:
                    start -= len(label.group())
                name = text[start : match.end()]
                if joined.search(name):
                    continue  # two events joined (A交易会和B博览会): the list reading names them
                proper = re.sub(r"^“[^“”]{1,10}”", "", name)
                opening = (self.place_in(proper) and proper.startswith(tuple(self.place_forms))) or gazetteer.names_at(
                    proper, 0, (2, 3, 4)
                )  # any city of the country, not only the document's own (深圳…对接活动 in a Hebei plan)
                if not (opening or proper.startswith(("中国", "国际", "全国", "世界", "数字中国"))):
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


def _event_patterns(strong: list[str], lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of events cited by their proper name: the closing event word (节 and 活动 only
    after 国际 or 产业, and not as the start of a body's name), verbs of holding, two events joined."""
    words = "|".join(map(re.escape, strong))
    closing = re.compile(
        rf"(?:{words}|(?<=国际)[^，。；、\n]{{0,6}}节(?![^\W等和及与])|(?<=产业)[^，。；、\n]{{0,4}}活动)"
        r"(?![\u4e00-\u9fff]{0,2}(?:处|局|委|办|中心|公司|集团))"
    )
    verbs = _alternation([*lexicon.cues["event_verbs"], "参与", "出席"])
    return closing, verbs, re.compile(rf"(?:{words})(?:和|及|与|、)")
