"""Text → one ONTOLOGY record: entities, facts with evidence, targets.

The stages, each a function or a small class:

1. ``detect_context`` — the province, city and issuer the document speaks for;
2. ``MentionFinder`` — names of industries, platforms, firms, events, places;
3. ``find_tasks`` — tasks and the unit lists that close them;
4. ``facts_for_task`` — every listed unit × every object the task names;
5. ``extract_targets`` — numeric goals with deadline and responsible units;
6. ``RecordBuilder`` — canonical entities, aliases, deduplicated facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import cast

from policykg.models import Entity, EntityLabel, Fact, Record, RelationshipType, Role, Target

from .departments import ZONE_SUFFIXES, DepartmentRegister, DocumentContext, ResolvedUnit
from .finder import MentionFinder
from .lexicon import Lexicon, load_lexicon, short_admin_name
from .mentions import HAN, Mention, resolve_overlaps
from .segment import Segmenter
from .text import NUMBERED, Line, SpanIndex, bracket_spans, sentence_around, split_lines
from .units import UnitAssignment, UnitList, UnitParser

OBJECT_LABELS = ("Industry", "Platform", "Enterprise", "Event")
# A working group or task force the text sets up, named in full after the verb.
GROUP_SET_UP = re.compile(
    r"(?:成立|设立|组建|建立)(?:由[^，。；]{2,30}?(?:任|担任)[^，。；]{0,10}?的)?"
    r"([^，。；、（）()\n由]{2,30}?(?:领导小组|工作小组|专项小组|工作专班|指挥部)(?:办公室)?)"
)
# A field of an item written as "key：value" on its own line (时间：…, 主要内容：…).
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")
HOSTING_CUES = ("承办", "协办", "衔接协调")


# ----------------------------------------------------------------------------------------------
# 1. Context
# ----------------------------------------------------------------------------------------------
# What turns a register name into the head of a longer one: a branch or office written after it.
LONGER_BODY = re.compile(
    r"(?!会同|联合|和|及|与|同|向|对|为|在|等|牵头|负责|配合|指导|组织|协调|推动|支持|督促)"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:中心支行|支行|分行|分局)|[\u4e00-\u9fff]{1,3}?(?:办|处|室|司))"
    r"(?![\u4e00-\u9fff]{0,2}(?:牵头|负责|配合))"
)


def detect_context(text: str, lexicon: Lexicon, issuer: str | None = None, title: str | None = None) -> DocumentContext:
    """Guess the province (and city, for municipal documents) a document speaks for.

    >>> ctx = detect_context("江西省人民政府关于…全省…", load_lexicon())
    >>> ctx.province
    '江西省'
    """
    gaz = lexicon.gazetteer
    head = " ".join(filter(None, [issuer, title, text[:4000]]))
    votes: Counter[str] = Counter()
    for name in gaz.provinces:
        short = short_admin_name(name)
        votes[name] += 3 * head.count(name) + head.count(short)
    city_votes: Counter[str] = Counter()
    for name, unit in gaz.units.items():
        if unit.level == "city" and name in head:
            city_votes[name] += head.count(name)
            votes[unit.province] += head.count(name)
    province = votes.most_common(1)[0][0] if votes and votes.most_common(1)[0][1] > 0 else None
    city = None
    first_line = text.lstrip().split("\n", 1)[0]
    lead = (issuer or "") + (title or first_line)
    for name in city_votes:
        if lead.startswith(name) or (issuer and issuer.startswith(name)):
            city = name
    if city is None:
        # A city's own regulation or zone names it short first (深圳经济特区…条例, 宁波保税区…).
        for length in (3, 2):
            units = [gaz.unit(name, province) for name in gaz.by_short.get(lead[:length], [])]
            cities = [u for u in units if u is not None and u.level == "city" and province in (None, u.province)]
            a_province = any(short_admin_name(name) == lead[:length] for name in gaz.provinces)  # 吉林
            if len(cities) == 1 and not a_province:
                city, province = cities[0].name, cities[0].province
                break
    # A county document names its county first (凤山县人民政府办公室关于…).
    county = None
    for length in range(min(len(lead), 12), 1, -1):
        unit = gaz.unit(lead[:length], province)
        if unit and unit.level == "county" and (province is None or unit.province == province):
            county, city = unit.name, city or unit.city
            break
    return DocumentContext(province=province, city=city, county=county, title=title or first_line)


def find_issuer(text: str, register: DepartmentRegister, hint: str | None) -> ResolvedUnit | None:
    """The body that issued the document: the metadata's issuer, else the body the title or first lines name."""
    if hint:
        unit = register.resolve(hint)
        if unit:
            return unit
    head = re.sub(r"《[^》]*》", lambda m: "＿" * len(m.group()), text[:600])  # titles cited are not issuers
    best: tuple[int, str] | None = None
    for surface in register.surfaces():
        index = head.find(surface)
        if index < 0 or surface in ("省政府", "省委", "省人民政府"):
            continue
        # A body named before 关于/印发, a year, or alone on a signature line is the issuer.
        after = head[index + len(surface) : index + len(surface) + 6]
        if after.startswith(("关于", "印发", "20", "\n", " ", "　")) or re.match(r"\d{4}", after):
            if best is None or index < best[0]:
                best = (index, surface)
    return register.resolve(best[1]) if best else None


# ----------------------------------------------------------------------------------------------
# 3. Tasks and unit lists
# ----------------------------------------------------------------------------------------------
@dataclass
class Task:
    """A numbered item, paragraph or table row, and the units named for it."""

    lines: list[Line]
    unit_lists: list[UnitList] = field(default_factory=list)
    appendix: list[tuple[int, int]] = field(default_factory=list)  # listed elsewhere, owned here
    heading: str | None = None  # the group heading of a table row (一、沈阳市)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


class TaskFinder:
    """Splits the document into tasks and attaches unit lists to them."""

    def __init__(self, lexicon: Lexicon, parser: UnitParser):
        self.lexicon = lexicon
        self.parser = parser
        labels = sorted(lexicon.cues["unit_list_labels"], key=len, reverse=True)
        self.label_roles = lexicon.cues["unit_list_labels"]
        self.label_re = re.compile(rf"({'|'.join(labels)})\s*[:：]")
        self.role_words = [cue for cue, _ in parser.role_cues] + ["责任单位", "按职责"]
        self.first_leads_res = [re.compile(p) for p in lexicon.cues["first_listed_leads"]]
        self.others_support_res = [re.compile(p) for p in lexicon.cues["others_support"]]
        self.table_headers = lexicon.cues["table_unit_headers"]
        self.prose_roles = [(re.compile(pattern), role) for pattern, role in lexicon.cues["prose_roles"]]

    def first_listed_leads(self, text: str) -> str | None:
        """The document's convention for list order: "lead" when the first-listed unit leads
        (the others responsible), "lead+support" when the others are declared supporting."""
        if not any(p.search(text) for p in self.first_leads_res):
            return None
        return "lead+support" if any(p.search(text) for p in self.others_support_res) else "lead"

    def _label_line(self, line: Line) -> UnitList | None:
        match = self.label_re.match(line.text.lstrip("（(【[〔"))
        if not match:
            return None
        body = line.text.strip("（）()【】[]〔〕。")
        assignments = self.parser.parse_labelled(body)
        return UnitList(assignments, line.start, line.end, line.text, "line")

    def _notes(self, line: Line) -> list[UnitList]:
        """Unit notes anywhere in a line: bracketed (``（A牵头，B配合）``, ``〔责任单位：A〕``) or a
        trailing field after a sentence (``…。责任单位：A、B``), in the order written."""
        notes = []
        for start, end in bracket_spans(line.text):
            inner = line.text[start + 1 : end - 1]
            if (
                len(inner) > 300
                or not any(word in inner for word in self.role_words)
                and not self.label_re.search(inner)
            ):
                continue
            assignments = self.parser.parse_labelled(inner)
            if assignments:
                notes.append(UnitList(assignments, line.start + start, line.start + end, inner, "bracket"))
        covered = notes[-1].end - line.start if notes else 0
        field_label = self.label_re.search(line.text, covered)
        if (
            field_label
            and field_label.start() > 0
            and not any(n.start <= line.start + field_label.start() < n.end for n in notes)
        ):
            tail = line.text[field_label.start() :]
            assignments = self.parser.parse_labelled(tail.strip("。；; "))
            if assignments:
                notes.append(UnitList(assignments, line.start + field_label.start(), line.end, tail, "line"))
        return notes

    def _unit_cell(self, line: Line) -> UnitList | None:
        """A line that holds only units: the responsibility cell of a table flattened to one cell
        per line, or a unit column without a header."""
        text = line.text.strip("。；; ")
        if len(text) > 80 or line.numbered or re.search(r"[。：:由]", text) or not HAN.search(text):
            return None
        items = self.parser.split_units(text)
        assignments = self.parser.parse_clauses(text)
        if not items or len(assignments) < len(items):
            return None
        if all(a.surface.endswith(ZONE_SUFFIXES) for a in assignments):
            return None  # a line of parks only is a list of parks (an appendix), not of their committees
        return UnitList(assignments, line.start, line.end, line.text, "cell")

    def _hosting_clauses(self, line: Line) -> list[UnitList]:
        if not any(cue in line.text for cue in HOSTING_CUES) and "由" not in line.text and "单位" not in line.text:
            return []
        found = []
        for sentence in re.finditer(r"[^。；;！？]+", line.text):
            offset = line.start + sentence.start()
            position = 0
            for clause in re.split(r"([，,])", sentence.group()):
                if clause in "，,":
                    position += len(clause)
                    continue
                stripped = clause.strip()
                hosting = any(stripped.endswith(c) for c in HOSTING_CUES)
                prose = re.search(r"由.{2,40}(?:牵头|负责)$", stripped) and "按" not in stripped
                support = stripped.endswith("配合") and any(c in sentence.group() for c in HOSTING_CUES)
                named = self._prose_units(clause, offset + position)
                if named:
                    found.append(named)
                elif hosting or prose or support:
                    assignments = self.parser.parse_hosting_clause(stripped)
                    if assignments:
                        # The list starts after 由: the event before it is an object, not a unit.
                        lead = clause.rfind("由") + 1
                        start = offset + position + lead
                        found.append(UnitList(assignments, start, offset + position + len(clause), stripped, "clause"))
                position += len(clause)
        return found

    def _prose_units(self, clause: str, start: int) -> UnitList | None:
        """Responsibility written in prose: 由A担任…牵头单位; B、C为成员单位."""
        for pattern, role in self.prose_roles:
            match = pattern.search(clause)
            if not match:
                continue
            assignments = self.parser.resolve_items(match.group("units"), role, False)
            if assignments:
                return UnitList(assignments, start + match.start("units"), start + match.end(), match.group(), "clause")
        return None

    def _table_tasks(self, lines: list[Line]) -> list[Task]:
        """Rows of a TAB-separated table whose header names a unit column.

        A short line between rows (一、沈阳市) is a group heading: the table goes on, and a
        place it names is where the rows below it are.
        """
        tasks = []
        columns: dict[int, str] = {}  # column index -> role
        heading: str | None = None
        for line in lines:
            if "\t" not in line.text:
                if len(line.text) > 30 or line.text.endswith(("。", "；")):
                    columns, heading = {}, None  # prose: the table has ended
                else:
                    heading = line.text
                continue
            cells = line.text.split("\t")
            header = {
                k: self._column_role(cell) for k, cell in enumerate(cells) if any(h in cell for h in self.table_headers)
            }
            if header and len(cells) > 1 and not any(c.strip().isdigit() for c in cells[:1]):
                columns, heading = header, None
                continue
            if not columns:
                continue
            assignments: list[UnitAssignment] = []
            offset = 0
            span = (line.start, line.end)
            for k, cell in enumerate(cells):
                if k in columns and cell.strip():
                    assignments.extend(self.parser.parse_clauses(cell.strip(), columns[k]))
                    span = (line.start + offset, line.start + offset + len(cell))
                offset += len(cell) + 1
            if assignments:
                unit_text = line.text[span[0] - line.start : span[1] - line.start]
                task = Task([line], [UnitList(assignments, span[0], span[1], unit_text, "table")])
                task.heading = heading
                tasks.append(task)
        return tasks

    def _column_role(self, header: str) -> str:
        """The role a unit column gives: 牵头单位 → lead, 配合单位 → support, else responsible."""
        for label, role in self.label_roles.items():
            if label in header:
                return role
        return "responsible"

    def __call__(self, text: str, lines: list[Line]) -> list[Task]:
        first_leads = self.first_listed_leads(text)
        tasks: list[Task] = []
        current: list[Line] = []
        last_closed: Task | None = None
        unit_columns: list[str] = []  # roles of the unit columns of a flattened table, in order
        column = 0  # the unit column the next unit cell fills
        header_run = False  # inside the header cells of a flattened table
        for line in lines:
            if "\t" in line.text:
                continue  # table rows are handled by _table_tasks
            if line.text in self.table_headers or line.text in self.label_roles:
                # A header cell of a table flattened to one cell per line (序号 / 任务 / 牵头单位 / 配合单位).
                unit_columns = (unit_columns if header_run else []) + [self._column_role(line.text)]
                current, last_closed, column, header_run = [], None, 0, True
                continue
            header_run = header_run and len(line.text) <= 8
            label = self._label_line(line)
            if label:
                label.first_leads = first_leads
                if current:
                    last_closed = Task(current, [label])
                    tasks.append(last_closed)
                elif last_closed is not None:
                    last_closed.unit_lists.append(label)  # 牵头单位：… then 配合单位：…
                current = []
                continue
            cell = self._unit_cell(line)
            if cell and (unit_columns or len(cell.assignments) > 1):
                cell.first_leads = first_leads
                if unit_columns and column < len(unit_columns) and unit_columns[column] != "responsible":
                    for assignment in cell.assignments:
                        assignment.role = unit_columns[column]
                if current:
                    last_closed = Task(current, [cell])
                    tasks.append(last_closed)
                    column = 1
                elif last_closed is not None:
                    last_closed.unit_lists.append(cell)  # the next unit column of the same row
                    column += 1
                current = []
                continue
            if last_closed is not None and not line.numbered and FIELD_LINE.match(line.text):
                last_closed.lines.append(line)  # 主要内容：… after 承办单位：… is the same item
                continue
            if line.numbered and current:
                tasks.append(Task(current))
                current = []
            last_closed, column = None, 0
            for clause_list in self._hosting_clauses(line):
                tasks.append(Task([line], [clause_list]))
            cut = line.start
            for note in self._notes(line):
                note.first_leads = first_leads
                if note.start > cut:
                    current.append(Line(cut, note.start, text[cut : note.start]))
                if current:
                    last_closed = Task(current, [note])
                    tasks.append(last_closed)
                elif last_closed is not None:
                    last_closed.unit_lists.append(note)
                current, cut = [], note.end
            if cut < line.end and text[cut : line.end].strip("。；; "):
                current.append(Line(cut, line.end, text[cut : line.end]))
        if current:
            tasks.append(Task(current))
        tasks.extend(self._table_tasks(lines))
        return [t for t in tasks if t.unit_lists]


# ----------------------------------------------------------------------------------------------
# 4. Facts
# ----------------------------------------------------------------------------------------------
def object_categories(mention: Mention, lexicon: Lexicon) -> frozenset[str]:
    """Remit categories an object falls under (empty: unknown)."""
    if mention.label == "Industry":
        return frozenset(mention.attributes.get("categories", ()))
    found: set[str] = set()
    for term, entry in lexicon.industry_terms().items():
        if term in mention.name:
            found |= entry.categories
    for keyword, categories in lexicon.remit_keywords:
        if keyword in mention.name and "*" not in categories:
            found |= categories
    found.add(mention.label.lower())
    return frozenset(found)


# What follows a body named as the author of a policy or of a title the text cites: 关于…, 印发…,
# 等四部门公布的《…》, 认定的示范项目.
CITING = re.compile(
    r"(?:办公厅)?关于|(?:等[一二三四五六七八九十\d]*个?部门)?(?:联合)?(?:印发|公布|发布|认定|评定|批复|授予)"
)


def cited_bodies_dropped(found: list[tuple[ResolvedUnit, int, int]], text: str) -> list[tuple[ResolvedUnit, int, int]]:
    """Bodies named in prose, less those named only as the authors of policies the text cites
    (《国务院关于…》, 落实省委省政府关于…的部署, 按照财政部、税务总局规定, 工信部认定的项目):
    they are not parties to the document. A body in a unit list is recorded by its list whatever this says.

    >>> text = "落实省委、省政府关于数字经济的部署，由省工信厅推进。"
    >>> found = [("省委", 2, 4), ("省政府", 5, 8), ("省工信厅", 19, 23)]
    >>> [name for name, _, _ in cited_bodies_dropped(found, text)]
    ['省工信厅']
    """
    found = sorted(found, key=lambda item: item[1])
    joiners = "、和及与 　"
    cited = [False] * len(found)
    for k in range(len(found) - 1, -1, -1):  # right to left: a body joined to a cited one is cited
        _, start, end = found[k]
        while end < len(text) and text[end] in joiners:
            end += 1
        following = k + 1 < len(found) and found[k + 1][1] == end and cited[k + 1]
        opened, closed = text.rfind("《", 0, start), text.rfind("》", 0, start)
        cited[k] = following or bool(CITING.match(text, end)) or opened > closed
    for k in range(len(found)):  # left to right: 按照A、B规定
        _, start, _ = found[k]
        before = start
        while before > 0 and text[before - 1] in joiners:
            before -= 1
        leading = k > 0 and found[k - 1][2] == before and cited[k - 1]
        cited[k] = cited[k] or leading or text.endswith(("按照", "根据", "依据"), 0, before)
    return [item for item, dropped in zip(found, cited) if not dropped]


def objects_of(task: Task, objects: SpanIndex) -> list[Mention]:
    """The objects a task names: those in its text and in the lists attached to it, in order."""
    found = objects.starting_in(task.start, task.end)
    for start, end in task.appendix:
        found += objects.starting_in(start, end)
    return sorted(found, key=lambda m: (m.start, m.end)) if task.appendix else found


def within_remit(unit: ResolvedUnit, categories: frozenset[str]) -> bool:
    """Whether an object lies in a unit's remit (unknown remit: yes).

    >>> within_remit(ResolvedUnit("有色工业处", remit=frozenset({"nonferrous"})), frozenset({"pharma"}))
    False
    >>> within_remit(ResolvedUnit("经济运行处", remit=frozenset({"*"})), frozenset({"pharma"}))
    True
    """
    if not unit.remit or "*" in unit.remit or not categories:
        return True
    return bool(unit.remit & categories)


def attach_appendix_lists(tasks: list[Task], lines: list[Line], objects: list[Mention], lexicon: Lexicon) -> None:
    """A list headed "N个…名单" belongs to the task that promises those N things.

    An action plan often says 支持打造12个重点园区 in a task and lists the twelve in an
    appendix (…12个重点园区名单); the task's units then own every listed item.
    """
    heading = re.compile(lexicon.cues["appendix_list_heading"])
    for k, line in enumerate(lines):
        match = heading.search(line.text)
        if not match:
            continue
        count, what = match.group("count"), match.group("what")
        end = next((other.start for other in lines[k + 1 :] if heading.search(other.text)), lines[-1].end + 1)
        listed = [m for m in objects if line.end <= m.start < end and m.label in ("Platform", "Enterprise")]
        if not listed:
            continue
        nouns = {what[i : i + 2] for i in range(max(len(what) - 1, 0))}
        for task in tasks:
            if task.start >= line.start:
                continue
            task_text = " ".join(part.text for part in task.lines)
            promise = re.search(rf"{count}(?:个|家|项|条)([^，。；（(]{{0,12}})", task_text)
            if promise and any(noun in promise.group(1) for noun in nouns):
                task.appendix.append((line.end, end))
                break


def learn_remits(tasks: list[Task], objects: SpanIndex, lexicon: Lexicon) -> None:
    """Give a unit whose name tells no remit the remit the document states elsewhere.

    A unit that alone coordinates or owns industries in a task (省经信委一处衔接协调 a
    茶产业 fair) is taken to handle them, so a later 按职责分工 note pairs it with them.
    Learning stays within the document, so a document's facts never depend on others.
    """
    learned: dict[str, set[str]] = {}
    for task in tasks:
        industries = [m for m in objects.starting_in(task.start, task.end) if m.label == "Industry"]
        for unit_list in task.unit_lists:
            if any(a.by_remit for a in unit_list.assignments):
                continue
            for role in {a.role for a in unit_list.assignments}:
                holders = [a.unit for a in unit_list.assignments if a.role == role and a.unit.label == "Department"]
                if len(holders) == 1 and holders[0].remit is None:
                    categories = learned.setdefault(holders[0].name, set())
                    for industry in industries:
                        categories.update(object_categories(industry, lexicon))
    for task in tasks:
        for unit_list in task.unit_lists:
            for assignment in unit_list.assignments:
                if assignment.unit.remit is None and learned.get(assignment.unit.name):
                    assignment.unit.remit = frozenset(learned[assignment.unit.name])


# ----------------------------------------------------------------------------------------------
# The extractor
# ----------------------------------------------------------------------------------------------
class Extractor:
    """Turns a document's text into an ONTOLOGY record.

    Args:
        lexicon: language data (default: the bundled data files).

    Example:
        >>> record = Extractor()("1.推动光伏产业发展。\\n责任单位：省发改委", doc="a.txt", year=2020)
        >>> [(f.head, f.tail) for f in record.facts if f.rel == "RESPONSIBLE_FOR"]
        [('省发改委', '光伏')]
    """

    def __init__(self, lexicon: Lexicon | None = None, segmenter=None):
        self.lexicon = lexicon or load_lexicon()
        # The segmenter (spacy-pkuseg with the register and lexicon as user dictionary) loads on first use.
        self.segmenter = segmenter if segmenter is not None else Segmenter(self.lexicon.user_words())

    def __call__(
        self,
        text: str,
        *,
        doc: str,
        title: str | None = None,
        year: int | None = None,
        issuer: str | None = None,
        offset: int = 0,
    ) -> Record:
        builder = RecordBuilder(doc=doc, title=title, year=year)
        self.extract_into(builder, text, title=title, issuer=issuer, offset=offset)
        return builder.record()

    def extract_into(
        self, builder: RecordBuilder, text: str, *, title: str | None = None, issuer: str | None = None, offset: int = 0
    ) -> None:
        """Extract from one chunk of text whose first character sits at ``offset`` in the document."""
        lex = self.lexicon
        context = detect_context(text, lex, issuer=issuer, title=title)
        register = DepartmentRegister(lex, context)
        context.issuer = find_issuer(text, register, issuer)
        gazetteer = lex.gazetteer
        builder.place_name = lambda name: gazetteer.qualified(name, context.province, context.city)
        finder = MentionFinder(lex, context, self.segmenter)
        parser = UnitParser(lex, register)
        lines = split_lines(text)

        tasks = TaskFinder(lex, parser)(text, lines)
        # Only the tasks that name responsible units are segmented in full ("segment what needs it").
        discovered = [m for t in tasks for m in finder.discover_industries(text, t.start, t.end)]
        mentions = resolve_overlaps(
            finder.industries(text)
            + finder.platforms(text)
            + finder.enterprises(text)
            + finder.events(text)
            + finder.places(text)
            + finder.listed(text)
            + discovered
            + finder.enumerated_sectors(text)
            + finder.firm_lists(text)
            + finder.committee_parks(text)
        )
        mentions = [m for m in mentions if "\n" not in m.name]  # a name never runs across lines
        # Items of a list closed as technologies or scenes (A、B等技术应用) are means, not sectors.
        means = SpanIndex((s, e, None) for s, e in finder.technology_lists(text))
        mentions = [m for m in mentions if m.label != "Industry" or not means.covers(m.start)]
        unit_spans = SpanIndex((ul.start, ul.end, None) for t in tasks for ul in t.unit_lists)

        def inside_unit_list(m: Mention) -> bool:
            return unit_spans.covers(m.start)

        objects = [m for m in mentions if m.label in OBJECT_LABELS and not inside_unit_list(m)]
        by_position = SpanIndex((m.start, m.end, m) for m in objects)
        for m in mentions:
            if m.attributes.get("weak") or (m.label != "Place" and inside_unit_list(m)):
                continue
            builder.add_mention(m)
        # An industry a platform's name carries (新余光伏示范基地) is an entity, not an object of the task.
        platforms = SpanIndex((p.start, p.end, p) for p in mentions if p.label == "Platform")
        for m in finder.industries(text):
            if platforms.holds(m.start, m.end):
                builder.add_mention(m)

        # Departments named anywhere (register forms and city governments).
        named = list(self._department_mentions(text, register, finder))
        # A document with no unit list whose bodies are all cited ones keeps them: they are what
        # tells a policy document from a notice that names no body.
        for unit, start, end in cited_bodies_dropped(named, text) or ([] if tasks else named):
            builder.add_unit(unit, text, start, end, offset)

        # A firm listed among responsible units (黄山文投集团) lies where its name begins.
        for task in tasks:
            for unit_list in task.unit_lists:
                for assignment in unit_list.assignments:
                    place = assignment.unit.label == "Enterprise" and finder.place_in(assignment.unit.name)
                    if place:
                        builder.add_unit(assignment.unit, text, unit_list.start, unit_list.end, offset)
                        builder.add_place(place)
                        builder.add_fact(
                            "LOCATED_IN",
                            ("Enterprise", assignment.unit.name),
                            ("Place", place),
                            None,
                            unit_list.start,
                            unit_list.end,
                            text,
                            offset,
                        )
        learn_remits(tasks, by_position, self.lexicon)
        attach_appendix_lists(tasks, lines, objects, self.lexicon)
        for task in tasks:
            in_task = objects_of(task, by_position)
            self._task_facts(builder, task, in_task, text, offset)
            if task.heading:
                self._under_heading(builder, task, in_task, text, offset, finder)
        # Only what the record holds is placed: a park named inside a unit list is not an entity.
        recorded = [m for m in mentions if m.label == "Place" or not (m.attributes.get("weak") or inside_unit_list(m))]
        self._located_in(builder, recorded, text, offset, finder)
        from .targets import extract_targets

        builder.targets.extend(extract_targets(text, mentions, tasks, builder, offset))
        sentence_around.cache_clear()  # the cache keys hold the chunk's text; let it go

    def _department_mentions(self, text: str, register: DepartmentRegister, finder: MentionFinder):
        surfaces = register.surfaces()
        if surfaces:
            key = ("register_re", register.context.province, register.context.city)
            pattern = self.lexicon.memo(key, lambda: re.compile("|".join(re.escape(s) for s in surfaces)))
            for match in pattern.finditer(text):
                if LONGER_BODY.match(text, match.end()):
                    continue  # 人民银行某县支行, 国务院扶贫办: the head of a longer name, not a body named
                start, end = match.start(), match.end()
                if match.group().endswith("部") and text.startswith("门", end):
                    # 工信部门: the departments of a field, not the ministry; 市工业和信息化部门 is the
                    # body of that field at the level written.
                    if not (start and text[start - 1] in "省市县区"):
                        continue
                    start, end = start - 1, end + 1
                unit = register.resolve(text[start:end])
                if unit:
                    yield unit, start, end
        for match in re.finditer(r"([\u4e00-\u9fff]{2,6}?[市县区])(?:人民)?政府", text):
            if match.group(1) in finder.place_forms:
                unit = register.resolve(match.group())
                if unit:
                    yield unit, match.start(), match.end()
        # A working group the document sets up (成立某市数字经济发展领导小组) is a body of its jurisdiction.
        for match in GROUP_SET_UP.finditer(text):
            name = match.group(1)
            if finder.place_in(name) or name.startswith(("省", "市", "县", "区")):
                unit = register.resolve(name)
                if unit:
                    yield unit, match.start(1), match.end(1)

    def _task_facts(self, builder: RecordBuilder, task: Task, in_task: list[Mention], text: str, offset: int) -> None:
        categories: dict[int, frozenset[str]] = {}

        def categories_of(obj: Mention) -> frozenset[str]:
            # Every unit of a 按职责 list asks about the same objects: work each out once.
            if id(obj) not in categories:
                categories[id(obj)] = object_categories(obj, self.lexicon)
            return categories[id(obj)]

        for unit_list in task.unit_lists:
            for k, assignment in enumerate(unit_list.assignments):
                unit = assignment.unit
                builder.add_unit(unit, text, unit_list.start, unit_list.end, offset)
                role = assignment.role
                if unit_list.first_leads and unit_list.kind in ("line", "table", "cell") and role == "responsible":
                    others = "support" if unit_list.first_leads == "lead+support" else "responsible"
                    role = "lead" if k == 0 else others
                for obj in in_task:
                    if obj.label == "Enterprise" and unit_list.kind == "clause" and self._invited(text, obj):
                        continue
                    if (
                        obj.label == "Industry"
                        and unit_list.kind == "table"
                        and not (obj.surface.endswith(("产业", "行业")) or text.startswith(("产业", "行业"), obj.end))
                    ):
                        continue  # a row's products do not name its industry; 以X产业为特色 does
                    if assignment.by_remit and role != "lead" and not within_remit(unit, categories_of(obj)):
                        continue
                    s, e = sentence_around(text, obj.start, obj.end)
                    builder.add_fact(
                        "RESPONSIBLE_FOR", (unit.label, unit.name), (obj.label, obj.name), role, s, e, text, offset
                    )
        # What an event promotes or invites: the industries, firms and platforms of its paragraph.
        events = [m for m in in_task if m.label == "Event"]
        promotion = tuple(self.lexicon.cues["promotion_cues"])
        for event in events:
            event_sentence = sentence_around(text, event.start, event.end)
            for obj in in_task:
                if obj.label not in ("Industry", "Enterprise", "Platform") or obj is event:
                    continue
                s, e = sentence_around(text, obj.start, obj.end)
                # What the event itself names, or what a later sentence says it promotes or invites.
                same = (s, e) == event_sentence and (
                    event.start <= obj.start < event.end
                    or obj.start > event.end
                    or re.search(r"举办|举行|召开", text[obj.end : event.start])
                )
                promoted = s > event.start and any(cue in text[s:e] for cue in promotion)
                if same or promoted:
                    builder.add_fact("TARGETS", ("Event", event.name), (obj.label, obj.name), None, s, e, text, offset)

    def _under_heading(
        self, builder: RecordBuilder, task: Task, in_task: list[Mention], text: str, offset: int, finder: MentionFinder
    ) -> None:
        """Firms of a table row grouped under a place heading (二、大连市) lie in that place."""
        place = finder.place_in(NUMBERED.sub("", task.heading or "").strip())
        if not place:
            return
        row = task.lines[0]
        for obj in in_task:
            if obj.label == "Enterprise":
                builder.add_place(place)
                builder.add_fact(
                    "LOCATED_IN", ("Enterprise", obj.name), ("Place", place), None, row.start, row.end, text, offset
                )

    def _invited(self, text: str, mention: Mention) -> bool:
        s, _ = sentence_around(text, mention.start, mention.end)
        return any(
            text.startswith(cue, s) or cue in text[s : mention.start] for cue in self.lexicon.cues["invite_cues"]
        )

    def _located_in(
        self, builder: RecordBuilder, mentions: list[Mention], text: str, offset: int, finder: MentionFinder
    ) -> None:
        places = [m for m in mentions if m.label == "Place"]
        for m in mentions:
            if m.label in ("Platform", "Enterprise") and m.attributes.get("place"):
                place = m.attributes["place"]
                s, e = sentence_around(text, m.start, m.end)
                builder.add_place(place)
                builder.add_fact("LOCATED_IN", (m.label, m.name), ("Place", place), None, s, e, text, offset)
            if m.label == "Event":
                s, _ = sentence_around(text, m.start, m.end)
                window = text[s : m.start]
                at = [p for p in places if s <= p.start < m.start and "在" in text[s : p.start]]
                if at and ("举办" in window or "举行" in window or "召开" in window):
                    place = at[-1]
                    builder.add_fact(
                        "LOCATED_IN", ("Event", m.name), ("Place", place.name), None, s, m.end, text, offset
                    )
                else:
                    # An event named with its place (深圳电子信息产业对接活动, “5·18”廊坊经洽会) is held there.
                    named = finder.place_in(re.sub(r"^“[^”]*”", "", m.name))
                    if named:
                        builder.add_place(named)
                        builder.add_fact(
                            "LOCATED_IN", ("Event", m.name), ("Place", named), None, s, m.end, text, offset
                        )
        # 九江市共青城: a county written right after its city lies in that city.
        gaz = self.lexicon.gazetteer
        for a, b in pairwise(places):
            in_city = any(unit.city == a.name for unit in gaz.homonyms.get(b.name, ()))
            if a.end == b.start and in_city:
                builder.add_place(b.name, surface=b.surface)
                builder.add_fact("LOCATED_IN", ("Place", b.name), ("Place", a.name), None, a.start, b.end, text, offset)


# ----------------------------------------------------------------------------------------------
# 6. Record assembly
# ----------------------------------------------------------------------------------------------
class RecordBuilder:
    """Collects entities, facts and targets of one document, canonical and deduplicated."""

    def __init__(self, doc: str, title: str | None = None, year: int | None = None):
        self.doc = doc
        self.title = title
        self.year = year
        # How a division is named in the record (沈阳市和平区 where 天津市 has a 和平区 too); the
        # extractor sets it from the document's context.
        self.place_name: Callable[[str], str] = lambda name: name
        self.entities: dict[tuple[str, str], Entity] = {}
        self.facts: dict[tuple, Fact] = {}
        self.targets: list[Target] = []

    def _entity(self, label: str, name: str, aliases=(), attributes: dict | None = None) -> Entity:
        written = self.place_name(name) if label == "Place" else name
        if written != name:
            name, aliases = written, (*aliases, name)
        key = (label, name)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(type=cast(EntityLabel, label), name=name)
        for alias in aliases:
            alias = alias.strip()
            if alias and alias != name and alias not in entity.aliases:
                entity.aliases.append(alias)
        for k, v in (attributes or {}).items():
            if isinstance(v, (str, int, float)) and k not in entity.attributes:
                entity.attributes[k] = v
        return entity

    def add_mention(self, m: Mention) -> None:
        attributes = {k: v for k, v in m.attributes.items() if k in ("kind", "date")}
        self._entity(m.label, m.name, {m.surface, *m.aliases}, attributes)

    def add_entity(self, label: str, name: str) -> None:
        self._entity(label, name)

    def add_place(self, name: str, surface: str | None = None) -> None:
        self._entity("Place", name, [surface] if surface else [])

    def add_unit(self, unit: ResolvedUnit, text: str, start: int, end: int, offset: int) -> None:
        self._entity(unit.label, unit.name, unit.aliases)
        if unit.parent is not None:
            self._entity(unit.parent.label, unit.parent.name, unit.parent.aliases)
            self.add_fact(
                "PART_OF", ("Department", unit.name), ("Department", unit.parent.name), None, start, end, text, offset
            )

    def add_fact(
        self,
        rel: str,
        head: tuple[str, str],
        tail: tuple[str, str],
        role: str | None,
        start: int,
        end: int,
        text: str,
        offset: int,
    ) -> None:
        head, tail = (("Place", self.place_name(n)) if label == "Place" else (label, n) for label, n in (head, tail))
        if head == tail:
            return
        evidence = text[start:end]
        key = (rel, head, tail, role, start + offset)
        if key not in self.facts:
            self.facts[key] = Fact(
                rel=cast(RelationshipType, rel),
                head=head[1],
                tail=tail[1],
                role=cast("Role | None", role),
                evidence=evidence,
                start=start + offset,
                end=end + offset,
            )

    def record(self) -> Record:
        if not any(e.type == "Department" for e in self.entities.values()):
            # No body is named anywhere: not a policy document (a weather notice, a news item).
            return Record(doc=self.doc, title=self.title, year=self.year)
        # Sorted everywhere, so the same document always gives the same record.
        entities = [
            e.model_copy(update={"aliases": sorted(e.aliases)})
            for e in sorted(self.entities.values(), key=lambda e: (e.type, e.name))
        ]
        facts = sorted(self.facts.values(), key=lambda f: (f.start or 0, f.rel, f.head, f.tail, f.role or ""))
        return Record(
            doc=self.doc, title=self.title, year=self.year, entities=entities, facts=facts, targets=self.targets
        )
