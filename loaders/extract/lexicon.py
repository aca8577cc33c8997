"""Language data of the extractor, loaded from ``loaders/lang/``.

The files hold everything that is knowledge rather than algorithm: the
department register, named collectives, the remit of divisions, the industry
lexicon, cue words, name suffixes, and the gazetteer of places (built from the
administrative divisions that ``cpca`` ships).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# The data files ship with the package beside this one (loaders/lang/).
LANG_DIR = resources.files("policykg.loaders.lang")
# Sector vocabularies, most specific first (see each file's header for its source).
INDUSTRY_FILES = ("industries.tsv", "sector_families.tsv", "sectors.tsv")

# Suffixes of administrative names, longest first; stripping one gives the short name.
ADMIN_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)


def _rows(name: str) -> list[list[str]]:
    """Rows of a TAB-separated data file, without comments and blank lines."""
    text = (LANG_DIR / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def split_list(cell: str) -> list[str]:
    """Split a ``|``-separated cell.

    >>> split_list("省发改委|省发展改革委")
    ['省发改委', '省发展改革委']
    >>> split_list("")
    []
    """
    return [part.strip() for part in cell.split("|") if part.strip()]


def short_admin_name(name: str) -> str:
    """Drop the administrative suffix of a place name.

    >>> short_admin_name("江西省"), short_admin_name("赣州市"), short_admin_name("南康区")
    ('江西', '赣州', '南康')
    >>> short_admin_name("新疆维吾尔自治区")
    '新疆'
    """
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class RegisterEntry:
    """One kind of body: a full-name template, its short forms, and its remit."""

    template: str
    short_forms: tuple[str, ...]
    remit: frozenset[str]

    @property
    def municipal(self) -> bool:
        return "{市}" in self.template


@dataclass(frozen=True)
class IndustryEntry:
    canonical: str
    aliases: tuple[str, ...]
    categories: frozenset[str]
    kind: str
    vocabulary: str = "industries.tsv"  # the data file it comes from


@dataclass(frozen=True)
class AdminUnit:
    """A place of the administrative gazetteer."""

    name: str
    level: str  # province | city | county
    province: str
    city: str | None


@dataclass
class Gazetteer:
    units: dict[str, AdminUnit] = field(default_factory=dict)  # full name -> its first unit
    # full name -> every unit of that name (和平区 of 天津市 and of 沈阳市, 鼓楼区 of four cities)
    homonyms: dict[str, list[AdminUnit]] = field(default_factory=dict)
    provinces: dict[str, AdminUnit] = field(default_factory=dict)
    # short name -> full names (several counties share a short name across provinces)
    by_short: dict[str, list[str]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # province full name -> capital city full name

    def knows(self, name: str) -> bool:
        """Whether ``name`` is the full or the short name of a division."""
        return name in self.units or name in self.by_short

    def unit(self, name: str, province: str | None = None) -> AdminUnit | None:
        """The division of that full name, the one in ``province`` where several share it.

        >>> gaz = Gazetteer()
        >>> for unit in (AdminUnit("和平区", "county", "天津市", None), AdminUnit("和平区", "county", "辽宁省", "沈阳市")):
        ...     gaz.add(unit)
        >>> gaz.unit("和平区").province, gaz.unit("和平区", "辽宁省").city
        ('天津市', '沈阳市')
        """
        units = self.homonyms.get(name, ())
        local = next((u for u in units if u.province == province), None) if province else None
        return local or self.units.get(name)

    def qualified(self, name: str, province: str | None = None, city: str | None = None) -> str:
        """The name of a division as a record writes it: its full name, with its city (or, in a
        municipality, its province) before it where another division shares that name — the one
        of ``city``, else of ``province``, else the first.

        >>> gaz = Gazetteer()
        >>> for unit in (AdminUnit("和平区", "county", "天津市", None), AdminUnit("和平区", "county", "辽宁省", "沈阳市")):
        ...     gaz.add(unit)
        >>> gaz.qualified("和平区", "辽宁省", "沈阳市"), gaz.qualified("和平区", "天津市"), gaz.qualified("江西省")
        ('沈阳市和平区', '天津市和平区', '江西省')
        """
        units = self.homonyms.get(name, ())
        if len(units) < 2:
            return name
        in_city = next((u for u in units if u.province == province and city is not None and u.city == city), None)
        unit = in_city or self.unit(name, province) or units[0]
        return (unit.city or unit.province) + name

    def of_qualified(self, name: str) -> AdminUnit | None:
        """The division a qualified name (沈阳市和平区) names, or None.

        >>> gaz = Gazetteer()
        >>> gaz.add(AdminUnit("和平区", "county", "辽宁省", "沈阳市"))
        >>> gaz.of_qualified("沈阳市和平区").city, gaz.of_qualified("天津市和平区")
        ('沈阳市', None)
        """
        for cut in range(2, len(name) - 1):
            within, rest = name[:cut], name[cut:]
            for unit in self.homonyms.get(rest, ()):
                if unit.city == within or (unit.city is None and unit.province == within):
                    return unit
        return None

    def add(self, unit: AdminUnit) -> None:
        self.units.setdefault(unit.name, unit)
        self.homonyms.setdefault(unit.name, []).append(unit)

    def names_at(self, text: str, start: int, lengths: Iterable[int]) -> bool:
        """Whether the name of a division, of one of ``lengths`` characters, begins at ``start``."""
        return any(self.knows(text[start : start + n]) for n in lengths)


# Provincial capitals (for bodies such as 人行南昌中心支行 whose name carries the capital).
CAPITAL_ADCODES = {
    "11": "北京市",
    "12": "天津市",
    "13": "石家庄市",
    "14": "太原市",
    "15": "呼和浩特市",
    "21": "沈阳市",
    "22": "长春市",
    "23": "哈尔滨市",
    "31": "上海市",
    "32": "南京市",
    "33": "杭州市",
    "34": "合肥市",
    "35": "福州市",
    "36": "南昌市",
    "37": "济南市",
    "41": "郑州市",
    "42": "武汉市",
    "43": "长沙市",
    "44": "广州市",
    "45": "南宁市",
    "46": "海口市",
    "50": "重庆市",
    "51": "成都市",
    "52": "贵阳市",
    "53": "昆明市",
    "54": "拉萨市",
    "61": "西安市",
    "62": "兰州市",
    "63": "西宁市",
    "64": "银川市",
    "65": "乌鲁木齐市",
}


def _load_gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    source = resources.files("cpca") / "resources" / "adcodes.csv"
    with source.open(encoding="utf-8") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle)]
    province_by_code: dict[str, str] = {}
    city_by_code: dict[str, str] = {}
    for code, name in rows:
        if code[2:] == "0" * 10:
            province_by_code[code[:2]] = name
    for code, name in rows:
        if code[4:] == "0" * 8 and code[2:4] != "00":
            city_by_code[code[:4]] = name
    for code, name in rows:
        province = province_by_code.get(code[:2])
        if not province:
            continue
        if code[2:] == "0" * 10:
            unit = AdminUnit(name, "province", name, None)
            gaz.provinces[name] = unit
        elif code[4:] == "0" * 8:
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            unit = AdminUnit(name, "city", province, None)
        else:
            if name == "市辖区":
                continue
            city = city_by_code.get(code[:4])
            # Municipalities list their districts under the province itself.
            unit = AdminUnit(name, "county", province, city if city and city not in ("市辖区", "县") else None)
        gaz.add(unit)
        short = short_admin_name(name)
        if short != name and name not in gaz.by_short.get(short, ()):
            gaz.by_short.setdefault(short, []).append(name)
    for prefix, capital in CAPITAL_ADCODES.items():
        if prefix in province_by_code:
            gaz.capitals[province_by_code[prefix]] = capital
    return gaz


@dataclass
class Lexicon:
    """All language data, loaded once per process."""

    register: list[RegisterEntry]
    collectives: list[tuple[re.Pattern[str], str]]
    remit_keywords: list[tuple[str, frozenset[str]]]
    industries: list[IndustryEntry]
    cues: dict
    names: dict
    gazetteer: Gazetteer
    # Patterns and tables derived from the data, built once per process (per province where they
    # depend on it) rather than once per document.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: tuple, build):
        """The value cached under ``key``, built by ``build()`` the first time."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def modifies_a_head(self, text: str, end: int) -> bool:
        """Whether a head noun at ``end`` makes the sector word before it a modifier of another
        thing (医疗资源, 新能源汽车充电桩; ``industry_modifier_heads`` in names.json)."""
        heads = self.memo(("modifier_heads",), lambda: tuple(self.names["industry_modifier_heads"]))
        return text.startswith(heads, end)

    def industry_terms(self) -> dict[str, IndustryEntry]:
        """Every surface form of the industry lexicon mapped to its entry."""

        def build() -> dict[str, IndustryEntry]:
            terms: dict[str, IndustryEntry] = {}
            for entry in self.industries:
                for form in (entry.canonical, *entry.aliases):
                    terms.setdefault(form, entry)
            return terms

        return self.memo(("industry_terms",), build)

    def user_words(self) -> list[str]:
        """Words the segmenter must keep whole: register short forms and industry terms."""
        words = {form.replace("{简}", "").replace("{会}", "") for e in self.register for form in e.short_forms}
        words |= set(self.industry_terms())
        words |= set(self.cues["event_suffixes"]) | set(self.names["platform_suffixes"])
        # Two-character terms stay out: the model, not the dictionary, decides whether 化工 in
        # 优化工业 is a word, which is what the extractor asks it.
        return sorted(w for w in words if "{" not in w and len(w) > 2)

    def remit_of(self, name: str) -> frozenset[str] | None:
        """Remit categories of a body or division, from keywords of its name (None: unknown).

        >>> lex = load_lexicon()
        >>> sorted(lex.remit_of("有色工业处"))
        ['nonferrous']
        >>> lex.remit_of("经济运行处")
        frozenset({'*'})
        """
        for keyword, categories in self.remit_keywords:
            if keyword in name:
                return categories
        return None


@cache
def load_lexicon() -> Lexicon:
    """Load every data file (cached: one load per process)."""
    register = [
        RegisterEntry(row[0], tuple(split_list(row[1])), frozenset(split_list(row[2]) if len(row) > 2 else ()))
        for row in _rows("departments.tsv")
    ]
    collectives = [(re.compile(row[0]), row[1] if len(row) > 1 else "") for row in _rows("collectives.tsv")]
    # Longest keyword first, so 特殊食品 wins over 食品 and 电子信息 over 电子.
    remit = sorted(
        ((row[0], frozenset(split_list(row[1]))) for row in _rows("division_remit.tsv")),
        key=lambda item: -len(item[0]),
    )
    # The hand-kept lexicon first, then the policy sector families, then the national
    # classification: a form two files give keeps the entry of the first.
    industries = [
        IndustryEntry(
            row[0],
            tuple(split_list(row[1])),
            frozenset(split_list(row[2])),
            row[3].strip() if len(row) > 3 else "sector",
            name,
        )
        for name in INDUSTRY_FILES
        for row in _rows(name)
    ]
    cues = json.loads((LANG_DIR / "cues.json").read_text(encoding="utf-8"))
    names = json.loads((LANG_DIR / "names.json").read_text(encoding="utf-8"))
    return Lexicon(register, collectives, remit, industries, cues, names, _load_gazetteer())
