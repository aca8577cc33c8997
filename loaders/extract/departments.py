"""Resolve a written unit (省工信委, 人行南昌中心支行, 经济运行处, 各设区市政府 …) to a canonical department.

The register is province-neutral: templates are filled with the province (and
city) the document is about, so the same data serves every province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from policykg.names import canonical_brackets

from .lexicon import Lexicon, RegisterEntry, short_admin_name

DIVISION_SUFFIXES = ("处", "室", "办", "中心", "局", "院", "所", "站", "队", "秘书处", "机构")
ORG_SUFFIXES = (
    "委员会",
    "委",
    "厅",
    "局",
    "办",
    "院",
    "中心",
    "处",
    "室",
    "部",
    "会",
    "行",
    "支行",
    "分局",
    "政府",
    "机构",
    "部门",
    "所",
    "站",
    "馆",
    "队",
    "署",
    "海关",
    "科协",
    "供销社",
    "联社",
    "小组",
    "专班",
    "指挥部",
)
COMPANY_SUFFIXES = ("有限公司", "有限责任公司", "股份有限公司", "集团", "公司")
# A zone listed among responsible units stands for the committee that runs it (西海新区 → 西海新区管委会).
ZONE_SUFFIXES = ("新区", "开发区", "高新区", "经开区", "试验区", "示范区", "自贸区", "保税区", "园区")


FIELD_LABEL = re.compile(r"[：:]|^(?:下同|配合|责任|牵头|参加|参与|协同|主办|承办|协办)")


def clean_name(name: str) -> bool:
    """Whether a written unit is a whole name: no field label, no cut bracket, no leftover cue.

    >>> clean_name("市大数据局"), clean_name("配合单位：市农业农村局"), clean_name("高新区）管委会")
    (True, False, False)
    """
    if FIELD_LABEL.search(name):
        return False
    depth = 0
    for ch in canonical_brackets(name):
        depth += {"（": 1, "）": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@dataclass
class DocumentContext:
    """What the register needs to know about the document: where it comes from and who issued it."""

    province: str | None = None  # 江西省
    city: str | None = None  # 赣州市, for municipal documents
    issuer: ResolvedUnit | None = None
    county: str | None = None  # 凤山县, for county documents
    title: str = ""  # the document's title (its first line where no metadata gives one)

    def jurisdiction(self, level: str) -> str | None:
        """The document's own division at ``level`` (省, 市, 县 or 区), for bodies written without it.

        >>> DocumentContext("河北省", "邢台市").jurisdiction("市")
        '邢台市'
        >>> DocumentContext("广西壮族自治区", "河池市", county="凤山县").jurisdiction("县")
        '凤山县'
        >>> DocumentContext("河北省").jurisdiction("市") is None
        True
        """
        if level in ("省", "自治区"):
            return self.province
        if level == "市":
            return self.city or (self.province if self.province and self.province.endswith("市") else None)
        if level in ("县", "区", "旗"):
            return self.county if self.county and self.county.endswith(level) else None
        return None

    @property
    def province_short(self) -> str | None:
        return short_admin_name(self.province) if self.province else None


@dataclass
class ResolvedUnit:
    """A department as the graph names it."""

    name: str
    aliases: set[str] = field(default_factory=set)
    parent: ResolvedUnit | None = None
    remit: frozenset[str] | None = None
    label: str = "Department"  # a company named as a responsible unit is an Enterprise


class DepartmentRegister:
    """Resolves unit names through the register, collectives, governments and divisions."""

    def __init__(self, lexicon: Lexicon, context: DocumentContext):
        self.lexicon = lexicon
        self.context = context
        self._surface: dict[str, tuple[RegisterEntry, str | None]] = {}
        self._build()
        # Fixed once built; the division resolver walks it for every unit it meets.
        self._longest_first = sorted(self._surface, key=len, reverse=True)
        # The same units are listed task after task; each reading is worked out once per issuer.
        self._resolved: dict[tuple[str, str | None], ResolvedUnit | None] = {}

    # -- register forms -------------------------------------------------------------------------
    def _fill(self, template: str, city: str | None = None) -> str | None:
        ctx = self.context
        out = template
        if "{省}" in out or "{简}" in out or "{会}" in out:
            if not ctx.province:
                return None
            capital = self.lexicon.gazetteer.capitals.get(ctx.province, "")
            out = out.replace("{省}", ctx.province).replace("{简}", ctx.province_short or "")
            out = out.replace("{会}", short_admin_name(capital) if capital else "")
        if "{市}" in out:
            city = city or ctx.city
            if not city:
                return None
            out = out.replace("{市}", city)
        return out

    def _build(self) -> None:
        for entry in self.lexicon.register:
            if entry.municipal:
                continue
            for form in entry.short_forms:
                filled = self._fill(form)
                if filled:
                    self._surface.setdefault(filled, (entry, None))
                    if filled.startswith("省") and self.context.province:
                        self._surface.setdefault(self.context.province + filled[1:], (entry, None))
                        self._surface.setdefault((self.context.province_short or "") + filled, (entry, None))
                        # Autonomous regions and municipalities write 自治区X / 市X where provinces write 省X.
                        level = (
                            "自治区"
                            if self.context.province.endswith("自治区")
                            else ("市" if self.context.province.endswith("市") else None)
                        )
                        if level:
                            self._surface.setdefault(level + filled[1:], (entry, None))
                elif "{" not in form:
                    # No province known: the short form names the body on its own.
                    self._surface.setdefault(form, (entry, None))
            full = self._fill(entry.template)
            if full:
                self._surface.setdefault(full, (entry, None))

    def surfaces(self) -> list[str]:
        """Every register form that can be searched for in the text, longest first."""
        return self._longest_first

    def _from_entry(self, entry: RegisterEntry, surface: str, city: str | None = None) -> ResolvedUnit:
        full = self._fill(entry.template, city)
        short = entry.short_forms[0] if entry.short_forms else surface
        if entry.municipal and city:
            short = city + short[1:] if short.startswith("市") else short
        name = full or (self._fill(short, city) or short)
        aliases = {surface}
        for form in entry.short_forms:
            filled = self._fill(form, city)
            if filled and not (entry.municipal and not city):
                aliases.add(filled)
        if self.context.province:
            aliases |= {self.context.province + a[1:] for a in list(aliases) if a.startswith("省")}
        aliases.discard(name)
        return ResolvedUnit(name, aliases, remit=entry.remit or None)

    # -- resolution -----------------------------------------------------------------------------
    def resolve(self, surface: str) -> ResolvedUnit | None:
        """Resolve a unit as written; None when it is not a department (or is a generic word).

        Each call answers a fresh object (callers add the forms they saw to its aliases)."""
        issuer = self.context.issuer
        key = (surface, issuer.name if issuer else None)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(surface)
        unit = self._resolved[key]
        return None if unit is None else replace(unit, aliases=set(unit.aliases))

    def _resolve(self, surface: str) -> ResolvedUnit | None:
        text = surface.strip().strip("“”\"'")
        if not text or text in self.lexicon.cues["generic_units"] or not clean_name(text):
            return None
        if text in self._surface:
            entry, _ = self._surface[text]
            return self._from_entry(entry, text)
        if "省" + text in self._surface and text.endswith(("厅", "委", "局", "办")) and len(text) >= 3:
            # 自治区发展改革委、财政厅: the prefix is written once for the whole list.
            entry, _ = self._surface["省" + text]
            return self._from_entry(entry, text)
        folded = canonical_brackets(text)
        for pattern, canonical in self.lexicon.collectives:
            if pattern.fullmatch(text) or pattern.fullmatch(folded):
                written = canonical or folded
                name = self._within_jurisdiction(written)
                return ResolvedUnit(name, {text, folded, written} - {name}, remit=frozenset({"*"}))
        government = self._government(text)
        if government:
            return government
        municipal = self._municipal(text)
        if municipal:
            return municipal
        division = self._division(text)
        if division:
            return division
        if text.endswith(COMPANY_SUFFIXES) and len(text) > 4:
            return ResolvedUnit(text, set(), label="Enterprise")
        operator = re.fullmatch(r"([\u4e00-\u9fff]{1,6}?)(?:联通|电信|移动|铁塔)(?:公司)?", text)
        if operator and (
            operator.group(1) in ("市", "县", "区", "省") or operator.group(1) in self.lexicon.gazetteer.by_short
        ):
            # 合肥联通, 市移动: a telecom operator's branch, named by its place and brand
            name = self._within_jurisdiction(text)
            return ResolvedUnit(name, {text} - {name}, label="Enterprise")
        if text.endswith(ZONE_SUFFIXES) and 4 <= len(text) <= 12 and not re.match(r"各|有关|相关|[省市县区]", text):
            if not re.search(r"[及与和、的]", text):
                return ResolvedUnit(text + "管委会", {text}, remit=frozenset({"*"}))
        if text.endswith(tuple(self.lexicon.cues["event_suffixes"])) or re.search(r"\d", text):
            return None  # 博览会, 推介会: events, not bodies
        if (
            text.endswith(ORG_SUFFIXES)
            and 3 <= len(text) <= 30
            and not text.startswith(("各级", "有关", "相关"))
            and not re.search(r"[及与、的]|有关|相关", re.sub(r"（[^（）]*）", "", folded))
            and not self._two_bodies(text)
        ):
            name = self._within_jurisdiction(text)
            return ResolvedUnit(name, {text} - {name}, remit=self.lexicon.remit_of(text))
        return None

    def known(self, text: str) -> bool:
        """Whether the register itself knows a written unit (not a guess from its suffix)."""
        return text in self._surface or self._municipal(text) is not None

    def _two_bodies(self, text: str) -> bool:
        """Whether 和 joins two bodies (市发改委和市财政局) rather than two words of one name
        (市规划和自然资源局, 县工业信息化和商务局)."""
        for match in re.finditer("和", text):
            left = text[: match.start()]
            if left.endswith(ORG_SUFFIXES) or left in self._surface:
                return True
        return False

    def _within_jurisdiction(self, written: str) -> str:
        """A body written without its division (市大数据局, 各县区政府) named within the document's.

        A collective keeps its whole written form after the division (定西市各县区人民政府); a body
        written with a level (市大数据局, 县发改局) takes the division of that level in its place.
        """
        ctx = self.context
        if written.startswith(("各", "相关", "有关")):  # 各县区政府, 相关园区管委会
            home = ctx.county or ctx.city or ctx.province
            return home + written if home else written
        for level in ("自治区", "省", "市", "县", "区", "旗"):
            if written.startswith(level):
                home = ctx.jurisdiction(level)
                if home and not written.startswith(home):
                    return home + written[len(level) :]
                break
        return written

    def _government(self, text: str) -> ResolvedUnit | None:
        match = re.fullmatch(r"(.{1,8}?[市县区州盟旗])(?:人民)?政府", text)
        if not match:
            return None
        place = match.group(1)
        if (
            place in ("省", "市", "县", "区")
            or place.startswith(("各", "有关", "相关", "设区"))
            or (re.search(r"[的和及、]", place) and not self.lexicon.gazetteer.knows(place))  # 和平区 is one
        ):
            return None
        # 朝阳区政府 in a Beijing document is 北京市朝阳区政府: 长春市 has a 朝阳区 too.
        qualified = self.lexicon.gazetteer.qualified(place, self.context.province, self.context.city)
        name = f"{qualified}政府"
        written = {text, f"{place}政府", f"{place}人民政府", f"{qualified}人民政府"}
        return ResolvedUnit(name, written - {name}, remit=frozenset({"*"}))

    def _municipal_forms(self) -> dict[str, tuple[int, RegisterEntry, str]]:
        """Short forms of municipal bodies without their 市 (发改委 → …), with the rank of their
        register entry, so that the first entry wins as it does in the register's order."""

        def build() -> dict[str, tuple[int, RegisterEntry, str]]:
            forms: dict[str, tuple[int, RegisterEntry, str]] = {}
            for rank, entry in enumerate(self.lexicon.register):
                if entry.municipal:
                    for form in entry.short_forms:
                        if form.startswith("市"):
                            forms.setdefault(form[1:], (rank, entry, form))
            return forms

        return self.lexicon.memo(("municipal_forms",), build)

    def _municipal(self, text: str) -> ResolvedUnit | None:
        forms = self._municipal_forms()
        best: tuple[int, int, RegisterEntry, str | None] | None = None  # (rank, exact first, entry, city)
        if text.startswith("市") and text[1:] in forms and self.context.city:
            rank, entry, _ = forms[text[1:]]
            best = (rank, 0, entry, None)
        for k in range(3, len(text)):
            found = forms.get(text[k:])
            if found and text[k - 1] == "市" and (best is None or found[0] < best[0]):
                best = (found[0], 1, found[1], text[:k])
        if best is None:
            return None
        _, _, entry, city = best
        return self._from_entry(entry, text) if city is None else self._from_entry(entry, text, city)

    def _division(self, text: str) -> ResolvedUnit | None:
        if not text.endswith(DIVISION_SUFFIXES):
            return None
        # An explicit parent: the longest register form the text starts with (省工信委电子信息处).
        for parent_surface in self.surfaces():
            if text.startswith(parent_surface) and len(text) > len(parent_surface) + 1:
                parent = self.resolve(parent_surface)
                return self._make_division(parent, text[len(parent_surface) :], text, parent_surface)
        issuer = self.context.issuer
        for self_reference in ("省局", "省厅", "本局", "本厅", "我委", "我局", "我厅", "委"):
            if text.startswith(self_reference) and issuer and len(text) > len(self_reference) + 1:
                return self._make_division(issuer, text[len(self_reference) :], text, self_reference)
        # A bare division (经济运行处, 特种设备局) belongs to the issuing department; under a
        # government or its office, a bare bureau (财政局) is a body of the government, not a division.
        if (
            issuer
            and 2 <= len(text) <= 12
            and "政府" not in issuer.name
            and not text.startswith(("省", "市", "县", "国家", "中国", "各"))
            and not self._starts_with_place(text)
            and not self._government(text)
        ):
            return self._make_division(issuer, text, text, None)
        return None

    def _starts_with_place(self, text: str) -> bool:
        """Whether a name opens with a division's name (河南省大数据管理局): a body of that place,
        never a division of the issuer."""
        return self.lexicon.gazetteer.names_at(text, 0, range(2, min(len(text) - 1, 9)))

    def _make_division(
        self, parent: ResolvedUnit | None, division: str, surface: str, parent_surface: str | None
    ) -> ResolvedUnit | None:
        if parent is None or len(division) < 2:
            return None
        name = parent.name + division
        aliases = {surface, division}
        aliases |= {alias + division for alias in parent.aliases}
        if parent_surface:
            aliases.add(parent_surface + division)
        aliases.discard(name)
        return ResolvedUnit(name, aliases, parent=parent, remit=self.lexicon.remit_of(division))
