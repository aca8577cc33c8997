"""A gold-free audit of extraction records: what they leave on the table.

Three checks read straight off each document's text, with rules of their own rather than
the extractor's, so that a miss of the extractor shows as a miss here:

- **units**: every unit listed in a responsibility statement (a ``责任单位：`` / ``牵头单位：`` …
  field, a bracketed note such as ``（A牵头，B、C配合）``, or a cell of units under a unit-column
  header of a flattened table) should be an entity of the record (*recognised*) and head a
  ``RESPONSIBLE_FOR`` fact whose evidence lies in the task the statement closes (*tied*);
- **sectors**: every item of an enumeration the text itself calls sectors
  (``A、B、C等行业`` / ``产业`` / ``领域`` / ``业态``) should be an ``Industry`` of the record;
- **names**: no entity name may carry a field label (``配合单位：``) or a cut bracket.

The checks count recall only: a high score does not prove the facts right (precision is
measured against gold records with ``policykg evaluate``), but a low one shows where to look.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from policykg.models import Record
from policykg.names import canonical_brackets, comparison_key

from ..extract.departments import clean_name
from ..extract.lexicon import Lexicon, load_lexicon
from ..extract.text import CLOSING, OPENING, bracket_spans

# An enumeration the text calls sectors: A、B、C等(重点)行业.
SECTOR_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9]{2,16})"
    r"等(?:[\u4e00-\u9fff]{0,4}?)(?:行业|产业|领域|业态)"
)
ITEM_SEPARATORS = re.compile(r"[、，,；;]")
# How far back a statement on a line of its own reaches for its task.
TASK_LINES = 12
KINDS = ("unit", "unit-no-fact", "sector", "dirty-name")


def fold(text: str) -> str:
    """The form names are compared in: no white space or quotes, brackets full-width.

    >>> fold(" 市发改委（大数据局）"), fold("各县(市、区)政府")
    ('市发改委（大数据局）', '各县（市、区）政府')
    """
    return canonical_brackets(comparison_key(text))


@dataclass
class Statement:
    """A responsibility statement: the units it lists and the span of the task it closes."""

    units: list[str]
    task_start: int
    end: int
    line: str


@dataclass
class DocumentAudit:
    """The counts and misses of one document."""

    doc: str
    counts: Counter = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def to_dict(self) -> dict:
        return {"doc": self.doc, "counts": dict(self.counts), "misses": self.misses}


@dataclass
class AuditReport:
    """Per-document audits and their totals."""

    documents: list[DocumentAudit]
    unmatched: list[str] = field(default_factory=list)  # documents with no record

    @property
    def totals(self) -> Counter:
        total: Counter = Counter()
        for audit in self.documents:
            total.update(audit.counts)
        return total

    @property
    def ratios(self) -> dict[str, float | None]:
        """The headline shares: units recognised, units tied to a fact, sector items recognised."""
        t = self.totals

        def share(part: str, whole: str) -> float | None:
            return round(t[part] / t[whole], 3) if t[whole] else None

        return {
            "units_recognised": share("units_recognised", "units_listed"),
            "units_with_fact": share("units_tied", "units_listed"),
            "sector_items_recognised": share("sectors_recognised", "sector_items"),
            "dirty_names": t["dirty_names"],
        }

    def top_misses(self, kind: str, n: int = 20) -> list[tuple[str, int]]:
        """The most frequent misses of one kind over all documents."""
        counter: Counter = Counter()
        for audit in self.documents:
            counter.update(audit.misses[kind])
        return counter.most_common(n)

    def to_json(self, misses: int = 20) -> str:
        return json.dumps(
            {
                "documents": len(self.documents),
                "totals": dict(self.totals),
                "ratios": self.ratios,
                "top_misses": {kind: self.top_misses(kind, misses) for kind in KINDS},
                "per_document": [a.to_dict() for a in self.documents],
                "unmatched": self.unmatched,
            },
            ensure_ascii=False,
            indent=1,
        )


class StatementReader:
    """Finds responsibility statements and the units they list, from the cue words of the language data."""

    def __init__(self, lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        cues = lexicon.cues
        labels = sorted(cues["unit_list_labels"], key=len, reverse=True)
        self.label_re = re.compile(rf"(?:{'|'.join(labels)})\s*[:：]")
        self.headers = set(cues["table_unit_headers"]) | set(cues["unit_list_labels"])
        roles = sorted({cue for cue, _ in cues["role_cues"]} | set(cues["by_remit_cues"]), key=len, reverse=True)
        self.role_re = re.compile(rf"(?:{'|'.join(roles)})")
        self.role_tail = re.compile(rf"(?:{'|'.join(roles)}|负责|等)+$")
        self.generic = set(cues["generic_units"])
        self.collectives = [
            pattern for pattern, _ in lexicon.collectives if "、" in pattern.pattern or "，" in pattern.pattern
        ]
        names = lexicon.names
        self.verbs = sorted(
            {
                w
                for w in (*names["common_verbs"], *names["industry_openers"], *names["name_left_boundaries"])
                if len(w) > 1
            },
            key=len,
            reverse=True,
        )
        self.body_end = re.compile(
            r"(?:委员会|委|厅|局|办|办公室|中心|政府|管委会|部门|单位|公司|集团|支行|分行|分局|监管局|院|所|站|处|室|科|社|会|小组|专班)$"
        )

    def units(self, text: str) -> list[str]:
        """The units of a list: split at separators outside brackets, role words and 由/请 dropped.

        >>> StatementReader().units("省商务厅牵头，省财政厅、各县（市、区）人民政府配合")
        ['省商务厅', '省财政厅', '各县（市、区）人民政府']
        >>> StatementReader().units("市发改委（大数据局）、工信局等部门")
        ['市发改委（大数据局）', '工信局']
        """
        text = self.label_re.sub("，", text)
        # A collective written with separators inside (各市、县（区）人民政府) is one unit.
        hidden = {}
        for pattern in self.collectives:
            for match in pattern.finditer(text):
                key = f"\x00{len(hidden)}\x00"
                hidden[key] = match.group()
                text = text.replace(match.group(), key, 1)
        pieces, depth, current = [], 0, ""
        for ch in text:
            depth += (ch in OPENING) - (ch in CLOSING)
            if depth == 0 and ITEM_SEPARATORS.match(ch):
                pieces.append(current)
                current = ""
            else:
                current += ch
        pieces.append(current)
        out = []
        for piece in pieces:
            for key, value in hidden.items():
                piece = piece.replace(key, value)
            piece = self.role_tail.sub("", piece.strip(" 。.；;"))
            piece = re.sub(r"^(?:由|请|会同)", "", piece)
            piece = re.sub(r"等(?:有关|相关)?(?:部门|单位)$", "", piece)
            bare = re.sub(r"[（(〔][^）)〕]*[）)〕]$", "", piece)  # 市发改委（大数据局）
            if 2 <= len(piece) <= 40 and piece not in self.generic and self.body_end.search(bare):
                out.append(piece)
        return out

    def statements(self, text: str) -> list[Statement]:
        """Every responsibility statement of a document, in order."""
        found: list[Statement] = []
        offset = 0
        last_end = 0
        line_starts: list[int] = []
        in_table = False
        for raw in text.split("\n"):
            start, line = offset, raw.strip()
            lead = len(raw) - len(raw.lstrip())
            offset += len(raw) + 1
            line_starts.append(start)
            if not line:
                continue
            if line in self.headers:
                in_table = True
                last_end = offset
                continue
            statements = self._in_line(line, start + lead)
            if not statements and in_table and len(line) <= 80 and not re.search(r"[。：:]", line):
                units = self.units(line)
                if units and len(units) == len(ITEM_SEPARATORS.split(line.strip("。；; "))):
                    statements = [Statement(units, 0, start + lead + len(line), line)]
            for statement in statements:
                reach = line_starts[max(0, len(line_starts) - 1 - TASK_LINES)]
                statement.task_start = max(last_end, reach) if statement.task_start == 0 else statement.task_start
                last_end = statement.end
                found.append(statement)
        return found

    def _in_line(self, line: str, start: int) -> list[Statement]:
        """Bracketed notes that list units, and a unit field after the text of the line."""
        found = []
        notes = bracket_spans(line)
        for open_at, end in notes:
            inner = line[open_at + 1 : end - 1]
            if self.label_re.search(inner) or self.role_re.search(inner):
                units = self.units(inner)
                if units:
                    found.append(Statement(units, 0, start + end, line))
        field_label = self.label_re.search(line)
        if field_label and not any(s <= field_label.start() < e for s, e in notes):
            units = self.units(line[field_label.start() :])
            if units:
                found.append(Statement(units, 0, start + len(line), line))
        return found

    def sector_items(self, text: str) -> list[str]:
        """Items of every enumeration the text calls sectors, with a verb before the first cut off.

        >>> StatementReader().sector_items("推动在医疗、教育、交通等领域应用，重点发展集成电路、软件等产业。")
        ['医疗', '教育', '交通', '集成电路', '软件']
        """
        items = []
        for match in SECTOR_LIST.finditer(text):
            listed = match.group(1).split("、")
            first = listed[0]
            cut = max((first.rfind(w) + len(w) for w in self.verbs if w in first[:-1]), default=0)
            if len(first) - cut > 2 and first[cut] in "在对以如将把与和及从向为":
                cut += 1
            listed[0] = first[cut:]
            items.extend(item for item in listed if len(item) >= 2)
        return items


def audit_record(text: str, record: Record | dict, reader: StatementReader | None = None) -> DocumentAudit:
    """Audit one document's record against its text."""
    reader = reader or StatementReader()
    data = record.model_dump(mode="json") if isinstance(record, Record) else record
    audit = DocumentAudit(data.get("doc", ""))
    names: dict[str, set[tuple[str, str]]] = {}
    for entity in data.get("entities", []):
        canonical = fold(entity.get("name", ""))
        for name in (entity.get("name", ""), *entity.get("aliases", [])):
            names.setdefault(fold(name), set()).add((entity.get("type", ""), canonical))
        if not clean_name(entity.get("name", "")):
            audit.counts["dirty_names"] += 1
            audit.misses["dirty-name"].append(entity.get("name", ""))
    facts_by_head: dict[str, list[tuple[int, int]]] = {}
    for fact in data.get("facts", []):
        if fact.get("rel") != "RESPONSIBLE_FOR":
            continue
        for _, canonical in names.get(fold(fact.get("head", "")), {("", fold(fact.get("head", "")))}):
            facts_by_head.setdefault(canonical, []).append((fact.get("start") or 0, fact.get("end") or 0))
    for statement in reader.statements(text):
        for unit in statement.units:
            audit.counts["units_listed"] += 1
            entities = names.get(fold(unit))
            if not entities:
                audit.misses["unit"].append(unit)
                continue
            audit.counts["units_recognised"] += 1
            spans = [span for _, canonical in entities for span in facts_by_head.get(canonical, [])]
            if any(statement.task_start <= s < statement.end for s, _ in spans):
                audit.counts["units_tied"] += 1
            else:
                audit.misses["unit-no-fact"].append(unit)
    industries = {name for name, kinds in names.items() if any(kind == "Industry" for kind, _ in kinds)}
    for item in reader.sector_items(text):
        audit.counts["sector_items"] += 1
        bare = re.sub(r"(?:产业|行业|业)$", "", item)
        if fold(item) in industries or fold(bare) in industries:
            audit.counts["sectors_recognised"] += 1
        else:
            audit.misses["sector"].append(item)
    return audit


def audit_records(texts: Iterable[tuple[str, str]], records: Iterable[Record | dict]) -> AuditReport:
    """Audit records against the texts of their documents, paired by the record's ``doc``.

    Args:
        texts: (document file name, text) pairs.
        records: extraction records (``doc`` names the document's file).
    """
    reader = StatementReader()
    by_doc = {(r.doc if isinstance(r, Record) else r.get("doc")): r for r in records}
    report = AuditReport([])
    for doc, text in texts:
        record = by_doc.get(doc)
        if record is None:
            report.unmatched.append(doc)
            continue
        report.documents.append(audit_record(text, record, reader))
    return report
