"""Unit lists: who a task names as responsible, with which role.

Recognises every way responsibility is written: a ``责任单位：`` line, a bracketed
note after a measure (``（A牵头，B、C配合）``), ``牵头单位：… 配合单位：…`` lines,
hosting clauses (``由A承办，B协办，C衔接协调``), and a unit column of a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .departments import DepartmentRegister, ResolvedUnit
from .lexicon import Lexicon
from .text import CLOSING, OPENING, bracket_spans

# A body written with its level (市发改委, 县商务局, 自治区财政厅); bodies after it in the same list
# written bare (商务局, 财政厅) share that level.
LEVEL_PREFIX = re.compile(r"^(?:自治区|省|市|县|区|州|盟|旗)(?!直|级|政府|人民政府|委员会$)")
BARE_BODY = re.compile(r"[\u4e00-\u9fff]{1,12}(?:局|委|厅|办|委员会|中心)(?:[（(][^）)]{1,12}[）)])?")
_OPEN, _CLOSE = re.escape(OPENING + "<"), re.escape(CLOSING + ">")
# A bracketed part with no bracket inside, and a unit with a short note after it (市发改委（大数据局）).
BRACKETED = re.compile(rf"[{_OPEN}][^{_OPEN}{_CLOSE}]*[{_CLOSE}]")
NOTED = re.compile(rf"(.+?)[{_OPEN}]([^{_CLOSE}]{{2,24}})[{_CLOSE}]")
SEPARATORS = re.compile(r"[、，,；;]|(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff])")


@dataclass
class UnitAssignment:
    """One unit named for a task, with its role and where the text names it."""

    unit: ResolvedUnit
    role: str
    surface: str
    by_remit: bool = False


@dataclass
class UnitList:
    """All units of one list, and the span of text the list occupies."""

    assignments: list[UnitAssignment]
    start: int
    end: int
    text: str
    kind: str  # line | bracket | clause | table (a row of a TAB table) | cell (a line of units)
    first_leads: str | None = None  # the document's list-order convention, if any
    attributes: dict = field(default_factory=dict)


class UnitParser:
    """Turns the text of a unit list into resolved units with roles."""

    def __init__(self, lexicon: Lexicon, register: DepartmentRegister):
        self.lexicon = lexicon
        self.register = register
        cues = lexicon.cues
        self.role_cues: list[tuple[str, str]] = [tuple(c) for c in cues["role_cues"]]
        self.by_remit_re = re.compile("|".join(re.escape(c) for c in cues["by_remit_cues"]))
        self.trailers = sorted(cues["list_trailers"], key=len, reverse=True)
        self.collective_res = [p for p, _ in lexicon.collectives]
        labels = sorted(cues["unit_list_labels"], key=len, reverse=True)
        self.label_roles: dict[str, str] = cues["unit_list_labels"]
        self.label_re = re.compile(rf"({'|'.join(labels)})\s*[:：]")

    def _protect(self, text: str) -> tuple[str, dict[str, str]]:
        """Hide separators inside collectives such as 各市、县（区）人民政府 and inside brackets
        (经开区（综保区、出口加工区）管委会)."""
        protected: dict[str, str] = {}
        found = [m.group() for pattern in self.collective_res for m in pattern.finditer(text)]
        found += [m.group() for m in BRACKETED.finditer(text)]
        for value in sorted(set(found), key=len, reverse=True):
            if ("、" in value or "，" in value or "," in value) and value in text:
                key = f"\x00{len(protected)}\x00"
                protected[key] = value
                text = text.replace(value, key)
        return text, protected

    def split_units(self, text: str) -> list[str]:
        """Split a list of units written with 、，和 及.

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> from policykg.loaders.extract.departments import DocumentContext
        >>> lex = load_lexicon()
        >>> parser = UnitParser(lex, DepartmentRegister(lex, DocumentContext("江西省")))
        >>> parser.split_units("省商务厅、省财政厅和各市、县〔区〕人民政府")
        ['省商务厅', '省财政厅', '各市、县〔区〕人民政府']
        """
        hidden, protected = self._protect(text)
        pieces: list[str] = []
        for piece in SEPARATORS.split(hidden):
            piece = piece.strip().strip("。")
            if not piece:
                continue
            for trailer in self.trailers:
                if piece.endswith(trailer) and len(piece) > len(trailer):
                    piece = piece[: -len(trailer)]
                    break
            pieces.extend(self._split_conjunction(piece, protected))
        return [self._restore(p, protected) for p in pieces if p]

    def _restore(self, piece: str, protected: dict[str, str]) -> str:
        for key, value in protected.items():
            piece = piece.replace(key, value)
        return piece

    def _split_conjunction(self, piece: str, protected: dict[str, str]) -> list[str]:
        """Split at 和/及/与 only where both sides are units (省文化和旅游厅 stays whole)."""
        if self.register.resolve(self._restore(piece, protected)):
            return [piece]
        for conj in ("以及", "和", "及", "与", "、"):
            if conj in piece:
                for i in [m.start() for m in re.finditer(conj, piece)]:
                    left, right = piece[:i], piece[i + len(conj) :]
                    if self.register.resolve(self._restore(left, protected)) or left.endswith(("市", "县", "区")):
                        return [left, *self._split_conjunction(right, protected)]
        # 等省直有关部门: a trailing collective after 等.
        if "等" in piece:
            left, right = piece.split("等", 1)
            return [left, right]
        return [piece]

    def resolve_items(self, text: str, role: str, by_remit: bool) -> list[UnitAssignment]:
        items = self._governments_of_places(self.split_units(text))
        # 新余市、上饶市、景德镇市政府联合承办: the last item's 政府 covers the bare places before it.
        if items and re.search(r"[市县区]$", items[0]) and items[-1].endswith("政府"):
            suffix = "人民政府" if items[-1].endswith("人民政府") else "政府"
            items = [i + suffix if re.search(r"[市县区]$", i) else i for i in items]
        out = []
        parent = None
        level = None  # the level prefix written once for the list (市发改委、商务局、工信局)
        for item in items:
            item_role = role
            marked = re.match(r"(.+?)[（(](牵头|配合|负责)[）)]$", item)
            if marked:  # 市经济信息委（牵头）
                item = marked.group(1)
                item_role = {"牵头": "lead", "配合": "support"}.get(marked.group(2), role)
            written = LEVEL_PREFIX.match(item)
            unit = None
            if written:
                level = written.group()
            elif level and BARE_BODY.fullmatch(item) and not self.register.known(item):
                unit = self._with_level(level, item)
                if unit is not None and unit.parent is None:
                    unit.aliases.add(item)  # the form written, so a search for it finds the body
            unit = unit or self.register.resolve(item)
            noted = NOTED.fullmatch(item)
            body = self.register.resolve(noted.group(1)) if unit is None and noted else None
            runs_zone = (
                body is not None
                and noted is not None
                and re.search(r"管委会|管理委员会", noted.group(2))
                and not re.match(r"含|包括|包含", noted.group(2))  # 〈含开发区、某某管委会〉: a remark
                and not re.search(r"[、，,；;]", noted.group(2))
            )
            committee = self.register.resolve(noted.group(2)) if runs_zone and noted else None
            if body is not None and committee is not None and noted:
                # 某区人民政府（某开发区管委会）: a government and the committee it runs beside it, both named
                out.append(UnitAssignment(body, item_role, noted.group(1), by_remit))
                out.append(UnitAssignment(committee, item_role, noted.group(2), by_remit))
                continue
            if noted and body is not None:
                # 市发改委（大数据局）: one body with its second name; 各区政府（含开发区）: a remark.
                unit = body
                if re.search(r"(?:局|委|办|厅|中心)$", noted.group(2)):
                    unit.aliases.add(noted.group(2))
                unit.aliases.add(item)
            # 省经信厅规划处、综合处: a bare division after a division inherits its parent.
            if (
                unit
                and unit.parent is None
                and parent is not None
                and item.endswith(("处", "办", "室"))
                and not item.startswith(("省", "市"))
            ):
                unit = self.register._make_division(parent, item, item, None)
            if unit is None:
                continue
            if unit.parent is not None:
                parent = unit.parent
            out.append(UnitAssignment(unit, item_role, item, by_remit))
        return out

    def _governments_of_places(self, items: list[str]) -> list[str]:
        """郑州、开封等省辖市政府: the governments of the places listed before 等, each by its name.

        The places are the trailing items of the list that name divisions of the document's
        province, of the level the closing words give; where 等 follows no place the item is
        left as written.
        """
        closing = (
            re.fullmatch(r"(.{2,8}?)等(省辖市|设区市|地级市|市|县|区|县区|区县)(人民)?政府", items[-1])
            if items
            else None
        )
        if closing is None:
            return items
        level = "county" if closing.group(2) in ("县", "区", "县区", "区县") else "city"
        places: list[str] = []
        for item in [*items[:-1], closing.group(1)][::-1]:
            full = self._division(item, level)
            if full is None:
                break
            places.append(full)
        if not places:
            return items
        kept = len(items) - len(places)
        suffix = "人民政府" if closing.group(3) else "政府"
        return items[:kept] + [place + suffix for place in reversed(places)]

    def _division(self, written: str, level: str) -> str | None:
        """The full name of a division of the document's province and of ``level``, written in
        full or short (许昌 is 许昌市 among cities, 许昌县 among counties)."""
        gazetteer = self.lexicon.gazetteer
        province = self.register.context.province
        for name in (written, *gazetteer.by_short.get(written, [])):
            unit = gazetteer.unit(name, province)
            if unit is not None and unit.province == province and unit.level == level:
                return name
        return None

    def _with_level(self, level: str, item: str) -> ResolvedUnit | None:
        """A bare body read with the level its list wrote once (商务局 after 市发改委、), unless the
        bare form is a division of the issuer (特种设备局 in a 市场监管局 notice)."""
        prefixed = self.register.resolve(level + item)
        if prefixed is None:
            return None
        if self.register.known(level + item):
            return prefixed
        bare = self.register.resolve(item)
        # A bureau is a division only of a bureau (特种设备局 of a 市场监管局); under a commission
        # or a government, a 局 in a list with a level written once is a body of that level.
        if (
            bare is not None
            and bare.parent is not None
            and (not item.endswith("局") or bare.parent.name.endswith("局"))
        ):
            return bare
        return prefixed

    def parse_labelled(self, text: str, default_role: str = "responsible") -> list[UnitAssignment]:
        """Parse units under field labels: ``牵头单位：A；配合单位：B、C`` (text before the first
        label takes ``default_role``).

        >>> from policykg.loaders.extract.lexicon import load_lexicon
        >>> from policykg.loaders.extract.departments import DocumentContext
        >>> lex = load_lexicon()
        >>> parser = UnitParser(lex, DepartmentRegister(lex, DocumentContext("江西省")))
        >>> [(a.surface, a.role) for a in parser.parse_labelled("牵头单位：省商务厅;配合单位：省财政厅")]
        [('省商务厅', 'lead'), ('省财政厅', 'support')]
        """
        pieces = list(self.label_re.finditer(text))
        if not pieces:
            return self.parse_clauses(text, default_role)
        out = self.parse_clauses(text[: pieces[0].start()].strip("；;，,。 "), default_role)
        for k, piece in enumerate(pieces):
            segment = text[piece.end() : pieces[k + 1].start() if k + 1 < len(pieces) else len(text)]
            out.extend(self.parse_clauses(segment.strip("；;，,。 "), self.label_roles[piece.group(1)]))
        return out

    def parse_clauses(self, text: str, default_role: str = "responsible") -> list[UnitAssignment]:
        """Parse a note such as ``A、B按职责分工牵头，C等省直有关部门配合``."""
        if self.label_re.search(text):
            return self.parse_labelled(text, default_role)
        by_remit_all = bool(self.by_remit_re.search(text))
        out: list[UnitAssignment] = []
        for clause in _clauses(text):
            clause = clause.strip()
            if not clause:
                continue
            role, body = default_role, clause
            for cue, cue_role in self.role_cues:
                index = clause.rfind(cue)
                if index > 0 and index + len(cue) >= len(clause) - 4:
                    role, body = cue_role, clause[:index]
                    break
            body = self.by_remit_re.sub("", body)
            body = re.sub(r"(?:具体|联合|共同|分别|统一|主要)$", "", body)
            body = re.sub(r"^(?:由|请|会同)", "", body)
            out.extend(self.resolve_items(body, role, by_remit_all))
        return out

    def parse_hosting_clause(self, clause: str) -> list[UnitAssignment]:
        """``…由A具体承办`` / ``B协办`` / ``C衔接协调`` / ``D配合``; [] when the clause assigns no unit."""
        for cue, role in self.role_cues:
            if not clause.endswith(cue):
                continue
            body = clause[: -len(cue)]
            if "由" in body:
                body = body[body.rindex("由") + 1 :]
            body = re.sub(r"(?:具体|联合|共同|分别|统一|主要)$", "", body)
            return self.resolve_items(body, role, bool(self.by_remit_re.search(clause)))
        return []


def _clauses(text: str) -> list[str]:
    """The clauses of a note, split at ，；。 outside brackets (a remark such as 〈含开发区、某管委会，
    下同〉 stays with the unit it follows).

    >>> _clauses("A牵头，B〈含C，下同〉配合；D")
    ['A牵头', 'B〈含C，下同〉配合', 'D']
    """
    inside = {i for start, end in bracket_spans(text) for i in range(start, end)}
    clauses, start = [], 0
    for i, ch in enumerate(text):
        if ch in "，,；;。" and i not in inside:
            clauses.append(text[start:i])
            start = i + 1
    clauses.append(text[start:])
    return clauses
