"""Derive the sector vocabulary ``loaders/lang/sectors.tsv`` from the national industry classification.

Source: 国民经济行业分类 GB/T 4754-2017 (``data/sources/gbt4754-2017.tsv``: code, level, name,
parent). Policy texts name sectors in short forms far more often than in the standard's long
ones, so each category gives its name and the short forms a text uses:

- the category suffix dropped (水泥制造 → 水泥, 住宿业 → 住宿, 通用设备制造业 → 通用设备);
- a coordination of two parts written as one word (住宿和餐饮业 → 住宿餐饮);
- 设备 also written as 装备 (通用设备 → 通用装备).

Short forms too generic to name a sector alone (其他, 专业, 服务 …) are dropped. 门类 S and T
(public administration, international organisations) are not industries and are left out.
The remit category of each row comes from its 门类. A two-character short form is kind
``domain``: a sector only where a text lists it among sectors or writes X产业.

Run from the repository root after changing this script or the source; a test holds the
committed file equal to what it writes:

    .venv/bin/python scripts/build_sectors.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "sources" / "gbt4754-2017.tsv"
TARGET = ROOT / "loaders" / "lang" / "sectors.tsv"

# Remit categories (as in industries.tsv and division_remit.tsv) of each 门类.
SECTION_CATEGORIES = {
    "A": "agriculture",
    "B": "mining|energy",
    "C": "manufacturing",
    "D": "energy",
    "E": "construction|building",
    "F": "trade",
    "G": "transport|logistics",
    "H": "tourism|consumer",
    "I": "digital|software",
    "J": "finance",
    "K": "building",
    "L": "trade",
    "M": "technology",
    "N": "environment",
    "O": "consumer",
    "P": "education",
    "Q": "health",
    "R": "culture|media",
}
# Finer categories by 大类 where the 门类 says too little.
DIVISION_CATEGORIES = {
    "13": "food",
    "14": "food",
    "15": "food|light",
    "17": "textile|light",
    "18": "textile|light",
    "19": "light",
    "21": "light",
    "22": "light",
    "24": "light|culture",
    "25": "chemical|energy",
    "26": "chemical",
    "27": "pharma",
    "28": "chemical|textile",
    "29": "chemical",
    "30": "building",
    "31": "metallurgy",
    "32": "nonferrous|metallurgy",
    "33": "metallurgy",
    "34": "equipment",
    "35": "equipment",
    "36": "auto|equipment",
    "37": "equipment",
    "38": "equipment|electronics",
    "39": "electronics",
    "40": "equipment|electronics",
    "42": "environment",
    "43": "equipment",
    "44": "energy",
    "45": "energy",
    "46": "environment",
    "63": "digital",
    "64": "digital",
    "65": "software|digital",
    "84": "health",
    "85": "welfare",
    "86": "media|culture",
    "87": "media|culture",
    "89": "culture",
    "90": "culture|tourism",
}
UMBRELLA_SECTIONS = {"A", "B", "C"}  # 农林牧渔业, 采矿业, 制造业: umbrellas, not owned sectors
LEFT_OUT_SECTIONS = {"S", "T"}
# Suffixes of making and growing: the rest of the name is the product (水泥制造 → 水泥).
PRODUCT_SUFFIXES = (
    "生产和供应业",
    "制品业",
    "制造业",
    "加工业",
    "采选业",
    "制造",
    "加工",
    "种植",
    "养殖",
    "采选",
    "开采",
)
# Names ending in one of these name a trade; only the final 业 may be dropped (道路运输业 → 道路运输).
TRADE_SUFFIXES = ("业", "服务", "批发", "零售", "活动", "供应", "生产", "修理", "运输", "代理", "经纪", "管理")
TOO_GENERIC = {
    "其他",
    "专业",
    "综合",
    "管理",
    "服务",
    "组织",
    "社会",
    "技术",
    "工程",
    "设备",
    "机械",
    "产品",
    "用品",
    "制品",
    "器材",
    "材料",
    "其他制造",
    "其他服务",
    "专业技术",
    "商务",
    "居民",
    "公共",
    "辅助",
    "日用",
    "相关",
    "中介",
    "代理",
    "经纪",
    "咨询",
    "研究",
    "推广",
    "应用",
    "监测",
    "检测",
    "设计",
    "安装",
    "维修",
    "修理",
    "运输",
    "仓储",
    "批发",
    "零售",
    "生产",
    "供应",
    "开采",
    "加工",
    "种植",
    "养殖",
    "捕捞",
    "采集",
    "建筑",
    "装饰",
    "装修",
    "租赁",
    "出版",
    "发行",
    "制作",
    "经营",
    "贸易",
    "物业",
    "保险",
    "信托",
    "投资",
    "培训",
    "安全",
    "道路",
    "海水",
    "内陆",
    "金属",
    "水上",
    "航空",
    "管道",
    "卫生",
    "娱乐",
    "体育",
    "教育",
}


def short_forms(name: str) -> list[str]:
    """The forms a policy text writes for one category name.

    >>> short_forms("通用设备制造业")
    ['通用设备制造业', '通用设备', '通用装备']
    >>> short_forms("住宿和餐饮业")
    ['住宿和餐饮业', '住宿和餐饮', '住宿餐饮']
    >>> short_forms("道路运输业")
    ['道路运输业', '道路运输']
    >>> short_forms("水泥制造")
    ['水泥制造', '水泥']
    >>> short_forms("其他谷物种植")
    []
    """
    if name.startswith("其他") or "其他" in name.split("和")[-1][:2]:
        return []
    core = next((name[: -len(x)] for x in PRODUCT_SUFFIXES if name.endswith(x) and len(name) - len(x) >= 2), None)
    if core is None and name.endswith("业") and len(name) >= 3:  # 畜牧业 → 畜牧, 保险业 → 保险
        core = name[:-1]
    forms = [name] + ([core] if core else [])
    parts = re.split(r"和|、|及", core or "")
    if len(parts) == 2 and all(len(p) >= 2 for p in parts):
        forms.append("".join(parts))
    if core and core.endswith("设备") and len(core) > 3:
        forms.append(core[:-2] + "装备")
    return [
        f
        for i, f in enumerate(forms)
        if f not in forms[:i] and f not in TOO_GENERIC and len(f) >= 2 and not f.endswith("的")
    ]


def names_a_trade(name: str, level: str) -> bool:
    """Whether a category name can stand for a sector in running text: a 大类, or a name that
    ends like a trade or a product line (a 小类 such as 医院 or 机场 names a facility, not a sector).

    >>> names_a_trade("水泥制造", "4"), names_a_trade("医院", "3"), names_a_trade("教育", "2")
    (True, False, True)
    """
    return level in ("1", "2") or name.endswith(PRODUCT_SUFFIXES + TRADE_SUFFIXES)


def rows(source: Path = SOURCE) -> list[tuple[str, str, str, str, str]]:
    """(canonical, aliases, categories, kind, source) rows, in the standard's order."""
    out = []
    names_seen: set[str] = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, level, name, _parent = (line.split("\t") + [""] * 4)[:4]
        section = code if level == "1" else None
        if section is None:
            section = _section_of(code)
        if section in LEFT_OUT_SECTIONS:
            continue
        if not names_a_trade(name, level):
            continue
        forms = [f for f in short_forms(name) if f not in names_seen]
        if not forms:
            continue
        names_seen.update(forms)
        canonical = forms[1] if len(forms) > 1 else forms[0]  # the short form names the node
        aliases = [f for f in forms if f != canonical]
        categories = DIVISION_CATEGORIES.get(code[:2]) or SECTION_CATEGORIES.get(section, "")
        kind = "umbrella" if level == "1" and section in UMBRELLA_SECTIONS else "sector"
        if kind == "sector" and len(canonical) <= 2:
            # 光纤, 玻璃, 饲料: a two-character product word names a part or a material in running
            # text far more often than a sector; it is one where a text lists it among sectors.
            kind = "domain"
        out.append((canonical, "|".join(aliases), categories, kind, f"GB/T 4754-2017 {code}"))
    return out


_DIVISION_SECTION: dict[str, str] = {}


def _section_of(code: str) -> str:
    """The 门类 letter of a numeric code, from the standard's division ranges."""
    division = int(code[:2])
    bounds = [
        (5, "A"),
        (12, "B"),
        (43, "C"),
        (46, "D"),
        (50, "E"),
        (52, "F"),
        (60, "G"),
        (62, "H"),
        (65, "I"),
        (69, "J"),
        (70, "K"),
        (72, "L"),
        (75, "M"),
        (79, "N"),
        (82, "O"),
        (83, "P"),
        (85, "Q"),
        (90, "R"),
        (96, "S"),
        (97, "T"),
    ]
    return next(letter for top, letter in bounds if division <= top)


def render(source: Path = SOURCE) -> str:
    header = (
        "# Sector vocabulary derived from 国民经济行业分类 GB/T 4754-2017 by scripts/build_sectors.py (do not edit by hand).\n"
        "# Columns: canonical name <TAB> aliases (| separated) <TAB> remit categories (| separated) <TAB> kind <TAB> source\n"
    )
    return header + "".join("\t".join(row) + "\n" for row in rows(source))


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(rows())} categories)", file=sys.stderr)
