"""Places roll up: the administrative divisions a place, or a body named after one, lies in.

A document says 赣州经济技术开发区 lies in 赣州市; it seldom says that 赣州市 lies in 江西省, and
never that 江西省 lies in China. The load adds those links (``LOCATED_IN`` with ``derived``
true, no evidence) from the gazetteer of administrative divisions the extractor uses
(``cpca``'s adcodes, ``loaders/extract/lexicon.py``): every Place that is a division is linked to its
city, province and the country, and every Department named after a division (江西省工业和信息化
委员会, 定西市大数据局) to that division, so "platforms in 江西省" and "departments of 安徽" can be
asked of either engine.
"""

from __future__ import annotations

from functools import cache

COUNTRY = "中国"
COUNTRY_ALIASES: tuple[str, ...] = ("中华人民共和国", "全国")


@cache
def _gazetteer():
    from ..loaders.extract.lexicon import load_lexicon

    return load_lexicon().gazetteer


def division_of(name: str) -> str | None:
    """The full name of the division ``name`` names (its full or, when unique, its short name).

    Example:
        >>> division_of("江西省"), division_of("赣州"), division_of("中国"), division_of("新余光伏基地")
        ('江西省', '赣州市', '中国', None)
    """
    gaz = _gazetteer()
    if name in (COUNTRY, *COUNTRY_ALIASES):
        return COUNTRY
    if name in gaz.units or gaz.of_qualified(name) is not None:
        return name  # 沈阳市和平区: a division whose name another shares, named with its city
    full = gaz.by_short.get(name, [])
    return full[0] if len(full) == 1 else None


def _unit(full: str):
    """The gazetteer's division of a name ``division_of`` returned."""
    gaz = _gazetteer()
    return gaz.of_qualified(full) or gaz.units[full]


def parents_of(name: str) -> list[str]:
    """The divisions above the division ``name``, nearest first, ending with the country.

    Example:
        >>> parents_of("南康区")
        ['赣州市', '江西省', '中国']
        >>> parents_of("安徽省"), parents_of("中国"), parents_of("新余光伏基地")
        (['中国'], [], [])
        >>> parents_of("沈阳市和平区")
        ['沈阳市', '辽宁省', '中国']
    """
    full = division_of(name)
    if full is None or full == COUNTRY:
        return []
    unit = _unit(full)
    chain = [parent for parent in (unit.city, unit.province) if parent and parent != full]
    return [*dict.fromkeys(chain), COUNTRY]


def jurisdiction_of(body: str) -> str | None:
    """The division a body's name begins with (the longest), or None.

    Example:
        >>> jurisdiction_of("江西省工业和信息化委员会"), jurisdiction_of("定西市大数据局")
        ('江西省', '定西市')
        >>> jurisdiction_of("安徽发改委"), jurisdiction_of("省工信委")
        ('安徽省', None)
    """
    gaz = _gazetteer()
    for end in range(min(len(body), 12), 1, -1):
        prefix = body[:end]
        if prefix in gaz.units or gaz.of_qualified(prefix) is not None:
            return prefix
    for province in gaz.provinces:  # 安徽发改委: a province written short
        short = _short(province)
        if body.startswith(short) and len(body) > len(short):
            return province
    return None


def province_of(name: str) -> str | None:
    """The province of a division or of a body named after one.

    Example:
        >>> province_of("赣州市"), province_of("南昌市政府"), province_of("安徽"), province_of("省发改委")
        ('江西省', '江西省', '安徽省', None)
    """
    full = division_of(name) or jurisdiction_of(name)
    if full is None or full == COUNTRY:
        return None
    return _unit(full).province


def short_name(name: str) -> str:
    """A division's name without its suffix (江西省 → 江西).

    Example:
        >>> short_name("江西省"), short_name("中国")
        ('江西', '中国')
    """
    return _short(name)


def _short(name: str) -> str:
    from ..loaders.extract.lexicon import short_admin_name

    return short_admin_name(name)
