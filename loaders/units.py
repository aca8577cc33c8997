"""Unit lists: who a task names as responsible, with which role.

Recognises every way responsibility is written: a ``责任单位：`` line, a bracketed
note after a measure (``（A牵头，B、C配合）``), ``牵头单位：… 配合单位：…`` lines,
hosting clauses (``由A承办，B协办，C衔接协调``), and a unit column of a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.departments import DepartmentRegister, ResolvedUnit
from policykg.loaders.lexicon import Lexicon

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
    kind: str  # line | bracket | clause | table
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

    def _protect(self, text: str) -> tuple[str, dict[str, str]]:
        """Hide separators inside collectives such as 各市、县（区）人民政府."""
        protected: dict[str, str] = {}
        for pattern in self.collective_res:
            for match in pattern.finditer(text):
                if "、" in match.group() or "，" in match.group():
                    key = f"\x00{len(protected)}\x00"
                    protected[key] = match.group()
            for key, value in protected.items():
                text = text.replace(value, key)
        return text, protected

    def split_units(self, text: str) -> list[str]:
        """Split a list of units written with 、，和 及.

        >>> from policykg.loaders.lexicon import load_lexicon
        >>> from policykg.loaders.departments import DocumentContext
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
                    left, right = piece[:i], piece[i + len(conj):]
                    if self.register.resolve(self._restore(left, protected)) or left.endswith(("市", "县", "区")):
                        return [left, *self._split_conjunction(right, protected)]
        # 等省直有关部门: a trailing collective after 等.
        if "等" in piece:
            left, right = piece.split("等", 1)
            return [left, right]
        return [piece]

    def resolve_items(self, text: str, role: str, by_remit: bool) -> list[UnitAssignment]:
        items = self.split_units(text)
        # 新余市、上饶市、景德镇市政府联合承办: the last item's 政府 covers the bare places before it.
        if items and re.search(r"[市县区]$", items[0]) and items[-1].endswith("政府"):
            suffix = "人民政府" if items[-1].endswith("人民政府") else "政府"
            items = [i + suffix if re.search(r"[市县区]$", i) else i for i in items]
        out = []
        parent = None
        for item in items:
            item_role = role
            marked = re.match(r"(.+?)[（(](牵头|配合|负责)[）)]$", item)
            if marked:  # 市经济信息委（牵头）
                item = marked.group(1)
                item_role = {"牵头": "lead", "配合": "support"}.get(marked.group(2), role)
            unit = self.register.resolve(item)
            # 省经信厅规划处、综合处: a bare division after a division inherits its parent.
            if unit and unit.parent is None and parent is not None and item.endswith(("处", "办", "室")) and not item.startswith(("省", "市")):
                unit = self.register._make_division(parent, item, item, None)
            if unit is None:
                continue
            if unit.parent is not None:
                parent = unit.parent
            out.append(UnitAssignment(unit, item_role, item, by_remit))
        return out

    def parse_clauses(self, text: str, default_role: str = "responsible") -> list[UnitAssignment]:
        """Parse a note such as ``A、B按职责分工牵头，C等省直有关部门配合``."""
        by_remit_all = bool(self.by_remit_re.search(text))
        out: list[UnitAssignment] = []
        for clause in re.split(r"[，,；;。]", text):
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
                body = body[body.rindex("由") + 1:]
            body = re.sub(r"(?:具体|联合|共同|分别|统一|主要)$", "", body)
            return self.resolve_items(body, role, bool(self.by_remit_re.search(clause)))
        return []
