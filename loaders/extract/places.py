"""Places: divisions of the gazetteer, countries and regions, full or short, where they
stand as words."""

from __future__ import annotations

import re
from functools import cached_property

from .mentions import HAN, FinderBase, Mention, _alternation


class PlaceFinder(FinderBase):
    """The places finder of one document (part of ``MentionFinder``)."""

    @cached_property
    def _place_re(self) -> re.Pattern[str]:
        # One pattern per province (compiling one per city costs more than the lookups it saves).
        key = ("place_re", self.context.province)
        return self.lexicon.memo(key, lambda: _alternation(list(self.province_place_forms)))

    def places(self, text: str) -> list[Mention]:
        found = []
        for match in self._place_re.finditer(text):
            surface = match.group()
            full = self.place_forms.get(surface)
            if full is None:
                continue  # the short name of a county of another city
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
